// Content-addressed file storage: a file's identity is the SHA-256 of its bytes. Two stores
// behind one interface, chosen at start (./choose-store.ts, FILE_STORE): the data folder
// (data/files/ab/cdef…; the default on SQLite) and the database itself (./database-store.ts;
// the default on PostgreSQL, shared by every app server on it).
//
// Uploads are staged: streamed to a temporary file in `<root>/.staging/` while
// being hashed and counted, then promoted into place only after the database transaction that
// records them commits; a refused or failed upload's temporary is removed, and the start hook
// sweeps whatever a crash left behind.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An upload streamed to a temporary place, hashed, not yet in the store. */
export interface StagedFile {
  readonly token: string;
  readonly sha256: string;
  readonly size: number;
}

/** Thrown by `stage` when the stream holds more than the limit; nothing is kept. */
export class StageLimitError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
    this.name = 'StageLimitError';
  }
}

/** A stored file opened for reading: its size, and its bytes as a stream. */
export interface OpenedFile {
  size: number;
  stream: Readable;
}

export type FileStoreKind = 'folder' | 'database' | 'memory';

export interface FileStore {
  readonly kind: FileStoreKind;
  put(content: Buffer): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Buffer | null>;
  /** Streams a stored file (backup reads every file this way); null when it is not stored. */
  open(sha256: string): Promise<OpenedFile | null>;
  has(sha256: string): Promise<boolean>;
  /**
   * Removes a stored file (idempotent). Only for bytes that must not stay at rest: a document
   * file once its sealed copy is recorded (src/services/documents/sealed-files.ts). Call after the
   * transaction that stops naming it commits.
   */
  remove(sha256: string): Promise<void>;
  /**
   * Streams to a temporary file, hashing and counting on the way; past `limit` bytes the stream
   * is abandoned, the temporary removed and StageLimitError thrown (no byte stays on disk).
   */
  stage(source: Readable, limit: number): Promise<StagedFile>;
  /** Moves a staged file into the store (idempotent: same bytes, same name). Call after commit. */
  promote(staged: StagedFile): Promise<void>;
  /** Removes a staged file (refusal, rollback). Never throws. */
  discard(staged: StagedFile): Promise<void>;
  /**
   * At start: removes every temporary left by a crash. A staged file whose hash a committed
   * `stored_files` row names but whose blob is missing (crash between commit and promote) is
   * promoted instead of removed. A store shared by several servers (the database) removes only
   * uploads not written to for `olderThanMs` (default: its own, an hour).
   */
  sweepStaging(isRecorded: (sha256: string) => Promise<boolean>, opts?: { olderThanMs?: number }): Promise<{ removed: number; promoted: number }>;
  /** Releases what the store holds open (the database store's connections). */
  close?(): Promise<void>;
}

/** Counts and hashes bytes as they pass; fails past the limit. */
export class HashCounter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null, data?: Buffer) => void): void {
    this.size += chunk.length;
    if (this.size > this.limit) return cb(new StageLimitError(this.limit));
    this.hash.update(chunk);
    cb(null, chunk);
  }
}

/**
 * A stored file's bytes as they are sent, checked against the name they are stored under: a
 * file whose bytes no longer match fails at its end, so it never arrives complete.
 */
export function verifiedStream(opened: OpenedFile, sha256: string): Readable {
  const hash = createHash('sha256');
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
    flush(cb) {
      cb(size === opened.size && hash.digest('hex') === sha256 ? null : new Error(`stored file ${sha256} does not match its hash`));
    },
  });
  opened.stream.on('error', (err) => check.destroy(err));
  return opened.stream.pipe(check);
}

export const sha256Hex = (content: Buffer | string): string => createHash('sha256').update(content).digest('hex');

const HEX64 = /^[0-9a-f]{64}$/;

