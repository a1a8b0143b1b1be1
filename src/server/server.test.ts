import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/app';
import { engines } from '../../test/db';
import { verifyAuditChain } from '../audit/audit-verify';

describe.each(engines)('HTTP basics (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it('GET /api/health names the database engine', async () => {
    const r = await t.as(null, { method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', db: engine });
  });

  it('访问控制 三员分立: a new installation asks for its three administrators, once', async () => {
    expect((await t.as(null, { method: 'GET', url: '/api/v1/setup/status' })).json()).toEqual({ needsSetup: true });
    const three = (p: string) => ({
      sysadmin: { username: `${p}sys`, displayName: '系统管理员', password: TEST_PASSWORD },
      secadmin: { username: `${p}sec`, displayName: '安全管理员', password: TEST_PASSWORD },
      auditor: { username: `${p}aud`, displayName: '安全审计员', password: TEST_PASSWORD },
    });
    const r = await t.as(null, { method: 'POST', url: '/api/v1/setup', payload: three('a') });
    expect(r.statusCode).toBe(201);
    expect([r.json().sysadmin.roles, r.json().secadmin.roles, r.json().auditor.roles]).toEqual([['sysadmin'], ['secadmin'], ['auditor']]);
    const again = await t.as(null, { method: 'POST', url: '/api/v1/setup', payload: three('b') });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SETUP_DONE');
  });

  it('routes are authenticated by default: no token → 401 with a bilingual message', async () => {
    const r = await t.as(null, { method: 'GET', url: '/api/v1/auth/me' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error).toMatchObject({ code: 'UNAUTHENTICATED', messageZh: '请先登录', messageEn: 'Please sign in' });
  });

  it('login with a wrong password is refused and audited; a right one returns a session', async () => {
    await t.addUser('leader1', ['leader']);
    const bad = await t.as(null, { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'leader1', password: 'nope' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('LOGIN_FAILED');
    // the password, then the second factor (every account with a role has one)
    const ok = await t.httpSignIn('leader1');
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['set-cookie']).toContain('HttpOnly');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${ok.json().token}` } });
    expect(me.json().user.roles).toEqual(['leader']);
    expect(me.json().permissions).toContain('cases.readAll');
    const actions = (await t.deps.db.kysely.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
    expect(actions).toContain('auth.login_failed');
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('bad input gets 400 VALIDATION_FAILED naming the field in Chinese and English', async () => {
    await t.addUser('admin1', ['sysadmin']);
    // roles: the system administrator creates accounts without roles (the security administrator grants them)
    const r = await t.as('admin1', { method: 'POST', url: '/api/v1/users', payload: { username: 'x', displayName: '', password: 'short', roles: ['clerk'] } });
    expect(r.statusCode).toBe(400);
    const e = r.json().error;
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['username', 'password']));
    expect(e.messageZh).toMatch(/[\u4e00-\u9fa5]/);
    const withRole = await t.as('admin1', { method: 'POST', url: '/api/v1/users', payload: { username: 'xyz', displayName: 'X', password: TEST_PASSWORD, roles: ['clerk'] } });
    expect([withRole.statusCode, withRole.json().error.code]).toEqual([422, 'ROLE_NOT_ALLOWED']);
  });

  it('malformed JSON is a 400, not a 500', async () => {
    await t.addUser('admin1', ['sysadmin']);
    const r = await t.as('admin1', { method: 'POST', url: '/api/v1/users', payload: '{bad', headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('BAD_REQUEST');
  });

  it('a non-admin cannot manage users (403) and nothing is created', async () => {
    await t.addUser('clerk1', ['clerk']);
    const r = await t.as('clerk1', { method: 'POST', url: '/api/v1/users', payload: { username: 'evil', displayName: 'e', password: TEST_PASSWORD, roles: ['sysadmin'] } });
    expect(r.statusCode).toBe(403);
    expect(await t.deps.db.kysely.selectFrom('users').select('id').where('username', '=', 'evil').executeTakeFirst()).toBeUndefined();
  });

  it('unknown API routes get a coded 404; /openapi.json is served', async () => {
    await t.addUser('clerk1', ['clerk']);
    expect((await t.as('clerk1', { method: 'GET', url: '/api/v1/nope' })).json().error.code).toBe('ROUTE_NOT_FOUND');
    const spec = await t.as(null, { method: 'GET', url: '/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().paths['/api/v1/auth/login']).toBeDefined();
  });

  it('a URL that reaches no route is ROUTE_NOT_FOUND whatever its body holds, signed in or out (its text is not checked first)', async () => {
    // /api/v1/cases/../actions/x is /api/v1/actions/x: no route (found by the volume fuzz test)
    for (const url of ['/api/v1/cases/../actions/refer_appeal', '/api/v1/nope']) {
      const r = await t.as(null, { method: 'POST', url, payload: { note: 'nul\u0000byte' } });
      expect(r.statusCode, r.body).toBe(404);
      expect(r.json().error.code).toBe('ROUTE_NOT_FOUND');
    }
    // a route that exists still refers a signed-out caller to sign in, never to its input
    const known = await t.as(null, { method: 'POST', url: '/api/v1/cases/abc/actions/refer_appeal', payload: { note: 'nul\u0000byte' } });
    expect(known.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('the OpenAPI document is self-contained: every $ref points at a defined component', async () => {
    const spec = (await t.as(null, { method: 'GET', url: '/openapi.json' })).json();
    const refs = new Set<string>();
    JSON.stringify(spec, (k, v) => {
      if (k === '$ref') refs.add(v as string);
      return v as unknown;
    });
    const defined = new Set(Object.keys(spec.components?.schemas ?? {}).map((n) => `#/components/schemas/${n}`));
    expect([...refs].filter((r) => !defined.has(r))).toEqual([]);
  });
});
