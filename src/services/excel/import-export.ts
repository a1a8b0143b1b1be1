// Import and export of the registers as Excel (issue 4): people with their enforcement
// certificates, and original enforcement cases with their participants (FL-8 needs who handled,
// approved, deliberated, instructed and assigned). Every row is validated with the registers'
// own zod schemas and reference checks before anything is written, and the report names each
// row's problems in Chinese and English. Nothing is imported when any row is invalid unless the
// caller asks to import the valid rows; the import then runs in one transaction through the
// registers' own `…InTx` functions, so each created record has its audit entry, plus one audit
// entry for the import itself.
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { fieldErrors } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import type { Ctx } from '../context';
import {
  certificateCreateSchema,
  createCertificateInTx,
  createOriginalCaseInTx,
  createPersonInTx,
  getCertificateRegisterForPeople,
  getOriginalCaseFull,
  loadUnits,
  originalCaseInputSchema,
  personCreateSchema,
  txActorOf,
  CERTIFICATE_STATUS_LABELS,
  DELIBERATION_OPINION_LABELS,
  ORIGINAL_CASE_KIND_LABELS,
  type OriginalCaseInput,
  type PersonCreateInput,
} from '../registers';
import { certificateStatusOn } from '../registers';
import { cellDate, cellList, cellText } from './cells';
import { COUNTERPART_BY_LABEL, KIND_BY_LABEL, OPINION_BY_LABEL, ORIGINAL_CASE_COLUMNS, PEOPLE_COLUMNS, type Column } from './sheets';
import { readSheet, writeWorkbook, type SheetRow } from './workbook';
import { DECISION_COLUMNS, OUTCOME_COLUMNS, UNIT_COLUMNS, planDecisions, planOutcomes, planUnits, writeDecisions, writeOutcomes, writeUnits, type DecisionPlan, type OutcomePlan, type UnitPlan } from './history-import';
import { historicalSubjects } from '../history/history-repo';
import { WC5_SOURCE_LABELS, OUTCOME_EFFECT_LABELS, UNIT_KIND_LABELS } from '../registers';
import type { Permission } from '../../policies/roles';

