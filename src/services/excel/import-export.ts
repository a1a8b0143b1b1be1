// Import and export of the registers as Excel (issue 4): people with their enforcement
// certificates, and original enforcement cases with their participants (FL-8 needs who handled,
// approved, deliberated, instructed and assigned). Every row is validated with the registers'
// own zod schemas and reference checks before anything is written, and the report names each
// row's problems in Chinese and English. Nothing is imported when any row is invalid unless the
// caller asks to import the valid rows; the import then runs in one transaction through the
// registers' own `…InTx` functions, so each created record has its audit entry, plus one audit
// entry for the import itself. A row updating a record so that a fact accountability cases rest
// on changes needs its 更正理由 column (`withCorrections`), as the API edit needs its reason.
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { isNewNamesake, isNewTwin, maybeSameOfficer, personNameKey, type NamedRecord } from '../../lib/person-name';
import { fieldErrors } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { ctxForRecord } from '../orgs/acting-in';
import type { OrgRecordTable } from '../orgs/org-repo';
import { actorOrgId, mayReadOrg } from '../../policies/org-scope';
import { certificatesByNumbers, compensationsForExport, employeeNosOf, originalCaseIdsForExport, originalCasesByNumbers, outcomesForExport, peopleByEmployeeNos, peopleForExport, personIdsOfEmployeeNos } from '../../repositories/excel/import-export-repo';
import type { Ctx } from '../context';
import {
  certificateCreateSchema,
  createCertificateInTx,
  getCertificateRecord,
  originalCaseCorrectionNeed,
  postChangeNeed,
  qualificationCorrectionNeed,
  createOriginalCaseInTx,
  createPersonInTx,
  createUnitInTx,
  findUnitByShortCode,
  getCertificateRegisterForPeople,
  getOriginalCaseFull,
  loadUnits,
  originalCaseInputSchema,
  peopleOfNameKeys,
  personCreateSchema,
  personKeptNameSchema,
  registeredAs,
  SAME_NAME_HINT,
  SAME_NAME_REASON_ASKED,
  txActorOf,
  unitCreateSchema,
  updateCertificateInTx,
  updateOriginalCaseInTx,
  updatePersonInTx,
  updateUnitInTx,
  CERTIFICATE_STATUS_LABELS,
  DELIBERATION_OPINION_LABELS,
  ORIGINAL_CASE_KIND_LABELS,
  UNIT_KIND_LABELS,
  type OriginalCaseFull,
  type OriginalCaseInput,
  type OriginalCaseParsed,
  type CorrectionNeed,
  type InTxActor,
  type PersonCreateInput,
} from '../registers';
import { certificateStatusOn } from '../registers';
import { cellDate, cellList, cellText } from './cells';
import { COUNTERPART_BY_LABEL, KIND_BY_LABEL, OPINION_BY_LABEL, ORIGINAL_CASE_COLUMNS, PEOPLE_COLUMNS, UNIT_COLUMNS, type Column } from './sheets';
import { readSheet, writeWorkbook, type SheetRow } from './workbook';
import { DECISION_COLUMNS, OUTCOME_COLUMNS, planDecisions, planOutcomes, writeDecisions, writeOutcomes, type DecisionPlan, type OutcomePlan } from './history-import';
import { historicalSubjects } from '../../repositories/history/history-repo';
import { WC5_SOURCE_LABELS, OUTCOME_EFFECT_LABELS } from '../registers';
import type { Permission } from '../../policies/roles';

export const EXCEL_KINDS = ['units', 'people', 'original-cases', 'original-outcomes', 'decisions'] as const;
export type ExcelKind = (typeof EXCEL_KINDS)[number];
export const IMPORT_MODES = ['all', 'valid', 'check'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const rowErrorOut = z.object({
  column: z.string().nullable(),
  path: z.string(),
  /** stable code of the problem (original cases: unknown_unit, unknown_person, number_taken, number_repeated, date_in_future, or the schema's code; people and original cases: correction_reason_required — updating by key, the row changes a fact accountability cases rest on and its 更正理由 is empty —, too_long — the 更正理由 is longer than its register keeps) */
  code: z.string().optional(),
  zh: z.string(),
  en: z.string(),
});
/** What importing a row does: add a record, change one found by its key, leave it as it is, or nothing (invalid). */
export const ROW_ACTIONS = ['new', 'changed', 'unchanged', 'invalid'] as const;
export type RowAction = (typeof ROW_ACTIONS)[number];
export const rowChangeOut = z.object({ column: z.string(), from: z.string(), to: z.string() });
type RowChange = z.infer<typeof rowChangeOut>;
/** Which register fact a row corrects (the registers' own correction paths). */
export const CORRECTION_FACTS = ['original_case', 'certificate', 'post'] as const;
/**
 * A row updating a record by key whose change alters a fact accountability cases rest on: an
 * original case's participants, opinions, kind, decision date or unit (FL-5(1), FL-8), a
 * certificate's answer whether its holder was qualified on a date an open case reads (WC-6(2),
 * FL-8(5)), a post or unit a decision's execution set (FL-6(4), WC-10(5)). `cases`: their numbers;
 * `reason`: the row's 更正理由 (null: missing, and the row is invalid).
 */
export const rowCorrectionOut = z.object({ fact: z.enum(CORRECTION_FACTS), cases: z.array(z.string()), reason: z.string().nullable(), zh: z.string(), en: z.string() });
type RowCorrection = z.infer<typeof rowCorrectionOut>;
export const importReportOut = z.object({
  kind: z.enum(EXCEL_KINDS),
  mode: z.enum(IMPORT_MODES),
  /** rows whose key (employee no., unit short code, case number) is in the register update it */
  update: z.boolean(),
  /** true when the rows were written */
  committed: z.boolean(),
  total: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  imported: z.number().int(),
  /** among the valid rows: how many add, change, or leave a record unchanged */
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      key: z.string(),
      ok: z.boolean(),
      action: z.enum(ROW_ACTIONS),
      changes: z.array(rowChangeOut),
      /** what the row corrects of the facts accountability cases rest on (update by key only) */
      corrections: z.array(rowCorrectionOut),
      errors: z.array(rowErrorOut),
    }),
  ),
});
export type ImportReport = z.infer<typeof importReportOut>;
type RowError = z.infer<typeof rowErrorOut>;

