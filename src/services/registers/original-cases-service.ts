// Original enforcement cases (原执法案件: 行政处罚 / 行政许可 / 行政检查 / 行政强制) with who took
// part and how — the facts FL-8 allocates responsibility from:
//   (1) 承办人 handlers; (2) 批准人 approvers by level, the last one primarily liable;
//   (3) 集体研究决定 the chair and those who insisted on the wrong opinion; (4) a leader who
//   suggested or directed (授意或指使); (5) whoever assigned an unqualified person (用人失职者).
// Also the events that make it a wrong case (WC-5 items (1)–(6)) and state compensation paid
// (国家赔偿, FL-13, WC-5(5)). Outcome and compensation records are append-only.
import { ctxForRecord, rawId } from '../orgs/acting-in';
import type { Kysely, Selectable } from 'kysely';
import { appendAudit } from '../../audit/audit-writer';
import type { Database } from '../../db/schema';
import type { OriginalCaseParticipantTable, OriginalCaseTable } from '../../db/tables/registers';
import { inTransaction, type Tx } from '../../db/tx';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { TERMINAL_STATES } from '../../domain/cases/states';
import { DEFAULT_ORG_ID } from '../../policies/org-scope';
import {
  caseNumberTaken,
  deleteParticipantRows,
  finalApproverLevels,
  compensationTotalFen,
  insertCompensationRow,
  insertOriginalCaseRow,
  insertOutcomeRow,
  insertParticipantRows,
  involvementRecordsOfPerson,
  originalCaseChildren,
  originalCaseIdByNumber,
  originalCaseInScope,
  originalCaseRecord,
  openCasesOnOriginal,
  peopleIdsInScope,
  personInScope,
  searchOriginalCases,
  unitInScope,
  updateOriginalCaseAtVersion,
  type CompensationRecord,
  type OriginalCaseRecord,
  type OutcomeRecord,
  type ParticipantRecord,
} from '../../repositories/registers/original-cases-repo';
import type { Ctx } from '../context';
import { assertUpdated, checkVersion, duplicateError, guardDuplicate, queryOf, refError, txActorOf, type CorrectionNeed, type DbOrTx, type InTxActor } from './internal';
import {
  compensationInputSchema,
  originalCaseInputSchema,
  originalCasesQuerySchema,
  originalCaseUpdateSchema,
  DELIBERATION_OPINION_LABELS,
  INVOLVEMENT_ROLES,
  ORIGINAL_CASE_KIND_LABELS,
  outcomeInputSchema,
  PARTICIPANT_ROLE_LABELS,
  type CompensationInput,
  type InvolvementRole,
  type OriginalCaseFlag,
  type OriginalCaseFull,
  type OriginalCaseInput,
  type OriginalCaseParsed,
  type OriginalCaseSummary,
  type OriginalCaseUpdateInput,
  type OutcomeInput,
  type PersonInvolvement,
} from './schemas';
import { loadUnits, unitAndDescendantIds } from './units-service';
import { onWc5Outcome } from '../notify/signal-events';
import { assertAccountNotRecused } from '../cases/impartiality';

type CaseRow = Selectable<OriginalCaseTable>;
type ParticipantRow = Selectable<OriginalCaseParticipantTable>;

const CASE_NO = { zh: '原执法案件编号', en: 'Original case number' };

// ---------- reading ----------

/**
 * Everything about one original case: participants with names, the collective deliberation,
 * WC-5 outcome events, compensation paid, each person's involvement (handler, approver,
 * final_approver, deliberation_chair/member, instructing_leader, assigner) and flags.
 * For the case workflow (conflict of interest: nobody who handled, approved or decided the
 * original case sits on the investigation team) and the rules engine facts (FL-8).
 * No authorization: the calling service has done its own. Null when there is no such case.
 * On SQLite, pass the `Tx` when called inside a transaction.
 */
