// 等保2.0 安全审计: the source address of the request that caused an audit record. Optional:
// records written before this migration, and records written outside a request (CLI, demo,
// start hooks), have none. The hash covers the column only when it is set, so every record
// written before stays verifiable (see src/audit/audit-writer.ts#hashRecord).
import { PostgresAdapter, sql, type Kysely } from 'kysely';

/** Whether audit_log already has the column (the sign-in auditing work adds the same column; whichever runs first adds it). */
async function hasSourceIp(db: Kysely<unknown>): Promise<boolean> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const r = await sql`SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'audit_log' AND column_name = 'source_ip'`.execute(db);
    return r.rows.length > 0;
  }
  const r = await sql<{ name: string }>`SELECT name FROM pragma_table_info('audit_log')`.execute(db);
  return r.rows.some((c) => c.name === 'source_ip');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(await hasSourceIp(db))) await db.schema.alterTable('audit_log').addColumn('source_ip', 'text').execute();
  // The audit viewer filters by person and by date, newest first.
  await db.schema.createIndex('audit_actor').ifNotExists().on('audit_log').columns(['actor_id', 'seq']).execute();
  await db.schema.createIndex('audit_at').ifNotExists().on('audit_log').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_at').execute();
  await db.schema.dropIndex('audit_actor').execute();
  await db.schema.alterTable('audit_log').dropColumn('source_ip').execute();
}
