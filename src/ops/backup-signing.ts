// Signed backups (等保2.0 数据备份恢复, docs/security-hardening.md).
//
// The manifest (first line of a backup) carries the SHA-256 of every table, of every blob and of
// the whole body; the signature covers the manifest (its canonical JSON without the signature
// itself), so it covers every byte of the backup: a file edited and its checksums recomputed no
// longer matches its signature.
//
// - Ed25519 (node:crypto) by default; SM2 (GB/T 32918, with SM3 and the default user id, from
//   sm-crypto-v2) when the 国密 option is on.
// - The private key lives OUTSIDE the data folder (default ~/.config/wenze/backup-signing.pem,
//   or --key / WENZE_BACKUP_KEY), so whoever can write the data folder cannot sign.
// - Verification uses a trusted-keys file of public keys (default
//   ~/.config/wenze/backup-trusted-keys.json, or --trusted-keys / WENZE_BACKUP_TRUSTED_KEYS),
//   also outside the data folder. Rotation writes a new private key and keeps the old public key
//   (marked retired) in the trusted file, so older backups still verify.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sm2 } from 'sm-crypto-v2';
import { AppError } from '../errors';
import { canonicalJson } from '../lib/canonical-json';

export const SIGNATURE_ALGS = ['ed25519', 'sm2'] as const;
export type SignatureAlg = (typeof SIGNATURE_ALGS)[number];

export interface BackupSignature {
  alg: SignatureAlg;
  keyId: string;
  /** base64 (Ed25519) or hex DER (SM2) */
  value: string;
}

export interface SigningKey {
  alg: SignatureAlg;
  keyId: string;
  /** PKCS#8 PEM (Ed25519) or hex (SM2) */
  privateKey: string;
  /** SPKI PEM (Ed25519) or uncompressed hex (SM2) */
  publicKey: string;
}

export interface TrustedKey {
  keyId: string;
  alg: SignatureAlg;
  publicKey: string;
  addedAt: string;
  /** set when the key was rotated out: still trusted for older backups */
  retiredAt: string | null;
}

export interface TrustedKeys {
  format: 'wenze-backup-trusted-keys';
  version: 1;
  keys: TrustedKey[];
}

/** How a backup's signature is checked. `allowUnsigned`: accept an unsigned or unverifiable one (explicit operator choice). */
export interface SignaturePolicy {
  trusted: TrustedKeys;
  allowUnsigned?: boolean;
}

export type SignatureStatus = { status: 'valid'; keyId: string; alg: SignatureAlg; retired: boolean } | { status: 'unsigned' | 'invalid'; allowed: true; reason: string };

const SM2_BEGIN = '-----BEGIN WENZE SM2 PRIVATE KEY-----';
const SM2_END = '-----END WENZE SM2 PRIVATE KEY-----';

export const emptyTrust = (): TrustedKeys => ({ format: 'wenze-backup-trusted-keys', version: 1, keys: [] });

export function keyIdOf(alg: SignatureAlg, publicKey: string): string {
  const material = alg === 'ed25519' ? createPublicKey(publicKey).export({ type: 'spki', format: 'der' }) : Buffer.from(publicKey.toLowerCase(), 'utf8');
  return `${alg}:${createHash('sha256').update(material).digest('hex').slice(0, 16)}`;
}

