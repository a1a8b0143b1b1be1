// 身份鉴别 / 访问控制: the session check every request passes reads the session, the account, its
// memberships, the organisation tree and the security settings in one statement, from the
// database each time (issue 14) — so several app servers sharing the database agree at once: a
// session ended, an account disabled, a membership revoked or a shorter idle limit set through
// one server holds on the very next request through another (no cache to go stale).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { buildApp } from '../../src/server/app';
import { sessionCheck } from '../../src/repositories/users/accounts-repo';
import { membershipsOf, orgTree } from '../../src/services/orgs/org-repo';
import { SECURITY_SETTINGS_KEY } from '../../src/services/accounts/security-settings';
import { sha256Hex } from '../../src/files/file-store';

describe.each(engines)('session check: one statement, no cache, revocation across servers (%s)', (engine) => {
  let t: TestApp;
  let other: FastifyInstance;
  beforeEach(async () => {
    t = await createTestApp(engine);
    // a second app server on the same database
    other = await buildApp({ deps: t.deps });
  });
  afterEach(async () => {
    await other.close();
    await t.close();
  });
  const me = (app: FastifyInstance, token: string) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('the one statement reads the same memberships, organisation tree and stored settings as the separate reads', async () => {
    await t.addUser('clerk1', ['clerk']);
    const q = t.deps.db.kysely;
    const row = await sessionCheck(q, sha256Hex(t.tokens.clerk1!), SECURITY_SETTINGS_KEY);
    expect(row).not.toBeNull();
    expect(row!.id).toBe(t.userIds.clerk1);
    expect(row!.memberships).toEqual(await membershipsOf(q, t.userIds.clerk1!));
    expect(row!.memberships.length).toBeGreaterThan(0);
    const byId = (xs: { id: string; parent_id: string | null }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(row!.orgNodes)).toEqual(byId(await orgTree(q)));
    expect(row!.securityValue).toBeNull();
    expect(await sessionCheck(q, sha256Hex('no such token'), SECURITY_SETTINGS_KEY)).toBeNull();
  });

  it('a session ended through one server is refused by the other on the next request', async () => {
    await t.addUser('clerk1', ['clerk']);
    const token = t.tokens.clerk1!;
    expect((await me(other, token)).statusCode).toBe(200);
    expect((await t.as('clerk1', { method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBeLessThan(300);
    const res = await me(other, token);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('an account disabled, or a role revoked, in the database holds on the next request through every server', async () => {
    await t.addUser('clerk1', ['clerk']);
    await t.addUser('clerk2', ['clerk']);
    const k = t.deps.db.kysely;
    expect((await me(other, t.tokens.clerk1!)).json().user.roles).toContain('clerk');
    await k.updateTable('users').set({ disabled: 1 }).where('id', '=', t.userIds.clerk1!).execute();
    expect((await me(other, t.tokens.clerk1!)).statusCode).toBe(401);
    // the roles of the organisation the session acts in come from the membership as stored now
    await k.updateTable('user_org_roles').set({ roles: JSON.stringify([]) }).where('user_id', '=', t.userIds.clerk2!).execute();
    const after = await me(other, t.tokens.clerk2!);
    expect(after.statusCode).toBe(200);
    expect(after.json().user.roles).not.toContain('clerk');
  });

  it('a shorter idle limit set in the security settings applies at once on every server', async () => {
    await t.addUser('clerk1', ['clerk']);
    const token = t.tokens.clerk1!;
    t.clock.set(new Date(t.clock.now().getTime() + 6 * 60_000));
    expect((await me(other, token)).statusCode).toBe(200); // default idle limit: 30 minutes
    const now = t.clock.now().toISOString();
    await t.deps.db.kysely.insertInto('settings').values({ key: SECURITY_SETTINGS_KEY, value: JSON.stringify({ idleMinutes: 5 }), updated_at: now }).execute();
    t.clock.set(new Date(t.clock.now().getTime() + 6 * 60_000));
    expect((await me(other, token)).statusCode).toBe(401);
  });
});
