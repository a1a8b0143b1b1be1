// Reporter protection (issue 9 §3): the rendered DOCX/PDF files of a report case's official
// documents are kept SEALED in the file store (src/services/documents/sealed-files.ts). The
// documents keep naming their files by the hash of the REAL bytes (what a reader downloads and
// what `/verify` and `wenze documents verify` look up), so that row of `stored_files` stays; it
// now says where its bytes are: `sealed_sha256` is the hash of the sealed blob that holds them
// (itself a `stored_files` row, carried by backups like any other file) and `sealed_case_id` the
// case whose data key opens it. A row with `sealed_sha256` has no blob of its own.
// Sealing the files stored before is `wenze documents seal-files` (a migration cannot reach the
// file store).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stored_files').addColumn('sealed_sha256', 'text').execute();
  await db.schema.alterTable('stored_files').addColumn('sealed_case_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stored_files').dropColumn('sealed_case_id').execute();
  await db.schema.alterTable('stored_files').dropColumn('sealed_sha256').execute();
}
