import { IntakeForm } from './intake-form';

export default function IntakeReportPage() {
  return <IntakeForm source="report" />;
}
