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

/** Active accounts, by display name. */
export async function activeUsers(q: Q): Promise<UserRecord[]> {
  return (await q.selectFrom('users').select(['id', 'username', 'display_name', 'roles', 'person_id', 'org_id']).where('disabled', '=', 0).orderBy('display_name').execute()).map(decode);
}
