// The database file store (FILE_STORE=database; the default on PostgreSQL): file contents live
// in the database as content-addressed chunks (tables of migration 0160, SQL in
// ./database-store-repo.ts), so any number of stateless app servers on one PostgreSQL serve the
// same evidence and issued documents.
//
// Streamed both ways: an upload is written CHUNK_BYTES at a time as it arrives (hashed and
// counted on the way, refused past its limit), a download is read one chunk at a time
// (`open`). Deduplicated by SHA-256: the same bytes are stored once. Same staging semantics as
// the data folder (./file-store.ts): an upload is staged, promoted after the transaction that
// records it commits — its chunks re-keyed to the hash, no copy — or discarded; the start sweep
// removes uploads abandoned longer than `staleAfterMs` (several servers share the table, so a
// fresh upload of another server is never touched) and finishes a promotion a crash interrupted.
//
// Its own small connection pool: a file written while the caller holds a transaction open (an
// issued document is rendered and stored inside one) never waits for a connection of the pool
// that transaction holds. Its writes commit asynchronously (see the constructor) except the
// promotion. PostgreSQL only: on SQLite the data folder is the store.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { HashCounter, sha256Hex, type FileStore, type OpenedFile, type StagedFile } from './file-store';
import * as repo from './database-store-repo';

/** Bytes per chunk row. */
export const CHUNK_BYTES = 256 * 1024;
/** An upload not written to for this long is abandoned (the start sweep removes it). */
export const STALE_UPLOAD_MS = 60 * 60 * 1000;

const HEX64 = /^[0-9a-f]{64}$/;
const TOKEN = /^[0-9a-f-]{36}$/;

export interface DatabaseFileStoreOptions {
  /** connections of the store's own pool (default 4) */
  poolSize?: number;
  /**
   * The data folder's store of an installation that kept its files there before: a file not yet
   * in the database is read from it and copied in (see adoptFolderFiles at start).
   */
  fallback?: FileStore;
  /** epoch milliseconds (tests may fix it) */
  now?: () => number;
  staleAfterMs?: number;
}

/** Splits a stream into CHUNK_BYTES pieces (the last one shorter). */
async function* rechunk(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const c of source) {
    parts.push(c);
    held += c.length;
    if (held < size) continue;
    let all = Buffer.concat(parts, held);
    while (all.length >= size) {
      yield all.subarray(0, size);
      all = all.subarray(size);
    }
    parts = all.length ? [all] : [];
    held = all.length;
  }
  if (held) yield Buffer.concat(parts, held);
}

export class DatabaseFileStore implements FileStore {
  readonly kind = 'database' as const;
  private readonly q: Kysely<Database>;
  private readonly now: () => number;
  private readonly staleAfterMs: number;
  private readonly fallback: FileStore | undefined;

  constructor(db: Db, opts: DatabaseFileStoreOptions = {}) {
    if (db.dialect !== 'postgres' || !db.pool) throw new Error('the database file store needs PostgreSQL');
    // synchronous_commit off: a chunk written before the transaction that records its file is made
    // durable by that transaction's own (synchronous) commit, which flushes the log up to it;
    // saves a disk flush per 256 KiB. The promotion, after that commit, waits for the disk.
    const options = [db.pool.options.options, '-c synchronous_commit=off'].filter(Boolean).join(' ');
    const pool = new pg.Pool({ ...db.pool.options, options, max: opts.poolSize ?? 4, allowExitOnIdle: true });
    this.q = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    this.now = opts.now ?? Date.now;
    this.staleAfterMs = opts.staleAfterMs ?? STALE_UPLOAD_MS;
    this.fallback = opts.fallback;
  }

  async close(): Promise<void> {
    await this.q.destroy();
  }

  private check(sha256: string): void {
    if (!HEX64.test(sha256)) throw new Error('invalid sha256');
  }

