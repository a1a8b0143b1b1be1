// The landing page of every casework role: what waits on me (with the steps I can take), what
// is due within the warning window, and what is overdue (days late), with counts. The three
// lists are paged by the server (issue 14 point 5: the counts are the totals, one page each;
// above 999 a count is shown "999+", with "more than 999" as its tooltip and accessible name).
import { useState } from 'react';
import { App, Button, Card, Col, Empty, Input, List, Modal, Pagination, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ClockCircleOutlined, ExclamationCircleOutlined, InboxOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { LoadError } from '../components/page-errors';
import { DeadlineDisplay } from '../components/deadline-display';
import { StateTag } from '../components/state-tag';
import type { Queue } from '../case/types';
import { STATE_LABELS } from '../../../src/domain/cases/states';
import { ApiError, post } from '../lib/api';
import { useFocusReturn } from '../components/focus-return';
import { formatDate } from '../lib/dates';
import { CappedCount } from '../components/capped-count';

type Signal = NonNullable<Queue['signals']>[number];

/** WC-5: original cases found wrong with no case yet — open one, or record why not (audited). */
function SignalsCard({ signals, onChange }: { signals: Signal[]; onChange: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [dismissing, setDismissing] = useState<Signal | null>(null);
  useFocusReturn(dismissing !== null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const dismiss = async () => {
    if (!dismissing) return;
    setBusy(true);
    try {
      await post(`/api/v1/wc5-signals/${encodeURIComponent(dismissing.originalCaseId)}/dismiss`, { reason });
      setDismissing(null);
      setReason('');
      onChange();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('signals.title')} size="small" data-testid="queue-signals">
      <List
        dataSource={signals}
        locale={{ emptyText: t('signals.empty') }}
        renderItem={(s) => (
          <List.Item
            data-testid="queue-signal"
            actions={[
              <Link key="open" to={`/intake/signal?originalCaseId=${encodeURIComponent(s.originalCaseId)}`}>
                {t('signals.open')}
              </Link>,
              <Button key="dismiss" size="small" onClick={() => setDismissing(s)}>
                {t('signals.dismiss')}
              </Button>,
            ]}
          >
            <Space wrap>
              <Tag color="volcano">{s.source}</Tag>
              <Typography.Text strong>{s.originalCaseNumber}</Typography.Text>
              <Typography.Text>{s.title}</Typography.Text>
              <Typography.Text type="secondary">
                {s.issuer ?? ''} {s.referenceNo} · {formatDate(s.referenceDate, lang)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Modal open={dismissing !== null} title={t('signals.dismiss')} onCancel={() => setDismissing(null)} onOk={() => void dismiss()} confirmLoading={busy} okButtonProps={{ disabled: reason.trim().length < 2 }}>
        <Typography.Paragraph>{dismissing?.originalCaseNumber}</Typography.Paragraph>
        <Input.TextArea rows={4} value={reason} placeholder={t('signals.reason')} onChange={(e) => setReason(e.target.value)} data-testid="signal-reason" />
      </Modal>
    </Card>
  );
}

const QUEUE_PAGE_SIZE = 20;

export default function QueuePage() {
  const { t, pick, lang } = useI18n();
  const { me } = useSession();
  const [page, setPage] = useState(1);
  const q = useApi<Queue>('/api/v1/queue', { page, pageSize: QUEUE_PAGE_SIZE });
  if (q.error && !q.data) return <LoadError error={q.error} onRetry={q.reload} />;
  const data = q.data;
  const longest = data ? Math.max(data.counts.waiting, data.counts.dueSoon, data.counts.overdue) : 0;
  const deadlineRows = (rows: Queue['dueSoon']) => rows.map((r) => ({ key: `${r.caseId}-${r.deadline.kind}`, ...r }));
  const deadlineColumns = [
    { title: t('case.number'), dataIndex: 'number', width: 180, render: (n: string, r: Queue['dueSoon'][number]) => <Link to={`/cases/${r.caseId}`} style={{ whiteSpace: 'nowrap' }}>{n}</Link> },
    { title: t('case.deadlines'), dataIndex: 'deadline', render: (d: Queue['dueSoon'][number]['deadline']) => <DeadlineDisplay d={d} /> },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="queue-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('queue.greeting', { name: me?.user.displayName ?? '' })}
      </Typography.Title>
      <Row gutter={16}>
        <Col span={8}>
          <Card loading={q.loading && !data}>
            <Statistic title={t('queue.waiting')} value={data?.counts.waiting ?? 0} formatter={() => <CappedCount count={data?.counts.waiting ?? 0} capped={data?.countsCapped?.waiting ?? false} testId="count-waiting-value" />} prefix={<InboxOutlined />} styles={{ content: { color: '#1f4e8c' } }} data-testid="count-waiting" />
          </Card>
        </Col>
        <Col span={8}>
          <Card loading={q.loading && !data}>
            <Statistic title={t('queue.dueSoon')} value={data?.counts.dueSoon ?? 0} formatter={() => <CappedCount count={data?.counts.dueSoon ?? 0} capped={data?.countsCapped?.dueSoon ?? false} testId="count-due-value" />} prefix={<ClockCircleOutlined />} styles={{ content: { color: '#d46b08' } }} data-testid="count-due" />
          </Card>
        </Col>
        <Col span={8}>
          <Card loading={q.loading && !data}>
            <Statistic title={t('queue.overdue')} value={data?.counts.overdue ?? 0} formatter={() => <CappedCount count={data?.counts.overdue ?? 0} capped={data?.countsCapped?.overdue ?? false} testId="count-overdue-value" />} prefix={<ExclamationCircleOutlined />} styles={{ content: { color: '#cf1322' } }} data-testid="count-overdue" />
          </Card>
        </Col>
      </Row>
      {data?.signals?.length ? <SignalsCard signals={data.signals} onChange={q.reload} /> : null}
      <Card title={t('queue.waiting')} size="small">
        <List
          loading={q.loading && !data}
          dataSource={data?.waiting ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queue.emptyWaiting')} /> }}
          renderItem={(w) => (
            <List.Item data-testid="queue-waiting-item" extra={<Link to={`/cases/${w.caseId}`}>{t('common.view')}</Link>}>
              <Space wrap>
                <Link to={`/cases/${w.caseId}`} style={{ fontWeight: 600 }}>
                  {w.number}
                </Link>
                <StateTag state={w.state} zh={w.stateLabelZh} en={STATE_LABELS[w.state]?.en ?? w.stateLabelZh} />
                <Typography.Text type="secondary">
                  {t('queue.nextSteps')}
                  {lang === 'zh' ? '：' : ':'}
                </Typography.Text>
                {w.actions.map((a) => (
                  <Tag key={a.action} color="blue">
                    {pick({ zh: a.labelZh, en: a.labelEn })} · {a.citation}
                  </Tag>
                ))}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      {/* side by side on a desktop, one above the other on a phone (the overdue table ran past a 390 px screen) */}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card title={t('queue.dueSoon')} size="small">
            <Table size="small" pagination={false} dataSource={deadlineRows(data?.dueSoon ?? [])} columns={deadlineColumns} locale={{ emptyText: t('queue.emptyDue') }} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('queue.overdue')} size="small">
            <Table
              size="small"
              pagination={false}
              dataSource={deadlineRows(data?.overdue ?? [])}
              columns={[
                ...deadlineColumns,
                { title: t('queue.daysLate'), dataIndex: ['deadline', 'daysLate'], width: 90, align: 'right' as const, render: (n: number) => <Typography.Text type="danger" strong>{n}</Typography.Text> },
              ]}
              locale={{ emptyText: t('queue.emptyOverdue') }}
              data-testid="queue-overdue"
            />
          </Card>
        </Col>
      </Row>
      {longest > QUEUE_PAGE_SIZE ? (
        <Pagination align="center" current={page} pageSize={QUEUE_PAGE_SIZE} total={longest} showSizeChanger={false} onChange={setPage} data-testid="queue-pagination" />
      ) : null}
    </Space>
  );
}
