// SQL of the original enforcement cases register (src/services/registers/original-cases-service.ts):
// a case with its unit's name, participants with their names, the append-only WC-5 outcome events
// and compensation payments, the list's search, a person's involvements, the reference checks and
// the optimistic-version writes. Rows are decoded here once (0/1 to booleans, integer columns to
// numbers, the text columns' real unions). Reads a service makes for an actor carry its
// organisation scope exactly as the service passes it; the look-ups other services make (rules
// engine, case workflow, import) by id or number are unscoped by design.
import { sql, type Insertable, type Kysely, type Selectable, type UpdateResult } from 'kysely';
import type { DialectName } from '../../db/database';
import type { CaseState } from '../../domain/cases/states';
import type { Database } from '../../db/schema';
import type {
  DeliberationOpinion,
  OriginalCaseCompensationTable,
  OriginalCaseKind,
  OriginalCaseOutcomeTable,
  OriginalCaseParticipantTable,
  OriginalCaseTable,
  ParticipantRole,
  Wc5Source,
} from '../../db/tables/registers';
import { orgScopeFilter } from '../../policies/org-scope';
import type { OutcomeEffect } from '../../services/registers/schemas';
import { chunks } from './certificates-repo';
import { containsText } from './query';

type Q = Kysely<Database>;
type Scope = readonly string[] | undefined;

/** A case row with its unit's name (integer columns as numbers). */
export type OriginalCaseRecord = Selectable<OriginalCaseTable> & { unit_name: string };

export interface ParticipantRecord {
  personId: string;
  personName: string;
  role: ParticipantRole;
  /** approvers: 1..n */
  level: number | null;
  opinion: DeliberationOpinion | null;
  isChair: boolean;
  note: string | null;
}

export interface OutcomeRecord {
  id: string;
  source: Wc5Source;
  effect: OutcomeEffect | null;
  issuer: string | null;
  referenceNo: string;
  referenceDate: string;
  note: string | null;
  actorId: string | null;
  recordedAt: string;
}

export interface CompensationRecord {
  id: string;
  amountFen: number;
  paidDate: string;
  decisionNo: string;
  note: string | null;
  actorId: string | null;
  recordedAt: string;
}

/** the column holds only the effects the outcome schema accepts (WC-5(3)/(4)) or null */
const effectOf = (v: string | null): OutcomeEffect | null => (v ?? null) as OutcomeEffect | null;

function decodeCase<R extends OriginalCaseRecord>(r: R): R {
  return { ...r, version: Number(r.version) };
}

export function decodeOutcome(o: Selectable<OriginalCaseOutcomeTable>): OutcomeRecord {
  return {
    id: o.id,
    source: o.source,
    effect: effectOf(o.effect),
    issuer: o.issuer,
    referenceNo: o.reference_no,
    referenceDate: o.reference_date,
    note: o.note,
    actorId: o.actor_id,
    recordedAt: o.recorded_at,
  };
}

export function decodeCompensation(m: Selectable<OriginalCaseCompensationTable>): CompensationRecord {
  return {
    id: m.id,
    amountFen: Number(m.amount_fen),
    paidDate: m.paid_date,
    decisionNo: m.decision_no,
    note: m.note,
    actorId: m.actor_id,
    recordedAt: m.recorded_at,
  };
}

// ---------- reading ----------

/** One case with its unit's name (unscoped: the caller has checked the scope or needs none). */
export async function originalCaseRecord(q: Q, id: string): Promise<OriginalCaseRecord | undefined> {
  const row = await q.selectFrom('original_cases as c').innerJoin('units as u', 'u.id', 'c.unit_id').selectAll('c').select('u.name as unit_name').where('c.id', '=', id).executeTakeFirst();
  return row && decodeCase(row);
}

/** A case's participants (by ordinal), outcome events (by reference date) and compensation (by payment date), decoded. */
export async function originalCaseChildren(q: Q, id: string): Promise<{ participants: ParticipantRecord[]; outcomes: OutcomeRecord[]; compensations: CompensationRecord[] }> {
  const [participants, outcomes, compensations] = await Promise.all([
    q
      .selectFrom('original_case_participants as pt')
      .innerJoin('people as p', 'p.id', 'pt.person_id')
      .selectAll('pt')
      .select('p.name as person_name')
      .where('pt.case_id', '=', id)
      .orderBy('pt.ordinal')
      .execute(),
    q.selectFrom('original_case_outcomes').selectAll().where('case_id', '=', id).orderBy('reference_date').orderBy('recorded_at').orderBy('id').execute(),
    q.selectFrom('original_case_compensations').selectAll().where('case_id', '=', id).orderBy('paid_date').orderBy('recorded_at').orderBy('id').execute(),
  ]);
  return {
    participants: participants.map((p) => ({
      personId: p.person_id,
      personName: p.person_name,
      role: p.role,
      level: p.level === null ? null : Number(p.level),
      opinion: p.opinion,
      isChair: Number(p.is_chair) === 1,
      note: p.note,
    })),
    outcomes: outcomes.map(decodeOutcome),
    compensations: compensations.map(decodeCompensation),
  };
}

