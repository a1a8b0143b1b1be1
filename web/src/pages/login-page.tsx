import { Button, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useServerForm } from '../lib/use-server-form';
import { ErrorAlert } from '../components/error-alert';
import { AuthFrame } from './auth-frame';

interface LoginValues {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const [form] = Form.useForm<LoginValues>();
  const { busy, error, unplaced, run } = useServerForm(form);

  const submit = (v: LoginValues) => run(() => login(v.username, v.password));

  return (
    <AuthFrame title={t('auth.loginTitle')}>
      <ErrorAlert error={error} fields={unplaced} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large" name="login">
        <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.required', { field: t('auth.username') }) }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.required', { field: t('auth.password') }) }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
          {t('auth.login')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
