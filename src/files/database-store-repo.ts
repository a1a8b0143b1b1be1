// SQL of the database file store (./database-store.ts): tables file_blobs, file_chunks,
// file_uploads (migration 0160). File contents only — no business rows, no audit: the rows that
// record a file (stored_files, case_evidence, document_versions) are written by the services.
import { sql, type Kysely } from 'kysely';
import { isPostgresHandle } from '../db/database';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

const uploadOwner = (token: string): string => `u:${token}`;

export async function blobInfo(q: Q, sha256: string): Promise<{ size: number; chunks: number } | undefined> {
  const r = await q.selectFrom('file_blobs').select(['size', 'chunks']).where('sha256', '=', sha256).executeTakeFirst();
  return r ? { size: Number(r.size), chunks: Number(r.chunks) } : undefined;
}

export async function readChunk(q: Q, sha256: string, idx: number): Promise<Buffer | undefined> {
  const r = await q.selectFrom('file_chunks').select('data').where('owner', '=', sha256).where('idx', '=', idx).executeTakeFirst();
  return r ? Buffer.from(r.data) : undefined;
}

export async function readChunks(q: Q, sha256: string): Promise<Buffer[]> {
  const rows = await q.selectFrom('file_chunks').select('data').where('owner', '=', sha256).orderBy('idx').execute();
  return rows.map((r) => Buffer.from(r.data));
}

/** A complete file in one transaction; a concurrent put of the same bytes waits, then finds it there. */
export async function insertBlob(q: Q, sha256: string, chunks: Buffer[], nowMs: number): Promise<void> {
  await q.transaction().execute(async (tx) => {
    const size = chunks.reduce((n, c) => n + c.length, 0);
    const inserted = await tx
      .insertInto('file_blobs')
      .values({ sha256, size, chunks: chunks.length, created_at_ms: nowMs })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returning('sha256')
      .executeTakeFirst();
    if (!inserted) return;
    for (const [idx, data] of chunks.entries()) await tx.insertInto('file_chunks').values({ owner: sha256, idx, data }).execute();
  });
}

export async function startUpload(q: Q, token: string, nowMs: number): Promise<void> {
  await q.insertInto('file_uploads').values({ token, sha256: null, size: null, chunks: 0, touched_at_ms: nowMs }).execute();
}

/** One more chunk of an upload; its row records the progress (and when, for the sweep). */
export async function appendUploadChunk(q: Q, token: string, idx: number, data: Buffer, nowMs: number): Promise<void> {
  // one round trip: the progress and the bytes together, only while the upload row exists
  const r = await sql<{ idx: number }>`
    WITH u AS (UPDATE file_uploads SET chunks = ${idx + 1}, touched_at_ms = ${nowMs} WHERE token = ${token} RETURNING token)
    INSERT INTO file_chunks (owner, idx, data) SELECT ${uploadOwner(token)}, ${idx}, ${data} FROM u RETURNING idx`.execute(q);
  // swept as abandoned (a client silent for longer than the sweep waits): the upload fails
  if (r.rows.length !== 1) throw new Error(`upload ${token} was removed`);
}

/** Chunks of uploads whose row is gone (removed while a chunk was being written). */
export async function deleteOrphanUploadChunks(q: Q): Promise<number> {
  const r = await q
    .deleteFrom('file_chunks')
    .where('owner', 'like', 'u:%')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('file_uploads as u').select('u.token').whereRef(sql`'u:' || u.token`, '=', 'file_chunks.owner'))))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function completeUpload(q: Q, token: string, sha256: string, size: number, nowMs: number): Promise<void> {
  await q.updateTable('file_uploads').set({ sha256, size, touched_at_ms: nowMs }).where('token', '=', token).execute();
}

export async function deleteUpload(q: Q, token: string): Promise<void> {
  await q.transaction().execute(async (tx) => {
    await tx.deleteFrom('file_chunks').where('owner', '=', uploadOwner(token)).execute();
    await tx.deleteFrom('file_uploads').where('token', '=', token).execute();
  });
}

export type PromoteOutcome = 'promoted' | 'deduplicated' | 'lost';

/**
 * Moves a completed upload into the store: its chunks are re-keyed to the hash (PostgreSQL keeps
 * the stored bytes of an unchanged column, so nothing is copied), or dropped when the same bytes
 * are already there. `lost`: neither the upload nor the file exists (it was removed).
 */
export async function promoteUpload(q: Q, token: string, sha256: string, nowMs: number): Promise<PromoteOutcome> {
  return q.transaction().execute(async (tx) => {
    // The store's connections commit without waiting for the disk (./database-store.ts); the
    // promotion, which comes after the recording transaction, waits.
    if (isPostgresHandle(q)) await sql`SET LOCAL synchronous_commit TO on`.execute(tx);
    let uq = tx.selectFrom('file_uploads').select(['sha256', 'size', 'chunks']).where('token', '=', token);
    if (isPostgresHandle(q)) uq = uq.forUpdate();
    const up = await uq.executeTakeFirst();
    if (!up || up.sha256 !== sha256 || up.size === null) return (await blobInfo(tx, sha256)) ? 'deduplicated' : 'lost';
    const inserted = await tx
      .insertInto('file_blobs')
      .values({ sha256, size: Number(up.size), chunks: Number(up.chunks), created_at_ms: nowMs })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returning('sha256')
      .executeTakeFirst();
    if (inserted) await tx.updateTable('file_chunks').set({ owner: sha256 }).where('owner', '=', uploadOwner(token)).execute();
    else await tx.deleteFrom('file_chunks').where('owner', '=', uploadOwner(token)).execute();
    await tx.deleteFrom('file_uploads').where('token', '=', token).execute();
    return inserted ? 'promoted' : 'deduplicated';
  });
}

/** Uploads last written to at or before the cutoff (abandoned by a crash or a dropped client). */
export async function staleUploads(q: Q, cutoffMs: number): Promise<{ token: string; sha256: string | null }[]> {
  return q.selectFrom('file_uploads').select(['token', 'sha256']).where('touched_at_ms', '<=', cutoffMs).orderBy('touched_at_ms').execute();
}

/** A file's blob row and chunks, in one transaction. */
export async function deleteBlob(q: Q, sha256: string): Promise<void> {
  await q.transaction().execute(async (tx) => {
    await tx.deleteFrom('file_chunks').where('owner', '=', sha256).execute();
    await tx.deleteFrom('file_blobs').where('sha256', '=', sha256).execute();
  });
}

/** Hashes named by stored_files whose contents this store lacks (a sealed file's row has none of its own). */
export async function recordedButMissing(q: Q): Promise<string[]> {
  const rows = await q
    .selectFrom('stored_files as s')
    .leftJoin('file_blobs as b', 'b.sha256', 's.sha256')
    .select('s.sha256')
    .where('b.sha256', 'is', null)
    .where('s.sealed_sha256', 'is', null)
    .execute();
  return rows.map((r) => r.sha256);
}

export async function storeFootprint(q: Q): Promise<{ blobs: number; chunks: number; uploads: number }> {
  const r = await sql<{ blobs: number | string; chunks: number | string; uploads: number | string }>`
    SELECT (SELECT count(*) FROM file_blobs) AS blobs, (SELECT count(*) FROM file_chunks) AS chunks, (SELECT count(*) FROM file_uploads) AS uploads`.execute(q);
  const row = r.rows[0]!;
  return { blobs: Number(row.blobs), chunks: Number(row.chunks), uploads: Number(row.uploads) };
}
