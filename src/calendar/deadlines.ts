// Deadlines the measures set, as data, and the pure functions that compute a due date and a
// deadline's state on a given day. No database, no clock: the caller passes the calendar and
// `today` (China date, see chinaDate() in src/lib/clock.ts).
//
// Counting days (both deadlines): the day the period starts on is not counted; day 1 is the
// next day (《民法典》第二百零一条: 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算).
// So "accepted 2025-09-30, transfer within 2 working days" is due 2025-10-10, and "investigation
// started 2025-08-05, handled within 60 days" is due 2025-10-04.
import { assertIsoDate, diffDays, type IsoDate } from './dates';
import type { CalendarResult, WorkingCalendar } from './working-calendar';
import { getDeadlineParameters, getRuleText } from '../rules';

// The periods, their day-counting, citations and the last-day-on-holiday reading have one home:
// the rule pack's deadline parameters (src/rules/packs/*/parameters.ts). These defaults read them.
// issue 11: these are only the defaults used before any pack is in force and for the settings
// page; a case's deadline takes the pack of its organisation on the start date
// (calendar-service.ts#deadlinePeriodOn).
const PACK = getDeadlineParameters();
const textOf = (id: string): string => getRuleText(id)?.textZh ?? '';

export type DayCounting = 'working' | 'calendar';
export type DeadlineKind = 'transfer' | 'handling';

export interface DeadlineRule {
  kind: DeadlineKind;
  citation: string;
  /** the article's words */
  textZh: string;
  labelZh: string;
  labelEn: string;
  /** the event the period runs from */
  startsZh: string;
  startsEn: string;
  days: number;
  dayKind: DayCounting;
  /** when the last day is a holiday or weekend, move it to the next working day */
  rollForwardToWorkingDay: boolean;
  /** warn this many days (of `dayKind`) before the due date */
  warningDays: number;
}

/**
 * The defaults. `dayKind`, `rollForwardToWorkingDay` and `warningDays` can be changed per
 * installation through the settings (see calendar-service `getDeadlineSettings`).
 */
export const DEADLINE_RULES: Record<DeadlineKind, DeadlineRule> = {
  // WC-9(1): 不属于本单位受理的案件，应在受理后2日内转送有权部门处理。
  // The measure does not say whether 2日 are working days. The Administrative Penalty Law (2021)
  // art. 85 reads its own 二日/三日/五日/七日 as working days excluding statutory holidays; the
  // Commission follows that reading by default, so the 2 days are working days.
  transfer: {
    kind: 'transfer',
    citation: PACK.transferCitations[0]!,
    textZh: textOf(PACK.transferCitations[0]!),
    labelZh: '转送有权部门',
    labelEn: 'Transfer to the competent body',
    startsZh: '受理之日',
    startsEn: 'acceptance',
    days: PACK.transferDays,
    dayKind: PACK.transferDayKind,
    rollForwardToWorkingDay: PACK.lastDayOnHoliday?.transfer === 'roll_forward',
    warningDays: 1,
  },
  // FL-16: 追究执法过错责任应当自调查之日起 60 天内处理完毕。
  // 60 天 are calendar days. Day 1 is the day after the investigation starts. The due date is
  // not moved off a holiday by default (Civil Code art. 203 would move it): this is the
  // Commission's internal completion target, and a due date that may fall inside a holiday
  // period (e.g. 2025-10-04) makes the team finish before it rather than after.
  handling: {
    kind: 'handling',
    citation: PACK.handlingCitations[0]!,
    textZh: textOf(PACK.handlingCitations[0]!),
    labelZh: '处理完毕',
    labelEn: 'Handling completed',
    startsZh: '调查之日',
    startsEn: 'start of the investigation',
    days: PACK.handlingDays,
    dayKind: PACK.handlingDayKind,
    rollForwardToWorkingDay: PACK.lastDayOnHoliday?.handling === 'roll_forward',
    warningDays: 10,
  },
};