export async function getOriginalCaseFull(dbOrTx: DbOrTx, id: string): Promise<OriginalCaseFull | null> {
  const q = queryOf(dbOrTx);
  const row = await originalCaseRecord(q, id);
  if (!row) return null;
  const { participants, outcomes, compensations } = await originalCaseChildren(q, id);
  return assembleFull(row, participants, outcomes, compensations);
}

function assembleFull(row: OriginalCaseRecord, participants: ParticipantRecord[], outcomes: OutcomeRecord[], compensations: CompensationRecord[]): OriginalCaseFull {
  const of = (role: ParticipantRow['role']) => participants.filter((p) => p.role === role);
  const approverRows = of('approver').sort((a, b) => Number(a.level) - Number(b.level));
  const finalLevel = approverRows.length ? Number(approverRows[approverRows.length - 1]!.level) : null;
  const members = of('deliberation_member');
  const chair = members.find((m) => m.isChair);

  const handlers = of('handler').map((p) => ({ personId: p.personId, name: p.personName }));
  const approvers = approverRows.map((p) => ({ personId: p.personId, name: p.personName, level: Number(p.level), final: Number(p.level) === finalLevel }));

  // Involvement, in a stable order of roles, for conflict-of-interest checks and FL-8.
  const involvement = new Map<string, { personId: string; name: string; roles: InvolvementRole[] }>();
  const involve = (personId: string, name: string, role: InvolvementRole) => {
    const entry = involvement.get(personId) ?? { personId, name, roles: [] };
    if (!entry.roles.includes(role)) entry.roles.push(role);
    involvement.set(personId, entry);
  };
  for (const h of handlers) involve(h.personId, h.name, 'handler');
  for (const a of approvers) {
    involve(a.personId, a.name, 'approver');
    if (a.final) involve(a.personId, a.name, 'final_approver');
  }
  for (const m of members) {
    if (m.isChair) involve(m.personId, m.personName, 'deliberation_chair');
    involve(m.personId, m.personName, 'deliberation_member');
  }
  for (const p of of('instructing_leader')) involve(p.personId, p.personName, 'instructing_leader');
  for (const p of of('assigner')) involve(p.personId, p.personName, 'assigner');

  const flags: OriginalCaseFlag[] = [];
  const finalApprover = approvers.find((a) => a.final);
  if (finalApprover && handlers.some((h) => h.personId === finalApprover.personId)) {
    // Allowed (records must show what happened) but a fault in practice: nobody checked the
    // handler's opinion (FL-8(1)/(2)).
    flags.push({
      code: 'HANDLER_IS_FINAL_APPROVER',
      personId: finalApprover.personId,
      zh: `${finalApprover.name} 既是承办人又是最后批准人（自办自批）`,
      en: `${finalApprover.name} both handled and finally approved the case`,
    });
  }
  if (compensations.length > 0 && !outcomes.some((o) => o.source === 'WC-5(5)')) {
    flags.push({
      code: 'COMPENSATION_WITHOUT_WC5_5',
      personId: null,
      zh: '已登记国家赔偿，但未登记“给予行政赔偿”的错案来源（WC-5(5)）',
      en: 'Compensation is recorded but no WC-5(5) outcome event',
    });
  }

  return {
    ...summaryOf(row, outcomes.length > 0, compensations.reduce((s, m) => s + m.amountFen, 0)),
    summary: row.summary,
    handlers,
    approvers,
    deliberation:
      row.deliberation_date && chair
        ? {
            date: row.deliberation_date,
            chairId: chair.personId,
            chairName: chair.personName,
            note: row.deliberation_note,
            members: members.map((m) => ({ personId: m.personId, name: m.personName, opinion: m.opinion!, isChair: m.isChair })),
          }
        : null,
    instructingLeaders: of('instructing_leader').map((p) => ({ personId: p.personId, name: p.personName, note: p.note })),
    assigners: of('assigner').map((p) => ({ personId: p.personId, name: p.personName, note: p.note })),
    outcomes,
    compensations,
    involvement: [...involvement.values()].map((e) => ({ ...e, roles: sortRoles(e.roles) })),
    flags,
  };
}

