import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypothetical2027Data, packageCalendar } from '../../test/factories/calendar';
import { chineseDaysCalendar } from './chinese-days-source';
import { addDays, diffDays, isIsoDate, isoWeekday } from './dates';
import { MIN_HOLIDAY_DAYS, WorkingCalendar, validateCalendarYear, type CalendarYearData } from './working-calendar';

const cal = packageCalendar();

describe('dates', () => {
  it('rejects impossible dates and other formats', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-9-30')).toBe(false);
    expect(isIsoDate('2025-09-30T00:00:00Z')).toBe(false);
    expect(isIsoDate(20250930)).toBe(false);
  });

  it('refuses to produce a date outside years 0001–9999 instead of a garbled string', () => {
    expect(addDays('9999-12-31', 0)).toBe('9999-12-31');
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
  });

  it('adds and subtracts across months, years and leap days without time-zone drift', () => {
    expect(addDays('2025-08-05', 60)).toBe('2025-10-04');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(diffDays('2025-10-10', '2025-09-30')).toBe(-10);
    expect(isoWeekday('2025-10-11')).toBe(6);
    expect(isoWeekday('2025-09-28')).toBe(7);
  });
});

describe('the chinese-days seed data', () => {
  it('covers 2004–2026 and every year passes the same checks as an administrator upload', () => {
    const { source, years } = chineseDaysCalendar();
    expect(source).toBe('chinese-days@1.5.7');
    expect(years.map((y) => y.year)).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    for (const y of years) expect(validateCalendarYear(y), String(y.year)).toEqual([]);
  });

  it('uses the State Council names (中秋节, not the package abbreviation 中秋)', () => {
    expect(cal.dayInfo('2025-10-06')).toMatchObject({ type: 'holiday', working: false, holidayName: '中秋节' });
    expect(cal.dayInfo('2025-04-04').holidayName).toBe('清明节');
  });
});

