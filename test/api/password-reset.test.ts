// 三员分立, 双人复核 (four eyes) on the password reset (red-team walk of 2026-12-07, "Password reset
// as takeover"): the system administrator's reset of an account that has signed in before does not
// replace the working password — it waits for the security administrator, who approves (the new
// password works, must be changed at once, every session of the account ends) or refuses it. Nobody
// approves a reset of their own account or one they asked for; a waiting reset expires after 24 h.
// The second factor is never touched. Everything through HTTP, on both engines.
import type { LightMyRequestResponse } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit-verify';
import { migrateToLatest } from '../../src/db/migrate';
import { RESET_APPROVAL_HOURS } from '../../src/policies/accounts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../app';
import { closeTestDb, engines, openTestDb } from '../db';
import { setupDistrict } from '../factories/orgs';
import type { Db } from '../../src/db/database';

const NEW_PASSWORD = 'Reset-by-admin-9x';
/** the password step alone: its answer says whether the password was taken */
const passwordStep = (t: TestApp, username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
/** a whole sign-in: the password, then the account's second factor when it has one */
const login = (t: TestApp, username: string, password: string) => t.httpSignIn(username, password);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const codeOf = (r: LightMyRequestResponse) => [r.statusCode, r.json().error?.code];
const me = (t: TestApp, token: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });
const audits = async (t: TestApp, action: string) =>
  (await t.deps.db.kysely.selectFrom('audit_log').select(['actor_id', 'entity_id', 'after_json']).where('action', '=', action).orderBy('seq').execute()).map((r) => ({
    actorId: r.actor_id,
    entityId: r.entity_id,
    after: r.after_json ? (JSON.parse(r.after_json) as Record<string, unknown>) : null,
  }));

