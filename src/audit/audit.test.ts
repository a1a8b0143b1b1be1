import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { closeTestDb, engines, openTestDb } from '../../test/db';
import type { Db } from '../db/database';
import { inTransaction } from '../db/tx';
import { appendAudit } from './audit-writer';
import { verifyAuditChain } from './audit-verify';

describe.each(engines)('audit chain (%s)', (engine) => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestDb(engine);
    for (let i = 0; i < 5; i++) {
      await inTransaction(db, (tx) =>
        appendAudit(tx, {
          actorId: 'u1',
          action: 'test.write',
          entityType: 'thing',
          entityId: `t${i}`,
          before: null,
          after: { n: i, 名称: '测试' },
          at: `2025-01-0${i + 1}T00:00:00.000Z`,
        }),
      );
    }
  });
  afterEach(async () => closeTestDb(db));

  it('an intact chain verifies', async () => {
    const r = await verifyAuditChain(db);
    expect(r).toMatchObject({ ok: true, records: 5, headSeq: 5 });
  });

  it('an edited record is named as the first broken one', async () => {
    await sql`UPDATE audit_log SET after_json = ${'{"n":99}'} WHERE seq = 3`.execute(db.kysely);
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ seq: 3, reason: 'hash' });
  });

  it('a deleted record in the middle is detected', async () => {
    await sql`DELETE FROM audit_log WHERE seq = 2`.execute(db.kysely);
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.reason).toBe('gap');
  });

  it('a deleted last record is detected through the head', async () => {
    await sql`DELETE FROM audit_log WHERE seq = 5`.execute(db.kysely);
    const r = await verifyAuditChain(db);
    expect(r.firstBroken?.reason).toBe('head');
  });

  it('two records swapped (reordered) are detected', async () => {
    // swap the content of records 2 and 4, keeping their seq numbers
    const rows = await db.kysely.selectFrom('audit_log').selectAll().where('seq', 'in', [2, 4]).orderBy('seq').execute();
    const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
    await sql`UPDATE audit_log SET entity_id = ${b.entity_id}, after_json = ${b.after_json}, at = ${b.at}, hash = ${b.hash}, prev_hash = ${b.prev_hash} WHERE seq = 2`.execute(db.kysely);
    await sql`UPDATE audit_log SET entity_id = ${a.entity_id}, after_json = ${a.after_json}, at = ${a.at}, hash = ${a.hash}, prev_hash = ${a.prev_hash} WHERE seq = 4`.execute(db.kysely);
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(2);
  });

  it('a failed transaction leaves neither the change nor its audit row', async () => {
    await expect(
      inTransaction(db, async (tx) => {
        await appendAudit(tx, { actorId: null, action: 'x', entityType: 'y', entityId: 'z', at: '2025-02-01T00:00:00Z' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await verifyAuditChain(db)).records).toBe(5);
  });
});
