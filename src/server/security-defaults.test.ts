// 等保2.0 入侵防范 / 访问控制: safe defaults of the server — security headers with a CSP the web
// app passes, rate limits with the coded error (in memory and shared through the database),
// the Secure session cookie over HTTPS, the client address behind a trusted proxy, and a
// first-run setup that happens once however many requests race for it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/app';
import { closeTestDb, engines, openTestDb } from '../../test/db';
import { makePerson } from '../../test/factories/registers';
import type { Db } from '../db/database';
import { MemoryFileStore } from '../files/file-store';
import { FixedClock } from '../lib/clock';
import { createUserAsSystem, login } from '../services/auth-service';
import { buildApp, type AppOptions } from './app';
import Fastify from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import { HELMET_OPTIONS } from './plugins/security-headers';

const root = path.resolve(__dirname, '../..');

function cspOf(res: { headers: Record<string, unknown> }): Map<string, string[]> {
  const h = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    h
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map((p) => [p[0]!, p.slice(1)]),
  );
}

function expectStrictCsp(res: { headers: Record<string, unknown> }, what: string): void {
  const csp = cspOf(res);
  expect(csp.get('script-src'), what).toEqual(["'self'"]);
  expect(csp.get('object-src'), what).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(csp.get('base-uri'), what).toEqual(["'self'"]);
  expect(csp.get('form-action'), what).toEqual(["'self'"]);
  expect(csp.get('default-src'), what).toEqual(["'self'"]);
}

