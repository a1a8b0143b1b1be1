// Scheduled jobs run by the server processes (issue 14, operations): one row per job, the lease
// that lets exactly one server of several on one database run a due occurrence, and the outcome
// of the last run (read by /metrics and the operations page). First job: the nightly backup.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scheduled_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    // the occurrence last completed successfully (e.g. the China date of a daily job)
    .addColumn('done_key', 'text')
    // who runs it now, until when (ISO instant); after a failure: no new attempt before lease_until
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_started_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_failure_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_result', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scheduled_jobs').execute();
}