export function generateSigningKey(alg: SignatureAlg): SigningKey {
  if (alg === 'sm2') {
    const k = sm2.generateKeyPairHex();
    return { alg, keyId: keyIdOf(alg, k.publicKey), privateKey: k.privateKey, publicKey: k.publicKey };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  return { alg, keyId: keyIdOf(alg, publicKey), privateKey, publicKey };
}

export function signingKeyText(k: SigningKey): string {
  return k.alg === 'ed25519' ? k.privateKey : `${SM2_BEGIN}\n${k.privateKey}\n${k.publicKey}\n${SM2_END}\n`;
}

export function parseSigningKey(text: string): SigningKey {
  if (text.includes(SM2_BEGIN)) {
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^[0-9a-f]+$/i.test(l));
    const [priv, pub] = lines;
    if (!priv || !pub || sm2.getPublicKeyFromPrivateKey(priv).toLowerCase() !== pub.toLowerCase()) throw keyError('SM2 私钥文件无效', 'the SM2 private key file is not valid');
    return { alg: 'sm2', keyId: keyIdOf('sm2', pub), privateKey: priv, publicKey: pub };
  }
  try {
    const k = createPrivateKey(text);
    if (k.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    const publicKey = createPublicKey(k).export({ type: 'spki', format: 'pem' }).toString();
    return { alg: 'ed25519', keyId: keyIdOf('ed25519', publicKey), privateKey: text, publicKey };
  } catch {
    throw keyError('私钥文件不是 Ed25519 或 SM2 私钥', 'the key file holds neither an Ed25519 nor an SM2 private key');
  }
}

function keyError(zh: string, en: string): AppError {
  return new AppError('BACKUP_KEY', { zh, en });
}

const configDir = (): string => path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'wenze');
export const defaultKeyPath = (): string => path.resolve(process.env.WENZE_BACKUP_KEY || path.join(configDir(), 'backup-signing.pem'));
export const defaultTrustPath = (): string => path.resolve(process.env.WENZE_BACKUP_TRUSTED_KEYS || path.join(configDir(), 'backup-trusted-keys.json'));

/** Keys are never kept in the data folder: whoever can write there must not be able to sign. */
export function assertOutsideData(file: string, dataDir: string | undefined, what: { zh: string; en: string }): void {
  if (!dataDir) return;
  const data = path.resolve(dataDir);
  const f = path.resolve(file);
  const rel = path.relative(data, f);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw keyError(`${what.zh}不得放在数据目录（${data}）内`, `the ${what.en} must not be inside the data folder (${data})`);
  }
}

export function readSigningKey(file: string): SigningKey {
  if (!fs.existsSync(file)) throw keyError(`未找到签名私钥 ${file}；请先运行 wenze backup keygen`, `no signing key at ${file}; run \`wenze backup keygen\` first`);
  return parseSigningKey(fs.readFileSync(file, 'utf8'));
}

export function readTrustedKeys(file: string): TrustedKeys {
  if (!fs.existsSync(file)) return emptyTrust();
  try {
    const t = JSON.parse(fs.readFileSync(file, 'utf8')) as TrustedKeys;
    if (t.format !== 'wenze-backup-trusted-keys' || !Array.isArray(t.keys)) throw new Error('format');
    for (const k of t.keys) if (!SIGNATURE_ALGS.includes(k.alg) || keyIdOf(k.alg, k.publicKey) !== k.keyId) throw new Error(`key ${k.keyId}`);
    return t;
  } catch (err) {
    throw keyError(`受信任公钥文件 ${file} 无效`, `the trusted keys file ${file} is not valid (${(err as Error).message})`);
  }
}

function writeFileAtomic(file: string, text: string, mode: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}

export function writeTrustedKeys(file: string, t: TrustedKeys): void {
  writeFileAtomic(file, JSON.stringify(t, null, 2) + '\n', 0o644);
}

export function trustKey(t: TrustedKeys, k: SigningKey, now: string): TrustedKeys {
  if (t.keys.some((x) => x.keyId === k.keyId)) return t;
  return { ...t, keys: [...t.keys, { keyId: k.keyId, alg: k.alg, publicKey: k.publicKey, addedAt: now, retiredAt: null }] };
}

/** `wenze backup keygen`: a new key; refuses to replace an existing one (that is `key rotate`). */
export function keygen(opts: { alg: SignatureAlg; keyPath: string; trustPath: string; dataDir?: string; now: string }): SigningKey {
  assertOutsideData(opts.keyPath, opts.dataDir, { zh: '签名私钥', en: 'signing key' });
  assertOutsideData(opts.trustPath, opts.dataDir, { zh: '受信任公钥文件', en: 'trusted keys file' });
  if (fs.existsSync(opts.keyPath)) throw keyError(`${opts.keyPath} 已存在；更换密钥请用 wenze backup key rotate`, `${opts.keyPath} exists; use \`wenze backup key rotate\` to replace it`);
  const k = generateSigningKey(opts.alg);
  writeTrustedKeys(opts.trustPath, trustKey(readTrustedKeys(opts.trustPath), k, opts.now));
  writeFileAtomic(opts.keyPath, signingKeyText(k), 0o600);
  return k;
}

