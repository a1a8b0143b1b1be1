// Reading a case and the facts the state machine needs; who may see which case. All SQL for the
// case area lives in src/services/cases/*; routes never query.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { CaseTable } from '../../db/tables/cases';
import { AppError } from '../../errors';
import { can, type Actor } from '../../policies/roles';
import type { ActorFacts, CaseFacts, CaseSource, CaseState, Track } from '../../domain/cases';

export type Q = Kysely<Database>;
export type CaseRow = CaseTable;

export const parseJson = <T>(s: string | null | undefined, fallback: T): T => {
  if (s === null || s === undefined || s === '') return fallback;
  return JSON.parse(s) as T;
};

export const actorFactsOf = (a: Actor): ActorFacts => ({ userId: a.userId, roles: a.roles, personId: a.personId });

function isPostgres(q: Q): boolean {
  return q.getExecutor().adapter.constructor.name === 'PostgresAdapter';
}

/** The case row, locked for the rest of the transaction on PostgreSQL (SQLite holds the write lock already). */
export async function lockCase(tx: Q, id: string): Promise<CaseRow | undefined> {
  let q = tx.selectFrom('cases').selectAll().where('id', '=', id);
  if (isPostgres(tx)) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findCase(q: Q, id: string): Promise<CaseRow | undefined> {
  return q.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Whether the actor may see the case: `cases.readAll` roles see all; an investigator sees cases
 * whose team they sit on; a subject sees cases where their register person is a subject.
 * Callers turn `false` into NOT_FOUND, so "not allowed" and "not found" look the same.
 */
export async function canSeeCase(q: Q, actor: Actor, caseId: string): Promise<boolean> {
  if (!can(actor, 'cases.read')) return false;
  if (can(actor, 'cases.readAll')) return true;
  if (actor.roles.includes('investigator')) {
    const t = await q.selectFrom('case_team_members').select('id').where('case_id', '=', caseId).where('user_id', '=', actor.userId).executeTakeFirst();
    if (t) return true;
  }
  if (actor.roles.includes('subject') && actor.personId) {
    const s = await q.selectFrom('case_subjects').select('id').where('case_id', '=', caseId).where('person_id', '=', actor.personId).executeTakeFirst();
    if (s) return true;
  }
  return false;
}

export const notFound = (): AppError => new AppError('NOT_FOUND', { zh: '案件不存在或无权查看', en: 'no such case, or not yours to see' });

/** A SQL condition on `cases.id` limiting a list to the cases the actor may see. */
export function visibleCasesFilter(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'cases'>) => {
    if (can(actor, 'cases.readAll')) return sql<boolean>`1 = 1`;
    const ors = [];
    if (actor.roles.includes('investigator')) {
      ors.push(eb('cases.id', 'in', eb.selectFrom('case_team_members').select('case_team_members.case_id').where('case_team_members.user_id', '=', actor.userId)));
    }
    if (actor.roles.includes('subject') && actor.personId) {
      ors.push(eb('cases.id', 'in', eb.selectFrom('case_subjects').select('case_subjects.case_id').where('case_subjects.person_id', '=', actor.personId)));
    }
    if (!ors.length || !can(actor, 'cases.read')) return sql<boolean>`1 = 0`;
    return eb.or(ors);
  };
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

export async function loadFacts(q: Q, row: CaseRow): Promise<CaseFacts> {
  const [subjects, team, findings, decision, notified, pending, openItems] = await Promise.all([
    q.selectFrom('case_subjects').select('person_id').where('case_id', '=', row.id).orderBy('added_at').orderBy('id').execute(),
    q.selectFrom('case_team_members').select('user_id').where('case_id', '=', row.id).execute(),
    currentFindings(q, row.id),
    inForceDecision(q, row.id),
    q.selectFrom('case_notifications').select('subject_person_id').where('case_id', '=', row.id).execute(),
    q.selectFrom('case_appeals').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', row.id).where('outcome', '=', 'pending').executeTakeFirstOrThrow(),
    q.selectFrom('case_execution_items').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', row.id).where('status', '=', 'open').executeTakeFirstOrThrow(),
  ]);
  const decisionSubjects = decision
    ? (await q.selectFrom('case_decision_items').select('subject_person_id').where('decision_id', '=', decision.id).execute()).map((r) => r.subject_person_id)
    : [];
  return {
    state: row.state as CaseState,
    source: row.source as CaseSource,
    tracks: parseJson<Track[]>(row.tracks, []),
    subjectPersonIds: subjects.map((s) => s.person_id),
    teamUserIds: team.map((t) => t.user_id),
    findingSubjectIds: [...new Set(findings.map((f) => f.subject_person_id))],
    decisionSubjectIds: decisionSubjects,
    notifiedSubjectIds: [...new Set(notified.map((n) => n.subject_person_id))],
    pendingAppeals: Number(pending.n),
    openExecutionItems: Number(openItems.n),
  };
}
