// The audit viewer of the 安全审计员 (等保2.0 安全审计, permission audit.read): the audit trail
// filtered by person, action, case and date, newest first; Excel export of what is filtered;
// the hash-chain verification run from here. Every look is itself recorded by the server.
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../i18n/i18n';
import { useApi } from '../lib/use-api';
import { download, post, withQuery } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { ErrorAlert } from '../components/error-alert';
import { LoadError } from '../components/page-errors';

interface AuditItem {
  seq: number;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  actorName: string | null;
  action: string;
  labelZh: string;
  labelEn: string;
  entityType: string;
  entityId: string;
  sourceIp: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}

interface VerifyResult {
  ok: boolean;
  records: number;
  headSeq: number;
  firstBroken?: { seq: number; reason: string; zh: string; en: string };
}

interface FilterForm {
  actor?: string;
  action?: string;
  caseId?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

type Filters = Record<string, string | undefined>;

export default function AuditPage() {
  const { t, lang, pick } = useI18n();
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const list = useApi<{ items: AuditItem[]; total: number }>('/api/v1/audit', { ...filters, page, pageSize });
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<VerifyResult | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);

  const apply = (v: FilterForm) => {
    setPage(1);
    setFilters({
      actor: v.actor?.trim() || undefined,
      action: v.action?.trim() || undefined,
      caseId: v.caseId?.trim() || undefined,
      from: v.dates?.[0]?.format('YYYY-MM-DD'),
      to: v.dates?.[1]?.format('YYYY-MM-DD'),
    });
  };

  const verify = async () => {
    setVerifying(true);
    setActionError(null);
    try {
      setVerified(await post<VerifyResult>('/api/v1/audit/verify'));
    } catch (e) {
      setActionError(e);
    } finally {
      setVerifying(false);
    }
  };

  const exportXlsx = async () => {
    setExporting(true);
    setActionError(null);
    try {
      await download(withQuery('/api/v1/audit/export.xlsx', filters), 'audit.xlsx');
    } catch (e) {
      setActionError(e);
    } finally {
      setExporting(false);
    }
  };

  if (list.error && !list.data) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Card
      title={t('audit.title')}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()} data-testid="audit-export">
            {t('common.exportExcel')}
          </Button>
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('audit.hint')}</Typography.Paragraph>
      {verified && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable
          onClose={() => setVerified(null)}
          type={verified.ok ? 'success' : 'error'}
          data-testid="audit-verify-result"
          title={verified.ok ? t('audit.verifyOk', { n: verified.records }) : t('audit.verifyBroken', { seq: verified.firstBroken?.seq ?? '?' })}
          description={verified.firstBroken ? pick(verified.firstBroken) : undefined}
        />
      )}
      <ErrorAlert error={actionError} onClose={() => setActionError(null)} style={{ marginBottom: 16 }} />
      <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }} name="audit-filters">
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear placeholder={t('audit.actorHint')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Input allowClear placeholder="case.read" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="caseId" label={t('audit.case')}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="dates" label={t('audit.dates')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                apply({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Table<AuditItem>
        rowKey="seq"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        expandable={{
          rowExpandable: () => true,
          expandedRowRender: (r) => (
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Text type="secondary" copyable={{ text: r.hash }}>
                {t('audit.hash')}: <code>{r.hash}</code>
              </Typography.Text>
              {r.before !== null || r.after !== null ? (
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify({ before: r.before, after: r.after }, null, 2)}</pre>
              ) : (
                <Typography.Text type="secondary">{t('audit.noPayload')}</Typography.Text>
              )}
            </Space>
          ),
        }}
        columns={[
          { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
          { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v, lang) },
          {
            title: t('audit.actor'),
            key: 'actor',
            width: 160,
            render: (_, r) => (r.actorName ? `${r.actorName}（${r.actorUsername}）` : (r.actorId ?? t('audit.anonymous'))),
          },
          {
            title: t('audit.action'),
            key: 'action',
            render: (_, r) => (
              <Space size={4}>
                <span>{lang === 'zh' ? r.labelZh : r.labelEn}</span>
                <Tag>{r.action}</Tag>
              </Space>
            ),
          },
          { title: t('audit.entity'), key: 'entity', render: (_, r) => `${r.entityType} ${r.entityId}` },
          { title: t('audit.sourceIp'), dataIndex: 'sourceIp', width: 140, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
