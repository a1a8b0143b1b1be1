// Issue 7 points 6–9: post history, evidence disclosure, WC-5 signal dismissals, outside
// supervisory bodies and appeal referrals (see src/db/tables/impartiality-execution.ts).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_evidence').addColumn('disclosable', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('case_evidence').addColumn('source_person_id', 'text').execute();

  await db.schema
    .createTable('person_post_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('from_unit_id', 'text', (c) => c.notNull())
    .addColumn('to_unit_id', 'text', (c) => c.notNull())
    .addColumn('from_post', 'text')
    .addColumn('to_post', 'text')
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('execution_item_id', 'text')
    .addColumn('reverses_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_post_history_person').on('person_post_history').columns(['person_id', 'recorded_at']).execute();

  await db.schema
    .createTable('wc5_signal_dismissals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('original_case_id', 'text', (c) => c.notNull().references('original_cases.id'))
    .addColumn('outcome_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('wc5_signal_dismissals_case').on('wc5_signal_dismissals').columns(['original_case_id']).execute();

  await db.schema
    .createTable('supervisor_memberships')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('appeal_referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('appeal_id', 'text', (c) => c.notNull().unique())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_name', 'text', (c) => c.notNull())
    .addColumn('letter_no', 'text', (c) => c.notNull())
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'text')
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('outcome_on', 'text')
    .addColumn('outcome_reason', 'text')
    .addColumn('outcome_forms', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('executed_on', 'text')
    .addColumn('new_decision_id', 'text')
    .execute();
  await db.schema.createIndex('appeal_referrals_body').on('appeal_referrals').columns(['body', 'sent_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('appeal_referrals').execute();
  await db.schema.dropTable('supervisor_memberships').execute();
  await db.schema.dropTable('wc5_signal_dismissals').execute();
  await db.schema.dropTable('person_post_history').execute();
  await db.schema.alterTable('case_evidence').dropColumn('source_person_id').execute();
  await db.schema.alterTable('case_evidence').dropColumn('disclosable').execute();
}
