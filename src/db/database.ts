// Opens the database chosen at start: PostgreSQL when a URL is given, otherwise the embedded
// SQLite file in the data folder (WAL, synchronous=FULL, secure_delete). One Kysely API over both.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Database } from './schema';
import { preparedNameOf } from './prepared-names';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** the SQLite file path (sqlite only) */
  file?: string;
  /** the raw better-sqlite3 handle (sqlite only): backup and benchmarks need it */
  sqlite?: SQLite.Database;
  /** statements run through Kysely so far (sqlite only; benchmarks count statements per request) */
  sqliteStatements?: () => number;
  /**
   * Statements sent to the database so far, both engines (SQLite: prepared through Kysely's driver;
   * PostgreSQL: queries sent on the pool's connections, BEGIN and COMMIT included): what tests
   * and benchmarks count per request.
   */
  statements: () => number;
  /**
   * With `timeSql`: milliseconds spent in the database so far. SQLite: the statements' own
   * execution (better-sqlite3 runs them synchronously). PostgreSQL: the time during which at least
   * one statement was awaiting its answer (overlapping statements counted once).
   */
  sqlMs?: () => number;
  /** the pg pool (postgres only) */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** folder for the embedded database and files; default ./data */
  dataDir?: string;
  /** postgres://… — when set, PostgreSQL is used */
  databaseUrl?: string | undefined;
  /** SQLite file name inside dataDir; default wenze.db */
  fileName?: string;
  /** ':memory:' for an in-memory SQLite database (tests) */
  memory?: boolean;
  /**
   * An in-memory SQLite database opened from this serialized image (better-sqlite3's
   * `serialize()`): the tests start every database from one migrated template.
   */
  sqliteImage?: Buffer;
  /** PostgreSQL schema to use (tests isolate themselves in a fresh schema) */
  pgSchema?: string;
  poolSize?: number;
  /**
   * Keep `Db.sqlMs`: the time spent in the database (benchmarks: bench/write.ts splits each phase
   * into SQL and JavaScript). Off unless asked: nothing is timed in production.
   */
  timeSql?: boolean;
}

// Return DATE/TIMESTAMP/BIGINT as strings/numbers the same way SQLite does, so repositories
// see one shape on both engines.
pg.types.setTypeParser(20, (v) => Number(v)); // int8
pg.types.setTypeParser(1700, (v) => Number(v)); // numeric
pg.types.setTypeParser(1082, (v) => v); // date stays 'YYYY-MM-DD'

