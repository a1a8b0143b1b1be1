// The reporter channel (issue 9, FL-4, WC-9(1)): receipt codes looked up by a non-secret prefix
// and verified by a slow hash (argon2id, in case_reporters.receipt_hash); the two-way thread
// between the reporter and the legal-affairs clerks; attachments; the details of a report made
// on the public page. Every body, detail and attachment is sealed (src/crypto/report-seal.ts);
// attachments are stored by the hash of their sealed bytes. Both engines.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_reporters').addColumn('receipt_lookup', 'text').execute();
  await db.schema.createIndex('case_reporters_receipt_lookup').ifNotExists().on('case_reporters').column('receipt_lookup').execute();

  await db.schema
    .createTable('reporter_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    // reporter | staff
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    // report | message | question | outcome
    .addColumn('kind', 'text', (c) => c.notNull())
    // the step an outcome message reports (accept, not_accept, transfer, decline_registration, decide, close)
    .addColumn('outcome_of', 'text')
    // draft | sent | discarded — the reporter sees only `sent`
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('reporter_messages_case').ifNotExists().on('reporter_messages').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('reporter_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('reporter_messages.id'))
    // SHA-256 of the sealed bytes in the file store (not of the plaintext)
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('sealed_size', 'integer', (c) => c.notNull())
    // sealed JSON: name, MIME type by content, plaintext size and SHA-256
    .addColumn('meta_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reporter_attachments_case').ifNotExists().on('reporter_attachments').column('case_id').execute();
  await db.schema.createIndex('reporter_attachments_message').ifNotExists().on('reporter_attachments').column('message_id').execute();

  // the structured report from the public page (who, when, where), sealed
  await db.schema
    .createTable('public_report_details')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('details_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('public_report_details').ifExists().execute();
  await db.schema.dropTable('reporter_attachments').ifExists().execute();
  await db.schema.dropTable('reporter_messages').ifExists().execute();
  await db.schema.dropIndex('case_reporters_receipt_lookup').ifExists().execute();
  await db.schema.alterTable('case_reporters').dropColumn('receipt_lookup').execute();
}
