// `wenze backup FILE`: an online, engine-neutral backup of every table and every stored file
// blob, in one gzip file whose manifest lets a restore verify it completely before it touches
// anything (format: ./backup-format.ts). The server may keep running: rows come from one
// consistent snapshot (./snapshot.ts); blobs are content-addressed and never change, so those
// referenced by the snapshot's `stored_files` rows are exactly the ones to copy (a row of a sealed
// document file names the sealed blob's row instead: src/services/documents/sealed-files.ts; the
// only blobs ever removed are plaintext document files once sealed, by `wenze documents
// seal-files`, so a backup running at the same time as that command may have to be taken again).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { AppError } from '../errors';
import type { Db } from '../db/database';
import type { FileStore } from '../files/file-store';
import type { Clock } from '../lib/clock';
import type { AuditLogTable } from '../db/tables/core';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BLOB_PART_BYTES,
  ChainChecker,
  TableHasher,
  encodeValue,
  type BackupManifest,
  type TableManifest,
  type Value,
} from './backup-format';
import { signManifest, type SigningKey } from './backup-signing';
import { selfReferences, type TableInfo } from './db-catalog';
import { openSnapshot } from './snapshot';

export interface BackupDeps {
  db: Db;
  files: FileStore;
  clock: Clock;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  /** whether the audit chain inside the backup holds (a backup is taken even when it does not: it is evidence) */
  auditChainOk: boolean;
  auditProblem?: { seq: number; zh: string; en: string };
}

/** Gzip line writer with back-pressure, hashing every line it writes. */
class LineSink {
  private readonly gz = zlib.createGzip({ level: 6 });
  private readonly out: fs.WriteStream;
  private readonly done: Promise<void>;
  readonly bodyHash = createHash('sha256');
  constructor(file: string) {
    this.out = fs.createWriteStream(file, { mode: 0o600 });
    this.done = pipeline(this.gz, this.out);
  }
  async line(text: string): Promise<void> {
    const s = text + '\n';
    this.bodyHash.update(s);
    if (!this.gz.write(s)) await once(this.gz, 'drain');
  }
  async end(): Promise<void> {
    this.gz.end();
    await this.done;
  }
}

/** Rows of a tree table (a foreign key to itself) reordered so a parent always precedes its children. */
export function parentFirst(t: TableInfo, rows: Value[][]): Value[][] {
  const colIx = (names: string[]): number[] => names.map((n) => t.columns.findIndex((c) => c.name === n));
  const lookups = selfReferences(t).map((fk) => {
    const refIx = colIx(fk.refColumns);
    const byKey = new Map<string, number>();
    rows.forEach((r, i) => byKey.set(JSON.stringify(refIx.map((x) => r[x])), i));
    return { ix: colIx(fk.columns), byKey };
  });
  const out: Value[][] = [];
  const state = new Uint8Array(rows.length); // 0 new, 1 visiting, 2 emitted
  const visit = (start: number): void => {
    // Iterative depth-first walk: a long chain (a record superseding another …) must not overflow the stack.
    const stack: { i: number; next: number }[] = [{ i: start, next: 0 }];
    state[start] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.next < lookups.length) {
        const l = lookups[top.next++]!;
        const vals = l.ix.map((x) => rows[top.i]![x]);
        if (vals.some((v) => v === null)) continue;
        const p = l.byKey.get(JSON.stringify(vals));
        if (p !== undefined && state[p] === 0) {
          state[p] = 1;
          stack.push({ i: p, next: 0 });
        }
        continue;
      }
      stack.pop();
      state[top.i] = 2;
      out.push(rows[top.i]!);
    }
  };
  for (let i = 0; i < rows.length; i++) if (state[i] === 0) visit(i);
  return out;
}

export interface BackupOptions {
  /** the signing key (kept outside the data folder); without it the backup is unsigned */
  sign?: SigningKey;
}