describe.each(engines)('三员分立 双人复核: the password reset of a used account needs the security administrator (%s)', (engine) => {
  let t: TestApp;
  const reset = (id: string, password = NEW_PASSWORD, who = 'sys') => t.as(who, { method: 'PATCH', url: `/api/v1/users/${id}`, payload: { password } });
  const approve = (id: string, who = 'sec') => t.as(who, { method: 'POST', url: `/api/v1/users/${id}/password-reset/approve` });
  const reject = (id: string, who = 'sec') => t.as(who, { method: 'POST', url: `/api/v1/users/${id}/password-reset/reject` });

  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('sys', ['sysadmin']);
    await t.addUser('sec', ['secadmin']);
    await t.addUser('sec2', ['secadmin']);
    await t.addUser('leader', ['leader']);
  });
  afterEach(async () => t.close());

  it('三员分立: the system administrator’s reset of a used leader account waits — the old password still signs in, the chosen one is refused, the sessions stay; the answer says it awaits the security administrator', async () => {
    const leaderId = t.userIds.leader!;
    const session = (await login(t, 'leader', TEST_PASSWORD)).json().token as string;
    const r = await reset(leaderId);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ mustChangePassword: false, passwordReset: { requestedBy: t.userIds.sys } });
    expect(Date.parse(r.json().passwordReset.expiresAt) - Date.parse(r.json().passwordReset.requestedAt)).toBe(RESET_APPROVAL_HOURS * 3_600_000);
    expect(codeOf(await login(t, 'leader', NEW_PASSWORD))).toEqual([401, 'LOGIN_FAILED']);
    const old = await login(t, 'leader', TEST_PASSWORD);
    expect(old.json().status).toBe('signed_in');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(old.json().token) })).statusCode).toBe(200);
    expect((await me(t, session)).statusCode).toBe(200);
    // the security administrator sees it waiting in the user list; the stored hash is never shown
    const listed = (await t.as('sec', { method: 'GET', url: '/api/v1/users' })).json().items.find((u: { id: string }) => u.id === leaderId);
    expect(listed.passwordReset).toMatchObject({ requestedBy: t.userIds.sys });
    expect(JSON.stringify(listed)).not.toMatch(/argon2/);
    const requested = await audits(t, 'user.password.reset_requested');
    expect(requested.map((a) => [a.actorId, a.entityId])).toEqual([[t.userIds.sys, leaderId]]);
    expect(await audits(t, 'user.password.reset')).toEqual([]);
  });

  it('三员分立: the security administrator’s approval makes the chosen password work (to be changed first), refuses the old one and ends every session of the account; audited with the requester', async () => {
    const leaderId = t.userIds.leader!;
    const session = (await login(t, 'leader', TEST_PASSWORD)).json().token as string;
    await reset(leaderId);
    const ok = await approve(leaderId);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ mustChangePassword: true, passwordReset: null });
    expect((await me(t, session)).statusCode).toBe(401);
    expect(codeOf(await login(t, 'leader', TEST_PASSWORD))).toEqual([401, 'LOGIN_FAILED']);
    const token = (await login(t, 'leader', NEW_PASSWORD)).json().token as string;
    expect(codeOf(await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(token) }))).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    const approved = await audits(t, 'user.password.reset_approved');
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({ actorId: t.userIds.sec, entityId: leaderId, after: { requestedBy: t.userIds.sys, sessionsEnded: 2 } });
    // approved once: nothing waits any more
    expect(codeOf(await approve(leaderId))).toEqual([422, 'PRECONDITION_FAILED']);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('三员分立: the second factor is never touched by a reset — after approval the clerk signs in with the new password and still needs the TOTP code of the same secret', async () => {
    await t.addUser('clerk', ['clerk']);
    const clerkId = t.userIds.clerk!;
    const totpBefore = await t.deps.db.kysely.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', clerkId).executeTakeFirstOrThrow();
    expect(totpBefore.totp_secret).toBeTruthy();
    await reset(clerkId);
    expect((await approve(clerkId)).statusCode).toBe(200);
    const totpAfter = await t.deps.db.kysely.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', clerkId).executeTakeFirstOrThrow();
    expect(totpAfter).toEqual(totpBefore);
    expect((await passwordStep(t, 'clerk', NEW_PASSWORD)).json().status).toBe('totp_required');
    expect((await t.httpSignIn('clerk', NEW_PASSWORD)).json().status).toBe('signed_in');
  });

  it('三员分立: nobody approves a reset they asked for — the system administrator holds no approval, and an administrator who asked and is now a security administrator is refused; the reset still waits', async () => {
    const leaderId = t.userIds.leader!;
    await reset(leaderId);
    expect(codeOf(await approve(leaderId, 'sys'))).toEqual([403, 'FORBIDDEN']);
    // the requester's account becomes a security administrator (granted by another one)
    expect((await t.as('sec2', { method: 'PUT', url: `/api/v1/users/${t.userIds.sys}/roles`, payload: { roles: ['secadmin'] } })).statusCode).toBe(200);
    const own = await approve(leaderId, 'sys');
    expect(codeOf(own)).toEqual([403, 'SELF_GRANT']);
    expect(own.json().error.messageZh).toMatch(/自己申请/);
    expect(codeOf(await login(t, 'leader', NEW_PASSWORD))).toEqual([401, 'LOGIN_FAILED']);
    expect((await login(t, 'leader', TEST_PASSWORD)).json().status).toBe('signed_in');
    expect(await audits(t, 'user.password.reset_approved')).toEqual([]);
  });

  it('三员分立: nobody approves a reset of their own account — the security administrator’s own is approved by another one only', async () => {
    const secId = t.userIds.sec!;
    await reset(secId);
    const own = await approve(secId, 'sec');
    expect(codeOf(own)).toEqual([403, 'SELF_GRANT']);
    expect(own.json().error.messageZh).toMatch(/自己账户/);
    expect((await approve(secId, 'sec2')).statusCode).toBe(200);
    expect((await passwordStep(t, 'sec', NEW_PASSWORD)).json().status).toBe('totp_required');
  });

  it(`三员分立: a waiting reset expires after ${RESET_APPROVAL_HOURS} h and is not approved after; the old password stays; the expired one may be refused (cleared)`, async () => {
    const leaderId = t.userIds.leader!;
    await reset(leaderId);
    t.clock.set(new Date(t.clock.now().getTime() + RESET_APPROVAL_HOURS * 3_600_000 - 1000));
    t.tokens.sec = (await t.httpSignIn('sec')).json().token;
    t.tokens.sec2 = (await t.httpSignIn('sec2')).json().token;
    t.tokens.sys = (await t.httpSignIn('sys')).json().token;
    t.clock.set(new Date(t.clock.now().getTime() + 1000));
    const late = await approve(leaderId);
    expect(codeOf(late)).toEqual([422, 'PRECONDITION_FAILED']);
    expect(late.json().error.messageZh).toMatch(/失效/);
    expect(codeOf(await login(t, 'leader', NEW_PASSWORD))).toEqual([401, 'LOGIN_FAILED']);
    expect((await login(t, 'leader', TEST_PASSWORD)).json().status).toBe('signed_in');
    expect((await reject(leaderId, 'sec2')).json().passwordReset).toBeNull();
    // asked again, it waits another full period
    expect((await reset(leaderId, 'Second-reset-pass-7')).statusCode).toBe(200);
    expect((await approve(leaderId)).statusCode).toBe(200);
    expect((await login(t, 'leader', 'Second-reset-pass-7')).json().status).toBe('signed_in');
  });

  it('三员分立: the security administrator’s refusal clears the waiting reset — the old password stays, the chosen one never works, nothing is left to approve; audited', async () => {
    const leaderId = t.userIds.leader!;
    await reset(leaderId);
    expect(codeOf(await reject(leaderId, 'sys'))).toEqual([403, 'FORBIDDEN']);
    const r = await reject(leaderId);
    expect(r.statusCode).toBe(200);
    expect(r.json().passwordReset).toBeNull();
    expect(codeOf(await approve(leaderId, 'sec2'))).toEqual([422, 'PRECONDITION_FAILED']);
    expect(codeOf(await login(t, 'leader', NEW_PASSWORD))).toEqual([401, 'LOGIN_FAILED']);
    expect((await login(t, 'leader', TEST_PASSWORD)).json().status).toBe('signed_in');
    expect((await audits(t, 'user.password.reset_rejected')).map((a) => [a.actorId, a.entityId, a.after?.requestedBy])).toEqual([[t.userIds.sec, leaderId, t.userIds.sys]]);
    expect(codeOf(await reject(leaderId))).toEqual([422, 'PRECONDITION_FAILED']);
  });

  it('三员分立: an account never signed in keeps the direct reset (its creator set its first password); once it has signed in, the reset waits', async () => {
    const created = await t.as('sys', { method: 'POST', url: '/api/v1/users', payload: { username: 'wang', displayName: '王', password: 'Initial-pass-123' } });
    const id = created.json().id as string;
    expect(created.json().lastSignInAt).toBeNull();
    const direct = await reset(id);
    expect(direct.json()).toMatchObject({ mustChangePassword: true, passwordReset: null });
    expect(codeOf(await login(t, 'wang', 'Initial-pass-123'))).toEqual([401, 'LOGIN_FAILED']);
    const a = (await login(t, 'wang', NEW_PASSWORD)).json().token as string;
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: bearer(a), payload: { currentPassword: NEW_PASSWORD, newPassword: 'Own-chosen-pass-42' } });
    const waits = await reset(id, 'Another-reset-pass-8');
    expect(waits.json().passwordReset).toMatchObject({ requestedBy: t.userIds.sys });
    expect((await login(t, 'wang', 'Own-chosen-pass-42')).json().status).toBe('signed_in');
    expect(codeOf(await login(t, 'wang', 'Another-reset-pass-8'))).toEqual([401, 'LOGIN_FAILED']);
  });

  it('三员分立: the owner changing their own password drops a waiting reset (it can no longer be approved)', async () => {
    const leaderId = t.userIds.leader!;
    await reset(leaderId);
    const token = (await login(t, 'leader', TEST_PASSWORD)).json().token as string;
    const changed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: bearer(token), payload: { currentPassword: TEST_PASSWORD, newPassword: 'Owner-chose-this-3' } });
    expect(changed.statusCode).toBe(204);
    expect(codeOf(await approve(leaderId))).toEqual([422, 'PRECONDITION_FAILED']);
    expect((await login(t, 'leader', 'Owner-chose-this-3')).json().status).toBe('signed_in');
  });

  it('三员分立: a security administrator of another organisation does not approve (the account’s home organisation answers for it)', async () => {
    const d = await setupDistrict(t.deps);
    await t.addUser('other_sec', ['secadmin'], null, d.otherId);
    await reset(t.userIds.leader!);
    expect(codeOf(await approve(t.userIds.leader!, 'other_sec'))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await reject(t.userIds.leader!, 'other_sec'))).toEqual([404, 'NOT_FOUND']);
    expect((await approve(t.userIds.leader!)).statusCode).toBe(200);
  });
});