export const DEADLINE_KINDS = Object.keys(DEADLINE_RULES) as DeadlineKind[];

export interface DueDateSpec {
  days: number;
  dayKind: DayCounting;
  rollForwardToWorkingDay?: boolean;
}

/** The due date of a period of `days` starting on `start` (`start` itself not counted). */
export function computeDueDate(calendar: WorkingCalendar, start: IsoDate, spec: DueDateSpec): CalendarResult {
  if (spec.dayKind === 'working') return calendar.addWorkingDays(start, spec.days);
  return calendar.addCalendarDays(start, spec.days, { rollForwardToWorkingDay: spec.rollForwardToWorkingDay ?? false });
}

export type DeadlineState = 'ok' | 'warning' | 'due_today' | 'overdue' | 'met';

export interface DeadlineStatusInput {
  kind: string;
  citation: string;
  start: IsoDate;
  due: IsoDate;
  /** as computed with the due date: true when it was computed without the holiday data it needs */
  provisional: boolean;
  /** China date of "now" */
  today: IsoDate;
  /** in units of `dayKind` */
  warningDays: number;
  /** how the period is counted; default 'calendar'. 'working' needs `calendar`. */
  dayKind?: DayCounting;
  calendar?: WorkingCalendar;
  /** the day the step was done, if it was */
  metOn?: IsoDate | null;
}

export interface DeadlineStatus {
  kind: string;
  citation: string;
  startDate: IsoDate;
  dueDate: IsoDate;
  provisional: boolean;
  dayKind: DayCounting;
  state: DeadlineState;
  /**
   * Calendar days from the reference day (metOn when met, else today) to the due date: 0 on the
   * due date, never negative (see daysLate).
   */
  daysLeft: number;
  /** Working days after the reference day up to and including the due date (working-day deadlines only). */
  workingDaysLeft: number | null;
  /** Calendar days past the due date on the reference day: overdue by, or met late by. 0 if on time. */
  daysLate: number;
  warningDays: number;
  metOn?: IsoDate;
}

/**
 * The state of a deadline on `today`: met (the step was done, on time or late — see daysLate),
 * overdue (past the due date), due_today, warning (within `warningDays` of `dayKind` before the
 * due date), otherwise ok.
 */
export function deadlineStatus(input: DeadlineStatusInput): DeadlineStatus {
  const dayKind = input.dayKind ?? 'calendar';
  assertIsoDate(input.start, 'start');
  assertIsoDate(input.due, 'due');
  assertIsoDate(input.today, 'today');
  if (input.metOn) assertIsoDate(input.metOn, 'metOn');
  if (dayKind === 'working' && !input.calendar) throw new TypeError('deadlineStatus: a working-day deadline needs the calendar');
  if (!Number.isInteger(input.warningDays) || input.warningDays < 0) throw new RangeError('warningDays must be a non-negative integer');

  const ref = input.metOn ?? input.today;
  const toDue = diffDays(ref, input.due);
  const daysLeft = Math.max(0, toDue);
  const daysLate = Math.max(0, -toDue);
  const workingDaysLeft = dayKind === 'working' && input.calendar ? input.calendar.workingDaysBetween(ref, input.due).count : null;

  let state: DeadlineState;
  if (input.metOn) state = 'met';
  else if (toDue < 0) state = 'overdue';
  else if (toDue === 0) state = 'due_today';
  else if ((workingDaysLeft ?? daysLeft) <= input.warningDays) state = 'warning';
  else state = 'ok';

  return {
    kind: input.kind,
    citation: input.citation,
    startDate: input.start,
    dueDate: input.due,
    provisional: input.provisional,
    dayKind,
    state,
    daysLeft,
    workingDaysLeft,
    daysLate,
    warningDays: input.warningDays,
    ...(input.metOn ? { metOn: input.metOn } : {}),
  };
}

