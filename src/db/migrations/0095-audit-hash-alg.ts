// The audit chain records which hash each record uses: 'sha256' (every record before this
// migration) or 'sm3' (new records while the 国密 option is on). See src/audit/hash-alg.ts.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .addColumn('hash_alg', 'text', (c) => c.notNull().defaultTo('sha256'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').dropColumn('hash_alg').execute();
}
