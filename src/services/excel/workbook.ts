// Reading and writing the workbooks. The first worksheet holds the data; row 1 is the header
// (matched by the Chinese or English column name, so columns may be reordered); a template's
// notes row (first cell starting with 说明) is skipped; empty rows are skipped.
import ExcelJS from 'exceljs';
import { AppError } from '../../errors';
import { header, type Column } from './sheets';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NOTES_MARK = '说明';

export interface SheetRow {
  /** the spreadsheet row number a user sees (1-based, header is row 1) */
  row: number;
  cells: Record<string, ExcelJS.CellValue>;
}

function normalizeHeader(s: string): string {
  return s.replace(/[*＊\s]/g, '').replace(/[（(].*[)）]$/, '').toLowerCase();
}

/**
 * The header row (column index → text) matched to the columns by their Chinese or English name or
 * key; VALIDATION_FAILED naming the required columns that are missing. Shared by CSV import.
 */
export function columnKeysOf(headers: readonly [number, string][], columns: readonly Column[], required?: readonly string[]): Map<number, string> {
  const byHeader = new Map<string, Column>();
  for (const c of columns) {
    byHeader.set(normalizeHeader(c.zh), c);
    byHeader.set(normalizeHeader(c.en), c);
    byHeader.set(c.key.toLowerCase(), c);
  }
  const colKeys = new Map<number, string>();
  for (const [col, text] of headers) {
    const c = byHeader.get(normalizeHeader(text));
    if (c && !c.exportOnly) colKeys.set(col, c.key);
  }
  const missing = columns.filter((c) => (required ? required.includes(c.key) : c.required) && ![...colKeys.values()].includes(c.key));
  if (missing.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `缺少必填列：${missing.map((c) => c.zh).join('、')}`, en: `Missing required columns: ${missing.map((c) => c.en).join(', ')}` },
      { fields: missing.map((c) => ({ path: c.key, code: 'missing_column', zh: `缺少“${c.zh}”列`, en: `Column "${c.en}" is missing` })) },
    );
  }
  return colKeys;
}

/** A template's notes row starts with this mark (skipped on import). */
export const isNotesCell = (text: string): boolean => text.startsWith(NOTES_MARK);

/** `required`: the columns the sheet must have (default: those marked required; an update by key needs only the key). */
export async function readSheet(buffer: Buffer, columns: readonly Column[], required?: readonly string[]): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('BAD_REQUEST', { zh: '无法读取该文件，请上传 .xlsx 格式的 Excel 文件', en: 'Cannot read the file: upload an .xlsx workbook' });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('BAD_REQUEST', { zh: '工作簿中没有工作表', en: 'The workbook has no worksheet' });
  const headers: [number, string][] = [];
  ws.getRow(1).eachCell((cell, col) => {
    headers.push([col, String(cell.text ?? '').trim()]);
  });
  const colKeys = columnKeysOf(headers, columns, required);
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const first = String(r.getCell(1).text ?? '').trim();
    if (rowNumber === 2 && first.startsWith(NOTES_MARK)) return;
    const cells: Record<string, ExcelJS.CellValue> = {};
    let any = false;
    for (const [col, key] of colKeys) {
      const v = r.getCell(col).value;
      cells[key] = v;
      if (v !== null && v !== undefined && String(r.getCell(col).text ?? '').trim() !== '') any = true;
    }
    if (any) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** A workbook with one styled data sheet (header, optional notes row, rows) and extra sheets. */
export async function writeWorkbook(
  sheets: { name: string; columns: readonly Column[]; rows: Record<string, unknown>[]; notes?: boolean }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wenze 问责';
  wb.created = new Date(0);
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: s.notes ? 2 : 1 }] });
    ws.columns = s.columns.map((c) => ({ header: header(c), key: c.key, width: c.width ?? 14 }));
    const head = ws.getRow(1);
    head.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E8C' } };
    head.alignment = { vertical: 'middle', wrapText: true };
    head.height = 30;
    if (s.notes) {
      const notes = ws.addRow(Object.fromEntries(s.columns.map((c, i) => [c.key, i === 0 ? `${NOTES_MARK}：${c.hintZh ?? ''}` : (c.hintZh ?? (c.exportOnly ? '（导出用，导入时忽略）' : ''))])));
      notes.font = { italic: true, color: { argb: 'FF888888' } };
      notes.alignment = { wrapText: true, vertical: 'top' };
    }
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
