// Migration 0515 (issue 14): the case view asks, on every page of a case with a rules receipt,
// for the latest audit record of one action on that case. Every case page also writes a
// `case.read` record (等保2.0 安全审计), so without the action in the index the lookup walked back
// through every read of the case since that action (PostgreSQL: the whole trail, by seq).
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestDb, engines, openTestDb } from '../../test/db';
import type { Db } from './database';

describe.each(engines)('issue 14: the latest record of one action on one case comes from an index (%s)', (engine) => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestDb(engine);
  });
  afterEach(async () => closeTestDb(db));

  it('after 3,000 reads of a case, max(seq) of its record_finding records is read through audit_entity_action, not by walking the reads', async () => {
    const row = (seq: number, action: string) => ({
      seq,
      at: '2026-11-29T02:00:00.000Z',
      actor_id: null,
      action,
      entity_type: 'case',
      entity_id: 'C1',
      before_json: null,
      after_json: null,
      prev_hash: 'x',
      hash: 'x',
      source_ip: null,
      hash_alg: 'sha256',
    });
    await db.kysely.insertInto('audit_log').values([row(100_001, 'case.record_finding')]).execute();
    for (let i = 0; i < 3; i++) {
      await db.kysely
        .insertInto('audit_log')
        .values(Array.from({ length: 1000 }, (_, k) => row(100_002 + i * 1000 + k, 'case.read')))
        .execute();
    }
    await sql.raw(engine === 'postgres' ? 'ANALYZE audit_log' : 'ANALYZE').execute(db.kysely);
    const query = sql<{ m: number | string | null }>`SELECT max(seq) AS m FROM audit_log WHERE entity_type = 'case' AND entity_id = ${'C1'} AND action = ${'case.record_finding'}`;
    expect(Number((await query.execute(db.kysely)).rows[0]!.m)).toBe(100_001);
    const plan = (await sql`EXPLAIN ${engine === 'postgres' ? sql`` : sql`QUERY PLAN `}${query}`.execute(db.kysely)).rows.map((r) => Object.values(r as object).join(' ')).join('\n');
    expect(plan).toContain('audit_entity_action');
  });
});
