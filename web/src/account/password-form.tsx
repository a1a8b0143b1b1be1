// Change own password: the current one, a new one twice. The server checks the policy and ends
// every other session of the account.
import { Alert, App, Button, Form, Input } from 'antd';
import { useI18n } from '../i18n/i18n';
import { post } from '../lib/api';
import { useServerForm } from '../lib/use-server-form';
import { ErrorAlert } from '../components/error-alert';
import { A } from './strings';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function PasswordForm({ onDone }: { onDone?: () => void | Promise<void> }) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { busy, error, unplaced, run } = useServerForm(form);
  const submit = (v: Values) =>
    run(async () => {
      await post('/api/v1/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success(pick(A.passwordChanged));
      form.resetFields();
      await onDone?.();
    });
  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={pick(A.policy)} />
      <ErrorAlert error={error} fields={unplaced} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} name="password" style={{ maxWidth: 420 }}>
        <Form.Item name="currentPassword" label={pick(A.currentPassword)} rules={[{ required: true, message: pick(A.currentPassword) }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={pick(A.newPassword)} rules={[{ required: true, message: pick(A.newPassword) }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={pick(A.confirmPassword)}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: pick(A.confirmPassword) },
            ({ getFieldValue }) => ({
              validator: (_r, value) => (!value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(pick(A.mismatch)))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="password-submit">
          {pick(A.changePassword)}
        </Button>
      </Form>
    </>
  );
}
