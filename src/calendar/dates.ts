// Calendar-date arithmetic on 'YYYY-MM-DD' strings. The measures count days in China (UTC+8,
// no DST), and a date string carries no time zone, so all arithmetic here is done on UTC
// midnights of the named date: no local time zone can shift a day.

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date in 'YYYY-MM-DD' form (rejects 2025-02-30). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function assertIsoDate(s: string, what = 'date'): void {
  if (!isIsoDate(s)) throw new RangeError(`${what} must be a valid YYYY-MM-DD date, got ${JSON.stringify(s)}`);
}

function toUtcMs(d: IsoDate): number {
  assertIsoDate(d);
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
}

function fromUtcMs(ms: number): IsoDate {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  // Outside 0001–9999 toISOString gives '+010000-…' (or throws): never a silently wrong date.
  if (!(y >= 1 && y <= 9999)) throw new RangeError(`date out of range (years 0001–9999): ${Number.isFinite(ms) ? y : ms}`);
  return d.toISOString().slice(0, 10);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromUtcMs(toUtcMs(d) + n * DAY_MS);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function diffDays(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: IsoDate): number {
  const w = new Date(toUtcMs(d)).getUTCDay();
  return w === 0 ? 7 : w;
}

export const isWeekend = (d: IsoDate): boolean => isoWeekday(d) >= 6;

export const yearOf = (d: IsoDate): number => Number(d.slice(0, 4));

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
