// Encryption at rest of what a reporter gives us (issue 9 §3; FL-7(7) 泄露举报人信息): identity,
// contact, report text, messages and attachments. Each report (case) has its own random data key,
// kept in `report_keys` only WRAPPED by a master key that lives outside the database
// (src/crypto/report-keyring.ts). A database dump or a backup therefore holds ciphertext only.
//
// Algorithms: AES-256-GCM by default; SM4-GCM (GB/T 32907, node's OpenSSL `sm4-gcm`) for reports
// created while the 国密 option (`wenze hardening`, security.guomi) is on. The algorithm is fixed
// per report when its data key is created and recorded in `report_keys.alg`, so switching the
// option never makes older reports unreadable. The data key is wrapped with the same algorithm
// (for SM4 with a 128-bit key derived from the master key by HKDF-SM3).
//
// Every ciphertext is bound to its case (additional authenticated data = the case id): moving a
// sealed value to another case makes it fail to open.
//
// Formats: text → `wz1:` + base64(iv ‖ ciphertext ‖ tag); bytes → `WZ1\0` ‖ iv ‖ ciphertext ‖ tag.
//
// The keyring is module-level, configured at start-up (configureReportKeyring in the CLI's
// openDeps) or from WENZE_REPORT_KEYS on first use (tests); these four functions need only the
// open transaction or database handle.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, type CipherGCM, type DecipherGCM } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import type { Tx } from '../db/tx';
import { guomiEnabled } from '../services/hardening-settings';
import { AppError } from '../errors';
import { currentMasterKey, masterKeyById, type MasterKey } from './report-keyring';
import { reportKeyRowsOf, type ReportKeyRow } from '../repositories/cases/report-keys-repo';

export type SealAlg = 'aes-256-gcm' | 'sm4-gcm';
const IV = 12;
const TAG = 16;
const TEXT_PREFIX = 'wz1:';
const BYTES_MAGIC = Buffer.from('WZ1\0', 'latin1');

const handle = (q: Tx | Db | Kysely<Database>): Kysely<Database> => ('kysely' in q && 'dialect' in q ? (q as Db).kysely : (q as Kysely<Database>));

function encrypt(alg: SealAlg, key: Buffer, plain: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV);
  const c = createCipheriv(alg, key, iv) as CipherGCM;
  c.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, ct, c.getAuthTag()]);
}

function decrypt(alg: SealAlg, key: Buffer, blob: Buffer, aad: string): Buffer {
  if (blob.length < IV + TAG) throw new Error('sealed value too short');
  const d = createDecipheriv(alg, key, blob.subarray(0, IV)) as DecipherGCM;
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(blob.subarray(blob.length - TAG));
  return Buffer.concat([d.update(blob.subarray(IV, blob.length - TAG)), d.final()]);
}

function wrappingKey(alg: SealAlg, master: MasterKey): Buffer {
  return alg === 'sm4-gcm' ? Buffer.from(hkdfSync('sm3', master.key, Buffer.alloc(0), 'wenze-report-wrap-sm4', 16)) : master.key;
}

const wrapAad = (caseId: string, alg: SealAlg): string => `wenze-report-key:${caseId}:${alg}`;

export function wrapDataKey(caseId: string, alg: SealAlg, dataKey: Buffer, master: MasterKey): string {
  return encrypt(alg, wrappingKey(alg, master), dataKey, wrapAad(caseId, alg)).toString('base64');
}

export function unwrapDataKey(caseId: string, alg: SealAlg, wrapped: string, master: MasterKey): Buffer {
  return decrypt(alg, wrappingKey(alg, master), Buffer.from(wrapped, 'base64'), wrapAad(caseId, alg));
}

// Unwrapped data keys, by case and wrapped form (a rotation changes the wrapped form).
const cache = new Map<string, { alg: SealAlg; key: Buffer }>();
const CACHE_MAX = 512;

function remember(k: string, v: { alg: SealAlg; key: Buffer }): void {
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(k, v);
}

/** Forget unwrapped data keys (tests of a missing key; after a rotation). */
export function clearDataKeyCache(): void {
  cache.clear();
}