function summaryOf(row: OriginalCaseRecord, wrong: boolean, compensationTotalFen: number): OriginalCaseSummary {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    title: row.title,
    unitId: row.unit_id,
    unitName: row.unit_name,
    decisionDate: row.decision_date,
    counterpart: { name: row.counterpart_name, type: row.counterpart_type, idNo: row.counterpart_id_no },
    wrong,
    compensationTotalFen,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function getOriginalCase(ctx: Ctx, id: string): Promise<OriginalCaseFull> {
  authorize(ctx.actor, 'registers.read');
  return requireCase(ctx.db.kysely, id, ctx.actor.orgScope);
}

async function requireCase(q: Kysely<Database>, id: string, orgScope?: readonly string[]): Promise<OriginalCaseFull> {
  // issue 11: another organisation's case answers like a missing one
  const inScope = await originalCaseInScope(q, id, orgScope);
  const full = inScope ? await getOriginalCaseFull(q, id) : null;
  if (!full) throw new AppError('NOT_FOUND', { zh: `原执法案件 ${id}`, en: `original case ${id}` });
  return full;
}

/** Looks a case up by its number (spreadsheet import, intake of a WC-5 source). No authorization. */
export async function findOriginalCaseByNumber(dbOrTx: DbOrTx, number: string): Promise<OriginalCaseFull | null> {
  const q = queryOf(dbOrTx);
  const id = await originalCaseIdByNumber(q, number.trim());
  return id ? getOriginalCaseFull(q, id) : null;
}

export async function listOriginalCases(ctx: Ctx, rawQuery: unknown = {}): Promise<{ items: OriginalCaseSummary[]; total: number }> {
  authorize(ctx.actor, 'registers.read');
  const q = parseInput(originalCasesQuerySchema, rawQuery);
  const unitIds = q.unitId
    ? q.includeSubunits === false
      ? [q.unitId]
      : [...unitAndDescendantIds(await loadUnits(ctx.db, ctx.actor.orgScope), q.unitId)]
    : undefined;
  const { rows, total } = await searchOriginalCases(ctx.db.kysely, ctx.db.dialect, {
    orgScope: ctx.actor.orgScope,
    kind: q.kind,
    unitIds,
    year: q.year,
    text: q.q || undefined,
    wrong: q.wrong,
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: rows.map((r) => summaryOf(r, r.wrong, r.compensationTotalFen)), total };
}

/** The original cases a person took part in, and how (the person page; FL-10(6) history). No authorization. */
export async function findOriginalCaseInvolvements(dbOrTx: DbOrTx, personId: string): Promise<PersonInvolvement[]> {
  const q = queryOf(dbOrTx);
  const rows = await involvementRecordsOfPerson(q, personId);
  const byCase = new Map<string, PersonInvolvement>();
  const finalLevels = await finalApproverLevels(q, [...new Set(rows.filter((r) => r.role === 'approver').map((r) => r.caseId))]);
  for (const r of rows) {
    const entry = byCase.get(r.caseId) ?? { caseId: r.caseId, number: r.number, kind: r.kind, title: r.title, decisionDate: r.decisionDate, roles: [] };
    const add = (role: InvolvementRole) => entry.roles.includes(role) || entry.roles.push(role);
    if (r.role === 'approver') {
      add('approver');
      if (Number(r.level) === finalLevels.get(r.caseId)) add('final_approver');
    } else if (r.role === 'deliberation_member') {
      if (r.isChair) add('deliberation_chair');
      add('deliberation_member');
    } else add(r.role);
    byCase.set(r.caseId, entry);
  }
  return [...byCase.values()].map((e) => ({ ...e, roles: sortRoles(e.roles) }));
}

const ROLE_ORDER = new Map(INVOLVEMENT_ROLES.map((r, i) => [r, i]));
/** roles in one canonical order (handler, approver, final_approver, chair, member, leader, assigner) */
const sortRoles = (roles: InvolvementRole[]): InvolvementRole[] => [...roles].sort((a, b) => ROLE_ORDER.get(a)! - ROLE_ORDER.get(b)!);

export async function listPersonInvolvements(ctx: Ctx, personId: string): Promise<PersonInvolvement[]> {
  authorize(ctx.actor, 'registers.read');
  if (!(await personInScope(ctx.db.kysely, personId, ctx.actor.orgScope))) throw new AppError('NOT_FOUND', { zh: `人员 ${personId}`, en: `person ${personId}` });
  return findOriginalCaseInvolvements(ctx.db, personId);
}

// ---------- writing ----------

export async function createOriginalCase(callerCtx: Ctx, raw: unknown): Promise<OriginalCaseFull> {
  // issue 11: an original case is registered in the organisation of its unit, with the roles held there
  const ctx = await ctxForRecord(callerCtx, 'units', rawId(raw, 'unitId'));
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(originalCaseInputSchema, raw);
  return inTransaction(ctx.db, (tx) => createOriginalCaseInTx(tx, txActorOf(ctx), input));
}

/** Creates an original case with its participants inside the caller's transaction (import, demo). */
export async function createOriginalCaseInTx(tx: Tx, by: InTxActor, raw: OriginalCaseInput): Promise<OriginalCaseFull> {
  const input = parseInput(originalCaseInputSchema, raw);
  notInFuture(by, input.decisionDate, 'decisionDate');
  await checkReferences(tx, input, by);
  await ensureCaseNumberFree(tx, input.number, null);
  const id = newId();
  const row: CaseRow = {
    id,
    org_id: by.orgId ?? DEFAULT_ORG_ID,
    ...caseColumns(input),
    version: 1,
    created_at: by.now,
    updated_at: by.now,
  };
  await guardDuplicate(CASE_NO, input.number, () => insertOriginalCaseRow(tx, row));
  await insertParticipants(tx, id, input);
  const out = await requireCase(tx, id);
  await appendAudit(tx, { actorId: by.actorId, action: 'original_case.create', entityType: 'original_case', entityId: id, after: out, at: by.now });
  return out;
}

/** Replaces the case's data and participants (outcome events and compensation are kept). */
export async function updateOriginalCase(callerCtx: Ctx, id: string, raw: unknown): Promise<OriginalCaseFull> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'original_cases', id);
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(originalCaseUpdateSchema, raw);
  const by = txActorOf(ctx);
  return inTransaction(ctx.db, (tx) => updateOriginalCaseInTx(tx, by, id, input));
}

