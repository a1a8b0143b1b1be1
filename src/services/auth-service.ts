// Accounts and sessions (等保2.0 level 3, docs/security-accounts.md): argon2id passwords under a
// policy, opaque bearer tokens (only their SHA-256 stored), lockout per user name (known or not)
// and per source address with counters in the database, a TOTP second factor, idle and absolute
// session limits, a forced password change, first-run setup of the three administrators
// (三员分立), and accounts managed by the system administrator (roles: see roles-service.ts).
import { randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { z } from 'zod';
import { AppError } from '../errors';
import { appendAudit } from '../audit/audit-writer';
import { inTransaction, type Tx } from '../db/tx';
import type { UserTable } from '../db/tables/core';
import { sha256Hex } from '../files/file-store';
import { newId } from '../lib/ids';
import { parseInput, validationError } from '../lib/validation';
import { checkNotLastChecker, checkNotSelf, checkPersonBoundGrant, checkPersonLink, checkPersonUnlink, checkRoleSet, pendingResetOf, requiresTotp, resetNeedsApproval, type PendingReset } from '../policies/accounts';
import { authorize, can, ROLES, type Actor, type Role } from '../policies/roles';
import { actorOrgId, DEFAULT_ORG_ID, mayReadOrg, scopeFor } from '../policies/org-scope';
import {
  advanceTotpStep,
  challengeUser,
  consumeChallenge,
  countAllUsers,
  deleteSessionByTokenHash,
  deleteSessionOf,
  endSignInsOf,
  insertChallenge,
  insertRoleGrant,
  insertSession,
  insertUserRow,
  liveSessionsOf,
  lockAuditHead,
  markSignedIn,
  sessionByTokenHash,
  sessionCheck,
  setSessionOrg,
  touchSession,
  unusedRecoveryCodeId,
  updateUserRow,
  useRecoveryCode,
  userById,
  userByUsername,
  usernameInScope,
  usernameTaken,
  usersInScope,
} from '../repositories/users/accounts-repo';
import type { UserRecord } from '../repositories/users/users-repo';
import { findOrg, membershipsOf, membershipsOfUsers, putMembership, type Membership } from './orgs/org-repo';
import { checkPasswordPolicy } from './accounts/password-policy';
import { readSecuritySettings, SECURITY_SETTINGS_KEY, securitySettingsOf, type SecuritySettings } from './accounts/security-settings';
import { activeLock, clearFailures, recordFailure, userKey } from './accounts/throttle-repo';
import { checkTotp, recoveryCodeHash } from './accounts/totp';
import { nowIso, type Ctx, type Deps } from './context';
import { claimFirstRunSetup } from './setup-guard';
import { personRowsByIds } from '../repositories/registers/people-repo';

// argon2id, OWASP's second recommended setting (m=19 MiB, t=2, p=1).
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;
/** How long the password-accepted, code-pending step lasts. */
const CHALLENGE_MINUTES = 5;
/** last_seen_at is written at most this often (idle timeout precision). */
const LAST_SEEN_WRITE_MS = 60_000;

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9._-]{2,40}$/, { message: '用户名为 2–40 位字母、数字或 ._- / Username: 2–40 letters, digits or ._-' });
export const passwordSchema = z
  .string()
  .min(10, { message: '密码至少 10 位 / Password must have at least 10 characters' })
  .max(200);

/** Accounts the system administrator creates carry no role: the security administrator grants roles. */
export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(60),
  password: passwordSchema,
  /** must be empty or absent: roles are granted by the security administrator (PUT /users/:id/roles) */
  roles: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
  personId: z.string().min(1).nullable().optional(),
  /** issue 11: the organisation of the account (absent: the administrator's own); must lie in the administrator's subtree */
  orgId: z.string().min(1).max(64).optional(),
});
/** Seeding (demo, tests, CLI): roles given directly, still under the role rules. */
export const seedUserSchema = createUserSchema.extend({ roles: z.array(z.enum(ROLES)) });
export type CreateUserInput = z.infer<typeof seedUserSchema>;

export const updateUserSchema = z.object({
  displayName: z.string().trim().min(1).max(60).optional(),
  /** a reset: the owner must change it at the next sign-in */
  password: passwordSchema.optional(),
  personId: z.string().min(1).nullable().optional(),
  disabled: z.boolean().optional(),
});

