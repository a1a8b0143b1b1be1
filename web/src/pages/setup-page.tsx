// First run: the server says no account exists yet (`/api/v1/setup/status`), so the first
// administrator is created here. The server validates; its field messages land on the fields.
import { Alert, Button, Form, Input } from 'antd';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useServerForm } from '../lib/use-server-form';
import { ErrorAlert } from '../components/error-alert';
import { AuthFrame } from './auth-frame';

interface SetupValues {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
}

export default function SetupPage() {
  const { t } = useI18n();
  const { setup } = useSession();
  const [form] = Form.useForm<SetupValues>();
  const { busy, error, unplaced, run } = useServerForm(form);

  const submit = (v: SetupValues) => run(() => setup({ username: v.username, displayName: v.displayName, password: v.password }));

  return (
    <AuthFrame title={t('auth.setupTitle')}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('auth.setupHint')} />
      <ErrorAlert error={error} fields={unplaced} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} name="setup">
        <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.required', { field: t('auth.username') }) }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('auth.displayName')} rules={[{ required: true, message: t('auth.required', { field: t('auth.displayName') }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.required', { field: t('auth.password') }) }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.passwordConfirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('auth.required', { field: t('auth.passwordConfirm') }) },
            ({ getFieldValue }) => ({
              validator: (_r, value) => (!value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="setup-submit">
          {t('auth.setupSubmit')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
