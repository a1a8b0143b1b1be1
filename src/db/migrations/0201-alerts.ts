// Early-intervention alerts (issue 12 part 2). One row per fact that tripped a rule: `key` names
// the rule, the subject and the fact (e.g. the latest case counted), unique, so evaluating again
// never raises the same alert twice — neither while it is open nor after it was closed. A new
// fact (another case, another payment) makes a new key and a new alert.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    // the organisation of the alert's subject (issue 11 organisation scope)
    .addColumn('org_id', 'text', (c) => c.notNull().defaultTo('org-default'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('unit_id', 'text')
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text')
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('alerts_status').on('alerts').column('status').execute();
  await db.schema.createIndex('alerts_person').on('alerts').column('person_id').execute();
  await db.schema.createIndex('alerts_org').on('alerts').column('org_id').execute();

  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('owner_user_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_events_alert').on('alert_events').column('alert_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('alert_events').execute();
  await db.schema.dropTable('alerts').execute();
}
