// Roles and what each may do. Default deny: a permission not listed for any of the actor's
// roles is refused. Case-level rules (which case, which state) live with the case lifecycle;
// this table is the coarse gate every service method passes first.
import { AppError } from '../errors';

export const ROLES = ['sysadmin', 'secadmin', 'auditor', 'clerk', 'leader', 'investigator', 'decider', 'subject', 'supervisor', 'reviewer', 'oversight'] as const;
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
  reviewer: { zh: '案卷评查人员', en: 'File reviewer' },
  // issue 11: a supervising organisation (e.g. 区司法局执法监督科) reads its subtree, never acts, never sees reporters
  oversight: { zh: '执法监督（只读）', en: 'Enforcement oversight (read-only)' },
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
  'calendar.read': ['sysadmin', 'clerk', 'leader', 'investigator', 'decider', 'subject', 'oversight'],
  'settings.manage': ['sysadmin'],
  'audit.read': ['auditor'],
  'registers.read': ['sysadmin', 'clerk', 'leader', 'investigator', 'decider', 'oversight'],
  'registers.write': ['sysadmin', 'clerk'],
  // FL-15 委党委会成员名册: who sits on the body decides quorum, chair and majority — casework, kept
  // by the legal-affairs section; never an administrator (三员分立), nor the leader who chairs it.
  'decisionBody.manage': ['clerk'],
  'cases.create': ['clerk'],
  'cases.read': ['clerk', 'leader', 'investigator', 'decider', 'subject', 'oversight'],
  'cases.readAll': ['clerk', 'leader', 'decider', 'oversight'],
  'cases.act': ['clerk', 'leader', 'investigator', 'decider', 'subject'],
  'reporter.read': ['clerk'],
  // issue 9: the two-way thread with a reporter (messages, questions, outcome messages, files)
  'reporter.thread': ['clerk'],
  // 身份保管 (issue 9 §4): the second person who approves a clerk's request to read a reporter's
  // identity — which of the two is configured (src/policies/reporter-identity.ts); neither reads it.
  'reporter.identity.decide': ['secadmin', 'leader'],
  // FL-10(3) retaliation watch alerts
  'reporter.alerts.read': ['secadmin', 'clerk'],
  'rules.evaluate': ['clerk', 'leader', 'investigator', 'decider'],
  // The published measures' vocabulary (item labels, the ladder of forms): every business role that
  // reads a case or an appeal file needs the words for the codes it shows — the outside supervisory
  // body (WC-11) and the oversight account included. Not the three administrators (三员分立).
  'rules.read': ['clerk', 'leader', 'investigator', 'decider', 'subject', 'supervisor', 'oversight', 'reviewer'],
  'documents.read': ['clerk', 'leader', 'investigator', 'decider', 'subject'],
  'documents.draft': ['clerk', 'investigator'],
  'documents.issue': ['clerk'],
  // issue 13 point 4: the organisation's seal image and document-signing certificate (系统管理员)
  'documents.seal': ['sysadmin'],
  'stats.read': ['clerk', 'leader', 'decider', 'oversight'],
  // issue 11: the organisation tree (read: anyone signed in sees their own organisation and, when
  // supervising, its subtree; manage: the system administrator, within its subtree)
  'orgs.manage': ['sysadmin'],
  // issue 12 point 5: past decisions (before go-live) entered by the legal-affairs clerk
  'history.import': ['clerk'],
  // 回避: declared relationships (own: any staff; anyone's and withdrawal of others': clerk)
  'relationships.declare': ['clerk', 'leader', 'investigator', 'decider'],
  'relationships.read': ['clerk', 'leader', 'investigator', 'decider'],
  'relationships.manage': ['clerk'],
  // WC-11: the outside bodies see only the appeal files sent to them (src/policies/case-visibility.ts)
  'supervision.act': ['supervisor'],
  // 案卷评查 (WC-5(1) 例行或专项执法监督, issue 12): the legal-affairs section and the leader run
  // campaigns and see every result; reviewers (a business role, never an administrator — 三员分立)
  // score only the files drawn for them.
  'campaigns.manage': ['clerk', 'leader'],
  'campaigns.read': ['clerk', 'leader', 'decider'],
  'campaigns.review': ['reviewer'],
  // Early-intervention alerts: the clerk and the leader watch, acknowledge, assign and close.
  'alerts.read': ['clerk', 'leader'],
  'alerts.manage': ['clerk', 'leader'],
  // The officer profile: staff who handle cases, and a subject for their own profile only
  // (src/policies/profiles.ts decides what each viewer sees of it).
  // The supervising organisation (oversight) opens the profiles of its subtree's officers, read-only.
  'profiles.read': ['clerk', 'leader', 'investigator', 'decider', 'subject', 'oversight'],
  // issue 12: one's own notifications (the bell) and delivery preferences. Not the security
  // auditor, who holds audit.read only (三员分立); the system administrator keeps it for the
  // notification settings page. The supervising organisation's accounts (oversight) read the
  // 督办 that reaches them.
  'notifications.own': ['sysadmin', 'secadmin', 'clerk', 'leader', 'investigator', 'decider', 'subject', 'supervisor', 'oversight'],
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
  /** issue 11: the organisation the account belongs to (absent for in-process actors: the default organisation) */
  orgId?: string;
  /**
   * issue 11: the organisations whose records this actor may read — its own, or its subtree for a
   * supervising (oversight) or administrator account; resolved at sign-in (src/policies/org-scope.ts).
   * Absent only for in-process actors (system, demo seeding, tests without sessions): unrestricted.
   */
  orgScope?: readonly string[];
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