describe.each(engines)('三员分立 双人复核: migration 0540 counts accounts used before the upgrade as used (%s)', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    if (db) await closeTestDb(db);
    db = undefined;
  });

  it('三员分立: an account with a sign-in in the audit trail, a session, or past its first password change counts as used; only one still waiting for its first sign-in does not', async () => {
    db = await openTestDb(engine, { upTo: '0530-case-evidence-order' });
    const k = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const at = '2026-01-01T00:00:00.000Z';
    const user = (id: string, mustChange: number) =>
      k.insertInto('users').values({ id, username: id, display_name: id, password_hash: 'x', roles: '["leader"]', person_id: null, disabled: 0, created_at: at, updated_at: at, must_change_password: mustChange, password_changed_at: at }).execute();
    await user('audited', 1);
    await user('in_session', 1);
    await user('changed', 0);
    await user('fresh', 1);
    await sql`INSERT INTO audit_log (seq, at, actor_id, action, entity_type, entity_id, before_json, after_json, prev_hash, hash) VALUES (1, '2026-02-01T00:00:00.000Z', 'audited', 'auth.login', 'user', 'audited', NULL, NULL, 'p', 'h')`.execute(k);
    await k.insertInto('sessions').values({ token_hash: 'th', user_id: 'in_session', created_at: '2026-03-01T00:00:00.000Z', expires_at: '2026-03-02T00:00:00.000Z', last_seen_at: '2026-03-01T00:00:00.000Z', id: 's1' }).execute();
    await migrateToLatest(db);
    const rows = await db.kysely.selectFrom('users').select(['id', 'last_sign_in_at', 'reset_password_hash']).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.last_sign_in_at, r.reset_password_hash])).toEqual([
      ['audited', '2026-02-01T00:00:00.000Z', null],
      ['changed', at, null],
      ['fresh', null, null],
      ['in_session', '2026-03-01T00:00:00.000Z', null],
    ]);
  });
});