const adminAccountSchema = z.object({ username: usernameSchema, displayName: z.string().trim().min(1).max(60), password: passwordSchema });
/** First-run setup: the three administrators (三员分立) in one request. */
export const setupSchema = z.object({ sysadmin: adminAccountSchema, secadmin: adminAccountSchema, auditor: adminAccountSchema });

/** an account as the API shows it: the user record (src/repositories/users/users-repo.ts) with its state */
export interface PublicUser extends UserRecord {
  disabled: boolean;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  /** issue 11: the account's organisations and roles there (user lists only) */
  memberships?: Membership[];
  /** 0540: when the account last opened a session (null: never — a reset then needs no approval) */
  lastSignInAt: string | null;
  /** 0540: the system administrator's reset waiting for the security administrator (双人复核), or null */
  passwordReset: PendingReset | null;
  /**
   * FL-5(1): the register person the account is linked to, as the register names it (user lists,
   * for a caller who reads the registers: the system administrator checks whose record it is)
   */
  person?: { name: string; unitName: string; employeeNo: string | null } | null;
}

type UserRow = Pick<UserTable, 'id' | 'username' | 'display_name' | 'roles' | 'person_id' | 'disabled'> &
  Partial<Pick<UserTable, 'org_id'>> &
  Partial<Pick<UserTable, 'totp_secret' | 'totp_enabled_at' | 'last_sign_in_at' | 'reset_password_hash' | 'reset_requested_by' | 'reset_requested_at'>> & { must_change_password?: number | null };

export const toPublic = (r: UserRow): PublicUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  roles: JSON.parse(r.roles) as Role[],
  personId: r.person_id,
  orgId: r.org_id ?? DEFAULT_ORG_ID,
  disabled: Boolean(r.disabled),
  totpEnabled: Boolean(r.totp_secret),
  mustChangePassword: Boolean(r.must_change_password),
  lastSignInAt: r.last_sign_in_at ?? null,
  passwordReset: pendingResetOf(r),
});

/** Where a request came from: stored on sessions and in the audit rows of sign-in events. */
export interface RequestMeta {
  sourceIp?: string | null;
  userAgent?: string | null;
}
const metaOut = (m: RequestMeta | undefined): { sourceIp: string | null; userAgent: string | null } => ({
  sourceIp: m?.sourceIp ?? null,
  userAgent: m?.userAgent ? m.userAgent.slice(0, 300) : null,
});

export const hashPassword = (pw: string): Promise<string> => argonHash(pw, ARGON);

export async function countUsers(deps: Deps): Promise<number> {
  return countAllUsers(deps.db.kysely);
}

async function insertUserTx(
  tx: Tx,
  now: string,
  actorId: string | null,
  input: CreateUserInput,
  passwordHash: string,
  mustChange: boolean,
): Promise<PublicUser> {
  if (await usernameTaken(tx, input.username)) throw new AppError('CONFLICT_DUPLICATE', { zh: `用户名 ${input.username} 已存在`, en: `username ${input.username} exists` });
  await checkPersonLink(tx, { id: null, roles: input.roles }, null, input.personId ?? null);
  checkPersonBoundGrant(input.roles, input.personId ?? null);
  const row = {
    id: newId(),
    username: input.username,
    display_name: input.displayName,
    password_hash: passwordHash,
    roles: JSON.stringify(input.roles),
    person_id: input.personId ?? null,
    org_id: input.orgId ?? DEFAULT_ORG_ID,
    disabled: 0,
    created_at: now,
    updated_at: now,
    must_change_password: mustChange ? 1 : 0,
    password_changed_at: now,
  };
  await insertUserRow(tx, row);
  // issue 11: the home membership (the account's roles in its own organisation)
  await putMembership(tx, row.id, row.org_id, input.roles, true, now);
  const pub = toPublic(row);
  await appendAudit(tx, { actorId, action: 'user.create', entityType: 'user', entityId: row.id, after: pub, at: now });
  for (const role of input.roles) {
    await insertRoleGrant(tx, { id: newId(), at: now, actor_id: actorId ?? 'system', user_id: row.id, action: 'grant', role, source_ip: null, org_id: row.org_id });
  }
  return pub;
}

async function insertUser(deps: Deps, actorId: string | null, input: CreateUserInput, passwordHash: string, mustChange: boolean): Promise<PublicUser> {
  const now = nowIso(deps);
  return inTransaction(deps.db, (tx) => insertUserTx(tx, now, actorId, input, passwordHash, mustChange));
}

