import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { PoolClient } from 'pg';
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

  it.runIf(engine === 'postgres')('issue 14: on PostgreSQL the record and the new head are written in one statement after the head is locked (2 statements while it is held, not 3), and the chain stays intact', async () => {
    const texts: string[] = [];
    const pool = db.pool!;
    const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
    (pool as unknown as { connect: typeof connect }).connect = async () => {
      const c = await connect();
      const q = c.query.bind(c) as (...a: unknown[]) => unknown;
      (c as unknown as { query: typeof q }).query = (...a: unknown[]) => {
        texts.push(typeof a[0] === 'string' ? a[0] : '?');
        return q(...a);
      };
      return c;
    };
    try {
      await inTransaction(db, (tx) => appendAudit(tx, { actorId: 'u1', action: 'test.write', entityType: 'thing', entityId: 't5', at: '2025-01-06T00:00:00.000Z' }));
    } finally {
      (pool as unknown as { connect: typeof connect }).connect = connect;
    }
    const locked = texts.findIndex((t) => /FOR UPDATE/.test(t));
    expect(locked).toBeGreaterThan(0);
    // after the lock: the write, then the commit
    expect(texts.slice(locked + 1).map((t) => (/^commit$/i.test(t) ? 'commit' : 'write'))).toEqual(['write', 'commit']);
    const head = await db.kysely.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    const last = await db.kysely.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect([Number(head.seq), head.hash]).toEqual([6, last.hash]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, records: 6 });
  });
});
