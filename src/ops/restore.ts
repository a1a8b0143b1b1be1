// `wenze restore FILE [--force]`: puts a backup (from either engine) into this database.
//
// Two passes over the file. The first verifies everything and changes nothing: gzip integrity
// (a flipped byte or a truncated file fails here), the manifest, each table's row count and
// SHA-256, the body's SHA-256, the audit chain inside the backup (the rules of `wenze audit
// verify`), the audit head, and every blob against its own SHA-256. Only then does the second
// pass replace every table in ONE transaction, re-checking the same hashes as it inserts and
// rolling back on any difference. A database that already holds data (accounts or audit
// records) is refused unless `force` is given. The audit chain is restored exactly, so `wenze
// audit verify` passes afterwards.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type pg from 'pg';
import { z } from 'zod';
import { AppError, isAppError } from '../errors';
import type { Db } from '../db/database';
import { migrateToLatest, migratorFor } from '../db/migrate';
import { migrations as knownMigrations } from '../db/migrations/index';
import type { FileStore } from '../files/file-store';
import type { AuditLogTable } from '../db/tables/core';
import { resetStatsCounters } from '../repositories/stats/stats-counters';
import { verifyAuditChain, type AuditVerifyResult } from '../audit/audit-verify';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  ChainChecker,
  TableHasher,
  decodeValue,
  sha256OfBuffer,
  type BackupManifest,
  type TableManifest,
  type Value,
} from './backup-format';
import { checkSignature, emptyTrust, SIGNATURE_ALGS, type SignaturePolicy, type SignatureStatus } from './backup-signing';
import { MIGRATION_TABLES, postgresCatalog, quoteIdent, sqliteCatalog, type Catalog, type TableInfo } from './db-catalog';

const ident = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
const sha = z.string().regex(/^[0-9a-f]{64}$/);
const manifestSchema = z.object({
  t: z.literal('manifest'),
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int(),
  createdAt: z.string(),
  sourceEngine: z.enum(['sqlite', 'postgres']),
  migrations: z.array(z.string()).min(1),
  tables: z.array(z.object({ name: ident, columns: z.array(ident).min(1), rows: z.number().int().min(0), sha256: sha })),
  blobs: z.array(z.object({ sha256: sha, size: z.number().int().min(0) })),
  auditHead: z.object({ seq: z.number().int().min(0), hash: sha }),
  bodySha256: sha,
  excluded: z.object({ tables: z.array(z.string()), columns: z.record(z.string(), z.array(z.string())) }),
  signature: z.object({ alg: z.enum(SIGNATURE_ALGS), keyId: z.string().max(100), value: z.string().max(1000) }).optional(),
});
const valueSchema = z.union([z.null(), z.number(), z.string(), z.boolean(), z.object({ $b64: z.string() }).strict()]);
const rowSchema = z.array(valueSchema);
const tableHeaderSchema = z.object({ t: z.literal('table'), name: ident, columns: z.array(ident) });
const blobHeaderSchema = z.object({ t: z.literal('blob'), sha256: sha, size: z.number().int().min(0), parts: z.number().int().min(1) });

function invalid(zh: string, en: string, details?: Record<string, unknown>): AppError {
  return new AppError('BACKUP_INVALID', { zh, en }, details);
}

export interface BackupVisitor {
  table?(t: TableManifest): Promise<void> | void;
  row?(t: TableManifest, values: Value[]): Promise<void> | void;
  blob?(sha256: string, data: Buffer): Promise<void> | void;
}

async function* lines(file: string): AsyncGenerator<string> {
  const input = zlib.createGunzip();
  let failure: Error | null = null;
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  const fail = (e: Error): void => {
    failure ??= e;
    rl.close();
  };
  // zlib errors (truncation, CRC, bad header) surface on the streams, not always on the iterator.
  rl.on('error', fail);
  void pipeline(fs.createReadStream(file), input).catch(fail);
  try {
    for await (const l of rl) {
      if (failure) break;
      yield l;
    }
  } finally {
    input.destroy();
  }
  if (failure) throw failure;
}

/** Carries an error thrown by a visitor (e.g. a failed insert) past the "damaged file" translation. */
class VisitorFailure extends Error {
  constructor(readonly inner: unknown) {
    super('visitor failed');
  }
}

async function call(fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn();
  } catch (err) {
    throw new VisitorFailure(err);
  }
}

