// Roles and what each may do. Default deny: a permission not listed for any of the actor's
// roles is refused. Case-level rules (which case, which state) live with the case lifecycle;
// this table is the coarse gate every service method passes first.
import { AppError } from '../errors';

export const ROLES = ['sysadmin', 'secadmin', 'auditor', 'clerk', 'leader', 'investigator', 'decider', 'subject', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** 三员分立: the three administrator roles. Never combined with each other or with a business role. */
export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const satisfies readonly Role[];
export const isAdminRole = (r: Role): boolean => (ADMIN_ROLES as readonly Role[]).includes(r);

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  sysadmin: { zh: '系统管理员', en: 'System administrator' },
  secadmin: { zh: '安全管理员', en: 'Security administrator' },
  auditor: { zh: '安全审计员', en: 'Security auditor' },
  clerk: { zh: '委法制科', en: 'Legal-affairs clerk' },
  leader: { zh: '委主要负责人', en: 'Main leader' },
  investigator: { zh: '调查组成员', en: 'Investigator' },
  decider: { zh: '委党委会成员', en: 'Decision-body member' },
  subject: { zh: '被调查执法人员', en: 'Subject' },
  supervisor: { zh: '外部监督机关（执法监督部门、纪检监察机关）', en: 'Outside supervisory body' },
};

export const PERMISSIONS = {
  // 三员分立 (docs/security-accounts.md): the system administrator runs accounts, units, people,
  // settings and the calendar; the security administrator grants roles, unlocks accounts and
  // edits the security settings; the security auditor only reads the audit trail. None of the
  // three reads case content, reporters' identities or statistics.
  'users.manage': ['sysadmin'],
  'roles.grant': ['secadmin'],
  'security.manage': ['secadmin'],
  'calendar.manage': ['sysadmin'],
  'calendar.read': ['sysadmin', 'clerk', 'leader', 'investigator', 'decider', 'subject'],
  'settings.manage': ['sysadmin'],
  'audit.read': ['auditor'],
  'registers.read': ['sysadmin', 'clerk', 'leader', 'investigator', 'decider'],
  'registers.write': ['sysadmin', 'clerk'],
  'cases.create': ['clerk'],
  'cases.read': ['clerk', 'leader', 'investigator', 'decider', 'subject'],
  'cases.readAll': ['clerk', 'leader', 'decider'],
  'cases.act': ['clerk', 'leader', 'investigator', 'decider', 'subject'],
  'reporter.read': ['clerk'],
  'rules.evaluate': ['clerk', 'leader', 'investigator', 'decider'],
  'documents.read': ['clerk', 'leader', 'investigator', 'decider', 'subject'],
  'documents.draft': ['clerk', 'investigator'],
  'documents.issue': ['clerk'],
  'stats.read': ['clerk', 'leader', 'decider'],
  // issue 12 point 5: past decisions (before go-live) entered by the legal-affairs clerk
  'history.import': ['clerk'],
  // 回避: declared relationships (own: any staff; anyone's and withdrawal of others': clerk)
  'relationships.declare': ['clerk', 'leader', 'investigator', 'decider'],
  'relationships.read': ['clerk', 'leader', 'investigator', 'decider'],
  'relationships.manage': ['clerk'],
  // WC-11: the outside bodies see only the appeal files sent to them (src/policies/case-visibility.ts)
  'supervision.act': ['supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** the register person of this account, if any */
  personId: string | null;
  /**
   * Set while the account must first change its password or enrol a second factor: such a
   * session may do nothing else (`authorize` refuses every permission).
   */
  restriction?: 'password_change' | 'totp_enrolment' | null;
}

/** The system itself (migrations, demo seeding, CLI maintenance). Never reachable over HTTP. */
export const SYSTEM_ACTOR: Actor = {
  userId: 'system',
  username: 'system',
  displayName: '系统',
  roles: [...ROLES],
  personId: null,
};

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  if (!actor) return false;
  const allowed = PERMISSIONS[permission] as readonly Role[] | undefined;
  if (!allowed) return false;
  return actor.roles.some((r) => allowed.includes(r));
}

/** The first line of every service method. */
export function authorize(actor: Actor | null | undefined, permission: Permission): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (actor.restriction === 'password_change') throw new AppError('PASSWORD_CHANGE_REQUIRED');
  if (actor.restriction === 'totp_enrolment') throw new AppError('TOTP_ENROLMENT_REQUIRED');
  if (!can(actor, permission)) {
    throw new AppError('FORBIDDEN', { zh: `缺少权限 ${permission}`, en: `missing permission ${permission}` });
  }
}

export const hasRole = (actor: Actor, role: Role): boolean => actor.roles.includes(role);
