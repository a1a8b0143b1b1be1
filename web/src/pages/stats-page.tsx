// The year's figures as charts (ECharts, loaded with this page only), each exportable as a PNG
// picture and its table as Excel; the table itself one click away. Issue 12 point 6: a click on
// any figure (bar, slice or table row) lists the cases behind it; several years side by side;
// people with two or more cases; units by name; imported history (before go-live) marked, and
// its import for the legal-affairs clerk.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Drawer, Empty, InputNumber, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { DownloadOutlined, FileExcelOutlined, PictureOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import type { drillOut, repeatOut, statsOut, yearsOut } from '../../../src/services/stats/stats-service';
import { useSession } from '../session/session';
import { ExcelButtons } from '../registers/excel-import';
import { STATE_LABELS, type CaseState } from '../../../src/domain/cases/states';
import { colon, useI18n } from '../i18n/i18n';
import { fontFamilyFor } from '../i18n/fonts';
import { download, saveBlob } from '../lib/api';
import { EP } from '../lib/endpoints';
import { formatDate } from '../lib/dates';
import { useApi } from '../lib/use-api';
import { LoadError } from '../components/page-errors';
import { ErrorAlert } from '../components/error-alert';
import type { ECharts } from 'echarts/core';
import type * as EchartsModule from '../stats/echarts';
import { ActionLink } from '../components/action-link';
import { useFocusReturn } from '../components/focus-return';

type Stats = z.infer<typeof statsOut>;
type StatsTable = Stats['tables'][number];
type Drill = z.infer<typeof drillOut>;
type Years = z.infer<typeof yearsOut>;
type Repeat = z.infer<typeof repeatOut>;
type Pick = (table: string, key: string) => void;

/** Where the case list shows the same cases as a figure (its filters), when it can. */
function listLink(year: number, table: string, key: string): string | null {
  if (table === 'byUnit' && key !== 'none') return `/cases?year=${year}&unitId=${encodeURIComponent(key)}`;
  if (table === 'byState') return `/cases?year=${year}&state=${encodeURIComponent(key)}`;
  if (table === 'bySource' && key === 'report') return `/cases?year=${year}&source=report`;
  if (table === 'byForm') return `/cases?year=${year}&form=${encodeURIComponent(key)}`;
  return null;
}

