// Money on cases in fen, as bigint on PostgreSQL. 0030 declared these columns `integer`, which
// PostgreSQL makes a 32-bit int4 (at most 2,147,483,647 fen ≈ ¥21.47 million), while the input
// schemas accept amounts up to Number.MAX_SAFE_INTEGER and SQLite's INTEGER is 64-bit: a FL-13
// compensation share of ¥30 million decided fine on SQLite and failed with a 500 on PostgreSQL
// (found by the API fuzz test). The registers' compensation column is already bigint. SQLite
// needs nothing.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

const COLUMNS: [table: string, column: string][] = [
  ['case_decision_items', 'compensation_fen'],
  ['case_execution_items', 'amount_fen'],
  ['case_payments', 'amount_fen'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const [table, column] of COLUMNS) await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN ${sql.ref(column)} TYPE bigint`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const [table, column] of COLUMNS) await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN ${sql.ref(column)} TYPE integer`.execute(db);
}
