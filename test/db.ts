// Database test harness: every database test runs on the embedded SQLite engine always, and on
// PostgreSQL when TEST_DATABASE_URL (or DATABASE_URL) is set. Each test database is fresh:
// an in-memory SQLite file, or a new PostgreSQL schema dropped afterwards.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openDatabase, type Db, type DialectName } from '../src/db/database';
import { migrateTo, migrateToLatest } from '../src/db/migrate';
import { parkedPrefix, pgTemplateFor, type DbTemplates } from './db-template';

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
  let db = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 4 });
  let reusable = false;
  try {
    await dropAbandonedSchemas(db);
    if (template?.pgDump) {
      pgDump ??= fs.readFileSync(template.pgDump, 'utf8');
      if (template.pgData) pgData ??= fs.readFileSync(template.pgData, 'utf8');
      // a parked schema of this template, else a new one from it: one multi-statement text, one
      // round trip (the simple query protocol)
      if (await claimParkedSchema(db, schema)) {
        // the pool's connections resolved the search path to the empty schema the claimed one
        // replaced: a new pool resolves it afresh
        await db.close();
        db = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 4 });
      } else await db.pool!.query(pgTemplateFor(pgDump, schema));
      reusable = pgData !== undefined && (await schemaShapeMatches(db, schema, true));
    } else await migrate(db);
  } catch (err) {
    await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely).catch((e: unknown) => console.warn(`[test] could not drop schema ${schema}:`, e));
    await db.close();
    throw err;
  }
  opened.set(db, schema);
  if (reusable) parkable.add(db);
  return db;
}

let sqliteImage: Buffer | undefined;
let pgDump: string | undefined;
let pgData: string | undefined;

// PostgreSQL test schemas are used again. Making one from the template (80-odd tables with their
// indexes and triggers) and dropping it cost about half a second of the server's time, and the
// integration tier makes hundreds. So a closed test schema whose shape is still the template's
// (same tables, columns, defaults, constraints, indexes, triggers, functions) is renamed to a
// parked name, emptied and refilled with the template's rows and sequence values, in one
// transaction with triggers off (session_replication_role = replica, a superuser's setting: other
// roles drop their schemas as before); the next test database, in this process or another of the
// run, claims it by renaming it to its own name (a rename is atomic: two claimants never share
// one). A schema a test changed the shape of is dropped, never parked. Parked names carry the
// template's hash, so runs of different checkouts never take each other's; the run's teardown
// (test/global-setup.ts) drops what is left parked.
const parkable = new WeakSet<Db>();
/** A test of the parking itself parks in a lot of its own, which no other file claims from (test/db-template.test.ts). */
let lot = '';
export function useParkingLot(name: string): void {
  if (!/^[a-z]*$/.test(name)) throw new Error(`parking lot ${name}`);
  lot = name;
}
/** The prefix of the parked schemas this process claims and parks: the template's, or the lot's. */
export function parkingPrefix(): string | null {
  if (!pgDump) return null;
  const prefix = parkedPrefix(pgDump);
  return lot ? `tl${lot}_${prefix.slice(3)}` : prefix;
}
let templateShape: string | undefined;
let superuser: boolean | undefined;

/** The schema's shape, read through a pool whose search_path is the schema (names then print unqualified). */
async function shapeOf(db: Db, schema: string): Promise<string> {
  const r = await db.pool!.query<{ shape: string }>(
    `SELECT concat_ws('|',
       (SELECT string_agg(c.relname::text || ':' || c.relkind::text, ',' ORDER BY c.relname) FROM pg_class c WHERE c.relnamespace = $1::regnamespace),
       (SELECT string_agg(c.relname::text || '.' || a.attname::text || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''), ',' ORDER BY c.relname, a.attnum)
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE c.relnamespace = $1::regnamespace AND a.attnum > 0 AND NOT a.attisdropped),
       (SELECT string_agg(conname::text || ' ' || pg_get_constraintdef(oid), ',' ORDER BY conname, pg_get_constraintdef(oid)) FROM pg_constraint WHERE connamespace = $1::regnamespace),
       (SELECT string_agg(pg_get_indexdef(i.indexrelid), ',' ORDER BY 1) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = $1::regnamespace),
       (SELECT string_agg(g.tgname::text || ' ' || g.tgenabled::text || ' ' || pg_get_triggerdef(g.oid), ',' ORDER BY 1) FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE c.relnamespace = $1::regnamespace AND NOT g.tgisinternal),
       (SELECT string_agg(p.proname::text || ' ' || md5(p.prosrc), ',' ORDER BY 1) FROM pg_proc p WHERE p.pronamespace = $1::regnamespace)
     ) AS shape`,
    [schema],
  );
  // the schema's own name (index definitions carry it) left out: the shape is the same under any name
  return createHash('sha256').update(r.rows[0]!.shape.replaceAll(`${schema}.`, '')).digest('hex');
}