export interface SetupResult {
  sysadmin: PublicUser;
  secadmin: PublicUser;
  auditor: PublicUser;
}

/**
 * Public, once: creates the three administrators of a new installation (系统管理员, 安全管理员,
 * 安全审计员), three different people. Atomic: the check for "no account yet" and the inserts
 * are one transaction holding the write lock, so concurrent requests create one set; the rest
 * get SETUP_DONE.
 */
export async function setupAdministrators(deps: Deps, raw: unknown): Promise<SetupResult> {
  const input = parseInput(setupSchema, raw);
  const names = [input.sysadmin.username, input.secadmin.username, input.auditor.username];
  if (new Set(names.map((n) => n.toLowerCase())).size !== 3) {
    throw new AppError('ROLE_NOT_ALLOWED', { zh: '三名管理员须为三个不同的账户', en: 'the three administrators need three different accounts' });
  }
  for (const k of ['sysadmin', 'secadmin', 'auditor'] as const) checkPasswordPolicy(input[k].password, input[k].username, `${k}.password`);
  if ((await countUsers(deps)) > 0) throw new AppError('SETUP_DONE');
  const hashes = await Promise.all([hashPassword(input.sysadmin.password), hashPassword(input.secadmin.password), hashPassword(input.auditor.password)]);
  const now = nowIso(deps);
  return inTransaction(deps.db, async (tx) => {
    // PostgreSQL: take the audit head lock first so two setups serialize (SQLite: BEGIN IMMEDIATE).
    await lockAuditHead(tx);
    if ((await countAllUsers(tx)) > 0) throw new AppError('SETUP_DONE');
    // the one-row claim (migration 0091): a second set can never be created, whatever the race
    await claimFirstRunSetup(tx, now);
    const make = (k: 'sysadmin' | 'secadmin' | 'auditor', i: number): Promise<PublicUser> =>
      insertUserTx(tx, now, null, { ...input[k], roles: [k], personId: null }, hashes[i]!, false);
    return { sysadmin: await make('sysadmin', 0), secadmin: await make('secadmin', 1), auditor: await make('auditor', 2) };
  });
}

/** The system administrator creates an account without roles; it changes its password at first sign-in. */
export async function createUser(ctx: Ctx, raw: unknown): Promise<PublicUser> {
  authorize(ctx.actor, 'users.manage');
  const input = parseInput(createUserSchema, raw);
  if (input.roles && input.roles.length > 0) {
    throw new AppError('ROLE_NOT_ALLOWED', { zh: '系统管理员创建的账户不含角色，角色由安全管理员授予', en: 'accounts are created without roles; the security administrator grants roles' }, {
      fields: [{ path: 'roles', code: 'role_not_allowed', zh: '角色由安全管理员授予', en: 'roles are granted by the security administrator' }],
    });
  }
  checkPasswordPolicy(input.password, input.username);
  const orgId = input.orgId ?? actorOrgId(ctx.actor);
  if (!mayReadOrg(ctx.actor, orgId) || !(await findOrg(ctx.db.kysely, orgId))) {
    throw validationError([{ code: 'custom', path: ['orgId'], message: '无此机构 / No such organisation' }]);
  }
  return insertUser(ctx, ctx.actor.userId, { ...input, orgId, roles: [] }, await hashPassword(input.password), true);
}

/** For seeding (demo data, tests, CLI): no actor check, audited as the system; role and password rules still apply. */
export async function createUserAsSystem(deps: Deps, input: CreateUserInput, passwordHash?: string): Promise<PublicUser> {
  const parsed = parseInput(seedUserSchema, input);
  checkRoleSet(parsed.roles);
  checkPasswordPolicy(parsed.password, parsed.username);
  return insertUser(deps, 'system', parsed, passwordHash ?? (await hashPassword(parsed.password)), false);
}

