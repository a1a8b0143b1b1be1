// Reading a case and the facts the state machine needs; who may see which case. All SQL for the
// case area lives in src/services/cases/*; routes never query.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { isPostgresHandle } from '../../db/database';
import type { CaseTable } from '../../db/tables/cases';
import { AppError } from '../../errors';
import { can, type Actor } from '../../policies/roles';
import { orgScopeFilter, readableOrgIds } from '../../policies/org-scope';
import type { ActorFacts, CaseFacts, CaseSource, CaseState, Track } from '../../domain/cases';

export type Q = Kysely<Database>;
export type CaseRow = CaseTable;

export const parseJson = <T>(s: string | null | undefined, fallback: T): T => {
  if (s === null || s === undefined || s === '') return fallback;
  return JSON.parse(s) as T;
};

export const actorFactsOf = (a: Actor): ActorFacts => ({ userId: a.userId, roles: a.roles, personId: a.personId });

/** The case row, locked for the rest of the transaction on PostgreSQL (SQLite holds the write lock already). */
export async function lockCase(tx: Q, id: string): Promise<CaseRow | undefined> {
  let q = tx.selectFrom('cases').selectAll().where('id', '=', id);
  if (isPostgresHandle(tx)) q = q.forUpdate();
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
  // issue 11: a case of an organisation outside the actor's scope does not exist for them
  const scope = readableOrgIds(actor);
  if (scope) {
    const c = await q.selectFrom('cases').select('org_id').where('id', '=', caseId).executeTakeFirst();
    if (!c || !scope.includes(c.org_id)) return false;
  }
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

/** A SQL condition on `cases.id` limiting a list to the cases the actor may see (within the actor's organisations, issue 11). */
export function visibleCasesFilter(actor: Actor) {
  const inScope = orgScopeFilter(actor, 'cases.org_id');
  return (eb: ExpressionBuilder<Database, 'cases'>) => eb.and([inScope(eb), byRole(eb)]);
  function byRole(eb: ExpressionBuilder<Database, 'cases'>) {
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
  }
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

/**
 * The facts the state machine needs, in one round trip: every command and every case view reads
 * them, so on PostgreSQL seven separate queries were most of a transition's latency.
 * Lists are aggregated per dialect (json_agg / json_group_array); "current" findings are those no
 * later finding supersedes; decision subjects are those of the decision in force.
 */
export async function loadFacts(q: Q, row: CaseRow): Promise<CaseFacts> {
  const id = row.id;
  const pg = isPostgresHandle(q);
  const list = (inner: ReturnType<typeof sql>, col: string) =>
    pg
      ? sql`(SELECT coalesce(json_agg(x.${sql.ref(col)}), '[]'::json)::text FROM (${inner}) x)`
      : sql`(SELECT json_group_array(x.${sql.ref(col)}) FROM (${inner}) x)`;
  const r = await sql<{ subjects: string; team: string; findings: string; decision_subjects: string; notified: string; pending: number; open_items: number }>`
    SELECT
      ${list(sql`SELECT person_id FROM case_subjects WHERE case_id = ${id} ORDER BY added_at, id`, 'person_id')} AS subjects,
      ${list(sql`SELECT user_id FROM case_team_members WHERE case_id = ${id}`, 'user_id')} AS team,
      ${list(
        sql`SELECT DISTINCT f.subject_person_id FROM case_findings f WHERE f.case_id = ${id}
            AND NOT EXISTS (SELECT 1 FROM case_findings g WHERE g.supersedes_id = f.id)`,
        'subject_person_id',
      )} AS findings,
      ${list(
        sql`SELECT di.subject_person_id FROM case_decision_items di
            WHERE di.decision_id = (SELECT d.id FROM case_decisions d WHERE d.case_id = ${id} AND d.status = 'in_force' LIMIT 1)`,
        'subject_person_id',
      )} AS decision_subjects,
      ${list(sql`SELECT DISTINCT subject_person_id FROM case_notifications WHERE case_id = ${id}`, 'subject_person_id')} AS notified,
      (SELECT count(*) FROM case_appeals WHERE case_id = ${id} AND outcome = 'pending') AS pending,
      (SELECT count(*) FROM case_execution_items WHERE case_id = ${id} AND status = 'open') AS open_items
  `.execute(q);
  const f = r.rows[0]!;
  return {
    state: row.state as CaseState,
    source: row.source as CaseSource,
    tracks: parseJson<Track[]>(row.tracks, []),
    subjectPersonIds: parseJson<string[]>(f.subjects, []),
    teamUserIds: parseJson<string[]>(f.team, []),
    findingSubjectIds: parseJson<string[]>(f.findings, []),
    decisionSubjectIds: parseJson<string[]>(f.decision_subjects, []),
    notifiedSubjectIds: parseJson<string[]>(f.notified, []),
    pendingAppeals: Number(f.pending),
    openExecutionItems: Number(f.open_items),
  };
}
