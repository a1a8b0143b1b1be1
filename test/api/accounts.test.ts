// 等保2.0 level 3 (GB/T 22239-2019) accounts: 身份鉴别 (lockout, throttling, password policy,
// TOTP second factor, forced change, session limits), 访问控制 (三员分立: three administrator
// roles, never combined, never self-granted, granted only by the 安全管理员) and 安全审计 (each
// event audited with its source address). Everything through HTTP, on both engines.
import type { LightMyRequestResponse } from 'fastify';
import { sql, type Kysely, type Migration } from 'kysely';
import { generateSync } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit-verify';
import { migrations } from '../../src/db/migrations/index';
import { migratorFor } from '../../src/db/migrate';
import { passwordPolicyFailures } from '../../src/services/accounts/password-policy';
import { createUserAsSystem } from '../../src/services/auth-service';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../app';
import { makePerson } from '../factories/registers';
import { addOrg } from '../factories/orgs';
import { inTransaction } from '../../src/db/tx';
import { putMembership } from '../../src/services/orgs/org-repo';
import { engines, PG_URL } from '../db';
import { openDatabase, type Db } from '../../src/db/database';
import { randomBytes } from 'node:crypto';

const login = (t: TestApp, username: string, password: string, remoteAddress = '192.0.2.10') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/**
 * A whole sign-in over HTTP from an address and a browser: the password, then the account's TOTP
 * code (every account with a role has one: policies/accounts.ts#requiresTotp). A code is taken
 * once per 30-second step, so the clock moves to a fresh step first. A refused password step is
 * the answer.
 */
async function signIn(t: TestApp, username: string, password: string, remoteAddress = '192.0.2.10', headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress, headers });
  if (first.statusCode !== 200 || first.json().status !== 'totp_required') return first;
  const secret = t.totpSecrets[username];
  if (!secret) throw new Error(`${username} needs a TOTP code but the test has no secret`);
  t.clock.set(new Date(t.clock.now().getTime() + 30_000));
  const code = generateSync({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { pendingToken: first.json().pendingToken, code }, remoteAddress, headers });
}
const errorOf = (r: LightMyRequestResponse) => [r.statusCode, r.json().error?.code, r.json().error?.messageZh, r.json().error?.messageEn];
const audits = async (t: TestApp, action: string) =>
  (await t.deps.db.kysely.selectFrom('audit_log').select(['actor_id', 'entity_id', 'after_json']).where('action', '=', action).orderBy('seq').execute()).map((r) => ({
    ...r,
    after: r.after_json ? (JSON.parse(r.after_json) as Record<string, unknown>) : null,
  }));
const minutes = (t: TestApp, n: number) => t.clock.set(new Date(t.clock.now().getTime() + n * 60_000));
const totpCode = (t: TestApp, secret: string) => generateSync({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });

