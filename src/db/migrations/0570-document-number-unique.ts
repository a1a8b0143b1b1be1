// GB/T 9704-2012 §7.2.4: a 发文字号 is the organ's, one per document in its series. Numbers are the
// system's alone from now on (documents/service.ts: assigned at issue from the series of the case's
// organisation and kind, never typed); this index makes a second document with a number already
// issued impossible on every path. The sequence is kept per prefix string (the organisation's
// prefix and the kind's suffix, and the year are in the number itself), so unique numbers across
// the table are unique per organisation and series.
//
// A database from before may hold documents whose typed number repeated one already issued. Their
// PDFs are issued and signed as they are, so they are kept: each such later document records the
// earlier one it clashes with (doc_number_clash), and the index passes over those rows alone.
// Both engines (partial indexes: SQLite ≥ 3.8, PostgreSQL).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('doc_number_clash', 'text').execute();
  await sql`
    UPDATE documents SET doc_number_clash = (
      SELECT d2.id FROM documents d2
      WHERE d2.doc_number = documents.doc_number
        AND (COALESCE(d2.issued_at, '') < COALESCE(documents.issued_at, '') OR (COALESCE(d2.issued_at, '') = COALESCE(documents.issued_at, '') AND d2.id < documents.id))
      ORDER BY COALESCE(d2.issued_at, ''), d2.id
      LIMIT 1)
    WHERE doc_number IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX documents_doc_number_unique ON documents (doc_number) WHERE doc_number IS NOT NULL AND doc_number_clash IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX documents_doc_number_unique`.execute(db);
  await db.schema.alterTable('documents').dropColumn('doc_number_clash').execute();
}
