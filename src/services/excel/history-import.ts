// Issue 12 point 5, historical import: Excel templates with per-row validation for the
// WC-5 outcomes and state compensation of original cases, and the accountability decisions made
// before go-live (case number, decision and conduct dates, subjects, forms, the FL-14 award bars
// that followed). Imported decisions go to `historical_decisions` + `historical_decision_subjects`
// (source 'import', who and when), and are read by the same paths as decided cases: FL-10(6)
// prior cases in the recommendation's facts and the year's FL-14 award bars. The caller
// (import-export.ts) decides what is written: nothing unless every row is valid, or the valid
// rows when the user chose "import valid rows".
import { actorOrgId, DEFAULT_ORG_ID } from '../../policies/org-scope';
import { goLiveDateOf, insertHistoricalDecision, originalCasesByNumber, outcomeKeys, peopleByEmployeeNo } from '../../repositories/history/history-import-repo';
import { appendAudit } from '../../audit/audit-writer';
import type { Tx } from '../../db/tx';
import { ACCOUNTABILITY_FORMS, FORM_IDS } from '../../domain/cases/citations';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { fieldErrors } from '../../lib/validation';
import type { Ctx } from '../context';
import { takenCaseNumbers } from '../../repositories/history/history-repo';
import {
  compensationInputSchema,
  loadUnits,
  outcomeInputSchema,
  recordCompensationInTx,
  recordOutcomeInTx,
  OUTCOME_EFFECT_LABELS,
  WC5_SOURCES,
  type InTxActor,
} from '../registers';
import { cellDate, cellList, cellText } from './cells';
import type { Column } from './sheets';
import type { SheetRow } from './workbook';

export interface RowError {
  column: string | null;
  path: string;
  zh: string;
  en: string;
}
export interface PlannedRow<P> {
  row: number;
  key: string;
  errors: RowError[];
  plan: P | null;
}

const columnOf = (columns: readonly Column[], key: string | undefined): string | null => columns.find((x) => x.key === key)?.zh ?? null;
const err = (columns: readonly Column[], key: string, zh: string, en: string): RowError => ({ column: columnOf(columns, key), path: key, zh, en });
const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);
const ISO = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string): boolean => ISO.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

function yesNo(C: readonly Column[], key: string, v: string, errors: RowError[]): boolean | null {
  const s = v.trim().toLowerCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return s === '' ? null : false;
  errors.push(err(C, key, `“${v}”不是“是”或“否”`, `"${v}" is not yes or no`));
  return null;
}

// ---------------------------------------------------------------------------------------------
// units
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// WC-5 outcomes and state compensation of original cases
// ---------------------------------------------------------------------------------------------
export const OUTCOME_COLUMNS: Column[] = [
  { key: 'caseNumber', zh: '原执法案件案号', en: 'Original case no.', required: true, width: 22, hintZh: '须已在原执法案件台账中' },
  { key: 'source', zh: '错案来源（WC-5）', en: 'WC-5 source', width: 12, hintZh: 'WC-5(1)…WC-5(6)；仅登记国家赔偿可留空' },
  { key: 'effect', zh: '结果类型', en: 'Effect', width: 12, hintZh: '撤销 / 部分撤销 / 变更 / 责令重新作出（WC-5(3)、(4)）' },
  { key: 'issuer', zh: '作出机关', en: 'Issuer', width: 20 },
  { key: 'referenceNo', zh: '文书编号', en: 'Document no.', required: true, width: 22, hintZh: '复议决定书、判决书或赔偿决定书编号' },
  { key: 'referenceDate', zh: '文书日期', en: 'Document date', required: true, width: 12 },
  { key: 'compensationYuan', zh: '国家赔偿金额（元）', en: 'State compensation (yuan)', width: 14, hintZh: '已支付的赔偿，无则留空（FL-13）' },
  { key: 'note', zh: '备注', en: 'Note', width: 24 },
];

const EFFECT_BY_LABEL: Record<string, string> = Object.fromEntries(Object.entries(OUTCOME_EFFECT_LABELS).flatMap(([k, l]) => [[l.zh, k], [k, k]]));