/** Corrects a case inside the caller's transaction (spreadsheet update by case number): same checks and audit as the API. */
export async function updateOriginalCaseInTx(tx: Tx, by: InTxActor, id: string, raw: OriginalCaseUpdateInput): Promise<OriginalCaseFull> {
  const input = parseInput(originalCaseUpdateSchema, raw);
  const before = await requireCase(tx, id, by.orgScope);
  checkVersion(before.version, input.version);
  notInFuture(by, input.decisionDate, 'decisionDate');
  await checkReferences(tx, input, by);
  if (input.number !== before.number) await ensureCaseNumberFree(tx, input.number, id);
  const firstEvent = [...before.outcomes.map((o) => o.referenceDate), ...before.compensations.map((m) => m.paidDate)].sort()[0];
  if (firstEvent && input.decisionDate > firstEvent) {
    throw refError(['decisionDate'], `决定日期不得晚于已登记的错案来源或赔偿日期（${firstEvent}）`, `the decision date must not be after a recorded outcome or compensation date (${firstEvent})`);
  }
  const resting = await participantsCorrection(tx, id, before, input, by);
  assertUpdated(await guardDuplicate(CASE_NO, input.number, () => updateOriginalCaseAtVersion(tx, id, before.version, caseColumns(input), by.now)));
  // Participants are part of the case record: replaced as a whole; the audit row keeps the old set.
  await deleteParticipantRows(tx, id);
  await insertParticipants(tx, id, input);
  const after = await requireCase(tx, id);
  await appendAudit(tx, { actorId: by.actorId, action: 'original_case.update', entityType: 'original_case', entityId: id, before, after, at: by.now });
  for (const c of resting?.cases ?? []) {
    await appendAudit(tx, {
      actorId: by.actorId,
      action: 'case.original_case.participants_corrected',
      entityType: 'case',
      entityId: c.id,
      after: {
        data: {
          originalCaseId: id,
          originalCaseNumber: after.number,
          removed: resting!.removed,
          added: resting!.added,
          removedZh: resting!.removed.map((k) => participantLabels(before).get(k) ?? k),
          addedZh: resting!.added.map((k) => participantLabels(after).get(k) ?? k),
          reason: input.correctionReason,
        },
      },
      at: by.now,
    });
  }
  return after;
}