export class LocalFileStore implements FileStore {
  readonly kind = 'folder' as const;
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    if (!HEX64.test(sha256)) throw new Error('invalid sha256');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  async put(content: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Hex(content);
    const target = this.pathOf(sha256);
    try {
      await fs.access(target);
    } catch {
      await fs.mkdir(path.dirname(target), { recursive: true });
      // A unique temporary per writer: two concurrent puts of the same bytes must not share one.
      const tmp = `${target}.${process.pid}.${randomUUID()}.tmp`;
      const fh = await fs.open(tmp, 'w');
      try {
        await fh.writeFile(content);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.rename(tmp, target);
    }
    return { sha256, size: content.length };
  }

  private get stagingDir(): string {
    return path.join(this.root, '.staging');
  }

  private stagedPath(s: StagedFile): string {
    if (!/^[0-9a-f-]{36}$/.test(s.token) || !HEX64.test(s.sha256)) throw new Error('invalid staged file');
    return path.join(this.stagingDir, `${s.sha256}.${s.token}.staged`);
  }

  async stage(source: Readable, limit: number): Promise<StagedFile> {
    await fs.mkdir(this.stagingDir, { recursive: true });
    const token = randomUUID();
    const tmp = path.join(this.stagingDir, `${token}.part`);
    const counter = new HashCounter(limit);
    try {
      await pipeline(source, counter, createWriteStream(tmp, { mode: 0o600 }));
      const staged: StagedFile = { token, sha256: counter.hash.digest('hex'), size: counter.size };
      // Named by its hash from here on, so the start sweep can finish a crashed promotion.
      await fs.rename(tmp, this.stagedPath(staged));
      return staged;
    } catch (err) {
      source.resume();
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  async promote(staged: StagedFile): Promise<void> {
    const from = this.stagedPath(staged);
    const target = this.pathOf(staged.sha256);
    if (await this.has(staged.sha256)) {
      await fs.rm(from, { force: true });
      return;
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    const fh = await fs.open(from, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    // rename is atomic on one file system; a concurrent promotion of the same bytes ends the same.
    await fs.rename(from, target);
  }

  async discard(staged: StagedFile): Promise<void> {
    await fs.rm(this.stagedPath(staged), { force: true }).catch(() => undefined);
  }

  async sweepStaging(isRecorded: (sha256: string) => Promise<boolean>): Promise<{ removed: number; promoted: number }> {
    let removed = 0;
    let promoted = 0;
    const entries = await fs.readdir(this.stagingDir).catch(() => [] as string[]);
    for (const name of entries) {
      const m = /^([0-9a-f]{64})\.([0-9a-f-]{36})\.staged$/.exec(name);
      if (m && !(await this.has(m[1]!)) && (await isRecorded(m[1]!))) {
        await this.promote({ sha256: m[1]!, token: m[2]!, size: 0 });
        promoted++;
        continue;
      }
      await fs.rm(path.join(this.stagingDir, name), { force: true, recursive: true });
      removed++;
    }
    // Temporaries of `put` interrupted before their rename.
    const shards = await fs.readdir(this.root).catch(() => [] as string[]);
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of await fs.readdir(path.join(this.root, shard)).catch(() => [] as string[])) {
        if (name.endsWith('.tmp')) {
          await fs.rm(path.join(this.root, shard, name), { force: true });
          removed++;
        }
      }
    }
    return { removed, promoted };
  }

  async get(sha256: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.pathOf(sha256));
    } catch {
      return null;
    }
  }

  async open(sha256: string): Promise<OpenedFile | null> {
    const p = this.pathOf(sha256);
    try {
      const st = await fs.stat(p);
      return { size: st.size, stream: createReadStream(p) };
    } catch {
      return null;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  async remove(sha256: string): Promise<void> {
    await fs.rm(this.pathOf(sha256), { force: true });
  }
}

/** In-memory store for tests. */
export class MemoryFileStore implements FileStore {
  readonly kind = 'memory' as const;
  private readonly blobs = new Map<string, Buffer>();
  /** staged uploads, by token (visible to tests: refused uploads leave none) */
  readonly staging = new Map<string, Buffer>();
  async stage(source: Readable, limit: number): Promise<StagedFile> {
    const counter = new HashCounter(limit);
    const chunks: Buffer[] = [];
    try {
      await pipeline(source, counter, async (src: AsyncIterable<Buffer>) => {
        for await (const c of src) chunks.push(c);
      });
    } catch (err) {
      source.resume();
      throw err;
    }
    const token = randomUUID();
    this.staging.set(token, Buffer.concat(chunks));
    return { token, sha256: counter.hash.digest('hex'), size: counter.size };
  }
  async promote(staged: StagedFile): Promise<void> {
    const b = this.staging.get(staged.token);
    this.staging.delete(staged.token);
    if (b && !this.blobs.has(staged.sha256)) this.blobs.set(staged.sha256, b);
  }
  async discard(staged: StagedFile): Promise<void> {
    this.staging.delete(staged.token);
  }
  async sweepStaging(): Promise<{ removed: number; promoted: number }> {
    const removed = this.staging.size;
    this.staging.clear();
    return { removed, promoted: 0 };
  }
  async put(content: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Hex(content);
    this.blobs.set(sha256, Buffer.from(content));
    return { sha256, size: content.length };
  }
  async get(sha256: string): Promise<Buffer | null> {
    return this.blobs.get(sha256) ?? null;
  }
  async open(sha256: string): Promise<OpenedFile | null> {
    const b = this.blobs.get(sha256);
    return b ? { size: b.length, stream: Readable.from([b]) } : null;
  }
  async has(sha256: string): Promise<boolean> {
    return this.blobs.has(sha256);
  }
  async remove(sha256: string): Promise<void> {
    this.blobs.delete(sha256);
  }
}
