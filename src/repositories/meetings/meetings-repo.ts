// SQL of the decision body's register and its meetings.
import { isPostgresHandle } from '../../db/database';
import { standAsideCaseIds, type Q } from '../cases/case-repo';
import { parseJson } from '../cases/case-rows';
import { orgScopeFilter } from '../../policies/org-scope';
import type { CaseFactsForMeeting, MeetingPurpose } from '../../policies/meeting-eligibility';
import { sql, type Insertable, type SqlBool, type Updateable } from 'kysely';
import { sameOfficerIdsSql } from '../registers/people-repo';
import type { DecisionBodyMemberTable, MeetingMemberTable, MeetingTable } from '../../db/tables/meetings';
import type { Actor } from '../../policies/roles';

/**
 * The decision body of one organisation (issue 11), or of the organisations in scope. `roles` are
 * the member's roles in the body's organisation (its membership there, `user_org_roles`), not the
 * roles of the account's home organisation.
 */
export async function listBodyMembers(q: Q, orgs: { orgId?: string; orgScope?: readonly string[] } = {}) {
  let s = q.selectFrom('decision_body_members').where(orgScopeFilter({ orgScope: orgs.orgScope }, 'decision_body_members.org_id'));
  if (orgs.orgId) s = s.where('decision_body_members.org_id', '=', orgs.orgId);
  const rows = await s
    .innerJoin('users', 'users.id', 'decision_body_members.user_id')
    .leftJoin('user_org_roles', (j) => j.onRef('user_org_roles.user_id', '=', 'decision_body_members.user_id').onRef('user_org_roles.org_id', '=', 'decision_body_members.org_id'))
    .leftJoin('users as deactivator', 'deactivator.id', 'decision_body_members.deactivated_by')
    .select([
      'decision_body_members.id',
      'decision_body_members.org_id',
      'decision_body_members.user_id',
      'decision_body_members.title',
      'decision_body_members.sort_order',
      'decision_body_members.active',
      'decision_body_members.added_at',
      'decision_body_members.deactivated_at',
      'decision_body_members.deactivation_reason',
      'deactivator.display_name as deactivated_by_name',
      'users.display_name',
      'user_org_roles.roles as org_roles',
      'users.person_id',
      'users.disabled',
    ])
    .orderBy('decision_body_members.sort_order')
    .orderBy('decision_body_members.added_at')
    .execute();
  return rows.map(({ org_roles, ...r }) => ({ ...r, roles: org_roles ?? '[]' }));
}

/** Active members who still hold the decider role on an active account: the body at a meeting. */
export async function currentBody(q: Q, orgId: string) {
  return (await listBodyMembers(q, { orgId })).filter((m) => Number(m.active) === 1 && Number(m.disabled) !== 1 && parseJson<string[]>(m.roles, []).includes('decider'));
}

export async function lockMeeting(q: Q, id: string) {
  let s = q.selectFrom('meetings').selectAll().where('id', '=', id);
  if (isPostgresHandle(q)) s = s.forUpdate();
  return s.executeTakeFirst();
}

export async function meetingMembers(q: Q, meetingId: string) {
  return q.selectFrom('meeting_members').selectAll().where('meeting_id', '=', meetingId).orderBy('sort_order').orderBy('display_name').execute();
}

/**
 * What a meeting's eligibility reads of its case. The subjects come with every other record of
 * their name in their unit (FL-5(1): one officer, src/repositories/registers/people-repo.ts#sameOfficerIdsSql),
 * so that a member who is a subject's namesake there never votes on it, whatever the pack's switches.
 */
export async function caseFactsForMeeting(q: Q, caseId: string, purpose: MeetingPurpose): Promise<CaseFactsForMeeting> {
  const subjects = (await sql<{ person_id: string }>`SELECT x.id AS person_id FROM (${sameOfficerIdsSql(sql`(SELECT person_id FROM case_subjects WHERE case_id = ${caseId})`)}) x`.execute(q)).rows;
  const team = await q.selectFrom('case_team_members').select('user_id').where('case_id', '=', caseId).execute();
  const accept = await q.selectFrom('case_steps').select('actor_id').where('case_id', '=', caseId).where('action', '=', 'accept').orderBy('at', 'desc').executeTakeFirst();
  return { purpose, subjectPersonIds: subjects.map((s) => s.person_id), teamUserIds: team.map((t) => t.user_id), accepterUserId: accept?.actor_id ?? null };
}