export interface OutcomePlan {
  caseId: string;
  outcome: { source: string; effect: string | null; issuer: string | null; referenceNo: string; referenceDate: string; note: string | null } | null;
  compensation: { amountFen: number; paidDate: string; decisionNo: string; note: string | null } | null;
}

export async function planOutcomes(ctx: Ctx, rows: SheetRow[]): Promise<PlannedRow<OutcomePlan>[]> {
  const C = OUTCOME_COLUMNS;
  const q = ctx.db.kysely;
  const today = chinaDate(ctx.clock.now());
  const numbers = [...new Set(rows.map((r) => cellText(r.cells.caseNumber)).filter(Boolean))];
  const cases = await originalCasesByNumber(q, ctx.actor, numbers);
  const ids = [...cases.values()].map((c) => c.id);
  const existing = await outcomeKeys(q, ids);
  const seen = new Map<string, number>();
  return rows.map(({ row, cells }) => {
    const errors: RowError[] = [];
    const number = cellText(cells.caseNumber);
    const c = cases.get(number);
    if (number && !c) errors.push(err(C, 'caseNumber', `案号 ${number} 不在原执法案件台账中`, `No original case ${number} in the register`));
    const sourceText = cellText(cells.source).replace(/[（]/g, '(').replace(/[）]/g, ')').toUpperCase();
    const source = /^\d$/.test(sourceText) ? `WC-5(${sourceText})` : sourceText;
    const effectText = cellText(cells.effect);
    const effect = effectText ? (EFFECT_BY_LABEL[effectText] ?? effectText) : null;
    const referenceNo = cellText(cells.referenceNo);
    const referenceDate = cellDate(cells.referenceDate);
    const note = cellText(cells.note) || null;
    const issuer = cellText(cells.issuer) || null;
    const amountText = cellText(cells.compensationYuan).replace(/[,，¥￥元\s]/g, '');
    let amountFen: number | null = null;
    if (amountText) {
      const n = Number(amountText);
      if (!Number.isFinite(n) || n <= 0 || Math.round(n * 100) !== Number((n * 100).toFixed(6))) errors.push(err(C, 'compensationYuan', `赔偿金额“${amountText}”不是大于零、最多两位小数的金额`, `"${amountText}" is not a positive amount with at most two decimals`));
      else amountFen = Math.round(n * 100);
    }
    if (!source && amountFen === null) errors.push(err(C, 'source', '请填写错案来源（WC-5）或国家赔偿金额', 'Give the WC-5 source or the compensation amount'));
    if (source && !(WC5_SOURCES as readonly string[]).includes(source)) errors.push(err(C, 'source', `错案来源“${cellText(cells.source)}”无效，应为 WC-5(1)…WC-5(6)`, `Unknown WC-5 source "${cellText(cells.source)}"`));
    let outcome: OutcomePlan['outcome'] = null;
    if (source && (WC5_SOURCES as readonly string[]).includes(source)) {
      outcome = { source, effect, issuer, referenceNo, referenceDate, note };
      const parsed = outcomeInputSchema.safeParse(outcome);
      if (!parsed.success) for (const f of fieldErrors(parsed.error.issues as never)) errors.push({ column: columnOf(C, f.path), path: f.path, zh: f.zh, en: f.en });
    }
    let compensation: OutcomePlan['compensation'] = null;
    if (amountFen !== null) {
      compensation = { amountFen, paidDate: referenceDate, decisionNo: referenceNo, note };
      const parsed = compensationInputSchema.safeParse(compensation);
      if (!parsed.success && !outcome) {
        for (const f of fieldErrors(parsed.error.issues as never)) {
          const key = f.path === 'paidDate' ? 'referenceDate' : f.path === 'decisionNo' ? 'referenceNo' : 'compensationYuan';
          errors.push({ column: columnOf(C, key), path: key, zh: f.zh, en: f.en });
        }
      }
    }
    if (validDate(referenceDate)) {
      if (referenceDate > today) errors.push(err(C, 'referenceDate', `文书日期 ${referenceDate} 晚于今天`, `The document date ${referenceDate} is in the future`));
      if (c && referenceDate < c.decision_date) errors.push(err(C, 'referenceDate', `文书日期不得早于原案件决定日期（${c.decision_date}）`, `The document date must not be before the case's decision date (${c.decision_date})`));
    }
    if (c && outcome && referenceNo) {
      const k = `${c.id}|${source}|${referenceNo}`;
      if (existing.has(k)) errors.push(err(C, 'referenceNo', `${source} 文书 ${referenceNo} 已登记`, `${source} document ${referenceNo} is already recorded`));
      const first = seen.get(k);
      if (first) errors.push(err(C, 'referenceNo', `与第 ${first} 行重复`, `Repeats row ${first}`));
      else seen.set(k, row);
    }
    return { row, key: number ? `${number} ${referenceNo}` : `#${row}`, errors, plan: errors.length || !c ? null : { caseId: c.id, outcome, compensation } };
  });
}