describe('WorkingCalendar', () => {
  it('knows holidays, weekends, ordinary working days and 调休 working days (2025 National Day)', () => {
    expect(cal.dayInfo('2025-10-01')).toMatchObject({ type: 'holiday', working: false, holidayName: '国庆节', covered: true });
    expect(cal.dayInfo('2025-10-04')).toMatchObject({ type: 'holiday', working: false, weekday: 6 });
    expect(cal.dayInfo('2025-09-28')).toMatchObject({ type: 'adjusted_workday', working: true, weekday: 7, holidayName: '国庆节' });
    expect(cal.dayInfo('2025-10-11')).toMatchObject({ type: 'adjusted_workday', working: true, weekday: 6 });
    expect(cal.dayInfo('2025-10-12')).toMatchObject({ type: 'weekend', working: false });
    expect(cal.dayInfo('2025-10-09')).toMatchObject({ type: 'workday', working: true });
  });

  it('WC-9(1): accepted 2025-09-30 → the 2 working days are 10-09 and 10-10 (10-01..10-08 are National Day + Mid-Autumn)', () => {
    expect(cal.addWorkingDays('2025-09-30', 2)).toEqual({ date: '2025-10-10', provisional: false, uncoveredYears: [] });
    expect(cal.addWorkingDays('2025-09-30', 1).date).toBe('2025-10-09');
  });

  it('WC-9(1): an adjusted working Saturday counts — accepted 2025-10-09 → due Saturday 2025-10-11', () => {
    expect(cal.addWorkingDays('2025-10-09', 2).date).toBe('2025-10-11');
  });

  it('WC-9(1): an adjusted working Sunday counts — accepted Friday 2025-09-26 → day 1 is Sunday 09-28, due 09-29', () => {
    expect(cal.addWorkingDays('2025-09-26', 1).date).toBe('2025-09-28');
    expect(cal.addWorkingDays('2025-09-26', 2).date).toBe('2025-09-29');
  });

  it('an ordinary weekend does not count: accepted Friday 2025-09-12 → due Tuesday 09-16', () => {
    expect(cal.addWorkingDays('2025-09-12', 2).date).toBe('2025-09-16');
  });

  it('n = 0 gives the start when it is a working day, else the next working day', () => {
    expect(cal.addWorkingDays('2025-09-30', 0).date).toBe('2025-09-30');
    expect(cal.addWorkingDays('2025-10-03', 0).date).toBe('2025-10-09');
  });

  it('a year without data is computed with weekends only and marked provisional, naming the year', () => {
    // 2026-12-31 is a Thursday; 2027 is not in the seed.
    const r = cal.addWorkingDays('2026-12-31', 2);
    expect(r).toEqual({ date: '2027-01-04', provisional: true, uncoveredYears: [2027] });
    expect(cal.dayInfo('2027-01-01')).toMatchObject({ type: 'workday', working: true, covered: false });
  });

  it('once the year is loaded the same count is final and may land on another day', () => {
    const withData = packageCalendar([hypothetical2027Data()]);
    expect(withData.addWorkingDays('2026-12-31', 2)).toEqual({ date: '2027-01-05', provisional: false, uncoveredYears: [] });
  });

  it('a count that never leaves covered years is not provisional even if later years are missing', () => {
    expect(cal.addWorkingDays('2026-12-28', 2)).toEqual({ date: '2026-12-30', provisional: false, uncoveredYears: [] });
  });

  it('calendar days do not depend on holidays; rolling forward off a holiday does', () => {
    expect(cal.addCalendarDays('2025-08-05', 60)).toEqual({ date: '2025-10-04', provisional: false, uncoveredYears: [] });
    expect(cal.addCalendarDays('2025-08-05', 60, { rollForwardToWorkingDay: true }).date).toBe('2025-10-09');
    expect(cal.addCalendarDays('2026-11-02', 60, { rollForwardToWorkingDay: true })).toEqual({ date: '2027-01-01', provisional: true, uncoveredYears: [2027] });
  });

  it('counts working days in (from, to]', () => {
    expect(cal.workingDaysBetween('2025-09-30', '2025-10-10').count).toBe(2);
    expect(cal.workingDaysBetween('2025-10-10', '2025-10-10').count).toBe(0);
    expect(cal.workingDaysBetween('2025-10-10', '2025-10-01').count).toBe(0);
    expect(cal.workingDaysBetween('2026-12-30', '2027-01-04')).toEqual({ count: 3, provisional: true, uncoveredYears: [2027] });
  });

  it('lists a month for the month view', () => {
    const oct = cal.month(2025, 10);
    expect(oct).toHaveLength(31);
    expect(oct.filter((d) => d.type === 'holiday')).toHaveLength(8);
    expect(oct.filter((d) => d.type === 'adjusted_workday').map((d) => d.date)).toEqual(['2025-10-11']);
    expect(cal.month(2024, 2)).toHaveLength(29);
  });

  it('refuses bad input loudly instead of guessing', () => {
    expect(() => cal.addWorkingDays('2025-02-30', 2)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2025-09-30', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2025-09-30', 1.5)).toThrow(RangeError);
  });

  it('property: n working days after any date is a working day with exactly n working days in between', () => {
    const start = fc.integer({ min: 0, max: 365 * 24 }).map((i) => addDays('2004-01-01', i));
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 80 }), (s, n) => {
        const r = cal.addWorkingDays(s, n);
        expect(cal.isWorkingDay(r.date)).toBe(true);
        expect(cal.workingDaysBetween(s, r.date).count).toBe(n);
        expect(cal.workingDaysBetween(s, addDays(r.date, -1)).count).toBe(n - 1);
        expect(r.provisional).toBe(r.date >= '2027-01-01');
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateCalendarYear', () => {
  const base = (): CalendarYearData => hypothetical2027Data();
  const codes = (d: CalendarYearData) => validateCalendarYear(d).map((i) => `${i.path}:${i.code}`);

  it('accepts a complete year', () => {
    expect(validateCalendarYear(base())).toEqual([]);
  });

  it('refuses dates outside the year, naming where a cross-year 调休 belongs', () => {
    const d = base();
    d.workdays.push({ date: '2026-12-26', name: '元旦' });
    const issues = validateCalendarYear(d);
    expect(issues.map((i) => i.code)).toEqual(['outside_year']);
    expect(issues[0]!.zh).toContain('跨年调休请录入其所在年度');
  });

  it('refuses a date that is both a holiday and a working day, and duplicates', () => {
    const d = base();
    d.workdays.push({ date: '2027-01-02', name: null });
    d.holidays.push({ date: '2027-10-01', name: '国庆节' });
    expect(codes(d)).toEqual(expect.arrayContaining([`holidays.${d.holidays.length - 1}.date:duplicate`, `workdays.${d.workdays.length - 1}:both`]));
  });

  it('refuses an adjusted working day on a weekday (it is a working day anyway) but allows holidays on any day', () => {
    const d = base();
    d.workdays.push({ date: '2027-03-03', name: null });
    expect(codes(d)).toEqual([`workdays.${d.workdays.length - 1}:not_weekend`]);
  });

  it(`refuses a year with fewer than ${MIN_HOLIDAY_DAYS} holiday dates as incomplete`, () => {
    const d = base();
    d.holidays = d.holidays.slice(0, 3);
    expect(codes(d)).toEqual(['holidays:too_few_holidays']);
  });

  it('refuses impossible dates', () => {
    const d = base();
    d.holidays.push({ date: '2027-02-29', name: 'x' });
    expect(codes(d)).toEqual([`holidays.${d.holidays.length - 1}.date:bad_date`]);
  });

  it('an empty calendar covers nothing', () => {
    const empty = new WorkingCalendar();
    expect(empty.coveredYears()).toEqual([]);
    expect(empty.addWorkingDays('2025-09-30', 2)).toEqual({ date: '2025-10-02', provisional: true, uncoveredYears: [2025] });
  });
});
