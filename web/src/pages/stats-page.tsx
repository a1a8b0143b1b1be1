// The year's figures as charts (ECharts, loaded with this page only), each exportable as a PNG
// picture and its table as Excel; the table itself one click away.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Card, Col, Empty, InputNumber, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined, PictureOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import type { statsOut } from '../../../src/services/stats/stats-service';
import { useI18n } from '../i18n/i18n';
import { download, saveBlob } from '../lib/api';
import { EP } from '../lib/endpoints';
import { formatDate } from '../lib/dates';
import { useApi } from '../lib/use-api';
import { LoadError } from '../components/page-errors';
import { ErrorAlert } from '../components/error-alert';
import type { ECharts } from 'echarts/core';
import type * as EchartsModule from '../stats/echarts';

type Stats = z.infer<typeof statsOut>;
type StatsTable = Stats['tables'][number];

// ECharts arrives after the page has shown its figures: the charts draw when it has loaded.
let echartsModule: Promise<typeof EchartsModule> | null = null;
const loadEcharts = () => (echartsModule ??= import('../stats/echarts'));

const PALETTE = ['#1f4e8c', '#3f7cc4', '#74a7de', '#a8071a', '#d46b08', '#389e0d', '#531dab', '#8c8c8c', '#13a8a8'];
const PIE_TABLES = new Set(['bySource', 'appeals']);

function ChartCard({ table, year }: { table: StatsTable; year: number }) {
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
    const pie = PIE_TABLES.has(table.id);
    const option = {
      color: PALETTE,
      textStyle: { fontFamily: "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif" },
      tooltip: { trigger: pie ? 'item' : 'axis' },
      ...(pie
        ? {
            legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', textStyle: { width: 180, overflow: 'truncate' } },
            series: [{ type: 'pie', radius: ['38%', '68%'], center: ['32%', '50%'], label: { formatter: '{c}' }, data: table.rows.map((r, i) => ({ name: labels[i], value: r.count })) }],
          }
        : {
            grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
            xAxis: { type: 'value', minInterval: 1 },
            yAxis: { type: 'category', inverse: true, data: labels, axisLabel: { width: 220, overflow: 'truncate' } },
            series: [{ type: 'bar', data: table.rows.map((r) => r.count), barMaxWidth: 22, label: { show: true, position: 'right' }, itemStyle: { borderRadius: [0, 3, 3, 0] } }],
          }),
    };
    void loadEcharts().then(({ echarts }) => {
      if (cancelled || !el.current) return;
      c = echarts.init(el.current, undefined, { renderer: 'canvas' });
      chart.current = c;
      c.setOption(option);
      window.addEventListener('resize', onResize);
    });
    return () => {
      cancelled = true;
      window.removeEventListener('resize', onResize);
      c?.dispose();
      chart.current = null;
    };
  }, [table, view, lang, labels]);

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
            { title: t('stats.count'), dataIndex: 'count', width: 90, align: 'right' },
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
  const s = stats.data;
  if (stats.error && !s) return <LoadError error={stats.error} onRetry={stats.reload} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="stats-page">
      <Card
        title={t('stats.title')}
        extra={
          <Space>
            <span>{t('stats.year')}</span>
            <InputNumber min={2019} max={2100} value={year} onChange={(v) => v && setYear(v)} style={{ width: 100 }} />
            <Button icon={<DownloadOutlined />} onClick={() => void download(`${EP.stats}/export?year=${year}`, `统计-${year}.xlsx`).catch(setError)}>
              {t('stats.exportAll')}
            </Button>
          </Space>
        }
      >
        <ErrorAlert error={error} />
        <Row gutter={16}>
          <Col span={5}>
            <Statistic title={t('stats.cases')} value={s?.totals.cases ?? 0} loading={stats.loading && !s} />
          </Col>
          <Col span={5}>
            <Statistic title={t('stats.open')} value={s?.totals.open ?? 0} loading={stats.loading && !s} />
          </Col>
          <Col span={5}>
            <Statistic title={t('stats.closed')} value={s?.totals.closed ?? 0} loading={stats.loading && !s} />
          </Col>
          <Col span={5}>
            <Statistic title={t('stats.overdueNow')} value={s?.totals.overdueNow ?? 0} styles={{ content: { color: s?.totals.overdueNow ? '#cf1322' : undefined } }} loading={stats.loading && !s} />
          </Col>
          <Col span={4}>
            <Statistic title={t('stats.median')} value={s?.totals.medianDaysToClose ?? '—'} loading={stats.loading && !s} />
          </Col>
        </Row>
        {s ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('stats.asOf', { date: formatDate(s.asOf, lang) })}
          </Typography.Text>
        ) : null}
      </Card>
      <Row gutter={[16, 16]}>
        {(s?.tables ?? []).map((tb) => (
          <Col key={tb.id} span={12}>
            <ChartCard table={tb} year={s!.year} />
          </Col>
        ))}
      </Row>
    </Space>
  );
}