describe.each(engines)('身份鉴别: lockout and throttling (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('leader', ['leader']);
    await t.addUser('sec', ['secadmin']);
  });
  afterEach(async () => t.close());

  it('身份鉴别 8.1.4.1 b: five failures in 15 minutes lock the name — the same status, code and message for an unknown name; audited with the name as typed and the source address', async () => {
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(errorOf(await login(t, 'leader', 'Wrong-password-1')));
      unknown.push(errorOf(await login(t, 'no-such-user', 'Wrong-password-1')));
    }
    expect(known).toEqual(Array(5).fill([401, 'LOGIN_FAILED', '用户名或密码错误', 'Wrong username or password']));
    expect(unknown).toEqual(known);
    // Locked: even the right password is refused; an unknown name answers exactly the same.
    const locked = await signIn(t, 'leader', TEST_PASSWORD);
    const lockedUnknown = await login(t, 'no-such-user', TEST_PASSWORD);
    expect(errorOf(locked)[0]).toBe(423);
    expect(errorOf(locked)[1]).toBe('ACCOUNT_LOCKED');
    expect(errorOf(lockedUnknown)).toEqual(errorOf(locked));
    expect(locked.headers['set-cookie']).toBeUndefined();
    const failed = await audits(t, 'auth.login_failed');
    expect(failed.map((a) => a.after?.username)).toEqual(expect.arrayContaining(['leader', 'no-such-user']));
    expect(failed.every((a) => a.after?.sourceIp === '192.0.2.10')).toBe(true);
    expect((await audits(t, 'auth.lock')).map((a) => a.after?.username)).toEqual(['leader', 'no-such-user']);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('身份鉴别: the lock ends after 15 minutes by itself; failures spread over more than the window do not lock', async () => {
    for (let i = 0; i < 5; i++) await login(t, 'leader', 'Wrong-password-1');
    minutes(t, 14);
    expect(errorOf(await signIn(t, 'leader', TEST_PASSWORD))[1]).toBe('ACCOUNT_LOCKED');
    minutes(t, 1.1);
    expect((await signIn(t, 'leader', TEST_PASSWORD)).json().status).toBe('signed_in');
    // 4 failures, 16 minutes, 4 more: never 5 within 15 minutes.
    for (let i = 0; i < 4; i++) await login(t, 'leader', 'Wrong-password-1');
    minutes(t, 16);
    for (let i = 0; i < 4; i++) await login(t, 'leader', 'Wrong-password-1');
    expect((await signIn(t, 'leader', TEST_PASSWORD)).json().status).toBe('signed_in');
  });

  it('身份鉴别 / 安全审计: the security administrator sees the lock and lifts it (audited); nobody else may', async () => {
    for (let i = 0; i < 5; i++) await login(t, 'leader', 'Wrong-password-1');
    const locks = await t.as('sec', { method: 'GET', url: '/api/v1/security/locks' });
    expect(locks.json().items).toEqual([expect.objectContaining({ kind: 'user', key: 'leader' })]);
    expect((await t.as('leader', { method: 'POST', url: '/api/v1/security/unlock', payload: { key: 'leader' } })).statusCode).toBe(403);
    const r = await t.as('sec', { method: 'POST', url: '/api/v1/security/unlock', payload: { kind: 'user', key: 'leader' } });
    expect(r.json()).toEqual({ unlocked: true });
    expect((await signIn(t, 'leader', TEST_PASSWORD)).json().status).toBe('signed_in');
    expect((await audits(t, 'auth.unlock')).map((a) => [a.actor_id, a.entity_id])).toEqual([[t.userIds.sec, 'leader']]);
  });

  it('身份鉴别: per-source throttling — 20 failures from one address (any names) block that address, not another', async () => {
    for (let i = 0; i < 20; i++) await login(t, `guess${i}`, 'Wrong-password-1', '198.51.100.7');
    const blocked = await signIn(t, 'leader', TEST_PASSWORD, '198.51.100.7');
    expect(errorOf(blocked).slice(0, 2)).toEqual([429, 'SOURCE_THROTTLED']);
    expect((await signIn(t, 'leader', TEST_PASSWORD, '198.51.100.8')).json().status).toBe('signed_in');
    expect((await audits(t, 'auth.source_blocked')).map((a) => a.entity_id)).toEqual(['198.51.100.7']);
  });

  it('身份鉴别: the security administrator changes the thresholds (validated, audited); others may not', async () => {
    expect((await t.as('leader', { method: 'GET', url: '/api/v1/security/settings' })).statusCode).toBe(403);
    const bad = await t.as('sec', { method: 'PATCH', url: '/api/v1/security/settings', payload: { lockoutThreshold: 0 } });
    expect(bad.statusCode).toBe(400);
    const ok = await t.as('sec', { method: 'PATCH', url: '/api/v1/security/settings', payload: { lockoutThreshold: 3 } });
    expect(ok.json()).toMatchObject({ lockoutThreshold: 3, lockoutWindowMinutes: 15, idleMinutes: 30, absoluteHours: 12 });
    for (let i = 0; i < 3; i++) await login(t, 'leader', 'Wrong-password-1');
    expect(errorOf(await signIn(t, 'leader', TEST_PASSWORD))[1]).toBe('ACCOUNT_LOCKED');
    expect(await audits(t, 'security.settings.update')).toHaveLength(1);
  });
});

