// 等保2.0 数据完整性 with the 国密 option: new audit records are hashed with SM3
// (GB/T 32905-2016) while `security.guomi` is on; each record names its algorithm, and the
// verification handles SHA-256, SM3 and a chain that switched between them.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestDb, engines, openTestDb } from '../../test/db';
import type { Db } from '../db/database';
import { inTransaction } from '../db/tx';
import { FixedClock } from '../lib/clock';
import { HARDENING_KEYS, writeHardeningSetting } from '../services/hardening-settings';
import { appendAudit } from './audit-writer';
import { verifyAuditChain } from './audit-verify';
import { sm3Available } from './hash-alg';

describe.each(engines)('等保2.0 数据完整性: the SM3 audit chain (%s)', (engine) => {
  let db: Db;
  const deps = () => ({ db, clock: new FixedClock('2025-09-01T00:00:00Z') });
  const write = async (n: number, from = 0): Promise<void> => {
    for (let i = from; i < from + n; i++) {
      await inTransaction(db, (tx) => appendAudit(tx, { actorId: 'u1', action: 'test.write', entityType: 'thing', entityId: `t${i}`, after: { n: i, 名称: '测试' }, at: `2025-01-01T00:00:${String(i).padStart(2, '0')}.000Z` }));
    }
  };
  const algs = async () => (await db.kysely.selectFrom('audit_log').select(['seq', 'hash_alg']).orderBy('seq').execute()).map((r) => r.hash_alg);
  beforeEach(async () => {
    db = await openTestDb(engine);
  });
  afterEach(async () => closeTestDb(db));

  it('数据完整性: Node here has SM3, and it is the GB/T 32905 hash (test vector "abc")', () => {
    expect(sm3Available()).toBe(true);
    expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('数据完整性: with 国密 on, new rows are SM3 and the chain verifies; tampering an SM3 row is detected', async () => {
    await writeHardeningSetting(deps(), null, HARDENING_KEYS.guomi, true);
    await write(4);
    // the setting's own audit row is written after the change, in the same transaction: SM3 too
    expect(await algs()).toEqual(['sm3', 'sm3', 'sm3', 'sm3', 'sm3']);
    const ok = await verifyAuditChain(db);
    expect(ok).toMatchObject({ ok: true, records: 5, algorithms: { sm3: 5 } });
    await sql`UPDATE audit_log SET after_json = ${'{"n":99}'} WHERE seq = 3`.execute(db.kysely);
    expect((await verifyAuditChain(db)).firstBroken).toMatchObject({ seq: 3, reason: 'hash' });
  });

  it('数据完整性: relabelling an SM3 row as SHA-256 (or an unknown algorithm) breaks the chain', async () => {
    await writeHardeningSetting(deps(), null, HARDENING_KEYS.guomi, true);
    await write(2);
    await sql`UPDATE audit_log SET hash_alg = 'sha256' WHERE seq = 2`.execute(db.kysely);
    expect((await verifyAuditChain(db)).firstBroken).toMatchObject({ seq: 2, reason: 'hash' });
    await sql`UPDATE audit_log SET hash_alg = 'md5' WHERE seq = 2`.execute(db.kysely);
    expect((await verifyAuditChain(db)).firstBroken).toMatchObject({ seq: 2, reason: 'hash' });
  });

  it('数据完整性: a mixed chain (SHA-256, then SM3, then SHA-256 again) verifies, and a break at the switch is found', async () => {
    await write(3);
    await writeHardeningSetting(deps(), null, HARDENING_KEYS.guomi, true);
    await write(3, 3);
    await writeHardeningSetting(deps(), null, HARDENING_KEYS.guomi, false);
    await write(2, 6);
    expect(await algs()).toEqual(['sha256', 'sha256', 'sha256', 'sm3', 'sm3', 'sm3', 'sm3', 'sha256', 'sha256', 'sha256']);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, records: 10, headSeq: 10, algorithms: { sha256: 6, sm3: 4 } });
    await sql`UPDATE audit_log SET entity_id = 'forged' WHERE seq = 4`.execute(db.kysely);
    expect((await verifyAuditChain(db)).firstBroken).toMatchObject({ seq: 4, reason: 'hash' });
  });
});
