// My account (身份鉴别): change password, two-factor authentication, own sessions.
import { App, Button, Card, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { del, post } from '../lib/api';
import { useApi } from '../lib/use-api';
import { useServerForm } from '../lib/use-server-form';
import { useSession } from '../session/session';
import { ErrorAlert } from '../components/error-alert';
import { LoadError } from '../components/page-errors';
import { PasswordForm } from '../account/password-form';
import { TotpEnrol } from '../account/totp-enrol';
import { A, fill } from '../account/strings';
import { ActionLink } from '../components/action-link';

interface AccountInfo {
  totpEnabled: boolean;
  totpRequired: boolean;
  recoveryCodesLeft: number;
}
interface SessionRow {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  sourceIp: string | null;
  userAgent: string | null;
  current: boolean;
}

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

function TwoFactor() {
  const { pick, t } = useI18n();
  const info = useApi<AccountInfo>('/api/v1/auth/account');
  const [form] = Form.useForm<{ password: string }>();
  const { busy, error, unplaced, run } = useServerForm(form);
  const [enrolling, setEnrolling] = useState(false);
  if (info.error && !info.data) return <LoadError error={info.error} onRetry={info.reload} />;
  const d = info.data;
  if (!d) return null;
  if (enrolling) return <TotpEnrol onDone={() => (setEnrolling(false), info.reload())} />;
  return (
    <Space orientation="vertical">
      <div>
        {d.totpEnabled ? <Tag color="green">{pick(A.totpOn)}</Tag> : <Tag>{pick(A.totpOff)}</Tag>}
        {d.totpRequired ? <Typography.Text type="secondary">{pick(A.totpRequiredNote)}</Typography.Text> : null}
      </div>
      {d.totpEnabled ? <Typography.Text>{fill(pick(A.recoveryLeft), { n: d.recoveryCodesLeft })}</Typography.Text> : null}
      {!d.totpEnabled ? (
        <Button type="primary" onClick={() => setEnrolling(true)} data-testid="totp-enable">
          {pick(A.enrolTitle)}
        </Button>
      ) : !d.totpRequired ? (
        <>
          <ErrorAlert error={error} fields={unplaced} />
          <Form form={form} layout="inline" name="totpDisable" onFinish={(v) => run(async () => (await post('/api/v1/auth/totp/disable', v), info.reload()))}>
            <Form.Item name="password" rules={[{ required: true, message: pick(A.passwordToConfirm) }]}>
              <Input.Password placeholder={t('auth.password')} autoComplete="current-password" />
            </Form.Item>
            <Button danger htmlType="submit" loading={busy}>
              {pick(A.disableTotp)}
            </Button>
          </Form>
        </>
      ) : null}
    </Space>
  );
}

function Sessions() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const sessions = useApi<{ items: SessionRow[] }>('/api/v1/auth/sessions');
  const [error, setError] = useState<unknown>(null);
  const revoke = async (id: string) => {
    try {
      await del(`/api/v1/auth/sessions/${id}`);
      sessions.reload();
    } catch (e) {
      setError(e);
    }
  };
  const everywhere = async () => {
    await post('/api/v1/auth/logout-everywhere');
    message.success(pick(A.everywhere));
    await refresh();
    navigate('/login');
  };
  if (sessions.error && !sessions.data) return <LoadError error={sessions.error} onRetry={sessions.reload} />;
  return (
    <>
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Table<SessionRow>
        rowKey="id"
        size="small"
        pagination={false}
        loading={sessions.loading}
        dataSource={sessions.data?.items ?? []}
        columns={[
          { title: pick(A.created), dataIndex: 'createdAt', render: when },
          { title: pick(A.lastSeen), dataIndex: 'lastSeenAt', render: when },
          { title: pick(A.source), dataIndex: 'sourceIp', render: (v: string | null) => v ?? '—' },
          { title: pick(A.agent), dataIndex: 'userAgent', ellipsis: true, render: (v: string | null) => v ?? '—' },
          {
            key: 'a',
            width: 110,
            render: (_, s) => (s.current ? <Tag color="blue">{pick(A.current)}</Tag> : <ActionLink onClick={() => void revoke(s.id)}>{pick(A.revoke)}</ActionLink>),
          },
        ]}
      />
      <Popconfirm title={pick(A.everywhere)} onConfirm={() => void everywhere()}>
        <Button danger style={{ marginTop: 12 }} data-testid="logout-everywhere">
          {pick(A.everywhere)}
        </Button>
      </Popconfirm>
    </>
  );
}

export default function AccountPage() {
  const { pick } = useI18n();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={pick(A.changePassword)}>
        <PasswordForm />
      </Card>
      <Card title={pick(A.totpTitle)}>
        <TwoFactor />
      </Card>
      <Card title={pick(A.sessionsTitle)}>
        <Sessions />
      </Card>
    </Space>
  );
}