describe.each(engines)('身份鉴别: TOTP second factor (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('leader', ['leader']);
    // not enrolled yet (an account just given a role): its session may do nothing but enrol
    await t.deps.db.kysely.updateTable('users').set({ totp_secret: null, totp_enabled_at: null }).where('id', '=', t.userIds.leader!).execute();
    delete t.totpSecrets.leader;
    t.tokens.leader = await t.signIn('leader');
  });
  afterEach(async () => t.close());

  it('身份鉴别 8.1.4.1 d: enrolment shows a QR code and needs a valid code; sign-in then needs the code; a code and a recovery code work once', async () => {
    const start = await t.as('leader', { method: 'POST', url: '/api/v1/auth/totp/enrol' });
    expect(start.statusCode).toBe(200);
    const { secret, otpauthUri, qrDataUrl } = start.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const wrong = await t.as('leader', { method: 'POST', url: '/api/v1/auth/totp/confirm', payload: { code: '000000' } });
    expect(errorOf(wrong).slice(0, 2)).toEqual([401, 'TOTP_INVALID']);
    const ok = await t.as('leader', { method: 'POST', url: '/api/v1/auth/totp/confirm', payload: { code: totpCode(t, secret) } });
    const codes = ok.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // The secret is never shown again, and only hashes of the recovery codes are stored.
    expect((await t.as('leader', { method: 'POST', url: '/api/v1/auth/totp/enrol' })).statusCode).toBe(422);
    const stored = JSON.stringify(await t.deps.db.kysely.selectFrom('recovery_codes').selectAll().execute());
    for (const c of codes) expect(stored).not.toContain(c);

    // Step one gives no session, only a pending token.
    t.clock.set(new Date(t.clock.now().getTime() + 30_000));
    const first = await login(t, 'leader', TEST_PASSWORD);
    expect(first.json()).toMatchObject({ status: 'totp_required' });
    expect(first.json().token).toBeUndefined();
    expect(first.headers['set-cookie']).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(first.json().pendingToken) })).statusCode).toBe(401);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { pendingToken: first.json().pendingToken, code: '123456' } });
    expect(errorOf(bad).slice(0, 2)).toEqual([401, 'TOTP_INVALID']);
    const code = totpCode(t, secret);
    const good = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { pendingToken: first.json().pendingToken, code } });
    expect(good.json().status).toBe('signed_in');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(good.json().token) })).statusCode).toBe(200);
    // The same code again (replay) is refused.
    const again = await login(t, 'leader', TEST_PASSWORD);
    const replay = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { pendingToken: again.json().pendingToken, code } });
    expect(replay.json().error.code).toBe('TOTP_INVALID');
    // A recovery code works once.
    const third = await login(t, 'leader', TEST_PASSWORD);
    const rc = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { pendingToken: third.json().pendingToken, recoveryCode: codes[0]!.toUpperCase() } });
    expect(rc.json().status).toBe('signed_in');
    const fourth = await login(t, 'leader', TEST_PASSWORD);
    const rc2 = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { pendingToken: fourth.json().pendingToken, recoveryCode: codes[0] } });
    expect(rc2.json().error.code).toBe('TOTP_INVALID');
    const account = await t.app.inject({ method: 'GET', url: '/api/v1/auth/account', headers: bearer(rc.json().token) });
    expect(account.json()).toEqual({ totpEnabled: true, totpRequired: true, recoveryCodesLeft: 9, mustChangePassword: false });
    const logins = await audits(t, 'auth.login');
    expect(logins.map((a) => (a.after?.factors as string[] | undefined)?.[1])).toEqual(expect.arrayContaining(['totp', 'recovery_code']));
    expect(await audits(t, 'auth.totp.enrol')).toHaveLength(1);
  });

  it('身份鉴别: wrong codes count towards the lockout like wrong passwords', async () => {
    const { secret } = (await t.as('leader', { method: 'POST', url: '/api/v1/auth/totp/enrol' })).json();
    await t.as('leader', { method: 'POST', url: '/api/v1/auth/totp/confirm', payload: { code: totpCode(t, secret) } });
    for (let i = 0; i < 5; i++) {
      const p = (await login(t, 'leader', TEST_PASSWORD)).json().pendingToken;
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { pendingToken: p, code: '000000' } });
    }
    expect(errorOf(await login(t, 'leader', TEST_PASSWORD))[1]).toBe('ACCOUNT_LOCKED');
  });

  it('身份鉴别 8.1.4.1 d: every role needs the second factor — a leader, decider, investigator, subject, supervisor, reviewer or oversight account without one signs in to a session that may only enrol (TOTP_ENROLMENT_REQUIRED); an account without a role needs none', async () => {
    const roles = ['leader', 'decider', 'investigator', 'subject', 'supervisor', 'reviewer', 'oversight'] as const;
    for (const role of roles) {
      await createUserAsSystem(t.deps, { username: `no2fa_${role}`, displayName: role, password: TEST_PASSWORD, roles: [role], ...(role === 'supervisor' || role === 'oversight' ? {} : { personId: (await makePerson(t.deps)).id }) });
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `no2fa_${role}`, password: TEST_PASSWORD } });
      const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(r.json().token) })).json();
      expect(me, role).toMatchObject({ restriction: 'totp_enrolment', permissions: [] });
      expect(errorOf(await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(r.json().token) })).slice(0, 2), role).toEqual([403, 'TOTP_ENROLMENT_REQUIRED']);
    }
    await createUserAsSystem(t.deps, { username: 'no_roles', displayName: '无角色', password: TEST_PASSWORD, roles: [] });
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'no_roles', password: TEST_PASSWORD } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(r.json().token) })).json().restriction).toBeNull();
  });

  it('身份鉴别 8.1.4.1 d: an account with any role (here a clerk) without a second factor can do nothing but enrol (server-enforced); afterwards the routes open', async () => {
    await createUserAsSystem(t.deps, { username: 'newclerk', displayName: '新法制员', password: TEST_PASSWORD, roles: ['clerk'], personId: (await makePerson(t.deps)).id });
    const r = await login(t, 'newclerk', TEST_PASSWORD);
    expect(r.json().status).toBe('signed_in');
    const token = r.json().token as string;
    const cases = await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(token) });
    expect(errorOf(cases).slice(0, 2)).toEqual([403, 'TOTP_ENROLMENT_REQUIRED']);
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) })).json();
    expect(me).toMatchObject({ restriction: 'totp_enrolment', permissions: [] });
    const { secret } = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enrol', headers: bearer(token) })).json();
    const confirm = await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers: bearer(token), payload: { code: totpCode(t, secret) } });
    expect(confirm.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(token) })).statusCode).toBe(200);
    // It may not be turned off again by the owner.
    const off = await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/disable', headers: bearer(token), payload: { password: TEST_PASSWORD } });
    expect(off.json().error.code).toBe('PRECONDITION_FAILED');
  });
});