/** The master key of that id does not open the data key (a wrong key configured under the right id). */
export function wrongMasterKey(keyId: string): AppError {
  return new AppError(
    'REPORT_KEY_MISSING',
    {
      zh: `举报人信息主密钥（${keyId}）不正确：它无法解开本举报的数据密钥，举报人信息、举报内容与公文文件无法解密。请核对 WENZE_REPORT_KEYS 或密钥文件中该密钥的内容`,
      en: `the report master key ${keyId} is wrong: it does not open this report's data key, so the reporter's data, the report text and the document files cannot be decrypted. Check that key in WENZE_REPORT_KEYS or the key file`,
    },
    { keyId, wrongKey: true },
  );
}

async function dataKeyFor(q: Kysely<Database>, caseId: string): Promise<{ alg: SealAlg; key: Buffer } | null> {
  const row = await q.selectFrom('report_keys').select(['wrapped_key', 'key_id', 'alg']).where('case_id', '=', caseId).executeTakeFirst();
  return row ? unwrapRow(caseId, row) : null;
}

/** A stored key row unwrapped with its master key (remembered by case and wrapped form). */
function unwrapRow(caseId: string, row: { wrapped_key: string; key_id: string; alg: string }): { alg: SealAlg; key: Buffer } {
  const ck = `${caseId}|${row.key_id}|${row.wrapped_key}`;
  const hit = cache.get(ck);
  if (hit) return hit;
  const alg = row.alg as SealAlg;
  const master = masterKeyById(row.key_id);
  let key: Buffer;
  try {
    key = unwrapDataKey(caseId, alg, row.wrapped_key, master);
  } catch {
    // a key of that id whose bytes are not the ones that wrapped it: fail closed, saying so
    throw wrongMasterKey(row.key_id);
  }
  const v = { alg, key };
  remember(ck, v);
  return v;
}

/** The case's data key, created (and wrapped with the current master key) on first use. */
export async function ensureDataKey(tx: Tx, caseId: string, now = new Date().toISOString()): Promise<{ alg: SealAlg; key: Buffer }> {
  const have = await dataKeyFor(tx, caseId);
  if (have) return have;
  const master = currentMasterKey();
  const alg: SealAlg = (await guomiEnabled(tx)) ? 'sm4-gcm' : 'aes-256-gcm';
  const key = randomBytes(alg === 'sm4-gcm' ? 16 : 32);
  // Two transactions sealing the first value of one report at once (PostgreSQL, READ COMMITTED):
  // the second waits for the first, inserts nothing, and uses the key the first one stored.
  const r = await tx
    .insertInto('report_keys')
    .values({ case_id: caseId, wrapped_key: wrapDataKey(caseId, alg, key, master), key_id: master.id, alg, created_at: now, rewrapped_at: null })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 1n) === 0) {
    const stored = await dataKeyFor(tx, caseId);
    if (!stored) throw new Error(`data key for case ${caseId} vanished`);
    return stored;
  }
  return { alg, key };
}

/**
 * A sealed value that does not open under its case (copied from another case, or damaged): fail
 * closed with a coded error, never the text and never a 500. The product writes a sealed value
 * only under the case it seals for, and case ids never change (restore and key rotation keep
 * them), so only a copy made outside the services (e.g. by hand) can cause this.
 */
export function sealInvalid(caseId: string): AppError {
  return new AppError(
    'REPORT_SEAL_INVALID',
    { zh: `本案（${caseId}）加密存储的举报信息无法解开：它不属于本案或已损坏`, en: `a sealed report value of case ${caseId} does not open: it belongs to another case or is damaged` },
    { caseId },
  );
}

async function mustKey(q: Kysely<Database>, caseId: string): Promise<{ alg: SealAlg; key: Buffer }> {
  const k = await dataKeyFor(q, caseId);
  if (!k) throw sealInvalid(caseId); // a sealed value of a case that has no data key
  return k;
}

function openOrFail(alg: SealAlg, key: Buffer, blob: Buffer, caseId: string): Buffer {
  try {
    return decrypt(alg, key, blob, caseId);
  } catch {
    throw sealInvalid(caseId);
  }
}

export const isSealedText = (v: string | null | undefined): boolean => typeof v === 'string' && v.startsWith(TEXT_PREFIX);

export async function sealText(tx: Tx, caseId: string, text: string): Promise<string> {
  const { alg, key } = await ensureDataKey(tx, caseId);
  return TEXT_PREFIX + encrypt(alg, key, Buffer.from(text, 'utf8'), caseId).toString('base64');
}

export async function openText(tx: Tx | Db | Kysely<Database>, caseId: string, sealed: string): Promise<string> {
  if (!isSealedText(sealed)) throw new Error('not a sealed text value');
  const { alg, key } = await mustKey(handle(tx), caseId);
  return openOrFail(alg, key, Buffer.from(sealed.slice(TEXT_PREFIX.length), 'base64'), caseId).toString('utf8');
}

