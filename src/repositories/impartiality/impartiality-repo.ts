// SQL of the impartiality area: declared relationships, recusals and challenges, reporter links.
import type { Kysely } from 'kysely';
import { TERMINAL_STATES } from '../../domain/cases';
import type { Database } from '../../db/schema';
import type { CaseRecusalTable, DeclaredRelationshipTable } from '../../db/tables/impartiality';
import { memberScopeFilter, orgScopeFilter } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';

type Q = Kysely<Database>;

export async function userRow(q: Q, id: string, scope: Pick<Actor, 'orgScope'> = {}) {
  return q.selectFrom('users').select(['id', 'display_name', 'person_id', 'roles', 'disabled']).where('id', '=', id).where(memberScopeFilter(scope, 'users.id', 'users.org_id')).executeTakeFirst();
}

export async function personRow(q: Q, id: string, scope: Pick<Actor, 'orgScope'> = {}) {
  return q.selectFrom('people').select(['id', 'name']).where('id', '=', id).where(orgScopeFilter(scope, 'people.org_id')).executeTakeFirst();
}

export async function insertRelationship(q: Q, row: DeclaredRelationshipTable): Promise<void> {
  await q.insertInto('declared_relationships').values(row).execute();
}

export async function findRelationship(q: Q, id: string, scope: Pick<Actor, 'orgScope'>) {
  return q.selectFrom('declared_relationships').selectAll().where('id', '=', id).where(orgScopeFilter(scope, 'declared_relationships.org_id')).executeTakeFirst();
}

export async function withdrawRelationshipRow(q: Q, id: string, by: string, at: string, reason: string): Promise<void> {
  await q.updateTable('declared_relationships').set({ withdrawn_at: at, withdrawn_by: by, withdraw_reason: reason }).where('id', '=', id).where('withdrawn_at', 'is', null).execute();
}

export async function listRelationshipRows(q: Q, scope: Pick<Actor, 'orgScope'>, f: { userId?: string | undefined; personId?: string | undefined; includeWithdrawn?: boolean | undefined }) {
  let s = q
    .selectFrom('declared_relationships as r')
    .where(orgScopeFilter(scope, 'r.org_id'))
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('people as rp', 'rp.id', 'r.related_person_id')
    .leftJoin('users as d', 'd.id', 'r.declared_by')
    .select(['r.id', 'r.user_id', 'r.person_id', 'r.related_person_id', 'r.kind', 'r.note', 'r.declared_by', 'r.declared_at', 'r.withdrawn_at', 'r.withdraw_reason', 'u.display_name as user_name', 'p.name as person_name', 'rp.name as related_name', 'd.display_name as declared_by_name'])
    .orderBy('r.declared_at', 'desc')
    .orderBy('r.id');
  if (f.userId) s = s.where('r.user_id', '=', f.userId);
  if (f.personId) s = s.where((eb) => eb.or([eb('r.person_id', '=', f.personId!), eb('r.related_person_id', '=', f.personId!)]));
  if (!f.includeWithdrawn) s = s.where('r.withdrawn_at', 'is', null);
  return s.execute();
}

export async function insertRecusal(q: Q, row: CaseRecusalTable): Promise<void> {
  await q.insertInto('case_recusals').values(row).execute();
}