const COLUMNS: Record<ExcelKind, Column[]> = {
  units: UNIT_COLUMNS,
  people: PEOPLE_COLUMNS,
  'original-cases': ORIGINAL_CASE_COLUMNS,
  'original-outcomes': OUTCOME_COLUMNS,
  decisions: DECISION_COLUMNS,
};
/** the column that finds the record when updating by key */
const KEY_COLUMN: Record<ExcelKind, string> = { units: 'shortCode', people: 'employeeNo', 'original-cases': 'number', 'original-outcomes': 'caseNumber', decisions: 'caseNumber' };
const SHEET_NAMES: Record<ExcelKind, string> = { units: '单位', people: '人员', 'original-cases': '原执法案件', 'original-outcomes': '错案结果与国家赔偿', decisions: '历史处理决定' };

/** What an import of the kind needs: past accountability decisions are entered by the legal-affairs clerk only. */
export const importPermissionOf = (kind: ExcelKind): Permission => (kind === 'decisions' ? 'history.import' : 'registers.write');

/** One planned row: its problems, or what writing it will do (`existing` = the record found by key). */
interface Planned<P> {
  row: number;
  key: string;
  errors: RowError[];
  plan: P | null;
  action: RowAction;
  changes: RowChange[];
  /** the facts accountability cases rest on that the row corrects (see `withCorrections`) */
  corrections: RowCorrection[];
  /** the row's 更正理由 (people and original cases), null when empty */
  reason: string | null;
}

/**
 * The columns whose text differs between the record as it is and as the row would make it,
 * both rendered the way the export writes them (so a re-imported export shows no change).
 */
function diffRows(columns: readonly Column[], before: Record<string, unknown>, after: Record<string, unknown>): RowChange[] {
  const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
  return columns
    .filter((c) => !c.exportOnly && text(before[c.key]) !== text(after[c.key]))
    .map((c) => ({ column: c.zh, from: text(before[c.key]), to: text(after[c.key]) }));
}

/**
 * Updating by key: a column left out of the sheet keeps the record's value (a present but empty
 * cell clears it). The absent columns are filled from the record as the export writes it.
 */
function withAbsentFrom(cells: SheetRow['cells'], current: Record<string, unknown>, keys: readonly string[]): SheetRow['cells'] {
  const out = { ...cells };
  for (const k of keys) if (!(k in cells)) out[k] = (current[k] ?? null) as SheetRow['cells'][string];
  return out;
}

/** new / changed / unchanged / invalid from the row's errors, whether its key exists, and its changes */
function actionOf(errors: RowError[], existing: boolean, changes: RowChange[]): RowAction {
  return errors.length ? 'invalid' : !existing ? 'new' : changes.length ? 'changed' : 'unchanged';
}

function columnOf(columns: readonly Column[], key: string | undefined): string | null {
  const c = columns.find((x) => x.key === key);
  return c ? c.zh : null;
}

function err(columns: readonly Column[], key: string, zh: string, en: string, code?: string): RowError {
  return { column: columnOf(columns, key), path: key, ...(code ? { code } : {}), zh, en };
}

// ---------------------------------------------------------------------------------------------
// corrections (更正理由)
// ---------------------------------------------------------------------------------------------

/** the longest 更正理由 a sheet takes: the post history keeps 200 characters, a case's correction 500 */
const REASON_MAX: Partial<Record<ExcelKind, number>> = { people: 200, 'original-cases': 500 };

/** The row's 更正理由 (null when empty), with an error when it is longer than its register keeps. */
function reasonOf(kind: ExcelKind, cells: SheetRow['cells'], errors: RowError[]): string | null {
  const reason = cellText(cells.correctionReason) || null;
  const max = REASON_MAX[kind] ?? 0;
  if (reason && reason.length > max) {
    errors.push(err(COLUMNS[kind], 'correctionReason', `更正理由不能超过 ${max} 个字（现 ${reason.length} 个字）`, `The correction reason may have at most ${max} characters (it has ${reason.length})`, 'too_long'));
  }
  return reason;
}

const CORRECTION_TEXT: Record<RowCorrection['fact'], (numbers: string) => { zh: string; en: string }> = {
  original_case: (n) => ({
    zh: `更正未结问责案件 ${n} 所依据的原执法案件事实（FL-5(1)、FL-8），理由记入上述案件`,
    en: `Corrects facts of the original case that open accountability case(s) ${n} rest on (FL-5(1), FL-8); the reason is kept on them`,
  }),
  certificate: (n) => ({
    zh: `更正未结问责案件 ${n} 据以认定执法资格的执法证登记（WC-6(2)、FL-8(5)），理由记入上述案件`,
    en: `Corrects the certificate entry open accountability case(s) ${n} read the holder's qualification from (WC-6(2), FL-8(5)); the reason is kept on them`,
  }),
  post: (n) => ({
    zh: `更改由处理决定（${n}）的执行调整的职务/单位（FL-6(4)、WC-10(5)），理由记入岗位变动记录`,
    en: `Changes a post or unit set by the execution of a decision (${n}, FL-6(4), WC-10(5)); the reason is kept in the post history`,
  }),
};

/**
 * A row that changes a registered record so that a fact accountability cases rest on changes —
 * `needs`, asked of the registers exactly as their own writes ask it — is a correction: with its
 * 更正理由 it is listed as one (the preview) and written through the registers' correction path
 * (the reason on each case's timeline or in the post history, the refusal to whoever must stand
 * aside, audit); without one it is the row's own error naming the cases, so `valid` imports the
 * other rows and `all` imports none. The write asks again in its transaction (a case opened
 * meanwhile refuses the whole import).
 */
function withCorrections<P>(columns: readonly Column[], p: Planned<P>, needs: { fact: RowCorrection['fact']; need: CorrectionNeed }[]): Planned<P> {
  if (!needs.length) return p;
  const corrections = needs.map(({ fact, need }) => ({ fact, cases: need.cases.map((c) => c.number), reason: p.reason, ...CORRECTION_TEXT[fact](need.cases.map((c) => c.number).join('、')) }));
  if (p.reason) return { ...p, corrections };
  const errors = [
    ...p.errors,
    ...needs.map(({ need }) =>
      err(columns, 'correctionReason', `本行须填写“更正理由”：${need.zh}`, `This row needs its 更正理由 (correction reason): ${need.en}`, 'correction_reason_required'),
    ),
  ];
  return { ...p, errors, plan: null, action: 'invalid', changes: [], corrections };
}

// ---------------------------------------------------------------------------------------------
// people
// ---------------------------------------------------------------------------------------------

