// Spreadsheet factories for the Excel import tests: a workbook built from header → value rows,
// and the multipart body the import route takes.
import ExcelJS from 'exceljs';

/** An .xlsx with one sheet: the given headers in row 1, then the rows (missing keys left empty). */
export async function workbookOf(headers: string[], rows: Record<string, unknown>[], opts: { notesRow?: string[]; dateFormatted?: string[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers);
  if (opts.notesRow) ws.addRow(opts.notesRow);
  for (const r of rows) {
    const row = ws.addRow(headers.map((h) => (r[h] === undefined ? null : r[h])));
    // a column formatted as a date in Excel (yyyy-mm-dd): a number in it is read back as a date
    for (const h of opts.dateFormatted ?? []) row.getCell(headers.indexOf(h) + 1).numFmt = 'yyyy-mm-dd';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** A multipart/form-data body with one file field, for `app.inject`. */
export function multipartFile(content: Buffer, filename = 'import.xlsx', field = 'file'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----wenze-test-' + Math.random().toString(16).slice(2);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