export async function addOriginalCaseOutcome(callerCtx: Ctx, caseId: string, raw: unknown): Promise<OriginalCaseFull> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'original_cases', caseId);
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(outcomeInputSchema, raw);
  return inTransaction(ctx.db, async (tx) => {
    await recordOutcomeInTx(tx, txActorOf(ctx), caseId, input);
    await onWc5Outcome(ctx, tx, caseId); // notifications (issue 12)
    return requireCase(tx, caseId);
  });
}

/**
 * Records an event that makes the case a wrong case (WC-5(1)–(6)) with its reference document,
 * inside the caller's transaction (e.g. the case workflow's intake of a WC-5 source).
 * The same source and reference number twice is a duplicate (409).
 */
export async function recordOutcomeInTx(tx: Tx, by: InTxActor, caseId: string, raw: OutcomeInput): Promise<OriginalCaseFull['outcomes'][number]> {
  const input = parseInput(outcomeInputSchema, raw);
  notInFuture(by, input.referenceDate, 'referenceDate');
  const c = await requireCase(tx, caseId, by.orgScope);
  if (input.referenceDate < c.decisionDate) {
    throw refError(['referenceDate'], `文书日期不得早于原案件决定日期（${c.decisionDate}）`, `the reference date must not be before the case's decision date (${c.decisionDate})`);
  }
  if (c.outcomes.some((o) => o.source === input.source && o.referenceNo === input.referenceNo)) {
    throw duplicateError({ zh: `${input.source} 文书`, en: `${input.source} document` }, input.referenceNo);
  }
  const row = {
    id: newId(),
    case_id: caseId,
    source: input.source,
    effect: input.effect,
    issuer: input.issuer,
    reference_no: input.referenceNo,
    reference_date: input.referenceDate,
    note: input.note,
    actor_id: by.actorId,
    recorded_at: by.now,
  };
  await insertOutcomeRow(tx, row);
  const out = {
    id: row.id,
    source: row.source,
    effect: row.effect,
    issuer: row.issuer,
    referenceNo: row.reference_no,
    referenceDate: row.reference_date,
    note: row.note,
    actorId: row.actor_id,
    recordedAt: row.recorded_at,
  };
  await appendAudit(tx, { actorId: by.actorId, action: 'original_case.outcome', entityType: 'original_case', entityId: caseId, after: out, at: by.now });
  return out;
}

export async function addOriginalCaseCompensation(callerCtx: Ctx, caseId: string, raw: unknown): Promise<OriginalCaseFull> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'original_cases', caseId);
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(compensationInputSchema, raw);
  return inTransaction(ctx.db, async (tx) => {
    await recordCompensationInTx(tx, txActorOf(ctx), caseId, input);
    return requireCase(tx, caseId);
  });
}

