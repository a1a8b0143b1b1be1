// The test databases start from one migrated template per run (test/db-template.ts). A database
// made from the template must be the same as one migrated step by step: the same tables,
// columns, indexes, triggers and rows, and it must keep working as a database of its own
// (sequences, full-text triggers, writes that do not reach the other test databases).
import { describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Db, type DialectName } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { closeTestDb, engines, openTestDb, PG_URL } from './db';
import { randomBytes } from 'node:crypto';

interface Shape {
  objects: string[];
  rows: Record<string, number>;
}

async function shapeOf(db: Db): Promise<Shape> {
  if (db.dialect === 'sqlite') {
    const objects = (await sql<{ type: string; name: string; sql: string | null }>`SELECT type, name, sql FROM sqlite_master ORDER BY type, name`.execute(db.kysely)).rows.map(
      (r) => `${r.type} ${r.name} ${r.sql ?? ''}`,
    );
    const tables = (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%' ORDER BY name`.execute(db.kysely)).rows;
    const rows: Record<string, number> = {};
    for (const { name } of tables) rows[name] = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.id(name)}`.execute(db.kysely)).rows[0]!.n);
    return { objects, rows };
  }
  const columns = (
    await sql<{ t: string; c: string; d: string; n: string; def: string | null }>`
      SELECT table_name AS t, column_name AS c, data_type AS d, is_nullable AS n, column_default AS def
      FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, column_name`.execute(db.kysely)
  ).rows.map((r) => `column ${r.t}.${r.c} ${r.d} ${r.n} ${(r.def ?? '').replace(/'[a-z0-9_]+\./g, "'")}`);
  const indexes = (
    await sql<{ name: string; def: string }>`SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`.execute(db.kysely)
  ).rows.map((r) => `index ${r.name} ${r.def.replace(/ ON [a-z0-9_]+\./, ' ON ')}`);
  const constraints = (
    await sql<{ name: string; def: string }>`
      SELECT conname AS name, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = current_schema() ORDER BY conname`.execute(db.kysely)
  ).rows.map((r) => `constraint ${r.name} ${r.def}`);
  const tables = (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db.kysely)).rows;
  const rows: Record<string, number> = {};
  for (const { name } of tables) rows[name] = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.id(name)}`.execute(db.kysely)).rows[0]!.n);
  return { objects: [...columns, ...indexes, ...constraints], rows };
}

async function migratedStepByStep(engine: DialectName): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const db = await openDatabase({ memory: true });
    await migrateToLatest(db);
    return { db, drop: () => db.close() };
  }
  const schema = `t_tmplcmp_${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ databaseUrl: PG_URL!, pgSchema: schema, poolSize: 2 });
  await migrateToLatest(db);
  return {
    db,
    drop: async () => {
      await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
      await db.close();
    },
  };
}

describe.each(engines)('test databases from the migrated template (%s)', (engine) => {
  it('a test database has the same tables, columns, indexes, constraints and rows as one migrated step by step', async () => {
    // the run made the template this test database comes from (else this test compares nothing)
    const templates = inject('wenzeDbTemplates');
    expect(engine === 'sqlite' ? templates.sqliteImage : templates.pgDump).toBeTruthy();
    const fromTemplate = await openTestDb(engine);
    const migrated = await migratedStepByStep(engine);
    try {
      const [a, b] = [await shapeOf(fromTemplate), await shapeOf(migrated.db)];
      expect(a.objects.length).toBeGreaterThan(100);
      expect(a.objects).toEqual(b.objects);
      // rows written by migrations (the default organisation, settings, the migration log)
      expect(a.rows).toEqual(b.rows);
    } finally {
      await closeTestDb(fromTemplate);
      await migrated.drop();
    }
  });

  it('two test databases are separate: a row written in one is not in the other, and ids and full-text search keep working', async () => {
    const one = await openTestDb(engine);
    const two = await openTestDb(engine);
    try {
      const orgs = async (db: Db) => (await db.kysely.selectFrom('organisations').select('id').execute()).length;
      const before = await orgs(two);
      await one.kysely
        .insertInto('organisations')
        .values({ ...(await one.kysely.selectFrom('organisations').selectAll().executeTakeFirstOrThrow()), id: 'org-template-check', name: '模板检查单位', parent_id: null, case_prefix: null })
        .execute();
      expect(await orgs(one)).toBe(before + 1);
      expect(await orgs(two)).toBe(before);
      // the full-text index is live in the copy (SQLite's FTS triggers, PostgreSQL's tsvector)
      const n = async (db: Db) => (await db.kysely.selectFrom('search_documents').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n;
      expect(Number(await n(one))).toBe(Number(await n(two)));
    } finally {
      await closeTestDb(one);
      await closeTestDb(two);
    }
  });
});

// A PostgreSQL test schema a test is done with is reset to the template and reused by the worker's
// next test (test/db.ts): the next test must not see anything of the last one.
describe.skipIf(!PG_URL)('a PostgreSQL test schema reused after a test (postgres)', () => {
  const schemaOf = async (db: Db) => (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0]!.s;
  const exists = async (db: Db, schema: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = ${schema}`.execute(db.kysely)).rows[0]!.n === 1;

  it('the next test gets the schema as the migrations leave it: the last test’s rows gone, the migrations’ rows as written, the sequences restarted', async () => {
    const first = await openTestDb('postgres');
    const schema = await schemaOf(first);
    const org = await first.kysely.selectFrom('organisations').selectAll().executeTakeFirstOrThrow();
    await first.kysely.insertInto('organisations').values({ ...org, id: 'org-left-behind', name: '上一个测试的单位', parent_id: null, case_prefix: null }).execute();
    await first.kysely.updateTable('organisations').set({ name: '被上一个测试改名' }).where('id', '=', org.id).execute();
    await sql`SELECT nextval('search_documents_id_seq')`.execute(first.kysely);
    await closeTestDb(first);

    const next = await openTestDb('postgres');
    const migrated = await migratedStepByStep('postgres');
    try {
      // the same schema, reused (else this test checks nothing of the reuse)
      expect(await schemaOf(next)).toBe(schema);
      const [a, b] = [await shapeOf(next), await shapeOf(migrated.db)];
      expect(a.objects).toEqual(b.objects);
      expect(a.rows).toEqual(b.rows);
      expect((await next.kysely.selectFrom('organisations').select('name').where('id', '=', org.id).executeTakeFirstOrThrow()).name).toBe(org.name);
      expect((await sql<{ n: string }>`SELECT nextval('search_documents_id_seq')::text AS n`.execute(next.kysely)).rows[0]!.n).toBe('1');
    } finally {
      await closeTestDb(next);
      await migrated.drop();
    }
  });

  it('a schema whose structure the test changed is dropped, not reused', async () => {
    const first = await openTestDb('postgres');
    const schema = await schemaOf(first);
    await sql`ALTER TABLE case_team_members RENAME TO case_team_members_gone`.execute(first.kysely);
    await closeTestDb(first);
    const next = await openTestDb('postgres');
    try {
      expect(await schemaOf(next)).not.toBe(schema);
      expect(await exists(next, schema)).toBe(false);
      expect(Number((await sql<{ n: number }>`SELECT count(*) AS n FROM case_team_members`.execute(next.kysely)).rows[0]!.n)).toBe(0);
    } finally {
      await closeTestDb(next);
    }
  });
});
