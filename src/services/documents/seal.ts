// Each organisation's seal image and signing certificate (issue 13 point 4; issue 11, 0610),
// managed by a system administrator whose scope holds the organisation: the seal is stored by
// SHA-256 (one active per organisation; an upload retires the previous one, which stays on the
// documents it sealed); the certificate is rotated by `wenze documents keygen [--org ID]` or
// POST /api/v1/documents/signing-key. Every request names the organisation (`orgId`, by default
// the actor's home): one outside the actor's scope, or none, answers NOT_FOUND like a missing
// record; a document is issued with its case's organisation's seal and key (service.ts). Every
// change is audited as a record of that organisation.
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import { sha256Hex } from '../../files/file-store';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { activeSeal, insertSigningKey, replaceSeal, retireSigningKeys } from '../../repositories/documents/documents-repo';
import { actorOrgId, mayReadOrg } from '../../policies/org-scope';
import { authorize } from '../../policies/roles';
import { nowIso, type Ctx, type Deps } from '../context';
import { actorIn } from '../orgs/acting-in';
import { findOrg } from '../orgs/org-repo';
import { activeSigningKey, generateSigningKey, importSigningKey, signerOrg } from './signing';
import { replaceSigningKey } from '../../repositories/documents/signing-key-repo';

const MAX_SEAL_BYTES = 1_000_000;

/** The organisation a seal or key request is about (absent: the actor's home organisation). */
const orgIdField = z.string().trim().min(1).max(100).optional().describe('单位（默认本人所属单位） / the organisation (default: the actor’s own)');

export const sealOrgSchema = z.object({ orgId: orgIdField });

export const sealUploadSchema = z.object({
  orgId: orgIdField,
  mimeType: z.enum(['image/png', 'image/jpeg']),
  /** the image, base64 (at most 1 MB decoded) */
  imageBase64: z.string().min(8).max(Math.ceil((MAX_SEAL_BYTES * 4) / 3) + 8),
});

export interface SealInfo {
  /** the organisation whose seal and certificate these are */
  org: { id: string; name: string };
  seal: { sha256: string; mimeType: string; createdAt: string } | null;
  certificate: { id: string; subject: string; sha256: string; notAfter: string; createdAt: string; sm2PublicKey: string } | null;
}

function looksLikeImage(buf: Buffer, mime: string): boolean {
  if (mime === 'image/png') return buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return buf[0] === 0xff && buf[1] === 0xd8;
}

/** The organisation's active seal image, for issue (null when none was uploaded: the PDF is signed without a seal image). */
export async function activeSealImage(deps: Pick<Deps, 'db' | 'files'>, orgId: string): Promise<{ sha256: string; image: Buffer } | null> {
  const row = await activeSeal(deps.db.kysely, orgId);
  if (!row) return null;
  const image = await deps.files.get(row.sha256);
  if (!image || sha256Hex(image) !== row.sha256) throw new AppError('INTERNAL', { zh: '印章图像缺失或与登记的哈希不符', en: 'the seal image is missing or does not match its hash' });
  return { sha256: row.sha256, image };
}

const noSuchOrg = (): AppError => new AppError('NOT_FOUND', { zh: '没有这个单位', en: 'No such organisation' });

/**
 * The organisation a request names (`orgId`, else the actor's home) and the context to act there:
 * the actor with the roles it holds in that organisation (acting-in.ts). An organisation outside
 * the actor's scope, or none, answers NOT_FOUND; without `permission` there, FORBIDDEN.
 */
async function inOrg(ctx: Ctx, raw: unknown, permission: 'documents.seal' | 'read'): Promise<{ ctx: Ctx; org: { id: string; name: string } }> {
  const { orgId } = parseInput(sealOrgSchema, raw && typeof raw === 'object' ? { orgId: (raw as Record<string, unknown>).orgId } : {});
  const id = orgId ?? actorOrgId(ctx.actor);
  if (!mayReadOrg(ctx.actor, id)) throw noSuchOrg();
  const org = await findOrg(ctx.db.kysely, id);
  if (!org) throw noSuchOrg();
  const there: Ctx = { ...ctx, actor: await actorIn(ctx, id) };
  // the seal page is the administrator's; the clerk who issues reads what issue will place
  if (permission === 'documents.seal' || !there.actor.roles.includes('clerk')) authorize(there.actor, 'documents.seal');
  else authorize(there.actor, 'documents.issue');
  return { ctx: there, org: { id: org.id, name: org.name } };
}

async function sealInfoOf(ctx: Ctx, org: { id: string; name: string }): Promise<SealInfo> {
  const q = ctx.db.kysely;
  const seal = await activeSeal(q, org.id);
  const key = await activeSigningKey(q, org.id);
  return {
    org,
    seal: seal ? { sha256: seal.sha256, mimeType: seal.mime_type, createdAt: seal.created_at } : null,
    certificate: key ? { id: key.id, subject: key.subject, sha256: key.certificate_sha256, notAfter: key.not_after, createdAt: key.created_at, sm2PublicKey: key.sm2_public_hex } : null,
  };
}

