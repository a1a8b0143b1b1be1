import { describe, expect, it } from 'vitest';
import { hypothetical2027Data, packageCalendar } from '../../test/factories/calendar';
import { DEADLINE_RULES, computeDueDate, deadlineStatus, type DeadlineStatusInput } from './deadlines';

const cal = packageCalendar();
const transfer = DEADLINE_RULES.transfer;
const handling = DEADLINE_RULES.handling;

describe('deadline rules as data', () => {
  it('WC-9(1) transfer: 2 working days by default (Administrative Penalty Law art. 85 reading), warn 1 working day ahead', () => {
    expect(transfer).toMatchObject({ citation: 'WC-9(1)', days: 2, dayKind: 'working', warningDays: 1 });
    expect(transfer.textZh).toContain('受理后2日内转送');
  });

  it('FL-16 handling: 60 calendar days, warn 10 days ahead', () => {
    expect(handling).toMatchObject({ citation: 'FL-16', days: 60, dayKind: 'calendar', warningDays: 10 });
    expect(handling.textZh).toContain('自调查之日起 60 天内处理完毕');
  });
});

describe('computeDueDate', () => {
  it('WC-9(1): accepted 2025-09-30 → transfer due 2025-10-10 (National Day + Mid-Autumn 10-01..10-08)', () => {
    expect(computeDueDate(cal, '2025-09-30', transfer)).toEqual({ date: '2025-10-10', provisional: false, uncoveredYears: [] });
  });

  it('WC-9(1) read as calendar days instead (a setting): accepted 2025-09-30 → due 2025-10-02', () => {
    expect(computeDueDate(cal, '2025-09-30', { ...transfer, dayKind: 'calendar' }).date).toBe('2025-10-02');
  });

  it('FL-16: investigation started 2025-08-05 → handling due 2025-10-04 (day 1 is 08-06; not moved off the holiday)', () => {
    expect(computeDueDate(cal, '2025-08-05', handling)).toEqual({ date: '2025-10-04', provisional: false, uncoveredYears: [] });
  });

  it('FL-16 with the Civil Code art. 203 roll-forward setting: due moves to the first working day, 2025-10-09', () => {
    expect(computeDueDate(cal, '2025-08-05', { ...handling, rollForwardToWorkingDay: true }).date).toBe('2025-10-09');
  });

  it('WC-9(1): accepted 2026-12-31 → provisional 2027-01-04 (weekends only); final 2027-01-05 once 2027 is loaded', () => {
    expect(computeDueDate(cal, '2026-12-31', transfer)).toEqual({ date: '2027-01-04', provisional: true, uncoveredYears: [2027] });
    expect(computeDueDate(packageCalendar([hypothetical2027Data()]), '2026-12-31', transfer)).toEqual({
      date: '2027-01-05',
      provisional: false,
      uncoveredYears: [],
    });
  });
});

describe('deadlineStatus', () => {
  const transferOn = (today: string, extra: Partial<DeadlineStatusInput> = {}) =>
    deadlineStatus({
      kind: 'transfer',
      citation: 'WC-9(1)',
      start: '2025-09-30',
      due: '2025-10-10',
      provisional: false,
      today,
      warningDays: 1,
      dayKind: 'working',
      calendar: cal,
      ...extra,
    });
  const handlingOn = (today: string, extra: Partial<DeadlineStatusInput> = {}) =>
    deadlineStatus({ kind: 'handling', citation: 'FL-16', start: '2025-08-05', due: '2025-10-04', provisional: false, today, warningDays: 10, ...extra });

  it('WC-9(1): during the holiday two working days are still left → ok', () => {
    expect(transferOn('2025-10-05')).toMatchObject({ state: 'ok', daysLeft: 5, workingDaysLeft: 2, daysLate: 0, dayKind: 'working' });
  });

  it('WC-9(1): one working day left (2025-10-09) → warning', () => {
    expect(transferOn('2025-10-09')).toMatchObject({ state: 'warning', daysLeft: 1, workingDaysLeft: 1 });
  });

  it('WC-9(1): on the due date → due_today; after it → overdue with days late', () => {
    expect(transferOn('2025-10-10')).toMatchObject({ state: 'due_today', daysLeft: 0, workingDaysLeft: 0 });
    expect(transferOn('2025-10-13')).toMatchObject({ state: 'overdue', daysLeft: 0, daysLate: 3 });
  });

  it('WC-9(1): transferred in time → met; transferred a day late → met, 1 day late', () => {
    expect(transferOn('2025-10-20', { metOn: '2025-10-09' })).toMatchObject({ state: 'met', metOn: '2025-10-09', daysLate: 0 });
    expect(transferOn('2025-10-20', { metOn: '2025-10-11' })).toMatchObject({ state: 'met', daysLate: 1 });
  });

  it('FL-16: warns 10 calendar days before 2025-10-04, not 11', () => {
    expect(handlingOn('2025-09-23')).toMatchObject({ state: 'ok', daysLeft: 11, workingDaysLeft: null });
    expect(handlingOn('2025-09-24')).toMatchObject({ state: 'warning', daysLeft: 10 });
    expect(handlingOn('2025-10-04')).toMatchObject({ state: 'due_today' });
    expect(handlingOn('2025-10-05')).toMatchObject({ state: 'overdue', daysLate: 1 });
  });

  it('a provisional deadline stays marked provisional in its status', () => {
    expect(handlingOn('2025-09-01', { provisional: true })).toMatchObject({ provisional: true, state: 'ok' });
  });

  it('a working-day deadline without the calendar is a programming error, not a silent calendar-day count', () => {
    expect(() => transferOn('2025-10-05', { calendar: undefined })).toThrow(TypeError);
  });
});