function parseJson(line: string, where: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw invalid(`${where}不是有效的 JSON`, `${where} is not valid JSON`);
  }
}

/**
 * Reads the whole backup, verifying as it goes, and calls the visitor for every table, row and
 * blob. Throws BACKUP_INVALID at the first problem. Returns the manifest when all holds.
 */
export async function readBackup(file: string, visitor: BackupVisitor = {}): Promise<BackupManifest> {
  if (!fs.existsSync(file)) throw invalid('文件不存在', 'no such file', { file });
  let manifest: BackupManifest | null = null;
  const body = createHash('sha256');
  const chain = new ChainChecker();
  let tableIx = -1;
  let current: (TableManifest & { hasher: TableHasher }) | null = null;
  let auditHeadRow: { seq: number; hash: string } | null = null;
  const storedFiles = new Set<string>();
  let blobIx = 0;
  let blob: { sha256: string; size: number; parts: number; chunks: Buffer[] } | null = null;

  const finishTable = (): void => {
    if (!current) return;
    if (current.hasher.rows !== current.rows) {
      throw invalid(`表 ${current.name} 行数不符（应为 ${current.rows}，实为 ${current.hasher.rows}）`, `table ${current.name}: ${current.hasher.rows} rows, manifest says ${current.rows}`);
    }
    if (current.hasher.digest() !== current.sha256) throw invalid(`表 ${current.name} 内容校验值不符`, `table ${current.name}: content checksum does not match`);
    current = null;
  };

  try {
    for await (const line of lines(file)) {
      if (!manifest) {
        const m = manifestSchema.safeParse(parseJson(line, '清单'));
        if (!m.success) throw invalid('不是 Wenze 备份文件或清单损坏', 'not a Wenze backup, or its manifest is damaged');
        if (m.data.version !== BACKUP_VERSION) {
          throw invalid(`备份格式版本 ${m.data.version} 不受支持`, `backup format version ${m.data.version} is not supported`);
        }
        manifest = m.data as BackupManifest;
        continue;
      }
      body.update(line + '\n');
      if (blob) {
        const s = parseJson(line, '文件内容');
        if (typeof s !== 'string') throw invalid('文件内容格式错误', 'blob part is not a string');
        blob.chunks.push(Buffer.from(s, 'base64'));
        if (blob.chunks.length === blob.parts) {
          const data = Buffer.concat(blob.chunks);
          if (data.length !== blob.size || sha256OfBuffer(data) !== blob.sha256) {
            throw invalid(`文件 ${blob.sha256.slice(0, 12)}… 内容校验失败`, `blob ${blob.sha256.slice(0, 12)}… fails its SHA-256`);
          }
          const b = blob;
          await call(() => visitor.blob?.(b.sha256, data));
          blob = null;
        }
        continue;
      }
      if (line.startsWith('{')) {
        const head = parseJson(line, '段落标记') as { t?: unknown };
        if (head.t === 'table') {
          finishTable();
          const h = tableHeaderSchema.safeParse(head);
          const expected = manifest.tables[++tableIx];
          if (!h.success || !expected || h.data.name !== expected.name || JSON.stringify(h.data.columns) !== JSON.stringify(expected.columns)) {
            throw invalid('表的顺序或列与清单不符', 'a table header does not match the manifest');
          }
          current = { ...expected, hasher: new TableHasher(expected.columns) };
          await call(() => visitor.table?.(expected));
          continue;
        }
        if (head.t === 'blob') {
          finishTable();
          const h = blobHeaderSchema.safeParse(head);
          const expected = manifest.blobs[blobIx++];
          if (!h.success || !expected || h.data.sha256 !== expected.sha256 || h.data.size !== expected.size) {
            throw invalid('文件段与清单不符', 'a blob does not match the manifest');
          }
          blob = { ...h.data, chunks: [] };
          continue;
        }
        throw invalid('未知的段落', 'unknown section');
      }
      if (!current) throw invalid('数据行不在任何表内', 'a row outside any table');
      const parsed = rowSchema.safeParse(parseJson(line, `表 ${current.name} 的数据行`));
      if (!parsed.success || parsed.data.length !== current.columns.length) {
        throw invalid(`表 ${current.name} 的数据行格式错误`, `table ${current.name}: malformed row`);
      }
      const values = parsed.data as Value[];
      current.hasher.row(line);
      const rowObj = (): Record<string, Value> => Object.fromEntries(current!.columns.map((c, i) => [c, values[i]!]));
      if (current.name === 'audit_log') chain.add(rowObj() as unknown as AuditLogTable);
      else if (current.name === 'audit_head') {
        const r = rowObj();
        auditHeadRow = { seq: Number(r.seq), hash: String(r.hash) };
      } else if (current.name === 'stored_files') {
        // a sealed document file's row (migration 0470) has no blob of its own
        const r = rowObj();
        if (r.sealed_sha256 == null) storedFiles.add(String(r.sha256));
      }
      const tm = current;
      await call(() => visitor.row?.(tm, values));
    }
  } catch (err) {
    if (err instanceof VisitorFailure) throw err.inner;
    if (isAppError(err)) throw err;
    // zlib: "unexpected end of file" (truncated), "incorrect header check", CRC mismatches …
    throw invalid('文件已损坏或被截断', `the file is damaged or truncated (${(err as Error).message})`);
  }
  if (!manifest) throw invalid('文件为空', 'the file is empty');
  if (blob) throw invalid('文件被截断', 'the file is truncated inside a blob');
  finishTable();
  if (tableIx !== manifest.tables.length - 1 || blobIx !== manifest.blobs.length) throw invalid('文件被截断或缺少部分内容', 'the file is truncated or incomplete');
  if (body.digest('hex') !== manifest.bodySha256) throw invalid('备份内容整体校验值不符', 'the body checksum does not match');
  if (chain.problem) throw invalid(chain.problem.zh, chain.problem.en, { auditSeq: chain.problem.seq });
  const head: { seq: number; hash: string } | null = auditHeadRow;
  const chainHead = chain.head;
  if (!head || head.seq !== manifest.auditHead.seq || head.hash !== manifest.auditHead.hash || chainHead.seq !== head.seq || chainHead.hash !== head.hash) {
    throw invalid('审计链头与日志记录不符（记录可能被删除）', 'the audit chain head does not match the records (records may have been removed)');
  }
  const carried = new Set(manifest.blobs.map((b) => b.sha256));
  const missing = [...storedFiles].filter((s) => !carried.has(s));
  if (missing.length || carried.size !== storedFiles.size) throw invalid('已登记文件与备份中的文件不一致', 'stored_files rows and carried blobs differ', { missing });
  return manifest;
}

