// Impartiality (issue 7): declared relationships, recusals/challenges per case, reporter links
// to staff (see src/db/tables/impartiality.ts).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('declared_relationships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('related_person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('declared_by', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdraw_reason', 'text')
    .execute();
  await db.schema.createIndex('declared_relationships_related').on('declared_relationships').column('related_person_id').execute();

  await db.schema
    .createTable('case_recusals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('acting_for', 'text')
    .execute();
  await db.schema.createIndex('case_recusals_case').on('case_recusals').column('case_id').execute();

  await db.schema
    .createTable('case_reporter_links')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_reporter_links').execute();
  await db.schema.dropTable('case_recusals').execute();
  await db.schema.dropTable('declared_relationships').execute();
}
