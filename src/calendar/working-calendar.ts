// China's working-day calendar as pure data and functions: no database, no clock.
//
// A day is a working day when it is Monday–Friday and not a statutory holiday (法定节假日),
// or when it is a weekend day the State Council has made a working day (调休上班). The
// holiday schedule is published by the State Council late each year for the next year, so it
// is data loaded per year (seeded from the `chinese-days` package, replaceable by an
// administrator), never code.
//
// A year without data is not guessed at: days in it are computed with weekends only, and
// every result that looked at such a day says so (`provisional`, `uncoveredYears`) so a
// deadline is never silently presented as final.
import { addDays, assertIsoDate, daysInMonth, isIsoDate, isoDate, isoWeekday, isWeekend, yearOf, type IsoDate } from './dates';

export interface HolidayEntry {
  date: IsoDate;
  /** e.g. 国庆节, 中秋 */
  name: string;
}

/** A weekend day that is a working day (调休上班); `name` is the holiday it makes up for. */
export interface WorkdayEntry {
  date: IsoDate;
  name: string | null;
}

export interface CalendarYearData {
  year: number;
  /** every day off of the year's holiday periods, weekend days inside a period included */
  holidays: HolidayEntry[];
  workdays: WorkdayEntry[];
}

export type DayType = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

export interface DayInfo {
  date: IsoDate;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  type: DayType;
  working: boolean;
  /** the holiday's name for holidays; for adjusted working days, the holiday it makes up for */
  holidayName: string | null;
  /** false when the day's year has no holiday data: then only weekends are known */
  covered: boolean;
}

export interface CalendarResult {
  date: IsoDate;
  /** true when a day the result depends on lies in a year without holiday data */
  provisional: boolean;
  uncoveredYears: number[];
}

export interface WorkingDaysCount {
  count: number;
  provisional: boolean;
  uncoveredYears: number[];
}

/** Longest span accepted by the day-adding functions: far beyond any deadline in the measures. */
export const MAX_SPAN_DAYS = 10_000;

interface YearIndex {
  holidays: Map<IsoDate, string>;
  workdays: Map<IsoDate, string | null>;
}

function checkSpan(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SPAN_DAYS) {
    throw new RangeError(`day count must be an integer 0…${MAX_SPAN_DAYS}, got ${n}`);
  }
}

/** Collects the uncovered years met while walking days, in ascending order. */
class Coverage {
  private readonly missing = new Set<number>();
  constructor(private readonly cal: WorkingCalendar) {}
  see(d: IsoDate): void {
    const y = yearOf(d);
    if (!this.cal.covers(y)) this.missing.add(y);
  }
  result(date: IsoDate): CalendarResult {
    const uncoveredYears = [...this.missing].sort((a, b) => a - b);
    return { date, provisional: uncoveredYears.length > 0, uncoveredYears };
  }
}

export class WorkingCalendar {
  private readonly years = new Map<number, YearIndex>();

  /** Trusts its input: validate with `validateCalendarYear` before storing data. */
  constructor(data: readonly CalendarYearData[] = []) {
    for (const y of data) {
      this.years.set(y.year, {
        holidays: new Map(y.holidays.map((h) => [h.date, h.name])),
        workdays: new Map(y.workdays.map((w) => [w.date, w.name])),
      });
    }
  }

  coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  dayInfo(date: IsoDate): DayInfo {
    assertIsoDate(date);
    const weekday = isoWeekday(date);
    const idx = this.years.get(yearOf(date));
    const holiday = idx?.holidays.get(date);
    if (holiday !== undefined) return { date, weekday, type: 'holiday', working: false, holidayName: holiday, covered: true };
    if (idx?.workdays.has(date)) {
      return { date, weekday, type: 'adjusted_workday', working: true, holidayName: idx.workdays.get(date) ?? null, covered: true };
    }
    const weekend = isWeekend(date);
    return { date, weekday, type: weekend ? 'weekend' : 'workday', working: !weekend, holidayName: null, covered: idx !== undefined };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.dayInfo(date).working;
  }

  /**
   * The n-th working day after `start`: the day after `start` is the first day counted (开始的
   * 当日不计入), and only working days count. `n = 0` gives `start` itself if it is a working
   * day, else the next working day. The result is always a working day.
   */
  addWorkingDays(start: IsoDate, n: number): CalendarResult {
    assertIsoDate(start, 'start');
    checkSpan(n);
    const cov = new Coverage(this);
    let d = start;
    if (n === 0) {
      cov.see(d);
      while (!this.isWorkingDay(d)) {
        d = addDays(d, 1);
        cov.see(d);
      }
      return cov.result(d);
    }
    let counted = 0;
    while (counted < n) {
      d = addDays(d, 1);
      cov.see(d);
      if (this.isWorkingDay(d)) counted++;
    }
    return cov.result(d);
  }

