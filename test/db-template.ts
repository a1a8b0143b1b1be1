// Migrated database templates for the tests. Migrating a fresh database for every test costs
// ~70 ms on SQLite and ~2 s on PostgreSQL (60-odd migrations, each its own round trips), and the
// integration tier opens thousands of them. The global setup migrates ONE database per engine
// per run, from the migrations of this checkout, and keeps it as a template:
//   SQLite      the migrated in-memory database, serialized (better-sqlite3 `serialize()`) to a file;
//               every test database is opened from that image;
//   PostgreSQL  the migrated schema dumped with pg_dump (schema, rows, sequences), its name
//               replaced by each test's own schema and replayed in one round trip.
// A test database made from the template is the same as a migrated one (test/db-template.test.ts
// compares them). Upgrade tests (`openTestDb(engine, { upTo })`) still migrate step by step.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';

export interface DbTemplates {
  /** a serialized, migrated SQLite database */
  sqliteImage?: string;
  /** the migrated PostgreSQL schema as SQL, its schema name written as TEMPLATE_SCHEMA */
  pgDump?: string;
  /** the rows and sequence values the migrations write, as SQL (a test schema reset to them is reused: test/db.ts) */
  pgSeed?: string;
  /** where test workers list the PostgreSQL schemas they keep for reuse, for the teardown to drop */
  pgPoolDir?: string;
}

/** The schema name the template was made in: distinctive, so replacing it touches nothing else. */
export const TEMPLATE_SCHEMA = 'wenze_test_template_schema';

/** Migrate one database per engine and keep them in a temporary folder; the teardown removes it. */
export async function buildTemplates(pgUrl: string | undefined): Promise<{ templates: DbTemplates; dispose: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-test-templates-'));
  const templates: DbTemplates = {};
  const sqliteDb = await openDatabase({ memory: true });
  try {
    await migrateToLatest(sqliteDb);
    templates.sqliteImage = path.join(dir, 'template.sqlite');
    fs.writeFileSync(templates.sqliteImage, sqliteDb.sqlite!.serialize());
  } finally {
    await sqliteDb.close();
  }
  if (pgUrl) {
    const dump = await dumpMigratedSchema(pgUrl);
    if (dump !== null) {
      templates.pgDump = path.join(dir, 'template.pg.sql');
      fs.writeFileSync(templates.pgDump, dump.schema);
      templates.pgSeed = path.join(dir, 'template.pg-seed.sql');
      fs.writeFileSync(templates.pgSeed, dump.seed);
      templates.pgPoolDir = path.join(dir, 'pg-pool');
      fs.mkdirSync(templates.pgPoolDir);
    }
  }
  return {
    templates,
    dispose: async () => {
      if (pgUrl && templates.pgPoolDir) await dropPooledSchemas(pgUrl, templates.pgPoolDir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The schemas the workers kept for reuse (each listed its own in a file of the pool folder): dropped at the run's end. */
async function dropPooledSchemas(pgUrl: string, poolDir: string): Promise<void> {
  const names = fs
    .readdirSync(poolDir)
    .flatMap((f) => fs.readFileSync(path.join(poolDir, f), 'utf8').split('\n'))
    .filter((n) => /^t_[0-9a-z]+_[0-9a-f]{8}$/.test(n));
  if (!names.length) return;
  const db = await openDatabase({ databaseUrl: pgUrl, poolSize: 1 });
  try {
    for (const n of new Set(names)) await sql.raw(`DROP SCHEMA IF EXISTS ${n} CASCADE`).execute(db.kysely);
  } catch (err) {
    console.warn('[test] could not drop the reused test schemas (a later run drops them after 6 hours):', err);
  } finally {
    await db.close();
  }
}

/**
 * Migrate a schema of its own, dump it with pg_dump and drop it. null when pg_dump is missing or
 * fails (the tests then migrate each database, as before) — said aloud, never silently.
 */
async function dumpMigratedSchema(pgUrl: string): Promise<{ schema: string; seed: string } | null> {
  // a name of its own per run, so two runs at once never share one
  const schema = `${TEMPLATE_SCHEMA}_${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ databaseUrl: pgUrl, pgSchema: schema, poolSize: 2 });
  try {
    await migrateToLatest(db);
    const dump = (...extra: string[]) =>
      spawnSync('pg_dump', ['--schema', schema, '--no-owner', '--no-privileges', '--no-comments', '--inserts', '--rows-per-insert=500', ...extra, '-d', pgUrl], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
    const r = dump();
    // the rows alone (and the sequences' values), to reset a used test schema to
    const seed = dump('--data-only');
    if (r.status !== 0 || seed.status !== 0) {
      const failed = r.status !== 0 ? r : seed;
      console.warn(`[test] pg_dump failed (${failed.error ? String(failed.error) : failed.stderr.trim()}): each PostgreSQL test database is migrated instead`);
      return null;
    }
    return { schema: replayable(r.stdout, schema), seed: replayable(seed.stdout, schema) };
  } finally {
    await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
    await db.close();
  }
}

/**
 * pg_dump's output as one multi-statement text for a schema that already exists: the session
 * settings (search_path among them, which would outlive the statement on a pooled connection),
 * psql's meta-commands (`\restrict`), comments and the CREATE SCHEMA are left out; the schema's
 * name becomes TEMPLATE_SCHEMA.
 */
export function replayable(dump: string, schema: string): string {
  const kept = dump
    .split('\n')
    .filter((line) => !/^(SET |SELECT pg_catalog\.set_config\(|CREATE SCHEMA |\\|--)/.test(line))
    .join('\n');
  return kept.split(`${schema}.`).join(`${TEMPLATE_SCHEMA}.`);
}

/** The template's SQL for a schema of this name (the name checked by openDatabase). */
export function pgTemplateFor(dumpSql: string, schema: string): string {
  return dumpSql.split(`${TEMPLATE_SCHEMA}.`).join(`${schema}.`);
}
