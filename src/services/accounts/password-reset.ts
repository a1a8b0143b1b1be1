// Four-eyes password reset (三员分立, 双人复核; docs/security-accounts.md "Password reset"): the
// system administrator's reset of a used account waits (auth-service.ts#updateUser); the security
// administrator of the account's home organisation approves it — the waiting password takes
// effect, to be changed at the next sign-in, and every session of the account ends — or refuses
// it. Who may approve: src/policies/accounts.ts#checkResetApproval. The second factor is never
// touched here: a reset gives a password, not the account's TOTP.
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import { checkResetApproval, pendingResetOf } from '../../policies/accounts';
import { authorize } from '../../policies/roles';
import { applyPendingReset, clearPendingReset, endSignInsOf, userInHomeScope } from '../../repositories/users/accounts-repo';
import { toPublic, type PublicUser, type RequestMeta } from '../auth-service';
import { nowIso, type Ctx } from '../context';

const ip = (m?: RequestMeta): { sourceIp: string | null } => ({ sourceIp: m?.sourceIp ?? null });

/** The security administrator approves a waiting reset: it takes effect (must be changed at the next sign-in) and the account's sessions end. */
export async function approvePasswordReset(ctx: Ctx, userId: string, meta?: RequestMeta): Promise<PublicUser> {
  authorize(ctx.actor, 'security.manage');
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const before = await userInHomeScope(tx, userId, ctx.actor);
    if (!before) throw new AppError('NOT_FOUND');
    const pending = checkResetApproval(ctx.actor, before, pendingResetOf(before), now);
    if (!(await applyPendingReset(tx, userId, { hash: before.reset_password_hash!, requestedAt: pending.requestedAt }, now, ctx.actor))) throw new AppError('CONFLICT_STALE');
    const sessions = await endSignInsOf(tx, userId);
    const after = { ...before, must_change_password: 1, password_changed_at: now, updated_at: now, reset_password_hash: null, reset_requested_by: null, reset_requested_at: null };
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'user.password.reset_approved',
      entityType: 'user',
      entityId: userId,
      before: toPublic(before),
      after: { ...toPublic(after), requestedBy: pending.requestedBy, requestedAt: pending.requestedAt, sessionsEnded: sessions, ...ip(meta) },
      at: now,
    });
    return toPublic(after);
  });
}

/** The security administrator refuses a waiting (or expired) reset: it is cleared; the current password stays. */
export async function rejectPasswordReset(ctx: Ctx, userId: string, meta?: RequestMeta): Promise<PublicUser> {
  authorize(ctx.actor, 'security.manage');
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const before = await userInHomeScope(tx, userId, ctx.actor);
    if (!before) throw new AppError('NOT_FOUND');
    const pending = pendingResetOf(before);
    if (!pending || !(await clearPendingReset(tx, userId, now, ctx.actor))) {
      throw new AppError('PRECONDITION_FAILED', { zh: '该账户没有待批准的密码重置', en: 'this account has no password reset waiting for approval' });
    }
    const after = { ...before, updated_at: now, reset_password_hash: null, reset_requested_by: null, reset_requested_at: null };
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'user.password.reset_rejected',
      entityType: 'user',
      entityId: userId,
      before: toPublic(before),
      after: { ...toPublic(after), requestedBy: pending.requestedBy, requestedAt: pending.requestedAt, ...ip(meta) },
      at: now,
    });
    return toPublic(after);
  });
}