/** Whether a Kysely handle (a transaction included) talks to PostgreSQL: for the few dialect-specific statements. */
export function isPostgresHandle(q: Kysely<Database>): boolean {
  return q.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * The handle Kysely's SQLite driver prepares through, with prepared statements kept by SQL text:
 * the driver prepares every statement again on each run, and compiling a statement costs more
 * than running it for most of ours (the case view's aggregate statement ~1 ms to prepare,
 * ~0.1 ms to run). Kysely runs one statement at a time on its single connection; a statement
 * still being iterated (a stream left open) is never handed out again, a fresh one is prepared.
 * Bounded: the least recently used statement is dropped past `max` distinct texts (lists built
 * with IN (?, ?, …) of varying length make texts that are seldom run twice).
 */
export function cachedStatements(
  handle: SQLite.Database,
  max = 500,
  /** when given, the statements' execution time is added to it (`timeSql`) */
  clock?: { ns: bigint },
): { prepare(sql: string): SQLite.Statement; close(): void; count: number } {
  const cache = new Map<string, SQLite.Statement>();
  const fresh = (text: string): SQLite.Statement => {
    if (!clock) return handle.prepare(text);
    const t0 = process.hrtime.bigint();
    const stmt = handle.prepare(text);
    clock.ns += process.hrtime.bigint() - t0;
    return timedStatement(stmt, clock);
  };
  const out = {
    count: 0,
    prepare(text: string): SQLite.Statement {
      out.count++;
      const hit = cache.get(text);
      if (hit && !hit.busy) {
        // most recently used last: Map keeps insertion order
        cache.delete(text);
        cache.set(text, hit);
        return hit;
      }
      const stmt = fresh(text);
      if (!hit) {
        cache.set(text, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
    close(): void {
      cache.clear();
      handle.close();
    },
  };
  return out;
}

/** The statement with its runs (all, get, run) timed into `clock` (`timeSql`); streamed reads (iterate) are not timed. */
function timedStatement(stmt: SQLite.Statement, clock: { ns: bigint }): SQLite.Statement {
  const timed = <A extends unknown[], R>(f: (...a: A) => R) =>
    function (this: unknown, ...a: A): R {
      const t0 = process.hrtime.bigint();
      try {
        return f.apply(stmt, a);
      } finally {
        clock.ns += process.hrtime.bigint() - t0;
      }
    };
  const s = stmt as unknown as Record<'all' | 'get' | 'run', (...a: unknown[]) => unknown>;
  for (const m of ['all', 'get', 'run'] as const) s[m] = timed(s[m]);
  return stmt;
}

/**
 * Time during which at least one statement awaits its answer (PostgreSQL, `timeSql`): statements
 * overlapping on several connections are counted once.
 */
function inFlightTimer(): { around: <T>(p: T) => T; ms: () => number } {
  let inFlight = 0;
  let since = 0n;
  let ns = 0n;
  const done = (): void => {
    if (--inFlight === 0) ns += process.hrtime.bigint() - since;
  };
  return {
    around: <T,>(p: T): T => {
      if (!(p instanceof Promise)) return p;
      if (inFlight++ === 0) since = process.hrtime.bigint();
      p.then(done, done);
      return p;
    },
    ms: () => Number(ns) / 1e6,
  };
}

export function openSqliteHandle(file: string | Buffer): SQLite.Database {
  const handle = new SQLite(file);
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = FULL');
  handle.pragma('busy_timeout = 5000');
  handle.pragma('foreign_keys = ON');
  // Deleted and overwritten content is zeroed, not left in free pages (issue 9 §3: a sealed
  // document's earlier clear text must not stay readable in the file; cost in docs/PERFORMANCE.md).
  handle.pragma('secure_delete = ON');
  // Temporary B-trees (ORDER BY, DISTINCT, UNION, materialized subqueries) in memory, never in
  // temporary files: the case aggregate statement sorts about twenty small lists, and past a score
  // of them SQLite made temporary files on each run (the statement took 535 µs instead of 135 for
  // a case with 200 evidence items, measured; issue 14). Sorted rows then never reach a file
  // outside the database either (issue 9 §3). The big sorts (statistics, exports) fit in memory.
  handle.pragma('temp_store = MEMORY');
  // page cache of the one connection (SQLite's default is 2 MiB): at 100k cases the queue's and
  // lists' index walks otherwise re-read their pages from the OS on every request (issue 14).
  // SQLITE_CACHE_MB (default 64) sets it; memory is taken only as pages are read.
  const cacheMb = Number(process.env.SQLITE_CACHE_MB ?? 64);
  if (Number.isFinite(cacheMb) && cacheMb > 0) handle.pragma(`cache_size = ${-Math.round(cacheMb * 1024)}`);
  return handle;
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Db> {
  if (opts.databaseUrl) {
    const schema = opts.pgSchema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // every query of every connection counted (one increment: no cost worth measuring)
    let count = 0;
    const timer = opts.timeSql ? inFlightTimer() : null;
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      const send = (...args: unknown[]): unknown => {
        // the few big statements of fixed text run as named prepared statements (src/db/prepared-names.ts)
        if (typeof args[0] === 'string' && Array.isArray(args[1]) && args.length === 2) {
          const name = preparedNameOf(args[0]);
          if (name) return query({ name, text: args[0], values: args[1] });
        }
        return query(...args);
      };
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        count++;
        return timer ? timer.around(send(...args)) : send(...args);
      };
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (schema) await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${schema}`).execute(kysely);
    return {
      kysely,
      dialect: 'postgres',
      pool,
      statements: () => count,
      ...(timer ? { sqlMs: timer.ms } : {}),
      close: async () => {
        await kysely.destroy();
      },
    };
  }
  let file = ':memory:';
  if (!opts.memory) {
    const dir = path.resolve(opts.dataDir ?? './data');
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, opts.fileName ?? 'wenze.db');
  }
  const handle = openSqliteHandle(opts.sqliteImage ?? file);
  const clock = opts.timeSql ? { ns: 0n } : undefined;
  const cached = cachedStatements(handle, 500, clock);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) });
  return {
    kysely,
    dialect: 'sqlite',
    file,
    sqlite: handle,
    sqliteStatements: () => cached.count,
    statements: () => cached.count,
    ...(clock ? { sqlMs: () => Number(clock.ns) / 1e6 } : {}),
    close: async () => {
      await kysely.destroy();
    },
  };
}
