// Optional shared store of the rate limits (@fastify/rate-limit with RATE_LIMIT_STORE=database):
// one counter per route and client address, so several app servers on one database limit a
// client together. Not used with the default in-memory store. Counters are not records: expired
// ones are removed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('reset_at_ms', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limit_hits').execute();
}
