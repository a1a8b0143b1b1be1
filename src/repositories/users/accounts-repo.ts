// SQL of accounts and sessions (src/services/auth-service.ts, src/services/accounts/): user rows,
// role grants, sessions, sign-in challenges, recovery codes. The organisation scope of a reader
// is applied here (orgScopeFilter) when a caller passes one.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { isPostgresHandle } from '../../db/database';
import { jsonList } from '../json-agg';
import { compiledOnce } from '../../db/compiled-once';
import type { Database } from '../../db/schema';
import type { UserTable } from '../../db/tables/core';
import { memberScopeFilter, orgScopeFilter } from '../../policies/org-scope';
import type { Actor, Role } from '../../policies/roles';

type Q = Kysely<Database>;
type Scope = Pick<Actor, 'orgScope'>;
/** A user row as stored (roles still JSON text: `toPublic` of auth-service decodes it). */
export type UserRecordRow = Selectable<UserTable>;

// ---- users ----

export async function countAllUsers(q: Q): Promise<number> {
  const r = await q.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** PostgreSQL: takes the audit head row lock so two first-run setups serialize (SQLite: BEGIN IMMEDIATE does). */
export async function lockAuditHead(q: Q): Promise<void> {
  if (isPostgresHandle(q)) await sql`SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE`.execute(q);
}

export async function usernameTaken(q: Q, username: string): Promise<boolean> {
  return !!(await q.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

export async function insertUserRow(q: Q, row: Insertable<UserTable>): Promise<void> {
  await q.insertInto('users').values(row).execute();
}

/**
 * With `scope`: an account the reader's organisations administer, by home organisation or by a
 * membership there (issue 11: the security administrator grants roles to members of its organisation).
 */
export async function userById(q: Q, id: string, scope?: Scope): Promise<UserRecordRow | undefined> {
  let sel = q.selectFrom('users').selectAll().where('id', '=', id);
  if (scope) sel = sel.where(memberScopeFilter(scope, 'users.id', 'users.org_id'));
  return sel.executeTakeFirst();
}

export async function userByUsername(q: Q, username: string): Promise<UserRecordRow | undefined> {
  return q.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function usernameInScope(q: Q, id: string, scope: Scope): Promise<string | undefined> {
  return (await q.selectFrom('users').select('username').where('id', '=', id).where(orgScopeFilter(scope, 'users.org_id')).executeTakeFirst())?.username;
}

/** Accounts the reader's organisation scope covers — at home or by a membership (issue 11) — by user name. */
export async function usersInScope(q: Q, scope: Scope): Promise<UserRecordRow[]> {
  return q.selectFrom('users').selectAll().where(memberScopeFilter(scope, 'users.id', 'users.org_id')).orderBy('username').execute();
}

export async function updateUserRow(q: Q, id: string, patch: Updateable<UserTable>, scope?: Scope): Promise<number> {
  let upd = q.updateTable('users').set(patch).where('id', '=', id);
  if (scope) upd = upd.where(orgScopeFilter(scope, 'users.org_id'));
  const r = await upd.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A session was opened: the account counts as used from now on (a reset then needs approval, 0540). */
export async function markSignedIn(q: Q, id: string, at: string): Promise<void> {
  await q.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', id).execute();
}

/**
 * The approved reset takes effect: the waiting hash becomes the password (changed at the next
 * sign-in). Compare-and-set on the waiting hash and its date, so a reset asked again meanwhile is
 * not the one approved. True when done.
 */
export async function applyPendingReset(q: Q, id: string, pending: { hash: string; requestedAt: string }, at: string, scope: Scope): Promise<boolean> {
  const r = await q
    .updateTable('users')
    .set({ password_hash: pending.hash, must_change_password: 1, password_changed_at: at, updated_at: at, reset_password_hash: null, reset_requested_by: null, reset_requested_at: null })
    .where('id', '=', id)
    .where('reset_password_hash', '=', pending.hash)
    .where('reset_requested_at', '=', pending.requestedAt)
    .where(orgScopeFilter(scope, 'users.org_id'))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Clears a waiting reset (refused). True when there was one. */
export async function clearPendingReset(q: Q, id: string, at: string, scope: Scope): Promise<boolean> {
  const r = await q
    .updateTable('users')
    .set({ reset_password_hash: null, reset_requested_by: null, reset_requested_at: null, updated_at: at })
    .where('id', '=', id)
    .where('reset_password_hash', 'is not', null)
    .where(orgScopeFilter(scope, 'users.org_id'))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** An account of the reader's organisations by home organisation (account edits stay with the home one), with its waiting reset. */
export async function userInHomeScope(q: Q, id: string, scope: Scope): Promise<UserRecordRow | undefined> {
  return q.selectFrom('users').selectAll().where('id', '=', id).where(orgScopeFilter(scope, 'users.org_id')).executeTakeFirst();
}

/** Sets the roles of an account (JSON-encoded here). */
export async function setRoles(q: Q, id: string, roles: readonly Role[], at: string): Promise<void> {
  await q.updateTable('users').set({ roles: JSON.stringify(roles), updated_at: at }).where('id', '=', id).execute();
}

/** Compare-and-set of the last TOTP step: the same code is never accepted twice. True when set. */
export async function advanceTotpStep(q: Q, id: string, step: number): Promise<boolean> {
  const u = await q
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(u.numUpdatedRows) === 1;
}

/** Turns the pending TOTP secret on, unless a secret is already set. True when done. */
export async function enableTotp(q: Q, id: string, secret: string, step: number, at: string): Promise<boolean> {
  const u = await q
    .updateTable('users')
    .set({ totp_secret: secret, totp_pending_secret: null, totp_enabled_at: at, totp_last_step: step, updated_at: at })
    .where('id', '=', id)
    .where('totp_secret', 'is', null)
    .executeTakeFirst();
  return Number(u.numUpdatedRows) === 1;
}

export async function totpStateOf(q: Q, id: string): Promise<Pick<UserRecordRow, 'id' | 'username' | 'password_hash' | 'totp_secret' | 'totp_pending_secret' | 'roles'>> {
  return q.selectFrom('users').select(['id', 'username', 'password_hash', 'totp_secret', 'totp_pending_secret', 'roles']).where('id', '=', id).executeTakeFirstOrThrow();
}

// ---- role grants ----

export async function insertRoleGrant(q: Q, row: { id: string; at: string; actor_id: string; user_id: string; action: 'grant' | 'revoke'; role: string; source_ip: string | null; org_id: string | null }): Promise<void> {
  await q.insertInto('role_grants').values(row).execute();
}

export interface GrantRow {
  id: string;
  at: string;
  action: 'grant' | 'revoke';
  role: string;
  userId: string;
  username: string | null;
  actorId: string;
  actorUsername: string | null;
  sourceIp: string | null;
}

/**
 * The grant history in scope, newest first (1000 at most): issue 11, each grant by the organisation
 * it was made in (`role_grants.org_id`, 0350) — a membership granted in another organisation is
 * that organisation's security administrator's record, not the home one's; a grant from before
 * 0350 (no organisation) by the account's home organisation, where it was made.
 */
export async function grantHistory(q: Q, scope: Scope): Promise<GrantRow[]> {
  const rows = await q
    .selectFrom('role_grants as g')
    .leftJoin('users as u', 'u.id', 'g.user_id')
    .leftJoin('users as a', 'a.id', 'g.actor_id')
    .where((eb) => eb.or([orgScopeFilter(scope, 'g.org_id')(eb), eb.and([eb('g.org_id', 'is', null), orgScopeFilter(scope, 'u.org_id')(eb)])]))
    .select(['g.id', 'g.at', 'g.action', 'g.role', 'g.user_id', 'u.username as username', 'g.actor_id', 'a.username as actor_username', 'g.source_ip'])
    .orderBy('g.at', 'desc')
    .orderBy('g.id', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    action: r.action as 'grant' | 'revoke',
    role: r.role,
    userId: r.user_id,
    username: r.username,
    actorId: r.actor_id,
    actorUsername: r.actor_username,
    sourceIp: r.source_ip,
  }));
}

// ---- recovery codes ----

export async function replaceRecoveryCodes(q: Q, userId: string, rows: { id: string; code_hash: string }[], at: string): Promise<void> {
  await q.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  for (const r of rows) await q.insertInto('recovery_codes').values({ id: r.id, user_id: userId, code_hash: r.code_hash, created_at: at, used_at: null }).execute();
}

export async function deleteRecoveryCodes(q: Q, userId: string): Promise<void> {
  await q.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

export async function countUnusedRecoveryCodes(q: Q, userId: string): Promise<number> {
  const r = await q.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function unusedRecoveryCodeId(q: Q, userId: string, codeHash: string): Promise<string | null> {
  return (await q.selectFrom('recovery_codes').select('id').where('user_id', '=', userId).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst())?.id ?? null;
}

/** Marks a recovery code used unless it already was. True when this call used it. */
export async function useRecoveryCode(q: Q, id: string, at: string): Promise<boolean> {
  const u = await q.updateTable('recovery_codes').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(u.numUpdatedRows) === 1;
}

// ---- sign-in challenges (password accepted, code pending) ----

export async function insertChallenge(q: Q, row: { token_hash: string; user_id: string; created_at: string; expires_at: string }): Promise<void> {
  await q.deleteFrom('login_challenges').where('expires_at', '<=', row.created_at).execute();
  await q.insertInto('login_challenges').values(row).execute();
}

/** The account behind a pending sign-in, with the challenge's end. */
export async function challengeUser(q: Q, tokenHash: string): Promise<(UserRecordRow & { challenge_expires: string }) | undefined> {
  return q
    .selectFrom('login_challenges')
    .innerJoin('users', 'users.id', 'login_challenges.user_id')
    .selectAll('users')
    .select(['login_challenges.expires_at as challenge_expires'])
    .where('login_challenges.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Consumes a challenge; true when this call removed it. */
export async function consumeChallenge(q: Q, tokenHash: string): Promise<boolean> {
  const gone = await q.deleteFrom('login_challenges').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(gone.numDeletedRows) === 1;
}

// ---- sessions ----

export async function insertSession(
  q: Q,
  row: { token_hash: string; id: string; user_id: string; created_at: string; expires_at: string; last_seen_at: string; source_ip: string | null; user_agent: string | null; org_id: string | null },
): Promise<void> {
  await q.insertInto('sessions').values(row).execute();
}

export async function sessionByTokenHash(q: Q, tokenHash: string): Promise<{ user_id: string; id: string | null } | undefined> {
  return q.selectFrom('sessions').select(['user_id', 'id']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export interface SessionUserRow {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  person_id: string | null;
  org_id: string;
  disabled: boolean;
  must_change_password: boolean;
  password_changed_at: string | null;
  totp_secret: string | null;
  expires_at: string;
  last_seen_at: string;
  session_id: string | null;
  /** the organisation this session acts in (issue 11; null: the account's home organisation) */
  session_org_id: string | null;
}

/**
 * Everything a request's session check needs, in one statement (issue 14): the session with its
 * account (as `sessionUser`), the account's memberships, the organisation tree and the stored
 * security settings (`securityValue`, JSON text or null). Nothing is cached in the process: a
 * session deleted, an account disabled or a membership revoked on any server holds from the next
 * request on every server sharing the database.
 */
export interface SessionCheckRow extends SessionUserRow {
  memberships: { orgId: string; roles: Role[] }[];
  orgNodes: { id: string; parent_id: string | null }[];
  /** the `security.accounts` setting as stored (JSON text), or null when not set */
  securityValue: string | null;
}

/** The session check's statement: one text per engine, built and compiled once (src/db/compiled-once.ts; on PostgreSQL a named prepared statement). */
type SessionCheckRaw = Omit<SessionUserRow, 'roles' | 'disabled' | 'must_change_password'> & {
  roles: string;
  disabled: unknown;
  must_change_password: unknown;
  memberships_json: string;
  org_nodes_json: string;
  security_value: string | null;
};

export const sessionCheckStatement = compiledOnce<'-', { tokenHash: string; securityKey: string }, SessionCheckRaw>((pg, _variant, a, q) => {
  const uid = sql`(SELECT s2.user_id FROM sessions s2 WHERE s2.token_hash = ${a.tokenHash})`;
  const memberships = jsonList(pg, sql`SELECT org_id, roles FROM user_org_roles WHERE user_id = ${uid} ORDER BY org_id`, ['org_id', 'roles'], 'x.org_id');
  const orgNodes = jsonList(pg, sql`SELECT id, parent_id FROM organisations`, ['id', 'parent_id']);
  return q
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.roles',
      'users.person_id',
      'users.org_id',
      'users.disabled',
      'users.must_change_password',
      'users.password_changed_at',
      'users.totp_secret',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'sessions.id as session_id',
      'sessions.org_id as session_org_id',
      memberships.$castTo<string>().as('memberships_json'),
      orgNodes.$castTo<string>().as('org_nodes_json'),
      sql<string | null>`(SELECT value FROM settings WHERE key = ${a.securityKey})`.as('security_value'),
    ])
    .where('sessions.token_hash', '=', a.tokenHash)
    .$castTo<SessionCheckRaw>();
});

export async function sessionCheck(q: Q, tokenHash: string, securityKey: string): Promise<SessionCheckRow | null> {
  const row = (await sessionCheckStatement.execute(q, '-', { tokenHash, securityKey })).rows[0];
  if (!row) return null;
  const { memberships_json, org_nodes_json, security_value, ...u } = row;
  return {
    ...u,
    session_org_id: u.session_org_id ?? null,
    roles: JSON.parse(u.roles) as Role[],
    disabled: Boolean(u.disabled),
    must_change_password: Boolean(u.must_change_password),
    memberships: (JSON.parse(memberships_json) as { org_id: string; roles: string }[]).map((m) => ({ orgId: m.org_id, roles: JSON.parse(m.roles) as Role[] })),
    orgNodes: JSON.parse(org_nodes_json) as { id: string; parent_id: string | null }[],
    securityValue: security_value ?? null,
  };
}

/** The organisation a session acts in from its next request (issue 11); only the account's own session. */
export async function setSessionOrg(q: Q, sessionId: string, userId: string, orgId: string): Promise<void> {
  await q.updateTable('sessions').set({ org_id: orgId }).where('id', '=', sessionId).where('user_id', '=', userId).execute();
}

export async function deleteSessionByTokenHash(q: Q, tokenHash: string): Promise<void> {
  await q.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function touchSession(q: Q, tokenHash: string, at: string): Promise<void> {
  await q.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

/** Ends the sessions of a user (all of them, or all but `exceptId`, or only `onlyId`); how many ended. */
/**
 * Ends every way into the account at once: its sessions (but `exceptSessionId`, the owner's own
 * when changing the password) and its sign-ins waiting for the second factor (login_challenges).
 * A password accepted before a change, a reset, a disable or a sign-out everywhere must not open a
 * session after it. Every path that ends an account's sessions calls this one helper.
 * Returns the number of sessions ended.
 */
export async function endSignInsOf(q: Q, userId: string, o: { exceptSessionId?: string | null } = {}): Promise<number> {
  await q.deleteFrom('login_challenges').where('user_id', '=', userId).execute();
  let d = q.deleteFrom('sessions').where('user_id', '=', userId);
  if (o.exceptSessionId) d = d.where('id', '!=', o.exceptSessionId);
  const r = await d.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Ends one session of the account (the owner's "sign out that device"). */
export async function deleteSessionOf(q: Q, userId: string, sessionId: string): Promise<number> {
  const r = await q.deleteFrom('sessions').where('user_id', '=', userId).where('id', '=', sessionId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function liveSessionsOf(q: Q, userId: string, now: string) {
  return q
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'source_ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}
