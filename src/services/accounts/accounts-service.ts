// Second factor enrolment, role grants (安全管理员 only, 三员分立), unlocking, the grant history.
import { z } from 'zod';
import { AppError } from '../../errors';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { newId } from '../../lib/ids';
import { parseInput, validationError } from '../../lib/validation';
import { checkNotSelf, checkRoleSet, requiresTotp } from '../../policies/accounts';
import { authorize, ROLES, type Role } from '../../policies/roles';
import { mayReadOrg, orgScopeFilter } from '../../policies/org-scope';
import { findOrg, membershipsOf, putMembership } from '../orgs/org-repo';
import { verify as argonVerify } from '@node-rs/argon2';
import { toPublic, type PublicUser, type RequestMeta } from '../auth-service';
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
  const user = await ctx.db.kysely.selectFrom('users').select(['id', 'username', 'totp_secret']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  if (user.totp_secret) {
    throw new AppError('PRECONDITION_FAILED', { zh: '已启用双因素认证；如需更换，请先停用或请安全管理员重置', en: 'two-factor authentication is already on; turn it off first or ask the security administrator to reset it' });
  }
  const secret = newTotpSecret();
  await ctx.db.kysely.updateTable('users').set({ totp_pending_secret: secret }).where('id', '=', user.id).execute();
  const uri = otpauthUri(user.username, secret);
  return { secret, otpauthUri: uri, qrDataUrl: await qrDataUrl(uri) };
}

export const confirmTotpSchema = z.object({ code: z.string().min(1).max(20) });

/** Confirms enrolment with a valid code; returns the ten recovery codes (shown once, stored hashed). */
export async function confirmTotpEnrolment(ctx: Ctx, raw: unknown, meta?: RequestMeta): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(confirmTotpSchema, raw);
  const now = nowIso(ctx);
  const user = await ctx.db.kysely.selectFrom('users').select(['id', 'totp_secret', 'totp_pending_secret']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  if (user.totp_secret) throw new AppError('PRECONDITION_FAILED', { zh: '已启用双因素认证', en: 'two-factor authentication is already on' });
  if (!user.totp_pending_secret) throw new AppError('PRECONDITION_FAILED', { zh: '请先开始启用双因素认证', en: 'start the enrolment first' });
  const step = checkTotp(user.totp_pending_secret, code, ctx.clock.now(), null);
  if (step === null) throw new AppError('TOTP_INVALID');
  const codes = newRecoveryCodes();
  await inTransaction(ctx.db, async (tx) => {
    const u = await tx
      .updateTable('users')
      .set({ totp_secret: user.totp_pending_secret, totp_pending_secret: null, totp_enabled_at: now, totp_last_step: step, updated_at: now })
      .where('id', '=', user.id)
      .where('totp_secret', 'is', null)
      .executeTakeFirst();
    if (Number(u.numUpdatedRows) !== 1) throw new AppError('CONFLICT_STALE');
    await tx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    for (const c of codes) await tx.insertInto('recovery_codes').values({ id: newId(), user_id: user.id, code_hash: recoveryCodeHash(c), created_at: now, used_at: null }).execute();
    await appendAudit(tx, { actorId: user.id, action: 'auth.totp.enrol', entityType: 'user', entityId: user.id, after: { recoveryCodes: codes.length, ...ip(meta) }, at: now });
  });
  return { recoveryCodes: codes };
}

export const disableTotpSchema = z.object({ password: z.string().min(1).max(200) });

/** Turns the second factor off — only for accounts that do not require it; needs the password. */
export async function disableOwnTotp(ctx: Ctx, raw: unknown, meta?: RequestMeta): Promise<void> {
  const { password } = parseInput(disableTotpSchema, raw);
  if (requiresTotp(ctx.actor.roles)) {
    throw new AppError('PRECONDITION_FAILED', {
      zh: '管理员及可查看举报人身份的账户必须使用双因素认证，不能停用',
      en: 'administrators and accounts that may read a reporter’s identity must keep two-factor authentication',
    });
  }
  const user = await ctx.db.kysely.selectFrom('users').select(['id', 'password_hash', 'totp_secret']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  if (!(await argonVerify(user.password_hash, password).catch(() => false))) throw new AppError('CURRENT_PASSWORD_WRONG');
  if (!user.totp_secret) return;
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('users').set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, updated_at: now }).where('id', '=', user.id).execute();
    await tx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    await appendAudit(tx, { actorId: user.id, action: 'auth.totp.disable', entityType: 'user', entityId: user.id, after: ip(meta), at: now });
  });
}