export async function listUsers(ctx: Ctx): Promise<PublicUser[]> {
  // The system administrator manages accounts; the security administrator needs the list to grant roles.
  authorize(ctx.actor, can(ctx.actor, 'roles.grant') ? 'roles.grant' : 'users.manage');
  const rows = await usersInScope(ctx.db.kysely, ctx.actor);
  // issue 11: each account's organisations and roles there — only those the caller administers
  const m = await membershipsOfUsers(ctx.db.kysely, rows.map((r) => r.id));
  // FL-5(1): whose register record each account is linked to, for whoever keeps the registers
  const people = can(ctx.actor, 'registers.read')
    ? new Map((await personRowsByIds(ctx.db.kysely, [...new Set(rows.map((r) => r.person_id).filter((x): x is string => Boolean(x)))])).map((p) => [p.id, { name: p.name, unitName: p.unit_name, employeeNo: p.employee_no }]))
    : null;
  // An account listed through a membership only (its home organisation is outside the caller's
  // scope) shows the roles it holds in the caller's organisations, not those of its home.
  return rows.map((r) => {
    const mine = (m.get(r.id) ?? []).filter((x) => mayReadOrg(ctx.actor, x.orgId));
    const pub = toPublic(r);
    return {
      ...pub,
      ...(mayReadOrg(ctx.actor, pub.orgId) ? {} : { roles: [...new Set(mine.flatMap((x) => x.roles))] }),
      memberships: mine,
      ...(people ? { person: r.person_id ? (people.get(r.person_id) ?? null) : null } : {}),
    };
  });
}

export async function updateUser(ctx: Ctx, id: string, raw: unknown, meta?: RequestMeta): Promise<PublicUser> {
  authorize(ctx.actor, 'users.manage');
  const input = parseInput(updateUserSchema, raw);
  // Own password: through changeOwnPassword (needs the current one); own account: never disabled
  // by oneself; own register person: never set by oneself (it decides whom one must stand aside from).
  if (input.password !== undefined || input.disabled !== undefined || input.personId !== undefined) checkNotSelf(ctx.actor, id);
  const now = nowIso(ctx);
  const targetName = await usernameInScope(ctx.db.kysely, id, ctx.actor);
  if (targetName === undefined) throw new AppError('NOT_FOUND');
  if (input.password) checkPasswordPolicy(input.password, targetName);
  const hash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(ctx.db, async (tx) => {
    const before = await userById(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const disabling = Boolean(input.disabled && !before.disabled);
    const memberships = input.personId !== undefined || disabling ? await membershipsOf(tx, id) : [];
    if (input.personId !== undefined) {
      const held = [...(JSON.parse(before.roles) as Role[]), ...memberships.flatMap((m) => m.roles)];
      await checkPersonLink(tx, { id, roles: held }, before.person_id, input.personId);
      checkPersonUnlink(held, before.person_id, input.personId);
    }
    // 三员分立: disabling the last auditor or security administrator of an organisation is refused
    if (disabling) for (const m of memberships) await checkNotLastChecker(tx, id, m.orgId, m.roles);
    // 双人复核: a used account's password is not replaced by one administrator — the reset waits
    // for the security administrator (approvePasswordReset); the current password keeps working.
    const pending = hash !== undefined && resetNeedsApproval(before);
    const patch = {
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.personId !== undefined ? { person_id: input.personId } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled ? 1 : 0 } : {}),
      ...(hash && pending ? { reset_password_hash: hash, reset_requested_by: ctx.actor.userId, reset_requested_at: now } : {}),
      ...(hash && !pending ? { password_hash: hash, must_change_password: 1, password_changed_at: now, reset_password_hash: null, reset_requested_by: null, reset_requested_at: null } : {}),
      updated_at: now,
    };
    await updateUserRow(tx, id, patch);
    const after = { ...before, ...patch };
    if (input.disabled || (hash && !pending)) await endSignInsOf(tx, id);
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: hash ? (pending ? 'user.password.reset_requested' : 'user.password.reset') : 'user.update',
      entityType: 'user',
      entityId: id,
      before: toPublic(before),
      after: { ...toPublic(after), ...(hash ? metaOut(meta) : {}) },
      at: now,
    });
    return toPublic(after);
  });
}

// ---------------------------------------------------------------- sign-in

/** issue 11: `orgId` picks the organisation to act in, among the account's memberships (absent: the home one). */
export const loginSchema = z.object({ username: z.string().min(1).max(80), password: z.string().min(1).max(200), orgId: z.string().min(1).max(64).optional() });
export const totpLoginSchema = z
  .object({
    pendingToken: z.string().min(1).max(200),
    code: z.string().max(20).optional(),
    recoveryCode: z.string().max(40).optional(),
    orgId: z.string().min(1).max(64).optional(),
  })
  .refine((v) => Boolean(v.code) !== Boolean(v.recoveryCode), { message: '请填写动态验证码或一个恢复码 / Give a one-time code or a recovery code' });