describe.each(engines)('身份鉴别: turning the second factor off (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    // an account without a role at home, with the second factor on (it enrolled of its own accord)
    await t.addUser('solo', []);
    await t.deps.db.kysely.updateTable('users').set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_enabled_at: t.clock.now().toISOString() }).where('id', '=', t.userIds.solo!).execute();
  });
  afterEach(async () => t.close());
  const disable = (password: string) => t.as('solo', { method: 'POST', url: '/api/v1/auth/totp/disable', payload: { password }, remoteAddress: '192.0.2.77' });

  it('身份鉴别 8.1.4.1 d: an account with a role only in another organisation keeps its second factor — required and not turned off while it acts at home', async () => {
    const other = await addOrg(t.deps, { name: '重庆市巴南区交通运输委员会', casePrefix: '巴交问' });
    await inTransaction(t.deps.db, (tx) => putMembership(tx, t.userIds.solo!, other, ['reviewer'], false, t.clock.now().toISOString()));
    expect((await t.as('solo', { method: 'GET', url: '/api/v1/auth/account' })).json()).toMatchObject({ totpEnabled: true, totpRequired: true });
    expect(errorOf(await disable(TEST_PASSWORD)).slice(0, 2)).toEqual([422, 'PRECONDITION_FAILED']);
    expect((await t.deps.db.kysely.selectFrom('users').select('totp_secret').where('id', '=', t.userIds.solo!).executeTakeFirstOrThrow()).totp_secret).not.toBeNull();
  });

  it('身份鉴别 8.1.4.1 b: the password asked to turn the factor off counts towards the lockout; a locked name is refused before the password is tried', async () => {
    for (let i = 0; i < 5; i++) expect(errorOf(await disable('Not-the-password-1')).slice(0, 2)).toEqual([422, 'CURRENT_PASSWORD_WRONG']);
    const failed = await audits(t, 'auth.login_failed');
    expect(failed.map((a) => a.after?.reason)).toEqual(['password', 'password', 'password', 'password', 'password']);
    expect(await audits(t, 'auth.lock')).toHaveLength(1);
    // locked: even the right password does not turn the factor off, and sign-in is refused too
    expect(errorOf(await disable(TEST_PASSWORD))[1]).toBe('ACCOUNT_LOCKED');
    expect(errorOf(await login(t, 'solo', TEST_PASSWORD))[1]).toBe('ACCOUNT_LOCKED');
    minutes(t, 16);
    expect((await disable(TEST_PASSWORD)).statusCode).toBe(204);
  });
});

