// Accountability cases and everything recorded on them (see src/db/tables/cases.ts).
import type { CreateTableBuilder, Kysely } from 'kysely';

type Cols = (t: CreateTableBuilder<string, never>) => CreateTableBuilder<string, never>;

async function table(db: Kysely<unknown>, name: string, cols: Cols): Promise<void> {
  await cols(db.schema.createTable(name) as CreateTableBuilder<string, never>).execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await table(db, 'case_number_seq', (t) =>
    t.addColumn('year', 'integer', (c) => c.primaryKey()).addColumn('last', 'integer', (c) => c.notNull()),
  );

  await table(db, 'cases', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('tracks', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('channel', 'text')
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('received_on', 'text', (c) => c.notNull())
      .addColumn('wc5_item', 'integer')
      .addColumn('wc5_reference_no', 'text')
      .addColumn('wc5_reference_date', 'text')
      .addColumn('original_case_id', 'text', (c) => c.references('original_cases.id'))
      .addColumn('accepted_on', 'text')
      .addColumn('registered_on', 'text')
      .addColumn('investigation_started_on', 'text')
      .addColumn('decided_on', 'text')
      .addColumn('closed_on', 'text')
      .addColumn('end_reason', 'text')
      .addColumn('wrong_case', 'integer')
      .addColumn('wrong_case_wc5_item', 'integer')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('cases_year_seq', ['year', 'seq']),
  );
  await db.schema.createIndex('cases_state').on('cases').column('state').execute();
  await db.schema.createIndex('cases_original').on('cases').column('original_case_id').execute();

  await table(db, 'case_reporters', (t) =>
    t
      .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
      .addColumn('anonymous', 'integer', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('id_number', 'text')
      .addColumn('phone', 'text')
      .addColumn('address', 'text')
      .addColumn('email', 'text')
      .addColumn('organisation', 'text')
      .addColumn('receipt_hash', 'text', (c) => c.unique())
      .addColumn('created_at', 'text', (c) => c.notNull()),
  );

  await table(db, 'case_replies', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('replied_on', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull()),
  );
  await db.schema.createIndex('case_replies_case').on('case_replies').column('case_id').execute();

  await table(db, 'case_steps', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('from_state', 'text', (c) => c.notNull())
      .addColumn('to_state', 'text', (c) => c.notNull())
      .addColumn('citation', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('at', 'text', (c) => c.notNull()),
  );
  await db.schema.createIndex('case_steps_case').on('case_steps').columns(['case_id', 'at']).execute();

  await table(db, 'case_subjects', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('unit_id', 'text')
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addColumn('added_by', 'text')
      .addUniqueConstraint('case_subjects_unique', ['case_id', 'person_id']),
  );
  await db.schema.createIndex('case_subjects_person').on('case_subjects').column('person_id').execute();

  await table(db, 'case_team_members', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('person_id', 'text')
      .addColumn('lead', 'integer', (c) => c.notNull())
      .addColumn('appointed_on', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('case_team_unique', ['case_id', 'user_id']),
  );
  await db.schema.createIndex('case_team_user').on('case_team_members').column('user_id').execute();

  await table(db, 'case_deadlines', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('citation', 'text', (c) => c.notNull())
      .addColumn('day_kind', 'text', (c) => c.notNull())
      .addColumn('days', 'integer', (c) => c.notNull())
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('provisional', 'integer', (c) => c.notNull())
      .addColumn('met_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('case_deadlines_unique', ['case_id', 'kind']),
  );
  await db.schema.createIndex('case_deadlines_due').on('case_deadlines').columns(['met_on', 'due_date']).execute();

  await table(db, 'case_evidence', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('collected_on', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('text_content', 'text')
      .addColumn('file_sha256', 'text', (c) => c.references('stored_files.sha256'))
      .addColumn('file_name', 'text')
      .addColumn('file_size', 'integer')
      .addColumn('mime_type', 'text')
      .addColumn('supersedes_id', 'text', (c) => c.references('case_evidence.id'))
      .addColumn('correction_reason', 'text')
      .addColumn('recorded_by', 'text')
      .addColumn('recorded_at', 'text', (c) => c.notNull()),
  );
  await db.schema.createIndex('case_evidence_case').on('case_evidence').column('case_id').execute();

  await table(db, 'case_findings', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('subject_person_id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('supersedes_id', 'text')
      .addColumn('recorded_by', 'text')
      .addColumn('recorded_at', 'text', (c) => c.notNull()),
  );
  await db.schema.createIndex('case_findings_case').on('case_findings').columns(['case_id', 'subject_person_id']).execute();

  await table(db, 'case_decisions', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('supersedes_id', 'text')
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('appeal_id', 'text')
      .addColumn('meeting', 'text', (c) => c.notNull())
      .addColumn('decided_on', 'text', (c) => c.notNull())
      .addColumn('rule_evaluation_id', 'text')
      .addColumn('recorded_by', 'text')
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('case_decisions_seq', ['case_id', 'seq']),
  );

  await table(db, 'case_decision_items', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('decision_id', 'text', (c) => c.notNull().references('case_decisions.id'))
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('subject_person_id', 'text', (c) => c.notNull())
      .addColumn('no_accountability', 'integer', (c) => c.notNull())
      .addColumn('forms', 'text', (c) => c.notNull())
      .addColumn('recommended', 'text')
      .addColumn('departed_forms', 'text', (c) => c.notNull())
      .addColumn('departure_reason', 'text')
      .addColumn('transfer_judicial', 'integer', (c) => c.notNull())
      .addColumn('transfer_discipline', 'integer', (c) => c.notNull())
      .addColumn('compensation_fen', 'integer')
      .addColumn('reason', 'text'),
  );
  await db.schema.createIndex('case_decision_items_decision').on('case_decision_items').column('decision_id').execute();
  await db.schema.createIndex('case_decision_items_subject').on('case_decision_items').column('subject_person_id').execute();

  await table(db, 'case_notifications', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('decision_id', 'text', (c) => c.notNull())
      .addColumn('subject_person_id', 'text', (c) => c.notNull())
      .addColumn('notified_on', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('rights_text', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text')
      .addColumn('recorded_at', 'text', (c) => c.notNull()),
  );

  await table(db, 'case_appeals', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('decision_id', 'text', (c) => c.notNull())
      .addColumn('subject_person_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('appeal_body', 'text')
      .addColumn('filed_on', 'text', (c) => c.notNull())
      .addColumn('statement', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('outcome_on', 'text')
      .addColumn('outcome_reason', 'text')
      .addColumn('new_decision_id', 'text')
      .addColumn('filed_by', 'text')
      .addColumn('filed_at', 'text', (c) => c.notNull()),
  );

  await table(db, 'case_execution_items', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('decision_id', 'text', (c) => c.notNull())
      .addColumn('subject_person_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('citation', 'text', (c) => c.notNull())
      .addColumn('year', 'integer')
      .addColumn('unit_id', 'text')
      .addColumn('amount_fen', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('done_on', 'text')
      .addColumn('result', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull()),
  );
  await db.schema.createIndex('case_execution_case').on('case_execution_items').column('case_id').execute();
  await db.schema.createIndex('case_execution_year').on('case_execution_items').columns(['kind', 'year']).execute();

  await table(db, 'case_payments', (t) =>
    t
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('execution_item_id', 'text', (c) => c.notNull().references('case_execution_items.id'))
      .addColumn('amount_fen', 'integer', (c) => c.notNull())
      .addColumn('paid_on', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('recorded_by', 'text')
      .addColumn('recorded_at', 'text', (c) => c.notNull()),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'case_payments',
    'case_execution_items',
    'case_appeals',
    'case_notifications',
    'case_decision_items',
    'case_decisions',
    'case_findings',
    'case_evidence',
    'case_deadlines',
    'case_team_members',
    'case_subjects',
    'case_steps',
    'case_replies',
    'case_reporters',
    'cases',
    'case_number_seq',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
