// Official documents and their versions (see src/db/tables/documents.ts).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('evidence_id', 'text', (c) => c.references('case_evidence.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('issued_version', 'integer')
    .addColumn('doc_number', 'text')
    .addColumn('issued_on', 'text')
    .addColumn('issued_at', 'text')
    .addColumn('issued_by', 'text')
    .addColumn('issued_pdf_sha256', 'text', (c) => c.references('stored_files.sha256'))
    .addColumn('issued_docx_sha256', 'text', (c) => c.references('stored_files.sha256'))
    .addColumn('supersedes_id', 'text', (c) => c.references('documents.id'))
    .addColumn('superseded_by_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_case').on('documents').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('document_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('docx_sha256', 'text', (c) => c.notNull().references('stored_files.sha256'))
    .addColumn('pdf_sha256', 'text', (c) => c.notNull().references('stored_files.sha256'))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('document_versions_number', ['document_id', 'number'])
    .execute();

  await db.schema
    .createTable('document_number_seq')
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_number_seq_pk', ['prefix', 'year'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('document_number_seq').execute();
  await db.schema.dropTable('document_versions').execute();
  await db.schema.dropTable('documents').execute();
}
