// Account rules for 等保2.0 level 3 (访问控制: 三员分立; 身份鉴别: who needs a second factor).
// Pure functions: the account service calls them before every role change, whoever asks.
import { AppError } from '../errors';
import { validationError } from '../lib/validation';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { accountsOfPerson, otherActiveHolders, personOrgId, standsInOpenCase } from '../repositories/impartiality/impartiality-repo';
import { ADMIN_ROLES, ROLE_LABELS, authorize, isAdminRole, isPersonBound, personLinkRequired, type Actor, type Role } from './roles';

const label = (r: Role): string => ROLE_LABELS[r].zh;
const labelEn = (r: Role): string => ROLE_LABELS[r].en;

/**
 * A role set an account may hold: an administrator role stands alone (never with another
 * administrator role, never with a business role). Throws ROLE_NOT_ALLOWED with the reason.
 */
export function checkRoleSet(roles: readonly Role[]): void {
  const unique = [...new Set(roles)];
  const admins = unique.filter(isAdminRole);
  if (admins.length > 1) {
    throw new AppError('ROLE_NOT_ALLOWED', {
      zh: `${admins.map(label).join('、')}不得由同一人兼任`,
      en: `${admins.map(labelEn).join(', ')} may not be held by one person`,
    });
  }
  if (admins.length === 1 && unique.length > 1) {
    const admin = admins[0]!;
    const others = unique.filter((r) => r !== admin);
    throw new AppError('ROLE_NOT_ALLOWED', {
      zh: `${label(admin)}不得兼任业务角色（${others.map(label).join('、')}）`,
      en: `a ${labelEn(admin)} may not also hold a business role (${others.map(labelEn).join(', ')})`,
    });
  }
}

/** Nobody grants or revokes their own roles. */
export function checkNotSelf(actor: Actor, targetUserId: string): void {
  if (actor.userId === targetUserId) throw new AppError('SELF_GRANT');
}

/**
 * Accounts that must sign in with a second factor (等保2.0 第三级 8.1.4.1 d: 两种或两种以上组合的鉴别
 * 技术): every account that holds a role. The administrators hold the system; every business role
 * reads case files that name officers with the findings and sanctions against them, and the
 * clerks read reporters' identities — a guessed or reused password alone must open none of them
 * (red-team walk of 2026-12-07: a reset password opened a leader's or a decider's account). An
 * account without a role can do nothing and needs none.
 */
export function requiresTotp(roles: readonly Role[]): boolean {
  return roles.length > 0;
}

export { ADMIN_ROLES };

/** An account that works on cases or administers (any role but the subject's own self-service one). */
const working = (roles: readonly string[]): boolean => roles.some((r) => r !== 'subject');

/**
 * One person, one working account: the checks that keep duties apart (三员分立, 调查与决定分离:
 * a team member does not decide) are made on an account; a second working account of the same
 * person would escape those made on the first. The officer's own self-service account (the
 * subject role alone) may stand beside it. Checked when an account is linked to a person and when
 * roles are granted.
 */
export async function checkOneWorkingAccount(q: Kysely<Database>, accountId: string | null, personId: string | null, roles: readonly string[]): Promise<void> {
  if (!personId || !working(roles)) return;
  const others = (await accountsOfPerson(q, personId, accountId)).filter((o) => working(o.roles));
  if (others.length) {
    throw new AppError(
      'CONFLICT_DUPLICATE',
      { zh: `该人员已有办案或管理账号 ${others.map((o) => o.username).join('、')}：一人只能有一个办案或管理账号（三员分立、调查与决定分离按人判断）`, en: `this person already has the working account ${others.map((o) => o.username).join(', ')}: one working account per person (separation of duties is judged per person)` },
      { field: 'personId' },
    );
  }
}

/**
 * An account's register person decides who must stand aside on a case (FL-5(1): the subject, the
 * original case's participants, declared relatives) and who the subject is. So the link is checked
 * like a role grant:
 * - the person exists (a person of another organisation may be linked: a reviewer pooled from
 *   another commission is one);
 * - one person, one working account (checkOneWorkingAccount);
 * - while the person linked now is a subject of an open case or a participant of its original
 *   case, the link stays: unlinking would let that person act on their own case.
 */
export async function checkPersonLink(q: Kysely<Database>, account: { id: string | null; roles: readonly string[] }, before: string | null, after: string | null): Promise<void> {
  if (before === after) return;
  if (before) {
    const stands = await standsInOpenCase(q, before);
    if (stands) {
      throw new AppError('PERSON_LINK_LOCKED', {
        zh: `该账号关联的人员是未结案件 ${stands.number} 的${stands.as === 'subject' ? '被调查人' : '原执法案件参与人'}，结案前不得变更关联（FL-5(1)）`,
        en: `the account's register person is ${stands.as === 'subject' ? 'a subject' : 'a participant of the original case'} of open case ${stands.number}: the link stays until it is closed (FL-5(1))`,
      }, { field: 'personId', caseNumber: stands.number });
    }
  }
  if (!after) return;
  if ((await personOrgId(q, after)) === undefined) {
    throw validationError([{ code: 'custom', path: ['personId'], message: '关联人员不存在 / no such register person' }]);
  }
  await checkOneWorkingAccount(q, account.id, after, account.roles);
}

