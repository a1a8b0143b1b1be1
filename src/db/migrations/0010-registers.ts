// The registers: units, people, enforcement certificates with status history, original
// enforcement cases with participants, WC-5 outcome events and compensation paid.
// Dates are text 'YYYY-MM-DD' on both engines (compared as strings); money is integer fen.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_code', 'text', (c) => c.notNull().unique())
    .addColumn('parent_id', 'text', (c) => c.references('units.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('units_parent').on('units').column('parent_id').execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('post', 'text')
    .addColumn('employee_no', 'text', (c) => c.unique())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_unit').on('people').column('unit_id').execute();
  await db.schema.createIndex('people_name').on('people').column('name').execute();

  await db.schema
    .createTable('enforcement_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('issuing_authority', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('certificates_person').on('enforcement_certificates').column('person_id').execute();

  await db.schema
    .createTable('certificate_status_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('certificate_id', 'text', (c) => c.notNull().references('enforcement_certificates.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('case_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('certificate_status_changes_seq', ['certificate_id', 'seq'])
    .execute();

  await db.schema
    .createTable('original_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('decision_date', 'text', (c) => c.notNull())
    .addColumn('counterpart_name', 'text', (c) => c.notNull())
    .addColumn('counterpart_type', 'text', (c) => c.notNull())
    .addColumn('counterpart_id_no', 'text')
    .addColumn('deliberation_date', 'text')
    .addColumn('deliberation_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('original_cases_unit').on('original_cases').column('unit_id').execute();
  await db.schema.createIndex('original_cases_decision_date').on('original_cases').column('decision_date').execute();

  await db.schema
    .createTable('original_case_participants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('original_cases.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('level', 'integer')
    .addColumn('opinion', 'text')
    .addColumn('is_chair', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addUniqueConstraint('original_case_participants_once', ['case_id', 'role', 'person_id'])
    .execute();
  await db.schema.createIndex('original_case_participants_person').on('original_case_participants').column('person_id').execute();

  await db.schema
    .createTable('original_case_outcomes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('original_cases.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('effect', 'text')
    .addColumn('issuer', 'text')
    .addColumn('reference_no', 'text', (c) => c.notNull())
    .addColumn('reference_date', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('original_case_outcomes_case').on('original_case_outcomes').column('case_id').execute();

  await db.schema
    .createTable('original_case_compensations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('original_cases.id'))
    // bigint: compensation may exceed 2^31 fen (21 million yuan); SQLite integers are 64-bit.
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('paid_date', 'text', (c) => c.notNull())
    .addColumn('decision_no', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('original_case_compensations_case').on('original_case_compensations').column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'original_case_compensations',
    'original_case_outcomes',
    'original_case_participants',
    'original_cases',
    'certificate_status_changes',
    'enforcement_certificates',
    'people',
    'units',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
