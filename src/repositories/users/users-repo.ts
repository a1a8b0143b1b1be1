// Reads of the user accounts (writes stay with src/services/auth-service.ts and accounts/ for now).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Role } from '../../policies/roles';
import { parseJson } from '../cases/case-rows';

type Q = Kysely<Database>;

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  personId: string | null;
  /** the organisation the account belongs to (issue 11) */
  orgId: string;
}

const decode = (u: { id: string; username: string; display_name: string; roles: string; person_id: string | null; org_id: string }): UserRecord => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  roles: parseJson<Role[]>(u.roles, []),
  personId: u.person_id,
  orgId: u.org_id,
});

export async function findUser(q: Q, id: string): Promise<UserRecord | null> {
  const u = await q.selectFrom('users').select(['id', 'username', 'display_name', 'roles', 'person_id', 'org_id']).where('id', '=', id).executeTakeFirst();
  return u ? decode(u) : null;
}

/**
 * The active members of one organisation (issue 11): every account holding a membership there
 * (`user_org_roles`, the home one included), with its roles in that organisation and `orgId` the
 * organisation asked for; by display name.
 */
export async function activeMembersOf(q: Q, orgId: string): Promise<UserRecord[]> {
  const rows = await q
    .selectFrom('user_org_roles')
    .innerJoin('users', 'users.id', 'user_org_roles.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'user_org_roles.roles', 'users.person_id', 'user_org_roles.org_id'])
    .where('user_org_roles.org_id', '=', orgId)
    .where('users.disabled', '=', 0)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
  return rows.map(decode);
}

/** The roles of the given accounts in organisation `orgId` (their memberships there); absent: not a member. */
export async function rolesInOrg(q: Q, userIds: readonly string[], orgId: string): Promise<Map<string, Role[]>> {
  if (!userIds.length) return new Map();
  const rows = await q.selectFrom('user_org_roles').select(['user_id', 'roles']).where('org_id', '=', orgId).where('user_id', 'in', [...userIds]).execute();
  return new Map(rows.map((r) => [r.user_id, parseJson<Role[]>(r.roles, [])]));
}

/** Active accounts, by display name. */
export async function activeUsers(q: Q): Promise<UserRecord[]> {
  return (await q.selectFrom('users').select(['id', 'username', 'display_name', 'roles', 'person_id', 'org_id']).where('disabled', '=', 0).orderBy('display_name').execute()).map(decode);
}

/**
 * FL-5(1): the active accounts holding a casework role (in any organisation) without a register
 * person — made before casework roles required one; they do no casework until linked. By user name.
 */
export async function unlinkedCaseworkAccounts(q: Q, bound: readonly Role[]): Promise<string[]> {
  const rows = await q
    .selectFrom('users')
    .leftJoin('user_org_roles', 'user_org_roles.user_id', 'users.id')
    .select(['users.username', 'users.roles', 'user_org_roles.roles as orgRoles'])
    .where('users.disabled', '=', 0)
    .where('users.person_id', 'is', null)
    .execute();
  const out = new Set<string>();
  for (const r of rows) {
    const roles = [...parseJson<Role[]>(r.roles, []), ...parseJson<Role[]>(r.orgRoles ?? '[]', [])];
    if (roles.some((x) => bound.includes(x))) out.add(r.username);
  }
  return [...out].sort();
}