export type LoginResult =
  | { status: 'signed_in'; token: string; expiresAt: string; user: PublicUser }
  | { status: 'totp_required'; pendingToken: string; expiresAt: string };

// A fixed hash to verify against when the user does not exist, so timing does not reveal it.
let dummyHash: Promise<string> | undefined;

type LoginFailure = 'password' | 'unknown_user' | 'disabled' | 'totp' | 'recovery_code';

/**
 * Records a failed attempt (user name as typed and source address) with its audit row, locks
 * the name or the address at the threshold, and returns the error to throw.
 */
async function failSignIn(deps: Deps, s: SecuritySettings, typed: string, userId: string | null, reason: LoginFailure, meta: RequestMeta | undefined): Promise<AppError> {
  const now = nowIso(deps);
  const m = metaOut(meta);
  await inTransaction(deps.db, async (tx) => {
    await appendAudit(tx, {
      actorId: userId,
      action: reason === 'totp' || reason === 'recovery_code' ? 'auth.totp_failed' : 'auth.login_failed',
      entityType: 'user',
      entityId: userId ?? `name:${typed.slice(0, 80)}`,
      after: { username: typed.slice(0, 80), reason, ...m },
      at: now,
    });
    const lockedUntil = await recordFailure(tx, 'user', userKey(typed), now, s);
    if (lockedUntil) {
      await appendAudit(tx, { actorId: null, action: 'auth.lock', entityType: 'user', entityId: userId ?? `name:${typed.slice(0, 80)}`, after: { username: typed.slice(0, 80), lockedUntil, ...m }, at: now });
    }
    if (m.sourceIp) {
      const sourceUntil = await recordFailure(tx, 'source', m.sourceIp, now, s);
      if (sourceUntil) await appendAudit(tx, { actorId: null, action: 'auth.source_blocked', entityType: 'source', entityId: m.sourceIp, after: { lockedUntil: sourceUntil, ...m }, at: now });
    }
  });
  return new AppError(reason === 'totp' || reason === 'recovery_code' ? 'TOTP_INVALID' : 'LOGIN_FAILED');
}

/** Refuses (audited) when the name or the address is locked. The same for known and unknown names. */
async function checkLocks(deps: Deps, typed: string, meta: RequestMeta | undefined): Promise<void> {
  const now = nowIso(deps);
  const m = metaOut(meta);
  const source = m.sourceIp ? await activeLock(deps.db, 'source', m.sourceIp, now) : null;
  const user = source ? null : await activeLock(deps.db, 'user', userKey(typed), now);
  if (!source && !user) return;
  await inTransaction(deps.db, (tx) =>
    appendAudit(tx, { actorId: null, action: 'auth.login_refused', entityType: 'user', entityId: `name:${typed.slice(0, 80)}`, after: { username: typed.slice(0, 80), reason: source ? 'source_blocked' : 'locked', ...m }, at: now }),
  );
  throw new AppError(source ? 'SOURCE_THROTTLED' : 'ACCOUNT_LOCKED');
}

/**
 * The organisation a new session acts in: the one asked for when the account is a member of it
 * (else VALIDATION_FAILED on `orgId`, asked only after the password was accepted), else null (home).
 */
async function chosenOrg(q: Tx | Deps['db']['kysely'], userId: string, orgId: string | undefined): Promise<string | null> {
  if (!orgId) return null;
  const m = await membershipsOf(q, userId);
  if (!m.some((x) => x.orgId === orgId)) throw validationError([{ code: 'custom', path: ['orgId'], message: '您不是该机构的成员 / You are not a member of this organisation' }]);
  return orgId;
}

async function createSession(tx: Tx, deps: Deps, s: SecuritySettings, userId: string, meta: RequestMeta | undefined, orgId: string | null = null): Promise<{ token: string; expiresAt: string }> {
  const now = nowIso(deps);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + s.absoluteHours * 3_600_000).toISOString();
  const m = metaOut(meta);
  await insertSession(tx, { token_hash: sha256Hex(token), id: newId(), user_id: userId, created_at: now, expires_at: expiresAt, last_seen_at: now, source_ip: m.sourceIp, user_agent: m.userAgent, org_id: orgId });
  // the account is used from now on: a reset by the system administrator needs approval (0540)
  await markSignedIn(tx, userId, now);
  return { token, expiresAt };
}

