// A deadline as the clerk needs to see it: the due date in Chinese form, a countdown (in working
// days where the rule counts working days), days late once it has passed, and a clear
// "provisional" mark when the year's holiday calendar was not loaded (domain.md §2: never
// silently present such a date as final). The article's own words are one hover away.
import { lazy, Suspense } from 'react';
import { Popover, Space, Tag, Tooltip, Typography } from 'antd';
import { ClockCircleOutlined, ExclamationCircleOutlined, CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import type { DeadlineState } from '../../../src/calendar/deadlines';
import { useI18n } from '../i18n/i18n';
import { formatDate } from '../lib/dates';

/** A deadline as the server describes it (src/services/cases/deadlines.ts CaseDeadlineView). */
export interface DeadlineStatus {
  kind: string;
  citation: string;
  dueDate: string;
  provisional: boolean;
  dayKind: string;
  state: DeadlineState;
  daysLeft: number;
  workingDaysLeft: number | null;
  daysLate: number;
  metOn?: string | null;
  startDate?: string;
}

export interface DeadlineView extends DeadlineStatus {
  /** label of the step, e.g. 转送有权部门 / Transfer to the competent body */
  labelZh?: string;
  labelEn?: string;
  /** the article's words, shown on hover */
  textZh?: string;
  /** issue 10: the last-day-on-holiday rule moved the due date (policy: an installation setting) */
  movedByHolidayRule?: { policy: boolean; unmovedDueDate: string; zh: string; en: string; citations: string[] };
  /** counted otherwise than the pack reads the measure (a setting): the pack's due date beside it */
  countedByPolicy?: { packDayKind: string; packDueDate: string; zh: string; en: string };
  /** issue 12: 内部时限 — the Commission's own target for a step required "promptly", not a statutory deadline */
  internal?: boolean;
}

const COLORS: Record<DeadlineStatus['state'], string> = {
  ok: 'blue',
  warning: 'orange',
  due_today: 'volcano',
  overdue: 'red',
  met: 'green',
};

export function DeadlineCountdown({ d }: { d: DeadlineStatus }) {
  const { t } = useI18n();
  let text: string;
  let icon = <ClockCircleOutlined />;
  switch (d.state) {
    case 'met':
      text = d.daysLate > 0 ? t('deadline.metLate', { n: d.daysLate }) : t('deadline.met');
      icon = <CheckCircleOutlined />;
      break;
    case 'overdue':
      text = t('deadline.overdue', { n: d.daysLate });
      icon = <ExclamationCircleOutlined />;
      break;
    case 'due_today':
      text = t('deadline.dueToday');
      icon = <WarningOutlined />;
      break;
    default:
      text =
        d.dayKind === 'working' && d.workingDaysLeft !== null
          ? t('deadline.remainingWorking', { n: d.workingDaysLeft })
          : t('deadline.remaining', { n: d.daysLeft });
      if (d.state === 'warning') icon = <WarningOutlined />;
  }
  return (
    <Tag color={COLORS[d.state]} icon={icon} data-testid="deadline-countdown" data-state={d.state}>
      {text}
    </Tag>
  );
}

// The month view loads only when asked for (it fetches the server's calendar).
const MonthCalendar = lazy(() => import('./month-calendar').then((m) => ({ default: m.MonthCalendar })));

/** The due date's month of the working-day calendar, with the start and due dates marked. */
function CalendarPopover({ d, children }: { d: DeadlineView; children: React.ReactNode }) {
  const { t } = useI18n();
  const marks: Record<string, string> = { [d.dueDate]: t('cal.due') };
  if (d.startDate) marks[d.startDate] = t('cal.start');
  return (
    <Popover
      trigger="click"
      title={t('cal.show')}
      content={
        <Suspense fallback={null}>
          <MonthCalendar year={Number(d.dueDate.slice(0, 4))} month={Number(d.dueDate.slice(5, 7))} marks={marks} compact />
        </Suspense>
      }
    >
      {children}
    </Popover>
  );
}

export function ProvisionalMark() {
  const { t } = useI18n();
  return (
    <Tooltip title={t('deadline.provisionalHint')}>
      <Tag color="gold" data-testid="deadline-provisional" style={{ cursor: 'help' }}>
        {t('deadline.provisional')}
      </Tag>
    </Tooltip>
  );
}

export function DeadlineDisplay({ d, compact }: { d: DeadlineView; compact?: boolean }) {
  const { t, lang, pick } = useI18n();
  const rule = d.dayKind === 'working' ? t('deadline.workingDaysRule') : t('deadline.calendarDaysRule');
  return (
    <Space size={6} wrap data-testid={`deadline-${d.kind}`}>
      {!compact && d.labelZh ? <Typography.Text strong>{pick({ zh: d.labelZh, en: d.labelEn ?? d.labelZh })}</Typography.Text> : null}
      {d.internal && (compact || !d.labelZh) ? (
        <Tooltip title={t('deadline.internalHint')}>
          <Tag color="cyan" data-testid="deadline-internal">
            {t('deadline.internal')}
          </Tag>
        </Tooltip>
      ) : null}
      <Tooltip
        title={
          <div>
            {d.textZh ? <div>{d.textZh}</div> : null}
            <div>
              {d.citation} · {rule}
            </div>
          </div>
        }
      >
        <span>
          <CalendarPopover d={d}>
            <Typography.Link data-testid="deadline-calendar">
              {t('deadline.due')} <span data-testid="deadline-due">{formatDate(d.dueDate, lang)}</span>
            </Typography.Link>
          </CalendarPopover>
        </span>
      </Tooltip>
      <DeadlineCountdown d={d} />
      {d.provisional ? <ProvisionalMark /> : null}
      {d.movedByHolidayRule ? (
        <Tooltip title={`${pick(d.movedByHolidayRule)}（${d.movedByHolidayRule.citations.join('、')}）`}>
          <Tag color={d.movedByHolidayRule.policy ? 'purple' : 'default'} data-testid="deadline-moved" style={{ cursor: 'help' }}>
            {d.movedByHolidayRule.policy ? (lang === 'zh' ? '政策设置：节假日顺延' : 'Policy: moved off a holiday') : lang === 'zh' ? '节假日顺延' : 'Moved off a holiday'}
            {' · '}
            {lang === 'zh' ? '原' : 'was'} {formatDate(d.movedByHolidayRule.unmovedDueDate, lang)}
          </Tag>
        </Tooltip>
      ) : null}
      {d.countedByPolicy ? (
        <Tooltip title={pick(d.countedByPolicy)}>
          <Tag color="purple" data-testid="deadline-counted-by-policy" style={{ cursor: 'help' }}>
            {lang === 'zh' ? `政策设置：按${d.dayKind === 'working' ? '工作日' : '自然日'}计` : `Policy: ${d.dayKind} days`}
            {' · '}
            {lang === 'zh' ? '规则包读法' : "pack's reading"} {formatDate(d.countedByPolicy.packDueDate, lang)}
          </Tag>
        </Tooltip>
      ) : null}
      {!compact ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.citation}</Typography.Text> : null}
    </Space>
  );
}