describe.each(engines)('身份鉴别: passwords and sessions (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('sys', ['sysadmin']);
    await t.addUser('sec', ['secadmin']);
    await t.addUser('leader', ['leader']);
  });
  afterEach(async () => t.close());

  it('身份鉴别 8.1.4.1 a: the password policy names each rule broken, in Chinese and English', () => {
    const rules = (pw: string, user?: string) => passwordPolicyFailures(pw, user).map((f) => f.rule);
    expect(rules(' '.repeat(10))).toEqual(['length', 'classes']);
    expect(rules('short1A!')).toEqual(['length']);
    expect(rules('alllowercaseletters')).toEqual(['classes']);
    expect(rules('Zhangsan-2025', 'zhangsan')).toEqual(['username']);
    for (const common of ['123456789a', 'woaini1314', 'qwertyuiop', 'password123', 'Aa123456789', 'Password@123']) expect(rules(common)).toContain('common');
    expect(rules('Qingshan lake 7')).toEqual([]);
    expect(rules('长江三峡-2025-abc')).toEqual([]);
  });

  it('身份鉴别: an account created by the system administrator must change its password first (server-enforced); the new one must pass the policy; other sessions end', async () => {
    const created = await t.as('sys', { method: 'POST', url: '/api/v1/users', payload: { username: 'wang', displayName: '王', password: 'Initial-pass-123', personId: (await makePerson(t.deps, { name: '王' })).id } });
    expect(created.json()).toMatchObject({ roles: [], mustChangePassword: true });
    await t.as('sec', { method: 'PUT', url: `/api/v1/users/${created.json().id}/roles`, payload: { roles: ['leader'] } });
    const a = (await login(t, 'wang', 'Initial-pass-123')).json().token as string;
    const b = (await login(t, 'wang', 'Initial-pass-123')).json().token as string;
    const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(a) });
    expect(errorOf(blocked).slice(0, 2)).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    const weak = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: bearer(a), payload: { currentPassword: 'Initial-pass-123', newPassword: '          ' } });
    expect(weak.json().error.code).toBe('PASSWORD_POLICY');
    expect(weak.json().error.messageZh).toMatch(/至少 10 位/);
    expect(weak.json().error.details.fields[0].path).toBe('newPassword');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: bearer(a), payload: { currentPassword: 'Not-the-password-1', newPassword: 'Brand new pass 42' } });
    expect(wrong.json().error.code).toBe('CURRENT_PASSWORD_WRONG');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: bearer(a), payload: { currentPassword: 'Initial-pass-123', newPassword: 'Brand new pass 42' } });
    expect(ok.statusCode).toBe(204);
    // stored as argon2id with OWASP's parameters (m=19 MiB, t=2, p=1), never as typed
    const stored = await t.deps.db.kysely.selectFrom('users').select('password_hash').where('username', '=', 'wang').executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // the password first, then the second factor: a leader without one enrols before anything else
    expect(errorOf(await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(a) })).slice(0, 2)).toEqual([403, 'TOTP_ENROLMENT_REQUIRED']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(b) })).statusCode).toBe(401);
    expect(await audits(t, 'auth.password.change')).toHaveLength(1);
  });

  it('身份鉴别: a reset by the system administrator (approved by the security administrator: 双人复核) forces a change at the next sign-in; nobody resets their own password that way', async () => {
    const reset = await t.as('sys', { method: 'PATCH', url: `/api/v1/users/${t.userIds.leader}`, payload: { password: 'Reset-by-admin-9' } });
    expect(reset.json().passwordReset).not.toBeNull();
    const approved = await t.as('sec', { method: 'POST', url: `/api/v1/users/${t.userIds.leader}/password-reset/approve` });
    expect(approved.json().mustChangePassword).toBe(true);
    const token = (await signIn(t, 'leader', 'Reset-by-admin-9')).json().token as string;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(token) })).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const self = await t.as('sys', { method: 'PATCH', url: `/api/v1/users/${t.userIds.sys}`, payload: { password: 'Self-reset-pass-9' } });
    expect(self.json().error.code).toBe('SELF_GRANT');
    expect(await audits(t, 'user.password.reset_requested')).toHaveLength(1);
    expect(await audits(t, 'user.password.reset_approved')).toHaveLength(1);
  });

  it('身份鉴别: password expiry (a setting, off by default) forces a change once the password is older', async () => {
    await t.as('sec', { method: 'PATCH', url: '/api/v1/security/settings', payload: { passwordMaxAgeDays: 90 } });
    const token = (await signIn(t, 'leader', TEST_PASSWORD)).json().token as string;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(token) })).statusCode).toBe(200);
    t.clock.advanceDays(91);
    const fresh = (await signIn(t, 'leader', TEST_PASSWORD)).json().token as string;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(fresh) })).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('身份鉴别 8.1.4.1 b: a session idle for 30 minutes ends, one in use does not (injected clock; the 12-hour end: authz.test.ts)', async () => {
    const token = (await signIn(t, 'leader', TEST_PASSWORD)).json().token as string;
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });
    minutes(t, 29);
    expect((await me()).statusCode).toBe(200);
    minutes(t, 29);
    expect((await me()).statusCode).toBe(200);
    minutes(t, 30);
    expect((await me()).statusCode).toBe(401);
  });

  it('身份鉴别: list own sessions (created, last seen, address, browser), end one, sign out everywhere — all audited', async () => {
    const a = (await signIn(t, 'leader', TEST_PASSWORD, '203.0.113.1')).json().token as string;
    const b = (await signIn(t, 'leader', TEST_PASSWORD, '203.0.113.2', { 'user-agent': 'Phone browser' })).json().token as string;
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: bearer(a) })).json().items as { id: string; sourceIp: string; userAgent: string; current: boolean }[];
    expect(list.length).toBeGreaterThanOrEqual(3);
    const phone = list.find((s) => s.sourceIp === '203.0.113.2')!;
    expect(phone).toMatchObject({ userAgent: 'Phone browser', current: false });
    expect(list.find((s) => s.sourceIp === '203.0.113.1')!.current).toBe(true);
    expect(JSON.stringify(list)).not.toContain(b);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${phone.id}`, headers: bearer(a) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(b) })).statusCode).toBe(401);
    // Another user's session id is not found.
    const other = (await t.as('sys', { method: 'GET', url: '/api/v1/auth/sessions' })).json().items[0].id as string;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${other}`, headers: bearer(a) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout-everywhere', headers: bearer(a) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(a) })).statusCode).toBe(401);
    expect((await t.as('leader', { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect(await audits(t, 'auth.session.revoke')).toHaveLength(1);
    expect(await audits(t, 'auth.logout_everywhere')).toHaveLength(1);
  });

  // 身份鉴别: a sign-in begun with the password (step one done, the code pending) is a way into the
  // account like a session; every path that ends the account's sessions ends it too.
  it.each([
    ['the owner changes the password', async (t: TestApp) => {
      const r = await t.as('leader', { method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'Brand new pass 42' } });
      expect(r.statusCode).toBe(204);
    }],
    ['the security administrator approves a reset (双人复核)', async (t: TestApp) => {
      expect((await t.as('sys', { method: 'PATCH', url: `/api/v1/users/${t.userIds.leader}`, payload: { password: 'Reset-by-admin-9' } })).statusCode).toBe(200);
      expect((await t.as('sec', { method: 'POST', url: `/api/v1/users/${t.userIds.leader}/password-reset/approve` })).statusCode).toBe(200);
    }],
    ['the owner signs out everywhere', async (t: TestApp) => {
      expect((await t.as('leader', { method: 'POST', url: '/api/v1/auth/logout-everywhere' })).statusCode).toBe(204);
    }],
    ['the system administrator disables the account, then enables it again', async (t: TestApp) => {
      expect((await t.as('sys', { method: 'PATCH', url: `/api/v1/users/${t.userIds.leader}`, payload: { disabled: true } })).statusCode).toBe(200);
      expect((await t.as('sys', { method: 'PATCH', url: `/api/v1/users/${t.userIds.leader}`, payload: { disabled: false } })).statusCode).toBe(200);
    }],
  ])('身份鉴别: a sign-in begun with the password before %s does not complete after it', async (_what, act) => {
    const first = await login(t, 'leader', TEST_PASSWORD);
    expect(first.json().status).toBe('totp_required');
    await act(t);
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { pendingToken: first.json().pendingToken, code: totpCode(t, t.totpSecrets.leader!) } });
    expect(errorOf(second).slice(0, 2)).toEqual([401, 'TOTP_INVALID']);
    expect(second.headers['set-cookie']).toBeUndefined();
    expect(await t.deps.db.kysely.selectFrom('login_challenges').select('user_id').where('user_id', '=', t.userIds.leader!).execute()).toEqual([]);
  });

  it('身份鉴别: ending one own session leaves the account\'s other sign-ins alone (a pending one completes)', async () => {
    const first = await login(t, 'leader', TEST_PASSWORD);
    const mine = (await t.as('leader', { method: 'GET', url: '/api/v1/auth/sessions' })).json().items as { id: string; current: boolean }[];
    const other = (await signIn(t, 'leader', TEST_PASSWORD)).json().token as string;
    expect(other).toBeTruthy();
    const current = mine.find((s) => s.current)!;
    expect((await t.as('leader', { method: 'DELETE', url: `/api/v1/auth/sessions/${current.id}` })).statusCode).toBe(204);
    t.clock.set(new Date(t.clock.now().getTime() + 30_000));
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { pendingToken: first.json().pendingToken, code: totpCode(t, t.totpSecrets.leader!) } });
    expect(second.json().status).toBe('signed_in');
  });

  it('身份鉴别: the session cookie is Secure when COOKIE_SECURE is set or the security setting says so', async () => {
    const cookieOf = (r: LightMyRequestResponse) => [r.headers['set-cookie']].flat().find((c) => c?.startsWith('wenze_session='))!;
    expect(cookieOf(await signIn(t, 'leader', TEST_PASSWORD))).not.toMatch(/;\s*Secure/i);
    await t.as('sec', { method: 'PATCH', url: '/api/v1/security/settings', payload: { cookieSecure: true } });
    expect(cookieOf(await signIn(t, 'leader', TEST_PASSWORD))).toMatch(/;\s*Secure/i);
    await t.as('sec', { method: 'PATCH', url: '/api/v1/security/settings', payload: { cookieSecure: false } });
    process.env.COOKIE_SECURE = '1';
    try {
      expect(cookieOf(await signIn(t, 'leader', TEST_PASSWORD))).toMatch(/;\s*Secure/i);
    } finally {
      delete process.env.COOKIE_SECURE;
    }
  });
});