/** Whether the case exists within `orgScope` (absent: unrestricted). */
export async function originalCaseInScope(q: Q, id: string, orgScope: Scope): Promise<boolean> {
  return !!(await q.selectFrom('original_cases').select('id').where('id', '=', id).where(orgScopeFilter({ orgScope }, 'original_cases.org_id')).executeTakeFirst());
}

/** The id of the case with this number, any organisation. */
export async function originalCaseIdByNumber(q: Q, number: string): Promise<string | undefined> {
  return (await q.selectFrom('original_cases').select('id').where('number', '=', number).executeTakeFirst())?.id;
}

export interface OriginalCaseSearch {
  orgScope: Scope;
  kind?: OriginalCaseKind;
  unitIds?: readonly string[];
  year?: number;
  /** text in the number, title or counterpart's name */
  text?: string;
  /** with (true) or without (false) a WC-5 outcome event */
  wrong?: boolean;
  page: number;
  pageSize: number;
}

export type OriginalCaseListRecord = OriginalCaseRecord & { wrong: boolean; compensationTotalFen: number };

/** A page of cases (newest decision first, then number) and the total matching. */
export async function searchOriginalCases(q: Q, dialect: DialectName, s: OriginalCaseSearch): Promise<{ rows: OriginalCaseListRecord[]; total: number }> {
  let base = q.selectFrom('original_cases as c').innerJoin('units as u', 'u.id', 'c.unit_id').where(orgScopeFilter({ orgScope: s.orgScope }, 'c.org_id'));
  if (s.kind) base = base.where('c.kind', '=', s.kind);
  if (s.unitIds) base = base.where('c.unit_id', 'in', [...s.unitIds]);
  if (s.year !== undefined) base = base.where('c.decision_date', '>=', `${s.year}-01-01`).where('c.decision_date', '<=', `${s.year}-12-31`);
  if (s.text) {
    const text = s.text;
    base = base.where((eb) => eb.or([containsText(dialect, 'c.number', text), containsText(dialect, 'c.title', text), containsText(dialect, 'c.counterpart_name', text)]));
  }
  if (s.wrong !== undefined) {
    const wrong = s.wrong;
    base = base.where((eb) => {
      const hasOutcome = eb.exists(eb.selectFrom('original_case_outcomes as o').select('o.id').whereRef('o.case_id', '=', 'c.id'));
      return wrong ? hasOutcome : eb.not(hasOutcome);
    });
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('c')
    .select('u.name as unit_name')
    .select((eb) => [
      eb.exists(eb.selectFrom('original_case_outcomes as o').select('o.id').whereRef('o.case_id', '=', 'c.id')).as('wrong'),
      eb
        .selectFrom('original_case_compensations as m')
        .select(sql<number>`COALESCE(SUM(m.amount_fen), 0)`.as('s'))
        .whereRef('m.case_id', '=', 'c.id')
        .as('compensation_total'),
    ])
    .orderBy('c.decision_date', 'desc')
    .orderBy('c.number')
    .limit(s.pageSize)
    .offset((s.page - 1) * s.pageSize)
    .execute();
  return {
    rows: rows.map(({ wrong, compensation_total, ...r }) => ({
      ...decodeCase(r),
      wrong: (wrong as unknown) === true || Number(wrong) === 1,
      compensationTotalFen: Number(compensation_total ?? 0),
    })),
    total: Number(total.n),
  };
}

export interface InvolvementRecord {
  caseId: string;
  number: string;
  kind: OriginalCaseKind;
  title: string;
  decisionDate: string;
  role: ParticipantRole;
  level: number | null;
  isChair: boolean;
}

/** Every participation of a person (newest decision first, then number), any organisation. */
export async function involvementRecordsOfPerson(q: Q, personId: string): Promise<InvolvementRecord[]> {
  const rows = await q
    .selectFrom('original_case_participants as pt')
    .innerJoin('original_cases as c', 'c.id', 'pt.case_id')
    .select(['c.id', 'c.number', 'c.kind', 'c.title', 'c.decision_date', 'pt.role', 'pt.level', 'pt.is_chair'])
    .where('pt.person_id', '=', personId)
    .orderBy('c.decision_date', 'desc')
    .orderBy('c.number')
    .execute();
  return rows.map((r) => ({
    caseId: r.id,
    number: r.number,
    kind: r.kind,
    title: r.title,
    decisionDate: r.decision_date,
    role: r.role,
    level: r.level === null ? null : Number(r.level),
    isChair: Number(r.is_chair) === 1,
  }));
}

/** case id → the highest approver level (the final approver's, FL-8(2)), for these cases. */
export async function finalApproverLevels(q: Q, caseIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(caseIds, 500)) {
    const levels = await q
      .selectFrom('original_case_participants')
      .select(['case_id', (eb) => eb.fn.max('level').as('max_level')])
      .where('role', '=', 'approver')
      .where('case_id', 'in', part)
      .groupBy('case_id')
      .execute();
    for (const l of levels) out.set(l.case_id, Number(l.max_level));
  }
  return out;
}

