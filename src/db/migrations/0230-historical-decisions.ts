// Issue 12 point 5: accountability decisions made before go-live, imported from Excel, so that
// FL-10(6) (多次发生违法违规行为: prior cases by conduct and decision date) and FL-14 (the year's
// award bars for the person and the unit) start with the history. One row per past decision
// (its case number and dates) and one per subject (forms, exemption, award bars). Every row is
// marked as imported (source 'import', who, when, the import it came with). Both engines.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('historical_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_number', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('conduct_date', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('import'))
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    // issue 11: the organisation the decision belongs to (scopes statistics, bars and exports)
    .addColumn('org_id', 'text', (c) => c.notNull().defaultTo('org-default'))
    .execute();
  await db.schema.createIndex('historical_decisions_org').on('historical_decisions').column('org_id').execute();
  await db.schema
    .createTable('historical_decision_subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('decision_id', 'text', (c) => c.notNull().references('historical_decisions.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('forms', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('no_accountability', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('award_bar_year', 'integer')
    .addColumn('unit_award_bar', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('historical_decision_subjects_person').on('historical_decision_subjects').column('person_id').execute();
  await db.schema.createIndex('historical_decision_subjects_decision').on('historical_decision_subjects').column('decision_id').execute();
  await db.schema.createIndex('historical_decision_subjects_bar_year').on('historical_decision_subjects').column('award_bar_year').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('historical_decision_subjects').ifExists().execute();
  await db.schema.dropTable('historical_decisions').ifExists().execute();
}