/** What an alert's or a reviewed file's state reads as in the drill-down list. */
const ITEM_STATES: Record<string, { zh: string; en: string }> = {
  open: { zh: '待处理', en: 'Open' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  closed: { zh: '已关闭', en: 'Closed' },
  excellent: { zh: '优秀', en: 'Excellent' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
  pending: { zh: '尚未评定', en: 'Not yet graded' },
};

const DRILL_PAGE = 20;
/** Figures that count people decided (人次), not cases: the case list they link to counts each case once. */
const PER_PERSON_TABLES = new Set(['byForm']);

export function DrillDrawer({ year, target, onClose }: { year: number; target: { table: string; key: string } | null; onClose: () => void }) {
  useFocusReturn(Boolean(target));
  const { t, lang, term } = useI18n();
  // the list is paged by the server (issue 14: a figure may count tens of thousands of cases)
  const [page, setPage] = useState(1);
  const [shown, setShown] = useState(target);
  if (shown !== target) {
    setShown(target);
    setPage(1);
  }
  const drill = useApi<Drill>(target ? EP.statsDrill : null, target ? { year, table: target.table, key: target.key, page, pageSize: DRILL_PAGE } : undefined);
  const d = drill.data;
  const link = target ? listLink(year, target.table, target.key) : null;
  return (
    <Drawer open={Boolean(target)} onClose={onClose} size="large" title={d ? `${t('stats.drill')} · ${lang === 'zh' ? d.zh : d.en}（${d.count + d.withheld}）` : t('stats.drill')} destroyOnHidden>
      <ErrorAlert error={drill.error} />
      {d && d.withheld > 0 ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="stats-drill-withheld">
          {t('stats.withheldNote', { n: d.withheld })}
        </Typography.Paragraph>
      ) : null}
      {link ? (
        <Space orientation="vertical" size={2} style={{ marginBottom: 8 }}>
          <Link to={link} data-testid="stats-drill-list-link">
            {t('stats.openInList')}
          </Link>
          {PER_PERSON_TABLES.has(target!.table) ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="stats-drill-per-person">
              {t('stats.perPersonNote')}
            </Typography.Text>
          ) : null}
        </Space>
      ) : null}
      <Table
        size="small"
        loading={drill.loading}
        rowKey={(r) => `${r.caseId ?? r.decisionId ?? r.alertId ?? `${r.campaignId}:${r.originalCaseId}`}-${r.subjectName ?? ''}`}
        dataSource={d?.items ?? []}
        pagination={{ current: page, pageSize: DRILL_PAGE, total: d?.count ?? 0, showSizeChanger: false, onChange: setPage }}
        data-testid="stats-drill"
        columns={[
          {
            title: t('stats.caseList'),
            dataIndex: 'number',
            render: (n: string, r) =>
              r.caseId ? (
                <Link to={`/cases/${r.caseId}`}>{n}</Link>
              ) : r.kind === 'alert' ? (
                <Link to="/alerts">{r.title ? (lang === 'zh' ? r.title.zh : r.title.en) : n}</Link>
              ) : r.kind === 'original_case' ? (
                <span>
                  {n} <Tag color="blue">{t('stats.reviewedFile')}</Tag>
                </span>
              ) : (
                <span>
                  {n} <Tag color="gold">{t('stats.imported')}</Tag>
                </span>
              ),
          },
          { title: t('stats.subject'), dataIndex: 'subjectName', render: (v: string | null) => v ?? '—' },
          { title: t('stats.state'), dataIndex: 'state', width: 140, render: (v: string | null, r) => (v ? (r.kind === 'case' ? term(STATE_LABELS[v as CaseState] ?? { zh: v, en: v }) : term(ITEM_STATES[v] ?? { zh: v, en: v })) : '—') },
        ]}
      />
    </Drawer>
  );
}