/**
 * Step one of signing in: the password. Accounts with a second factor get a short-lived pending
 * token for step two (`loginWithTotp`); the others a session.
 */
export async function login(deps: Deps, raw: unknown, meta?: RequestMeta): Promise<LoginResult> {
  const { username, password, orgId } = parseInput(loginSchema, raw);
  const s = await readSecuritySettings(deps.db);
  await checkLocks(deps, username, meta);
  const user = await userByUsername(deps.db.kysely, username);
  if (!user || user.disabled) {
    // Comparable work for a name that does not exist (no user enumeration by timing).
    dummyHash ??= hashPassword('wenze-dummy-password');
    await argonVerify(await dummyHash, password).catch(() => false);
    throw await failSignIn(deps, s, username, user?.id ?? null, user ? 'disabled' : 'unknown_user', meta);
  }
  const ok = await argonVerify(user.password_hash, password).catch(() => false);
  if (!ok) throw await failSignIn(deps, s, username, user.id, 'password', meta);
  const org = await chosenOrg(deps.db.kysely, user.id, orgId);
  const now = nowIso(deps);
  const m = metaOut(meta);
  if (user.totp_secret) {
    const pendingToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(deps.clock.now().getTime() + CHALLENGE_MINUTES * 60_000).toISOString();
    await inTransaction(deps.db, async (tx) => {
      await insertChallenge(tx, { token_hash: sha256Hex(pendingToken), user_id: user.id, created_at: now, expires_at: expiresAt });
      await appendAudit(tx, { actorId: user.id, action: 'auth.password_ok', entityType: 'user', entityId: user.id, after: { step: 'totp_required', ...m }, at: now });
    });
    return { status: 'totp_required', pendingToken, expiresAt };
  }
  const session = await inTransaction(deps.db, async (tx) => {
    await clearFailures(tx, 'user', userKey(username));
    const r = await createSession(tx, deps, s, user.id, meta, org);
    await appendAudit(tx, { actorId: user.id, action: 'auth.login', entityType: 'user', entityId: user.id, after: { factors: ['password'], ...(org ? { orgId: org } : {}), ...m }, at: now });
    return r;
  });
  return { status: 'signed_in', ...session, user: toPublic(user) };
}

/** Step two: a TOTP code (or one unused recovery code) for the pending token. */
export async function loginWithTotp(deps: Deps, raw: unknown, meta?: RequestMeta): Promise<LoginResult> {
  const input = parseInput(totpLoginSchema, raw);
  const s = await readSecuritySettings(deps.db);
  const now = nowIso(deps);
  const challenge = await challengeUser(deps.db.kysely, sha256Hex(input.pendingToken));
  if (!challenge || challenge.challenge_expires <= now || challenge.disabled || !challenge.totp_secret) {
    throw new AppError('TOTP_INVALID', { zh: '登录已过期，请重新输入用户名和密码', en: 'the sign-in has expired; enter the username and password again' });
  }
  await checkLocks(deps, challenge.username, meta);
  const org = await chosenOrg(deps.db.kysely, challenge.id, input.orgId);
  let step: number | null = null;
  let recoveryId: string | null = null;
  if (input.code) {
    step = checkTotp(challenge.totp_secret, input.code, deps.clock.now(), challenge.totp_last_step === null ? null : Number(challenge.totp_last_step));
    if (step === null) throw await failSignIn(deps, s, challenge.username, challenge.id, 'totp', meta);
  } else {
    const rcId = await unusedRecoveryCodeId(deps.db.kysely, challenge.id, recoveryCodeHash(input.recoveryCode ?? ''));
    if (!rcId) throw await failSignIn(deps, s, challenge.username, challenge.id, 'recovery_code', meta);
    recoveryId = rcId;
  }
  const m = metaOut(meta);
  const session = await inTransaction(deps.db, async (tx) => {
    if (!(await consumeChallenge(tx, sha256Hex(input.pendingToken)))) throw new AppError('TOTP_INVALID');
    if (step !== null) {
      // Compare-and-set: the same code is never accepted twice, even by two servers at once.
      if (!(await advanceTotpStep(tx, challenge.id, step))) throw new AppError('TOTP_INVALID');
    }
    if (recoveryId) {
      if (!(await useRecoveryCode(tx, recoveryId, now))) throw new AppError('TOTP_INVALID');
    }
    await clearFailures(tx, 'user', userKey(challenge.username));
    const r = await createSession(tx, deps, s, challenge.id, meta, org);
    await appendAudit(tx, {
      actorId: challenge.id,
      action: 'auth.login',
      entityType: 'user',
      entityId: challenge.id,
      after: { factors: ['password', recoveryId ? 'recovery_code' : 'totp'], ...(org ? { orgId: org } : {}), ...m },
      at: now,
    });
    return r;
  });
  return { status: 'signed_in', ...session, user: toPublic(challenge) };
}

