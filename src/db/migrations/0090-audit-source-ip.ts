// 等保2.0 安全审计: the source address of the request that caused an audit record. Optional:
// records written before this migration, and records written outside a request (CLI, demo,
// start hooks), have none. The hash covers the column only when it is set, so every record
// written before stays verifiable (see src/audit/audit-writer.ts#hashRecord).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('source_ip', 'text').execute();
  // The audit viewer filters by person and by date, newest first.
  await db.schema.createIndex('audit_actor').on('audit_log').columns(['actor_id', 'seq']).execute();
  await db.schema.createIndex('audit_at').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_at').execute();
  await db.schema.dropIndex('audit_actor').execute();
  await db.schema.alterTable('audit_log').dropColumn('source_ip').execute();
}
