// The organisation's seal image and signing certificate (issue 13 point 4), managed by the system
// administrator: the seal is stored by SHA-256 (one active; an upload retires the previous one,
// which stays on the documents it sealed); the certificate is rotated by `wenze documents keygen`
// or POST /api/v1/documents/signing-key. Every change is audited.
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import { sha256Hex } from '../../files/file-store';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { activeSeal, insertSigningKey, replaceSeal, retireSigningKeys } from '../../repositories/documents/documents-repo';
import { authorize } from '../../policies/roles';
import { nowIso, type Ctx, type Deps } from '../context';
import { activeSigningKey, generateSigningKey, importSigningKey } from './signing';
import { replaceSigningKey } from '../../repositories/documents/signing-key-repo';

const MAX_SEAL_BYTES = 1_000_000;

export const sealUploadSchema = z.object({
  mimeType: z.enum(['image/png', 'image/jpeg']),
  /** the image, base64 (at most 1 MB decoded) */
  imageBase64: z.string().min(8).max(Math.ceil((MAX_SEAL_BYTES * 4) / 3) + 8),
});

export interface SealInfo {
  seal: { sha256: string; mimeType: string; createdAt: string } | null;
  certificate: { id: string; subject: string; sha256: string; notAfter: string; createdAt: string; sm2PublicKey: string } | null;
}

function looksLikeImage(buf: Buffer, mime: string): boolean {
  if (mime === 'image/png') return buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return buf[0] === 0xff && buf[1] === 0xd8;
}

/** The active seal image, for issue (null when none was uploaded: the PDF is signed without a seal image). */
export async function activeSealImage(deps: Pick<Deps, 'db' | 'files'>): Promise<{ sha256: string; image: Buffer } | null> {
  const row = await activeSeal(deps.db.kysely);
  if (!row) return null;
  const image = await deps.files.get(row.sha256);
  if (!image || sha256Hex(image) !== row.sha256) throw new AppError('INTERNAL', { zh: '印章图像缺失或与登记的哈希不符', en: 'the seal image is missing or does not match its hash' });
  return { sha256: row.sha256, image };
}

/** GET /documents/seal — what the administrator (and the issuing clerk) sees: seal hash and certificate. */
export async function sealInfo(ctx: Ctx): Promise<SealInfo> {
  if (!ctx.actor.roles.includes('clerk')) authorize(ctx.actor, 'documents.seal');
  else authorize(ctx.actor, 'documents.issue');
  const q = ctx.db.kysely;
  const seal = await activeSeal(q);
  const key = await activeSigningKey(q);
  return {
    seal: seal ? { sha256: seal.sha256, mimeType: seal.mime_type, createdAt: seal.created_at } : null,
    certificate: key ? { id: key.id, subject: key.subject, sha256: key.certificate_sha256, notAfter: key.not_after, createdAt: key.created_at, sm2PublicKey: key.sm2_public_hex } : null,
  };
}

/** GET /documents/seal/image — the active seal image, for the administrator to see what issue will place. */
export async function sealImage(ctx: Ctx): Promise<{ mimeType: string; sha256: string; image: Buffer }> {
  const info = await sealInfo(ctx);
  const found = info.seal ? await activeSealImage(ctx) : null;
  if (!info.seal || !found) throw new AppError('NOT_FOUND', { zh: '尚未上传单位印章', en: 'no seal uploaded yet' });
  return { mimeType: info.seal.mimeType, sha256: found.sha256, image: found.image };
}

