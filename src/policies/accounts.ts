// Account rules for 等保2.0 level 3 (访问控制: 三员分立; 身份鉴别: who needs a second factor).
// Pure functions: the account service calls them before every role change, whoever asks.
import { AppError } from '../errors';
import { ADMIN_ROLES, PERMISSIONS, ROLE_LABELS, isAdminRole, type Actor, type Role } from './roles';

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
 * Accounts that must sign in with a second factor: every administrator role, and every role
 * that may read a reporter's identity (`reporter.read`).
 */
export function requiresTotp(roles: readonly Role[]): boolean {
  const identityReaders = PERMISSIONS['reporter.read'] as readonly Role[];
  return roles.some((r) => isAdminRole(r) || identityReaders.includes(r));
}

export { ADMIN_ROLES };
