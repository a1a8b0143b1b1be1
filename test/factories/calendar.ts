// Calendar test data: the real schedule from the chinese-days package (as a pure calendar, or
// seeded into a test database) and a HYPOTHETICAL 2027 schedule — the State Council had not
// published 2027 when this was written; the dates below are made up for tests (plausible shape:
// 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 with weekend 调休 days).
import { chineseDaysCalendar } from '../../src/calendar/chinese-days-source';
import { WorkingCalendar, type CalendarYearData } from '../../src/calendar/working-calendar';
import { seedCalendarFromPackage, type CalendarYearInput, type SeedResult } from '../../src/services/calendar-service';
import type { Deps } from '../../src/services/context';

/** The package's years (2004–2026) as a pure calendar, optionally with extra years. */
export function packageCalendar(extra: CalendarYearData[] = []): WorkingCalendar {
  return new WorkingCalendar([...chineseDaysCalendar().years, ...extra]);
}

/** Seeds `calendar_years` from the package, as the start hook does on a real installation. */
export const seedCalendar = (deps: Deps): Promise<SeedResult> => seedCalendarFromPackage(deps);

const range = (from: string, to: string, name: string): { date: string; name: string }[] => {
  const out: { date: string; name: string }[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    out.push({ date: d.toISOString().slice(0, 10), name });
  }
  return out;
};

/** A made-up 2027 schedule in the shape an administrator uploads (PUT /api/v1/calendar/years/2027). */
export function hypothetical2027(overrides: Partial<CalendarYearInput> = {}): CalendarYearInput {
  return {
    holidays: [
      ...range('2027-01-01', '2027-01-03', '元旦'),
      ...range('2027-02-06', '2027-02-13', '春节'),
      ...range('2027-04-03', '2027-04-05', '清明节'),
      ...range('2027-05-01', '2027-05-05', '劳动节'),
      { date: '2027-06-09', name: '端午节' },
      { date: '2027-09-15', name: '中秋节' },
      ...range('2027-10-01', '2027-10-07', '国庆节'),
    ],
    workdays: [
      { date: '2027-01-31', name: '春节' },
      { date: '2027-02-20', name: '春节' },
      '2027-05-08',
      { date: '2027-09-26', name: '国庆节' },
      { date: '2027-10-09', name: '国庆节' },
    ],
    ...overrides,
  };
}

/** The same hypothetical 2027 as pure calendar data. */
export function hypothetical2027Data(): CalendarYearData {
  const input = hypothetical2027();
  return {
    year: 2027,
    holidays: input.holidays.map((h) => ({ date: h.date, name: h.name })),
    workdays: input.workdays.map((w) => (typeof w === 'string' ? { date: w, name: null } : { date: w.date, name: w.name ?? null })),
  };
}