function YearsCard({ onPick }: { onPick: (year: number, table: string, key: string) => void }) {
  const { t, lang } = useI18n();
  const now = new Date().getFullYear();
  const [range, setRange] = useState<{ from: number; to: number }>({ from: now - 2, to: now });
  const years = useApi<Years>(EP.statsYears, range);
  const rep = useApi<Repeat>(EP.statsRepeat, range);
  const [tableId, setTableId] = useState('bySource');
  const [error, setError] = useState<unknown>(null);
  const y = years.data;
  const table = y?.tables.find((x) => x.id === tableId);
  return (
    <Card
      title={t('stats.years')}
      data-testid="stats-years"
      extra={
        <Space>
          <label htmlFor="stats-years-from">{t('stats.from')}</label>
          <InputNumber id="stats-years-from" min={2000} max={2100} value={range.from} onChange={(v) => v && setRange((r) => ({ ...r, from: v }))} style={{ width: 90 }} />
          <label htmlFor="stats-years-to">{t('stats.to')}</label>
          <InputNumber id="stats-years-to" min={2000} max={2100} value={range.to} onChange={(v) => v && setRange((r) => ({ ...r, to: v }))} style={{ width: 90 }} />
        </Space>
      }
    >
      <ErrorAlert error={years.error ?? rep.error ?? error} />
      {y ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Table
            size="small"
            rowKey="year"
            pagination={false}
            dataSource={y.totals}
            columns={[
              { title: t('stats.year'), dataIndex: 'year' },
              { title: t('stats.cases'), dataIndex: 'cases', align: 'right' },
              { title: t('stats.open'), dataIndex: 'open', align: 'right' },
              { title: t('stats.closed'), dataIndex: 'closed', align: 'right' },
              { title: t('stats.overdueNow'), dataIndex: 'overdueNow', align: 'right' },
              { title: `${t('stats.importedDecisions')}`, dataIndex: 'importedDecisions', align: 'right' },
              { title: t('stats.campaignFiles'), dataIndex: 'campaignFiles', align: 'right' },
              { title: t('stats.alerts'), dataIndex: 'alerts', align: 'right' },
            ]}
          />
          {/* a list, not a row of buttons: the seventeen figures side by side made the page 2 500 px wide at 1366 px and put most of them off screen */}
          <Space wrap>
            <label htmlFor="stats-years-pick">{t('stats.table')}</label>
            <Select
              id="stats-years-pick"
              data-testid="stats-years-pick"
              value={tableId}
              onChange={(v: string) => setTableId(v)}
              style={{ width: 420, maxWidth: '100%' }}
              options={y.tables.map((x) => ({ value: x.id, label: lang === 'zh' ? x.zh : x.en }))}
            />
          </Space>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={table?.rows ?? []}
            data-testid="stats-years-table"
            columns={[
              { title: t('stats.item'), dataIndex: lang === 'zh' ? 'zh' : 'en' },
              ...y.years.map((year) => ({
                title: String(year),
                key: String(year),
                align: 'right' as const,
                render: (_: unknown, r: { key: string; counts: Record<string, number> }) =>
                  r.counts[String(year)] ? <ActionLink onClick={() => onPick(year, tableId, r.key)}>{r.counts[String(year)]}</ActionLink> : 0,
              })),
            ]}
          />
        </Space>
      ) : null}
      <Space style={{ marginTop: 16, marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('stats.repeat')}
        </Typography.Title>
        <Button
          size="small"
          icon={<FileExcelOutlined />}
          title={t('common.exportExcel')}
          onClick={() => void download(`${EP.statsRepeat}/export?from=${range.from}&to=${range.to}`, `多次被问责人员-${range.from}-${range.to}.xlsx`).catch(setError)}
        />
      </Space>
      <Table
        size="small"
        rowKey="personId"
        loading={rep.loading}
        pagination={{ pageSize: 10 }}
        dataSource={rep.data?.people ?? []}
        data-testid="stats-repeat"
        columns={[
          { title: t('stats.person'), dataIndex: 'name' },
          { title: t('stats.unit'), dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
          { title: t('stats.caseCount'), dataIndex: 'count', align: 'right', width: 80 },
          { title: t('stats.caseYears'), dataIndex: 'years', render: (v: number[]) => v.join('、') },
          {
            title: t('stats.caseList'),
            dataIndex: 'cases',
            render: (cs: Repeat['people'][number]['cases']) => (
              <Space wrap size={4}>
                {cs.map((c, i) =>
                  c.caseId ? (
                    <Link key={c.caseId} to={`/cases/${c.caseId}`}>
                      {c.number}
                    </Link>
                  ) : c.withheld ? (
                    <Typography.Text key={`withheld-${i}`} type="secondary" title={t('stats.withheldCaseHint')}>
                      {t('stats.withheldCase')}
                    </Typography.Text>
                  ) : (
                    <span key={c.decisionId}>
                      {c.number} <Tag color="gold">{t('stats.imported')}</Tag>
                    </span>
                  ),
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

// ECharts arrives after the page has shown its figures: the charts draw when it has loaded.
let echartsModule: Promise<typeof EchartsModule> | null = null;
const loadEcharts = () => (echartsModule ??= import('../stats/echarts'));

const PALETTE = ['#1f4e8c', '#3f7cc4', '#74a7de', '#a8071a', '#d46b08', '#389e0d', '#531dab', '#8c8c8c', '#13a8a8'];
const PIE_TABLES = new Set(['bySource', 'appeals']);

function ChartCard({ table, year, onPick }: { table: StatsTable; year: number; onPick: Pick }) {
  const { lang, t, pick } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const [error, setError] = useState<unknown>(null);
  const title = pick(table);
  const labels = useMemo(() => table.rows.map((r) => (lang === 'zh' ? r.zh : r.en)), [table, lang]);

  useEffect(() => {
    if (!el.current || view !== 'chart' || !table.rows.length) return;
    let c: ECharts | null = null;
    let cancelled = false;
    const onResize = () => c?.resize();
    // The tooltip follows the pointer: when the page scrolls under a still pointer it would stay
    // where it was, over whatever the scroll brought there. It hides on any scroll (the page's or
    // a scrolling container's, caught on the way down since scroll events do not bubble).
    const onScroll = () => c?.dispatchAction({ type: 'hideTip' });
    const pie = PIE_TABLES.has(table.id);
    const option = {
      color: PALETTE,
      textStyle: { fontFamily: fontFamilyFor(lang) },
      tooltip: { trigger: pie ? 'item' : 'axis' },
      ...(pie
        ? {
            legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', textStyle: { width: 180, overflow: 'truncate' }, tooltip: { show: true } },
            series: [{ type: 'pie', radius: ['38%', '68%'], center: ['32%', '50%'], label: { formatter: '{c}' }, data: table.rows.map((r, i) => ({ name: labels[i], value: r.count })) }],
          }
        : {
            grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
            xAxis: { type: 'value', minInterval: 1 },
            // a label cut to fit shows whole on hover (the element's title) and drills down like its bar
            yAxis: { type: 'category', inverse: true, data: labels, triggerEvent: true, axisLabel: { width: 220, overflow: 'truncate' } },
            series: [{ type: 'bar', data: table.rows.map((r) => r.count), barMaxWidth: 22, label: { show: true, position: 'right' }, itemStyle: { borderRadius: [0, 3, 3, 0] } }],
          }),
    };
    void loadEcharts().then(({ echarts }) => {
      if (cancelled || !el.current) return;
      c = echarts.init(el.current, undefined, { renderer: 'canvas' });
      chart.current = c;
      c.setOption(option);
      // Drill-down: a bar or slice lists the cases behind it.
      c.on('click', (e) => {
        const i = e.componentType === 'yAxis' ? labels.indexOf(String(e.value)) : e.dataIndex;
        const row = table.rows[i];
        if (row) onPick(table.id, row.key);
      });
      c.on('mouseover', (e) => {
        if (e.componentType === 'yAxis' && el.current) el.current.title = String(e.value);
      });
      c.on('mouseout', (e) => {
        if (e.componentType === 'yAxis' && el.current) el.current.removeAttribute('title');
      });
      window.addEventListener('resize', onResize);
      window.addEventListener('scroll', onScroll, { capture: true, passive: true });
    });
    return () => {
      cancelled = true;
      window.removeEventListener('resize', onResize);
      window.removeEventListener('scroll', onScroll, { capture: true });
      c?.dispose();
      chart.current = null;
    };
  }, [table, view, lang, labels, onPick]);

  const exportPng = () => {
    const c = chart.current;
    if (!c) return;
    const url = c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    // Decoded here, not with fetch(url): the CSP's connect-src 'self' refuses a data: URL.
    const bin = atob(url.slice(url.indexOf(',') + 1));
    const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
    saveBlob(new Blob([bytes], { type: 'image/png' }), `${title}-${year}.png`);
  };

  const height = Math.max(220, Math.min(420, 40 + table.rows.length * 34));
  return (
    <Card
      size="small"
      title={title}
      data-testid={`stats-${table.id}`}
      extra={
        <Space size={4}>
          <Segmented
            size="small"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            options={[
              { value: 'chart', label: t('stats.chart') },
              { value: 'table', label: t('stats.table') },
            ]}
          />
          <Button size="small" icon={<PictureOutlined />} disabled={view !== 'chart' || !table.rows.length} onClick={exportPng} title={t('common.exportPng')} data-testid={`png-${table.id}`} />
          <Button
            size="small"
            icon={<FileExcelOutlined />}
            title={t('common.exportExcel')}
            onClick={() => void download(`${EP.stats}/export?year=${year}&table=${table.id}`, `${title}-${year}.xlsx`).catch(setError)}
          />
        </Space>
      }
    >
      <ErrorAlert error={error} />
      {!table.rows.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.noData')} style={{ height: 180 }} />
      ) : view === 'chart' ? (
        <div ref={el} style={{ height, width: '100%' }} />
      ) : (
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={table.rows}
          columns={[
            { title: t('stats.table'), dataIndex: lang === 'zh' ? 'zh' : 'en' },
            {
              title: t('stats.count'),
              dataIndex: 'count',
              width: 90,
              align: 'right',
              render: (n: number, r) => (
                <ActionLink onClick={() => onPick(table.id, r.key)} data-testid={`stats-figure-${table.id}-${r.key}`}>
                  {n}
                </ActionLink>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

export default function StatsPage() {
  const { t, lang } = useI18n();
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const stats = useApi<Stats>(EP.stats, { year });
  const [error, setError] = useState<unknown>(null);
  const [target, setTarget] = useState<{ year: number; table: string; key: string } | null>(null);
  const { can } = useSession();
  const pick = useCallback((table: string, key: string) => setTarget({ year, table, key }), [year]);
  const s = stats.data;
  if (stats.error && !s) return <LoadError error={stats.error} onRetry={stats.reload} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="stats-page">
      <Card
        title={t('stats.title')}
        extra={
          <Space>
            <span>{t('stats.year')}</span>
            <InputNumber aria-label={t('stats.year')} min={2019} max={2100} value={year} onChange={(v) => v && setYear(v)} style={{ width: 100 }} />
            <Button icon={<DownloadOutlined />} onClick={() => void download(`${EP.stats}/export?year=${year}`, `统计-${year}.xlsx`).catch(setError)}>
              {t('stats.exportAll')}
            </Button>
          </Space>
        }
      >
        <ErrorAlert error={error} />
        <Row gutter={[16, 16]}>
          <Col xs={12} md={5}>
            <Statistic title={t('stats.cases')} value={s?.totals.cases ?? 0} loading={stats.loading && !s} />
          </Col>
          <Col xs={12} md={5}>
            <Statistic title={t('stats.open')} value={s?.totals.open ?? 0} loading={stats.loading && !s} />
          </Col>
          <Col xs={12} md={5}>
            <Statistic title={t('stats.closed')} value={s?.totals.closed ?? 0} loading={stats.loading && !s} />
          </Col>
          <Col xs={12} md={5}>
            <Statistic title={t('stats.overdueNow')} value={s?.totals.overdueNow ?? 0} styles={{ content: { color: s?.totals.overdueNow ? '#cf1322' : undefined } }} loading={stats.loading && !s} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('stats.median')} value={s?.totals.medianDaysToClose ?? '—'} loading={stats.loading && !s} />
          </Col>
        </Row>
        {s ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('stats.asOf', { date: formatDate(s.asOf, lang) })} · {t('stats.drillHint')}
            {s.totals.importedDecisions ? ` · ${t('stats.importedDecisions')}${colon(lang)}${s.totals.importedDecisions}` : ''}
            {s.totals.campaignFiles ? ` · ${t('stats.campaignFiles')}${colon(lang)}${s.totals.campaignFiles}` : ''}
            {s.totals.alerts ? ` · ${t('stats.alerts')}${colon(lang)}${s.totals.alerts}` : ''}
          </Typography.Text>
        ) : null}
      </Card>
      {can('history.import') ? (
        <Card size="small" title={t('stats.history')} data-testid="stats-history-import">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert type="info" showIcon title={t('stats.historyHint')} />
            <ExcelButtons kind="decisions" label={t('stats.history')} canImport onImported={stats.reload} />
          </Space>
        </Card>
      ) : null}
      <Row gutter={[16, 16]}>
        {(s?.tables ?? []).map((tb) => (
          <Col key={tb.id} xs={24} lg={12}>
            <ChartCard table={tb} year={s!.year} onPick={pick} />
          </Col>
        ))}
      </Row>
      <YearsCard onPick={(y, table, key) => setTarget({ year: y, table, key })} />
      <DrillDrawer year={target?.year ?? year} target={target} onClose={() => setTarget(null)} />
    </Space>
  );
}
