// Database test harness: every database test runs on the embedded SQLite engine always, and on
// PostgreSQL when TEST_DATABASE_URL (or DATABASE_URL) is set. Each test database is fresh:
// an in-memory SQLite file, or a new PostgreSQL schema dropped afterwards.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openDatabase, type Db, type DialectName } from '../src/db/database';
import { migrateTo, migrateToLatest } from '../src/db/migrate';
import { pgTemplateFor, type DbTemplates } from './db-template';

export const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

export const engines: DialectName[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
if (!PG_URL && !process.env.WENZE_QUIET_SKIP) {
  console.warn('[test] TEST_DATABASE_URL not set: PostgreSQL variants of database tests are skipped');
}

const opened = new Map<Db, string | undefined>();

/**
 * A fresh, migrated database on the given engine. Close it with `closeTestDb`.
 * `upTo`: migrate only up to that migration (an upgrade test's "previous release").
 */
export async function openTestDb(engine: DialectName, opts: { upTo?: string } = {}): Promise<Db> {
  const template = opts.upTo ? undefined : templates();
  const migrate = (db: Db) => (opts.upTo ? migrateTo(db, opts.upTo) : migrateToLatest(db));
  if (engine === 'sqlite') {
    const image = template?.sqliteImage ? (sqliteImage ??= fs.readFileSync(template.sqliteImage)) : undefined;
    const db = await openDatabase(image ? { memory: true, sqliteImage: image } : { memory: true });
    if (!image) await migrate(db);
    opened.set(db, undefined);
    return db;
  }
  if (!PG_URL) throw new Error('PostgreSQL not configured');
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 4 });
  try {
    await dropAbandonedSchemas(db);
    if (template?.pgDump) {
      pgDump ??= fs.readFileSync(template.pgDump, 'utf8');
      // one multi-statement text, one round trip (the simple query protocol)
      await db.pool!.query(pgTemplateFor(pgDump, schema));
    } else await migrate(db);
  } catch (err) {
    await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely).catch((e: unknown) => console.warn(`[test] could not drop schema ${schema}:`, e));
    await db.close();
    throw err;
  }
  opened.set(db, schema);
  return db;
}

let sqliteImage: Buffer | undefined;
let pgDump: string | undefined;
/** The migrated templates of this run (test/global-setup.ts), when the tier has them. */
function templates(): DbTemplates | undefined {
  try {
    return inject('wenzeDbTemplates');
  } catch {
    return undefined;
  }
}

// Test schemas left behind by a run that was killed: `t_<base36 ms>_<hex>` older than 6 hours.
let swept = false;
async function dropAbandonedSchemas(db: Db): Promise<void> {
  if (swept) return;
  swept = true;
  const rows = await sql<{ nspname: string }>`SELECT nspname FROM pg_namespace WHERE nspname ~ '^t_[0-9a-z]+_[0-9a-f]{8}$'`.execute(db.kysely);
  const cutoff = Date.now() - 6 * 3_600_000;
  const since2024 = Date.UTC(2024, 0, 1);
  for (const { nspname } of rows.rows) {
    // Only names this harness made: the middle part is a millisecond timestamp in base 36
    // (other harnesses use words there, e.g. t_cal_…, which must never be taken for old).
    const ts = parseInt(nspname.split('_')[1] ?? '', 36);
    if (Number.isFinite(ts) && ts > since2024 && ts < cutoff) {
      // said aloud: a schema dropped here that a running test still uses shows up as
      // "schema … does not exist" in that test, and this line names who dropped it and why
      console.warn(`[test] pid ${process.pid} drops abandoned schema ${nspname} (made ${new Date(ts).toISOString()}, cutoff ${new Date(cutoff).toISOString()})`);
      await sql.raw(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`).execute(db.kysely);
    }
  }
}

export async function closeTestDb(db: Db): Promise<void> {
  const schema = opened.get(db);
  opened.delete(db);
  if (schema) {
    await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
    if (++dropped % CATALOG_VACUUM_EVERY === 0) await vacuumCatalogs(db);
  }
  await db.close();
}

// Every test schema made and dropped leaves its ~100 tables' rows dead in the system catalogs
// (pg_class, pg_attribute, …). Where autovacuum is off (this machine kind's PostgreSQL), nothing
// reclaims them: pg_class grew to 277 MB with 6.7 million dead rows over a day of runs, each
// catalog scan took 54 ms instead of 0.2 ms, and the PostgreSQL fuzzers ran 12× slower beside
// the browser tests. So each test process vacuums the catalogs every few schemas it drops (a
// plain VACUUM: the space is reused, DDL goes on beside it), and `.ci/run` starts with VACUUM FULL.
const CATALOG_VACUUM_EVERY = 20;
let dropped = 0;
const CATALOGS = ['pg_class', 'pg_attribute', 'pg_type', 'pg_depend', 'pg_constraint', 'pg_index', 'pg_trigger', 'pg_attrdef', 'pg_namespace', 'pg_proc', 'pg_sequence', 'pg_statistic'];
async function vacuumCatalogs(db: Db): Promise<void> {
  // a role that may not vacuum the catalogs gets a warning per table from the server, not an error
  await db.pool!.query(`VACUUM (SKIP_LOCKED) ${CATALOGS.map((c) => `pg_catalog.${c}`).join(', ')}`);
}

/**
 * A second connection pool to the same PostgreSQL test schema: a second app server on one
 * database (issue 12: two outbox workers). Close it with `db.close()` (the schema stays theirs).
 */
export async function openSecondPool(db: Db): Promise<Db> {
  const schema = opened.get(db);
  if (!schema || !PG_URL) throw new Error('a second pool needs a PostgreSQL test database');
  return openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 4 });
}