/**
 * Verifies a backup file without touching any database: every checksum, then the signature
 * against the trusted keys (等保2.0 数据备份恢复). Without a policy nothing is trusted, so only
 * `{ allowUnsigned: true }` given explicitly accepts an unsigned or unverifiable file.
 */
export async function verifyBackup(file: string, policy: SignaturePolicy = { trusted: emptyTrust() }): Promise<VerifiedBackup> {
  const manifest = await readBackup(file);
  const signature = checkSignature(manifest, policy);
  return Object.assign(manifest, { [VERIFIED]: signature });
}

const VERIFIED = Symbol('verified');
/** A manifest that came out of `verifyBackup` (checksums and signature checked). */
export type VerifiedBackup = BackupManifest & { [VERIFIED]: SignatureStatus };
export const signatureStatusOf = (v: VerifiedBackup): SignatureStatus => v[VERIFIED];

export interface RestoreOptions {
  /** replace a database that already holds data */
  force?: boolean;
  /**
   * The manifest from a `verifyBackup` of the same file just before (the CLI verifies before it
   * even opens the database): skips the separate verification pass. The loading pass checks
   * every hash again and must arrive at this same body checksum, or it rolls back.
   */
  verified?: VerifiedBackup;
  /** how the signature is checked when `verified` is not given (default: nothing trusted) */
  signature?: SignaturePolicy;
}

export interface RestoreResult {
  manifest: BackupManifest;
  rows: number;
  blobs: number;
  /** migrations applied after loading (a backup from an older version is brought up to date) */
  migratedAfter: string[];
  audit: AuditVerifyResult;
}

const sortedKnown = (): string[] => Object.keys(knownMigrations).sort();

