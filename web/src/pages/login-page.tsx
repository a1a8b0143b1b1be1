import { useState } from 'react';
import { Button, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useServerForm } from '../lib/use-server-form';
import { ErrorAlert } from '../components/error-alert';
import { A } from '../account/strings';
import { AuthFrame } from './auth-frame';
import { ActionLink } from '../components/action-link';

interface LoginValues {
  username: string;
  password: string;
}

/** Step two of signing in: the authenticator's code, or one recovery code. */
function TotpStep({ pendingToken, onBack }: { pendingToken: string; onBack: () => void }) {
  const { pick } = useI18n();
  const { loginTotp } = useSession();
  const [form] = Form.useForm<{ code?: string; recoveryCode?: string }>();
  const { busy, error, unplaced, run } = useServerForm(form);
  const [recovery, setRecovery] = useState(false);
  const submit = (v: { code?: string; recoveryCode?: string }) =>
    run(() => loginTotp(pendingToken, recovery ? { recoveryCode: v.recoveryCode ?? '' } : { code: v.code ?? '' }));
  return (
    <AuthFrame title={pick(A.totpTitle)}>
      <ErrorAlert error={error} fields={unplaced} />
      <Typography.Paragraph type="secondary">{pick(A.totpPrompt)}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large" name="totp">
        {recovery ? (
          <Form.Item name="recoveryCode" label={pick(A.recoveryCode)} rules={[{ required: true, message: pick(A.recoveryCode) }]}>
            <Input autoComplete="off" autoFocus />
          </Form.Item>
        ) : (
          <Form.Item name="code" label={pick(A.totpCode)} rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: pick(A.totpCode) }]}>
            <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={7} autoFocus />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="totp-submit">
          {pick(A.verify)}
        </Button>
      </Form>
      <div style={{ marginTop: 12, display: 'flex', justifyContent: 'space-between' }}>
        <ActionLink onClick={onBack}>{pick(A.back)}</ActionLink>
        <ActionLink onClick={() => setRecovery((r) => !r)} data-testid="totp-toggle">
          {recovery ? pick(A.useCode) : pick(A.useRecovery)}
        </ActionLink>
      </div>
    </AuthFrame>
  );
}

export default function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const [form] = Form.useForm<LoginValues>();
  const { busy, error, unplaced, run } = useServerForm(form);
  const [pending, setPending] = useState<string | null>(null);

  const submit = (v: LoginValues) =>
    run(async () => {
      const r = await login(v.username, v.password);
      if (r.status === 'totp_required') setPending(r.pendingToken);
    });

  if (pending) return <TotpStep pendingToken={pending} onBack={() => setPending(null)} />;
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