export const EXCEL_KINDS = ['people', 'original-cases', 'units', 'original-outcomes', 'decisions'] as const;
export type ExcelKind = (typeof EXCEL_KINDS)[number];
export const IMPORT_MODES = ['all', 'valid', 'check'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const rowErrorOut = z.object({ column: z.string().nullable(), path: z.string(), zh: z.string(), en: z.string() });
export const importReportOut = z.object({
  kind: z.enum(EXCEL_KINDS),
  mode: z.enum(IMPORT_MODES),
  /** true when the rows were written */
  committed: z.boolean(),
  total: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  imported: z.number().int(),
  rows: z.array(z.object({ row: z.number().int(), key: z.string(), ok: z.boolean(), errors: z.array(rowErrorOut) })),
});
export type ImportReport = z.infer<typeof importReportOut>;
type RowError = z.infer<typeof rowErrorOut>;

const COLUMNS: Record<ExcelKind, Column[]> = {
  people: PEOPLE_COLUMNS,
  'original-cases': ORIGINAL_CASE_COLUMNS,
  units: UNIT_COLUMNS,
  'original-outcomes': OUTCOME_COLUMNS,
  decisions: DECISION_COLUMNS,
};
const SHEET_NAMES: Record<ExcelKind, string> = { people: '人员', 'original-cases': '原执法案件', units: '单位', 'original-outcomes': '错案结果与国家赔偿', decisions: '历史处理决定' };

/** What an import of the kind needs: past accountability decisions are entered by the legal-affairs clerk only. */
export const importPermissionOf = (kind: ExcelKind): Permission => (kind === 'decisions' ? 'history.import' : 'registers.write');

function columnOf(columns: readonly Column[], key: string | undefined): string | null {
  const c = columns.find((x) => x.key === key);
  return c ? c.zh : null;
}

function err(columns: readonly Column[], key: string, zh: string, en: string): RowError {
  return { column: columnOf(columns, key), path: key, zh, en };
}

// ---------------------------------------------------------------------------------------------
// people
// ---------------------------------------------------------------------------------------------

interface PersonPlan {
  person: PersonCreateInput;
  certificate: { number: string; issuingAuthority: string; validFrom: string; validTo: string | null } | null;
}

const PERSON_PATH_TO_COLUMN: Record<string, string> = { name: 'name', unitId: 'unitShortCode', post: 'post', employeeNo: 'employeeNo', phone: 'phone', email: 'email' };
const CERT_PATH_TO_COLUMN: Record<string, string> = { number: 'certNumber', issuingAuthority: 'certAuthority', validFrom: 'certValidFrom', validTo: 'certValidTo' };

async function planPeople(ctx: Ctx, rows: SheetRow[]): Promise<{ row: number; key: string; errors: RowError[]; plan: PersonPlan | null }[]> {
  const C = PEOPLE_COLUMNS;
  const units = new Map((await loadUnits(ctx.db)).filter((u) => u.active).map((u) => [u.shortCode.toUpperCase(), u]));
  const q = ctx.db.kysely;
  const employeeNos = rows.map((r) => cellText(r.cells.employeeNo)).filter(Boolean);
  const certNos = rows.map((r) => cellText(r.cells.certNumber)).filter(Boolean);
  const takenEmp = new Set(employeeNos.length ? (await q.selectFrom('people').select('employee_no').where('employee_no', 'in', employeeNos).execute()).map((r) => r.employee_no) : []);
  const takenCert = new Set(certNos.length ? (await q.selectFrom('enforcement_certificates').select('number').where('number', 'in', certNos).execute()).map((r) => r.number) : []);
  const seenEmp = new Map<string, number>();
  const seenCert = new Map<string, number>();

  return rows.map(({ row, cells }) => {
    const errors: RowError[] = [];
    const name = cellText(cells.name);
    const code = cellText(cells.unitShortCode);
    const unit = units.get(code.toUpperCase());
    if (code && !unit) errors.push(err(C, 'unitShortCode', `单位简码“${code}”不存在或已停用`, `No active unit with short code "${code}"`));
    const person = {
      name,
      unitId: unit?.id ?? (code ? 'unknown' : ''),
      post: cellText(cells.post) || null,
      employeeNo: cellText(cells.employeeNo) || null,
      phone: cellText(cells.phone) || null,
      email: cellText(cells.email) || null,
    };
    const parsed = personCreateSchema.safeParse(person);
    if (!parsed.success) {
      for (const f of fieldErrors(parsed.error.issues as never)) {
        const key = PERSON_PATH_TO_COLUMN[f.path.split('.')[0] ?? ''] ?? f.path;
        if (key === 'unitShortCode' && code) continue; // already reported as an unknown code
        errors.push({ column: columnOf(C, key), path: key, zh: f.zh, en: f.en });
      }
    }
    if (person.employeeNo) {
      if (takenEmp.has(person.employeeNo)) errors.push(err(C, 'employeeNo', `工号 ${person.employeeNo} 已在台账中`, `Employee no. ${person.employeeNo} is already in the register`));
      const first = seenEmp.get(person.employeeNo);
      if (first) errors.push(err(C, 'employeeNo', `工号 ${person.employeeNo} 与第 ${first} 行重复`, `Employee no. ${person.employeeNo} repeats row ${first}`));
      else seenEmp.set(person.employeeNo, row);
    }
    let certificate: PersonPlan['certificate'] = null;
    const certNumber = cellText(cells.certNumber);
    const certAny = certNumber || cellText(cells.certAuthority) || cellText(cells.certValidFrom) || cellText(cells.certValidTo);
    if (certAny) {
      certificate = {
        number: certNumber,
        issuingAuthority: cellText(cells.certAuthority),
        validFrom: cellDate(cells.certValidFrom),
        validTo: cellDate(cells.certValidTo) || null,
      };
      const pc = certificateCreateSchema.safeParse({ ...certificate, personId: 'pending' });
      if (!pc.success) {
        for (const f of fieldErrors(pc.error.issues as never)) {
          const key = CERT_PATH_TO_COLUMN[f.path.split('.')[0] ?? ''] ?? f.path;
          errors.push({ column: columnOf(C, key), path: key, zh: f.zh, en: f.en });
        }
      }
      if (certNumber) {
        if (takenCert.has(certNumber)) errors.push(err(C, 'certNumber', `执法证号 ${certNumber} 已在台账中`, `Certificate no. ${certNumber} is already in the register`));
        const first = seenCert.get(certNumber);
        if (first) errors.push(err(C, 'certNumber', `执法证号 ${certNumber} 与第 ${first} 行重复`, `Certificate no. ${certNumber} repeats row ${first}`));
        else seenCert.set(certNumber, row);
      }
    }
    return { row, key: name || `#${row}`, errors, plan: errors.length ? null : { person, certificate } };
  });
}

// ---------------------------------------------------------------------------------------------
// original cases
// ---------------------------------------------------------------------------------------------

const CASE_PATH_TO_COLUMN: Record<string, string> = {
  number: 'number',
  kind: 'kind',
  title: 'title',
  summary: 'summary',
  unitId: 'unitShortCode',
  decisionDate: 'decisionDate',
  counterpart: 'counterpartName',
  'counterpart.name': 'counterpartName',
  'counterpart.type': 'counterpartType',
  'counterpart.idNo': 'counterpartIdNo',
  handlers: 'handlers',
  approvers: 'approvers',
  deliberation: 'deliberationMembers',
  'deliberation.date': 'deliberationDate',
  'deliberation.chairId': 'deliberationChair',
  'deliberation.members': 'deliberationMembers',
  instructingLeaders: 'instructingLeaders',
  assigners: 'assigners',
};

function columnForPath(path: string): string {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  for (let n = parts.length; n > 0; n--) {
    const k = CASE_PATH_TO_COLUMN[parts.slice(0, n).join('.')];
    if (k) return k;
  }
  return path;
}

async function planOriginalCases(ctx: Ctx, rows: SheetRow[]): Promise<{ row: number; key: string; errors: RowError[]; plan: OriginalCaseInput | null }[]> {
  const C = ORIGINAL_CASE_COLUMNS;
  const units = new Map((await loadUnits(ctx.db)).filter((u) => u.active).map((u) => [u.shortCode.toUpperCase(), u]));
  const q = ctx.db.kysely;
  const refs = new Set<string>();
  for (const { cells } of rows) {
    for (const k of ['handlers', 'approvers', 'instructingLeaders', 'assigners']) cellList(cells[k] ?? null).forEach((x) => refs.add(x));
    const chair = cellText(cells.deliberationChair);
    if (chair) refs.add(chair);
    cellList(cells.deliberationMembers ?? null).forEach((m) => refs.add(m.split(/[:：]/)[0]!.trim()));
  }
  const personByEmp = new Map<string, string>();
  if (refs.size) {
    for (const p of await q.selectFrom('people').select(['id', 'employee_no']).where('employee_no', 'in', [...refs]).execute()) personByEmp.set(p.employee_no!, p.id);
  }
  const numbers = rows.map((r) => cellText(r.cells.number)).filter(Boolean);
  const taken = new Set(numbers.length ? (await q.selectFrom('original_cases').select('number').where('number', 'in', numbers).execute()).map((r) => r.number) : []);
  const seen = new Map<string, number>();

  return rows.map(({ row, cells }) => {
    const errors: RowError[] = [];
    const person = (key: string, emp: string): string => {
      const id = personByEmp.get(emp);
      if (!id) errors.push(err(C, key, `工号 ${emp} 不在人员台账中`, `No person with employee no. ${emp} in the register`));
      return id ?? `unknown:${emp}`;
    };
    const number = cellText(cells.number);
    const code = cellText(cells.unitShortCode);
    const unit = units.get(code.toUpperCase());
    if (code && !unit) errors.push(err(C, 'unitShortCode', `单位简码“${code}”不存在或已停用`, `No active unit with short code "${code}"`));
    const kindText = cellText(cells.kind);
    const kind = KIND_BY_LABEL[kindText] ?? kindText;
    const cpText = cellText(cells.counterpartType);
    const cpType = COUNTERPART_BY_LABEL[cpText] ?? cpText;
    const deliberationDate = cellDate(cells.deliberationDate);
    const chair = cellText(cells.deliberationChair);
    const members = cellList(cells.deliberationMembers ?? null).map((m) => {
      const [emp, op] = m.split(/[:：]/).map((s) => s.trim());
      const opinion = OPINION_BY_LABEL[op ?? ''] ?? (op || 'agreed');
      return { personId: person('deliberationMembers', emp ?? ''), opinion };
    });
    const input = {
      number,
      kind,
      title: cellText(cells.title),
      summary: cellText(cells.summary) || null,
      unitId: unit?.id ?? (code ? 'unknown' : ''),
      decisionDate: cellDate(cells.decisionDate),
      counterpart: { name: cellText(cells.counterpartName), type: cpType, idNo: cellText(cells.counterpartIdNo) || null },
      handlers: cellList(cells.handlers ?? null).map((e) => ({ personId: person('handlers', e) })),
      approvers: cellList(cells.approvers ?? null).map((e, i) => ({ personId: person('approvers', e), level: i + 1 })),
      deliberation:
        deliberationDate || chair || members.length ? { date: deliberationDate, chairId: chair ? person('deliberationChair', chair) : '', members } : null,
      instructingLeaders: cellList(cells.instructingLeaders ?? null).map((e) => ({ personId: person('instructingLeaders', e) })),
      assigners: cellList(cells.assigners ?? null).map((e) => ({ personId: person('assigners', e) })),
    };
    const parsed = originalCaseInputSchema.safeParse(input);
    if (!parsed.success) {
      for (const f of fieldErrors(parsed.error.issues as never)) {
        const key = columnForPath(f.path);
        if (key === 'unitShortCode' && code) continue;
        // An unknown employee no. is already reported by name; the schema would only repeat it.
        if (f.zh.includes('unknown:')) continue;
        errors.push({ column: columnOf(C, key), path: key, zh: f.zh, en: f.en });
      }
    }
    if (number) {
      if (taken.has(number)) errors.push(err(C, 'number', `案号 ${number} 已在台账中`, `Case no. ${number} is already in the register`));
      const first = seen.get(number);
      if (first) errors.push(err(C, 'number', `案号 ${number} 与第 ${first} 行重复`, `Case no. ${number} repeats row ${first}`));
      else seen.set(number, row);
    }
    return { row, key: number || `#${row}`, errors, plan: errors.length ? null : (input as OriginalCaseInput) };
  });
}

// ---------------------------------------------------------------------------------------------
// import
// ---------------------------------------------------------------------------------------------

/**
 * Validate every row, then: `check` writes nothing; `all` writes every row only when all are
 * valid; `valid` writes the valid rows and reports the others.
 */
export async function importWorkbook(ctx: Ctx, kind: ExcelKind, buffer: Buffer, mode: ImportMode): Promise<ImportReport> {
  authorize(ctx.actor, importPermissionOf(kind));
  const sheetRows = await readSheet(buffer, COLUMNS[kind]);
  if (!sheetRows.length) throw new AppError('VALIDATION_FAILED', { zh: '文件中没有数据行', en: 'The file has no data rows' });
  const planners: Record<ExcelKind, (ctx: Ctx, rows: SheetRow[]) => Promise<{ row: number; key: string; errors: RowError[]; plan: unknown }[]>> = {
    people: planPeople,
    'original-cases': planOriginalCases,
    units: planUnits,
    'original-outcomes': planOutcomes,
    decisions: planDecisions,
  };
  const planned = await planners[kind](ctx, sheetRows);
  const valid = planned.filter((p) => p.plan);
  const invalid = planned.length - valid.length;
  const write = mode === 'valid' ? valid.length > 0 : mode === 'all' ? invalid === 0 : false;
  const report: ImportReport = {
    kind,
    mode,
    committed: false,
    total: planned.length,
    valid: valid.length,
    invalid,
    imported: 0,
    rows: planned.map((p) => ({ row: p.row, key: p.key, ok: p.errors.length === 0, errors: p.errors })),
  };
  if (!write) return report;
  const by = txActorOf(ctx);
  const importId = `${kind}:${by.now}`;
  await inTransaction(ctx.db, async (tx) => {
    const ids: string[] = [];
    if (kind === 'units') ids.push(...(await writeUnits(tx, by, valid.map((p) => p.plan as UnitPlan))));
    else if (kind === 'original-outcomes') ids.push(...(await writeOutcomes(tx, by, valid.map((p) => p.plan as OutcomePlan))));
    else if (kind === 'decisions') ids.push(...(await writeDecisions(tx, by, importId, valid.map((p) => p.plan as DecisionPlan))));
    else for (const p of valid) {
      if (kind === 'people') {
        const plan = p.plan as PersonPlan;
        const person = await createPersonInTx(tx, by, plan.person);
        if (plan.certificate) await createCertificateInTx(tx, by, { ...plan.certificate, personId: person.id });
        ids.push(person.id);
      } else {
        ids.push((await createOriginalCaseInTx(tx, by, p.plan as OriginalCaseInput)).id);
      }
    }
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: `excel.import.${kind}`,
      entityType: 'import',
      entityId: importId,
      after: { kind, mode, source: 'import', rows: planned.length, imported: ids.length, skippedRows: planned.filter((x) => !x.plan).map((x) => x.row), ids },
      at: by.now,
    });
  });
  report.committed = true;
  report.imported = valid.length;
  return report;
}

