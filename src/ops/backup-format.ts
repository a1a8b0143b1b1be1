// The backup file format (engine-neutral): one gzip file of JSON lines.
//
//   line 1      the manifest (its own gzip member, so it can be read without the rest)
//   then, per table in dependency order:
//               {"t":"table","name":…,"columns":[…]}
//               one JSON array of values per row, in column order
//   then, per stored file blob (content-addressed, from `stored_files`):
//               {"t":"blob","sha256":…,"size":…,"parts":n}
//               n JSON strings of base64 (≤ 1 MiB of content each)
//
// Values: null, numbers, strings as they are; binary as {"$b64": "…"}; booleans as JSON
// booleans; a PostgreSQL json/jsonb value as its canonical JSON text; a timestamp as ISO text.
// The manifest carries the SHA-256 of every table's lines (header + rows) and of the whole
// body, row counts, the audit chain head and the blob list, so a flipped byte, an edited or
// dropped row and a truncated file are all caught before anything is restored.
import { createHash, type Hash } from 'node:crypto';
import { GENESIS_HASH, hashRecord } from '../audit/audit-writer';
import type { AuditLogTable } from '../db/tables/core';
import { canonicalJson } from '../lib/canonical-json';
import type { DialectName } from '../db/database';
import type { BackupSignature } from './backup-signing';

export const BACKUP_FORMAT = 'wenze-backup';
export const BACKUP_VERSION = 1;
/** base64 lines hold at most this many bytes of a blob */
export const BLOB_PART_BYTES = 1024 * 1024;

export interface TableManifest {
  name: string;
  columns: string[];
  rows: number;
  sha256: string;
}

export interface BackupManifest {
  t: 'manifest';
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  sourceEngine: DialectName;
  /** Kysely migration names applied on the source, in order */
  migrations: string[];
  /** in the order they appear in the body */
  tables: TableManifest[];
  /** content-addressed blobs carried, in the order they appear */
  blobs: { sha256: string; size: number }[];
  auditHead: { seq: number; hash: string };
  /** SHA-256 of every body line (each followed by "\n") */
  bodySha256: string;
  /** engine-specific derived data not carried (rebuilt from base rows) */
  excluded: { tables: string[]; columns: Record<string, string[]> };
  /** over the canonical JSON of every other field (./backup-signing.ts) */
  signature?: BackupSignature;
}

export type Value = null | number | string | boolean | { $b64: string };

/** Turns a value read from either engine into its portable form. */
export function encodeValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') {
    // Exact when it fits; otherwise text, which both engines accept for an integer column.
    return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  }
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { $b64: Buffer.from(v).toString('base64') };
  if (v instanceof Date) return v.toISOString();
  // PostgreSQL json/jsonb arrive parsed; store the canonical text, as the SQLite side holds it.
  return canonicalJson(v);
}

/** The value to bind when inserting into the given engine. */
export function decodeValue(v: Value, engine: DialectName): unknown {
  if (v !== null && typeof v === 'object') return Buffer.from(v.$b64, 'base64');
  if (typeof v === 'boolean' && engine === 'sqlite') return v ? 1 : 0;
  return v;
}

/** Running SHA-256 over a table's header and row lines. */
export class TableHasher {
  private readonly h: Hash = createHash('sha256');
  rows = 0;
  constructor(columns: string[]) {
    this.h.update(JSON.stringify(columns) + '\n');
  }
  row(line: string): void {
    this.h.update(line + '\n');
    this.rows++;
  }
  digest(): string {
    return this.h.digest('hex');
  }
}

export interface ChainProblem {
  seq: number;
  zh: string;
  en: string;
}

/**
 * The audit chain rules of src/audit/audit-verify.ts, applied to rows as they stream past
 * (from a backup file rather than a database): consecutive seq from 1, each prev_hash the
 * previous hash, each hash the hash of its content, and the head matching the last record.
 */
export class ChainChecker {
  private prevHash = GENESIS_HASH;
  private expectSeq = 1;
  problem: ChainProblem | null = null;

  add(r: AuditLogTable): void {
    if (this.problem) return;
    const seq = Number(r.seq);
    if (seq !== this.expectSeq) {
      this.problem = { seq, zh: `审计日志第 ${this.expectSeq} 条缺失或顺序被改动`, en: `audit record ${this.expectSeq} is missing or out of order` };
      return;
    }
    if (r.prev_hash !== this.prevHash) {
      this.problem = { seq, zh: `审计日志第 ${seq} 条与前一条的链接不符`, en: `audit record ${seq} does not link to the previous record` };
      return;
    }
    const { hash, ...rest } = r;
    if (hashRecord({ ...rest, seq }) !== hash) {
      this.problem = { seq, zh: `审计日志第 ${seq} 条内容被改动`, en: `audit record ${seq} was altered` };
      return;
    }
    this.prevHash = hash;
    this.expectSeq++;
  }

  /** The head the records lead to. */
  get head(): { seq: number; hash: string } {
    return { seq: this.expectSeq - 1, hash: this.prevHash };
  }
}

export const sha256OfBuffer = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
