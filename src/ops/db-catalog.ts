// What tables the migrated schema holds, read from the engine's own catalog, so backup and
// restore include tables that other areas add without any change here. One small function per
// dialect (SQLite: sqlite_master + PRAGMAs; PostgreSQL: pg_catalog/information_schema of the
// current schema) and one engine-neutral shape.
//
// Left out on purpose, because they are engine-specific derived data that cannot move between
// engines: Kysely's own migration tables (the manifest lists applied migration names instead),
// the file store's tables (blobs travel as blobs), SQLite virtual tables (FTS5) and their shadow tables, generated columns, and PostgreSQL
// `tsvector` columns. They are rebuilt from the base rows after a restore.
import type SQLite from 'better-sqlite3';
import type pg from 'pg';

export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/**
 * The database file store's tables (migration 0160): file contents, not records. A backup
 * carries every recorded file as a blob whatever the store, and a restore puts the blobs into
 * the target's store, so these are never carried as rows (nor replaced by a restore).
 */
export const FILE_STORE_TABLES = ['file_blobs', 'file_chunks', 'file_uploads'];
/** Derived from the other tables, not backed up: the statistics' counters (migration 0480), recounted after a restore. */
export const DERIVED_TABLES = ['stats_dirty', 'stats_case_contrib', 'stats_counters'];

export interface ColumnInfo {
  name: string;
  /** declared type as the engine reports it (lower case) */
  type: string;
  /** PostgreSQL: column filled from a sequence (serial or identity) whose counter restore must move on */
  sequence: 'none' | 'serial' | 'identity-always' | 'identity-default';
}

export interface ForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

export interface TableInfo {
  name: string;
  /** columns that a backup carries, in declaration order */
  columns: ColumnInfo[];
  /** primary key columns in key order; empty when the table has none */
  pk: string[];
  /** text-typed primary key columns (PostgreSQL orders them with COLLATE "C", as SQLite does) */
  textPk: string[];
  fks: ForeignKey[];
}

export interface Catalog {
  /** tables in dependency order: a table comes after every table it references */
  tables: TableInfo[];
  /** tables and columns left out, named for the manifest */
  excluded: { tables: string[]; columns: Record<string, string[]> };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Double-quoted SQL identifier; refuses anything but plain names (a backup file is untrusted input). */
export function quoteIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
}

const isTextType = (t: string): boolean => /char|text|clob|uuid|^$/i.test(t);

// ---------------------------------------------------------------------------------- SQLite

export function sqliteCatalog(h: SQLite.Database): Catalog {
  const all = h
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)
    .all() as { name: string; sql: string | null }[];
  const virtual = all.filter((t) => /^\s*create\s+virtual\s+table/i.test(t.sql ?? '')).map((t) => t.name);
  const excludedTables: string[] = [];
  const excludedColumns: Record<string, string[]> = {};
  const tables: TableInfo[] = [];
  for (const t of all) {
    if (MIGRATION_TABLES.includes(t.name)) continue;
    if (FILE_STORE_TABLES.includes(t.name) || DERIVED_TABLES.includes(t.name)) {
      excludedTables.push(t.name);
      continue;
    }
    if (virtual.includes(t.name) || virtual.some((v) => t.name.startsWith(`${v}_`))) {
      excludedTables.push(t.name);
      continue;
    }
    const cols = h.prepare(`PRAGMA table_xinfo(${quoteIdent(t.name)})`).all() as {
      name: string;
      type: string;
      pk: number;
      hidden: number;
    }[];
    const kept = cols.filter((c) => c.hidden === 0);
    const generated = cols.filter((c) => c.hidden !== 0).map((c) => c.name);
    if (generated.length) excludedColumns[t.name] = generated;
    const pkCols = kept.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const fkRows = h.prepare(`PRAGMA foreign_key_list(${quoteIdent(t.name)})`).all() as {
      id: number;
      seq: number;
      table: string;
      from: string;
      to: string | null;
    }[];
    const byId = new Map<number, ForeignKey>();
    for (const r of fkRows.sort((a, b) => a.id - b.id || a.seq - b.seq)) {
      const fk = byId.get(r.id) ?? { table: t.name, columns: [], refTable: r.table, refColumns: [] };
      fk.columns.push(r.from);
      fk.refColumns.push(r.to ?? r.from);
      byId.set(r.id, fk);
    }
    tables.push({
      name: t.name,
      columns: kept.map((c) => ({ name: c.name, type: (c.type ?? '').toLowerCase(), sequence: 'none' })),
      pk: pkCols.map((c) => c.name),
      textPk: pkCols.filter((c) => isTextType(c.type ?? '')).map((c) => c.name),
      fks: [...byId.values()],
    });
  }
  return { tables: dependencyOrder(tables), excluded: { tables: excludedTables, columns: excludedColumns } };
}

