// Collective meetings (FL-15, WC-9(3), FL-5(4)): the register of the decision body's members,
// meetings as records and each member's attendance, recusal, opinion and own confirmation
// (see src/db/tables/meetings.ts).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('decision_body_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id'))
    .addColumn('title', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('appeal_id', 'text', (c) => c.references('case_appeals.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('chair_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text')
    .addColumn('quorum_json', 'text')
    .addColumn('result_json', 'text')
    .addColumn('missing_confirmations', 'text')
    .addColumn('dual_roles', 'text', (c) => c.notNull())
    .addColumn('rule_evaluation_id', 'text')
    .addColumn('carried_out_by_step', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('meetings_case').on('meetings').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('meeting_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('attendance', 'text', (c) => c.notNull())
    .addColumn('recusal_kind', 'text')
    .addColumn('recusal_reason', 'text')
    .addColumn('opinion_json', 'text')
    .addColumn('opinion_by', 'text')
    .addColumn('opinion_at', 'text')
    .addColumn('confirmed_at', 'text')
    .addUniqueConstraint('meeting_members_once', ['meeting_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('meeting_members').execute();
  await db.schema.dropTable('meetings').execute();
  await db.schema.dropTable('decision_body_members').execute();
}