/** PUT /documents/seal — a new seal image (PNG with transparency, or JPEG); the previous one is retired. */
export async function uploadSeal(ctx: Ctx, raw: unknown): Promise<SealInfo> {
  authorize(ctx.actor, 'documents.seal');
  const input = parseInput(sealUploadSchema, raw);
  const image = Buffer.from(input.imageBase64, 'base64');
  if (image.length > MAX_SEAL_BYTES || !looksLikeImage(image, input.mimeType)) {
    throw new AppError('VALIDATION_FAILED', { zh: '印章图像须为不超过1MB的PNG或JPEG图片', en: 'the seal must be a PNG or JPEG image of at most 1 MB' }, { fields: [{ path: 'imageBase64', zh: '印章图像须为不超过1MB的PNG或JPEG图片', en: 'the seal must be a PNG or JPEG image of at most 1 MB' }] });
  }
  const now = nowIso(ctx);
  const { sha256, size } = await ctx.files.put(image);
  await inTransaction(ctx.db, async (tx) => {
    const id = newId();
    const previous = await replaceSeal(tx, { id, sha256, size, mimeType: input.mimeType, createdBy: ctx.actor.userId, at: now });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'documents.seal.upload', entityType: 'org_seal', entityId: id, before: previous.length ? { retired: previous } : null, after: { sha256, size, mimeType: input.mimeType }, at: now });
  });
  return sealInfo(ctx);
}

/**
 * A new self-signed organisation certificate and SM2 key; the previous one is retired (documents it
 * signed still verify: each records its key). POST /documents/signing-key and `wenze documents keygen`.
 */
export async function rotateSigningKey(ctx: Ctx): Promise<SealInfo> {
  authorize(ctx.actor, 'documents.seal');
  const now = nowIso(ctx);
  const key = generateSigningKey(ctx.clock.now(), ctx.actor.userId);
  await inTransaction(ctx.db, async (tx) => {
    const previous = await retireSigningKeys(tx, now);
    await insertSigningKey(tx, key);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'documents.signing_key.create', entityType: 'document_signing_key', entityId: key.id, before: previous.length ? { retired: previous } : null, after: { certificateSha256: key.certificate_sha256, subject: key.subject, notAfter: key.not_after, sm2PublicKey: key.sm2_public_hex }, at: now });
  });
  return sealInfo(ctx);
}

const MAX_P12_BYTES = 64_000;

export const signingKeyImportSchema = z.object({
  /** the organisation's certificate and private key as a PKCS#12 file (.p12 / .pfx), base64 */
  p12Base64: z.string().min(8).max(Math.ceil((MAX_P12_BYTES * 4) / 3) + 8),
  /** the passphrase the file was exported with: used once to open it, never stored or returned */
  passphrase: z.string().max(200),
});

const IMPORT_REFUSALS = {
  not_p12: { path: 'p12Base64', zh: '证书文件不是有效的PKCS#12（.p12/.pfx）文件', en: 'The certificate file is not a PKCS#12 (.p12/.pfx) file' },
  passphrase: { path: 'passphrase', zh: '证书口令不正确，无法打开证书文件', en: 'The certificate passphrase does not open the certificate file' },
  no_key: { path: 'p12Base64', zh: '证书文件中没有私钥和证书', en: 'The certificate file holds no private key and certificate' },
  expired: { path: 'p12Base64', zh: '证书文件中的证书已过有效期', en: 'The certificate in the certificate file has expired' },
} as const;

/**
 * POST /documents/signing-key/import — the organisation's own certificate (PKCS#12 + passphrase),
 * e.g. one issued by a CA; the previous key is retired. The passphrase and the key never leave the
 * server and are not written to the audit trail (only the certificate's hash, subject and expiry).
 */
export async function importOrgSigningKey(ctx: Ctx, raw: unknown): Promise<SealInfo> {
  authorize(ctx.actor, 'documents.seal');
  const input = parseInput(signingKeyImportSchema, raw);
  const file = Buffer.from(input.p12Base64, 'base64');
  const r = file.length > MAX_P12_BYTES ? ({ error: 'not_p12' } as const) : importSigningKey(file, input.passphrase, ctx.clock.now(), ctx.actor.userId);
  if ('error' in r) {
    const f = IMPORT_REFUSALS[r.error];
    throw new AppError('VALIDATION_FAILED', { zh: f.zh, en: f.en }, { fields: [f] });
  }
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const retired = await replaceSigningKey(tx, r.key, now);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'documents.signing_key.import', entityType: 'document_signing_key', entityId: r.key.id, before: retired.length ? { retired } : null, after: { certificateSha256: r.key.certificate_sha256, subject: r.key.subject, notAfter: r.key.not_after, sm2PublicKey: r.key.sm2_public_hex }, at: now });
  });
  return sealInfo(ctx);
}
