// 等保2.0 访问控制: first-run setup happens once, ever. The setup transaction inserts the single
// row (id = 1) of this table with ON CONFLICT DO NOTHING; of any number of concurrent setup
// requests exactly one inserts it, on both engines (PostgreSQL: the primary key makes the
// others wait and then find the row; SQLite: BEGIN IMMEDIATE serializes them).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('setup_once')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('done_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('setup_once').execute();
}
