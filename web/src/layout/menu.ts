// The sider menu, shown from the permissions the server granted (auth/me), and each role's
// landing page: the queue for casework roles, user management for an administrator.
import type { DictKey } from '../i18n/dict';
import type { Me } from '../session/session';

export interface MenuEntry {
  key: string;
  label: DictKey;
  permission?: string;
  children?: MenuEntry[];
  icon?: string;
}

export const MENU: MenuEntry[] = [
  { key: '/queue', label: 'nav.queue', permission: 'cases.read', icon: 'inbox' },
  { key: '/cases', label: 'nav.cases', permission: 'cases.read', icon: 'file' },
  {
    key: '/intake',
    label: 'nav.intake',
    permission: 'cases.create',
    icon: 'form',
    children: [
      { key: '/intake/report', label: 'nav.intakeReport', permission: 'cases.create' },
      { key: '/intake/signal', label: 'nav.intakeSignal', permission: 'cases.create' },
    ],
  },
  {
    key: '/registers',
    label: 'nav.registers',
    permission: 'registers.read',
    icon: 'database',
    children: [
      { key: '/registers/units', label: 'nav.units', permission: 'registers.read' },
      { key: '/registers/people', label: 'nav.people', permission: 'registers.read' },
      { key: '/registers/original-cases', label: 'nav.originalCases', permission: 'registers.read' },
      // FL-15: the 委党委会's roster — read by whoever reads the registers, changed by the clerk alone (decisionBody.manage)
      { key: '/registers/decision-body', label: 'nav.decisionBody', permission: 'registers.read' },
    ],
  },
  { key: '/campaigns', label: 'nav.campaigns', permission: 'campaigns.read', icon: 'audit' },
  { key: '/reviews', label: 'nav.reviews', permission: 'campaigns.review', icon: 'form' },
  { key: '/alerts', label: 'nav.alerts', permission: 'alerts.read', icon: 'safety' },
  { key: '/calendar', label: 'nav.calendar', permission: 'calendar.read', icon: 'calendar' },
  { key: '/stats', label: 'nav.stats', permission: 'stats.read', icon: 'chart' },
  { key: '/users', label: 'nav.users', permission: 'users.manage', icon: 'team' },
  { key: '/orgs', label: 'nav.orgs', permission: 'orgs.manage', icon: 'database' },
  { key: '/audit', label: 'nav.audit', permission: 'audit.read', icon: 'audit' },
  { key: '/security', label: 'nav.security', permission: 'security.manage', icon: 'safety' },
  // issue 13 (4): the organisation's seal image and signing certificate (system administrator)
  { key: '/documents/seal', label: 'nav.seal', permission: 'documents.seal', icon: 'safety' },
  { key: '/profile/me', label: 'nav.myProfile', permission: 'profiles.read', icon: 'user' },
  // 身份保管 (issue 9 §4): the approver's list of identity requests, and the FL-10(3) alerts
  { key: '/identity-requests', label: 'nav.identityRequests', permission: 'reporter.identity.decide', icon: 'safety' },
  { key: '/retaliation-alerts', label: 'ret.title', permission: 'reporter.alerts.read', icon: 'safety' },
  { key: '/account', label: 'nav.account', icon: 'user' },
  // WC-11: outside supervisory bodies see only the appeals sent to them
  { key: '/supervision', label: 'nav.supervision', permission: 'supervision.act', icon: 'file' },
];

export function visibleMenu(me: Me | null, entries: MenuEntry[] = MENU): MenuEntry[] {
  const perms = new Set(me?.permissions ?? []);
  return entries
    .filter((e) => !e.permission || perms.has(e.permission))
    .map((e) => (e.children ? { ...e, children: visibleMenu(me, e.children) } : e))
    .filter((e) => !e.children || e.children.length > 0);
}

export function landingPath(me: Me | null): string {
  const perms = new Set(me?.permissions ?? []);
  if (perms.has('cases.read')) return '/queue';
  if (perms.has('supervision.act')) return '/supervision';
  if (perms.has('campaigns.review')) return '/reviews';
  if (perms.has('users.manage')) return '/users';
  if (perms.has('audit.read')) return '/audit';
  if (perms.has('stats.read')) return '/stats';
  if (perms.has('registers.read')) return '/registers/units';
  if (perms.has('security.manage')) return '/security';
  if (perms.has('calendar.read')) return '/calendar';
  return '/account';
}

/** Signed-in pages reached from elsewhere than the sider (the user menu): named in the breadcrumb and title all the same. */
export const OFF_MENU: MenuEntry[] = [{ key: '/notifications', label: 'nav.notifications', permission: 'notifications.own' }];

/** The breadcrumb trail for a path: the menu entries it falls under, or the off-menu page it is. */
export function trail(pathname: string): MenuEntry[] {
  const inMenu = menuTrail(pathname, MENU);
  return inMenu.length ? inMenu : OFF_MENU.filter((e) => pathname === e.key);
}

function menuTrail(pathname: string, entries: MenuEntry[]): MenuEntry[] {
  for (const e of entries) {
    if (e.children) {
      const sub = menuTrail(pathname, e.children);
      if (sub.length) return [e, ...sub];
    }
    if (pathname === e.key || pathname.startsWith(e.key + '/')) return [e];
  }
  return [];
}
