// Migrations on a PostgreSQL database shared with other installations (or parallel test runs):
// the migrator looks only at its own schema, so another schema appearing or being dropped at the
// same moment neither confuses nor breaks it.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_URL } from '../../test/db';
import { openDatabase, type Db } from './database';
import { migrateToLatest, pendingMigrations, schemaScopedIntrospector } from './migrate';

describe.skipIf(!PG_URL)('Operations: migrations stay inside their own PostgreSQL schema', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  async function open(prefix: string): Promise<{ db: Db; schema: string }> {
    const schema = `t_${prefix}_${randomBytes(4).toString('hex')}`;
    const db = await openDatabase({ databaseUrl: PG_URL!, pgSchema: schema, poolSize: 2 });
    cleanups.push(async () => {
      await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
      await db.close();
    });
    return { db, schema };
  }

  it("the migrator's table lookup lists only this schema's tables, not another installation's", async () => {
    const other = await open('mig_other');
    await sql.raw(`CREATE TABLE ${other.schema}.kysely_migration (name varchar(255) PRIMARY KEY, timestamp varchar(255) NOT NULL)`).execute(other.db.kysely);
    const mine = await open('mig_mine');
    const introspector = schemaScopedIntrospector(mine.db.kysely as unknown as Kysely<unknown>, mine.schema);
    expect(await introspector.getTables()).toEqual([]);
    expect(await introspector.getSchemas()).toEqual([{ name: mine.schema }]);
    await migrateToLatest(mine.db);
    const names = (await introspector.getTables()).map((t) => t.name);
    expect(names).toContain('kysely_migration');
    expect(names).toContain('cases');
    expect(await pendingMigrations(mine.db)).toEqual([]);
    // the other installation is untouched: still only its own bookkeeping table, no rows
    const otherRows = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.raw(other.schema)}.kysely_migration`.execute(other.db.kysely);
    expect(Number(otherRows.rows[0]!.n)).toBe(0);
  });

  it('migrating succeeds while other schemas are created and dropped at the same moment', async () => {
    const churn = await open('mig_churn');
    let stop = false;
    let churned = 0;
    const loop = (async () => {
      while (!stop) {
        const s = `t_mig_gone_${randomBytes(4).toString('hex')}`;
        await sql.raw(`CREATE SCHEMA ${s}; CREATE TABLE ${s}.kysely_migration (name text); CREATE TABLE ${s}.x (id serial primary key)`).execute(churn.db.kysely);
        await sql.raw(`DROP SCHEMA ${s} CASCADE`).execute(churn.db.kysely);
        churned++;
      }
    })();
    try {
      for (let i = 0; i < 3; i++) {
        const mine = await open('mig_race');
        await expect(migrateToLatest(mine.db)).resolves.toMatchObject({ applied: expect.arrayContaining(['0001-core']) });
      }
    } finally {
      stop = true;
      await loop;
    }
    expect(churned).toBeGreaterThan(0);
  });
});
