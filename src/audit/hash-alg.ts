// The audit chain's hash algorithm per record (migration 0095): SHA-256, or SM3 (GB/T 32905-2016)
// when the 国密 option is on (`security.guomi`). Each record names its algorithm in `hash_alg`,
// so a chain that switched keeps verifying; rows from before the column are 'sha256'.
// SM3 comes from Node's OpenSSL (`crypto.getHashes()` lists 'sm3' on Node 24).
import { createHash, getHashes } from 'node:crypto';

export const AUDIT_HASH_ALGS = ['sha256', 'sm3'] as const;
export type AuditHashAlg = (typeof AUDIT_HASH_ALGS)[number];

/** The setting that turns on SM3 for new audit rows and SM2 for backup signatures. */
export const GUOMI_SETTING_KEY = 'security.guomi';

export const sm3Available = (): boolean => getHashes().includes('sm3');

/** Hex digest of `body` with the record's algorithm; null for an algorithm this build does not know. */
export function auditDigest(alg: string | null | undefined, body: string): string | null {
  const a = alg ?? 'sha256';
  if (a !== 'sha256' && a !== 'sm3') return null;
  return createHash(a).update(body).digest('hex');
}
