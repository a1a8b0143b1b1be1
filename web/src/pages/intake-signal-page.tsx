import { IntakeForm } from './intake-form';

export default function IntakeSignalPage() {
  return <IntakeForm source="wc5" />;
}
