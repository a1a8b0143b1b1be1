// A digest of everything stored: every table of the migrated schema (read from the engine's own
// catalog, so tables other areas add later are included without a change here), each dumped in
// primary-key order. Two equal digests mean no row was added, removed or changed.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database';
import { quoteIdent } from '../../src/ops/db-catalog';

/** PostgreSQL: the test schema's log of writing transactions (postgresChangeMarker); not part of any digest. */
const CHANGE_LOG = 'wenze_digest_log';

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

async function postgresTables(db: Db): Promise<{ name: string; pk: string[] }[]> {
  const rows = (
    await sql<{ name: string; pk: string[] | null }>`
      SELECT c.relname AS name,
             (SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey, a.attnum))
                FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
               WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
        FROM pg_class c
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> ${CHANGE_LOG}
       ORDER BY c.relname`.execute(db.kysely)
  ).rows;
  return rows.map((r) => ({ name: r.name, pk: r.pk ?? [] }));
}

const orderOf = (pk: string[]): string => (pk.length ? pk.map((k) => `x.${quoteIdent(k)}`).join(', ') : 'x::text');

async function postgresDump(db: Db): Promise<TableDump[]> {
  const out: TableDump[] = [];
  for (const { name, pk } of await postgresTables(db)) {
    const rows = (await sql<{ r: string }>`SELECT x::text AS r FROM ${sql.raw(quoteIdent(name))} x ORDER BY ${sql.raw(orderOf(pk))}`.execute(db.kysely)).rows;
    out.push({ table: name, rows: rows.map((r) => r.r) });
  }
  return out;
}

/**
 * PostgreSQL: the whole digest in one round trip (count and md5 of the ordered rows per table);
 * `withLog`: with the change log's row count, read in the same snapshot.
 */
async function postgresDigestRows(db: Db, withLog = false): Promise<{ t: string; n: number; h: string }[]> {
  const tables = await postgresTables(db);
  const parts = tables.map(
    ({ name, pk }) =>
      `SELECT '${name}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY ${orderOf(pk)}), '')) AS h FROM ${quoteIdent(name)} x`,
  );
  if (withLog) parts.push(`SELECT '${CHANGE_LOG}' AS t, count(*)::int AS n, '' AS h FROM ${CHANGE_LOG}`);
  return (await sql<{ t: string; n: number; h: string }>`${sql.raw(parts.join(' UNION ALL '))}`.execute(db.kysely)).rows;
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
  if (db.dialect === 'postgres') {
    // the last digest still holds while the schema's change counter has not moved (see
    // postgresChangeMarker) and no table came or went
    const marker = await postgresChangeMarker(db);
    const last = lastDigest.get(db);
    if (last?.marker === marker) return last.digest;
    let logRows = -1;
    const rows = await postgresDigestRows(db, true);
    for (const r of rows.sort((a, b) => (a.t < b.t ? -1 : 1))) {
      if (r.t === CHANGE_LOG) {
        logRows = r.n;
        continue;
      }
      const d = `${r.n}:${r.h.slice(0, 16)}`;
      perTable[r.t] = d;
      all.update(r.t).update('=').update(d).update('\n');
    }
    const digest = { hash: all.digest('hex'), perTable };
    // cached under the log count read in the same snapshot as the rows (not the marker read
    // before: a write committed between the two is then seen as a change next time)
    lastDigest.set(db, { marker: markerOf(logRows, rows.length - 1), digest });
    return digest;
  }
  // SQLite: the last digest still holds while nothing was written since it was taken — no row
  // change through this connection (total_changes(), trigger writes and rolled-back ones counted)
  // and no commit by any other connection (PRAGMA data_version). The fuzzers take a digest around
  // every request and most refusals write nothing: they no longer dump every table for those.
  const h = db.sqlite;
  const marker = h ? `${String((h.prepare('SELECT total_changes() AS n').get() as { n: number }).n)}:${String(h.pragma('data_version', { simple: true }))}` : null;
  const last = lastDigest.get(db);
  if (marker && last?.marker === marker) return last.digest;
  for (const t of await dumpDatabase(db)) {
    const h = createHash('sha256');
    for (const r of t.rows) h.update(r).update('\n');
    const d = `${t.rows.length}:${h.digest('hex').slice(0, 16)}`;
    perTable[t.table] = d;
    all.update(t.table).update('=').update(d).update('\n');
  }
  const digest = { hash: all.digest('hex'), perTable };
  if (marker) lastDigest.set(db, { marker, digest });
  return digest;
}

/**
 * PostgreSQL has no cheap marker of committed row changes that is exact at once (its statistics
 * are flushed late), so the test schema gets one: a log table with a row per writing transaction,
 * added by a statement-level trigger after every INSERT, UPDATE, DELETE and TRUNCATE on every
 * table (MERGE, COPY and foreign-key cascades fire them too). The log row commits, or rolls back,
 * with the write itself, and the digest counts the log in the same snapshot as it reads the
 * tables: an equal count later means no transaction that wrote has committed since, including one
 * that was still open while the digest was taken. The marker also counts the tables; a table added
 * since gets its trigger before the marker is read.
 */
async function postgresChangeMarker(db: Db): Promise<string> {
  const read = async () =>
    (
      await sql<{ n: number; tables: number; armed: number }>`
        SELECT (SELECT count(*)::int FROM wenze_digest_log) AS n,
               (SELECT count(*)::int FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> ${CHANGE_LOG}) AS tables,
               (SELECT count(*)::int FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                 WHERE c.relnamespace = current_schema()::regnamespace AND g.tgname = 'wenze_digest_changes') AS armed`.execute(db.kysely)
    ).rows[0]!;
  let m = armedSchemas.has(db) ? await read() : null;
  if (!m || m.armed !== m.tables) {
    await armChangeLog(db);
    armedSchemas.add(db);
    m = await read();
  }
  return markerOf(m.n, m.tables);
}

const markerOf = (logRows: number, tables: number): string => `${logRows}:${tables}`;

async function armChangeLog(db: Db): Promise<void> {
  await sql.raw(`CREATE TABLE IF NOT EXISTS ${CHANGE_LOG} (xid bigint PRIMARY KEY)`).execute(db.kysely);
  const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0]!.s;
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION wenze_digest_count() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN INSERT INTO ${quoteIdent(schema)}.${CHANGE_LOG} (xid) VALUES (txid_current()) ON CONFLICT DO NOTHING; RETURN NULL; END $f$`,
    )
    .execute(db.kysely);
  const bare = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> ${CHANGE_LOG}
       AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'wenze_digest_changes')`.execute(db.kysely);
  for (const { name } of bare.rows) {
    await sql
      .raw(`CREATE TRIGGER wenze_digest_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${quoteIdent(name)} FOR EACH STATEMENT EXECUTE FUNCTION wenze_digest_count()`)
      .execute(db.kysely);
  }
}

const armedSchemas = new WeakSet<Db>();

/** Each database's last digest and the change marker it was taken at (see digestDatabase). */
const lastDigest = new WeakMap<Db, { marker: string; digest: Digest }>();

/** The tables whose content differs between two digests. */
export function changedTables(a: Digest, b: Digest): string[] {
  const names = new Set([...Object.keys(a.perTable), ...Object.keys(b.perTable)]);
  return [...names].filter((n) => a.perTable[n] !== b.perTable[n]).sort();
}