/** Whether the person exists within `orgScope` (absent: unrestricted). */
export async function personInScope(q: Q, personId: string, orgScope: Scope): Promise<boolean> {
  return !!(await q.selectFrom('people').select('id').where('id', '=', personId).where(orgScopeFilter({ orgScope }, 'people.org_id')).executeTakeFirst());
}

/** Whether the unit exists within `orgScope` (absent: unrestricted). */
export async function unitInScope(q: Q, unitId: string, orgScope: Scope): Promise<boolean> {
  return !!(await q.selectFrom('units').select('id').where('id', '=', unitId).where(orgScopeFilter({ orgScope }, 'units.org_id')).executeTakeFirst());
}

/** The ids among `personIds` of people within `orgScope` (inactive included: cases are history). */
export async function peopleIdsInScope(q: Q, personIds: readonly string[], orgScope: Scope): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(personIds, 500)) {
    for (const p of await q.selectFrom('people').select('id').where('id', 'in', part).where(orgScopeFilter({ orgScope }, 'people.org_id')).execute()) found.add(p.id);
  }
  return found;
}

/** Whether another case (not `exceptId`, any organisation) has this number. */
export async function caseNumberTaken(q: Q, number: string, exceptId: string | null): Promise<boolean> {
  let query = q.selectFrom('original_cases').select('id').where('number', '=', number);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

// ---------- writing ----------

export async function insertOriginalCaseRow(q: Q, row: Insertable<OriginalCaseTable>): Promise<void> {
  await q.insertInto('original_cases').values(row).execute();
}

/** Writes the case's columns when the row is still at `version` (the caller checks one row was updated). */
export async function updateOriginalCaseAtVersion(
  q: Q,
  id: string,
  version: number,
  columns: Omit<Insertable<OriginalCaseTable>, 'id' | 'org_id' | 'version' | 'created_at' | 'updated_at'>,
  now: string,
): Promise<UpdateResult> {
  return q
    .updateTable('original_cases')
    .set({ ...columns, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function deleteParticipantRows(q: Q, caseId: string): Promise<void> {
  await q.deleteFrom('original_case_participants').where('case_id', '=', caseId).execute();
}

export async function insertParticipantRows(q: Q, rows: readonly Insertable<OriginalCaseParticipantTable>[]): Promise<void> {
  if (rows.length) await q.insertInto('original_case_participants').values([...rows]).execute();
}

export async function insertOutcomeRow(q: Q, row: Insertable<OriginalCaseOutcomeTable>): Promise<void> {
  await q.insertInto('original_case_outcomes').values(row).execute();
}

/** The state compensation recorded for the case so far, in fen. */
export async function compensationTotalFen(q: Q, caseId: string): Promise<number> {
  const r = await q.selectFrom('original_case_compensations').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('total')).where('case_id', '=', caseId).executeTakeFirst();
  return Number(r?.total ?? 0);
}

export async function insertCompensationRow(q: Q, row: Insertable<OriginalCaseCompensationTable>): Promise<void> {
  await q.insertInto('original_case_compensations').values(row).execute();
}

/** The accountability cases still open that rest on this original case (its participants are their recusal and responsibility facts). */
export async function openCasesOnOriginal(q: Q, originalCaseId: string, terminal: readonly CaseState[]): Promise<{ id: string; number: string }[]> {
  return q.selectFrom('cases').select(['id', 'number']).where('original_case_id', '=', originalCaseId).where('state', 'not in', [...terminal]).orderBy('number').execute();
}