export async function createBackup(deps: BackupDeps, target: string, opts: BackupOptions = {}): Promise<BackupResult> {
  const file = path.resolve(target);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const bodyTmp = `${file}.${process.pid}.body.tmp`;
  const finalTmp = `${file}.${process.pid}.tmp`;
  const snap = await openSnapshot(deps.db);
  const sink = new LineSink(bodyTmp);
  const tables: TableManifest[] = [];
  const chain = new ChainChecker();
  const seen: { auditHead: { seq: number; hash: string } | null } = { auditHead: null };
  let blobRefs: { sha256: string; size: number }[] = [];
  try {
    if (!snap.migrations.length) {
      throw new AppError('PRECONDITION_FAILED', { zh: '数据库尚未迁移，无可备份内容', en: 'the database has not been migrated; nothing to back up' });
    }
    for (const t of snap.catalog.tables) {
      const columns = t.columns.map((c) => c.name);
      const hasher = new TableHasher(columns);
      await sink.line(JSON.stringify({ t: 'table', name: t.name, columns }));
      const isTree = selfReferences(t).length > 0;
      const buffered: Value[][] = [];
      const emit = async (values: Value[]): Promise<void> => {
        const line = JSON.stringify(values);
        hasher.row(line);
        await sink.line(line);
        if (t.name === 'audit_log') chain.add(Object.fromEntries(columns.map((c, i) => [c, values[i]])) as unknown as AuditLogTable);
        if (t.name === 'audit_head') {
          const r = Object.fromEntries(columns.map((c, i) => [c, values[i]]));
          seen.auditHead = { seq: Number(r.seq), hash: String(r.hash) };
        }
        if (t.name === 'stored_files') {
          const r = Object.fromEntries(columns.map((c, i) => [c, values[i]]));
          // A sealed document file (migration 0470) has no blob of its own: its sealed blob is a row too.
          if (r.sealed_sha256 == null) blobRefs.push({ sha256: String(r.sha256), size: Number(r.size) });
        }
      };
      for await (const raw of snap.rows(t)) {
        const values = raw.map(encodeValue);
        if (isTree) buffered.push(values);
        else await emit(values);
      }
      if (isTree) for (const values of parentFirst(t, buffered)) await emit(values);
      tables.push({ name: t.name, columns, rows: hasher.rows, sha256: hasher.digest() });
    }
    const head = seen.auditHead;
    if (!head) throw new AppError('PRECONDITION_FAILED', { zh: '缺少审计链头', en: 'the audit chain head is missing' });

    // Blobs: content-addressed, so the copy is verified against its own name.
    blobRefs = [...new Map(blobRefs.map((b) => [b.sha256, b])).values()];
    const missing: string[] = [];
    for (const b of blobRefs) {
      // Streamed from the store (any backend) in BLOB_PART_BYTES parts, hashed on the way: a file
      // that is missing or whose bytes do not match its name aborts the backup below.
      const opened = await deps.files.open(b.sha256);
      if (!opened) {
        missing.push(b.sha256);
        continue;
      }
      const parts = Math.max(1, Math.ceil(opened.size / BLOB_PART_BYTES));
      await sink.line(JSON.stringify({ t: 'blob', sha256: b.sha256, size: opened.size, parts }));
      const hash = createHash('sha256');
      let size = 0;
      let written = 0;
      let held: Buffer[] = [];
      let heldBytes = 0;
      const emitPart = async (part: Buffer): Promise<void> => {
        await sink.line(JSON.stringify(part.toString('base64')));
        written++;
      };
      try {
        for await (const c of opened.stream as AsyncIterable<Buffer>) {
          hash.update(c);
          size += c.length;
          held.push(c);
          heldBytes += c.length;
          while (heldBytes >= BLOB_PART_BYTES) {
            const all = Buffer.concat(held, heldBytes);
            await emitPart(all.subarray(0, BLOB_PART_BYTES));
            held = [all.subarray(BLOB_PART_BYTES)];
            heldBytes -= BLOB_PART_BYTES;
          }
        }
      } catch {
        // unreadable part way (a chunk row or the file gone): the backup is aborted below
        missing.push(b.sha256);
        continue;
      }
      if (heldBytes > 0 || written === 0) await emitPart(Buffer.concat(held, heldBytes));
      if (hash.digest('hex') !== b.sha256 || size !== opened.size || written !== parts) missing.push(b.sha256);
      b.size = size;
    }
    if (missing.length) {
      throw new AppError(
        'PRECONDITION_FAILED',
        { zh: `${missing.length} 个已登记文件缺失或已损坏，备份不完整，已中止`, en: `${missing.length} stored file(s) are missing or corrupt; backup aborted` },
        { missing },
      );
    }
    await sink.end();

    const chainHead = chain.head;
    const auditChainOk = !chain.problem && chainHead.seq === head.seq && chainHead.hash === head.hash;
    const manifest: BackupManifest = {
      t: 'manifest',
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: deps.clock.now().toISOString(),
      sourceEngine: snap.engine,
      migrations: snap.migrations,
      tables,
      blobs: blobRefs,
      auditHead: head,
      bodySha256: sink.bodyHash.digest('hex'),
      excluded: snap.catalog.excluded,
    };
    // The signature covers the manifest, which covers every table, blob and body checksum.
    if (opts.sign) manifest.signature = signManifest(manifest, opts.sign);
    // The manifest is its own gzip member in front of the body: gunzip reads the members as one stream.
    await fsp.writeFile(finalTmp, zlib.gzipSync(JSON.stringify(manifest) + '\n'), { mode: 0o600 });
    await pipeline(fs.createReadStream(bodyTmp), fs.createWriteStream(finalTmp, { flags: 'a' }));
    const fh = await fsp.open(finalTmp, 'r+');
    await fh.sync();
    await fh.close();
    await fsp.rename(finalTmp, file);
    const bytes = (await fsp.stat(file)).size;
    const problem = chain.problem ?? (auditChainOk ? undefined : { seq: head.seq, zh: '链头与最后一条记录不符', en: 'the chain head does not match the last record' });
    return { file, bytes, manifest, auditChainOk, ...(problem ? { auditProblem: problem } : {}) };
  } catch (err) {
    await sink.end().catch(() => undefined);
    throw err;
  } finally {
    await snap.close();
    await fsp.rm(bodyTmp, { force: true });
    await fsp.rm(finalTmp, { force: true });
  }
}
