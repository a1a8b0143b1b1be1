// SQL of a case's investigation team (case_team_members) as the appoint_team and add_subject
// steps write and check it (src/services/cases/steps.ts): the candidate accounts decoded once
// (roles parsed, disabled as a boolean), the members inserted, a subject found on the team.
import type { Role } from '../../policies/roles';
import { flag, parseJson } from './case-rows';
import type { Q } from './case-repo';

export interface TeamCandidate {
  id: string;
  displayName: string;
  roles: Role[];
  personId: string | null;
  disabled: boolean;
}

/** The accounts proposed for a team, by id (missing ids are simply absent). */
export async function teamCandidates(q: Q, userIds: readonly string[]): Promise<Map<string, TeamCandidate>> {
  if (!userIds.length) return new Map();
  const rows = await q.selectFrom('users').select(['id', 'display_name', 'roles', 'person_id', 'disabled']).where('id', 'in', [...userIds]).execute();
  return new Map(rows.map((u) => [u.id, { id: u.id, displayName: u.display_name, roles: parseJson<Role[]>(u.roles, []), personId: u.person_id, disabled: flag(u.disabled) }]));
}

export async function insertTeamMember(tx: Q, m: { id: string; caseId: string; userId: string; personId: string | null; lead: boolean; appointedOn: string; createdAt: string }): Promise<void> {
  await tx
    .insertInto('case_team_members')
    .values({ id: m.id, case_id: m.caseId, user_id: m.userId, person_id: m.personId, lead: m.lead ? 1 : 0, appointed_on: m.appointedOn, created_at: m.createdAt })
    .execute();
}

/** The team member (user id) whose register person is `personId`, if any. */
export async function teamMemberOfPerson(q: Q, caseId: string, personId: string): Promise<string | null> {
  return (await q.selectFrom('case_team_members').select('user_id').where('case_id', '=', caseId).where('person_id', '=', personId).executeTakeFirst())?.user_id ?? null;
}
