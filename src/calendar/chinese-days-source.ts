// The seed for the calendar table: the holiday schedule shipped in the `chinese-days` npm package
// (State Council notices 2004–2026 at version 1.5.7). It is read once as data, validated like an
// administrator's upload, and copied into `calendar_years`; after that the table is the source
// and an administrator loads new years (the State Council publishes each next year late in the
// year). The package's JavaScript API is not used at run time.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { CalendarYearData, HolidayEntry, WorkdayEntry } from './working-calendar';
import { yearOf } from './dates';

interface PackageData {
  /** date → "English name,中文名,days" */
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

// The package abbreviates three names; the State Council's notices say 清明节, 端午节, 中秋节.
const OFFICIAL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

function chineseName(value: string): string {
  const parts = value.split(',');
  const zh = (parts.length >= 3 ? parts[parts.length - 2] : parts[0])?.trim() ?? value;
  return OFFICIAL_NAMES[zh] ?? zh;
}

let cached: { source: string; years: CalendarYearData[] } | undefined;

/** Every year in the package, ascending, plus the source label ('chinese-days@1.5.7'). */
export function chineseDaysCalendar(): { source: string; years: CalendarYearData[] } {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const pkg = JSON.parse(fs.readFileSync(require.resolve('chinese-days/package.json'), 'utf8')) as { version: string };
  const data = JSON.parse(fs.readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as PackageData;
  const byYear = new Map<number, { holidays: HolidayEntry[]; workdays: WorkdayEntry[] }>();
  const yearEntry = (date: string) => {
    const y = yearOf(date);
    let e = byYear.get(y);
    if (!e) byYear.set(y, (e = { holidays: [], workdays: [] }));
    return e;
  };
  for (const [date, v] of Object.entries(data.holidays)) yearEntry(date).holidays.push({ date, name: chineseName(v) });
  for (const [date, v] of Object.entries(data.workdays)) yearEntry(date).workdays.push({ date, name: chineseName(v) });
  const years = [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, e]) => ({
      year,
      holidays: e.holidays.sort((a, b) => a.date.localeCompare(b.date)),
      workdays: e.workdays.sort((a, b) => a.date.localeCompare(b.date)),
    }));
  cached = { source: `chinese-days@${pkg.version}`, years };
  return cached;
}