/** Records state compensation paid because of the case (国家赔偿; FL-13 recovery starts from it), inside the caller's transaction. */
export async function recordCompensationInTx(
  tx: Tx,
  by: InTxActor,
  caseId: string,
  raw: CompensationInput,
): Promise<OriginalCaseFull['compensations'][number]> {
  const input = parseInput(compensationInputSchema, raw);
  notInFuture(by, input.paidDate, 'paidDate');
  const c = await requireCase(tx, caseId, by.orgScope);
  if (input.paidDate < c.decisionDate) {
    throw refError(['paidDate'], `赔偿日期不得早于原案件决定日期（${c.decisionDate}）`, `the payment date must not be before the case's decision date (${c.decisionDate})`);
  }
  // the case's total must stay a whole number of fen counted exactly (the register and the page show it)
  if ((await compensationTotalFen(tx, caseId)) + input.amountFen > Number.MAX_SAFE_INTEGER) {
    throw refError(['amountFen'], '该案件累计赔偿金额超出可记录的范围，请核对金额', "the case's total compensation would exceed what can be recorded; check the amount");
  }
  const row = {
    id: newId(),
    case_id: caseId,
    amount_fen: input.amountFen,
    paid_date: input.paidDate,
    decision_no: input.decisionNo,
    note: input.note,
    actor_id: by.actorId,
    recorded_at: by.now,
  };
  await insertCompensationRow(tx, row);
  const out = {
    id: row.id,
    amountFen: row.amount_fen,
    paidDate: row.paid_date,
    decisionNo: row.decision_no,
    note: row.note,
    actorId: row.actor_id,
    recordedAt: row.recorded_at,
  };
  await appendAudit(tx, { actorId: by.actorId, action: 'original_case.compensation', entityType: 'original_case', entityId: caseId, after: out, at: by.now });
  return out;
}

// ---------- helpers ----------

/** These registers record what already happened: a date after today (China time) is a typing error. */
function notInFuture(by: InTxActor, date: string, path: string): void {
  const today = chinaDate(new Date(by.now));
  if (date > today) throw refError([path], `日期不能晚于今天（${today}）`, `the date cannot be after today (${today})`);
}

function caseColumns(input: OriginalCaseParsed): Omit<CaseRow, 'id' | 'org_id' | 'version' | 'created_at' | 'updated_at'> {
  return {
    number: input.number,
    kind: input.kind,
    title: input.title,
    summary: input.summary,
    unit_id: input.unitId,
    decision_date: input.decisionDate,
    counterpart_name: input.counterpart.name,
    counterpart_type: input.counterpart.type,
    counterpart_id_no: input.counterpart.idNo,
    deliberation_date: input.deliberation?.date ?? null,
    deliberation_note: input.deliberation?.note ?? null,
  };
}

async function insertParticipants(tx: Tx, caseId: string, input: OriginalCaseParsed): Promise<void> {
  const rows: ParticipantRow[] = [];
  const push = (p: Omit<ParticipantRow, 'id' | 'case_id' | 'ordinal' | 'level' | 'opinion' | 'is_chair' | 'note'> & Partial<ParticipantRow>) =>
    rows.push({ id: newId(), case_id: caseId, ordinal: rows.length, level: null, opinion: null, is_chair: 0, note: null, ...p });
  for (const h of input.handlers) push({ person_id: h.personId, role: 'handler' });
  for (const a of [...input.approvers].sort((x, y) => x.level - y.level)) push({ person_id: a.personId, role: 'approver', level: a.level });
  if (input.deliberation) {
    const chairId = input.deliberation.chairId;
    for (const m of input.deliberation.members) push({ person_id: m.personId, role: 'deliberation_member', opinion: m.opinion, is_chair: m.personId === chairId ? 1 : 0 });
  }
  for (const l of input.instructingLeaders) push({ person_id: l.personId, role: 'instructing_leader', note: l.note });
  for (const a of input.assigners) push({ person_id: a.personId, role: 'assigner', note: a.note });
  await insertParticipantRows(tx, rows);
}

