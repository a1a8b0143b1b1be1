// The case row, its locks and the small reads every case command needs. Moved here from
// src/services/cases/repo.ts (which re-exports it) so that all SQL over the case tables lives in
// src/repositories/cases/.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { isPostgresHandle } from '../../db/database';
import type { CaseRow } from './case-rows';

export type Q = Kysely<Database>;

/** The case row, locked for the rest of the transaction on PostgreSQL (SQLite holds the write lock already). */
export async function lockCase(tx: Q, id: string): Promise<CaseRow | undefined> {
  let q = tx.selectFrom('cases').selectAll().where('id', '=', id);
  if (isPostgresHandle(tx)) q = q.forUpdate();
  return q.executeTakeFirst();
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
};

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
