// The database file store (FILE_STORE=database, the default on PostgreSQL): file contents kept
// in the database itself as content-addressed chunks, so any number of stateless app servers on
// one PostgreSQL share evidence and issued documents (issue 11 part 5; src/files/database-store.ts).
//
//   file_blobs   one row per complete file, by SHA-256: its size and number of chunks
//   file_chunks  the bytes, CHUNK_BYTES (256 KiB) per row, keyed by owner + index; the owner is
//                the file's SHA-256 once complete, `u:<token>` while an upload is streaming in
//   file_uploads an upload in progress (staging): when it was last written to, and its hash and
//                size once all bytes are in; promoted (its chunks re-keyed to the hash) after the
//                transaction that records it commits, or removed
//
// Created on both engines (one schema), used only on PostgreSQL. Not carried as table rows by
// a backup: a backup carries every recorded file as a blob, whatever the store (src/ops/db-catalog.ts).
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('file_blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('chunks', 'integer', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('file_chunks')
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('data', bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('file_chunks_pk', ['owner', 'idx'])
    .execute();
  await db.schema
    .createTable('file_uploads')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text')
    .addColumn('size', 'bigint')
    .addColumn('chunks', 'integer', (c) => c.notNull())
    .addColumn('touched_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  // Evidence is mostly compressed already (PDF, JPEG, DOCX): stored out of line without trying to compress it.
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`ALTER TABLE file_chunks ALTER COLUMN data SET STORAGE EXTERNAL`.execute(db);
  await db.schema.createIndex('file_uploads_touched').on('file_uploads').column('touched_at_ms').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('file_uploads').execute();
  await db.schema.dropTable('file_chunks').execute();
  await db.schema.dropTable('file_blobs').execute();
}