/**
 * Whether the schema still has the template's shape; `fresh`: it was just made from the template
 * or claimed parked with its shape (the first such is this process's reference).
 */
async function schemaShapeMatches(db: Db, schema: string, fresh: boolean): Promise<boolean> {
  superuser ??= (await db.pool!.query<{ s: boolean }>(`SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user`)).rows[0]?.s === true;
  if (!superuser) return false;
  const shape = await shapeOf(db, schema);
  if (fresh) templateShape ??= shape;
  return shape === templateShape;
}

/** Rename a parked schema of this template to `schema`; false when none is parked. */
async function claimParkedSchema(db: Db, schema: string): Promise<boolean> {
  const prefix = parkingPrefix();
  if (!pgData || !prefix) return false;
  const parked = await db.pool!.query<{ n: string }>(`SELECT nspname AS n FROM pg_namespace WHERE starts_with(nspname, $1) ORDER BY random() LIMIT 4`, [prefix]);
  // openDatabase made `schema`, empty: it gives way to the claimed one in the same transaction
  const client = await db.pool!.connect();
  try {
    for (const { n } of parked.rows) {
      const claimed = await client.query(`BEGIN; DROP SCHEMA ${schema}; ALTER SCHEMA ${n} RENAME TO ${schema}; COMMIT;`).then(
        () => true,
        async () => {
          // another test database claimed it first: try the next
          await client.query('ROLLBACK');
          return false;
        },
      );
      if (claimed) return true;
    }
    return false;
  } finally {
    client.release();
  }
}

/**
 * Park the closed test schema (see above). Renamed out of the way first (a statement still running
 * for the closed test, a late timer, then finds no schema under its search_path); emptied,
 * refilled and given its parked name in one transaction, so no claimant ever sees it half done.
 * false when it cannot be parked (its shape changed, or not a superuser): the caller drops it.
 */
async function parkSchema(db: Db, schema: string): Promise<boolean> {
  const prefix = parkingPrefix();
  if (!pgData || !prefix || !(await schemaShapeMatches(db, schema, false))) return false;
  const stamp = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const resetting = `tr_${stamp}`;
  const parked = `${prefix}${stamp}`;
  await db.pool!.query(`ALTER SCHEMA ${schema} RENAME TO ${resetting}`);
  const client = await db.pool!.connect();
  try {
    const tables = await client.query<{ t: string }>(`SELECT format('%I.%I', $1::text, relname) AS t FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind IN ('r', 'p')`, [resetting]);
    await client.query(
      `BEGIN; SET LOCAL session_replication_role = replica; TRUNCATE ${tables.rows.map((r) => r.t).join(', ')}; ${pgTemplateFor(pgData, resetting)}; ALTER SCHEMA ${resetting} RENAME TO ${parked}; COMMIT;`,
    );
  } catch (err) {
    console.warn(`[test] could not park schema ${schema}: dropped instead`, err);
    await client.query('ROLLBACK').catch((e: unknown) => console.warn('[test] rollback after a failed park:', e));
    await client.query(`DROP SCHEMA IF EXISTS ${resetting} CASCADE`);
  } finally {
    client.release();
  }
  return true;
}

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
  const rows = await sql<{ nspname: string }>`SELECT nspname FROM pg_namespace WHERE nspname ~ '^(t_[0-9a-z]+_[0-9a-f]{8}|tr_[0-9a-z]+_[0-9a-f]{6}|tp_[0-9a-f]{10}_[0-9a-z]+_[0-9a-f]{6})$'`.execute(db.kysely);
  const cutoff = Date.now() - 6 * 3_600_000;
  const since2024 = Date.UTC(2024, 0, 1);
  for (const { nspname } of rows.rows) {
    // Only names this harness made: the part before the last is a millisecond timestamp in base 36
    // (other harnesses use words there, e.g. t_cal_…, which must never be taken for old).
    // (t_<ms>_<hex> in use, tr_<ms>_<hex> being reset, tp_<template hash>_<ms>_<hex> parked)
    const parts = nspname.split('_');
    const ts = parseInt(parts[parts.length - 2] ?? '', 36);
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
  if (schema && !(parkable.has(db) && (await parkSchema(db, schema)))) await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
  await db.close();
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