// ------------------------------------------------------------------------------ PostgreSQL

export async function postgresCatalog(client: pg.PoolClient | pg.Client): Promise<Catalog> {
  const tableRows = (
    await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    )
  ).rows;
  const colRows = (
    await client.query<{
      table_name: string;
      column_name: string;
      udt_name: string;
      is_generated: string;
      is_identity: string;
      identity_generation: string | null;
      column_default: string | null;
    }>(
      `SELECT table_name, column_name, udt_name, is_generated, is_identity, identity_generation, column_default
         FROM information_schema.columns WHERE table_schema = current_schema()
        ORDER BY table_name, ordinal_position`,
    )
  ).rows;
  const pkRows = (
    await client.query<{ table_name: string; column_name: string }>(
      `SELECT t.relname AS table_name, a.attname AS column_name
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.contype = 'p' AND c.connamespace = current_schema()::regnamespace
        ORDER BY t.relname, k.ord`,
    )
  ).rows;
  const fkRows = (
    await client.query<{ oid: number; table_name: string; ref_table: string; column_name: string; ref_column: string }>(
      `SELECT c.oid::int AS oid, t.relname AS table_name, r.relname AS ref_table, a.attname AS column_name, ra.attname AS ref_column
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_class r ON r.oid = c.confrelid
         CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(attnum, refattnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
         JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.refattnum
        WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
        ORDER BY c.oid, k.ord`,
    )
  ).rows;

  const excludedTables: string[] = [];
  const excludedColumns: Record<string, string[]> = {};
  const tables: TableInfo[] = [];
  for (const { name } of tableRows) {
    if (MIGRATION_TABLES.includes(name)) continue;
    if (FILE_STORE_TABLES.includes(name) || DERIVED_TABLES.includes(name)) {
      excludedTables.push(name);
      continue;
    }
    const cols = colRows.filter((c) => c.table_name === name);
    const kept: ColumnInfo[] = [];
    for (const c of cols) {
      if (c.is_generated === 'ALWAYS' || c.udt_name === 'tsvector') {
        (excludedColumns[name] ??= []).push(c.column_name);
        continue;
      }
      const sequence: ColumnInfo['sequence'] =
        c.is_identity === 'YES'
          ? c.identity_generation === 'ALWAYS'
            ? 'identity-always'
            : 'identity-default'
          : c.column_default?.startsWith('nextval(')
            ? 'serial'
            : 'none';
      kept.push({ name: c.column_name, type: c.udt_name.toLowerCase(), sequence });
    }
    const pk = pkRows.filter((r) => r.table_name === name).map((r) => r.column_name);
    const byOid = new Map<number, ForeignKey>();
    for (const r of fkRows.filter((f) => f.table_name === name)) {
      const fk = byOid.get(r.oid) ?? { table: name, columns: [], refTable: r.ref_table, refColumns: [] };
      fk.columns.push(r.column_name);
      fk.refColumns.push(r.ref_column);
      byOid.set(r.oid, fk);
    }
    tables.push({
      name,
      columns: kept,
      pk,
      textPk: pk.filter((p) => isTextType(kept.find((c) => c.name === p)?.type ?? '')),
      fks: [...byOid.values()],
    });
  }
  return { tables: dependencyOrder(tables), excluded: { tables: excludedTables, columns: excludedColumns } };
}

// ---------------------------------------------------------------------------------- shared

/**
 * Orders tables so each comes after the tables it references (ties by name, so both engines
 * give the same order for the same migrations). A reference cycle between tables is broken at
 * the alphabetically first table; restore defers foreign keys where the engine allows.
 */
export function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: TableInfo[] = [];
  const visit = (t: TableInfo): void => {
    if (done.has(t.name) || visiting.has(t.name)) return;
    visiting.add(t.name);
    const deps = [...new Set(t.fks.map((f) => f.refTable))].filter((n) => n !== t.name).sort();
    for (const d of deps) {
      const dt = byName.get(d);
      if (dt) visit(dt);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) visit(t);
  return out;
}

/** The foreign keys of a table that point back at the same table (a tree such as units). */
export const selfReferences = (t: TableInfo): ForeignKey[] => t.fks.filter((f) => f.refTable === t.name);
