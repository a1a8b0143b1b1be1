// Database test harness: every database test runs on the embedded SQLite engine always, and on
// PostgreSQL when TEST_DATABASE_URL (or DATABASE_URL) is set. Each test database is fresh:
// an in-memory SQLite file, or a PostgreSQL schema as the migrations leave it.
//
// PostgreSQL: making a schema from the template and dropping it took ~600 ms a test on this
// machine kind (90 tables, 115 indexes: DDL and catalog writes), two thirds of the PostgreSQL
// tests' time. So a schema a test is done with is reset and kept for the worker's next test:
// every table emptied (DELETE, with triggers and foreign keys off for the reset:
// session_replication_role), the migrations' rows and sequence values written again (the
// template's data dump), ~60 ms. A schema whose structure the test changed (a renamed or dropped
// table, an added column: its fingerprint differs from the template's) is dropped instead, as is
// every schema where the reset cannot run (a role that may not set session_replication_role);
// the reuse is checked by test/db-template.test.ts. The schemas kept are listed in the run's pool
// folder and dropped by the global teardown (test/db-template.ts).
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

/** the PostgreSQL schema of each open test database, and whether it may be reset and reused */
const opened = new Map<Db, { schema: string; reusable: boolean } | undefined>();
/** this worker's schemas reset to the template, ready for the next test */
const idle: string[] = [];

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
  const reusable = Boolean(template?.pgDump && template.pgSeed && template.pgPoolDir) && !resetRefused;
  const kept = reusable ? idle.pop() : undefined;
  if (kept) {
    const db = await openDatabase({ databaseUrl: PG_URL, pgSchema: kept, poolSize: 4 });
    opened.set(db, { schema: kept, reusable: true });
    return db;
  }
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 4 });
  try {
    await dropAbandonedSchemas(db);
    if (template?.pgDump) {
      pgDump ??= fs.readFileSync(template.pgDump, 'utf8');
      // one multi-statement text, one round trip (the simple query protocol)
      await db.pool!.query(pgTemplateFor(pgDump, schema));
      // the template's structure, read once per worker from a schema no test has touched yet
      if (reusable) templateFingerprint ??= await fingerprintOf(db, schema);
    } else await migrate(db);
  } catch (err) {
    await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely).catch((e: unknown) => console.warn(`[test] could not drop schema ${schema}:`, e));
    await db.close();
    throw err;
  }
  opened.set(db, { schema, reusable });
  return db;
}

let templateFingerprint: string | undefined;
/** set when this worker's role may not reset a schema: every schema is then dropped, as before */
let resetRefused = false;

/**
 * A digest of a schema's structure: its tables and indexes with their columns, constraints,
 * triggers and functions (the schema's own name left out, so two copies of the template agree).
 */
async function fingerprintOf(db: Db, schema: string): Promise<string> {
  const r = await db.pool!.query<{ fp: string }>(
    `SELECT md5(string_agg(replace(x, $1 || '.', ''), E'\n' ORDER BY x)) AS fp FROM (
       SELECT c.relkind::text || ' ' || c.relname || ' ' || coalesce((SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''), ', ' ORDER BY a.attnum)
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') AS x
       FROM pg_class c WHERE c.relnamespace = $1::regnamespace
       UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = $1::regnamespace
       UNION ALL SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = $1::regnamespace AND NOT t.tgisinternal
       UNION ALL SELECT 'function ' || proname || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = $1::regnamespace
     ) s`,
    [schema],
  );
  return r.rows[0]?.fp ?? '';
}

let seedSql: string | undefined;
/**
 * Reset a used test schema to the template: empty every table and write the migrations' rows and
 * sequence values again, in one transaction. False when the schema's structure is no longer the
 * template's, or the reset could not run (the schema is then dropped).
 */
async function resetToTemplate(db: Db, schema: string): Promise<boolean> {
  const template = templates();
  if (!template?.pgSeed || !templateFingerprint) return false;
  if ((await fingerprintOf(db, schema)) !== templateFingerprint) return false;
  seedSql ??= fs.readFileSync(template.pgSeed, 'utf8');
  const tables = (await db.pool!.query<{ t: string }>(`SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = $1`, [schema])).rows.map((r) => r.t);
  try {
    await db.pool!.query(
      [
        'BEGIN',
        // triggers (and with them the foreign keys' checks) off for this transaction: every row goes, in any order
        'SET LOCAL session_replication_role = replica',
        // a session of the test still holding a lock makes the reset give up, not wait
        "SET LOCAL lock_timeout = '5s'",
        ...tables.map((t) => `DELETE FROM ${schema}.${t}`),
        pgTemplateFor(seedSql, schema),
        'COMMIT',
      ].join(';\n'),
    );
    return true;
  } catch (err) {
    // the multi-statement text ran up to the failure inside its transaction: end it (the pool is closed next)
    await db.pool!.query('ROLLBACK').catch((e: unknown) => console.warn(`[test] ROLLBACK after a failed reset of ${schema}:`, e));
    if (/session_replication_role|permission denied/i.test(String(err))) {
      resetRefused = true;
      console.warn(`[test] a used test schema cannot be reset here (${String(err)}): each test gets a new schema`);
    }
    return false;
  }
}

/** Name a schema kept for reuse in the run's pool folder, for the global teardown to drop. */
function listForTeardown(schema: string): void {
  const dir = templates()?.pgPoolDir;
  if (dir) fs.appendFileSync(`${dir}/${process.pid}.txt`, `${schema}\n`);
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
  const entry = opened.get(db);
  opened.delete(db);
  if (entry) {
    const { schema, reusable } = entry;
    if (reusable && (await resetToTemplate(db, schema))) {
      await db.close();
      if (!kept.has(schema)) {
        kept.add(schema);
        listForTeardown(schema);
      }
      idle.push(schema);
      return;
    }
    kept.delete(schema);
    await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
    if (++dropped % CATALOG_VACUUM_EVERY === 0) await vacuumCatalogs(db);
  }
  await db.close();
}
/** the schemas this worker has listed for the teardown */
const kept = new Set<string>();

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
  const schema = opened.get(db)?.schema;
  if (!schema || !PG_URL) throw new Error('a second pool needs a PostgreSQL test database');
  return openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 4 });
}
