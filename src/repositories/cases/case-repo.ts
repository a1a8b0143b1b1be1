// The case row, its locks and the small reads every case command needs. Moved here from
// src/services/cases/repo.ts (which re-exports it) so that all SQL over the case tables lives in
// src/repositories/cases/.
import { sql, type ExpressionBuilder, type Insertable, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema';
import { isPostgresHandle } from '../../db/database';
import { compiledOnce, insertRowOnce, insertWithUpdateOnce, updateRowOnce } from '../../db/compiled-once';
import type { CaseStepTable, CaseTable } from '../../db/tables/cases';
import { waitingActorships, type Actorship, type CaseFacts, type CaseState } from '../../domain/cases';
import { loadCaseFacts, loadCaseFactsMany } from './case-aggregate';
import { parseJson, type CaseRow } from './case-rows';
import { idList } from '../sql-ids';
import { orgScopeFilter } from '../../policies/org-scope';
import { sameOfficerIdsSql } from '../registers/people-repo';
import type { Actor } from '../../policies/roles';

export type Q = Kysely<Database>;

/** The case row, locked for the rest of the transaction on PostgreSQL (SQLite holds the write lock already). */
export async function lockCase(tx: Q, id: string): Promise<CaseRow | undefined> {
  let q = tx.selectFrom('cases').selectAll().where('id', '=', id);
  if (isPostgresHandle(tx)) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * `lockCase` and whether `userId` sits on the case's team, in one statement (the step's
 * visibility check needs both; the team row is read, not locked).
 */
export async function lockCaseWithTeam(tx: Q, id: string, userId: string): Promise<{ row: CaseRow; onTeam: boolean } | undefined> {
  return caseWithTeam(tx, id, userId, true);
}

/**
 * Every column of `cases`, named (the type check fails when the table gains a column not listed):
 * a statement that names its columns keeps its result type when a migration adds one, so it may
 * run as a named prepared statement on PostgreSQL (parsed and planned once per connection), where
 * `cases.*` may not.
 */
export const CASE_COLUMNS = Object.keys({
  org_id: 1, org_seq: 1, id: 1, number: 1, year: 1, seq: 1, state: 1, tracks: 1, source: 1, channel: 1, summary: 1, received_on: 1,
  wc5_item: 1, wc5_reference_no: 1, wc5_reference_date: 1, original_case_id: 1, accepted_on: 1, registered_on: 1,
  investigation_started_on: 1, decided_on: 1, closed_on: 1, end_reason: 1, wrong_case: 1, wrong_case_wc5_item: 1, version: 1,
  created_by: 1, created_at: 1, updated_at: 1, waits_clerk: 1, waits_leader: 1, waits_decider: 1, waits_team: 1, waits_subject: 1,
} satisfies Record<keyof CaseTable, 1>) as Array<keyof CaseTable & string>;

/**
 * The statement of `caseWithTeam`, compiled once per engine and lock (src/db/compiled-once.ts):
 * every step and every case view runs it; on PostgreSQL a named prepared statement (its columns
 * are named: `CASE_COLUMNS`).
 */
export const caseWithTeamStatement = compiledOnce<'lock' | 'read', { id: string; userId: string }, CaseRow & { on_team__: unknown }>((pg, variant, a, db) => {
  const q = db
    .selectFrom('cases')
    .select(CASE_COLUMNS.map((c) => `cases.${c}` as const))
    .select((eb) => eb.exists(eb.selectFrom('case_team_members').select('case_team_members.id').whereRef('case_team_members.case_id', '=', 'cases.id').where('case_team_members.user_id', '=', a.userId)).as('on_team__'))
    .where('cases.id', '=', a.id);
  return (variant === 'lock' && pg ? q.forUpdate() : q).$castTo<CaseRow & { on_team__: unknown }>();
});

/** `findCase` (`lock`: `lockCase`) and whether `userId` sits on the case's team, in one statement. */
export async function caseWithTeam(tx: Q, id: string, userId: string, lock = false): Promise<{ row: CaseRow; onTeam: boolean } | undefined> {
  const r = (await caseWithTeamStatement.execute(tx, lock ? 'lock' : 'read', { id, userId })).rows[0];
  if (!r) return undefined;
  const { on_team__: onTeam, ...row } = r;
  return { row: row as CaseRow, onTeam: (onTeam as unknown) === true || Number(onTeam) === 1 };
}

export async function findCase(q: Q, id: string): Promise<CaseRow | undefined> {
  return q.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether the user sits on the case's investigation team. */
export async function isOnTeam(q: Q, caseId: string, userId: string): Promise<boolean> {
  return Boolean(await q.selectFrom('case_team_members').select('id').where('case_id', '=', caseId).where('user_id', '=', userId).executeTakeFirst());
}

/** Whether the register person is a subject (被调查人) of the case. */
export async function isSubjectOf(q: Q, caseId: string, personId: string): Promise<boolean> {
  return Boolean(await q.selectFrom('case_subjects').select('id').where('case_id', '=', caseId).where('person_id', '=', personId).executeTakeFirst());
}

/** Of these cases, the ones whose team the user sits on. */
export async function teamCaseIds(q: Q, userId: string, caseIds: readonly string[]): Promise<Set<string>> {
  if (!caseIds.length) return new Set();
  return new Set((await q.selectFrom('case_team_members').select('case_id').where('user_id', '=', userId).where('case_id', 'in', [...caseIds]).execute()).map((t) => t.case_id));
}

/** SQL conditions the case policy combines into "cases this actor may see" (src/policies/cases.ts). */
export const caseConditions = {
  all: () => sql<boolean>`1 = 1`,
  none: () => sql<boolean>`1 = 0`,
  onTeam: (eb: ExpressionBuilder<Database, 'cases'>, userId: string) =>
    eb('cases.id', 'in', eb.selectFrom('case_team_members').select('case_team_members.case_id').where('case_team_members.user_id', '=', userId)),
  subjectOf: (eb: ExpressionBuilder<Database, 'cases'>, personId: string) =>
    eb('cases.id', 'in', eb.selectFrom('case_subjects').select('case_subjects.case_id').where('case_subjects.person_id', '=', personId)),
  /**
   * The case id column `idRef` (`cases.id`, `c.id`) is a case this person reads in full: of those
   * `of` names (every case, or the cases whose team the user sits on, or none), one the person has
   * no ground to stand aside from (`standAsideCaseIds`). The policy says which (src/policies/cases.ts#subjectsShownTo).
   */
  readInFull: (idRef: string, who: { userId: string; personId: string | null }, of: 'all' | 'team' | 'none'): RawBuilder<SqlBool> => {
    if (of === 'none') return sql<SqlBool>`1 = 0`;
    const notAside = sql<SqlBool>`${sql.ref(idRef)} NOT IN (${standAsideCaseIds(who)})`;
    if (of === 'all') return notAside;
    return sql<SqlBool>`(${sql.ref(idRef)} IN (SELECT m.case_id FROM case_team_members m WHERE m.user_id = ${who.userId}) AND ${notAside})`;
  },
  /**
   * An item of the case `idRef` about its subject `personRef` (a finding, a decision item, an
   * execution item, a subject record) is one this person may be shown: the case is read in full
   * (`readInFull`), or the item is about the person's own record. The policy says which (src/policies/cases.ts#subjectsShownTo).
   */
  recordShown: (idRef: string, personRef: string, who: { userId: string; personId: string | null }, of: 'all' | 'team' | 'none'): RawBuilder<SqlBool> => {
    const full = caseConditions.readInFull(idRef, who, of);
    return who.personId ? sql<SqlBool>`(${full} OR ${sql.ref(personRef)} = ${who.personId})` : full;
  },
};

/**
 * FL-5(1), FL-7(7): of these cases, each one's number, whether `inFull` holds of it (a condition
 * over `c.id`: the case policy's "read in full") and the units of the person's own subject records
 * in it — what src/policies/cases.ts#caseNamingFor decides from. Two statements whatever the length.
 */
export async function caseNamingFacts(
  q: Q,
  caseIds: readonly string[],
  inFull: (idRef: string) => RawBuilder<SqlBool>,
  ownPersonId: string | null,
): Promise<Map<string, { number: string; full: boolean; ownUnits: Set<string | null> }>> {
  const out = new Map<string, { number: string; full: boolean; ownUnits: Set<string | null> }>();
  const ids = [...new Set(caseIds)];
  if (!ids.length) return out;
  const rows = await q
    .selectFrom('cases as c')
    .select(['c.id', 'c.number', sql<number>`CASE WHEN ${inFull('c.id')} THEN 1 ELSE 0 END`.as('full')])
    .where('c.id', 'in', idList(q, ids))
    .execute();
  for (const r of rows) out.set(r.id, { number: r.number, full: Number(r.full) === 1, ownUnits: new Set() });
  if (ownPersonId) {
    const own = await q.selectFrom('case_subjects').select(['case_id', 'unit_id']).where('person_id', '=', ownPersonId).where('case_id', 'in', idList(q, ids)).execute();
    for (const s of own) out.get(s.case_id)?.ownUnits.add(s.unit_id);
  }
  return out;
}

/** The ids of the cases this register person is a subject of. */
export async function subjectCaseIdsOf(q: Q, personId: string): Promise<string[]> {
  return (await q.selectFrom('case_subjects').select('case_id').where('person_id', '=', personId).execute()).map((r) => r.case_id);
}

export async function inForceDecision(q: Q, caseId: string) {
  return q.selectFrom('case_decisions').selectAll().where('case_id', '=', caseId).where('status', '=', 'in_force').executeTakeFirst();
}

/** Latest finding per subject (a later one supersedes an earlier one). */
export async function currentFindings(q: Q, caseId: string) {
  const rows = await q.selectFrom('case_findings').selectAll().where('case_id', '=', caseId).orderBy('recorded_at').orderBy('id').execute();
  const superseded = new Set(rows.map((r) => r.supersedes_id).filter(Boolean));
  return rows.filter((r) => !superseded.has(r.id));
}

/** Every finding ever recorded on the case, superseded ones included. */
export async function findingHistoryRows(q: Q, caseId: string) {
  return q.selectFrom('case_findings').selectAll().where('case_id', '=', caseId).orderBy('recorded_at').orderBy('id').execute();
}

/**
 * FL-10(6): the decisions in force on other cases about these people, decided by `today` — for the
 * rules engine to derive repetition.
 */
export async function priorDecidedItems(q: Q, exceptCaseId: string, personIds: readonly string[], today: string) {
  if (!personIds.length) return [];
  return q
    .selectFrom('case_decision_items')
    .innerJoin('case_decisions', 'case_decisions.id', 'case_decision_items.decision_id')
    .innerJoin('cases', 'cases.id', 'case_decision_items.case_id')
    .select(['case_decision_items.subject_person_id', 'case_decision_items.case_id', 'case_decision_items.no_accountability', 'case_decisions.decided_on', 'cases.number'])
    .where('case_decisions.status', '=', 'in_force')
    .where('case_decision_items.case_id', '!=', exceptCaseId)
    .where('case_decision_items.subject_person_id', 'in', [...personIds])
    .where('case_decisions.decided_on', '<=', today)
    .execute();
}

// ------------------------------------------------------------------------------------------------
// Writes of a step (src/services/cases/commands.ts)

/**
 * Moves the case to its next state if nobody changed it meanwhile (optimistic: the version must
 * still be the one read); false when it was changed.
 */
/** The case row's update of a step (advanceCase): compiled once per set of columns (tests: src/db/compiled-once.test.ts). */
export const advanceStatement = updateRowOnce('cases');
/** PostgreSQL: the step row and the case row's update in one statement (advanceCase with `step`). */
export const advanceWithStepStatement = insertWithUpdateOnce('case_steps', 'cases');

/**
 * The columns of `patch` whose value differs from the row read, with `always` (version,
 * updated_at). A column set to the value it has is left out of the UPDATE: the row is the one read
 * (the WHERE checks its version), so the result is the same, but SQLite rewrites every index that
 * holds a column named in SET whether or not its value changed — `state` is in seven of the cases
 * table's indexes (queue, statistics), and a step that keeps the state (recording evidence, a
 * finding, a reply) paid for rewriting them all: 52 µs for the UPDATE instead of 4, and more pages
 * to write at COMMIT (measured, issue 14 `bench:write`).
 */
export function changedColumns(row: CaseRow, patch: Partial<CaseRow>, always: Partial<CaseRow>): Partial<CaseRow> {
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined && v !== (row as unknown as Record<string, unknown>)[k]) set[k] = v;
  return { ...(set as Partial<CaseRow>), ...always };
}

/**
 * Moves the case to its next state if nobody changed it meanwhile (optimistic: the version must
 * still be the one read); false when it was changed — the caller then throws, rolling back.
 * With `step` (the step's row) and the facts after the step known: on PostgreSQL the step row is
 * written in the same statement as the case row (one round trip fewer); true means both were
 * written. Elsewhere the caller writes it (insertStep); `advanceCase` says which by its answer's `stepWritten`.
 */
export async function advanceCase(
  tx: Q,
  row: CaseRow,
  patch: Partial<CaseRow>,
  to: CaseState,
  version: number,
  now: string,
  /** the facts after the step when the caller knows them (a step that wrote none of their tables): not read again */
  factsAfter?: CaseFacts,
  step?: StepInput,
): Promise<{ advanced: boolean; stepWritten: boolean }> {
  const set = changedColumns(row, { ...patch, state: to }, { version, updated_at: now });
  const where = { id: row.id, version: row.version };
  // compiled once per set of columns patched (src/db/compiled-once.ts). Whom the case waits on is
  // worked out after the update: from the facts known, or read again (then the step row, which no
  // fact is read from before it is written, is written separately as before).
  const merged = step !== undefined && factsAfter !== undefined && isPostgresHandle(tx);
  const upd = merged ? await advanceWithStepStatement.execute(tx, { insert: stepRowOf(step), set, where }) : await advanceStatement.execute(tx, { set, where });
  if (Number(upd.numAffectedRows ?? 0) !== 1) return { advanced: false, stepWritten: merged };
  // issue 14 point 5: whom the case waits on now, from its facts after the step's writes
  await refreshWaits(tx, { ...row, ...patch, state: to, version }, factsAfter);
  return { advanced: true, stepWritten: merged };
}

// ------------------------------------------------------------------------------------------------
// Whom the case waits on (cases.waits_*, read by the queue: src/repositories/cases/queue-repo.ts)

const WAIT_COLUMN: Record<Actorship, 'waits_clerk' | 'waits_leader' | 'waits_decider' | 'waits_team' | 'waits_subject'> = {
  clerk: 'waits_clerk',
  leader: 'waits_leader',
  decider: 'waits_decider',
  team_investigator: 'waits_team',
  case_subject: 'waits_subject',
};

/** The cases.waits_* values of these facts (src/domain/cases/machine.ts#waitingActorships). */
export function waitsOf(f: CaseFacts): Pick<CaseRow, 'waits_clerk' | 'waits_leader' | 'waits_decider' | 'waits_team' | 'waits_subject'> {
  const w = new Set(waitingActorships(f).map((a) => WAIT_COLUMN[a]));
  return {
    waits_clerk: w.has('waits_clerk') ? 1 : 0,
    waits_leader: w.has('waits_leader') ? 1 : 0,
    waits_decider: w.has('waits_decider') ? 1 : 0,
    waits_team: w.has('waits_team') ? 1 : 0,
    waits_subject: w.has('waits_subject') ? 1 : 0,
  };
}

/**
 * Rewrites whom the case waits on from its facts as they are now in this transaction: the one
 * writer of cases.waits_*, called by every step (advanceCase) and by intake. `known`: those facts
 * as the caller has them (`factsAfterRow` of a step that wrote none of their tables), else read.
 */
export async function refreshWaits(tx: Q, row: CaseRow, known?: CaseFacts): Promise<void> {
  const w = waitsOf(known ?? (await loadCaseFacts(tx, row)));
  if (w.waits_clerk === row.waits_clerk && w.waits_leader === row.waits_leader && w.waits_decider === row.waits_decider && w.waits_team === row.waits_team && w.waits_subject === row.waits_subject) return;
  await tx.updateTable('cases').set(w).where('id', '=', row.id).execute();
}

/** The same for many cases (the backfill of migration 0310): one update per distinct combination. */
export async function refreshWaitsMany(q: Q, rows: readonly CaseRow[]): Promise<void> {
  const facts = await loadCaseFactsMany(q, rows);
  const groups = new Map<string, { w: ReturnType<typeof waitsOf>; ids: string[] }>();
  for (const r of rows) {
    const w = waitsOf(facts.get(r.id)!);
    const key = JSON.stringify(w);
    const g = groups.get(key) ?? { w, ids: [] };
    g.ids.push(r.id);
    groups.set(key, g);
  }
  for (const { w, ids } of groups.values()) await q.updateTable('cases').set(w).where('id', 'in', ids).execute();
}

/** The step row's insert (insertStep), compiled once. */
export const stepInsertStatement = insertRowOnce<'case_steps', Insertable<CaseStepTable>>('case_steps');

export interface StepInput {
  id: string;
  caseId: string;
  action: string;
  fromState: string;
  toState: string;
  citation: string;
  data: Record<string, unknown>;
  actorId: string | null;
  at: string;
}

const stepRowOf = (s: StepInput): Insertable<CaseStepTable> => ({ id: s.id, case_id: s.caseId, action: s.action, from_state: s.fromState, to_state: s.toState, citation: s.citation, data: JSON.stringify(s.data), actor_id: s.actorId, at: s.at });

export async function insertStep(tx: Q, s: StepInput): Promise<void> {
  await stepInsertStatement.execute(tx, stepRowOf(s));
}

/** The steps that moved the case (from one state to another), with their data decoded. */
export async function movingSteps(q: Q, caseId: string): Promise<{ action: string; data: Record<string, unknown> }[]> {
  const rows = await q.selectFrom('case_steps').select(['action', 'data']).where('case_id', '=', caseId).where(sql<boolean>`from_state <> to_state`).execute();
  return rows.map((s) => ({ action: s.action, data: parseJson<Record<string, unknown>>(s.data, {}) }));
}

/**
 * The next case number of the year: the counter row is incremented with an upsert inside the
 * intake transaction — on PostgreSQL the row lock of ON CONFLICT DO UPDATE serializes concurrent
 * intakes, on SQLite BEGIN IMMEDIATE does.
 */
export async function nextCaseSeq(tx: Q, year: number): Promise<number> {
  const r = await tx
    .insertInto('case_number_seq')
    .values({ year, last: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`case_number_seq.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(r.last);
}

/** Every case whose team the user sits on. */
export async function teamCaseIdsOf(q: Q, userId: string): Promise<string[]> {
  return (await q.selectFrom('case_team_members').select('case_id').where('user_id', '=', userId).execute()).map((r) => r.case_id);
}

/** The latest rules receipt of the case (raw JSON columns; see recommendation.ts). */
export async function latestEvaluationRow(q: Q, caseId: string) {
  return q.selectFrom('rule_evaluations').selectAll().where('case_id', '=', caseId).orderBy('evaluated_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

/**
 * FL-14 / WC-10(3): the bars carried out in the year, with their case and unit; `named`: whether
 * the bar's case may be named to the reader (`recordShown`, a condition over the case id and the
 * barred subject — src/policies/cases.ts#subjectsShownTo; absent: every case named).
 */
export async function barsCarriedOut(q: Q, kinds: readonly string[], year: number, actor?: Pick<Actor, 'orgScope'>, recordShown?: (idRef: string, personRef: string) => RawBuilder<SqlBool>) {
  const rows = await q
    .selectFrom('case_execution_items')
    .innerJoin('cases', 'cases.id', 'case_execution_items.case_id')
    .leftJoin('units', 'units.id', 'case_execution_items.unit_id')
    .select(['case_execution_items.kind', 'case_execution_items.citation', 'case_execution_items.subject_person_id', 'case_execution_items.unit_id', 'units.name as unit_name', 'cases.id as case_id', 'cases.number'])
    .select(sql<number>`CASE WHEN ${recordShown ? recordShown('cases.id', 'case_execution_items.subject_person_id') : sql`1 = 1`} THEN 1 ELSE 0 END`.as('named'))
    .where('case_execution_items.kind', 'in', [...kinds])
    .where('case_execution_items.status', '=', 'done')
    .where('case_execution_items.year', '=', year)
    // issue 11: only cases of the organisations the actor reads
    .where(orgScopeFilter(actor ?? {}, 'cases.org_id'))
    .orderBy('cases.number')
    .execute();
  return rows.map(({ named, ...r }) => ({ ...r, named: Number(named) === 1 }));
}

/** Whether the case has a subject (被调查人) yet. */
export async function hasSubject(q: Q, caseId: string): Promise<boolean> {
  return Boolean(await q.selectFrom('case_subjects').select('id').where('case_id', '=', caseId).executeTakeFirst());
}

/**
 * FL-5(1), FL-7(7): the ids of the cases this person has a ground to stand aside from, as a
 * sub-select of case ids — the grounds of src/policies/recusal.ts#conflictsOf read in SQL (every
 * ground, whatever the pack's switches: they govern acting, not reading the reporter's words): a
 * subject of the case; a participant of its original enforcement case; a declared relationship
 * (not withdrawn) with a subject or such a participant; the reporter linked to them; a
 * self-recusal in effect or a granted challenge. As there, the records of one name in one unit are
 * one officer (`sameOfficerIdsSql`: the person's own records, and those of each relative). The
 * case policy gives such a person the subject's perspective whatever their roles
 * (src/policies/cases.ts#caseAccessOf).
 */
export function standAsideCaseIds(who: { userId: string; personId: string | null }) {
  const u = who.userId;
  const p = who.personId;
  // Each list is named once (common tables): written out at each use, PostgreSQL spent about 1 ms
  // planning the statement on every case read (issue 14, bench:write's view).
  // the register records this person is: their own and any other of its name in its unit
  const me = p ? sameOfficerIdsSql(sql`(SELECT x.id FROM people x WHERE x.id = ${p})`) : sql`SELECT x.id FROM people x WHERE 1 = 0`;
  // the register people the person is declared related to (both directions of conflictsOf) …
  const related = sql`SELECT r.related_person_id FROM declared_relationships r WHERE r.withdrawn_at IS NULL AND (r.user_id = ${u} OR r.person_id IN (SELECT id FROM me))
          UNION SELECT r.person_id FROM declared_relationships r WHERE r.withdrawn_at IS NULL AND r.related_person_id IN (SELECT id FROM me) AND r.person_id IS NOT NULL`;
  // … with their other records of one name in one unit; a subject or original-case participant
  // among these people, or among the person's own records, is a ground
  const persons = sql`SELECT id FROM me UNION SELECT y.id FROM (${sameOfficerIdsSql(sql`(SELECT id FROM rel)`)}) y`;
  const links = p ? sql`l.user_id = ${u} OR l.person_id = ${p}` : sql`l.user_id = ${u}`;
  return sql<string>`WITH me(id) AS (${me}), rel(id) AS (${related}), persons(id) AS (${persons})
    SELECT s.case_id FROM case_subjects s WHERE s.person_id IN (SELECT id FROM persons)
    UNION SELECT c.id FROM cases c JOIN original_case_participants o ON o.case_id = c.original_case_id WHERE o.person_id IN (SELECT id FROM persons)
    UNION SELECT l.case_id FROM case_reporter_links l WHERE ${links}
    UNION SELECT rc.case_id FROM case_recusals rc WHERE rc.user_id = ${u} AND rc.status IN ('in_effect', 'granted')`;
}

/**
 * One case: whether this person has a ground to stand aside from it (`standAsideCaseIds`), every
 * case view and step asks. Compiled once and, on PostgreSQL, a named prepared statement: planned
 * once per connection, not on every read (about 0.5–1 ms of planning, issue 14).
 */
export const standAsideOneStatement = compiledOnce<'person' | 'account', { caseId: string; userId: string; personId: string }, { id: string }>((_pg, variant, a) =>
  sql<{ id: string }>`SELECT c.id FROM cases c WHERE c.id = ${a.caseId} AND c.id IN (${standAsideCaseIds({ userId: a.userId, personId: variant === 'person' ? a.personId : null })})`,
);

export async function standsAsideFromCase(q: Q, who: { userId: string; personId: string | null }, caseId: string): Promise<boolean> {
  const variant = who.personId === null ? 'account' : 'person';
  return (await standAsideOneStatement.execute(q, variant, { caseId, userId: who.userId, personId: who.personId ?? '' })).rows.length > 0;
}

/** Of these cases, the ones this person has a ground to stand aside from (`standAsideCaseIds`). */
export async function casesStoodAsideFrom(q: Q, who: { userId: string; personId: string | null }, caseIds: readonly string[]): Promise<Set<string>> {
  if (!caseIds.length) return new Set();
  const r = await sql<{ id: string }>`SELECT c.id FROM cases c WHERE c.id IN (${sql.join([...caseIds])}) AND c.id IN (${standAsideCaseIds(who)})`.execute(q);
  return new Set(r.rows.map((x) => x.id));
}
