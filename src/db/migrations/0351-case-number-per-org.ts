// Case numbers unique per organisation (issue 11 points 3–4): 0030 made `cases.number` unique over
// the whole deployment; two organisations may now number alike (each has its own format and
// counter), so the number is unique per organisation: unique index (org_id, number).
//  - PostgreSQL: the column's unique constraint is dropped (found by its definition, whatever
//    its name) and the index added.
//  - SQLite cannot drop a column constraint: the table is rebuilt from its stored definition
//    without `unique` on "number" (the documented 12-step procedure: foreign keys off — the
//    migrator runs SQLite migrations outside a transaction —, copy, drop, rename, recreate the
//    indexes, check the foreign keys, foreign keys on).
// Document numbers (发文字号) never had a unique constraint; their counter is per prefix and year,
// and an organisation's documents carry its own prefix. The public check (/verify) asks for the
// number and the SHA-256 of the PDF together, so it stays unambiguous.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

async function rebuildCasesSqlite(db: Kysely<unknown>, from: RegExp, to: string): Promise<void> {
  const table = (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'cases'`.execute(db)).rows[0];
  if (!table) throw new Error('0351: no cases table');
  if (!from.test(table.sql)) throw new Error('0351: unexpected definition of cases.number');
  const create = table.sql.replace(from, to).replace(/^CREATE TABLE "cases"/i, 'CREATE TABLE "cases__0351"');
  const indexes = (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = 'cases' AND sql IS NOT NULL`.execute(db)).rows.map((r) => r.sql);
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await sql.raw(create).execute(db);
    await sql`INSERT INTO "cases__0351" SELECT * FROM "cases"`.execute(db);
    await sql`DROP TABLE "cases"`.execute(db);
    await sql`ALTER TABLE "cases__0351" RENAME TO "cases"`.execute(db);
    for (const s of indexes) await sql.raw(s).execute(db);
    const broken = (await sql`PRAGMA foreign_key_check`.execute(db)).rows;
    if (broken.length) throw new Error(`0351: ${broken.length} foreign key(s) broken by the rebuild`);
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    const c = (
      await sql<{ conname: string }>`SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.conrelid = 'cases'::regclass AND c.contype = 'u' AND array_length(c.conkey, 1) = 1 AND a.attname = 'number'`.execute(db)
    ).rows;
    for (const r of c) await sql`ALTER TABLE cases DROP CONSTRAINT ${sql.ref(r.conname)}`.execute(db);
  } else {
    await rebuildCasesSqlite(db, /"number" text not null unique/i, '"number" text not null');
  }
  await db.schema.createIndex('cases_org_number').on('cases').columns(['org_id', 'number']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_org_number').execute();
  if (isPostgres(db)) await sql`ALTER TABLE cases ADD CONSTRAINT cases_number_key UNIQUE (number)`.execute(db);
  else await rebuildCasesSqlite(db, /"number" text not null(?! unique)/i, '"number" text not null unique');
}