interface PersonPlan {
  person: PersonCreateInput;
  certificate: { number: string; issuingAuthority: string; validFrom: string; validTo: string | null } | null;
  /** update by employee no.: the person found (with the unit and post it has), and their certificate with the row's number (if any) */
  existing: { id: string; version: number; unitId: string; post: string | null } | null;
  existingCert: { id: string; version: number } | null;
}

const PERSON_PATH_TO_COLUMN: Record<string, string> = { name: 'name', unitId: 'unitShortCode', post: 'post', employeeNo: 'employeeNo', phone: 'phone', email: 'email', sameNameReason: 'sameNameReason' };
const CERT_PATH_TO_COLUMN: Record<string, string> = { number: 'certNumber', issuingAuthority: 'certAuthority', validFrom: 'certValidFrom', validTo: 'certValidTo' };

/** A person (and one certificate) as the people sheet shows it. */
function personRowOf(
  p: { name: string; unitShortCode: string; post: string | null; employeeNo: string | null; phone: string | null; email: string | null },
  cert: { number: string; issuingAuthority: string; validFrom: string; validTo: string | null } | null,
): Record<string, unknown> {
  return {
    name: p.name,
    unitShortCode: p.unitShortCode,
    post: p.post ?? '',
    employeeNo: p.employeeNo ?? '',
    phone: p.phone ?? '',
    email: p.email ?? '',
    certNumber: cert?.number ?? '',
    certAuthority: cert?.issuingAuthority ?? '',
    certValidFrom: cert?.validFrom ?? '',
    certValidTo: cert?.validTo ?? '',
  };
}

async function planPeople(ctx: Ctx, rows: SheetRow[], update: boolean): Promise<Planned<PersonPlan>[]> {
  const C = PEOPLE_COLUMNS;
  const allUnits = await loadUnits(ctx.db, ctx.actor.orgScope);
  const units = new Map(allUnits.filter((u) => u.active).map((u) => [u.shortCode.toUpperCase(), u]));
  const codeOf = new Map(allUnits.map((u) => [u.id, u.shortCode]));
  const q = ctx.db.kysely;
  const employeeNos = rows.map((r) => cellText(r.cells.employeeNo)).filter(Boolean);
  const certNos = rows.map((r) => cellText(r.cells.certNumber)).filter(Boolean);
  const existingPeople = new Map(
    (await peopleByEmployeeNos(q, employeeNos)).map((p) => [p.employee_no!, p]),
  );
  const existingCerts = new Map(
    (await certificatesByNumbers(q, certNos)).map((c) => [c.number, c]),
  );
  const seenEmp = new Map<string, number>();
  const seenCert = new Map<string, number>();
  /** per planned row: the name, unit and employee no. it registers, when new or changed (the same-officer check below) */
  const named = new Map<number, NamedRow>();

  const planned = rows.map(({ row, cells: sheetCells }): Planned<PersonPlan> => {
    // issue 11: only a person of the importer's organisations is updated (or shown as before)
    const knownAny = update ? existingPeople.get(cellText(sheetCells.employeeNo)) : undefined;
    const known = knownAny && mayReadOrg(ctx.actor, knownAny.org_id) ? knownAny : undefined;
    const cells = known
      ? withAbsentFrom(
          sheetCells,
          personRowOf({ name: known.name, unitShortCode: codeOf.get(known.unit_id) ?? '', post: known.post, employeeNo: known.employee_no, phone: known.phone, email: known.email }, null),
          ['name', 'unitShortCode', 'post', 'phone', 'email'],
        )
      : sheetCells;
    const errors: RowError[] = [];
    const reason = reasonOf('people', sheetCells, errors);
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
      sameNameReason: cellText(sheetCells.sameNameReason) || null,
    };
    const found = person.employeeNo ? existingPeople.get(person.employeeNo) : undefined;
    const existing = update && found && mayReadOrg(ctx.actor, found.org_id) ? found : undefined;
    // a new record's name, or a changed one, holds only what a personal name holds (FL-5(1)); a
    // name stored before, left as it is, is not asked again
    const parsed = (existing && name === existing.name ? personKeptNameSchema : personCreateSchema).safeParse(person);
    if (!parsed.success) {
      for (const f of fieldErrors(parsed.error.issues as never)) {
        const key = PERSON_PATH_TO_COLUMN[f.path.split('.')[0] ?? ''] ?? f.path;
        if (key === 'unitShortCode' && code) continue; // already reported as an unknown code
        // a name holding a character a personal name does not (FL-5(1): personNameSchema) is coded
        errors.push({ column: columnOf(C, key), path: key, ...(key === 'name' && f.code === 'custom' ? { code: 'person_name' } : {}), zh: f.zh, en: f.en });
      }
    }
    if (person.employeeNo) {
      if (found && !existing) errors.push(err(C, 'employeeNo', `工号 ${person.employeeNo} 已在台账中`, `Employee no. ${person.employeeNo} is already in the register`));
      const first = seenEmp.get(person.employeeNo);
      if (first) errors.push(err(C, 'employeeNo', `工号 ${person.employeeNo} 与第 ${first} 行重复`, `Employee no. ${person.employeeNo} repeats row ${first}`));
      else seenEmp.set(person.employeeNo, row);
    }
    let certificate: PersonPlan['certificate'] = null;
    let existingCert: PersonPlan['existingCert'] = null;
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
        const cert = existingCerts.get(certNumber);
        // Updating a person: their own certificate with this number is corrected, not added again.
        if (cert && existing && cert.person_id === existing.id) existingCert = { id: cert.id, version: Number(cert.version) };
        else if (cert) errors.push(err(C, 'certNumber', `执法证号 ${certNumber} 已在台账中`, `Certificate no. ${certNumber} is already in the register`));
        const first = seenCert.get(certNumber);
        if (first) errors.push(err(C, 'certNumber', `执法证号 ${certNumber} 与第 ${first} 行重复`, `Certificate no. ${certNumber} repeats row ${first}`));
        else seenCert.set(certNumber, row);
      }
    }
    if (unit && name && (!existing || name !== existing.name || unit.id !== existing.unit_id || person.employeeNo !== existing.employee_no)) {
      named.set(row, {
        name,
        unitId: unit.id,
        employeeNo: person.employeeNo,
        exceptId: existing?.id ?? null,
        before: existing ? { name: existing.name, unitId: existing.unit_id, employeeNo: existing.employee_no } : null,
        sameNameReason: person.sameNameReason,
      });
    }
    let changes: RowChange[] = [];
    if (existing && !errors.length) {
      const oldCert = existingCert ? existingCerts.get(certNumber)! : null;
      const before = personRowOf(
        { name: existing.name, unitShortCode: codeOf.get(existing.unit_id) ?? '', post: existing.post, employeeNo: existing.employee_no, phone: existing.phone, email: existing.email },
        oldCert ? { number: oldCert.number, issuingAuthority: oldCert.issuing_authority, validFrom: oldCert.valid_from, validTo: oldCert.valid_to } : null,
      );
      const after = personRowOf({ ...person, unitShortCode: unit?.shortCode ?? code }, certificate);
      // A row without certificate columns leaves the person's certificates alone.
      if (!certificate) for (const k of Object.keys(CERT_PATH_TO_COLUMN)) after[CERT_PATH_TO_COLUMN[k]!] = before[CERT_PATH_TO_COLUMN[k]!];
      changes = diffRows(C, before, after);
    }
    return {
      row,
      key: person.employeeNo || name || `#${row}`,
      errors,
      plan: errors.length ? null : { person, certificate, existing: existing ? { id: existing.id, version: Number(existing.version), unitId: existing.unit_id, post: existing.post } : null, existingCert },
      action: actionOf(errors, Boolean(existing), changes),
      changes,
      corrections: [],
      reason,
    };
  });
  const checked = await sameOfficerRows(ctx, planned, named);
  const out: Planned<PersonPlan>[] = [];
  for (const p of checked) out.push(p.plan && p.action === 'changed' ? withCorrections(C, p, await personCorrectionNeeds(ctx, p.plan)) : p);
  return out;
}