/** <script> elements without a src attribute: what script-src 'self' would block. */
const inlineScripts = (html: string): string[] => [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter((m) => !/\bsrc\s*=/.test(m[1]!)).map((m) => m[0]);

describe('入侵防范: security headers (@fastify/helmet) with a Content-Security-Policy the web app passes', () => {
  let db: Db;
  let app: FastifyInstance;
  let webRoot: string;
  let token: string;
  beforeAll(async () => {
    db = await openTestDb('sqlite');
    const deps = { db, clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() };
    // an account without a role: no second factor needed, so one call signs in (身份鉴别 is tested
    // elsewhere); being signed in is all the pages read here ask
    await createUserAsSystem(deps, { username: 'inv1', displayName: 'i', password: TEST_PASSWORD, roles: [] });
    const r = await login(deps, { username: 'inv1', password: TEST_PASSWORD });
    if (r.status !== 'signed_in') throw new Error('expected a session');
    token = r.token;
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-web-'));
    // the real built app when there is one, else the source page (same markup, no inline script)
    const built = path.join(root, 'web', 'dist', 'index.html');
    fs.writeFileSync(path.join(webRoot, 'index.html'), fs.readFileSync(fs.existsSync(built) ? built : path.join(root, 'web', 'index.html')));
    app = await buildApp({ deps: { db, clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() }, webRoot });
  });
  afterAll(async () => {
    await app.close();
    await closeTestDb(db);
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  it('入侵防范: the headers are exactly the ones @fastify/helmet sets with the same options (helmet built once instead of per request)', async () => {
    const ref = Fastify();
    await ref.register(fastifyHelmet, { global: true, ...HELMET_OPTIONS });
    ref.get('/api/health', async () => ({ ok: true }));
    const mine = await app.inject({ method: 'GET', url: '/api/health' });
    const theirs = await ref.inject({ method: 'GET', url: '/api/health' });
    await ref.close();
    const helmetNames = Object.keys(theirs.headers).filter((k) => !['content-type', 'content-length', 'date', 'connection'].includes(k));
    expect(helmetNames.length).toBeGreaterThan(8);
    for (const k of helmetNames) expect(mine.headers[k], k).toEqual(theirs.headers[k]);
  });

  it('入侵防范: the app HTML, a deep link into the app, the API, an error and the API docs all carry the CSP', async () => {
    for (const url of ['/', '/cases/some-id', '/api/health', '/api/v1/nowhere', '/api/v1/cases', '/api/docs']) {
      const r = await app.inject({ method: 'GET', url, headers: url === '/api/v1/cases' ? {} : { authorization: `Bearer ${token}` } });
      expectStrictCsp(r, url);
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
      expect(r.headers['x-frame-options'], url).toBe('DENY');
      expect(r.headers['referrer-policy'], url).toBe('no-referrer');
    }
    const html = await app.inject({ method: 'GET', url: '/' });
    expect(html.headers['content-type']).toContain('text/html');
    expect((await app.inject({ method: 'GET', url: '/api/health' })).headers['cache-control']).toBe('no-store');
  });

  it('入侵防范: the web page has no inline script, so script-src \'self\' does not block it (source and, when built, web/dist)', () => {
    const pages = [path.join(root, 'web', 'index.html'), path.join(root, 'web', 'dist', 'index.html')].filter((p) => fs.existsSync(p));
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) {
      const html = fs.readFileSync(p, 'utf8');
      expect(inlineScripts(html), p).toEqual([]);
      expect(html, p).not.toMatch(/\son[a-z]+\s*=\s*["']/i); // no inline event handlers (script-src-attr 'none')
    }
  });

  it('入侵防范: the swagger-ui page loads its scripts from files, which script-src \'self\' allows', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/docs', headers: { authorization: `Bearer ${token}` } });
    expect(r.statusCode).toBe(200);
    expect(inlineScripts(r.body)).toEqual([]);
    expect(r.body).toContain('swagger-initializer.js');
  });
});

describe('入侵防范: rate limits (@fastify/rate-limit) answer 429 RATE_LIMITED', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
    await t.addUser('clerk1', ['clerk']);
    // The flood limit on its own: the 身份鉴别 failure policy (5 failures lock a name, 20 block an
    // address, test/api/accounts.test.ts) would answer first with its defaults, so these attempts
    // use a different name each and the 安全管理员 sets the address threshold above the limit.
    await t.addUser('sec1', ['secadmin']);
    expect((await t.as('sec1', { method: 'PATCH', url: '/api/v1/security/settings', payload: { sourceThreshold: 100 } })).statusCode).toBe(200);
  });
  afterEach(async () => t.close());

  it('入侵防范: the 21st sign-in attempt within a minute from one address is refused with a coded 429 and Retry-After; another address is not', async () => {
    let n = 0;
    const attempt = (ip: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `guess${n++}`, password: 'wrong password' }, remoteAddress: ip });
    for (let i = 0; i < 20; i++) expect((await attempt('10.3.3.3')).statusCode).toBe(401);
    const limited = await attempt('10.3.3.3');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.json().error.messageZh).toContain('请求过于频繁');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // the limit holds for the right password too, then a fresh address signs in
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'clerk1', password: TEST_PASSWORD }, remoteAddress: '10.3.3.3' })).statusCode).toBe(429);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'clerk1', password: TEST_PASSWORD }, remoteAddress: '10.3.3.4' })).statusCode).toBe(200);
  });
});

describe.each(engines)('入侵防范: rate-limit counters in the database hold across app servers (%s)', (engine) => {
  let db: Db;
  const apps: FastifyInstance[] = [];
  beforeEach(async () => {
    db = await openTestDb(engine);
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    await closeTestDb(db);
  });

  it('入侵防范: two servers on one database share the limit of the public follow-up route (30 in ten minutes per address)', async () => {
    const opts: AppOptions = { deps: { db, clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() }, rateLimitStore: 'database' };
    const [a, b] = [await buildApp(opts), await buildApp(opts)];
    apps.push(a, b);
    const get = (app: FastifyInstance, ip: string) => app.inject({ method: 'POST', url: '/api/v1/public/reports/follow-up', payload: { receiptCode: 'AAAA-BBBB-CCCC-DDDD' }, remoteAddress: ip });
    for (let i = 0; i < 15; i++) expect((await get(a, '10.7.7.7')).statusCode).toBe(404);
    for (let i = 0; i < 15; i++) expect((await get(b, '10.7.7.7')).statusCode).toBe(404);
    const over = await get(a, '10.7.7.7');
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('RATE_LIMITED');
    expect((await get(b, '10.7.7.8')).statusCode).toBe(404);
  });
});

