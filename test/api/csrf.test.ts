// CSRF (docs/SECURITY.md "Sessions"; src/server/plugins/csrf.ts): a change signed in by the
// session cookie must come from this site's own pages (Origin, else Sec-Fetch-Site, else Referer;
// none of them: refused); bearer clients and the public routes are not affected; no body a
// cross-site form can send (text/plain, multipart) reaches a route that does not take uploads.
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { sendJsonReport } from '../factories/reporter';
import { parsePublicOrigins } from '../../src/server/plugins/csrf';
import type { AppOptions } from '../../src/server/app';

const errorOf = (r: LightMyRequestResponse) => [r.statusCode, r.json().error?.code];
const EVIL = 'https://evil.example';

describe.each(engines)('CSRF: cookie sessions and the origin of a change (%s)', (engine) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  /** A test app with a clerk, a system and a security administrator; the clerk's session cookie. */
  async function setup(buildOptions: Partial<AppOptions> = {}): Promise<string> {
    t = await createTestApp(engine, '2025-09-01T02:00:00.000Z', { buildOptions });
    await t.addUser('clerk', ['clerk']);
    await t.addUser('sys', ['sysadmin']);
    await t.addUser('sec', ['secadmin']);
    await t.addUser('leader', ['leader']);
    const signed = await t.httpSignIn('clerk');
    const cookie = [signed.headers['set-cookie']].flat().find((c) => c?.startsWith('wenze_session='))!;
    return cookie.split(';')[0]!.slice('wenze_session='.length);
  }
  const withCookie = (token: string, method: 'POST' | 'PATCH' | 'GET', url: string, headers: Record<string, string>, payload?: unknown) =>
    t.app.inject({ method, url, cookies: { wenze_session: token }, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const alive = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { wenze_session: token } })).statusCode;

  it.each([
    ['an Origin of another site', { origin: EVIL, 'sec-fetch-site': 'cross-site' }, 'origin'],
    ['Origin "null" (a sandboxed frame)', { origin: 'null' }, 'origin'],
    ['an Origin of a sibling subdomain (same-site, which SameSite does not stop)', { origin: 'http://evil.localhost' }, 'origin'],
    ['no Origin and Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, 'sec-fetch-site'],
    ['no Origin and Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }, 'sec-fetch-site'],
    ['only a Referer of another site', { referer: `${EVIL}/page` }, 'referer'],
    ['neither Origin, Sec-Fetch-Site nor Referer (a stripped or non-browser request: use the bearer token)', {}, 'none'],
  ])('CSRF: a change signed in by the session cookie with %s is refused (403 CSRF_ORIGIN_REFUSED) and changes nothing', async (_what, headers, by) => {
    const cookie = await setup();
    const r = await withCookie(cookie, 'POST', '/api/v1/auth/logout-everywhere', headers);
    expect(errorOf(r)).toEqual([403, 'CSRF_ORIGIN_REFUSED']);
    expect(r.json().error.messageZh).toMatch(/跨站请求被拒绝/);
    expect(r.json().error.details).toEqual({ by });
    expect(await alive(cookie)).toBe(200);
  });

  it('CSRF / 双人复核: the security administrator’s approval of a reset, sent cross-site with the cookie and a text/plain body, is refused and the reset still waits', async () => {
    await setup();
    expect((await t.as('sys', { method: 'PATCH', url: `/api/v1/users/${t.userIds.leader}`, payload: { password: 'Reset-by-admin-9' } })).json().passwordReset).not.toBeNull();
    const sec = [(await t.httpSignIn('sec')).headers['set-cookie']].flat().find((c) => c?.startsWith('wenze_session='))!.split(';')[0]!.slice('wenze_session='.length);
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${t.userIds.leader}/password-reset/approve`,
      cookies: { wenze_session: sec },
      headers: { origin: EVIL, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      payload: '',
    });
    expect(errorOf(r)).toEqual([403, 'CSRF_ORIGIN_REFUSED']);
    const row = await t.deps.db.kysely.selectFrom('users').select('reset_password_hash').where('id', '=', t.userIds.leader!).executeTakeFirstOrThrow();
    expect(row.reset_password_hash).not.toBeNull();
    expect(await t.deps.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'user.password.reset_approved').execute()).toEqual([]);
  });

  it.each([
    ['its Origin is this site (the Host)', { origin: 'http://localhost' }],
    ['no Origin and Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['only a Referer on this site', { referer: 'http://localhost/cases/1' }],
  ])('CSRF: a change signed in by the session cookie goes through when %s', async (_what, headers) => {
    const cookie = await setup();
    expect((await withCookie(cookie, 'POST', '/api/v1/notifications/read-all', headers)).statusCode).toBe(200);
    expect((await withCookie(cookie, 'POST', '/api/v1/auth/logout-everywhere', headers)).statusCode).toBe(204);
    expect(await alive(cookie)).toBe(401);
  });

  it('CSRF: reading with the cookie, a bearer-token client, sign-in and a public report are not affected by the origin', async () => {
    const cookie = await setup();
    expect((await withCookie(cookie, 'GET', '/api/v1/auth/me', { origin: EVIL, 'sec-fetch-site': 'cross-site' })).statusCode).toBe(200);
    // a bearer token is never sent by a browser on its own: no origin is asked of it (the cookie beside it is not what signs in)
    expect((await t.as('clerk', { method: 'POST', url: '/api/v1/notifications/read-all', headers: { origin: EVIL, cookie: `wenze_session=${cookie}` } })).statusCode).toBe(200);
    // the public routes act for no one: the cookie a signed-in browser carries changes nothing there
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', cookies: { wenze_session: cookie }, headers: { origin: EVIL }, payload: { username: 'clerk', password: 'x' } })).statusCode).toBe(401);
    const report = await sendJsonReport(t, { summary: '某执法人员在检查中索要好处，群众反映强烈。', reporter: { anonymous: true } }, { headers: { origin: EVIL, 'sec-fetch-site': 'cross-site', cookie: `wenze_session=${cookie}` } });
    expect(report.statusCode, report.body).toBe(201);
  });

  it('CSRF: with PUBLIC_ORIGIN set, only that origin (scheme, host and port) may change with the cookie — not the Host of the request', async () => {
    const cookie = await setup({ publicOrigins: ['https://wenze.example.gov.cn'] });
    expect(errorOf(await withCookie(cookie, 'POST', '/api/v1/notifications/read-all', { origin: 'http://localhost' }))).toEqual([403, 'CSRF_ORIGIN_REFUSED']);
    expect(errorOf(await withCookie(cookie, 'POST', '/api/v1/notifications/read-all', { origin: 'http://wenze.example.gov.cn' }))).toEqual([403, 'CSRF_ORIGIN_REFUSED']);
    expect((await withCookie(cookie, 'POST', '/api/v1/notifications/read-all', { origin: 'https://wenze.example.gov.cn' })).statusCode).toBe(200);
    expect((await withCookie(cookie, 'POST', '/api/v1/notifications/read-all', { referer: 'https://wenze.example.gov.cn/notifications' })).statusCode).toBe(200);
  });

  it('CSRF: behind a trusted proxy the site is the forwarded host; an untrusted X-Forwarded-Host is ignored', async () => {
    const cookie = await setup({ trustProxy: true });
    const viaProxy = { host: '127.0.0.1:3000', 'x-forwarded-host': 'wenze.example.gov.cn', 'x-forwarded-proto': 'https', origin: 'https://wenze.example.gov.cn' };
    expect((await withCookie(cookie, 'POST', '/api/v1/notifications/read-all', viaProxy)).statusCode).toBe(200);
    await t.close();
    const direct = await setup();
    expect(errorOf(await withCookie(direct, 'POST', '/api/v1/notifications/read-all', viaProxy))).toEqual([403, 'CSRF_ORIGIN_REFUSED']);
  });

  it('CSRF: a text/plain or multipart body (what an HTML form can send) is refused where no upload is taken (415 MEDIA_TYPE_REFUSED), before anything changes', async () => {
    await setup();
    const plain = await t.as('clerk', { method: 'POST', url: '/api/v1/auth/logout-everywhere', headers: { 'content-type': 'text/plain' }, payload: 'x=1' });
    expect(errorOf(plain)).toEqual([415, 'MEDIA_TYPE_REFUSED']);
    const boundary = 'csrf';
    const multipart = await t.as('clerk', {
      method: 'POST',
      url: '/api/v1/auth/logout-everywhere',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--${boundary}--\r\n`,
    });
    expect(errorOf(multipart)).toEqual([415, 'MEDIA_TYPE_REFUSED']);
    expect((await t.as('clerk', { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
  });
});

describe('CSRF: PUBLIC_ORIGIN', () => {
  it('CSRF: PUBLIC_ORIGIN takes a comma-separated list of origins and refuses a path, a query or a non-http scheme', () => {
    expect(parsePublicOrigins(undefined)).toEqual([]);
    expect(parsePublicOrigins(' https://wenze.example.gov.cn , http://10.0.0.5:8080/ ')).toEqual(['https://wenze.example.gov.cn', 'http://10.0.0.5:8080']);
    expect(() => parsePublicOrigins('https://wenze.example.gov.cn/app')).toThrow(/PUBLIC_ORIGIN/);
    expect(() => parsePublicOrigins('ftp://wenze.example.gov.cn')).toThrow(/PUBLIC_ORIGIN/);
    expect(() => parsePublicOrigins('wenze.example.gov.cn')).toThrow(/PUBLIC_ORIGIN/);
  });
});