/**
 * What writing a person row changes of the facts cases rest on, asked as `updatePersonInTx`
 * (a unit or post a decision set) and the certificate writes (`qualificationCorrectionNeed`) ask it.
 */
async function personCorrectionNeeds(ctx: Ctx, plan: PersonPlan): Promise<{ fact: RowCorrection['fact']; need: CorrectionNeed }[]> {
  const out: { fact: RowCorrection['fact']; need: CorrectionNeed }[] = [];
  if (!plan.existing) return out;
  const moves = plan.person.unitId !== plan.existing.unitId || (plan.person.post ?? null) !== (plan.existing.post ?? null);
  const post = moves ? await postChangeNeed(ctx.db, plan.existing.id) : null;
  if (post) out.push({ fact: 'post', need: post });
  if (plan.certificate) {
    const before = plan.existingCert ? await getCertificateRecord(ctx.db, plan.existingCert.id) : null;
    const after = { validFrom: plan.certificate.validFrom, validTo: plan.certificate.validTo, history: before?.history ?? [] };
    const cert = await qualificationCorrectionNeed(ctx.db, plan.existing.id, before, after);
    if (cert) out.push({ fact: 'certificate', need: cert });
  }
  return out;
}

/** A people row's name, unit and employee no., when it adds a record or changes one of them. */
interface NamedRow extends NamedRecord {
  employeeNo: string | null;
  /** updating by key: the record found (not compared with itself) … */
  exceptId: string | null;
  /** … and its name, unit and employee no. as they stand (a pair it was already in is not new) */
  before: NamedRecord | null;
  /** the row's 同名人员理由 (确认为不同人员的理由) */
  sameNameReason: string | null;
}

/**
 * One officer, one record (FL-5(1) 回避, FL-10(6) 多次; people-service.ts#assertNotSameOfficer, which
 * the write runs again under the lock): a row that would register a second record of a name in a
 * unit — beside the register's, or an earlier valid row's of the file — is the row's own error,
 * unless both carry their own employee numbers; and even then the row needs its 同名人员理由 (the
 * clerk's reason that they are two people), else that is its error.
 */
async function sameOfficerRows(ctx: Ctx, planned: Planned<PersonPlan>[], named: ReadonlyMap<number, NamedRow>): Promise<Planned<PersonPlan>[]> {
  const C = PEOPLE_COLUMNS;
  const keyOf = (unitId: string, name: string) => `${unitId}\u0000${personNameKey(name)}`;
  const registered = new Map<string, Awaited<ReturnType<typeof peopleOfNameKeys>>>();
  const all = [...named.values()];
  for (const o of await peopleOfNameKeys(ctx.db, all.map((n) => n.unitId), all.map((n) => personNameKey(n.name)))) {
    const k = `${o.unit_id}\u0000${o.name_key ?? ''}`;
    registered.set(k, [...(registered.get(k) ?? []), o]);
  }
  const earlier = new Map<string, { row: number; employeeNo: string | null }[]>();
  return planned.map((p) => {
    const n = named.get(p.row);
    if (!n || p.errors.length) return p;
    const k = keyOf(n.unitId, n.name);
    const errors: RowError[] = [];
    const others = (registered.get(k) ?? []).filter((o) => o.id !== n.exceptId).map((o) => ({ o, rec: { unitId: o.unit_id, nameKey: o.name_key, employeeNo: o.employee_no } }));
    const twin = others.find((x) => isNewTwin(n, x.rec, n.before))?.o;
    if (twin) {
      const who = registeredAs(twin);
      errors.push(err(C, 'name', `与台账中的${who.zh}同名同单位，同一人不得重复登记。${SAME_NAME_HINT.zh}`, `Same name and unit as ${who.en} in the register: one officer has one record. ${SAME_NAME_HINT.en}`, 'person_duplicate'));
    }
    const rows = earlier.get(k) ?? [];
    const first = rows.find((e) => maybeSameOfficer(n.employeeNo, e.employeeNo));
    if (first) {
      errors.push(err(C, 'name', `与第 ${first.row} 行同名同单位，同一人不得重复登记。${SAME_NAME_HINT.zh}`, `Same name and unit as row ${first.row}: one officer has one record. ${SAME_NAME_HINT.en}`, 'person_duplicate'));
    }
    if (!errors.length && !n.sameNameReason) {
      // two people of one name, each with an employee number: on record only with the reason
      const namesake = others.find((x) => isNewNamesake(n, x.rec, n.before))?.o;
      const who = namesake ? registeredAs(namesake) : rows[0] ? { zh: `（第 ${rows[0].row} 行）`, en: ` (row ${rows[0].row})` } : null;
      if (who) errors.push(err(C, 'sameNameReason', `${SAME_NAME_REASON_ASKED.zh}${who.zh}${SAME_NAME_REASON_ASKED.zhTail}`, `${SAME_NAME_REASON_ASKED.en}${who.en}${SAME_NAME_REASON_ASKED.enTail}`, 'same_name_reason_required'));
    }
    if (!errors.length) {
      earlier.set(k, [...rows, { row: p.row, employeeNo: n.employeeNo }]);
      return p;
    }
    return { ...p, errors, plan: null, action: 'invalid' as const, changes: [] };
  });
}