export async function findRecusal(q: Q, caseId: string, id: string) {
  return q.selectFrom('case_recusals').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

export async function decideRecusalRow(q: Q, id: string, v: { status: string; by: string; at: string; reason: string; actingFor: string | null }): Promise<number> {
  const r = await q
    .updateTable('case_recusals')
    .set({ status: v.status, decided_by: v.by, decided_at: v.at, decision_reason: v.reason, acting_for: v.actingFor })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listRecusalRows(q: Q, caseId: string) {
  return q
    .selectFrom('case_recusals as r')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('users as f', 'f.id', 'r.filed_by')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .select(['r.id', 'r.user_id', 'r.kind', 'r.reason', 'r.filed_by', 'r.filed_at', 'r.status', 'r.decided_at', 'r.decision_reason', 'r.acting_for', 'u.display_name as user_name', 'f.display_name as filed_by_name', 'd.display_name as decided_by_name'])
    .where('r.case_id', '=', caseId)
    .orderBy('r.filed_at')
    .orderBy('r.id')
    .execute();
}

export async function upsertReporterLink(q: Q, row: { case_id: string; user_id: string | null; person_id: string | null; set_by: string; set_at: string }): Promise<void> {
  // a clerk's own link is confirmed by them (an automatic one becomes theirs)
  const v = { ...row, origin: 'clerk' as const, confirmed_by: row.set_by, confirmed_at: row.set_at };
  await q
    .insertInto('case_reporter_links')
    .values(v)
    .onConflict((oc) => oc.column('case_id').doUpdateSet({ user_id: v.user_id, person_id: v.person_id, set_by: v.set_by, set_at: v.set_at, origin: v.origin, confirmed_by: v.confirmed_by, confirmed_at: v.confirmed_at }))
    .execute();
}

export async function setSetting(q: Q, key: string, value: unknown, at: string): Promise<void> {
  const v = JSON.stringify(value);
  await q.insertInto('settings').values({ key, value: v, updated_at: at }).onConflict((oc) => oc.column('key').doUpdateSet({ value: v, updated_at: at })).execute();
}

/** The people under investigation in a case (their person ids). */
export async function subjectPersonIds(q: Q, caseId: string): Promise<string[]> {
  return (await q.selectFrom('case_subjects').select('person_id').where('case_id', '=', caseId).execute()).map((s) => s.person_id);
}

/** Sets the deputy for recusals of an organisation. */
export async function setOrgDeputy(q: Q, orgId: string, userId: string | null, at: string): Promise<void> {
  await q.updateTable('organisations').set({ deputy_user_id: userId, updated_at: at }).where('id', '=', orgId).execute();
}

/**
 * Whether a register person stands in an open case in a way that decides who must stand aside
 * (FL-5(1)): a subject of it, or a participant of its original enforcement case.
 */
export async function standsInOpenCase(q: Q, personId: string): Promise<{ number: string; as: 'subject' | 'participant' } | null> {
  const subject = await q
    .selectFrom('case_subjects')
    .innerJoin('cases', 'cases.id', 'case_subjects.case_id')
    .select('cases.number')
    .where('case_subjects.person_id', '=', personId)
    .where('cases.state', 'not in', [...TERMINAL_STATES])
    .executeTakeFirst();
  if (subject) return { number: subject.number, as: 'subject' };
  const participant = await q
    .selectFrom('original_case_participants as p')
    .innerJoin('cases', 'cases.original_case_id', 'p.case_id')
    .select('cases.number')
    .where('p.person_id', '=', personId)
    .where('cases.state', 'not in', [...TERMINAL_STATES])
    .executeTakeFirst();
  return participant ? { number: participant.number, as: 'participant' } : null;
}

/** The accounts linked to a register person, but `exceptUserId`, each with every role it holds in any organisation. */
export async function accountsOfPerson(q: Q, personId: string, exceptUserId: string | null): Promise<{ id: string; username: string; roles: string[] }[]> {
  let x = q.selectFrom('users').select(['id', 'username', 'roles']).where('person_id', '=', personId);
  if (exceptUserId) x = x.where('id', '!=', exceptUserId);
  const users = await x.execute();
  if (!users.length) return [];
  const memberships = await q.selectFrom('user_org_roles').select(['user_id', 'roles']).where('user_id', 'in', users.map((u) => u.id)).execute();
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    roles: [...new Set([...(JSON.parse(u.roles) as string[]), ...memberships.filter((m) => m.user_id === u.id).flatMap((m) => JSON.parse(m.roles) as string[])])],
  }));
}

/** A register person's organisation (undefined: no such person). */
export async function personOrgId(q: Q, personId: string): Promise<string | null | undefined> {
  const r = await q.selectFrom('people').select('org_id').where('id', '=', personId).executeTakeFirst();
  return r ? r.org_id : undefined;
}

/** The active accounts other than `exceptUserId` holding `role` in organisation `orgId` (by membership). */
export async function otherActiveHolders(q: Q, orgId: string, role: string, exceptUserId: string): Promise<number> {
  const rows = await q
    .selectFrom('user_org_roles as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.roles')
    .where('m.org_id', '=', orgId)
    .where('u.disabled', '=', 0)
    .where('u.id', '!=', exceptUserId)
    .execute();
  return rows.filter((r) => (JSON.parse(r.roles) as string[]).includes(role)).length;
}