/**
 * FL-5(1): a casework role (PERSON_BOUND_ROLES) goes only to an account linked to its holder in the
 * register of people — recusal, one working account per person and 调查与决定分离 are judged by
 * person. `adding`: the roles the account gains; `personId`: its link after the change.
 */
export function checkPersonBoundGrant(adding: readonly Role[], personId: string | null): void {
  if (personId) return;
  const bound = [...new Set(adding.filter(isPersonBound))];
  if (bound.length) throw personLinkRequired(bound);
}

/** FL-5(1): the link of an account holding a casework role is changed, never removed. */
export function checkPersonUnlink(roles: readonly Role[], before: string | null, after: string | null): void {
  if (before && !after) {
    const bound = [...new Set(roles.filter(isPersonBound))];
    if (!bound.length) return;
    throw new AppError(
      'PERSON_LINK_REQUIRED',
      {
        zh: `该账号持有办案角色（${bound.map(label).join('、')}），人员关联只能更正、不能取消；如不再办案，请安全管理员先撤销办案角色（FL-5(1)）`,
        en: `the account holds a casework role (${bound.map(labelEn).join(', ')}): its register person may be corrected, not removed; if it no longer works on cases, the security administrator first revokes the role (FL-5(1))`,
      },
      { field: 'personId' },
    );
  }
}

/** The roles that check the other administrators (三员分立): an organisation never loses its last one. */
const CHECKING_ROLES = ['auditor', 'secadmin'] as const;

/**
 * 三员分立: one administrator cannot silence the others — the last active security auditor or
 * security administrator of an organisation is neither disabled nor stripped of the role (found by
 * a red-team walk: the system administrator disabled the only auditor, whose work is to read what
 * the system administrator does). `losing`: the roles the account loses in organisation `orgId`.
 */
export async function checkNotLastChecker(q: Kysely<Database>, userId: string, orgId: string, losing: readonly string[]): Promise<void> {
  for (const role of CHECKING_ROLES) {
    if (!losing.includes(role)) continue;
    if ((await otherActiveHolders(q, orgId, role, userId)) > 0) continue;
    const label = role === 'auditor' ? { zh: '安全审计员', en: 'security auditor' } : { zh: '安全管理员', en: 'security administrator' };
    throw new AppError('ROLE_NOT_ALLOWED', { zh: `这是本机构最后一名在用的${label.zh}，不能停用或撤销（三员分立：须先另设一名）`, en: `this is the organisation's last active ${label.en}: it is not disabled or revoked before another is appointed (separation of administrator duties)` }, { role, orgId });
  }
}

/** How long a password reset waits for the security administrator's approval (docs/security-accounts.md). */
export const RESET_APPROVAL_HOURS = 24;

/** A reset waiting for approval, as stored on the account. */
export interface PendingReset {
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
}

export const resetExpiry = (requestedAt: string): string => new Date(Date.parse(requestedAt) + RESET_APPROVAL_HOURS * 3_600_000).toISOString();

export function pendingResetOf(row: { reset_password_hash?: string | null; reset_requested_by?: string | null; reset_requested_at?: string | null }): PendingReset | null {
  if (!row.reset_password_hash || !row.reset_requested_at) return null;
  return { requestedBy: row.reset_requested_by ?? 'system', requestedAt: row.reset_requested_at, expiresAt: resetExpiry(row.reset_requested_at) };
}

/**
 * 三员分立, four eyes (双人复核): the system administrator's reset of an account that has signed in
 * before does not replace the working password — else one administrator could choose the password
 * of a leader or decider without a second factor and act as that person (red-team walk of
 * 2026-12-07). It waits for the security administrator. An account never signed in is reset at
 * once: its creator chose its first password anyway.
 */
export const resetNeedsApproval = (target: { last_sign_in_at?: string | null }): boolean => Boolean(target.last_sign_in_at);

/**
 * Who may approve a waiting reset: a security administrator (`security.manage`), never of their own
 * account, never one they asked for themselves, and only before it expires.
 */
export function checkResetApproval(actor: Actor, target: { id: string }, pending: PendingReset | null, now: string): PendingReset {
  authorize(actor, 'security.manage');
  if (actor.userId === target.id) {
    throw new AppError('SELF_GRANT', { zh: '不得批准重置自己账户的密码', en: 'you may not approve a reset of your own password' });
  }
  if (!pending) throw new AppError('PRECONDITION_FAILED', { zh: '该账户没有待批准的密码重置', en: 'this account has no password reset waiting for approval' });
  if (pending.requestedBy === actor.userId) {
    throw new AppError('SELF_GRANT', { zh: '不得批准自己申请的密码重置（双人复核）', en: 'you may not approve a password reset you asked for yourself (four eyes)' });
  }
  if (pending.expiresAt <= now) {
    throw new AppError('PRECONDITION_FAILED', {
      zh: `该密码重置申请已超过 ${RESET_APPROVAL_HOURS} 小时未获批准而失效，须由系统管理员重新申请`,
      en: `this password reset was not approved within ${RESET_APPROVAL_HOURS} hours and has expired; the system administrator must ask again`,
    }, { expiresAt: pending.expiresAt });
  }
  return pending;
}