// ---------------------------------------------------------------------------------------------
// units
// ---------------------------------------------------------------------------------------------

interface UnitPlan {
  input: { name: string; shortCode: string; kind: string; parentShortCode: string; sortOrder: number | undefined };
  existing: { id: string; version: number } | null;
}

const UNIT_KIND_BY_LABEL: Record<string, string> = Object.fromEntries(
  Object.entries(UNIT_KIND_LABELS).flatMap(([k, l]) => [
    [l.zh, k],
    [k, k],
  ]),
);

const unitRowOf = (u: { name: string; shortCode: string; kind: string; parentShortCode: string; sortOrder: number | undefined }): Record<string, unknown> => ({
  name: u.name,
  shortCode: u.shortCode,
  kind: UNIT_KIND_LABELS[u.kind as keyof typeof UNIT_KIND_LABELS]?.zh ?? u.kind,
  parentShortCode: u.parentShortCode,
  sortOrder: u.sortOrder ?? '',
});

async function planUnits(ctx: Ctx, rows: SheetRow[], update: boolean): Promise<Planned<UnitPlan>[]> {
  const C = UNIT_COLUMNS;
  const all = await loadUnits(ctx.db);
  // issue 11: only units of the importer's organisations are updated (or shown as before)
  const inScope = new Set((await loadUnits(ctx.db, ctx.actor.orgScope)).map((u) => u.id));
  const byCode = new Map(all.map((u) => [u.shortCode.toUpperCase(), u]));
  const codeOf = new Map(all.map((u) => [u.id, u.shortCode]));
  const seen = new Map<string, number>();
  return rows.map(({ row, cells: sheetCells }) => {
    const knownAny = update ? byCode.get(cellText(sheetCells.shortCode).toUpperCase()) : undefined;
    const known = knownAny && inScope.has(knownAny.id) ? knownAny : undefined;
    const cells = known
      ? withAbsentFrom(
          sheetCells,
          unitRowOf({ name: known.name, shortCode: known.shortCode, kind: known.kind, parentShortCode: known.parentId ? (codeOf.get(known.parentId) ?? '') : '', sortOrder: known.sortOrder }),
          ['name', 'kind', 'parentShortCode', 'sortOrder'],
        )
      : sheetCells;
    const errors: RowError[] = [];
    const shortCode = cellText(cells.shortCode).toUpperCase();
    const kindText = cellText(cells.kind);
    const parentShortCode = cellText(cells.parentShortCode).toUpperCase();
    const sortText = cellText(cells.sortOrder);
    const input = { name: cellText(cells.name), shortCode, kind: UNIT_KIND_BY_LABEL[kindText] ?? kindText, parentShortCode, sortOrder: sortText ? Number(sortText) : undefined };
    const parsed = unitCreateSchema.safeParse({ name: input.name, shortCode, kind: input.kind, parentId: parentShortCode || null, sortOrder: input.sortOrder });
    if (!parsed.success) {
      for (const f of fieldErrors(parsed.error.issues as never)) {
        const key = f.path.split('.')[0] === 'parentId' ? 'parentShortCode' : (f.path.split('.')[0] ?? f.path);
        errors.push({ column: columnOf(C, key), path: key, zh: f.zh, en: f.en });
      }
    }
    const found = shortCode ? byCode.get(shortCode) : undefined;
    const existing = update && found && inScope.has(found.id) ? found : undefined;
    if (found && !existing) errors.push(err(C, 'shortCode', `单位简码 ${shortCode} 已在台账中`, `Unit short code ${shortCode} is already in the register`));
    if (shortCode) {
      const first = seen.get(shortCode);
      if (first) errors.push(err(C, 'shortCode', `单位简码 ${shortCode} 与第 ${first} 行重复`, `Unit short code ${shortCode} repeats row ${first}`));
      else seen.set(shortCode, row);
    }
    // A parent is a unit already registered or one added by an earlier row of the file.
    if (parentShortCode && !byCode.has(parentShortCode) && !(seen.has(parentShortCode) && seen.get(parentShortCode)! < row)) {
      errors.push(err(C, 'parentShortCode', `上级单位简码“${parentShortCode}”不存在`, `No unit with short code "${parentShortCode}"`));
    }
    if (existing && parentShortCode !== (existing.parentId ? (codeOf.get(existing.parentId) ?? '') : '')) {
      errors.push(err(C, 'parentShortCode', '导入不调整上级单位，请在单位页面“调整上级”', 'The import does not move units: use Move on the units page'));
    }
    let changes: RowChange[] = [];
    if (existing && !errors.length) {
      changes = diffRows(
        C,
        unitRowOf({ name: existing.name, shortCode: existing.shortCode, kind: existing.kind, parentShortCode, sortOrder: existing.sortOrder }),
        unitRowOf({ ...input, sortOrder: input.sortOrder ?? existing.sortOrder }),
      );
    }
    return {
      row,
      key: shortCode || `#${row}`,
      errors,
      plan: errors.length ? null : { input, existing: existing ? { id: existing.id, version: existing.version } : null },
      action: actionOf(errors, Boolean(existing), changes),
      changes,
      corrections: [],
      reason: null,
    };
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

interface CaseLike {
  number: string;
  kind: string;
  title: string;
  summary: string | null;
  unitId: string;
  decisionDate: string;
  counterpart: { name: string; type: string; idNo: string | null };
  handlers: { personId: string }[];
  approvers: { personId: string; level: number }[];
  deliberation: { date: string; chairId: string; members: { personId: string; opinion: string }[] } | null;
  instructingLeaders: { personId: string }[];
  assigners: { personId: string }[];
}

/** An original case as the sheet shows it: people by employee no., units by short code, labels in Chinese. */
function caseRowOf(c: CaseLike, unitCode: (id: string) => string, emp: (id: string) => string): Record<string, unknown> {
  return {
    number: c.number,
    kind: ORIGINAL_CASE_KIND_LABELS[c.kind as keyof typeof ORIGINAL_CASE_KIND_LABELS]?.zh ?? c.kind,
    title: c.title,
    summary: c.summary ?? '',
    unitShortCode: unitCode(c.unitId),
    decisionDate: c.decisionDate,
    counterpartName: c.counterpart.name,
    counterpartType: c.counterpart.type === 'person' ? '个人' : '单位',
    counterpartIdNo: c.counterpart.idNo ?? '',
    handlers: c.handlers.map((h) => emp(h.personId)).join('、'),
    approvers: [...c.approvers]
      .sort((a, b) => a.level - b.level)
      .map((a) => emp(a.personId))
      .join('、'),
    deliberationDate: c.deliberation?.date ?? '',
    deliberationChair: c.deliberation ? emp(c.deliberation.chairId) : '',
    deliberationMembers: c.deliberation?.members.map((m) => `${emp(m.personId)}:${DELIBERATION_OPINION_LABELS[m.opinion as keyof typeof DELIBERATION_OPINION_LABELS]?.zh ?? m.opinion}`).join('、') ?? '',
    instructingLeaders: c.instructingLeaders.map((x) => emp(x.personId)).join('、'),
    assigners: c.assigners.map((x) => emp(x.personId)).join('、'),
  };
}

/**
 * One row of the original-cases sheet (or CSV) → the case input for the registers' schema, with
 * the row's problems (unknown unit or employee no., the schema's own checks) in Chinese and
 * English. `personByEmp`: employee no. → person id; `units`: upper-cased short code → active unit.
 */
export function originalCaseRowInput(
  cells: SheetRow['cells'],
  personByEmp: ReadonlyMap<string, string>,
  units: ReadonlyMap<string, { id: string }>,
): { input: OriginalCaseInput; errors: RowError[]; number: string; parsed: OriginalCaseParsed | null } {
  const C = ORIGINAL_CASE_COLUMNS;
    const errors: RowError[] = [];
  const person = (key: string, emp: string): string => {
    const id = personByEmp.get(emp);
    if (!id) errors.push(err(C, key, `工号 ${emp} 不在人员台账中`, `No person with employee no. ${emp} in the register`, 'unknown_person'));
    return id ?? `unknown:${emp}`;
  };
  const number = cellText(cells.number);
  const code = cellText(cells.unitShortCode);
  const unit = units.get(code.toUpperCase());
  if (code && !unit) errors.push(err(C, 'unitShortCode', `单位简码“${code}”不存在或已停用`, `No active unit with short code "${code}"`, 'unknown_unit'));
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
      errors.push({ column: columnOf(C, key), path: key, code: f.code, zh: f.zh, en: f.en });
    }
  }
  return { input: input as OriginalCaseInput, errors, number, parsed: parsed.success ? parsed.data : null };
}

interface CasePlan {
  input: OriginalCaseInput;
  existing: { id: string; version: number } | null;
}

async function planOriginalCases(ctx: Ctx, rows: SheetRow[], update: boolean): Promise<Planned<CasePlan>[]> {
  const C = ORIGINAL_CASE_COLUMNS;
  const allUnits = await loadUnits(ctx.db, ctx.actor.orgScope);
  const units = new Map(allUnits.filter((u) => u.active).map((u) => [u.shortCode.toUpperCase(), u]));
  const unitCode = (id: string): string => allUnits.find((u) => u.id === id)?.shortCode ?? '';
  const q = ctx.db.kysely;
  const refs = new Set<string>();
  for (const { cells } of rows) {
    for (const k of ['handlers', 'approvers', 'instructingLeaders', 'assigners']) cellList(cells[k] ?? null).forEach((x) => refs.add(x));
    const chair = cellText(cells.deliberationChair);
    if (chair) refs.add(chair);
    cellList(cells.deliberationMembers ?? null).forEach((m) => refs.add(m.split(/[:：]/)[0]!.trim()));
  }
  const personByEmp = await personIdsOfEmployeeNos(q, [...refs], ctx.actor);
  const numbers = rows.map((r) => cellText(r.cells.number)).filter(Boolean);
  const takenRows = await originalCasesByNumbers(q, numbers);
  const taken = new Map(takenRows.map((r) => [r.number, r.id]));
  const existingCases = new Map<string, OriginalCaseFull>();
  // issue 11: only a case of the importer's organisations is updated (or shown as before)
  if (update) for (const r of takenRows) if (mayReadOrg(ctx.actor, r.orgId)) existingCases.set(r.number, (await getOriginalCaseFull(ctx.db, r.id))!);
  const empOf = new Map<string, string>();
  for (const c of existingCases.values()) for (const i of c.involvement) empOf.set(i.personId, '');
  for (const [id, no] of await employeeNosOf(q, { ids: [...empOf.keys()] })) empOf.set(id, no ?? '');
  for (const [emp, id] of personByEmp) empOf.set(id, emp);
  const emp = (id: string): string => empOf.get(id) || id;
  // the current participants, for columns left out of an update sheet
  for (const [id, e] of empOf) if (!personByEmp.has(e || id)) personByEmp.set(e || id, id);
  const seen = new Map<string, number>();

  const planned = rows.map(({ row, cells: sheetCells }) => {
    const known = update ? existingCases.get(cellText(sheetCells.number)) : undefined;
    const cells = known
      ? withAbsentFrom(
          sheetCells,
          caseRowOf(known, unitCode, emp),
          C.filter((c) => !c.exportOnly && c.key !== 'number').map((c) => c.key),
        )
      : sheetCells;
    const { input, errors, number, parsed } = originalCaseRowInput(cells, personByEmp, units);
    const reason = reasonOf('original-cases', sheetCells, errors);
    const existing = update ? existingCases.get(number) : undefined;
    if (number) {
      if (taken.has(number) && !existing) errors.push(err(C, 'number', `案号 ${number} 已在台账中`, `Case no. ${number} is already in the register`, 'number_taken'));
      const first = seen.get(number);
      if (first) errors.push(err(C, 'number', `案号 ${number} 与第 ${first} 行重复`, `Case no. ${number} repeats row ${first}`, 'number_repeated'));
      else seen.set(number, row);
    }
    const changes = existing && !errors.length ? diffRows(C, caseRowOf(existing, unitCode, emp), caseRowOf(input as CaseLike, unitCode, emp)) : [];
    const p: Planned<CasePlan> = {
      row,
      key: number || `#${row}`,
      errors,
      plan: errors.length ? null : { input: input as OriginalCaseInput, existing: existing ? { id: existing.id, version: existing.version } : null },
      action: actionOf(errors, Boolean(existing), changes),
      changes,
      corrections: [],
      reason,
    };
    return { p, existing, parsed };
  });
  // a correction of the facts open cases rest on, asked as `updateOriginalCaseInTx` asks it
  const out: Planned<CasePlan>[] = [];
  for (const { p, existing, parsed } of planned) {
    const need = p.plan && p.action === 'changed' && existing && parsed ? await originalCaseCorrectionNeed(ctx.db, existing.id, existing, parsed) : null;
    out.push(need ? withCorrections(C, p, [{ fact: 'original_case', need }]) : p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// import
// ---------------------------------------------------------------------------------------------

/**
 * Validate every row, then: `check` writes nothing (the preview); `all` writes every row only
 * when all are valid; `valid` writes the valid rows and reports the others. With `update`, a row
 * whose key is already registered (employee no., unit short code, case number) changes that
 * record through the same `…InTx` function as the API edit (same checks, audit with before and
 * after); an unchanged row writes nothing. Without it such a row is invalid (a duplicate).
 */
export async function importWorkbook(ctx: Ctx, kind: ExcelKind, buffer: Buffer, mode: ImportMode, update = false): Promise<ImportReport> {
  authorize(ctx.actor, importPermissionOf(kind));
  return importRows(ctx, kind, await readSheet(buffer, COLUMNS[kind], update ? [KEY_COLUMN[kind]] : undefined), mode, update);
}

/** The columns of each kind's sheet, and those an import must have (CSV import reads the same header). */
export const columnsOf = (kind: ExcelKind, update: boolean): { columns: readonly Column[]; required: readonly string[] | undefined } => ({
  columns: COLUMNS[kind],
  required: update ? [KEY_COLUMN[kind]] : undefined,
});

/** The existing register record a planned row writes to (its table and id); null for a new record or a decision. */
function existingRecordOf(kind: ExcelKind, plan: unknown): [OrgRecordTable, string] | null {
  if (kind === 'people') return (plan as PersonPlan).existing ? ['people', (plan as PersonPlan).existing!.id] : null;
  if (kind === 'units') return (plan as UnitPlan).existing ? ['units', (plan as UnitPlan).existing!.id] : null;
  if (kind === 'original-cases') return (plan as CasePlan).existing ? ['original_cases', (plan as CasePlan).existing!.id] : null;
  if (kind === 'original-outcomes') return ['original_cases', (plan as OutcomePlan).caseId];
  return null;
}

/**
 * The existing unit a new record of a planned row hangs under — a person's unit, an original
 * case's unit, a unit's parent — whose organisation the record is created in; null for an
 * update, a history row, or a unit whose parent is a row of the same file (or none).
 */
async function newRecordParentOf(ctx: Ctx, kind: ExcelKind, plan: unknown): Promise<string | null> {
  if (kind === 'people') return (plan as PersonPlan).existing ? null : (plan as PersonPlan).person.unitId;
  if (kind === 'original-cases') return (plan as CasePlan).existing ? null : (plan as CasePlan).input.unitId;
  if (kind === 'units') {
    const u = plan as UnitPlan;
    return u.existing || !u.input.parentShortCode ? null : ((await findUnitByShortCode(ctx.db, u.input.parentShortCode))?.id ?? null);
  }
  return null;
}

/** `importWorkbook` on rows already read (from a workbook or a CSV file). */
export async function importRows(ctx: Ctx, kind: ExcelKind, sheetRows: SheetRow[], mode: ImportMode, update = false): Promise<ImportReport> {
  authorize(ctx.actor, importPermissionOf(kind));
  if (!sheetRows.length) throw new AppError('VALIDATION_FAILED', { zh: '文件中没有数据行', en: 'The file has no data rows' });
  const planned: Planned<unknown>[] =
    kind === 'people'
      ? await planPeople(ctx, sheetRows, update)
      : kind === 'units'
        ? await planUnits(ctx, sheetRows, update)
        : kind === 'original-cases'
          ? await planOriginalCases(ctx, sheetRows, update)
          : // history (issue 12 point 5): rows are only ever added
            (kind === 'original-outcomes' ? await planOutcomes(ctx, sheetRows) : await planDecisions(ctx, sheetRows)).map((p) => ({
              ...p,
              action: actionOf(p.errors, false, []),
              changes: [],
              corrections: [],
              reason: null,
            }));
  const valid = planned.filter((p) => p.plan);
  const invalid = planned.length - valid.length;
  const write = mode === 'valid' ? valid.length > 0 : mode === 'all' ? invalid === 0 : false;
  const count = (a: RowAction) => planned.filter((p) => p.action === a).length;
  const report: ImportReport = {
    kind,
    mode,
    update,
    committed: false,
    total: planned.length,
    valid: valid.length,
    invalid,
    imported: 0,
    created: count('new'),
    updated: count('changed'),
    unchanged: count('unchanged'),
    rows: planned.map((p) => ({ row: p.row, key: p.key, ok: p.errors.length === 0, action: p.action, changes: p.changes, corrections: p.corrections, errors: p.errors })),
  };
  if (!write) return report;
  // issue 11: an existing record is updated with the roles held in ITS organisation (acting-in),
  // never with the home roles lent to every organisation read (a clerk at home who supervises)
  for (const p of valid) {
    if (p.action === 'unchanged') continue;
    const target = existingRecordOf(kind, p.plan);
    if (target) authorize((await ctxForRecord(ctx, target[0], target[1])).actor, 'registers.write');
  }
  const by = txActorOf(ctx);
  // issue 11: a new record is created in the organisation of the unit it hangs under, with the
  // roles held there (as the API's create; the whole import refused without them)
  const createIn = new Map<Planned<unknown>, InTxActor>();
  for (const p of valid) {
    if (p.action !== 'new') continue;
    const parentId = await newRecordParentOf(ctx, kind, p.plan);
    if (!parentId) continue;
    const there = await ctxForRecord(ctx, 'units', parentId);
    authorize(there.actor, 'registers.write');
    if (there !== ctx) createIn.set(p, { ...by, orgId: actorOrgId(there.actor), orgScope: there.actor.orgScope, actor: there.actor });
  }
  const importId = `${kind}:${by.now}`;
  await inTransaction(ctx.db, async (tx) => {
    const ids: string[] = [];
    const updatedIds: string[] = [];
    if (kind === 'original-outcomes') ids.push(...(await writeOutcomes(tx, by, valid.map((p) => p.plan as OutcomePlan))));
    else if (kind === 'decisions') ids.push(...(await writeDecisions(tx, by, importId, valid.map((p) => p.plan as DecisionPlan))));
    else for (const p of valid) {
      if (p.action === 'unchanged') continue;
      if (kind === 'people') {
        const plan = p.plan as PersonPlan;
        if (plan.existing) {
          // the row's 更正理由 goes to each edit as the API's reason would (its post-history entry, a certificate's correction)
          const { unitId, name, post, employeeNo, phone, email, sameNameReason } = plan.person;
          await updatePersonInTx(tx, by, plan.existing.id, { name, unitId, post, employeeNo, phone, email, sameNameReason, version: plan.existing.version, postChangeReason: p.reason });
          if (plan.certificate && plan.existingCert) {
            const { issuingAuthority, validFrom, validTo } = plan.certificate;
            await updateCertificateInTx(tx, by, plan.existingCert.id, { issuingAuthority, validFrom, validTo, version: plan.existingCert.version, correctionReason: p.reason });
          } else if (plan.certificate) await createCertificateInTx(tx, by, { ...plan.certificate, personId: plan.existing.id, correctionReason: p.reason });
          updatedIds.push(plan.existing.id);
        } else {
          const byNew = createIn.get(p) ?? by;
          const person = await createPersonInTx(tx, byNew, plan.person);
          if (plan.certificate) await createCertificateInTx(tx, byNew, { ...plan.certificate, personId: person.id });
          ids.push(person.id);
        }
      } else if (kind === 'units') {
        const { input, existing } = p.plan as UnitPlan;
        if (existing) {
          await updateUnitInTx(tx, by, existing.id, { name: input.name, kind: input.kind as never, sortOrder: input.sortOrder, version: existing.version });
          updatedIds.push(existing.id);
        } else {
          // the parent may be a unit added by an earlier row of this file
          const parent = input.parentShortCode ? await findUnitByShortCode(tx, input.parentShortCode) : null;
          const unit = await createUnitInTx(tx, createIn.get(p) ?? by, { name: input.name, shortCode: input.shortCode, kind: input.kind as never, parentId: parent?.id ?? null, sortOrder: input.sortOrder });
          ids.push(unit.id);
        }
      } else {
        const { input, existing } = p.plan as CasePlan;
        if (existing) {
          await updateOriginalCaseInTx(tx, by, existing.id, { ...input, version: existing.version, correctionReason: p.reason });
          updatedIds.push(existing.id);
        } else ids.push((await createOriginalCaseInTx(tx, createIn.get(p) ?? by, input)).id);
      }
    }
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: `excel.import.${kind}`,
      entityType: 'import',
      entityId: importId,
      // issue 11: an import belongs to the organisation it writes into
      orgId: by.orgId ?? null,
      after: {
        kind,
        mode,
        update,
        source: 'import',
        rows: planned.length,
        imported: ids.length + updatedIds.length,
        skippedRows: planned.filter((x) => !x.plan).map((x) => x.row),
        ids,
        updatedIds,
        // every written row that carried a 更正理由, with the cases whose facts it corrected (none: the reason was not needed)
        reasons: valid.filter((x) => x.reason && x.action !== 'unchanged').map((x) => ({ row: x.row, key: x.key, reason: x.reason, cases: x.corrections.flatMap((c) => c.cases) })),
      },
      at: by.now,
    });
  });
  report.committed = true;
  report.imported = valid.filter((p) => p.action !== 'unchanged').length;
  return report;
}

// ---------------------------------------------------------------------------------------------
// export and templates
// ---------------------------------------------------------------------------------------------

export async function exportWorkbook(ctx: Ctx, kind: ExcelKind): Promise<Buffer> {
  authorize(ctx.actor, 'registers.read');
  const q = ctx.db.kysely;
  const today = chinaDate(ctx.clock.now());
  const units = new Map((await loadUnits(ctx.db, ctx.actor.orgScope)).map((u) => [u.id, u]));
  if (kind === 'units') {
    const rows = [...units.values()]
      .sort((a, b) => a.sortOrder - b.sortOrder || a.shortCode.localeCompare(b.shortCode))
      .map((u) => ({
        ...unitRowOf({ name: u.name, shortCode: u.shortCode, kind: u.kind, parentShortCode: u.parentId ? (units.get(u.parentId)?.shortCode ?? '') : '', sortOrder: u.sortOrder }),
        parentName: u.parentId ? (units.get(u.parentId)?.name ?? '') : '',
        active: u.active ? '在用' : '已停用',
      }));
    return writeWorkbook([{ name: SHEET_NAMES.units, columns: UNIT_COLUMNS, rows }]);
  }
  if (kind === 'original-outcomes') {
    const outcomes = await outcomesForExport(q, ctx.actor);
    const comps = await compensationsForExport(q, ctx.actor);
    const rows = [
      ...outcomes.map((o) => ({ caseNumber: o.number, source: o.source, effect: o.effect ? (OUTCOME_EFFECT_LABELS[o.effect as keyof typeof OUTCOME_EFFECT_LABELS]?.zh ?? o.effect) : '', issuer: o.issuer ?? '', referenceNo: o.reference_no, referenceDate: o.reference_date, compensationYuan: '', note: o.note ?? (WC5_SOURCE_LABELS[o.source as keyof typeof WC5_SOURCE_LABELS]?.zh ?? '') })),
      ...comps.map((c) => ({ caseNumber: c.number, source: '', effect: '', issuer: '', referenceNo: c.decision_no, referenceDate: c.paid_date, compensationYuan: Number(c.amount_fen) / 100, note: c.note ?? '' })),
    ];
    return writeWorkbook([{ name: SHEET_NAMES['original-outcomes'], columns: OUTCOME_COLUMNS, rows }]);
  }
  if (kind === 'decisions') {
    const subjects = await historicalSubjects(q, ctx.actor);
    const empOf = new Map([...(await employeeNosOf(q, { scope: ctx.actor }))].map(([id, no]) => [id, no ?? id]));
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
    const people = await peopleForExport(q, ctx.actor);
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
  const ids = await originalCaseIdsForExport(q, ctx.actor);
  const rows: Record<string, unknown>[] = [];
  const empOf = new Map([...(await employeeNosOf(q, {}))].map(([id, no]) => [id, no ?? '']));
  const emp = (id: string): string => empOf.get(id) || id;
  for (const id of ids) {
    const c = await getOriginalCaseFull(ctx.db, id);
    if (!c) continue;
    rows.push({
      ...caseRowOf(c, (id) => units.get(id)?.shortCode ?? '', emp),
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
