// Second factor enrolment, role grants (安全管理员 only, 三员分立), unlocking, the grant history.
import { z } from 'zod';
import { AppError } from '../../errors';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { newId } from '../../lib/ids';
import { parseInput, validationError } from '../../lib/validation';
import { checkNotSelf, checkRoleSet, requiresTotp, checkOneWorkingAccount, checkNotLastChecker, checkPersonBoundGrant } from '../../policies/accounts';
import { authorize, ROLES, type Role } from '../../policies/roles';
import {
  countUnusedRecoveryCodes,
  deleteRecoveryCodes,
  endSignInsOf,
  enableTotp,
  grantHistory,
  type GrantRow,
  insertRoleGrant,
  replaceRecoveryCodes,
  setRoles,
  totpStateOf,
  updateUserRow,
  userById,
} from '../../repositories/users/accounts-repo';
import { actorOrgId, mayReadOrg } from '../../policies/org-scope';
import { findOrg, membershipsOf, putMembership } from '../orgs/org-repo';
import { toPublic, verifyOwnPassword, type PublicUser, type RequestMeta } from '../auth-service';
import { nowIso, type Ctx } from '../context';
import { listActiveLocks, removeLock, userKey } from './throttle-repo';
import { checkTotp, newRecoveryCodes, newTotpSecret, otpauthUri, qrDataUrl, recoveryCodeHash } from './totp';

const ip = (m?: RequestMeta): { sourceIp: string | null } => ({ sourceIp: m?.sourceIp ?? null });

// ---------------------------------------------------------------- TOTP enrolment (own account)

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

/** Starts (or restarts) enrolment: a new secret, shown once here, confirmed by a code. */
export async function startTotpEnrolment(ctx: Ctx): Promise<TotpEnrolment> {
  const user = await totpStateOf(ctx.db.kysely, ctx.actor.userId);
  if (user.totp_secret) {
    throw new AppError('PRECONDITION_FAILED', { zh: '已启用双因素认证；如需更换，请先停用或请安全管理员重置', en: 'two-factor authentication is already on; turn it off first or ask the security administrator to reset it' });
  }
  const secret = newTotpSecret();
  await updateUserRow(ctx.db.kysely, user.id, { totp_pending_secret: secret });
  const uri = otpauthUri(user.username, secret);
  return { secret, otpauthUri: uri, qrDataUrl: await qrDataUrl(uri) };
}

export const confirmTotpSchema = z.object({ code: z.string().min(1).max(20) });

/** Confirms enrolment with a valid code; returns the ten recovery codes (shown once, stored hashed). */
export async function confirmTotpEnrolment(ctx: Ctx, raw: unknown, meta?: RequestMeta): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(confirmTotpSchema, raw);
  const now = nowIso(ctx);
  const user = await totpStateOf(ctx.db.kysely, ctx.actor.userId);
  if (user.totp_secret) throw new AppError('PRECONDITION_FAILED', { zh: '已启用双因素认证', en: 'two-factor authentication is already on' });
  if (!user.totp_pending_secret) throw new AppError('PRECONDITION_FAILED', { zh: '请先开始启用双因素认证', en: 'start the enrolment first' });
  const pending = user.totp_pending_secret;
  const step = checkTotp(pending, code, ctx.clock.now(), null);
  if (step === null) throw new AppError('TOTP_INVALID');
  const codes = newRecoveryCodes();
  await inTransaction(ctx.db, async (tx) => {
    if (!(await enableTotp(tx, user.id, pending, step, now))) throw new AppError('CONFLICT_STALE');
    await replaceRecoveryCodes(tx, user.id, codes.map((c) => ({ id: newId(), code_hash: recoveryCodeHash(c) })), now);
    await appendAudit(tx, { actorId: user.id, action: 'auth.totp.enrol', entityType: 'user', entityId: user.id, after: { recoveryCodes: codes.length, ...ip(meta) }, at: now });
  });
  return { recoveryCodes: codes };
}

export const disableTotpSchema = z.object({ password: z.string().min(1).max(200) });

