// 访问控制 三员分立 in the menu: each administrator sees only the pages of their permissions
// (the server's permissions; the menu never decides on its own).
import { describe, expect, it } from 'vitest';
import type { Me } from '../session/session';
import { landingPath, trail, visibleMenu } from './menu';

const me = (permissions: string[]): Me => ({ user: { id: 'u', username: 'u', displayName: 'u', roles: [], personId: null }, roleLabels: {}, permissions });
const keys = (m: Me) => visibleMenu(m).map((e) => e.key);

describe('访问控制 三员分立: menus and landing pages from the server’s permissions', () => {
  it('the system administrator manages users, registers and the calendar; no case, statistics or security page', () => {
    const sys = me(['users.manage', 'calendar.manage', 'calendar.read', 'settings.manage', 'registers.read', 'registers.write']);
    expect(keys(sys)).toEqual(['/registers', '/calendar', '/users', '/account']);
    expect(landingPath(sys)).toBe('/users');
  });

  it('the security administrator lands on the security page; the auditor (audit.read only) lands on the audit trail and sees no business page', () => {
    const sec = me(['roles.grant', 'security.manage']);
    expect(keys(sec)).toEqual(['/security', '/account']);
    expect(landingPath(sec)).toBe('/security');
    const aud = me(['audit.read']);
    expect(keys(aud)).not.toContain('/cases');
    expect(keys(aud)).not.toContain('/security');
    expect(landingPath(aud)).toBe('/audit');
  });
});

describe('FL-15: the 委党委会 roster in the menu', () => {
  const sub = (m: Me) => visibleMenu(m).find((e) => e.key === '/registers')?.children?.map((e) => e.key) ?? [];
  it('FL-15: whoever reads the registers finds the roster under them (the clerk changes it there); a role that may not read it is not shown it', () => {
    for (const perms of [['registers.read', 'decisionBody.manage'], ['registers.read']]) expect(sub(me(perms))).toContain('/registers/decision-body');
    for (const perms of [['cases.read', 'documents.read'], ['roles.grant', 'security.manage'], ['audit.read']]) expect(keys(me(perms))).not.toContain('/registers');
    expect(trail('/registers/decision-body').map((e) => e.label)).toEqual(['nav.registers', 'nav.decisionBody']);
  });
});

describe('page titles and breadcrumbs', () => {
  it('a page of the user menu (notifications) has its own title and breadcrumb, not the application’s name', () => {
    expect(trail('/notifications').map((e) => e.label)).toEqual(['nav.notifications']);
    expect(trail('/registers/people/p1/profile').map((e) => e.key)).toEqual(['/registers', '/registers/people']);
    expect(trail('/nowhere')).toEqual([]);
  });
});
