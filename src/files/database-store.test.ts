// Shared files (issue 11 part 5): the database file store — content-addressed chunks streamed
// in and out, deduplicated, with the data folder's staging semantics (promote after commit,
// discard on refusal, sweep of abandoned uploads) — and the choice of store (FILE_STORE).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestDb, openTestDb, PG_URL } from '../../test/db';
import type { Db } from '../db/database';
import { adoptFolderFiles, fileStoreKind, openFileStore } from './choose-store';
import { CHUNK_BYTES, DatabaseFileStore } from './database-store';
import { LocalFileStore, MemoryFileStore, sha256Hex, StageLimitError } from './file-store';

/** A stream that hands over the bytes in small uneven pieces, as a socket does. */
function trickle(content: Buffer): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0, n = 1; i < content.length; i += n, n = (n * 7 + 13) % 70_001) pieces.push(content.subarray(i, i + n));
  return Readable.from(pieces);
}

async function readAll(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('Shared files: the choice of store (FILE_STORE)', () => {
  it('FILE_STORE unset: the data folder on SQLite, the database on PostgreSQL; folder/database when named; database on SQLite and unknown values refused', () => {
    expect(fileStoreKind(undefined, 'sqlite')).toBe('folder');
    expect(fileStoreKind('', 'postgres')).toBe('database');
    expect(fileStoreKind('folder', 'postgres')).toBe('folder');
    expect(fileStoreKind(' Database ', 'postgres')).toBe('database');
    expect(() => fileStoreKind('database', 'sqlite')).toThrow(/PostgreSQL/);
    expect(() => fileStoreKind('s3', 'postgres')).toThrow(/folder, database/);
  });

  it('every store streams a stored file back with its size (the backup reads files this way)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-open-'));
    try {
      for (const store of [new MemoryFileStore(), new LocalFileStore(dir)]) {
        const content = randomBytes(70_000);
        const { sha256 } = await store.put(content);
        const opened = await store.open(sha256);
        expect(opened?.size).toBe(content.length);
        expect((await readAll(opened!.stream)).equals(content)).toBe(true);
        expect(await store.open(sha256Hex('not stored'))).toBeNull();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!PG_URL)('Shared files: the database file store (postgres)', () => {
  let db: Db;
  let store: DatabaseFileStore;
  const stores: DatabaseFileStore[] = [];
  const open = (opts: ConstructorParameters<typeof DatabaseFileStore>[1] = {}): DatabaseFileStore => {
    const s = new DatabaseFileStore(db, opts);
    stores.push(s);
    return s;
  };
  beforeEach(async () => {
    db = await openTestDb('postgres');
    store = open();
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await closeTestDb(db);
  });
  const rows = async () => ({
    blobs: (await db.kysely.selectFrom('file_blobs').selectAll().execute()).length,
    chunks: (await db.kysely.selectFrom('file_chunks').select(['owner', 'idx']).execute()).length,
    uploads: (await db.kysely.selectFrom('file_uploads').selectAll().execute()).length,
  });

  it('an upload streams in as 256 KiB chunk rows, is promoted after commit, and streams out byte for byte', async () => {
    const content = randomBytes(3 * CHUNK_BYTES + 12_345);
    const staged = await store.stage(trickle(content), 10 * 1024 * 1024);
    expect(staged).toMatchObject({ sha256: sha256Hex(content), size: content.length });
    // staged, not stored: nobody can read it yet
    expect(await store.has(staged.sha256)).toBe(false);
    expect(await rows()).toEqual({ blobs: 0, chunks: 4, uploads: 1 });
    await store.promote(staged);
    expect(await rows()).toEqual({ blobs: 1, chunks: 4, uploads: 0 });
    const sizes = await db.kysely.selectFrom('file_chunks').select(['idx', 'data']).where('owner', '=', staged.sha256).orderBy('idx').execute();
    expect(sizes.map((c) => c.data.length)).toEqual([CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES, 12_345]);
    expect((await store.get(staged.sha256))!.equals(content)).toBe(true);
    const opened = await store.open(staged.sha256);
    expect(opened?.size).toBe(content.length);
    expect((await readAll(opened!.stream)).equals(content)).toBe(true);
    // a second server's store on the same database reads the same bytes
    expect((await open().get(staged.sha256))!.equals(content)).toBe(true);
  });

  it('the same bytes are stored once: a put, a second upload and two concurrent promotions leave one file', async () => {
    const content = randomBytes(CHUNK_BYTES + 1);
    const [a, b] = await Promise.all([store.stage(Readable.from([content]), 1e7), open().stage(trickle(content), 1e7)]);
    await Promise.all([store.promote(a), stores[1]!.promote(b)]);
    expect(await store.put(content)).toEqual({ sha256: sha256Hex(content), size: content.length });
    await Promise.all([store.put(Buffer.from('同一份文件')), open().put(Buffer.from('同一份文件'))]);
    expect(await rows()).toEqual({ blobs: 2, chunks: 3, uploads: 0 });
    expect((await store.get(sha256Hex(content)))!.equals(content)).toBe(true);
    // an empty file is a file too
    const empty = await store.put(Buffer.alloc(0));
    expect((await store.get(empty.sha256))!.length).toBe(0);
    expect((await readAll((await store.open(empty.sha256))!.stream)).length).toBe(0);
  });

  it('入侵防范: an upload past its limit is refused while streaming and leaves no row; a discarded one neither', async () => {
    await expect(store.stage(trickle(randomBytes(CHUNK_BYTES * 2)), CHUNK_BYTES + 10)).rejects.toBeInstanceOf(StageLimitError);
    expect(await rows()).toEqual({ blobs: 0, chunks: 0, uploads: 0 });
    const staged = await store.stage(trickle(randomBytes(CHUNK_BYTES + 5)), 1e7);
    await store.discard(staged);
    expect(await rows()).toEqual({ blobs: 0, chunks: 0, uploads: 0 });
    // promoting an upload that is gone, of bytes never stored, is an error, never a silent success
    await expect(store.promote(staged)).rejects.toThrow(/gone/);
  });

  it('orphan sweep: uploads abandoned longer than the limit are removed, a recorded one whose promotion a crash cut short is finished, a fresh one of another server is left alone', async () => {
    let t = Date.UTC(2026, 0, 1);
    const clock = () => t;
    const crashed = open({ now: clock });
    const recorded = Buffer.from('已登记但未提升的证据');
    const stagedRecorded = await crashed.stage(Readable.from([recorded]), 1e6);
    const stagedUnrecorded = await crashed.stage(Readable.from([randomBytes(CHUNK_BYTES + 3)]), 1e7);
    // an upload cut off half way: chunks written, never completed
    const cut = new Readable({ read() {} });
    cut.push(randomBytes(CHUNK_BYTES + 1));
    const half = crashed.stage(cut, 1e7);
    // wait until its first chunk is in (no timing: the row says so)
    while (!(await db.kysely.selectFrom('file_uploads').select('token').where('chunks', '>=', 1).where('sha256', 'is', null).executeTakeFirst())) await new Promise((r) => setImmediate(r));
    t += 2 * 3_600_000;
    const fresh = await open({ now: clock }).stage(Readable.from([Buffer.from('另一台服务器正在上传')]), 1e6);
    const isRecorded = async (sha: string) => sha === stagedRecorded.sha256;
    const sweeper = open({ now: clock });
    const r = await sweeper.sweepStaging(isRecorded);
    expect(r.promoted).toBe(1);
    expect(r.removed).toBe(2);
    expect((await store.get(stagedRecorded.sha256))!.equals(recorded)).toBe(true);
    expect(await store.has(stagedUnrecorded.sha256)).toBe(false);
    // the fresh upload is still there and can be promoted
    await sweeper.promote(fresh);
    expect(await store.has(fresh.sha256)).toBe(true);
    // the cut-off upload's client sends one more piece: its upload was removed, so it fails and leaves nothing
    cut.push(randomBytes(CHUNK_BYTES));
    cut.push(null);
    await expect(half).rejects.toThrow(/removed/);
    expect(await rows()).toEqual({ blobs: 2, chunks: 2, uploads: 0 });
  });

  it('an installation switching to the database store keeps its files: recorded files of the data folder are copied in at start and on demand', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-adopt-'));
    try {
      const folder = new LocalFileStore(path.join(dir, 'files'));
      const old = [Buffer.from('旧证据一'), randomBytes(CHUNK_BYTES * 2 + 7)];
      for (const b of old) {
        const { sha256, size } = await folder.put(b);
        await db.kysely.insertInto('stored_files').values({ sha256, size, mime_type: 'application/octet-stream', original_name: 'x.bin', created_at: '2026-01-01T00:00:00.000Z' }).execute();
      }
      const unrecorded = await folder.put(Buffer.from('未登记的文件'));
      const onDemand = await folder.put(Buffer.from('按需复制'));
      const files = openFileStore(db, dir, 'database');
      expect(files.kind).toBe('database');
      expect(await adoptFolderFiles(files)).toEqual({ copied: 2, missing: 0 });
      expect(await adoptFolderFiles(files)).toEqual({ copied: 0, missing: 0 });
      for (const b of old) expect((await store.get(sha256Hex(b)))!.equals(b)).toBe(true);
      expect(await store.has(unrecorded.sha256)).toBe(false);
      expect((await files.get(onDemand.sha256))!.toString()).toBe('按需复制');
      expect(await store.has(onDemand.sha256)).toBe(true);
      await (files as DatabaseFileStore).close();
      expect(openFileStore(db, dir, 'folder').kind).toBe('folder');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