async function appliedMigrations(db: Db): Promise<string[]> {
  const has =
    db.dialect === 'sqlite'
      ? db.sqlite!.prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name='kysely_migration'`).get()
      : (await sql<{ t: string | null }>`SELECT to_regclass('kysely_migration')::text AS t`.execute(db.kysely)).rows[0]?.t;
  if (!has) return [];
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db.kysely);
  return rows.rows.map((r) => r.name).sort();
}

async function holdsData(db: Db): Promise<boolean> {
  for (const t of ['users', 'audit_log']) {
    const exists =
      db.dialect === 'sqlite'
        ? db.sqlite!.prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name=?`).get(t)
        : (await sql<{ t: string | null }>`SELECT to_regclass(${t})::text AS t`.execute(db.kysely)).rows[0]?.t;
    if (!exists) continue;
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(db.kysely);
    if (Number(r.rows[0]?.n ?? 0) > 0) return true;
  }
  return false;
}

async function migrateTo(db: Db, name: string): Promise<void> {
  const { error } = await (await migratorFor(db, knownMigrations)).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

function checkSchema(manifest: BackupManifest, catalog: Catalog): void {
  for (const t of manifest.tables) {
    const target = catalog.tables.find((x) => x.name === t.name);
    const missing = target ? t.columns.filter((c) => !target.columns.some((x) => x.name === c)) : t.columns;
    if (!target || missing.length) {
      throw new AppError(
        'PRECONDITION_FAILED',
        { zh: `目标数据库缺少表或列 ${t.name}(${missing.join(', ')})`, en: `the target database lacks table/columns ${t.name}(${missing.join(', ')})` },
      );
    }
  }
}

/** Verifies, then replaces every table of `db` with the backup's rows in one transaction. */
export async function restoreBackup(deps: { db: Db; files: FileStore }, file: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const { db } = deps;
  const manifest: BackupManifest = opts.verified && opts.verified[VERIFIED] ? opts.verified : await verifyBackup(file, opts.signature);

  const known = sortedKnown();
  const wanted = manifest.migrations;
  if (wanted.some((m, i) => known[i] !== m)) {
    throw invalid('备份来自更新或不同版本的 Wenze，请先升级', 'the backup comes from a newer or different version of Wenze; upgrade first', { migrations: wanted });
  }
  if (await holdsData(db)) {
    if (!opts.force) {
      throw new AppError('PRECONDITION_FAILED', {
        zh: '目标数据库已有数据；确认覆盖请加 --force（将整体替换）',
        en: 'the target database already holds data; pass --force to replace everything',
      });
    }
  }
  const applied = await appliedMigrations(db);
  const sameLevel = applied.length === wanted.length && applied.every((m, i) => m === wanted[i]);
  if (!sameLevel) {
    const behind = applied.every((m, i) => m === wanted[i]) && applied.length < wanted.length;
    if (!behind && (await holdsData(db))) {
      throw new AppError('PRECONDITION_FAILED', {
        zh: '目标数据库的结构版本比备份新；请恢复到空的数据目录或数据库',
        en: 'the target database schema is newer than the backup; restore into an empty data folder or database',
      });
    }
    // Bring the (empty) target to the backup's schema: the rows fit it exactly.
    await migrateTo(db, wanted[wanted.length - 1]!);
  }

  // Blobs go into the target's store (any backend) while the rows load — except into the
  // database store from a backup older than its tables: those are put in after migrating.
  const deferBlobs = deps.files.kind === 'database' && !wanted.includes(FILE_STORE_MIGRATION);
  const putBlob = async (sha256: string, data: Buffer): Promise<void> => {
    const r = await deps.files.put(data);
    if (r.sha256 !== sha256) throw invalid('文件写入后校验失败', 'a blob failed its checksum after writing');
  };
  const blobs = deferBlobs ? null : putBlob;
  const rows = db.dialect === 'sqlite' ? await applySqlite(deps, file, manifest, blobs) : await applyPostgres(deps, file, manifest, blobs);
  const migratedAfter = (await migrateToLatest(db)).applied;
  // the statistics' counters are derived (not in the backup): every restored case is counted again
  await resetStatsCounters(db);
  if (deferBlobs) sameBackup(await readBackup(file, { blob: putBlob }), manifest);
  const audit = await verifyAuditChain(db);
  return { manifest, rows, blobs: manifest.blobs.length, migratedAfter, audit };
}

/** The file read while loading must be the one verified before (it could be replaced in between). */
function sameBackup(loaded: BackupManifest, verified: BackupManifest): void {
  if (loaded.bodySha256 !== verified.bodySha256) throw invalid('备份文件在校验后被改动', 'the backup file changed after it was verified');
}

function insertSql(t: TableManifest, target: TableInfo, engine: 'sqlite' | 'postgres', nRows = 1): string {
  const cols = t.columns.map(quoteIdent).join(', ');
  const overriding = engine === 'postgres' && target.columns.some((c) => c.sequence === 'identity-always') ? ' OVERRIDING SYSTEM VALUE' : '';
  const tuples: string[] = [];
  let p = 0;
  for (let r = 0; r < nRows; r++) tuples.push(`(${t.columns.map(() => (engine === 'postgres' ? `$${++p}` : '?')).join(', ')})`);
  return `INSERT INTO ${quoteIdent(t.name)} (${cols})${overriding} VALUES ${tuples.join(', ')}`;
}

type PutBlob = ((sha256: string, data: Buffer) => Promise<void>) | null;

/** The migration that creates the database file store's tables. */
const FILE_STORE_MIGRATION = '0160-file-store';

async function applySqlite(deps: { db: Db; files: FileStore }, file: string, manifest: BackupManifest, putBlob: PutBlob): Promise<number> {
  // The raw handle, not Kysely: one long write transaction with prepared inserts, and no Kysely
  // call inside it (that would wait on the same connection).
  const h = deps.db.sqlite!;
  const catalog = sqliteCatalog(h);
  checkSchema(manifest, catalog);
  let count = 0;
  let insert: ((values: Value[]) => void) | null = null;
  h.exec('BEGIN IMMEDIATE');
  try {
    // Checked at COMMIT instead of per row: tables arrive in dependency order anyway.
    h.pragma('defer_foreign_keys = ON');
    for (const t of [...catalog.tables].reverse()) h.exec(`DELETE FROM ${quoteIdent(t.name)}`);
    const seen = await readBackup(file, {
      table(t) {
        const stmt = h.prepare(insertSql(t, catalog.tables.find((x) => x.name === t.name)!, 'sqlite'));
        insert = (values) => stmt.run(values.map((v) => decodeValue(v, 'sqlite')));
      },
      row(_t, values) {
        insert!(values);
        count++;
      },
      blob: async (sha256, data) => {
        await putBlob?.(sha256, data);
      },
    });
    sameBackup(seen, manifest);
    h.exec('COMMIT');
  } catch (err) {
    if (h.inTransaction) h.exec('ROLLBACK');
    throw err;
  }
  return count;
}

async function applyPostgres(deps: { db: Db; files: FileStore }, file: string, manifest: BackupManifest, putBlob: PutBlob): Promise<number> {
  const client: pg.PoolClient = await deps.db.pool!.connect();
  let count = 0;
  try {
    await client.query('BEGIN');
    const catalog = await postgresCatalog(client);
    checkSchema(manifest, catalog);
    const names = catalog.tables.filter((t) => !MIGRATION_TABLES.includes(t.name)).map((t) => quoteIdent(t.name));
    // Running servers wait here until the restore commits instead of writing into a half-restored database.
    await client.query(`LOCK TABLE ${names.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    await client.query('SET CONSTRAINTS ALL DEFERRED');
    await client.query(`TRUNCATE ${names.join(', ')}`);

    let pending: Value[][] = [];
    let table: TableManifest | null = null;
    let target: TableInfo | null = null;
    const flush = async (): Promise<void> => {
      if (!pending.length || !table || !target) return;
      const params = pending.flat().map((v) => decodeValue(v, 'postgres'));
      await client.query(insertSql(table, target, 'postgres', pending.length), params);
      count += pending.length;
      pending = [];
    };
    const seen = await readBackup(file, {
      async table(t) {
        await flush();
        table = t;
        target = catalog.tables.find((x) => x.name === t.name)!;
      },
      async row(t, values) {
        pending.push(values);
        // PostgreSQL allows 65,535 bind parameters per statement.
        if ((pending.length + 1) * t.columns.length > 60_000 || pending.length >= 500) await flush();
      },
      async blob(sha256, data) {
        await flush();
        // the database store writes through its own connections: its tables are not locked here
        await putBlob?.(sha256, data);
      },
    });
    await flush();
    // Sequences behind serial/identity columns continue after the restored values.
    for (const t of catalog.tables) {
      for (const c of t.columns.filter((x) => x.sequence !== 'none')) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(${quoteIdent(c.name)}), 1), MAX(${quoteIdent(c.name)}) IS NOT NULL) FROM ${quoteIdent(t.name)}`,
          [t.name, c.name],
        );
      }
    }
    sameBackup(seen, manifest);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  return count;
}
