// WC-11 with FL-13 (red-team walk of 2026-12-07, "A reversed payment"): an outside body that
// changes a decision may also lower (or drop) the amount of state compensation recovered from the
// appellant. The amount it decided is kept with its decision, the commission executes it, and a
// recovery already paid above what is now owed becomes a tracked refund item (退还). Money in fen,
// bigint on PostgreSQL like the other case money columns (0065).
import { PostgresAdapter, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('appeal_referrals')
    .addColumn('outcome_compensation_fen', isPostgres(db) ? 'bigint' : 'integer')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('appeal_referrals').dropColumn('outcome_compensation_fen').execute();
}
