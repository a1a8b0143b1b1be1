// Query handles and per-dialect SQL fragments shared by the register repositories and services:
// reading through a Db or a Tx, and case-insensitive text matching on either engine.
import { Kysely, PostgresAdapter, sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, DialectName } from '../../db/database';
import type { Database } from '../../db/schema';
import type { Tx } from '../../db/tx';

/** A Db, or a Kysely handle (a `Tx` inside a transaction). On SQLite pass the `Tx` while one is open. */
export type DbOrTx = Db | Kysely<Database> | Tx;

export function queryOf(dbOrTx: DbOrTx): Kysely<Database> {
  return dbOrTx instanceof Kysely ? dbOrTx : dbOrTx.kysely;
}

export function dialectOf(q: Kysely<Database>): DialectName {
  return q.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * `column` contains `text` (as typed, wildcards escaped). PostgreSQL's LIKE is case-sensitive,
 * so it uses ILIKE; SQLite's LIKE already ignores ASCII case. Chinese has no case either way.
 */
export function containsText(dialect: DialectName, column: string, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} ILIKE ${pattern} ESCAPE '\\'`
    : sql<SqlBool>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`;
}