export async function logout(deps: Deps, token: string, meta?: RequestMeta): Promise<void> {
  const hash = sha256Hex(token);
  const row = await sessionByTokenHash(deps.db.kysely, hash);
  if (!row) return;
  await inTransaction(deps.db, async (tx) => {
    await deleteSessionByTokenHash(tx, hash);
    await appendAudit(tx, { actorId: row.user_id, action: 'auth.logout', entityType: 'user', entityId: row.user_id, after: { session: row.id, ...metaOut(meta) }, at: nowIso(deps) });
  });
}

export interface SessionActor {
  actor: Actor;
  sessionId: string | null;
  /** issue 11: every organisation the account belongs to, with its roles there */
  memberships: Membership[];
}

/**
 * Resolves a bearer token to the acting user, or null when missing, past its absolute lifetime,
 * idle too long, or the account is disabled. Sets `restriction` when the account must first
 * change its password or enrol a second factor.
 */
export async function actorForToken(deps: Deps, token: string): Promise<Actor | null> {
  return (await sessionForToken(deps, token))?.actor ?? null;
}

export async function sessionForToken(deps: Deps, token: string): Promise<SessionActor | null> {
  const hash = sha256Hex(token);
  // Every request signs in here: the session, its account, the account's memberships, the
  // organisation tree and the security settings in one statement, read from the database each
  // time (no cache: a revocation on any server holds on the next request everywhere).
  const row = await sessionCheck(deps.db.kysely, hash, SECURITY_SETTINGS_KEY);
  if (!row) return null;
  const { memberships, orgNodes } = row;
  const s = securitySettingsOf(row.securityValue === null ? undefined : (JSON.parse(row.securityValue) as unknown));
  const nowMs = deps.clock.now().getTime();
  const now = new Date(nowMs).toISOString();
  const idleEnd = new Date(row.last_seen_at).getTime() + s.idleMinutes * 60_000;
  if (row.disabled) return null;
  if (row.expires_at <= now || idleEnd <= nowMs) {
    await deleteSessionByTokenHash(deps.db.kysely, hash);
    return null;
  }
  if (nowMs - new Date(row.last_seen_at).getTime() >= LAST_SEEN_WRITE_MS) {
    await touchSession(deps.db.kysely, hash, now);
  }
  // issue 11: the roles of the organisation this session acts in (the home one unless switched);
  // a membership revoked since falls back to the home organisation.
  const current = memberships.find((m) => m.orgId === (row.session_org_id ?? row.org_id)) ?? memberships.find((m) => m.orgId === row.org_id);
  const orgId = current?.orgId ?? row.org_id;
  const roles = current ? current.roles : row.roles;
  // a second factor is required when any membership needs one (the account is one person)
  const allRoles = [...new Set([...roles, ...memberships.flatMap((m) => m.roles)])];
  const expired =
    s.passwordMaxAgeDays > 0 && row.password_changed_at !== null && new Date(row.password_changed_at).getTime() + s.passwordMaxAgeDays * 86_400_000 <= nowMs;
  const restriction = row.must_change_password || expired ? 'password_change' : requiresTotp(allRoles) && !row.totp_secret ? 'totp_enrolment' : null;
  return {
    actor: {
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      roles,
      personId: row.person_id,
      restriction,
      // issue 11: every session carries its current organisation and its scope (src/policies/org-scope.ts)
      orgId,
      orgScope: scopeFor(orgNodes, orgId, roles),
    },
    sessionId: row.session_id,
    memberships,
  };
}

// ---------------------------------------------------------------- current organisation

export const switchOrgSchema = z.object({ orgId: z.string().min(1).max(64) });

/**
 * issue 11: the session acts in another organisation the account belongs to (its roles there
 * apply from the next request). Audited. Not a member: VALIDATION_FAILED, the same for an
 * organisation that does not exist.
 */