/** Turns the second factor off — only for accounts that do not require it; needs the password. */
export async function disableOwnTotp(ctx: Ctx, raw: unknown, meta?: RequestMeta): Promise<void> {
  const { password } = parseInput(disableTotpSchema, raw);
  const user = await totpStateOf(ctx.db.kysely, ctx.actor.userId);
  // the account is one person: a role in any organisation it belongs to keeps the factor required
  if (requiresTotp(await rolesInEveryOrg(ctx, user))) {
    throw new AppError('PRECONDITION_FAILED', {
      zh: '持有角色的账户必须使用双因素认证，不能停用',
      en: 'an account that holds a role must keep two-factor authentication',
    });
  }
  await verifyOwnPassword(ctx, user, password, meta);
  if (!user.totp_secret) return;
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    await updateUserRow(tx, user.id, { totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, updated_at: now });
    await deleteRecoveryCodes(tx, user.id);
    await appendAudit(tx, { actorId: user.id, action: 'auth.totp.disable', entityType: 'user', entityId: user.id, after: ip(meta), at: now });
  });
}

/** Every role the account holds: its home roles and those of each organisation it belongs to (as the session restriction counts them). */
async function rolesInEveryOrg(ctx: Ctx, user: { id: string; roles: string }): Promise<Role[]> {
  return [...(JSON.parse(user.roles) as Role[]), ...(await membershipsOf(ctx.db.kysely, user.id)).flatMap((m) => m.roles)];
}

/** The caller's own account security: second factor on/required, recovery codes left, forced change. */
export async function accountSecurity(ctx: Ctx): Promise<{ totpEnabled: boolean; totpRequired: boolean; recoveryCodesLeft: number; mustChangePassword: boolean }> {
  const u = await totpStateOf(ctx.db.kysely, ctx.actor.userId);
  return {
    totpEnabled: Boolean(u.totp_secret),
    totpRequired: requiresTotp(await rolesInEveryOrg(ctx, u)),
    recoveryCodesLeft: await unusedRecoveryCodes(ctx),
    mustChangePassword: ctx.actor.restriction === 'password_change',
  };
}

export async function unusedRecoveryCodes(ctx: Ctx): Promise<number> {
  return countUnusedRecoveryCodes(ctx.db.kysely, ctx.actor.userId);
}

// ---------------------------------------------------------------- security administrator

/** issue 11: `orgId` is the organisation the roles apply in (absent: the account's home organisation). */
export const grantRolesSchema = z.object({ roles: z.array(z.enum(ROLES)).max(ROLES.length), orgId: z.string().min(1).max(64).optional() });

/**
 * Sets a user's roles in one organisation (安全管理员 only, within the organisations it
 * administers). Refused: one's own roles; an administrator role with any other role — 三员分立
 * holds over the account as a whole, so the roles of all its organisations together must pass
 * (the same administrator role in several organisations is allowed; an administrator in one and
 * a business role in another is not). Roles in the home organisation are mirrored in
 * `users.roles`; an empty set ends a membership elsewhere. Each added or removed role is one row
 * of the grant history (with the organisation) and one audit row.
 */