  async put(content: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Hex(content);
    if (!(await repo.blobInfo(this.q, sha256))) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < content.length; i += CHUNK_BYTES) chunks.push(content.subarray(i, i + CHUNK_BYTES));
      await repo.insertBlob(this.q, sha256, chunks, this.now());
    }
    return { sha256, size: content.length };
  }

  async stage(source: Readable, limit: number): Promise<StagedFile> {
    const token = randomUUID();
    await repo.startUpload(this.q, token, this.now());
    const counter = new HashCounter(limit);
    try {
      let idx = 0;
      await pipeline(source, counter, async (src: AsyncIterable<Buffer>) => {
        for await (const chunk of rechunk(src, CHUNK_BYTES)) await repo.appendUploadChunk(this.q, token, idx++, Buffer.from(chunk), this.now());
      });
      const staged: StagedFile = { token, sha256: counter.hash.digest('hex'), size: counter.size };
      await repo.completeUpload(this.q, token, staged.sha256, staged.size, this.now());
      return staged;
    } catch (err) {
      source.resume();
      await repo.deleteUpload(this.q, token).catch(() => undefined);
      throw err;
    }
  }

  async promote(staged: StagedFile): Promise<void> {
    this.check(staged.sha256);
    if (!TOKEN.test(staged.token)) throw new Error('invalid staged file');
    const outcome = await repo.promoteUpload(this.q, staged.token, staged.sha256, this.now());
    if (outcome === 'lost') throw new Error(`upload ${staged.token} is gone and ${staged.sha256} is not stored`);
  }

  async discard(staged: StagedFile): Promise<void> {
    if (!TOKEN.test(staged.token)) return;
    await repo.deleteUpload(this.q, staged.token).catch(() => undefined);
  }

  async sweepStaging(isRecorded: (sha256: string) => Promise<boolean>, opts: { olderThanMs?: number } = {}): Promise<{ removed: number; promoted: number }> {
    let removed = 0;
    let promoted = 0;
    for (const u of await repo.staleUploads(this.q, this.now() - (opts.olderThanMs ?? this.staleAfterMs))) {
      if (u.sha256 && !(await repo.blobInfo(this.q, u.sha256)) && (await isRecorded(u.sha256))) {
        if ((await repo.promoteUpload(this.q, u.token, u.sha256, this.now())) === 'promoted') {
          promoted++;
          continue;
        }
      }
      await repo.deleteUpload(this.q, u.token);
      removed++;
    }
    removed += await repo.deleteOrphanUploadChunks(this.q);
    return { removed, promoted };
  }

  /** Copies a file of the data folder (fallback) into the database; whether it was there. */
  private async adopt(sha256: string): Promise<boolean> {
    const data = this.fallback ? await this.fallback.get(sha256) : null;
    if (!data || sha256Hex(data) !== sha256) return false;
    await this.put(data);
    return true;
  }

  async open(sha256: string): Promise<OpenedFile | null> {
    this.check(sha256);
    let info = await repo.blobInfo(this.q, sha256);
    if (!info && (await this.adopt(sha256))) info = await repo.blobInfo(this.q, sha256);
    if (!info) return null;
    const { q } = this;
    const chunks = info.chunks;
    async function* read(): AsyncGenerator<Buffer> {
      for (let i = 0; i < chunks; i++) {
        const c = await repo.readChunk(q, sha256, i);
        if (!c) throw new Error(`chunk ${i} of ${sha256} is missing`);
        yield c;
      }
    }
    return { size: info.size, stream: Readable.from(read(), { objectMode: false }) };
  }

  async get(sha256: string): Promise<Buffer | null> {
    this.check(sha256);
    let info = await repo.blobInfo(this.q, sha256);
    if (!info && (await this.adopt(sha256))) info = await repo.blobInfo(this.q, sha256);
    if (!info) return null;
    const parts = await repo.readChunks(this.q, sha256);
    if (parts.length !== info.chunks) return null;
    return Buffer.concat(parts);
  }

  async has(sha256: string): Promise<boolean> {
    this.check(sha256);
    if (await repo.blobInfo(this.q, sha256)) return true;
    return this.adopt(sha256);
  }

  /** Removes the file's chunks, and its copy in the data folder an installation kept before. */
  async remove(sha256: string): Promise<void> {
    this.check(sha256);
    await repo.deleteBlob(this.q, sha256);
    await this.fallback?.remove(sha256);
  }

  /** Hashes recorded in stored_files that are not in the database yet (for adoptFolderFiles). */
  async missingRecorded(): Promise<string[]> {
    return repo.recordedButMissing(this.q);
  }

  async footprint(): Promise<{ blobs: number; chunks: number; uploads: number }> {
    return repo.storeFootprint(this.q);
  }
}