/**
 * The roles whose holders act on cases and whose impartiality is judged by register person
 * (FL-5(1) 回避: the subject, the original case's participants, declared relatives; 调查与决定分离
 * and 三员分立 across one person's accounts). An account holding one of them without a register
 * person would pass every one of those checks unseen: such an account acts on no case
 * (PERSON_LINK_REQUIRED), and the role is not granted to it (src/policies/accounts.ts).
 */
export const PERSON_BOUND_ROLES = ['clerk', 'leader', 'investigator', 'decider', 'reviewer'] as const satisfies readonly Role[];
export const isPersonBound = (r: string): boolean => (PERSON_BOUND_ROLES as readonly string[]).includes(r);
/**
 * The permissions that act on a case (create, take a step, draft or issue its documents, decide
 * who reads its reporter's identity) or write a decision about an officer (the import of decisions
 * made before go-live: FL-10(6), FL-14).
 */
const ACTING: ReadonlySet<Permission> = new Set<Permission>(['cases.create', 'cases.act', 'documents.draft', 'documents.issue', 'history.import', 'reporter.identity.decide']);

/** The first line of every service method. */
export function authorize(actor: Actor | null | undefined, permission: Permission): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (actor.restriction === 'password_change') throw new AppError('PASSWORD_CHANGE_REQUIRED');
  if (actor.restriction === 'totp_enrolment') throw new AppError('TOTP_ENROLMENT_REQUIRED');
  if (!can(actor, permission)) {
    throw new AppError('FORBIDDEN', { zh: `缺少权限 ${permission}`, en: `missing permission ${permission}` });
  }
  // FL-5(1): an account not linked to its holder acts on no case through a casework role (one made
  // before the rule, or written around the account service). The system itself is never over HTTP.
  if (ACTING.has(permission) && actor.personId === null && actor.userId !== SYSTEM_ACTOR.userId) {
    const allowed = PERMISSIONS[permission] as readonly Role[];
    if (actor.roles.some((r) => allowed.includes(r) && isPersonBound(r))) throw personLinkRequired();
  }
}

export function personLinkRequired(roles?: readonly Role[]): AppError {
  const named = roles?.length ? roles : null;
  return new AppError('PERSON_LINK_REQUIRED', {
    zh: `${named ? `${named.map((r) => ROLE_LABELS[r].zh).join('、')}是办案角色` : '该账号未关联人员台账，不能办案'}；请系统管理员先在用户管理中将账号关联到本人（回避按人员判断：本案被调查人、原执法案件参与人、近亲属，FL-5(1)）`,
    en: `${named ? `${named.map((r) => ROLE_LABELS[r].en).join(', ')}: a casework role` : 'this account is not linked to a register person and acts on no case'}; the system administrator first links the account to its holder under Users (recusal is judged by person: a subject, a participant of the original case, a relative; FL-5(1))`,
  }, { field: 'personId' });
}

export const hasRole = (actor: Actor, role: Role): boolean => actor.roles.includes(role);
