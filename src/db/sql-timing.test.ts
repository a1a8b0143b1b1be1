// The time a benchmark reads as "in SQL" (`openDatabase({ timeSql })` → `Db.sqlMs`, issue 14
// bench:write): SQLite's own execution of each statement, PostgreSQL's time with a statement
// awaiting its answer — statements overlapping on two connections counted once, never twice.
// Nothing is timed unless asked (production opens without it).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { PG_URL } from '../../test/db';
import { openDatabase } from './database';

const wallMs = async (f: () => Promise<unknown>): Promise<number> => {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

describe('time spent in SQL (bench:write, issue 14)', () => {
  it('SQLite: a statement’s execution is counted, no more than the time around it, and nothing is timed unless asked', async () => {
    const plain = await openDatabase({ memory: true });
    expect(plain.sqlMs).toBeUndefined();
    await plain.close();

    const db = await openDatabase({ memory: true, timeSql: true });
    try {
      expect(db.sqlMs!()).toBe(0);
      const count = sql<{ n: number }>`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000) SELECT count(*) AS n FROM c`;
      let n = 0;
      const wall = await wallMs(async () => {
        n = (await count.execute(db.kysely)).rows[0]!.n;
      });
      expect(n).toBe(200000);
      const timed = db.sqlMs!();
      expect(timed).toBeGreaterThan(0);
      expect(timed).toBeLessThanOrEqual(wall);
      // a write counts too (run, not all)
      await sql`CREATE TABLE t (x INTEGER)`.execute(db.kysely);
      await sql`INSERT INTO t VALUES (1)`.execute(db.kysely);
      expect(db.sqlMs!()).toBeGreaterThan(timed);
    } finally {
      await db.close();
    }
  });

  it.runIf(PG_URL)('PostgreSQL: two statements awaiting at once on two connections are counted once (never more than the wall time)', async () => {
    const schema = `timing_${randomBytes(4).toString('hex')}`;
    const db = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, timeSql: true });
    try {
      const before = db.sqlMs!();
      const sleep = () => sql<{ pid: number }>`SELECT pg_backend_pid() AS pid, pg_sleep(0.2)`.execute(db.kysely);
      let pids: number[] = [];
      const wall = await wallMs(async () => {
        pids = (await Promise.all([sleep(), sleep()])).map((r) => r.rows[0]!.pid);
      });
      const timed = db.sqlMs!() - before;
      // sent together on two connections of the pool: they overlapped
      expect(new Set(pids).size).toBe(2);
      // each sleeps 200 ms: counted once they overlap (their sum would be about twice the wall time)
      expect(timed).toBeGreaterThanOrEqual(199);
      expect(timed).toBeLessThanOrEqual(wall);
    } finally {
      await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
      await db.close();
    }
  });
});