  /**
   * `start` plus n calendar days (the day after `start` is day 1). A plain calendar count does
   * not depend on the holiday data, so it is provisional only when `rollForwardToWorkingDay`
   * is asked for (the Civil Code art. 203 reading: a period whose last day is a statutory
   * holiday ends on the first day after it) and the roll-forward looked at an uncovered year.
   */
  addCalendarDays(start: IsoDate, n: number, opts: { rollForwardToWorkingDay?: boolean } = {}): CalendarResult {
    assertIsoDate(start, 'start');
    checkSpan(n);
    let d = addDays(start, n);
    if (!opts.rollForwardToWorkingDay) return { date: d, provisional: false, uncoveredYears: [] };
    const cov = new Coverage(this);
    cov.see(d);
    while (!this.isWorkingDay(d)) {
      d = addDays(d, 1);
      cov.see(d);
    }
    return cov.result(d);
  }

  /** Working days d with from < d ≤ to (0 when `to` is not after `from`). */
  workingDaysBetween(from: IsoDate, to: IsoDate): WorkingDaysCount {
    assertIsoDate(from, 'from');
    assertIsoDate(to, 'to');
    const cov = new Coverage(this);
    let count = 0;
    for (let d = addDays(from, 1), i = 0; d <= to && i <= MAX_SPAN_DAYS; d = addDays(d, 1), i++) {
      cov.see(d);
      if (this.isWorkingDay(d)) count++;
    }
    const r = cov.result(to);
    return { count, provisional: r.provisional, uncoveredYears: r.uncoveredYears };
  }

  /** Every day of a month, for a month view. */
  month(year: number, month: number): DayInfo[] {
    if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) throw new RangeError('bad month');
    return Array.from({ length: daysInMonth(year, month) }, (_, i) => this.dayInfo(isoDate(year, month, i + 1)));
  }
}

// ---- validation of one year's data (used for administrator uploads and for the seed) ----

export interface CalendarIssue {
  path: string;
  code: 'bad_date' | 'outside_year' | 'duplicate' | 'both' | 'not_weekend' | 'too_few_holidays' | 'bad_name';
  zh: string;
  en: string;
}

/**
 * Fewest days off a genuine year can have: the statutory holidays alone have been at least 10
 * days a year since 1999 (国务院《全国年节及纪念日放假办法》: 10 days 1999, 11 days 2008,
 * 13 days 2025). Fewer means a truncated or wrong upload.
 */
export const MIN_HOLIDAY_DAYS = 10;

/**
 * Checks one year's schedule: every date real and inside the year (a cross-year 调休, e.g. a
 * working Saturday in late December for next New Year, belongs to the year of its date), no date
 * twice, no date both a holiday and a working day, every adjusted working day a Saturday or
 * Sunday (a weekday is a working day anyway). Holidays may fall on any day: a holiday period
 * includes its weekend days.
 */
export function validateCalendarYear(data: CalendarYearData): CalendarIssue[] {
  const issues: CalendarIssue[] = [];
  const { year } = data;
  const seen = new Map<IsoDate, 'holiday' | 'workday'>();
  const checkDate = (date: unknown, path: string): date is IsoDate => {
    if (!isIsoDate(date)) {
      issues.push({ path, code: 'bad_date', zh: `日期格式应为 YYYY-MM-DD 的有效日期：${String(date)}`, en: `not a valid YYYY-MM-DD date: ${String(date)}` });
      return false;
    }
    if (yearOf(date) !== year) {
      issues.push({
        path,
        code: 'outside_year',
        zh: `${date} 不在 ${year} 年内（跨年调休请录入其所在年度）`,
        en: `${date} is not in ${year} (enter a cross-year adjusted day under its own year)`,
      });
      return false;
    }
    return true;
  };
  data.holidays.forEach((h, i) => {
    const path = `holidays.${i}.date`;
    if (!h.name || !h.name.trim()) issues.push({ path: `holidays.${i}.name`, code: 'bad_name', zh: '节假日名称不能为空', en: 'holiday name is required' });
    if (!checkDate(h.date, path)) return;
    if (seen.has(h.date)) {
      issues.push({ path, code: 'duplicate', zh: `${h.date} 重复`, en: `${h.date} appears twice` });
      return;
    }
    seen.set(h.date, 'holiday');
  });
  data.workdays.forEach((w, i) => {
    const path = `workdays.${i}`;
    if (!checkDate(w.date, path)) return;
    const prior = seen.get(w.date);
    if (prior === 'holiday') {
      issues.push({ path, code: 'both', zh: `${w.date} 不能既是节假日又是调休工作日`, en: `${w.date} cannot be both a holiday and an adjusted working day` });
      return;
    }
    if (prior === 'workday') {
      issues.push({ path, code: 'duplicate', zh: `${w.date} 重复`, en: `${w.date} appears twice` });
      return;
    }
    seen.set(w.date, 'workday');
    if (!isWeekend(w.date)) {
      issues.push({
        path,
        code: 'not_weekend',
        zh: `${w.date} 是工作日（周一至周五），调休上班日必须是周六或周日`,
        en: `${w.date} is a weekday; an adjusted working day must be a Saturday or Sunday`,
      });
    }
  });
  if (data.holidays.length < MIN_HOLIDAY_DAYS) {
    issues.push({
      path: 'holidays',
      code: 'too_few_holidays',
      zh: `只有 ${data.holidays.length} 个节假日，少于法定节假日最少天数 ${MIN_HOLIDAY_DAYS} 天，数据可能不完整`,
      en: `only ${data.holidays.length} holiday dates, fewer than the statutory minimum of ${MIN_HOLIDAY_DAYS}: the data looks incomplete`,
    });
  }
  return issues;
}