/** The caller's own account security: second factor on/required, recovery codes left, forced change. */
export async function accountSecurity(ctx: Ctx): Promise<{ totpEnabled: boolean; totpRequired: boolean; recoveryCodesLeft: number; mustChangePassword: boolean }> {
  const u = await ctx.db.kysely.selectFrom('users').select(['totp_secret']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  return {
    totpEnabled: Boolean(u.totp_secret),
    totpRequired: requiresTotp(ctx.actor.roles),
    recoveryCodesLeft: await unusedRecoveryCodes(ctx),
    mustChangePassword: ctx.actor.restriction === 'password_change',
  };
}

export async function unusedRecoveryCodes(ctx: Ctx): Promise<number> {
  const r = await ctx.db.kysely
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', ctx.actor.userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
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
    const before = await tx.selectFrom('users').selectAll().where('id', '=', userId).where(orgScopeFilter(ctx.actor, 'users.org_id')).executeTakeFirst();
    if (!before) throw new AppError('NOT_FOUND');
    const orgId = input.orgId ?? before.org_id;
    if (!mayReadOrg(ctx.actor, orgId) || !(await findOrg(tx, orgId))) {
      throw validationError([{ code: 'custom', path: ['orgId'], message: '无此机构 / No such organisation' }]);
    }
    const memberships = await membershipsOf(tx, userId);
    const home = orgId === before.org_id;
    const prev = memberships.find((m) => m.orgId === orgId)?.roles ?? (home ? (JSON.parse(before.roles) as Role[]) : []);
    checkRoleSet([...memberships.filter((m) => m.orgId !== orgId).flatMap((m) => m.roles), ...next]);
    const added = next.filter((r) => !prev.includes(r));
    const removed = prev.filter((r) => !next.includes(r));
    if (added.length === 0 && removed.length === 0) return toPublic(before);
    await putMembership(tx, userId, orgId, next, home, now);
    if (home) await tx.updateTable('users').set({ roles: JSON.stringify(next), updated_at: now }).where('id', '=', userId).execute();
    for (const [action, list] of [['grant', added], ['revoke', removed]] as const) {
      for (const role of list) {
        await tx.insertInto('role_grants').values({ id: newId(), at: now, actor_id: ctx.actor.userId, user_id: userId, action, role, source_ip: meta?.sourceIp ?? null, org_id: orgId }).execute();
        await appendAudit(tx, { actorId: ctx.actor.userId, action: `role.${action}`, entityType: 'user', entityId: userId, before: { roles: prev, orgId }, after: { role, roles: next, orgId, ...ip(meta) }, at: now });
      }
    }
    return toPublic(home ? { ...before, roles: JSON.stringify(next) } : before);
  });
}

export interface GrantRecord {
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

export async function listGrants(ctx: Ctx): Promise<GrantRecord[]> {
  authorize(ctx.actor, 'roles.grant');
  const rows = await ctx.db.kysely
    .selectFrom('role_grants as g')
    .leftJoin('users as u', 'u.id', 'g.user_id')
    .leftJoin('users as a', 'a.id', 'g.actor_id')
    .where(orgScopeFilter(ctx.actor, 'u.org_id'))
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
    actorUsername: r.actor_username ?? (r.actor_id === 'system' ? 'system' : null),
    sourceIp: r.source_ip,
  }));
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
    const r = await tx
      .updateTable('users')
      .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: now })
      .where('id', '=', userId)
      .where(orgScopeFilter(ctx.actor, 'users.org_id'))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('NOT_FOUND');
    await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'auth.totp.reset', entityType: 'user', entityId: userId, after: ip(meta), at: now });
  });
}