export async function writeOutcomes(tx: Tx, by: InTxActor, plans: OutcomePlan[]): Promise<string[]> {
  const ids: string[] = [];
  for (const p of plans) {
    if (p.outcome) ids.push((await recordOutcomeInTx(tx, by, p.caseId, p.outcome as never)).id);
    if (p.compensation) ids.push((await recordCompensationInTx(tx, by, p.caseId, p.compensation)).id);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// past accountability decisions (before go-live)
// ---------------------------------------------------------------------------------------------

export const DECISION_COLUMNS: Column[] = [
  { key: 'caseNumber', zh: '问责案件案号', en: 'Case no.', required: true, width: 22, hintZh: '一案多人时每人一行，案号与日期相同' },
  { key: 'title', zh: '案由', en: 'Title', width: 24 },
  { key: 'conductDate', zh: '违法违规行为发生日期', en: 'Conduct date', required: true, width: 14, hintZh: 'FL-10(6) 按行为日期回溯' },
  { key: 'decidedOn', zh: '处理决定日期', en: 'Decision date', required: true, width: 14, hintZh: '须早于本机关上线日期（本系统受理首件案件之日）、不晚于今天' },
  { key: 'employeeNo', zh: '被问责人工号', en: 'Subject employee no.', required: true, width: 14, hintZh: '须已在人员台账中' },
  { key: 'forms', zh: '问责方式', en: 'Forms of accountability', width: 28, hintZh: '如 FL-6(1)、WC-10(2) 或 批评教育或在一定范围内通报批评；多项用顿号分隔' },
  { key: 'exempt', zh: '免于追究', en: 'No accountability', width: 10, hintZh: '是 / 否（默认否）' },
  { key: 'awardBarYear', zh: '评先限制年度（FL-14）', en: 'Award bar year (FL-14)', width: 14, hintZh: '留空：依问责方式；填写时须为处理决定当年（FL-14）' },
  { key: 'unitAwardBar', zh: '所在单位不得评先进集体', en: 'Unit barred (FL-14)', width: 14, hintZh: '是 / 否；留空：FL 问责方式时为是' },
  { key: 'unitShortCode', zh: '被问责人当时所在单位简码', en: 'Unit then (short code)', width: 14, hintZh: '留空：人员台账中的单位' },
];

const FORM_BY_LABEL: Record<string, string> = Object.fromEntries([...FORM_IDS.map((f) => [f.toUpperCase(), f]), ...Object.entries(ACCOUNTABILITY_FORMS).map(([k, l]) => [l, k])]);

function formOf(text: string): string | undefined {
  const t = text.trim().replace(/（/g, '(').replace(/）/g, ')');
  return FORM_BY_LABEL[t.toUpperCase()] ?? FORM_BY_LABEL[t];
}

export interface DecisionPlan {
  caseNumber: string;
  title: string | null;
  conductDate: string;
  decidedOn: string;
  personId: string;
  unitId: string | null;
  forms: string[];
  exempt: boolean;
  awardBarYear: number | null;
  unitAwardBar: boolean;
}

/** FL-14 as the execution step applies it (steps-execution.ts planOf): bars follow FL forms, FL-14 and WC-10(3). */
function defaultBars(forms: string[], exempt: boolean): { person: boolean; unit: boolean } {
  if (exempt) return { person: false, unit: false };
  const fl = forms.some((f) => f.startsWith('FL-'));
  return { person: fl || forms.includes('WC-10(3)'), unit: fl };
}

/**
 * issue 11: past decisions are imported into the importer's organisation — the session's current
 * one, whose roles the session holds (`history.import`: its clerk) — and every person and unit a
 * row names must be of that organisation, not of any organisation the importer reads: a clerk at
 * the district who supervises the commissions reads their registers, but a decision imported there
 * naming a commission's officer would become that officer's FL-10(6) prior case and FL-14 award
 * bar in the commission, written with no role held in it. To import for a commission, a clerk of
 * it (by membership) switches to it. An unscoped in-process actor: unrestricted, as before.
 */
export function importTarget(ctx: Ctx): { orgId: string; orgScope: readonly string[] | undefined } {
  const orgId = actorOrgId(ctx.actor);
  return { orgId, orgScope: ctx.actor.orgScope ? [orgId] : undefined };
}

export async function planDecisions(ctx: Ctx, rows: SheetRow[]): Promise<PlannedRow<DecisionPlan>[]> {
  const C = DECISION_COLUMNS;
  const q = ctx.db.kysely;
  const today = chinaDate(ctx.clock.now());
  const emps = [...new Set(rows.map((r) => cellText(r.cells.employeeNo)).filter(Boolean))];
  // issue 11: into the importer's organisation, naming its people and units only (importTarget)
  const into = importTarget(ctx);
  const people = await peopleByEmployeeNo(q, into, emps);
  const units = new Map((await loadUnits(ctx.db, into.orgScope)).map((u) => [u.shortCode.toUpperCase(), u]));
  const numbers = [...new Set(rows.map((r) => cellText(r.cells.caseNumber)).filter(Boolean))];
  const taken = await takenCaseNumbers(q, numbers);
  // 上线前: from the day the organisation's first case was received here, decisions are made in the
  // system (FL-15 collective decision), not imported — else an "import" would make a prior case
  // (FL-10(6)) or an award bar (FL-14) for a person with no decision behind it.
  const goLive = await goLiveDateOf(q, into.orgId);
  const firstOfCase = new Map<string, { row: number; conductDate: string; decidedOn: string }>();
  const seenSubject = new Map<string, number>();

  const planned = rows.map(({ row, cells }): PlannedRow<DecisionPlan> => {
    const errors: RowError[] = [];
    const caseNumber = cellText(cells.caseNumber);
    const conductDate = cellDate(cells.conductDate);
    const decidedOn = cellDate(cells.decidedOn);
    const emp = cellText(cells.employeeNo);
    if (!caseNumber) errors.push(err(C, 'caseNumber', '请填写问责案件案号', 'The case number is required'));
    if (!emp) errors.push(err(C, 'employeeNo', '请填写被问责人工号', 'The subject’s employee number is required'));
    for (const [key, v, label] of [['conductDate', conductDate, '违法违规行为发生日期'], ['decidedOn', decidedOn, '处理决定日期']] as const) {
      if (!v) errors.push(err(C, key, `请填写${label}`, `${key} is required`));
      else if (!validDate(v)) errors.push(err(C, key, `${label}“${v}”不是有效日期（如 2023-05-10 或 2023年5月10日）`, `"${v}" is not a date`));
      else if (v > today) errors.push(err(C, key, `${label} ${v} 晚于今天；只能导入已作出的处理决定`, `${v} is in the future; only decisions already made can be imported`));
    }
    if (goLive && validDate(decidedOn) && decidedOn >= goLive) {
      errors.push(
        err(
          C,
          'decidedOn',
          `处理决定日期 ${decidedOn} 不早于本机关上线日期 ${goLive}（本系统受理首件案件之日）；上线后的处理决定须在本系统中经集体讨论作出（FL-15），不能作为历史导入`,
          `The decision date ${decidedOn} is not before this organisation's go-live date ${goLive} (its first case received here); decisions from go-live on are made in the system by the collective decision (FL-15), not imported`,
        ),
      );
    }
    if (validDate(conductDate) && validDate(decidedOn) && conductDate > decidedOn) errors.push(err(C, 'conductDate', '行为发生日期不得晚于处理决定日期', 'The conduct date must not be after the decision date'));
    const person = emp ? people.get(emp) : undefined;
    if (emp && !person) errors.push(err(C, 'employeeNo', `工号 ${emp} 不在人员台账中（本机关）`, `No person with employee no. ${emp} in this organisation's register`));
    // FL-5(1): nobody records their own past sanction (it decides FL-10(6) 多次 and the FL-14 bar later)
    if (person && ctx.actor.personId && person.id === ctx.actor.personId) {
      errors.push(err(C, 'employeeNo', `工号 ${emp} 是导入人本人：本人的历史处理决定应当回避，由委法制科其他人员导入（FL-5(1)）`, `Employee no. ${emp} is the importer: a past decision about oneself is imported by another clerk (recusal, FL-5(1))`));
    }
    const exempt = yesNo(C, 'exempt', cellText(cells.exempt), errors) ?? false;
    const forms: string[] = [];
    for (const t of cellList(cells.forms ?? null)) {
      const f = formOf(t);
      if (!f) errors.push(err(C, 'forms', `问责方式“${t}”无效，应为 FL-6(1)…FL-6(6)、FL-11、FL-13、FL-14、WC-10(1)…WC-10(6) 或其名称`, `Unknown form of accountability "${t}"`));
      else if (!forms.includes(f)) forms.push(f);
    }
    if (!exempt && !forms.length && !errors.some((e) => e.path === 'forms')) errors.push(err(C, 'forms', '请填写问责方式，或在“免于追究”填“是”', 'Give the forms of accountability, or mark the row as no accountability'));
    if (exempt && forms.length) errors.push(err(C, 'forms', '免于追究的行不应填写问责方式', 'A row with no accountability takes no forms'));
    const defaults = defaultBars(forms, exempt);
    const yearText = cellText(cells.awardBarYear).replace(/年$/, '');
    let awardBarYear: number | null = defaults.person && validDate(decidedOn) ? Number(decidedOn.slice(0, 4)) : null;
    if (yearText) {
      const y = Number(yearText);
      if (!Number.isInteger(y) || y < 2000 || y > 2100) errors.push(err(C, 'awardBarYear', `评先限制年度“${yearText}”不是有效年份`, `"${yearText}" is not a year`));
      else if (exempt) errors.push(err(C, 'awardBarYear', '免于追究的行不应有评先限制', 'A row with no accountability has no award bar'));
      else if (validDate(decidedOn) && y !== Number(decidedOn.slice(0, 4)))
        errors.push(err(C, 'awardBarYear', `评先限制年度应为处理决定当年（${decidedOn.slice(0, 4)}）：FL-14“当年不得评为先进”`, `The award bar is for the decision's own year (${decidedOn.slice(0, 4)}): FL-14 bars "that year"`));
      else awardBarYear = y;
    }
    const unitBarCell = yesNo(C, 'unitAwardBar', cellText(cells.unitAwardBar), errors);
    const unitAwardBar = awardBarYear !== null && (unitBarCell ?? defaults.unit);
    const code = cellText(cells.unitShortCode).toUpperCase();
    const unit = code ? units.get(code) : undefined;
    if (code && !unit) errors.push(err(C, 'unitShortCode', `单位简码“${code}”不存在（本机关）`, `No unit with short code "${code}" in this organisation`));
    if (caseNumber) {
      if (taken.imported.has(caseNumber)) errors.push(err(C, 'caseNumber', `案号 ${caseNumber} 的历史处理决定已导入`, `The past decision ${caseNumber} is already imported`));
      if (taken.system.has(caseNumber)) errors.push(err(C, 'caseNumber', `案号 ${caseNumber} 已是本系统中的问责案件`, `${caseNumber} is a case of this system`));
      const first = firstOfCase.get(caseNumber);
      if (!first) firstOfCase.set(caseNumber, { row, conductDate, decidedOn });
      else if (first.conductDate !== conductDate || first.decidedOn !== decidedOn) {
        errors.push(err(C, first.decidedOn !== decidedOn ? 'decidedOn' : 'conductDate', `同一案号 ${caseNumber} 的日期与第 ${first.row} 行不一致`, `Dates of ${caseNumber} differ from row ${first.row}`));
      }
      if (person) {
        const k = `${caseNumber}|${person.id}`;
        const dup = seenSubject.get(k);
        if (dup) errors.push(err(C, 'employeeNo', `工号 ${emp} 在案号 ${caseNumber} 中与第 ${dup} 行重复`, `${emp} repeats row ${dup} for ${caseNumber}`));
        else seenSubject.set(k, row);
      }
    }
    const plan: DecisionPlan | null =
      errors.length || !person
        ? null
        : { caseNumber, title: cellText(cells.title) || null, conductDate, decidedOn, personId: person.id, unitId: unit?.id ?? person.unit_id, forms, exempt, awardBarYear, unitAwardBar };
    return { row, key: caseNumber ? `${caseNumber} ${emp}` : `#${row}`, errors, plan };
  });
  // A decision is imported whole: when one of its rows is invalid, its other rows are not imported.
  const badCases = new Map<string, number>();
  rows.forEach(({ row, cells }, i) => {
    const n = cellText(cells.caseNumber);
    if (n && planned[i]!.errors.length && !badCases.has(n)) badCases.set(n, row);
  });
  for (const [i, p] of planned.entries()) {
    const n = cellText(rows[i]!.cells.caseNumber);
    const bad = badCases.get(n);
    if (bad && !p.errors.length) {
      p.errors.push(err(C, 'caseNumber', `同一案号 ${n} 的第 ${bad} 行有错误，本案整体不导入`, `Row ${bad} of the same case ${n} is invalid; the decision is not imported`));
      p.plan = null;
    }
  }
  return planned;
}

export async function writeDecisions(tx: Tx, by: InTxActor, importId: string, plans: DecisionPlan[]): Promise<string[]> {
  const ids = new Map<string, string>();
  const byCase = new Map<string, DecisionPlan[]>();
  for (const p of plans) {
    const list = byCase.get(p.caseNumber);
    if (list) list.push(p);
    else byCase.set(p.caseNumber, [p]);
  }
  for (const [caseNumber, subjects] of byCase) {
    const first = subjects[0]!;
    const id = newId();
    ids.set(caseNumber, id);
    const decision = {
      id,
      case_number: caseNumber,
      title: first.title,
      unit_id: null,
      conduct_date: first.conductDate,
      decided_on: first.decidedOn,
      source: 'import',
      import_id: importId,
      imported_by: by.actorId ?? 'system',
      imported_at: by.now,
      org_id: by.orgId ?? DEFAULT_ORG_ID,
    };
    const subjectRows = subjects.map((s) => ({
      id: newId(),
      decision_id: id,
      person_id: s.personId,
      unit_id: s.unitId,
      forms: JSON.stringify(s.forms),
      no_accountability: s.exempt ? 1 : 0,
      award_bar_year: s.awardBarYear,
      unit_award_bar: s.unitAwardBar ? 1 : 0,
    }));
    await insertHistoricalDecision(tx, decision, subjectRows);
    await appendAudit(tx, {
      actorId: by.actorId,
      action: 'history.decision.import',
      entityType: 'historical_decision',
      entityId: id,
      after: {
        source: 'import',
        importId,
        caseNumber,
        conductDate: first.conductDate,
        decidedOn: first.decidedOn,
        subjects: subjects.map((s) => ({ personId: s.personId, unitId: s.unitId, forms: s.forms, noAccountability: s.exempt, awardBarYear: s.awardBarYear, unitAwardBar: s.unitAwardBar })),
      },
      at: by.now,
    });
  }
  return [...ids.values()];
}
