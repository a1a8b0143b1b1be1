// 等保2.0 入侵防范 / 身份鉴别: no published demo password on an address other computers can reach.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestDb, engines, openTestDb } from '../../../test/db';
import { makePerson } from '../../../test/factories/registers';
import type { Db } from '../../db/database';
import { isAppError } from '../../errors';
import { MemoryFileStore } from '../../files/file-store';
import { FixedClock } from '../../lib/clock';
import { DEMO_PASSWORD } from '../../ops/demo/index';
import { createUserAsSystem, updateUser } from '../auth-service';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { accountsWithDemoPassword, assertSafeToListen, isLoopbackHost, unlinkedCaseworkNotice } from './listen-guard';

describe('入侵防范: which addresses are this computer only', () => {
  it('入侵防范: loopback names and addresses are local; anything else (all interfaces, LAN, public) is not', () => {
    for (const h of ['127.0.0.1', '127.0.1.1', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.gov.cn', '128.0.0.1', '::ffff:10.0.0.1', '']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe.each(engines)('入侵防范: refusal to listen beyond this computer with a demo password (%s)', (engine) => {
  let db: Db;
  const deps = () => ({ db, clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() });
  beforeEach(async () => {
    db = await openTestDb(engine);
  });
  afterEach(async () => closeTestDb(db));

  it('入侵防范: the accounts still on the demo password are named (zh + en); loopback is always allowed; after a change, any address', async () => {
    // casework accounts are linked to their holders (FL-5(1))
    const holder = async () => (await makePerson(deps())).id;
    await createUserAsSystem(deps(), { username: 'fazhike', displayName: '法制科', password: DEMO_PASSWORD, roles: ['clerk'], personId: await holder() });
    const leader = await createUserAsSystem(deps(), { username: 'leader', displayName: '负责人', password: DEMO_PASSWORD, roles: ['leader'], personId: await holder() });
    await createUserAsSystem(deps(), { username: 'decider1', displayName: '委员', password: 'A private passphrase 7', roles: ['decider'], personId: await holder() });
    expect(await accountsWithDemoPassword(deps())).toEqual(['fazhike', 'leader']);
    await expect(assertSafeToListen(deps(), '127.0.0.1')).resolves.toBeUndefined();
    const err = await assertSafeToListen(deps(), '0.0.0.0').then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(err)).toBe(true);
    if (!isAppError(err)) return;
    expect(err.code).toBe('UNSAFE_LISTEN');
    expect(err.zh).toContain('fazhike, leader');
    expect(err.zh).toContain('演示密码');
    expect(err.en).toContain('fazhike, leader');
    expect(err.en).not.toContain('decider1');

    // a disabled account cannot sign in: it does not count
    const ctx = { ...deps(), actor: SYSTEM_ACTOR };
    await updateUser(ctx, leader.id, { disabled: true });
    expect(await accountsWithDemoPassword(deps())).toEqual(['fazhike']);
    const fz = await db.kysely.selectFrom('users').select('id').where('username', '=', 'fazhike').executeTakeFirstOrThrow();
    await updateUser(ctx, fz.id, { password: 'A new private passphrase 8' });
    await expect(assertSafeToListen(deps(), '0.0.0.0')).resolves.toBeUndefined();
  });
});

describe.each(engines)('FL-5(1): casework accounts without a register person are named at start (%s)', (engine) => {
  let db: Db;
  const deps = () => ({ db, clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() });
  beforeEach(async () => {
    db = await openTestDb(engine);
  });
  afterEach(async () => closeTestDb(db));

  it('FL-5(1): an upgraded database’s casework accounts without a register person are named (zh + en) — home roles or another organisation’s; linked, outside-body and disabled accounts are not', async () => {
    expect(await unlinkedCaseworkNotice(deps())).toBeNull();
    const linked = await createUserAsSystem(deps(), { username: 'linked', displayName: '已关联', password: 'A private passphrase 7', roles: ['decider'], personId: (await makePerson(deps())).id });
    await createUserAsSystem(deps(), { username: 'outside', displayName: '监督机关', password: 'A private passphrase 7', roles: ['supervisor'] });
    // accounts as an earlier release left them: casework roles, no person
    for (const [username, column] of [['old_dec', 'users'], ['old_elsewhere', 'membership'], ['old_gone', 'users']] as const) {
      const u = await createUserAsSystem(deps(), { username, displayName: username, password: 'A private passphrase 7', roles: [] });
      if (column === 'users') await db.kysely.updateTable('users').set({ roles: JSON.stringify(['decider']), disabled: username === 'old_gone' ? 1 : 0 }).where('id', '=', u.id).execute();
      else await db.kysely.updateTable('user_org_roles').set({ roles: JSON.stringify(['investigator']) }).where('user_id', '=', u.id).execute();
    }
    const notice = await unlinkedCaseworkNotice(deps());
    expect(notice).toContain('2 个办案账号未关联人员台账');
    // exactly these two: not the linked one, not the outside body, not the disabled one
    expect(notice).toContain('（FL-5(1)）：old_dec, old_elsewhere；');
    expect(notice).toContain('(FL-5(1)): old_dec, old_elsewhere;');
    expect(notice).toContain('do no casework until linked');
    expect(linked.personId).toBeTruthy();
  });
});
