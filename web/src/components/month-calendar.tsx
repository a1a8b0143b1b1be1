// One month of the China working-day calendar as the server computes it (statutory holidays,
// adjusted working days 调休, weekends), with the days a deadline cares about marked. A month
// in a year without holiday data says so: deadlines there are provisional.
import { Alert, Button, Space, Tag, Tooltip, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { useApi } from '../lib/use-api';
import { ErrorAlert } from './error-alert';

interface Day {
  date: string;
  weekday: number;
  type: 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';
  working: boolean;
  holidayName: string | null;
  covered: boolean;
}
interface Month {
  year: number;
  month: number;
  covered: boolean;
  source: string | null;
  days: Day[];
}

const BG: Record<Day['type'], string> = { workday: '#fff', weekend: '#f5f5f5', holiday: '#fff1f0', adjusted_workday: '#e6f4ff' };

export function MonthCalendar({
  year,
  month,
  onMove,
  marks = {},
  compact,
}: {
  year: number;
  month: number;
  onMove?: (year: number, month: number) => void;
  /** date → label, e.g. the due date */
  marks?: Record<string, string>;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const data = useApi<Month>('/api/v1/calendar/month', { year, month });
  const weekdays = t('cal.weekdays').split(',');
  const m = data.data;
  const cell = compact ? 30 : 88;
  const move = (delta: number) => {
    const d = new Date(Date.UTC(year, month - 1 + delta, 1));
    onMove?.(d.getUTCFullYear(), d.getUTCMonth() + 1);
  };
  const lead = m?.days[0] ? m.days[0].weekday - 1 : 0;
  return (
    <div data-testid="month-calendar" style={{ width: compact ? cell * 7 + 12 : '100%' }}>
      <Space style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
        {onMove ? <Button size="small" icon={<LeftOutlined />} onClick={() => move(-1)} aria-label={t('cal.prev')} /> : <span />}
        <Typography.Text strong>
          {year}年{month}月
        </Typography.Text>
        {onMove ? <Button size="small" icon={<RightOutlined />} onClick={() => move(1)} aria-label={t('cal.next')} /> : <span />}
      </Space>
      {data.error ? <ErrorAlert error={data.error} /> : null}
      {m && !m.covered ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('cal.uncovered')} data-testid="calendar-uncovered" /> : null}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
        {weekdays.map((w) => (
          <div key={w} style={{ textAlign: 'center', fontSize: 12, color: '#595959', padding: 2 }}>
            {w}
          </div>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <div key={`x${i}`} />
        ))}
        {(m?.days ?? []).map((d) => {
          const mark = marks[d.date];
          const typeLabel = t(d.type === 'workday' ? 'cal.workday' : d.type === 'weekend' ? 'cal.weekend' : d.type === 'holiday' ? 'cal.holiday' : 'cal.adjusted');
          return (
            <Tooltip key={d.date} title={`${d.date} · ${typeLabel}${d.holidayName ? ` · ${d.holidayName}` : ''}${mark ? ` · ${mark}` : ''}`}>
              <div
                data-date={d.date}
                data-type={d.type}
                style={{
                  height: compact ? cell : cell,
                  background: BG[d.type],
                  border: mark ? '2px solid #a8071a' : '1px solid #f0f0f0',
                  borderRadius: 4,
                  padding: compact ? 0 : 6,
                  fontSize: compact ? 12 : 13,
                  textAlign: compact ? 'center' : 'left',
                  lineHeight: compact ? `${cell - 4}px` : 1.4,
                  color: d.working ? 'rgba(0,0,0,.85)' : '#cf1322',
                  overflow: 'hidden',
                }}
              >
                {Number(d.date.slice(8))}
                {!compact ? (
                  <div style={{ fontSize: 11 }}>
                    {d.type === 'holiday' ? <Tag color="red">{d.holidayName ?? t('cal.holiday')}</Tag> : null}
                    {d.type === 'adjusted_workday' ? <Tag color="blue">{t('cal.adjusted')}</Tag> : null}
                    {mark ? <Tag color="volcano">{mark}</Tag> : null}
                  </div>
                ) : null}
              </div>
            </Tooltip>
          );
        })}
      </div>
      {!compact ? (
        <Space style={{ marginTop: 8 }} wrap>
          <Tag color="default">{t('cal.weekend')}</Tag>
          <Tag color="red">{t('cal.holiday')}</Tag>
          <Tag color="blue">{t('cal.adjusted')}</Tag>
          {m?.source ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('cal.source')}: {m.source}
            </Typography.Text>
          ) : null}
        </Space>
      ) : null}
    </div>
  );
}