/**
 * Sealed texts of many cases (a list page) opened with ONE read of their data keys (issue 14:
 * not one statement per case). Each item settles as `openText` would: its text, or the error
 * `openText` throws (REPORT_SEAL_INVALID without a key row or when the value is not this case's,
 * REPORT_KEY_MISSING without its master key), so the caller decides per item.
 */
export async function openTexts(tx: Tx | Db | Kysely<Database>, items: readonly { caseId: string; sealed: string }[]): Promise<PromiseSettledResult<string>[]> {
  return openTextsWith(items.length ? await reportKeysOf(tx, items.map((i) => i.caseId)) : new Map(), items);
}

/** The wrapped data keys of these cases, as `openTextsWith` takes them (one statement per 500 cases). */
export const reportKeysOf = (tx: Tx | Db | Kysely<Database>, caseIds: readonly string[]): Promise<Map<string, ReportKeyRow>> => reportKeyRowsOf(handle(tx), caseIds);

/** `openTexts` with the cases' data keys already read (`reportKeysOf`): no statement. */
export function openTextsWith(rows: ReadonlyMap<string, ReportKeyRow>, items: readonly { caseId: string; sealed: string }[]): PromiseSettledResult<string>[] {
  return items.map(({ caseId, sealed }) => {
    try {
      if (!isSealedText(sealed)) throw new Error('not a sealed text value');
      const row = rows.get(caseId);
      if (!row) throw sealInvalid(caseId); // a sealed value of a case that has no data key
      const { alg, key } = unwrapRow(caseId, row);
      return { status: 'fulfilled', value: openOrFail(alg, key, Buffer.from(sealed.slice(TEXT_PREFIX.length), 'base64'), caseId).toString('utf8') };
    } catch (reason) {
      return { status: 'rejected', reason };
    }
  });
}

export async function sealBytes(tx: Tx, caseId: string, data: Buffer): Promise<Buffer> {
  const { alg, key } = await ensureDataKey(tx, caseId);
  return Buffer.concat([BYTES_MAGIC, encrypt(alg, key, data, caseId)]);
}

export async function openBytes(tx: Tx | Db | Kysely<Database>, caseId: string, sealed: Buffer): Promise<Buffer> {
  if (sealed.length < BYTES_MAGIC.length || !sealed.subarray(0, BYTES_MAGIC.length).equals(BYTES_MAGIC)) throw new Error('not a sealed byte value');
  const { alg, key } = await mustKey(handle(tx), caseId);
  return openOrFail(alg, key, sealed.subarray(BYTES_MAGIC.length), caseId);
}

/**
 * A sealed value of one case re-sealed for another with the given (unwrapped) data key, or the
 * value unchanged when it is not sealed. Synchronous, for bulk copies that run outside the
 * services (the scale bench's case cloner): a sealed value is bound to its case id and does not
 * open under another. Throws when the value does not open under `fromCaseId`.
 */
export function resealForCase(value: unknown, dataKey: { alg: SealAlg; key: Buffer }, fromCaseId: string, toCaseId: string): unknown {
  if (typeof value === 'string' && isSealedText(value)) {
    const plain = decrypt(dataKey.alg, dataKey.key, Buffer.from(value.slice(TEXT_PREFIX.length), 'base64'), fromCaseId);
    return TEXT_PREFIX + encrypt(dataKey.alg, dataKey.key, plain, toCaseId).toString('base64');
  }
  if (Buffer.isBuffer(value) && value.length >= BYTES_MAGIC.length && value.subarray(0, BYTES_MAGIC.length).equals(BYTES_MAGIC)) {
    const plain = decrypt(dataKey.alg, dataKey.key, value.subarray(BYTES_MAGIC.length), fromCaseId);
    return Buffer.concat([BYTES_MAGIC, encrypt(dataKey.alg, dataKey.key, plain, toCaseId)]);
  }
  return value;
}

/** Seal a nullable field (null stays null). */
export async function sealNullable(tx: Tx, caseId: string, v: string | null | undefined): Promise<string | null> {
  return v == null ? null : sealText(tx, caseId, v);
}

/** Open a nullable field (null stays null). */
export async function openNullable(q: Tx | Db, caseId: string, v: string | null | undefined): Promise<string | null> {
  return v == null ? null : openText(q, caseId, v);
}