/** The unit and every participant must be registered (inactive people are fine: cases are history). */
async function checkReferences(tx: Tx, input: OriginalCaseParsed, by: InTxActor): Promise<void> {
  if (!(await unitInScope(tx, input.unitId, by.orgScope))) throw refError(['unitId'], '单位不存在', 'the unit does not exist');
  const refs: { path: (string | number)[]; personId: string }[] = [
    ...input.handlers.map((h, i) => ({ path: ['handlers', i, 'personId'], personId: h.personId })),
    ...input.approvers.map((a, i) => ({ path: ['approvers', i, 'personId'], personId: a.personId })),
    ...(input.deliberation?.members ?? []).map((m, i) => ({ path: ['deliberation', 'members', i, 'personId'], personId: m.personId })),
    ...input.instructingLeaders.map((l, i) => ({ path: ['instructingLeaders', i, 'personId'], personId: l.personId })),
    ...input.assigners.map((a, i) => ({ path: ['assigners', i, 'personId'], personId: a.personId })),
  ];
  const ids = [...new Set(refs.map((r) => r.personId))];
  const found = await peopleIdsInScope(tx, ids, by.orgScope);
  const missing = refs.find((r) => !found.has(r.personId));
  if (missing) {
    const role = PARTICIPANT_ROLE_LABELS[roleOfPath(missing.path[0] as string)];
    throw refError(missing.path, `${role.zh}不是已登记的人员：${missing.personId}`, `${role.en} is not a registered person: ${missing.personId}`);
  }
}

function roleOfPath(key: string): InvolvementRole {
  return key === 'handlers' ? 'handler' : key === 'approvers' ? 'approver' : key === 'deliberation' ? 'deliberation_member' : key === 'instructingLeaders' ? 'instructing_leader' : 'assigner';
}

async function ensureCaseNumberFree(q: Kysely<Database>, number: string, exceptId: string | null): Promise<void> {
  if (await caseNumberTaken(q, number, exceptId)) throw duplicateError(CASE_NO, number);
}


type FactsOf = Pick<OriginalCaseFull, 'handlers' | 'approvers' | 'deliberation' | 'instructingLeaders' | 'assigners' | 'kind' | 'decisionDate' | 'unitId'>;
type FactsIn = Pick<OriginalCaseUpdateInput, 'handlers' | 'approvers' | 'deliberation' | 'instructingLeaders' | 'assigners' | 'kind' | 'decisionDate' | 'unitId'>;

const opinionZh = (o: string): string => DELIBERATION_OPINION_LABELS[o as keyof typeof DELIBERATION_OPINION_LABELS]?.zh ?? o;
const kindZh = (k: string): string => ORIGINAL_CASE_KIND_LABELS[k as keyof typeof ORIGINAL_CASE_KIND_LABELS]?.zh ?? k;

/** Each fact's key (as `restingFactKeys`) with how a reader names it: 第2级批准人 张三, 集体讨论参加人 李四（坚持错误意见）. */
function participantLabels(p: OriginalCaseFull): Map<string, string> {
  const out = new Map<string, string>();
  out.set(`kind:${p.kind}`, `案件类别 ${kindZh(p.kind)}`);
  out.set(`decisionDate:${p.decisionDate}`, `决定日期 ${p.decisionDate}`);
  out.set(`unit:${p.unitId}`, `实施单位 ${p.unitName}`);
  for (const h of p.handlers) out.set(`handler:${h.personId}`, `承办人 ${h.name}`);
  for (const a of p.approvers) out.set(`approver${a.level}:${a.personId}`, `第${a.level}级批准人 ${a.name}`);
  if (p.deliberation) {
    out.set(`chair:${p.deliberation.chairId}`, `集体讨论主持人 ${p.deliberation.chairName}`);
    for (const m of p.deliberation.members) out.set(`member:${m.personId}:${m.opinion}`, `集体讨论参加人 ${m.name}（${opinionZh(m.opinion)}）`);
  }
  for (const l of p.instructingLeaders) out.set(`instructing:${l.personId}`, `授意/指使的负责人 ${l.name}`);
  for (const a of p.assigners) out.set(`assigner:${a.personId}`, `指派承办人者 ${a.name}`);
  return out;
}

/**
 * Every fact of the original case that an open case's recusal (FL-5(1)) and responsibility
 * (FL-8, WC-2) are judged from, one key each: each participant with its part and position (the
 * approver's level, the deliberation's chair) and a deliberation member's opinion (FL-8(3): the
 * chair and those who insisted are liable — a red-team walk changed an opinion with no reason, by
 * the member herself); the case's kind (WC-2: 行政处罚/许可), decision date (the conduct date the
 * rules read when a finding gives none) and unit.
 */