export async function meetingsOfCase(q: Q, caseId: string) {
  return q.selectFrom('meetings').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

/** Records which step carried out the meeting's result. */
export async function markCarriedOut(q: Q, meetingId: string, step: string): Promise<void> {
  await q.updateTable('meetings').set({ carried_out_by_step: step }).where('id', '=', meetingId).execute();
}

/** An account with its roles in organisation `orgId` (its membership there), or undefined when it is not a member. */
export async function memberInOrg(q: Q, userId: string, orgId: string) {
  const r = await q
    .selectFrom('user_org_roles')
    .innerJoin('users', 'users.id', 'user_org_roles.user_id')
    .select(['users.id', 'users.display_name', 'users.disabled', 'user_org_roles.roles'])
    .where('user_org_roles.user_id', '=', userId)
    .where('user_org_roles.org_id', '=', orgId)
    .executeTakeFirst();
  return r ? { id: r.id, display_name: r.display_name, disabled: Number(r.disabled) === 1, roles: parseJson<string[]>(r.roles, []) } : undefined;
}

/**
 * The accounts of one organisation that hold the decider role there (its membership) on an active
 * account: those the roster may take (addDecisionBodyMember checks the same), with their register person.
 */
export async function deciderAccountsOfOrg(q: Q, orgId: string) {
  const rows = await q
    .selectFrom('user_org_roles')
    .innerJoin('users', 'users.id', 'user_org_roles.user_id')
    .select(['users.id', 'users.display_name', 'users.person_id', 'user_org_roles.roles'])
    .where('user_org_roles.org_id', '=', orgId)
    .where('users.disabled', '=', 0)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
  return rows.filter((r) => parseJson<string[]>(r.roles, []).includes('decider')).map(({ roles: _roles, ...r }) => r);
}

/** The row of an account in one organisation's decision body, active or not. */
export async function bodyRowOfUser(q: Q, userId: string, orgId: string) {
  return q.selectFrom('decision_body_members').select(['id', 'active']).where('user_id', '=', userId).where('org_id', '=', orgId).executeTakeFirst();
}

/** The next place in one organisation's decision body. */
export async function nextBodySortOrder(q: Q, orgId: string): Promise<number> {
  const r = await q.selectFrom('decision_body_members').select((eb) => eb.fn.max<number>('sort_order').as('m')).where('org_id', '=', orgId).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function insertBodyMember(q: Q, row: Insertable<DecisionBodyMemberTable>): Promise<void> {
  await q.insertInto('decision_body_members').values(row).execute();
}

export async function updateBodyMember(q: Q, id: string, patch: Updateable<DecisionBodyMemberTable>): Promise<void> {
  await q.updateTable('decision_body_members').set(patch).where('id', '=', id).execute();
}

/** A decision-body row of an organisation the reader's scope covers. */
export async function bodyMemberInScope(q: Q, id: string, scope: Pick<Actor, 'orgScope'>) {
  return q.selectFrom('decision_body_members').selectAll().where('id', '=', id).where(orgScopeFilter(scope, 'decision_body_members.org_id')).executeTakeFirst();
}

/**
 * FL-15: the organisation's cases waiting for the decision body — accepted and waiting for the
 * registration meeting, findings submitted and waiting for the decision, a defence or appeal not
 * yet decided, or a meeting convened and not closed. Their numbers (a few, for the message).
 */
/** The cases of the organisation that wait for the decision body: to register or decide, an open meeting, a pending defence or appeal. */
function awaitingBody(q: Q, orgId: string) {
  return q
    .selectFrom('cases')
    .select('cases.number')
    .where('cases.org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb('cases.state', 'in', ['accepted', 'findings_submitted']),
        eb.exists(eb.selectFrom('meetings').select('meetings.id').whereRef('meetings.case_id', '=', 'cases.id').where('meetings.status', '=', 'open')),
        eb.exists(eb.selectFrom('case_appeals').select('case_appeals.id').whereRef('case_appeals.case_id', '=', 'cases.id').where('case_appeals.outcome', '=', 'pending')),
      ]),
    );
}

export async function casesAwaitingBody(q: Q, orgId: string, limit = 5): Promise<string[]> {
  const rows = await awaitingBody(q, orgId).orderBy('cases.number').limit(limit).execute();
  return rows.map((r) => r.number);
}

/**
 * FL-5(1), FL-15: of the cases waiting for the body, those this person has a ground to stand aside
 * from (`standAsideCaseIds`, every ground) — whoever keeps the roster then must not change who sits.
 */
export async function casesAwaitingBodyStoodAsideBy(q: Q, orgId: string, who: { userId: string; personId: string | null }): Promise<string[]> {
  const rows = await awaitingBody(q, orgId)
    .where(sql<SqlBool>`cases.id IN (${standAsideCaseIds(who)})`)
    .orderBy('cases.number')
    .execute();
  return rows.map((r) => r.number);
}

/** An appeal (陈述申辩 or 申诉) of the case, with its outcome. */
export async function appealOfCase(q: Q, appealId: string, caseId: string) {
  return q.selectFrom('case_appeals').select(['id', 'outcome']).where('id', '=', appealId).where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertMeeting(q: Q, row: Insertable<MeetingTable>): Promise<void> {
  await q.insertInto('meetings').values(row).execute();
}

export async function insertMeetingMember(q: Q, row: Insertable<MeetingMemberTable>): Promise<void> {
  await q.insertInto('meeting_members').values(row).execute();
}

export async function updateMeeting(q: Q, id: string, patch: Updateable<MeetingTable>): Promise<void> {
  await q.updateTable('meetings').set(patch).where('id', '=', id).execute();
}

export async function updateMeetingMember(q: Q, id: string, patch: Updateable<MeetingMemberTable>): Promise<void> {
  await q.updateTable('meeting_members').set(patch).where('id', '=', id).execute();
}

export async function findMeeting(q: Q, id: string) {
  return q.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** user id → register person id, for the accounts given. */
export async function personIdsOfUsers(q: Q, userIds: readonly string[]): Promise<Map<string, string | null>> {
  if (!userIds.length) return new Map();
  const rows = await q.selectFrom('users').select(['id', 'person_id']).where('id', 'in', [...userIds]).execute();
  return new Map(rows.map((r) => [r.id, r.person_id]));
}