/** `wenze backup key rotate`: a new private key replaces the old; the old public key stays trusted, marked retired. */
export function rotateKey(opts: { alg?: SignatureAlg; keyPath: string; trustPath: string; dataDir?: string; now: string }): { old: SigningKey; next: SigningKey } {
  assertOutsideData(opts.keyPath, opts.dataDir, { zh: '签名私钥', en: 'signing key' });
  assertOutsideData(opts.trustPath, opts.dataDir, { zh: '受信任公钥文件', en: 'trusted keys file' });
  const old = readSigningKey(opts.keyPath);
  const next = generateSigningKey(opts.alg ?? old.alg);
  let t = trustKey(readTrustedKeys(opts.trustPath), old, opts.now);
  t = { ...t, keys: t.keys.map((k) => (k.keyId === old.keyId && !k.retiredAt ? { ...k, retiredAt: opts.now } : k)) };
  writeTrustedKeys(opts.trustPath, trustKey(t, next, opts.now));
  writeFileAtomic(opts.keyPath, signingKeyText(next), 0o600);
  return { old, next };
}

const signedBytes = (manifest: object): Buffer => {
  const { signature: _drop, ...rest } = manifest as Record<string, unknown>;
  return Buffer.from(canonicalJson(rest), 'utf8');
};

export function signManifest(manifest: object, key: SigningKey): BackupSignature {
  const msg = signedBytes(manifest);
  if (key.alg === 'sm2') return { alg: 'sm2', keyId: key.keyId, value: sm2.doSignature(msg, key.privateKey, { hash: true, der: true, publicKey: key.publicKey }) };
  return { alg: 'ed25519', keyId: key.keyId, value: sign(null, msg, createPrivateKey(key.privateKey)).toString('base64') };
}

function signatureHolds(manifest: object, sig: BackupSignature, k: TrustedKey): boolean {
  if (sig.alg !== k.alg) return false;
  const msg = signedBytes(manifest);
  try {
    if (sig.alg === 'sm2') return sm2.doVerifySignature(msg, sig.value, k.publicKey, { hash: true, der: true });
    return verify(null, msg, createPublicKey(k.publicKey), Buffer.from(sig.value, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Checks a manifest's signature against the trusted keys. Throws BACKUP_UNSIGNED or
 * BACKUP_SIGNATURE_INVALID unless the policy explicitly allows unsigned backups (then the result
 * says what was accepted, for the operator to see).
 */
export function checkSignature(manifest: { signature?: BackupSignature | undefined }, policy: SignaturePolicy): SignatureStatus {
  const sig = manifest.signature;
  if (!sig) {
    if (policy.allowUnsigned) return { status: 'unsigned', allowed: true, reason: 'no signature' };
    throw new AppError('BACKUP_UNSIGNED', { zh: '拒绝未签名的备份；确需使用请显式加 --allow-unsigned', en: 'an unsigned backup is refused; pass --allow-unsigned explicitly to use it anyway' });
  }
  const k = policy.trusted.keys.find((x) => x.keyId === sig.keyId);
  if (k && signatureHolds(manifest, sig, k)) return { status: 'valid', keyId: k.keyId, alg: k.alg, retired: Boolean(k.retiredAt) };
  const reason = k ? 'the signature does not match the manifest' : `key ${sig.keyId} is not in the trusted keys`;
  if (policy.allowUnsigned) return { status: 'invalid', allowed: true, reason };
  throw new AppError(
    'BACKUP_SIGNATURE_INVALID',
    k ? { zh: '签名与备份清单不符（文件可能被改动）', en: 'the signature does not match the manifest (the file may have been altered)' } : { zh: `签名密钥 ${sig.keyId} 不在受信任公钥中`, en: `signing key ${sig.keyId} is not among the trusted keys` },
    { keyId: sig.keyId },
  );
}