function restingFactKeys(p: FactsOf | FactsIn): Set<string> {
  const out = new Set<string>([`kind:${p.kind}`, `decisionDate:${p.decisionDate}`, `unit:${p.unitId}`]);
  for (const h of p.handlers) out.add(`handler:${h.personId}`);
  for (const a of p.approvers ?? []) out.add(`approver${a.level}:${a.personId}`);
  if (p.deliberation) {
    out.add(`chair:${p.deliberation.chairId}`);
    for (const m of p.deliberation.members) out.add(`member:${m.personId}:${m.opinion}`);
  }
  for (const l of p.instructingLeaders ?? []) out.add(`instructing:${l.personId}`);
  for (const a of p.assigners ?? []) out.add(`assigner:${a.personId}`);
  return out;
}

/**
 * An original case's participants are the facts of every open accountability case resting on it:
 * who must stand aside (FL-5(1)) and who bears which responsibility (FL-8). Changed silently, a
 * conflicted person is taken off around a team appointment and put back after (a red-team
 * finding), or a deliberation member's opinion turned from insisted to dissented (another). So
 * while such a case is open, a change of any fact `restingFactKeys` names — a participant, its
 * level or chair, an opinion, the kind, decision date or unit — needs its reason, is refused to
 * whoever must stand aside on that case, and is kept on each of those cases' timelines. Null when
 * nothing needs recording.
 */
async function participantsCorrection(tx: Tx, id: string, before: OriginalCaseFull, input: OriginalCaseUpdateInput, by: InTxActor): Promise<OriginalCaseCorrection | null> {
  const need = await originalCaseCorrectionNeed(tx, id, before, input);
  if (!need) return null;
  if (!input.correctionReason) throw refError(['correctionReason'], need.zh, need.en);
  // FL-5(1): nobody corrects the participants an open case holds them by — the subject, a
  // participant (taking himself off the approvers), a relative: the correction is the case's fact
  if (by.actorId) {
    const today = chinaDate(new Date(by.now));
    for (const c of need.cases) await assertAccountNotRecused(tx, by.actorId, today, c.id, { zh: `更正原执法案件参与人员（${c.number}）`, en: `Correct the original case’s participants (${c.number})` });
  }
  return need;
}

export type OriginalCaseCorrection = CorrectionNeed & { removed: string[]; added: string[] };

/**
 * What an update of the original case changes of the facts `restingFactKeys` names, and the open
 * cases resting on them, with the sentence asking for the correction reason; null when no open
 * case's fact changes. No authorization and no refusal: the write (`participantsCorrection`) and
 * the spreadsheet import's preview (a row's own error) both ask it.
 */
export async function originalCaseCorrectionNeed(dbOrTx: DbOrTx, id: string, before: OriginalCaseFull, input: FactsIn): Promise<OriginalCaseCorrection | null> {
  const was = restingFactKeys(before);
  const now = restingFactKeys(input);
  const removed = [...was].filter((k) => !now.has(k));
  const added = [...now].filter((k) => !was.has(k));
  if (!removed.length && !added.length) return null;
  const cases = await openCasesOnOriginal(queryOf(dbOrTx), id, TERMINAL_STATES);
  if (!cases.length) return null;
  const numbers = cases.map((c) => c.number).join('、');
  return {
    cases,
    removed,
    added,
    zh: `未结问责案件 ${numbers} 以本案的参与人员（含其级别、主持人和集体讨论意见）及案件类别、决定日期、实施单位为回避和责任划分的依据（FL-5(1)、FL-8）；更改这些事实须说明更正理由，理由记入上述案件`,
    en: `open accountability case(s) ${numbers} rest on this case's participants (with their level, the chair and the deliberation opinions), kind, decision date and unit for recusal and responsibility (FL-5(1), FL-8): changing them needs a correction reason, kept on those cases`,
  };
}
