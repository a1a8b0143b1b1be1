// Issue 13: the organisation's seal image and signing certificate; issued PDFs carry the seal,
// a PAdES signature (and an SM2 signature alongside with the 国密 option); 送达回证 service
// records; FL-5(4) publication records. Both engines.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('org_seals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().references('stored_files.sha256'))
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();

  await db.schema
    .createTable('document_signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('certificate_sha256', 'text', (c) => c.notNull())
    .addColumn('p12_base64', 'text', (c) => c.notNull())
    .addColumn('sm2_private_hex', 'text', (c) => c.notNull())
    .addColumn('sm2_public_hex', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();

  await db.schema.alterTable('documents').addColumn('seal_sha256', 'text').execute();
  await db.schema.alterTable('documents').addColumn('signing_key_id', 'text').execute();
  await db.schema.alterTable('documents').addColumn('sm2_signature', 'text').execute();
  await db.schema.alterTable('documents').addColumn('served_document_id', 'text').execute();
  await db.schema.createIndex('documents_issued_pdf').ifNotExists().on('documents').column('issued_pdf_sha256').execute();

  await db.schema
    .createTable('document_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('served_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('refusal_reason', 'text')
    .addColumn('witnesses', 'text', (c) => c.notNull())
    .addColumn('servers', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_services_doc').on('document_services').columns(['document_id', 'created_at']).execute();

  await db.schema
    .createTable('case_publications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('document_id', 'text', (c) => c.references('documents.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('published_on', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_publications_case').on('case_publications').column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_publications').execute();
  await db.schema.dropTable('document_services').execute();
  await db.schema.dropIndex('documents_issued_pdf').ifExists().execute();
  await db.schema.alterTable('documents').dropColumn('served_document_id').execute();
  await db.schema.alterTable('documents').dropColumn('sm2_signature').execute();
  await db.schema.alterTable('documents').dropColumn('signing_key_id').execute();
  await db.schema.alterTable('documents').dropColumn('seal_sha256').execute();
  await db.schema.dropTable('document_signing_keys').execute();
  await db.schema.dropTable('org_seals').execute();
}