describe.each(engines)('访问控制: 三员分立 (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('sys', ['sysadmin']);
    await t.addUser('sec', ['secadmin']);
    await t.addUser('sec2', ['secadmin']);
    await t.addUser('aud', ['auditor']);
    await t.addUser('leader', ['leader']);
  });
  afterEach(async () => t.close());

  const setRoles = (as: string, user: string, roles: string[]) => t.as(as, { method: 'PUT', url: `/api/v1/users/${t.userIds[user]}/roles`, payload: { roles } });

  it('访问控制 8.1.4.2 c: only the security administrator grants roles; the system administrator creates accounts without them', async () => {
    expect((await setRoles('sys', 'leader', ['leader', 'decider'])).json().error.code).toBe('FORBIDDEN');
    expect((await setRoles('aud', 'leader', ['decider'])).json().error.code).toBe('FORBIDDEN');
    const r = await setRoles('sec', 'leader', ['leader', 'decider']);
    expect(r.json().roles).toEqual(['leader', 'decider']);
    const withRoles = await t.as('sys', { method: 'POST', url: '/api/v1/users', payload: { username: 'mallory', displayName: 'M', password: 'Initial-pass-123', roles: ['clerk'] } });
    expect(withRoles.json().error.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('访问控制: nobody grants a role to themselves', async () => {
    const r = await setRoles('sec', 'sec', ['secadmin', 'clerk']);
    expect(errorOf(r).slice(0, 2)).toEqual([403, 'SELF_GRANT']);
    expect((await setRoles('sec', 'sec', [])).json().error.code).toBe('SELF_GRANT');
  });

  it('访问控制: an administrator role is never combined with a business role or another administrator role; the refusal names them in Chinese', async () => {
    const mixed = await setRoles('sec', 'leader', ['sysadmin', 'clerk']);
    expect(errorOf(mixed).slice(0, 2)).toEqual([422, 'ROLE_NOT_ALLOWED']);
    expect(mixed.json().error.messageZh).toContain('系统管理员不得兼任业务角色（委法制科）');
    const two = await setRoles('sec', 'sys', ['sysadmin', 'auditor']);
    expect(two.json().error.code).toBe('ROLE_NOT_ALLOWED');
    expect(two.json().error.messageZh).toContain('系统管理员、安全审计员不得由同一人兼任');
    for (const roles of [['secadmin', 'leader'], ['auditor', 'subject'], ['sysadmin', 'secadmin', 'auditor']]) {
      expect((await setRoles('sec2', 'leader', roles)).json().error.code, roles.join('+')).toBe('ROLE_NOT_ALLOWED');
    }
    await expect(createUserAsSystem(t.deps, { username: 'both', displayName: 'b', password: TEST_PASSWORD, roles: ['sysadmin', 'clerk'] })).rejects.toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
    expect((await t.as('leader', { method: 'GET', url: '/api/v1/auth/me' })).json().user.roles).toEqual(['leader']);
  });

  it('安全审计: every grant and revoke is audited and listed for the security administrator (and only for them)', async () => {
    await setRoles('sec', 'leader', ['decider']);
    const h = await t.as('sec', { method: 'GET', url: '/api/v1/security/grants' });
    const rows = h.json().items as { action: string; role: string; username: string; actorUsername: string }[];
    expect(rows.slice(0, 2).map((g) => [g.action, g.role, g.username, g.actorUsername]).sort()).toEqual([
      ['grant', 'decider', 'leader', 'sec'],
      ['revoke', 'leader', 'leader', 'sec'],
    ]);
    expect((await audits(t, 'role.grant')).map((a) => a.after?.role)).toEqual(['decider']);
    expect((await audits(t, 'role.revoke')).map((a) => a.after?.role)).toEqual(['leader']);
    for (const who of ['sys', 'aud', 'leader']) expect((await t.as(who, { method: 'GET', url: '/api/v1/security/grants' })).statusCode, who).toBe(403);
  });

  it('访问控制: the auditor holds audit.read only; no administrator holds a case, reporter or statistics permission', async () => {
    const perms = async (u: string) => (await t.as(u, { method: 'GET', url: '/api/v1/auth/me' })).json().permissions as string[];
    expect(await perms('aud')).toEqual(['audit.read']);
    for (const u of ['sys', 'sec', 'aud']) {
      const p = await perms(u);
      for (const forbidden of ['cases.read', 'cases.readAll', 'cases.act', 'cases.create', 'reporter.read', 'documents.read', 'stats.read', 'rules.evaluate']) expect(p, `${u} ${forbidden}`).not.toContain(forbidden);
    }
    expect(await perms('sec')).toEqual(expect.arrayContaining(['roles.grant', 'security.manage']));
    expect(await perms('sys')).toEqual(expect.arrayContaining(['users.manage', 'settings.manage', 'calendar.manage', 'registers.write']));
  });
});

describe.each(engines)('访问控制: first-run setup of the three administrators (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const three = (p: string, password = TEST_PASSWORD) => ({
    sysadmin: { username: `${p}-sys`, displayName: '系统管理员', password },
    secadmin: { username: `${p}-sec`, displayName: '安全管理员', password },
    auditor: { username: `${p}-aud`, displayName: '安全审计员', password },
  });

  it('访问控制 三员分立: concurrent setups create exactly one set of three; the rest get SETUP_DONE', async () => {
    const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => t.as(null, { method: 'POST', url: '/api/v1/setup', payload: three(`p${i}`) })));
    expect(rs.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(rs.filter((r) => r.statusCode === 409).map((r) => r.json().error.code)).toEqual(Array(5).fill('SETUP_DONE'));
    const users = await t.deps.db.kysely.selectFrom('users').select('roles').execute();
    expect(users.map((u) => JSON.parse(u.roles)[0]).sort()).toEqual(['auditor', 'secadmin', 'sysadmin']);
  });

  it('身份鉴别: setup refuses a weak password and one person holding two administrator accounts', async () => {
    const weak = await t.as(null, { method: 'POST', url: '/api/v1/setup', payload: three('w', 'password123') });
    expect(weak.json().error.code).toBe('PASSWORD_POLICY');
    const same = { ...three('s'), auditor: three('s').sysadmin };
    expect((await t.as(null, { method: 'POST', url: '/api/v1/setup', payload: same })).json().error.code).toBe('ROLE_NOT_ALLOWED');
    expect(await t.deps.db.kysely.selectFrom('users').select('id').execute()).toEqual([]);
  });
});

