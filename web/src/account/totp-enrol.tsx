// TOTP enrolment: the server makes a secret and its QR code; a valid code from the app confirms
// it; the ten recovery codes are shown once.
import { useState } from 'react';
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { post } from '../lib/api';
import { useServerForm } from '../lib/use-server-form';
import { ErrorAlert } from '../components/error-alert';
import { A } from './strings';

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

export function TotpEnrol({ required, onDone }: { required?: boolean; onDone: () => void | Promise<void> }) {
  const { pick } = useI18n();
  const [form] = Form.useForm<{ code: string }>();
  const { busy, error, unplaced, run } = useServerForm(form);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  const start = () => run(async () => setEnrolment(await post<Enrolment>('/api/v1/auth/totp/enrol')));
  const confirm = (v: { code: string }) => run(async () => setCodes((await post<{ recoveryCodes: string[] }>('/api/v1/auth/totp/confirm', { code: v.code })).recoveryCodes));

  if (codes) {
    return (
      <div>
        <Alert type="warning" showIcon title={pick(A.recoveryTitle)} description={pick(A.recoveryHint)} style={{ marginBottom: 16 }} />
        <pre data-testid="recovery-codes" style={{ fontSize: 16, lineHeight: 1.8, background: '#fafafa', padding: 12, columns: 2 }}>
          {codes.join('\n')}
        </pre>
        <Button type="primary" onClick={() => void onDone()} data-testid="recovery-done">
          {pick(A.done)}
        </Button>
      </div>
    );
  }
  return (
    <div>
      {required ? <Alert type="info" showIcon title={pick(A.enrolRequired)} style={{ marginBottom: 16 }} /> : null}
      <ErrorAlert error={error} fields={unplaced} />
      {!enrolment ? (
        <Button type="primary" onClick={start} loading={busy} data-testid="totp-start">
          {pick(A.enrolStart)}
        </Button>
      ) : (
        <Space orientation="vertical" size="middle">
          <Typography.Text>{pick(A.enrolStep1)}</Typography.Text>
          <img src={enrolment.qrDataUrl} alt="TOTP QR" width={220} height={220} data-testid="totp-qr" />
          <Typography.Text type="secondary">
            {pick(A.enrolSecret)} <Typography.Text code copyable data-testid="totp-secret">{enrolment.secret}</Typography.Text>
          </Typography.Text>
          <Typography.Text>{pick(A.enrolStep2)}</Typography.Text>
          <Form form={form} layout="inline" onFinish={confirm} name="totpConfirm">
            <Form.Item name="code" rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: pick(A.totpCode) }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={7} placeholder="123456" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="totp-confirm">
              {pick(A.confirm)}
            </Button>
          </Form>
        </Space>
      )}
    </div>
  );
}