export async function setUserRoles(ctx: Ctx, userId: string, raw: unknown, meta?: RequestMeta): Promise<PublicUser> {
  authorize(ctx.actor, 'roles.grant');
  const input = parseInput(grantRolesSchema, raw);
  checkNotSelf(ctx.actor, userId);
  const next = [...new Set(input.roles)];
  checkRoleSet(next);
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const before = await userById(tx, userId, ctx.actor);
    if (!before) throw new AppError('NOT_FOUND');
    // default: the home organisation, or — for a member of the administrator's organisation whose
    // home is elsewhere (issue 11) — the administrator's own
    const orgId = input.orgId ?? (mayReadOrg(ctx.actor, before.org_id) ? before.org_id : actorOrgId(ctx.actor));
    if (!mayReadOrg(ctx.actor, orgId) || !(await findOrg(tx, orgId))) {
      throw validationError([{ code: 'custom', path: ['orgId'], message: '无此机构 / No such organisation' }]);
    }
    const memberships = await membershipsOf(tx, userId);
    const home = orgId === before.org_id;
    const prev = memberships.find((m) => m.orgId === orgId)?.roles ?? (home ? (JSON.parse(before.roles) as Role[]) : []);
    checkRoleSet([...memberships.filter((m) => m.orgId !== orgId).flatMap((m) => m.roles), ...next]);
    await checkOneWorkingAccount(tx, userId, before.person_id, [...memberships.filter((m) => m.orgId !== orgId).flatMap((m) => m.roles), ...next]);
    const added = next.filter((r) => !prev.includes(r));
    const removed = prev.filter((r) => !next.includes(r));
    checkPersonBoundGrant(added, before.person_id);
    await checkNotLastChecker(tx, userId, orgId, removed);
    if (added.length === 0 && removed.length === 0) return toPublic(before);
    await putMembership(tx, userId, orgId, next, home, now);
    if (home) await setRoles(tx, userId, next, now);
    for (const [action, list] of [['grant', added], ['revoke', removed]] as const) {
      for (const role of list) {
        await insertRoleGrant(tx, { id: newId(), at: now, actor_id: ctx.actor.userId, user_id: userId, action, role, source_ip: meta?.sourceIp ?? null, org_id: orgId });
        // issue 11: a grant is a record of the organisation it is made in, not the account's home
        await appendAudit(tx, { actorId: ctx.actor.userId, action: `role.${action}`, entityType: 'user', entityId: userId, orgId, before: { roles: prev, orgId }, after: { role, roles: next, orgId, ...ip(meta) }, at: now });
      }
    }
    return toPublic(home ? { ...before, roles: JSON.stringify(next) } : before);
  });
}

/** One role grant or revocation as the security administrator lists it (the repository's decoded row). */
export type GrantRecord = GrantRow;

export async function listGrants(ctx: Ctx): Promise<GrantRecord[]> {
  authorize(ctx.actor, 'roles.grant');
  const rows = await grantHistory(ctx.db.kysely, ctx.actor);
  return rows.map((r) => ({ ...r, actorUsername: r.actorUsername ?? (r.actorId === 'system' ? 'system' : null) }));
}

export async function listLocks(ctx: Ctx): Promise<{ kind: 'user' | 'source'; key: string; lockedAt: string; lockedUntil: string }[]> {
  authorize(ctx.actor, 'security.manage');
  return listActiveLocks(ctx.db, nowIso(ctx));
}

export const unlockSchema = z.object({ kind: z.enum(['user', 'source']).default('user'), key: z.string().min(1).max(200) });

/** Lifts a lock on a user name (or a source address) before its end (安全管理员; audited). */
export async function unlock(ctx: Ctx, raw: unknown, meta?: RequestMeta): Promise<{ unlocked: boolean }> {
  authorize(ctx.actor, 'security.manage');
  const input = parseInput(unlockSchema, raw);
  const key = input.kind === 'user' ? userKey(input.key) : input.key.trim();
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const unlocked = await removeLock(tx, input.kind, key, now);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'auth.unlock', entityType: input.kind === 'user' ? 'user' : 'source', entityId: key, after: { kind: input.kind, key, wasLocked: unlocked, ...ip(meta) }, at: now });
    return { unlocked };
  });
}

/** A user lost the authenticator: the security administrator clears the second factor; the user enrols again. */
export async function resetUserTotp(ctx: Ctx, userId: string, meta?: RequestMeta): Promise<void> {
  authorize(ctx.actor, 'security.manage');
  checkNotSelf(ctx.actor, userId);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const n = await updateUserRow(tx, userId, { totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: now }, ctx.actor);
    if (n !== 1) throw new AppError('NOT_FOUND');
    await deleteRecoveryCodes(tx, userId);
    await endSignInsOf(tx, userId);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'auth.totp.reset', entityType: 'user', entityId: userId, after: ip(meta), at: now });
  });
}