describe('访问控制 / 入侵防范: the session cookie is Secure over HTTPS; behind a trusted proxy the client address is the forwarded one', () => {
  let db: Db;
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    db = await openTestDb('sqlite');
    const t = { db, clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() };
    await createUserAsSystem(t, { username: 'clerk1', displayName: 'c', password: TEST_PASSWORD, roles: ['clerk'], personId: (await makePerson(t)).id });
  });
  afterAll(async () => {
    for (const a of apps.splice(0)) await a.close();
    await closeTestDb(db);
  });
  const appWith = async (o: Partial<AppOptions>) => {
    const a = await buildApp({ deps: { db, clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() }, ...o });
    apps.push(a);
    return a;
  };
  const cookieOf = async (app: FastifyInstance, headers: Record<string, string> = {}) => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'clerk1', password: TEST_PASSWORD }, headers });
    expect(r.statusCode).toBe(200);
    return [r.headers['set-cookie']].flat().find((c) => c?.startsWith('wenze_session='))!;
  };

  it('访问控制: plain HTTP → no Secure; COOKIE_SECURE → Secure; a trusted proxy saying https → Secure; an untrusted X-Forwarded-Proto is ignored', async () => {
    const plain = await appWith({});
    expect(await cookieOf(plain)).not.toMatch(/;\s*Secure/i);
    expect(await cookieOf(plain, { 'x-forwarded-proto': 'https' })).not.toMatch(/;\s*Secure/i);
    expect(await cookieOf(await appWith({ cookieSecure: true }))).toMatch(/;\s*Secure/i);
    const proxied = await appWith({ trustProxy: true });
    expect(await cookieOf(proxied, { 'x-forwarded-proto': 'https' })).toMatch(/;\s*Secure/i);
    expect(await cookieOf(proxied)).not.toMatch(/;\s*Secure/i);
  });

  it('安全审计: with trustProxy the audit records the forwarded client address; without it, the proxy\'s own', async () => {
    const last = async () => (await db.kysely.selectFrom('audit_log').select('source_ip').orderBy('seq', 'desc').executeTakeFirstOrThrow()).source_ip;
    await cookieOf(await appWith({ trustProxy: true }), { 'x-forwarded-for': '203.0.113.9' });
    expect(await last()).toBe('203.0.113.9');
    await cookieOf(await appWith({}), { 'x-forwarded-for': '203.0.113.9' });
    expect(await last()).toBe('127.0.0.1');
  });
});

describe.each(engines)('访问控制: first-run setup is atomic (%s)', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  beforeEach(async () => {
    db = await openTestDb(engine);
    app = await buildApp({ deps: { db, clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() } });
  });
  afterEach(async () => {
    await app.close();
    await closeTestDb(db);
  });

  // 三员分立: first-run setup creates the three administrators at once, each password to the policy.
  const three = (p: string) => ({
    sysadmin: { username: `${p}-sys`, displayName: `系统管理员${p}`, password: 'First-run system admin 9' },
    secadmin: { username: `${p}-sec`, displayName: `安全管理员${p}`, password: 'First-run security admin 9' },
    auditor: { username: `${p}-aud`, displayName: `安全审计员${p}`, password: 'First-run audit admin 9' },
  });

  it('访问控制: 20 concurrent setup requests → exactly one administrator set; the other 19 get 409 SETUP_DONE', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.inject({ method: 'POST', url: '/api/v1/setup', payload: three(`admin${i}`), remoteAddress: `10.50.0.${i + 1}` })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c >= 200 && c < 300)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('SETUP_DONE');
    const creates = await db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'user.create').execute();
    const users = await db.kysely.selectFrom('users').select('username').execute();
    expect(creates).toHaveLength(users.length);
    expect(users.length).toBeGreaterThan(0);
    // and never again, even after the accounts were removed behind the application's back
    await db.kysely.deleteFrom('audit_log').execute();
    await db.kysely.updateTable('audit_head').set({ seq: 0, hash: '0'.repeat(64) }).execute();
    await db.kysely.deleteFrom('users').execute();
    const again = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: three('late') });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SETUP_DONE');
  });
});
