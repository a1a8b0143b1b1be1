// Reading spreadsheet cells as users type them: text, numbers, real Excel dates, dates typed as
// 2025-10-10, 2025/10/10 or 2025年10月10日, lists separated by 、，, ; or new lines.
import type ExcelJS from 'exceljs';

/** The cell as plain trimmed text ('' when empty). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoOfExcelDate(value);
  if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((r) => r.text).join('').trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if (typeof v.text === 'string') return v.text.trim();
    if ('error' in v) return '';
    return String(value).trim();
  }
  return String(value).trim();
}

/** What an unreadable date cell reads as: the schema reports it on its row as not a date. */
export const INVALID_DATE_TEXT = '无效日期（Invalid date）';

/**
 * Excel stores dates as wall-clock times in UTC: the date part is the user's date. A date cell
 * holding a number no calendar has (e.g. 1e12, found by a red-team walk: a RangeError and a 500)
 * reads as text that is not a date, so the row gets its own clear error.
 */
function isoOfExcelDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return INVALID_DATE_TEXT;
  const iso = d.toISOString();
  return /^\d{4}-/.test(iso) ? iso.slice(0, 10) : INVALID_DATE_TEXT;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A date as typed or stored → 'YYYY-MM-DD'; '' when empty; the original text when it cannot be
 * read (the schema then reports it as not a date, in the user's words).
 */
export function cellDate(value: ExcelJS.CellValue): string {
  if (value instanceof Date) return isoOfExcelDate(value);
  if (typeof value === 'number' && value > 20000 && value < 80000) {
    // An Excel serial day number (1900 date system) that was not formatted as a date.
    return new Date(Math.round((value - 25569) * 86_400_000)).toISOString().slice(0, 10);
  }
  const s = cellText(value);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  return m ? `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}` : s;
}

/** '张三、李四, 王五' → ['张三', '李四', '王五'] */
export function cellList(value: ExcelJS.CellValue): string[] {
  return cellText(value)
    .split(/[、，,;；\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
