// 身份保管 — the approver's page (issue 9 §4): the requests to read a reporter's identity that wait
// for a decision (the security administrator or the main leader, as configured), each with the
// requester and the reason — never the identity, never the case content — to approve or refuse
// with a note. Below, the FL-10(3) retaliation watch alerts (security administrator, clerks).
import { useState } from 'react';
import { Alert, Button, Card, Input, List, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { useApi } from '../lib/use-api';
import { post } from '../lib/api';
import { EP } from '../lib/endpoints';
import { LoadError } from '../components/page-errors';
import { ErrorAlert } from '../components/error-alert';
import { useSession } from '../session/session';

interface Req {
  id: string;
  caseId: string;
  requestedByName: string | null;
  reason: string;
  requestedAt: string;
  validMinutes: number;
}
interface Alert9 {
  id: string;
  reportCaseId: string;
  reportCaseNumber: string | null;
  triggerCaseId: string;
  triggerCaseNumber: string | null;
  trigger: string;
  detail: string | null;
  createdAt: string;
  citation: string;
  zh: string;
  en: string;
}

function Decide({ r, onDone }: { r: Req; onDone: () => void }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async (d: 'approve' | 'refuse') => {
    setBusy(true);
    try {
      await post(EP.identityRequestDecision(r.id, d), note.trim() ? { note: note.trim() } : {});
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.TextArea rows={2} placeholder={t('idc.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} data-testid="identity-note" />
      <Space>
        <Button type="primary" loading={busy} onClick={() => void go('approve')} data-testid="identity-approve">
          {t('idc.approve')}
        </Button>
        <Button danger loading={busy} onClick={() => void go('refuse')} data-testid="identity-refuse">
          {t('idc.refuse')}
        </Button>
      </Space>
      {error ? <ErrorAlert error={error} /> : null}
    </Space>
  );
}

function RetaliationAlerts() {
  const { t, pick } = useI18n();
  const a = useApi<{ items: Alert9[] }>(EP.retaliationAlerts);
  return (
    <Card title={t('ret.title')} size="small">
      {a.error && !a.data ? <LoadError error={a.error} onRetry={a.reload} /> : null}
      <Table<Alert9>
        size="small"
        rowKey="id"
        loading={a.loading}
        dataSource={a.data?.items ?? []}
        locale={{ emptyText: t('ret.none') }}
        pagination={false}
        data-testid="retaliation-alerts"
        columns={[
          { title: t('idc.requestedAt'), dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString() },
          { title: t('ret.title'), render: (_: unknown, r) => <Typography.Text>{pick({ zh: r.zh, en: r.en })}</Typography.Text> },
          { title: t('ret.reportCase'), render: (_: unknown, r) => (r.reportCaseNumber ? <Link to={`/cases/${r.reportCaseId}`}>{r.reportCaseNumber}</Link> : <Tag>{r.reportCaseId.slice(0, 8)}</Tag>) },
          { title: t('ret.triggerCase'), render: (_: unknown, r) => (r.triggerCaseNumber ? <Link to={`/cases/${r.triggerCaseId}`}>{r.triggerCaseNumber}</Link> : <Tag>{r.triggerCaseId.slice(0, 8)}</Tag>) },
        ]}
      />
    </Card>
  );
}

export default function IdentityRequestsPage({ alertsOnly = false }: { alertsOnly?: boolean }) {
  const { t } = useI18n();
  const { me } = useSession();
  const perms = new Set(me?.permissions ?? []);
  const decides = !alertsOnly && perms.has('reporter.identity.decide');
  const q = useApi<{ approver: 'secadmin' | 'leader'; items: Req[] }>(decides ? EP.identityRequests : null);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {decides ? (
        <Card title={t('idc.listTitle')} size="small" data-testid="identity-requests">
          {q.error && !q.data ? <LoadError error={q.error} onRetry={q.reload} /> : null}
          {q.data ? (
            <Typography.Paragraph type="secondary">
              {t('idc.approverIs', { who: q.data.approver === 'leader' ? '委主要负责人' : '安全管理员' })} · {t('idc.hint')}
            </Typography.Paragraph>
          ) : null}
          {q.data && me && !me.user.roles.includes(q.data.approver) ? <Alert type="info" showIcon message={t('idc.notApprover')} /> : null}
          <List<Req>
            loading={q.loading}
            dataSource={q.data?.items ?? []}
            locale={{ emptyText: t('idc.none') }}
            renderItem={(r) => (
              <List.Item key={r.id} data-testid="identity-request">
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    <Tag>{t('idc.requester')}：{r.requestedByName ?? '—'}</Tag>
                    <Tag>{t('idc.requestedAt')}：{new Date(r.requestedAt).toLocaleString()}</Tag>
                    <Tag>{t('idc.case')}：{r.caseId.slice(0, 8)}</Tag>
                    <Tag>{r.validMinutes} min</Tag>
                  </Space>
                  <Typography.Paragraph style={{ marginBottom: 0 }}>
                    {t('idc.reason')}：{r.reason}
                  </Typography.Paragraph>
                  <Decide r={r} onDone={q.reload} />
                </Space>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      {perms.has('reporter.alerts.read') && alertsOnly ? <RetaliationAlerts /> : null}
    </Space>
  );
}
