// The case list: filters (state, track, source, unit, subject, year, overdue) and Chinese text
// search, kept in the address so a filtered list can be bookmarked or sent to a colleague.
import { useState } from 'react';
import { Button, Card, Form, Grid, Input, InputNumber, Select, Space, Switch, Table, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { CASE_STATES, STATE_LABELS } from '../../../src/domain/cases/states';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { download } from '../lib/api';
import { EP } from '../lib/endpoints';
import { ErrorAlert } from '../components/error-alert';
import { formatDate } from '../lib/dates';
import { LoadError } from '../components/page-errors';
import { DeadlineDisplay } from '../components/deadline-display';
import { StateTag, TrackTags } from '../components/state-tag';
import { PersonSelect, UnitSelect } from '../components/register-selects';
import { SOURCE_LABELS, TRACK_LABELS } from '../case/labels';
import type { CaseList, CaseListItem } from '../case/types';
import { useLegal } from '../lib/legal';

const PAGE_SIZES = [20, 50, 100];
/**
 * Column widths (px). At 1366×768 — the office screens (antd's xl) — the list has 1045 px inside its
 * card (1366 less the sider, the page and card padding and the scrollbar): the number, state,
 * subjects and deadlines, with the summary taking what is left (never narrower than SUMMARY_MIN),
 * fit without a horizontal scroll. The tracks, source and date received, which the case page and
 * the filters also show, join from xxl (1600 px) up.
 */
const W = { number: 170, org: 130, state: 130, tracks: 120, source: 110, receivedOn: 136, subjects: 110, deadlines: 260 } as const;
const SUMMARY_MIN = 200;

const FILTERS = ['orgId', 'state', 'track', 'source', 'unitId', 'subjectPersonId', 'year', 'form', 'overdue', 'open', 'q', 'page'] as const;

export default function CaseListPage() {
  const legal = useLegal();
  const { t, term, lang } = useI18n();
  const { can, me } = useSession();
  // issue 11: a supervisor (or an administrator over a subtree) sees several organisations: a column and a filter
  const severalOrgs = (me?.org?.scopeSize ?? 1) > 1;
  const orgs = useApi<{ items: { id: string; name: string; shortName: string }[] }>(severalOrgs ? '/api/v1/orgs' : null);
  const orgName = (id: string): string => orgs.data?.items.find((o) => o.id === id)?.shortName ?? id;
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const query = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? undefined]));
  // the page size chosen in the pager is kept in the address too (20 unless chosen)
  const pageSize = PAGE_SIZES.includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : PAGE_SIZES[0]!;
  const list = useApi<CaseList>('/api/v1/cases', { ...query, pageSize });
  const [form] = Form.useForm();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const exportList = async () => {
    setExporting(true);
    setExportError(null);
    const filters = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[0] !== 'page' && typeof e[1] === 'string'));
    try {
      await download(`${EP.caseListExport}${filters.size ? `?${filters}` : ''}`, '案件列表.xlsx');
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  };

  const apply = (v: Record<string, unknown>) => {
    const next = new URLSearchParams();
    for (const [k, val] of Object.entries(v)) if (val !== undefined && val !== null && val !== '' && val !== false) next.set(k, String(val));
    if (params.get('pageSize')) next.set('pageSize', params.get('pageSize')!);
    setParams(next);
  };

  const columns: TableColumnsType<CaseListItem> = [
    { title: t('case.number'), dataIndex: 'number', width: W.number, fixed: 'left', render: (n: string, r) => <Link to={`/cases/${r.id}`}>{n}</Link> },
    ...(severalOrgs ? [{ title: t('org.label'), dataIndex: 'orgId', width: W.org, render: (id: string) => orgName(id) }] : []),
    { title: t('case.state'), dataIndex: 'state', width: W.state, render: (_s, r) => <StateTag state={r.state} zh={r.stateLabelZh} en={r.stateLabelEn} /> },
    ...(screens.xxl
      ? [
          { title: t('case.tracks'), dataIndex: 'tracks', width: W.tracks, render: (tr: string[]) => <TrackTags tracks={tr} /> },
          { title: t('case.source'), dataIndex: 'source', width: W.source, render: (s: string) => term(SOURCE_LABELS[s] ?? { zh: s, en: s }) },
          { title: t('case.receivedOn'), dataIndex: 'receivedOn', width: W.receivedOn, render: (d: string) => formatDate(d, lang) },
        ]
      : []),
    ...(screens.xl
      ? [
          {
            title: t('case.subjects'),
            dataIndex: 'subjects',
            width: W.subjects,
            ellipsis: { showTitle: false },
            render: (s: CaseListItem['subjects']) => {
              const names = s.map((x) => x.name).join('、');
              return names ? <Typography.Text ellipsis={{ tooltip: names }}>{names}</Typography.Text> : '—';
            },
          },
        ]
      : []),
    {
      title: t('case.summary'),
      dataIndex: 'summary',
      ellipsis: true,
      render: (s: string | null) => (s ? <Typography.Text ellipsis={{ tooltip: s }}>{s}</Typography.Text> : '—'),
    },
    {
      title: t('case.deadlines'),
      dataIndex: 'deadlines',
      width: W.deadlines,
      render: (ds: CaseListItem['deadlines']) =>
        ds.filter((d) => d.state !== 'met').length ? (
          <Space orientation="vertical" size={2}>
            {ds
              .filter((d) => d.state !== 'met')
              .map((d) => (
                <DeadlineDisplay key={d.kind} d={d} compact />
              ))}
          </Space>
        ) : (
          '—'
        ),
    },
  ];
  // the table scrolls inside its card (number fixed) only when the shown columns need more than the screen gives
  const scrollX = columns.reduce((n, c) => n + (typeof c.width === 'number' ? c.width : SUMMARY_MIN), 0);

  return (
    <Card
      title={t('case.list')}
      extra={
        <Space>
          {/* the export carries the list's filters (not the page) and holds only what this user may see */}
          <Button icon={<DownloadOutlined />} onClick={() => void exportList()} loading={exporting} data-testid="case-list-export">
            {t('excel.export')}
          </Button>
          {can('cases.create') ? (
            <>
              <Button icon={<PlusOutlined />} onClick={() => navigate('/intake/report')}>
                {t('nav.intakeReport')}
              </Button>
              <Button icon={<PlusOutlined />} onClick={() => navigate('/intake/signal')}>
                {t('nav.intakeSignal')}
              </Button>
            </>
          ) : null}
        </Space>
      }
    >
      <ErrorAlert error={exportError} />
      <Form
        form={form}
        layout="inline"
        name="case-filters"
        initialValues={{ ...query, year: query.year ? Number(query.year) : undefined, overdue: query.overdue === 'true', open: query.open === 'true' }}
        onFinish={apply}
        style={{ rowGap: 12, marginBottom: 16 }}
      >
        <Form.Item name="q">
          <Input allowClear prefix={<SearchOutlined />} placeholder={t('case.searchPlaceholder')} style={{ width: 280 }} />
        </Form.Item>
        {severalOrgs && (
          <Form.Item name="orgId" label={t('org.label')}>
            <Select allowClear style={{ width: 180 }} data-testid="org-filter" options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.shortName }))} />
          </Form.Item>
        )}
        <Form.Item name="state" label={t('case.state')}>
          <Select allowClear style={{ width: 150 }} options={CASE_STATES.map((s) => ({ value: s, label: term(STATE_LABELS[s]) }))} />
        </Form.Item>
        <Form.Item name="track" label={t('case.tracks')}>
          <Select allowClear style={{ width: 130 }} options={Object.entries(TRACK_LABELS).map(([v, l]) => ({ value: v, label: `${v} ${term(l)}` }))} />
        </Form.Item>
        <Form.Item name="source" label={t('case.source')}>
          <Select allowClear style={{ width: 150 }} options={Object.entries(SOURCE_LABELS).map(([v, l]) => ({ value: v, label: term(l) }))} />
        </Form.Item>
        {/* the unit and person pickers read the registers: an account that may not (the subject) would get two empty pickers */}
        {can('registers.read') ? (
          <>
            <Form.Item name="unitId" label={t('case.unit')}>
              <UnitSelect allowClear style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="subjectPersonId" label={t('case.subject')}>
              <PersonSelect allowClear style={{ width: 160 }} />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="year" label={t('case.year')}>
          <InputNumber min={2019} max={2100} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="form" label={t('case.formFilter')}>
          <Select
            allowClear
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
            options={[{ value: 'exempt', label: '免于追究' }, ...legal.formIds.map((f) => ({ value: f, label: `${f} ${legal.forms[f] ?? ''}` }))]}
          />
        </Form.Item>
        <Form.Item name="overdue" label={t('case.overdueOnly')} valuePropName="checked">
          <Switch size="small" />
        </Form.Item>
        <Form.Item name="open" label={t('case.openOnly')} valuePropName="checked">
          <Switch size="small" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="case-search">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setParams(new URLSearchParams());
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<CaseListItem>
        rowKey="id"
        size="middle"
        scroll={{ x: scrollX }}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: list.data?.page ?? 1,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (n) => (list.data?.totalCapped ? t('cases.totalCapped', { n }) : t('common.total', { n })),
          onChange: (page, size) => {
            const next = new URLSearchParams(params);
            // a new page size starts again at page 1 (the old page may not exist any more)
            next.set('page', String(size !== pageSize ? 1 : page));
            if (size !== pageSize) next.set('pageSize', String(size));
            setParams(next);
          },
        }}
        columns={columns}
      />
    </Card>
  );
}
