// Dates as users read them: 2025年10月10日 in Chinese. The measures count days in China time
// (UTC+8), so instants are converted to the China calendar date before display.
import type { Lang } from '../i18n/i18n';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'YYYY-MM-DD' of an instant in China Standard Time (no DST). */
export function chinaDateOf(instant: string | Date): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** '2025-10-10' (or an ISO instant) → '2025年10月10日' / '10 Oct 2025'. */
export function formatDate(value: string | null | undefined, lang: Lang = 'zh'): string {
  if (!value) return '—';
  const day = DATE_RE.test(value) ? value : chinaDateOf(value);
  const m = DATE_RE.exec(day);
  if (!m) return value;
  const [, y, mo, d] = m;
  if (lang === 'en') return `${Number(d)} ${MONTHS_EN[Number(mo) - 1]} ${y}`;
  return `${y}年${Number(mo)}月${Number(d)}日`;
}

/** An instant with the China time of day: '2025年10月10日 14:05'. */
export function formatDateTime(value: string | null | undefined, lang: Lang = 'zh'): string {
  if (!value) return '—';
  if (DATE_RE.test(value)) return formatDate(value, lang);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const china = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${formatDate(china.slice(0, 10), lang)} ${china.slice(11, 16)}`;
}

/** Whole calendar days from `from` to `to` (both 'YYYY-MM-DD'); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86_400_000);
}
