// CSV import of the registers (issue 14): the same header names, columns, per-row checks and
// report as the Excel import. Original enforcement cases (原执法案件) are streamed: the file is
// parsed record by record, each row validated with the registers' zod schema and reference checks
// (units and people of the importer's organisations), and the valid rows written in batches of
// multi-row inserts inside one transaction — so 1,000,000 rows never sit in memory and a failed
// all-or-nothing import stores nothing. The import is audited once per batch (the ids it added)
// and once for the whole import; these audit rows are written at the end, just before the
// commit, so the audit chain's lock is not held while the file is read. The report lists the
// invalid rows only (up to `maxListedRows`); the other kinds, and updates by key, read the whole
// file and go through the Excel import's planner (`importRows`).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { appendAudit } from '../../audit/audit-writer';
import type { Tx } from '../../db/tx';
import { inTransaction } from '../../db/tx';
import { DEFAULT_ORG_ID } from '../../db/tables/organisations';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { authorize, can } from '../../policies/roles';
import { actorIn } from '../orgs/acting-in';
import { insertOriginalCasesBatch, personIdsByEmployeeNo, takenCaseNumbers, type BulkCaseRow, type BulkParticipantRow } from '../../repositories/registers/original-cases-bulk';
import type { Ctx } from '../context';
import { loadUnits, txActorOf, type OriginalCaseParsed } from '../registers';
import { ORIGINAL_CASE_COLUMNS } from './sheets';
import { columnKeysOf, isNotesCell, type SheetRow } from './workbook';
import { columnsOf, importPermissionOf, importRows, originalCaseRowInput, type ExcelKind, type ImportMode, type ImportReport } from './import-export';

export const CSV_MIME = 'text/csv';

/** Whether an uploaded file is CSV (by name or type); anything else is read as .xlsx. */
export const isCsvUpload = (filename: string | undefined, mimetype: string | undefined): boolean =>
  /\.csv$/i.test(filename ?? '') || /^(text\/csv|application\/csv|text\/comma-separated-values)\b/i.test(mimetype ?? '');

const badCsv = (detail: string): AppError =>
  new AppError('BAD_REQUEST', { zh: `无法读取该 CSV 文件（UTF-8，逗号分隔，首行为列名）：${detail}`, en: `Cannot read the CSV file (UTF-8, comma-separated, header in the first line): ${detail}` });

/**
 * The CSV records as sheet rows (row 1 is the header, so the first data record is row 2, as in a
 * spreadsheet); a template's notes row and empty records are skipped. UTF-8 with or without BOM.
 */
export async function* readCsvRows(source: Readable | AsyncIterable<Buffer | string>, columns: Parameters<typeof columnKeysOf>[1], required?: readonly string[]): AsyncGenerator<SheetRow> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const src = source instanceof Readable ? source : Readable.from(source);
  src.on('error', (e) => parser.destroy(e));
  src.pipe(parser);
  let colKeys: Map<number, string> | null = null;
  let row: number;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // the line the record ends on: the row a user sees when the file is opened as a sheet
      row = info.lines;
      if (!colKeys) {
        colKeys = columnKeysOf(record.map((t, i) => [i, t.trim()] as [number, string]), columns, required);
        continue;
      }
      if (row === 2 && isNotesCell((record[0] ?? '').trim())) continue;
      const cells: SheetRow['cells'] = {};
      let any = false;
      for (const [col, key] of colKeys) {
        const v = record[col] ?? '';
        cells[key] = v === '' ? null : v;
        if (v.trim() !== '') any = true;
      }
      if (any) yield { row, cells };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw badCsv((e as Error).message);
  } finally {
    // stopped early (a missing column, the caller gave up): stop reading the file too
    if (!src.readableEnded) src.unpipe(parser).destroy();
  }
  if (!colKeys) throw new AppError('VALIDATION_FAILED', { zh: '文件中没有数据行', en: 'The file has no data rows' });
}

/** CSV import of any register kind: original cases (not updating) are streamed, the rest read whole. */
export async function importCsv(ctx: Ctx, kind: ExcelKind, source: Readable | AsyncIterable<Buffer | string>, mode: ImportMode, update = false): Promise<ImportReport> {
  authorize(ctx.actor, importPermissionOf(kind));
  if (kind === 'original-cases' && !update) return importOriginalCasesCsv(ctx, source, mode);
  const { columns, required } = columnsOf(kind, update);
  const rows: SheetRow[] = [];
  for await (const r of readCsvRows(source, columns, required)) rows.push(r);
  return importRows(ctx, kind, rows, mode, update);
}

