// A digest of everything stored: every table of the migrated schema (read from the engine's own
// catalog, so tables other areas add later are included without a change here), each dumped in
// primary-key order. Two equal digests mean no row was added, removed or changed.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database';
import { quoteIdent } from '../../src/ops/db-catalog';

export interface TableDump {
  table: string;
  rows: string[];
}

function sqliteDump(db: Db): TableDump[] {
  const h = db.sqlite;
  if (!h) throw new Error('SQLite handle missing');
  const tables = h.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`).all() as { name: string }[];
  return tables.map(({ name }) => {
    const cols = h.prepare(`PRAGMA table_info(${quoteIdent(name)})`).all() as { name: string; pk: number }[];
    const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => quoteIdent(c.name));
    // Tables without a declared key (FTS5 virtual tables among them) are ordered by rowid.
    const order = pk.length ? pk.join(', ') : 'rowid';
    const rows = h.prepare(`SELECT * FROM ${quoteIdent(name)} ORDER BY ${order}`).raw(true).all() as unknown[][];
    return { table: name, rows: rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v))) };
  });
}

async function postgresDump(db: Db): Promise<TableDump[]> {
  const tables = (
    await sql<{ name: string }>`SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') ORDER BY c.relname`.execute(db.kysely)
  ).rows;
  const out: TableDump[] = [];
  for (const { name } of tables) {
    const pk = (
      await sql<{ col: string }>`
        SELECT a.attname AS col FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = ${`${name}`}::regclass AND i.indisprimary
         ORDER BY array_position(i.indkey, a.attnum)`.execute(db.kysely)
    ).rows.map((r) => quoteIdent(r.col));
    const t = quoteIdent(name);
    const order = pk.length ? pk.join(', ') : 'x::text';
    const rows = (await sql<{ r: string }>`SELECT x::text AS r FROM ${sql.raw(t)} x ORDER BY ${sql.raw(pk.length ? pk.map((k) => `x.${k}`).join(', ') : order)}`.execute(db.kysely)).rows;
    out.push({ table: name, rows: rows.map((r) => r.r) });
  }
  return out;
}

/** Every table, every row, in primary-key order. */
export async function dumpDatabase(db: Db): Promise<TableDump[]> {
  return db.dialect === 'sqlite' ? sqliteDump(db) : postgresDump(db);
}

export interface Digest {
  hash: string;
  /** row count per table, to say what changed when two digests differ */
  perTable: Record<string, string>;
}

export async function digestDatabase(db: Db): Promise<Digest> {
  const all = createHash('sha256');
  const perTable: Record<string, string> = {};
  for (const t of await dumpDatabase(db)) {
    const h = createHash('sha256');
    for (const r of t.rows) h.update(r).update('\n');
    const d = `${t.rows.length}:${h.digest('hex').slice(0, 16)}`;
    perTable[t.table] = d;
    all.update(t.table).update('=').update(d).update('\n');
  }
  return { hash: all.digest('hex'), perTable };
}

/** The tables whose content differs between two digests. */
export function changedTables(a: Digest, b: Digest): string[] {
  const names = new Set([...Object.keys(a.perTable), ...Object.keys(b.perTable)]);
  return [...names].filter((n) => a.perTable[n] !== b.perTable[n]).sort();
}