/** GET /documents/seal?orgId= — what the administrator (and the issuing clerk) sees: the organisation's seal hash and certificate. */
export async function sealInfo(ctx: Ctx, query?: unknown): Promise<SealInfo> {
  const { ctx: there, org } = await inOrg(ctx, query, 'read');
  return sealInfoOf(there, org);
}

/** GET /documents/seal/image?orgId= — the organisation's active seal image, for the administrator to see what issue will place. */
export async function sealImage(ctx: Ctx, query?: unknown): Promise<{ mimeType: string; sha256: string; image: Buffer }> {
  const { ctx: there, org } = await inOrg(ctx, query, 'read');
  const row = await activeSeal(there.db.kysely, org.id);
  const found = row ? await activeSealImage(there, org.id) : null;
  if (!row || !found) throw new AppError('NOT_FOUND', { zh: '尚未上传单位印章', en: 'no seal uploaded yet' });
  return { mimeType: row.mime_type, sha256: found.sha256, image: found.image };
}

/** PUT /documents/seal — a new seal image (PNG with transparency, or JPEG) of the organisation `orgId`; its previous one is retired. */
export async function uploadSeal(callerCtx: Ctx, raw: unknown): Promise<SealInfo> {
  const { ctx, org } = await inOrg(callerCtx, raw, 'documents.seal');
  const input = parseInput(sealUploadSchema, raw);
  const image = Buffer.from(input.imageBase64, 'base64');
  if (image.length > MAX_SEAL_BYTES || !looksLikeImage(image, input.mimeType)) {
    throw new AppError('VALIDATION_FAILED', { zh: '印章图像须为不超过1MB的PNG或JPEG图片', en: 'the seal must be a PNG or JPEG image of at most 1 MB' }, { fields: [{ path: 'imageBase64', zh: '印章图像须为不超过1MB的PNG或JPEG图片', en: 'the seal must be a PNG or JPEG image of at most 1 MB' }] });
  }
  const now = nowIso(ctx);
  const { sha256, size } = await ctx.files.put(image);
  await inTransaction(ctx.db, async (tx) => {
    const id = newId();
    const previous = await replaceSeal(tx, { id, orgId: org.id, sha256, size, mimeType: input.mimeType, createdBy: ctx.actor.userId, at: now });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'documents.seal.upload', entityType: 'org_seal', entityId: id, orgId: org.id, before: previous.length ? { retired: previous } : null, after: { orgId: org.id, sha256, size, mimeType: input.mimeType }, at: now });
  });
  return sealInfoOf(ctx, org);
}

/**
 * A new self-signed certificate and SM2 key of the organisation `orgId` (its code and id in the
 * subject); its previous one is retired (documents it signed still verify: each records its key).
 * POST /documents/signing-key and `wenze documents keygen [--org ID]`.
 */
export async function rotateSigningKey(callerCtx: Ctx, raw?: unknown): Promise<SealInfo> {
  const { ctx, org } = await inOrg(callerCtx, raw, 'documents.seal');
  const now = nowIso(ctx);
  const key = generateSigningKey(ctx.clock.now(), ctx.actor.userId, await signerOrg(ctx.db.kysely, org.id));
  await inTransaction(ctx.db, async (tx) => {
    const previous = await retireSigningKeys(tx, org.id, now);
    await insertSigningKey(tx, key);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'documents.signing_key.create', entityType: 'document_signing_key', entityId: key.id, orgId: org.id, before: previous.length ? { retired: previous } : null, after: { orgId: org.id, certificateSha256: key.certificate_sha256, subject: key.subject, notAfter: key.not_after, sm2PublicKey: key.sm2_public_hex }, at: now });
  });
  return sealInfoOf(ctx, org);
}

const MAX_P12_BYTES = 64_000;

export const signingKeyImportSchema = z.object({
  orgId: orgIdField,
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
 * POST /documents/signing-key/import — the organisation `orgId`'s own certificate (PKCS#12 + passphrase),
 * e.g. one issued by a CA; the previous key is retired. The passphrase and the key never leave the
 * server and are not written to the audit trail (only the certificate's hash, subject and expiry).
 */
export async function importOrgSigningKey(callerCtx: Ctx, raw: unknown): Promise<SealInfo> {
  const { ctx, org } = await inOrg(callerCtx, raw, 'documents.seal');
  const input = parseInput(signingKeyImportSchema, raw);
  const file = Buffer.from(input.p12Base64, 'base64');
  const r = file.length > MAX_P12_BYTES ? ({ error: 'not_p12' } as const) : importSigningKey(file, input.passphrase, ctx.clock.now(), ctx.actor.userId, org.id);
  if ('error' in r) {
    const f = IMPORT_REFUSALS[r.error];
    throw new AppError('VALIDATION_FAILED', { zh: f.zh, en: f.en }, { fields: [f] });
  }
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const retired = await replaceSigningKey(tx, r.key, now);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'documents.signing_key.import', entityType: 'document_signing_key', entityId: r.key.id, orgId: org.id, before: retired.length ? { retired } : null, after: { orgId: org.id, certificateSha256: r.key.certificate_sha256, subject: r.key.subject, notAfter: r.key.not_after, sm2PublicKey: r.key.sm2_public_hex }, at: now });
  });
  return sealInfoOf(ctx, org);
}