export interface BulkImportOptions {
  /** cases per multi-row insert and per batch audit row (default 1000) */
  batchSize?: number;
  /** invalid rows listed in the report (default 1000); all are counted */
  maxListedRows?: number;
}

class RollBack extends Error {}

/** The streaming import of new original cases (see the file comment). */
export async function importOriginalCasesCsv(ctx: Ctx, source: Readable | AsyncIterable<Buffer | string>, mode: ImportMode, opts: BulkImportOptions = {}): Promise<ImportReport> {
  authorize(ctx.actor, 'registers.write');
  const batchSize = opts.batchSize ?? 1000;
  const maxListed = opts.maxListedRows ?? 1000;
  const by = txActorOf(ctx);
  const orgId = by.orgId ?? DEFAULT_ORG_ID;
  const today = chinaDate(new Date(by.now));
  const importId = `original-cases:${by.now}`;
  const C = ORIGINAL_CASE_COLUMNS;
  const decisionColumn = C.find((c) => c.key === 'decisionDate')!.zh;
  const numberColumn = C.find((c) => c.key === 'number')!.zh;

  const units = new Map((await loadUnits(ctx.db, ctx.actor.orgScope)).filter((u) => u.active).map((u) => [u.shortCode.toUpperCase(), u]));
  // issue 11: a case is registered in the organisation of its unit, with the roles held there (as
  // the API's create): the organisation of each unit of the scope, and whether the importer may
  // write there; a row naming a unit where it may not refuses the whole import (403)
  const unitOrg = new Map<string, string>();
  const writable = new Set<string>();
  for (const o of ctx.actor.orgScope ?? []) {
    for (const u of await loadUnits(ctx.db, [o])) unitOrg.set(u.id, o);
    if (can(o === ctx.actor.orgId ? ctx.actor : await actorIn(ctx, o), 'registers.write')) writable.add(o);
  }
  const orgOfCase = (unitId: string): string => {
    if (!ctx.actor.orgScope) return orgId;
    const o = unitOrg.get(unitId) ?? orgId;
    if (!writable.has(o)) throw new AppError('FORBIDDEN', { zh: '缺少权限 registers.write（案件所属单位的机关）', en: "missing permission registers.write (the organisation of the case's unit)" });
    return o;
  };
  const people = await personIdsByEmployeeNo(ctx.db.kysely, ctx.actor);

  const report: ImportReport = { kind: 'original-cases', mode, update: false, committed: false, total: 0, valid: 0, invalid: 0, imported: 0, created: 0, updated: 0, unchanged: 0, rows: [] };
  const seen = new Map<string, number>();
  const batches: { rows: [number, number]; ids: string[] }[] = [];
  const skipped: number[] = [];
  const fail = (row: number, key: string, errors: ImportReport['rows'][number]['errors']): void => {
    report.invalid++;
    if (skipped.length < maxListed) skipped.push(row);
    if (report.rows.length < maxListed) report.rows.push({ row, key, ok: false, action: 'invalid', changes: [], corrections: [], errors });
  };
  const writes = mode !== 'check';

  let pending: { row: number; number: string; parsed: OriginalCaseParsed }[] = [];
  const flush = async (q: Tx | null): Promise<void> => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    const taken = await takenCaseNumbers(q ?? ctx.db.kysely, batch.map((b) => b.number));
    const cases: BulkCaseRow[] = [];
    const participants: BulkParticipantRow[] = [];
    const ids: string[] = [];
    for (const b of batch) {
      if (taken.has(b.number)) {
        fail(b.row, b.number, [{ column: numberColumn, path: 'number', code: 'number_taken', zh: `案号 ${b.number} 已在台账中`, en: `Case no. ${b.number} is already in the register` }]);
        continue;
      }
      report.valid++;
      // mode all: once a row is invalid nothing will be kept, so nothing more is written
      if (!q || (mode === 'all' && report.invalid)) continue;
      const id = newId();
      ids.push(id);
      const p = b.parsed;
      cases.push({
        id,
        org_id: orgOfCase(p.unitId),
        number: p.number,
        kind: p.kind,
        title: p.title,
        summary: p.summary,
        unit_id: p.unitId,
        decision_date: p.decisionDate,
        counterpart_name: p.counterpart.name,
        counterpart_type: p.counterpart.type,
        counterpart_id_no: p.counterpart.idNo,
        deliberation_date: p.deliberation?.date ?? null,
        deliberation_note: p.deliberation?.note ?? null,
        version: 1,
        created_at: by.now,
        updated_at: by.now,
      });
      // the same participant rows as the register's own create (createOriginalCaseInTx)
      let ordinal = 0;
      const push = (person_id: string, role: BulkParticipantRow['role'], extra: Partial<BulkParticipantRow> = {}): void => {
        participants.push({ id: newId(), case_id: id, person_id, role, level: null, opinion: null, is_chair: 0, note: null, ordinal: ordinal++, ...extra });
      };
      for (const h of p.handlers) push(h.personId, 'handler');
      for (const a of [...p.approvers].sort((x, y) => x.level - y.level)) push(a.personId, 'approver', { level: a.level });
      if (p.deliberation) for (const m of p.deliberation.members) push(m.personId, 'deliberation_member', { opinion: m.opinion, is_chair: m.personId === p.deliberation.chairId ? 1 : 0 });
      for (const l of p.instructingLeaders) push(l.personId, 'instructing_leader', { note: l.note });
      for (const a of p.assigners) push(a.personId, 'assigner', { note: a.note });
    }
    if (q && cases.length) {
      await insertOriginalCasesBatch(q, cases, participants);
      batches.push({ rows: [batch[0]!.row, batch[batch.length - 1]!.row], ids });
      report.imported += cases.length;
    }
  };

  const run = async (q: Tx | null): Promise<void> => {
    for await (const { row, cells } of readCsvRows(source, C)) {
      report.total++;
      const { errors, number, parsed } = originalCaseRowInput(cells, people, units);
      if (parsed && parsed.decisionDate > today) {
        errors.push({ column: decisionColumn, path: 'decisionDate', code: 'date_in_future', zh: `日期不能晚于今天（${today}）`, en: `The date cannot be after today (${today})` });
      }
      if (number) {
        const first = seen.get(number);
        if (first) errors.push({ column: numberColumn, path: 'number', code: 'number_repeated', zh: `案号 ${number} 与第 ${first} 行重复`, en: `Case no. ${number} repeats row ${first}` });
        else seen.set(number, row);
      }
      if (errors.length || !parsed) {
        fail(row, number || `#${row}`, errors);
        continue;
      }
      orgOfCase(parsed.unitId);
      pending.push({ row, number, parsed });
      if (pending.length >= batchSize) await flush(q);
    }
    await flush(q);
    if (!report.total) throw new AppError('VALIDATION_FAILED', { zh: '文件中没有数据行', en: 'The file has no data rows' });
  };

  if (!writes) {
    await run(null);
  } else {
    let attempts = 0;
    try {
      await inTransaction(ctx.db, async (tx) => {
        // the file is read once: a retried transaction (PostgreSQL serialization failure) cannot re-read it
        if (attempts++) throw new AppError('CONFLICT_STALE', { zh: '导入时与其他操作冲突，请重新导入', en: 'The import conflicted with another change: import the file again' });
        await run(tx);
        if (mode === 'all' && report.invalid) throw new RollBack();
        if (!report.imported) return;
        const idsHash = createHash('sha256');
        for (const [i, b] of batches.entries()) {
          for (const id of b.ids) idsHash.update(id);
          await appendAudit(tx, { actorId: by.actorId, action: 'original_case.import_batch', entityType: 'import', entityId: importId, orgId, after: { importId, batch: i + 1, rows: b.rows, ids: b.ids }, at: by.now });
        }
        await appendAudit(tx, {
          actorId: ctx.actor.userId,
          action: 'excel.import.original-cases',
          entityType: 'import',
          entityId: importId,
          orgId,
          after: { kind: 'original-cases', format: 'csv', mode, update: false, source: 'import', rows: report.total, imported: report.imported, invalid: report.invalid, skippedRows: skipped, batches: batches.length, idsSha256: idsHash.digest('hex') },
          at: by.now,
        });
      });
      report.committed = report.imported > 0;
    } catch (e) {
      if (!(e instanceof RollBack)) throw e;
      report.imported = 0;
    }
  }
  report.created = report.valid;
  return report;
}