describe.each(engines)('访问控制: migration 0085 turns admin into sysadmin (%s)', (engine) => {
  let db: Db | undefined;
  let schema: string | undefined;
  afterEach(async () => {
    if (db && schema) await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
    await db?.close();
    db = undefined;
  });

  it('an existing admin becomes sysadmin alone; a business role it also held is revoked and listed in the grant history', async () => {
    if (engine === 'sqlite') db = await openDatabase({ memory: true });
    else {
      schema = `t_acct_${randomBytes(4).toString('hex')}`;
      db = await openDatabase({ databaseUrl: PG_URL!, pgSchema: schema, poolSize: 2 });
    }
    const names = Object.keys(migrations);
    const before = Object.fromEntries(names.filter((n) => n < '0085').map((n) => [n, migrations[n]!]));
    const migrate = async (set: Record<string, Migration>) => (await migratorFor(db!, set)).migrateToLatest();
    expect((await migrate(before)).error).toBeUndefined();
    const now = '2025-01-01T00:00:00.000Z';
    const k = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
    for (const [id, roles] of [['u1', ['admin']], ['u2', ['admin', 'clerk']], ['u3', ['clerk']]] as const) {
      await k.insertInto('users').values({ id, username: id, display_name: id, password_hash: 'x', roles: JSON.stringify(roles), person_id: null, disabled: 0, created_at: now, updated_at: now }).execute();
    }
    expect((await migrate(migrations)).error).toBeUndefined();
    const rows = await db.kysely.selectFrom('users').select(['id', 'roles']).orderBy('id').execute();
    expect(rows.map((r) => [r.id, JSON.parse(r.roles)])).toEqual([
      ['u1', ['sysadmin']],
      ['u2', ['sysadmin']],
      ['u3', ['clerk']],
    ]);
    const grants = await db.kysely.selectFrom('role_grants').select(['user_id', 'action', 'role']).where('user_id', '=', 'u2').execute();
    expect(grants.map((g) => `${g.action} ${g.role}`).sort()).toEqual(['grant sysadmin', 'revoke admin', 'revoke clerk']);
  });
});