// ---------------------------------------------------------------------------------------------
// export and templates
// ---------------------------------------------------------------------------------------------

export async function exportWorkbook(ctx: Ctx, kind: ExcelKind): Promise<Buffer> {
  authorize(ctx.actor, 'registers.read');
  const q = ctx.db.kysely;
  const today = chinaDate(ctx.clock.now());
  const units = new Map((await loadUnits(ctx.db)).map((u) => [u.id, u]));
  if (kind === 'units') {
    const rows = [...units.values()].map((u) => ({ name: u.name, shortCode: u.shortCode, kind: UNIT_KIND_LABELS[u.kind].zh, parentShortCode: u.parentId ? (units.get(u.parentId)?.shortCode ?? '') : '', sortOrder: u.sortOrder }));
    return writeWorkbook([{ name: SHEET_NAMES.units, columns: UNIT_COLUMNS, rows }]);
  }
  if (kind === 'original-outcomes') {
    const outcomes = await q.selectFrom('original_case_outcomes').innerJoin('original_cases', 'original_cases.id', 'original_case_outcomes.case_id').select(['original_cases.number', 'original_case_outcomes.source', 'original_case_outcomes.effect', 'original_case_outcomes.issuer', 'original_case_outcomes.reference_no', 'original_case_outcomes.reference_date', 'original_case_outcomes.note']).orderBy('original_cases.number').execute();
    const comps = await q.selectFrom('original_case_compensations').innerJoin('original_cases', 'original_cases.id', 'original_case_compensations.case_id').select(['original_cases.number', 'original_case_compensations.amount_fen', 'original_case_compensations.paid_date', 'original_case_compensations.decision_no', 'original_case_compensations.note']).orderBy('original_cases.number').execute();
    const rows = [
      ...outcomes.map((o) => ({ caseNumber: o.number, source: o.source, effect: o.effect ? (OUTCOME_EFFECT_LABELS[o.effect as keyof typeof OUTCOME_EFFECT_LABELS]?.zh ?? o.effect) : '', issuer: o.issuer ?? '', referenceNo: o.reference_no, referenceDate: o.reference_date, compensationYuan: '', note: o.note ?? (WC5_SOURCE_LABELS[o.source as keyof typeof WC5_SOURCE_LABELS]?.zh ?? '') })),
      ...comps.map((c) => ({ caseNumber: c.number, source: '', effect: '', issuer: '', referenceNo: c.decision_no, referenceDate: c.paid_date, compensationYuan: Number(c.amount_fen) / 100, note: c.note ?? '' })),
    ];
    return writeWorkbook([{ name: SHEET_NAMES['original-outcomes'], columns: OUTCOME_COLUMNS, rows }]);
  }
  if (kind === 'decisions') {
    const subjects = await historicalSubjects(q);
    const empOf = new Map((await q.selectFrom('people').select(['id', 'employee_no']).execute()).map((p) => [p.id, p.employee_no ?? p.id]));
    const rows = subjects.map((s) => ({
      caseNumber: s.caseNumber,
      title: s.title ?? '',
      conductDate: s.conductDate,
      decidedOn: s.decidedOn,
      employeeNo: empOf.get(s.personId) ?? s.personId,
      forms: s.forms.join('、'),
      exempt: s.noAccountability ? '是' : '否',
      awardBarYear: s.awardBarYear ?? '',
      unitAwardBar: s.unitAwardBar ? '是' : '否',
      unitShortCode: s.unitId ? (units.get(s.unitId)?.shortCode ?? '') : '',
    }));
    return writeWorkbook([{ name: SHEET_NAMES.decisions, columns: DECISION_COLUMNS, rows }]);
  }
  if (kind === 'people') {
    const people = await q.selectFrom('people').selectAll().orderBy('unit_id').orderBy('name').execute();
    const certs = new Map((await getCertificateRegisterForPeople(ctx.db, people.map((p) => p.id))).map((c) => [c.personId, c.certificates]));
    const rows: Record<string, unknown>[] = [];
    const certRows: Record<string, unknown>[] = [];
    for (const p of people) {
      const list = certs.get(p.id) ?? [];
      const latest = list[list.length - 1];
      const unit = units.get(p.unit_id);
      rows.push({
        name: p.name,
        unitShortCode: unit?.shortCode ?? '',
        unitName: unit?.name ?? '',
        post: p.post ?? '',
        employeeNo: p.employee_no ?? '',
        phone: p.phone ?? '',
        email: p.email ?? '',
        certNumber: latest?.number ?? '',
        certAuthority: latest?.issuingAuthority ?? '',
        certValidFrom: latest?.validFrom ?? '',
        certValidTo: latest?.validTo ?? '',
        certStatus: latest ? CERTIFICATE_STATUS_LABELS[certificateStatusOn(latest, latest.history, today)].zh : '',
      });
      for (const c of list) {
        certRows.push({
          number: c.number,
          person: p.name,
          employeeNo: p.employee_no ?? '',
          authority: c.issuingAuthority,
          validFrom: c.validFrom,
          validTo: c.validTo ?? '长期',
          status: CERTIFICATE_STATUS_LABELS[certificateStatusOn(c, c.history, today)].zh,
          changes: c.history.map((h) => `${h.effectiveDate} ${CERTIFICATE_STATUS_LABELS[h.fromStatus].zh}→${CERTIFICATE_STATUS_LABELS[h.toStatus].zh}（${h.reason}）`).join('；'),
        });
      }
    }
    const CERT_COLUMNS: Column[] = [
      { key: 'number', zh: '执法证号', en: 'Certificate no.', width: 16 },
      { key: 'person', zh: '姓名', en: 'Name', width: 12 },
      { key: 'employeeNo', zh: '工号', en: 'Employee no.', width: 12 },
      { key: 'authority', zh: '发证机关', en: 'Issuing authority', width: 20 },
      { key: 'validFrom', zh: '有效期起', en: 'Valid from', width: 12 },
      { key: 'validTo', zh: '有效期止', en: 'Valid to', width: 12 },
      { key: 'status', zh: `状态（${today}）`, en: 'Status', width: 12 },
      { key: 'changes', zh: '状态变更记录', en: 'Status history', width: 50 },
    ];
    return writeWorkbook([
      { name: SHEET_NAMES.people, columns: PEOPLE_COLUMNS, rows },
      { name: '执法证', columns: CERT_COLUMNS, rows: certRows },
    ]);
  }
  const ids = (await q.selectFrom('original_cases').select('id').orderBy('decision_date').orderBy('number').execute()).map((r) => r.id);
  const rows: Record<string, unknown>[] = [];
  const empOf = new Map((await q.selectFrom('people').select(['id', 'employee_no']).execute()).map((p) => [p.id, p.employee_no ?? '']));
  const emp = (id: string): string => empOf.get(id) || id;
  for (const id of ids) {
    const c = await getOriginalCaseFull(ctx.db, id);
    if (!c) continue;
    rows.push({
      number: c.number,
      kind: ORIGINAL_CASE_KIND_LABELS[c.kind].zh,
      title: c.title,
      summary: c.summary ?? '',
      unitShortCode: units.get(c.unitId)?.shortCode ?? '',
      decisionDate: c.decisionDate,
      counterpartName: c.counterpart.name,
      counterpartType: c.counterpart.type === 'person' ? '个人' : '单位',
      counterpartIdNo: c.counterpart.idNo ?? '',
      handlers: c.handlers.map((h) => emp(h.personId)).join('、'),
      approvers: [...c.approvers].sort((a, b) => a.level - b.level).map((a) => emp(a.personId)).join('、'),
      deliberationDate: c.deliberation?.date ?? '',
      deliberationChair: c.deliberation ? emp(c.deliberation.chairId) : '',
      deliberationMembers: c.deliberation?.members.map((m) => `${emp(m.personId)}:${DELIBERATION_OPINION_LABELS[m.opinion].zh}`).join('、') ?? '',
      instructingLeaders: c.instructingLeaders.map((x) => emp(x.personId)).join('、'),
      assigners: c.assigners.map((x) => emp(x.personId)).join('、'),
      participantNames: c.involvement.map((i) => i.name).join('、'),
      wrong: c.wrong ? '是' : '否',
    });
  }
  return writeWorkbook([{ name: SHEET_NAMES['original-cases'], columns: ORIGINAL_CASE_COLUMNS, rows }]);
}

/** An empty workbook with the header and a notes row explaining each column. */
export async function templateWorkbook(ctx: Ctx, kind: ExcelKind): Promise<Buffer> {
  authorize(ctx.actor, 'registers.read');
  return writeWorkbook([{ name: SHEET_NAMES[kind], columns: COLUMNS[kind].filter((c) => !c.exportOnly), rows: [], notes: true }]);
}

export const fileNameOf = (kind: ExcelKind, what: 'export' | 'template', date: string): string =>
  `${what === 'template' ? '导入模板-' : ''}${SHEET_NAMES[kind]}-${date}.xlsx`;