export async function switchOrg(ctx: Ctx, sessionId: string | null, raw: unknown, meta?: RequestMeta): Promise<{ orgId: string }> {
  if (!ctx.actor || ctx.actor.userId === 'system') throw new AppError('UNAUTHENTICATED');
  const { orgId } = parseInput(switchOrgSchema, raw);
  if (!sessionId) throw new AppError('UNAUTHENTICATED');
  await chosenOrg(ctx.db.kysely, ctx.actor.userId, orgId);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    await setSessionOrg(tx, sessionId, ctx.actor.userId, orgId);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'auth.org.switch', entityType: 'user', entityId: ctx.actor.userId, before: { orgId: ctx.actor.orgId ?? null }, after: { orgId, ...metaOut(meta) }, at: now });
  });
  return { orgId };
}

// ---------------------------------------------------------------- own password

/**
 * The owner's password asked again inside a signed-in session (to change it, to turn the second
 * factor off). A stolen session cannot guess with it: a locked name or address is refused first,
 * and a wrong password counts towards the lockout like one typed at sign-in (audited).
 */
export async function verifyOwnPassword(ctx: Ctx, user: { id: string; username: string; password_hash: string }, password: string, meta?: RequestMeta): Promise<void> {
  await checkLocks(ctx, user.username, meta);
  if (await argonVerify(user.password_hash, password).catch(() => false)) return;
  const s = await readSecuritySettings(ctx.db);
  await failSignIn(ctx, s, user.username, user.id, 'password', meta);
  throw new AppError('CURRENT_PASSWORD_WRONG');
}

export const changePasswordSchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema });

/** The owner changes the password (needs the current one); every other session of the account ends. */
export async function changeOwnPassword(ctx: Ctx, raw: unknown, currentSessionId: string | null, meta?: RequestMeta): Promise<void> {
  const input = parseInput(changePasswordSchema, raw);
  const user = await userById(ctx.db.kysely, ctx.actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  await verifyOwnPassword(ctx, user, input.currentPassword, meta);
  checkPasswordPolicy(input.newPassword, user.username, 'newPassword');
  if (input.newPassword === input.currentPassword) {
    throw new AppError('PASSWORD_POLICY', { zh: '新密码不能与当前密码相同', en: 'the new password must differ from the current one' });
  }
  const hash = await hashPassword(input.newPassword);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    // the owner knows the password: a reset waiting for approval is moot and goes (0540)
    await updateUserRow(tx, user.id, { password_hash: hash, must_change_password: 0, password_changed_at: now, updated_at: now, reset_password_hash: null, reset_requested_by: null, reset_requested_at: null });
    await endSignInsOf(tx, user.id, { exceptSessionId: currentSessionId });
    await appendAudit(tx, { actorId: user.id, action: 'auth.password.change', entityType: 'user', entityId: user.id, after: { ...metaOut(meta), ...(user.reset_password_hash ? { pendingResetCleared: true } : {}) }, at: now });
  });
}

// ---------------------------------------------------------------- own sessions

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  sourceIp: string | null;
  userAgent: string | null;
  current: boolean;
}

export async function listOwnSessions(ctx: Ctx, currentSessionId: string | null): Promise<SessionInfo[]> {
  const rows = await liveSessionsOf(ctx.db.kysely, ctx.actor.userId, nowIso(ctx));
  return rows.map((r) => ({
    id: r.id ?? '',
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    sourceIp: r.source_ip,
    userAgent: r.user_agent,
    current: r.id !== null && r.id === currentSessionId,
  }));
}

/** Ends one of the caller's own sessions. */
export async function revokeOwnSession(ctx: Ctx, sessionId: string, meta?: RequestMeta): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    if ((await deleteSessionOf(tx, ctx.actor.userId, sessionId)) !== 1) throw new AppError('NOT_FOUND');
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'auth.session.revoke', entityType: 'user', entityId: ctx.actor.userId, after: { session: sessionId, ...metaOut(meta) }, at: nowIso(ctx) });
  });
}

/** Signs the caller out everywhere (this session included). */
export async function signOutEverywhere(ctx: Ctx, meta?: RequestMeta): Promise<number> {
  return inTransaction(ctx.db, async (tx) => {
    const n = await endSignInsOf(tx, ctx.actor.userId);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'auth.logout_everywhere', entityType: 'user', entityId: ctx.actor.userId, after: { sessions: n, ...metaOut(meta) }, at: nowIso(ctx) });
    return n;
  });
}
