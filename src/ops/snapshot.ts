// A consistent, read-only view of the whole database while the server keeps running.
// SQLite: a second connection holding one read transaction (WAL gives it a fixed snapshot and
// never blocks the writer); an in-memory database is copied with serialize() instead.
// PostgreSQL: one REPEATABLE READ READ ONLY transaction, tables streamed through cursors.
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import type { Db, DialectName } from '../db/database';
import { postgresCatalog, quoteIdent, sqliteCatalog, type Catalog, type TableInfo } from './db-catalog';

export interface Snapshot {
  engine: DialectName;
  catalog: Catalog;
  /** applied migration names, in order */
  migrations: string[];
  /** every row of the table as an array in `table.columns` order, ordered by primary key */
  rows(table: TableInfo): AsyncIterable<unknown[]>;
  close(): Promise<void>;
}

export async function openSnapshot(db: Db): Promise<Snapshot> {
  return db.dialect === 'sqlite' ? openSqliteSnapshot(db) : openPostgresSnapshot(db);
}

/** ORDER BY that both engines evaluate the same way: primary key (text compared bytewise). */
function orderBy(t: TableInfo, engine: DialectName): string {
  const keys = t.pk.length ? t.pk : t.columns.map((c) => c.name);
  return keys
    .map((k) => (engine === 'postgres' && (t.textPk.includes(k) || !t.pk.length) ? `${quoteIdent(k)} COLLATE "C"` : quoteIdent(k)))
    .join(', ');
}

function selectSql(t: TableInfo, engine: DialectName): string {
  return `SELECT ${t.columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${quoteIdent(t.name)} ORDER BY ${orderBy(t, engine)}`;
}

function openSqliteSnapshot(db: Db): Snapshot {
  if (!db.sqlite) throw new Error('SQLite handle missing');
  let h: SQLite.Database;
  if (!db.file || db.file === ':memory:') {
    // serialize() copies the database in one synchronous call: nothing can interleave.
    h = new SQLite(db.sqlite.serialize());
  } else {
    h = new SQLite(db.file, { readonly: true, fileMustExist: true });
    h.pragma('busy_timeout = 5000');
    h.exec('BEGIN');
    // The first read pins the snapshot for the rest of the transaction.
    h.prepare('SELECT count(*) FROM sqlite_master').get();
  }
  const hasMigrations = h.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`).get();
  const migrations = hasMigrations
    ? (h.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name)
    : [];
  return {
    engine: 'sqlite',
    catalog: sqliteCatalog(h),
    migrations,
    async *rows(t) {
      for (const row of h.prepare(selectSql(t, 'sqlite')).raw(true).iterate()) yield row as unknown[];
    },
    async close() {
      if (h.inTransaction) h.exec('COMMIT');
      h.close();
    },
  };
}

async function openPostgresSnapshot(db: Db): Promise<Snapshot> {
  if (!db.pool) throw new Error('PostgreSQL pool missing');
  const client: pg.PoolClient = await db.pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const catalog = await postgresCatalog(client);
    const has = await client.query<{ t: string | null }>(`SELECT to_regclass('kysely_migration')::text AS t`);
    const migrations = has.rows[0]?.t
      ? (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name COLLATE "C"')).rows.map((r) => r.name)
      : [];
    let cursorNo = 0;
    return {
      engine: 'postgres',
      catalog,
      migrations,
      async *rows(t) {
        const cursor = `wenze_backup_${++cursorNo}`;
        await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${selectSql(t, 'postgres')}`);
        for (;;) {
          const r = await client.query<unknown[]>({ text: `FETCH 1000 FROM ${cursor}`, rowMode: 'array' });
          if (!r.rows.length) break;
          for (const row of r.rows) yield row;
        }
        await client.query(`CLOSE ${cursor}`);
      },
      async close() {
        await client.query('COMMIT').catch(() => undefined);
        client.release();
      },
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
    throw err;
  }
}
