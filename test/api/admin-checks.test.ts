// 三员分立: the administrators check one another — the security auditor reads what the system and
// security administrators do. One of them cannot silence the others: an organisation's last
// active auditor or security administrator is neither disabled nor stripped of the role. Found by
// a red-team walk (the system administrator disabled the only auditor). Both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';

describe.each(engines)('三员分立: the last checker stays (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('sys', ['sysadmin']);
    await t.addUser('sec', ['secadmin']);
    await t.addUser('aud', ['auditor']);
  });
  afterEach(async () => t.close());

  const disabled = async (user: string): Promise<number> => Number((await t.deps.db.kysely.selectFrom('users').select('disabled').where('id', '=', t.userIds[user]!).executeTakeFirstOrThrow()).disabled);

  it('三员分立: the system administrator cannot disable the only auditor or the only security administrator; with a second one it can', async () => {
    for (const who of ['aud', 'sec']) {
      const r = await t.as('sys', { method: 'PATCH', url: `/api/v1/users/${t.userIds[who]}`, payload: { disabled: true } });
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().error.code).toBe('ROLE_NOT_ALLOWED');
      expect(r.json().error.messageZh).toContain('最后一名');
      expect(await disabled(who)).toBe(0);
    }
    await t.addUser('aud2', ['auditor']);
    expect((await t.as('sys', { method: 'PATCH', url: `/api/v1/users/${t.userIds.aud}`, payload: { disabled: true } })).statusCode).toBe(200);
    expect(await disabled('aud')).toBe(1);
  });

  it('三员分立: the security administrator cannot revoke the only auditor’s role', async () => {
    const r = await t.as('sec', { method: 'PUT', url: `/api/v1/users/${t.userIds.aud}/roles`, payload: { roles: [] } });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().error.code).toBe('ROLE_NOT_ALLOWED');
    expect((await t.as('aud', { method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(200);
  });
});
