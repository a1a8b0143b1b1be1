// Electronic seal and signature of issued documents (issue 13 point 4).
//
// - Each organisation has its own seal and certificate (0610): a document is issued with those of
//   its case's organisation, never another organ's (GB/T 9704; issue 11).
// - The seal: the organisation's seal image, uploaded by its system administrator and stored by
//   SHA-256 (org_seals); issue places it over the 发文机关署名 and 成文日期 (render-pdf.ts).
// - PAdES: the issued PDF carries a detached CMS signature (adbe.pkcs7.detached, SHA-256) by the
//   organisation's certificate, so any PDF reader shows whether the file was altered after issue.
//   The certificate is self-signed unless the organisation imports one (`wenze documents keygen`
//   makes a new one; the first issue makes one when none exists). Its subject is ASCII: PDF
//   readers (poppler/NSS) fail to match a signer whose name node-forge wrote in UTF-8.
// - 国密: with security.guomi on, an SM2 signature (SM3, sm-crypto-v2 as for backups) over the
//   issued PDF's SHA-256 is recorded alongside and checked by `wenze documents verify`.
// - The PKCS#12 and SM2 keys are kept in the database, the PKCS#12 protected by the passphrase in
//   WENZE_DOCUMENT_KEY_PASSPHRASE (a built-in default otherwise — set one in production).
import { createHash, createVerify, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { sm2 } from 'sm-crypto-v2';
import type { Tx } from '../../db/tx';
import type { DocumentSigningKeyTable } from '../../db/tables/documents';
import { newId } from '../../lib/ids';
import { activeSigningKeyRow, insertSigningKey, orgSignerCode } from '../../repositories/documents/documents-repo';
import type { Q } from '../cases/repo';

const DEFAULT_PASSPHRASE = 'wenze-document-signing';
const passphrase = (): string => process.env.WENZE_DOCUMENT_KEY_PASSPHRASE || DEFAULT_PASSPHRASE;

/** The organisation a key is made for: its id and an ASCII code (e.g. its commission unit's short code BNZJW). */
export interface SignerOrg {
  id: string;
  code: string;
}

/** An X.520 name value the PDF readers match: printable ASCII, at most 64 characters. */
const asciiName = (v: string): string => v.replace(/[^A-Za-z0-9 ._-]/g, '').slice(0, 64) || 'ORG';

/** The subject of a self-signed certificate of `org`: its code (O) and its id (OU). */
export function signerSubject(org: SignerOrg): string {
  return `CN=Wenze Document Seal, O=${asciiName(org.code)}, OU=${asciiName(org.id)}, C=CN`;
}

/** A new self-signed certificate and SM2 key pair for the organisation `org` (valid ten years from `now`). */
export function generateSigningKey(now: Date, actorId: string | null, org: SignerOrg): DocumentSigningKeyTable {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${createHash('sha256').update(`${now.toISOString()}${Math.random()}`).digest('hex').slice(0, 16)}`;
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const attrs = [
    { name: 'commonName', value: 'Wenze Document Seal' },
    { name: 'organizationName', value: asciiName(org.code) },
    { name: 'organizationalUnitName', value: asciiName(org.id) },
    { name: 'countryName', value: 'CN' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase(), { algorithm: '3des' });
  const certPem = forge.pki.certificateToPem(cert);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const sm = sm2.generateKeyPairHex();
  return {
    id: newId(),
    org_id: org.id,
    certificate_pem: certPem,
    certificate_sha256: createHash('sha256').update(der).digest('hex'),
    p12_base64: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64'),
    sm2_private_hex: sm.privateKey,
    sm2_public_hex: sm.publicKey,
    subject: signerSubject(org),
    not_after: cert.validity.notAfter.toISOString(),
    created_by: actorId,
    created_at: now.toISOString(),
    retired_at: null,
  };
}

/**
 * The organisation's own certificate, imported from its PKCS#12 file (e.g. from a CA) with the
 * passphrase it was exported with: the key and certificate are re-wrapped under the server's
 * passphrase (WENZE_DOCUMENT_KEY_PASSPHRASE) and the given passphrase is forgotten. An SM2 key pair
 * is made alongside for the 国密 option. Returns null with the reason when the file cannot be used.
 */
export function importSigningKey(p12: Buffer, filePassphrase: string, now: Date, actorId: string | null, orgId: string): { key: DocumentSigningKeyTable } | { error: 'passphrase' | 'no_key' | 'expired' | 'not_p12' } {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
    try {
      parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, filePassphrase);
    } catch {
      return { error: 'passphrase' };
    }
  } catch {
    return { error: 'not_p12' };
  }
  const oids = forge.pki.oids as Record<string, string>;
  const bagsOf = (type: string): forge.pkcs12.Bag[] => parsed.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bagsOf(oids.pkcs8ShroudedKeyBag!), ...bagsOf(oids.keyBag!)];
  const certBags = bagsOf(oids.certBag!);
  const privateKey = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!privateKey) return { error: 'no_key' };
  // the certificate of that key (its modulus matches), else the first
  const cert = certBags.map((b) => b.cert).find((c) => c && (c.publicKey as forge.pki.rsa.PublicKey).n?.equals?.(privateKey.n)) ?? certBags[0]?.cert;
  if (!cert) return { error: 'no_key' };
  if (cert.validity.notAfter.getTime() <= now.getTime()) return { error: 'expired' };
  const chain = certBags.map((b) => b.cert).filter((c): c is forge.pki.Certificate => Boolean(c));
  const wrapped = forge.pkcs12.toPkcs12Asn1(privateKey, [cert, ...chain.filter((c) => c !== cert)], passphrase(), { algorithm: '3des' });
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const subject = cert.subject.attributes.map((a: forge.pki.CertificateField) => `${a.shortName ?? a.name}=${String(a.value)}`).join(', ');
  const sm = sm2.generateKeyPairHex();
  return {
    key: {
      id: newId(),
      org_id: orgId,
      certificate_pem: forge.pki.certificateToPem(cert),
      certificate_sha256: createHash('sha256').update(der).digest('hex'),
      p12_base64: Buffer.from(forge.asn1.toDer(wrapped).getBytes(), 'binary').toString('base64'),
      sm2_private_hex: sm.privateKey,
      sm2_public_hex: sm.publicKey,
      subject,
      not_after: cert.validity.notAfter.toISOString(),
      created_by: actorId,
      created_at: now.toISOString(),
      retired_at: null,
    },
  };
}

/** The organisation's active key. */
export async function activeSigningKey(q: Q, orgId: string): Promise<DocumentSigningKeyTable | undefined> {
  return activeSigningKeyRow(q, orgId);
}

/** The organisation's code and id for a new self-signed certificate. */
export async function signerOrg(q: Q, orgId: string): Promise<SignerOrg> {
  return { id: orgId, code: (await orgSignerCode(q, orgId)) ?? orgId };
}

/** The organisation's active key, made (and recorded) inside the caller's transaction when it has none yet. */
export async function ensureSigningKey(tx: Tx, orgId: string, now: Date, actorId: string | null): Promise<{ key: DocumentSigningKeyTable; created: boolean }> {
  const found = await activeSigningKey(tx, orgId);
  if (found) return { key: found, created: false };
  const key = generateSigningKey(now, actorId, await signerOrg(tx, orgId));
  await insertSigningKey(tx, key);
  return { key, created: true };
}

/** PAdES (adbe.pkcs7.detached) signature of a finished PDF with the organisation's certificate. */
export async function signPdf(pdf: Buffer, key: DocumentSigningKeyTable, opts: { reason: string; signingTime: Date }): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({ pdfBuffer: pdf, reason: opts.reason, contactInfo: '', name: 'Wenze Document Seal', location: 'Chongqing Banan', signatureLength: 8192 });
  const signer = new P12Signer(Buffer.from(key.p12_base64, 'base64'), { passphrase: passphrase() });
  return new SignPdf().sign(withPlaceholder, signer, opts.signingTime);
}

/** 国密: SM2 (with SM3) over the hex SHA-256 of the issued PDF. */
export function sm2Sign(pdfSha256: string, key: DocumentSigningKeyTable): string {
  return sm2.doSignature(pdfSha256, key.sm2_private_hex, { hash: true, der: true });
}

export function sm2Verify(pdfSha256: string, signature: string, publicHex: string): boolean {
  try {
    return sm2.doVerifySignature(pdfSha256, signature, publicHex, { hash: true, der: true });
  } catch {
    return false;
  }
}

export interface EmbeddedSignature {
  /** a signature dictionary with a ByteRange and Contents was found */
  present: boolean;
  /** the signed byte ranges hash to the CMS messageDigest and the signature verifies with the embedded certificate */
  valid: boolean;
  /** the ranges cover the whole file but the signature itself (nothing appended after signing) */
  coversWholeFile: boolean;
  /** SHA-256 of the signer certificate (DER), to compare with the organisation's */
  certificateSha256: string | null;
  reason: string | null;
}

/**
 * Checks the (last) PAdES signature embedded in a PDF without trusting anything in it: the digest
 * of the ByteRange against the signed messageDigest attribute, and the RSA signature over the
 * signed attributes with the certificate carried in the CMS. Trust in that certificate is the
 * caller's business (compare certificateSha256 with the organisation's).
 */
/**
 * The CMS structure inside a signature's /Contents, which the signer pads with zero bytes up to
 * the placeholder's size: exactly as many bytes as its outer DER header says. (Stripping trailing
 * zero bytes instead would also cut a signature whose own last byte is 0x00 — one in 256.) null
 * when the bytes do not start with a DER SEQUENCE of a length that fits.
 */
export function cmsDer(contents: Buffer): Buffer | null {
  if (contents.length < 2 || contents[0] !== 0x30) return null;
  const first = contents[1]!;
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n < 1 || n > 4 || contents.length < 2 + n) return null;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + contents[2 + i]!;
    header = 2 + n;
  }
  return header + length <= contents.length ? contents.subarray(0, header + length) : null;
}

export function checkEmbeddedSignature(pdf: Buffer): EmbeddedSignature {
  const none: EmbeddedSignature = { present: false, valid: false, coversWholeFile: false, certificateSha256: null, reason: null };
  const text = pdf.toString('latin1');
  const brs = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const m = brs[brs.length - 1];
  if (!m) return none;
  const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
  const out: EmbeddedSignature = { ...none, present: true };
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) return out;
  out.coversWholeFile = c + d === pdf.length;
  const hexContents = text.slice(b, c).replace(/[<>\s]/g, '');
  try {
    const der = cmsDer(Buffer.from(hexContents.length % 2 ? `${hexContents}0` : hexContents, 'hex'));
    if (!der) return out;
    const p7Asn1 = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), false);
    const p7 = forge.pkcs7.messageFromAsn1(p7Asn1) as forge.pkcs7.PkcsSignedData & { rawCapture: { authenticatedAttributes?: forge.asn1.Asn1[]; signature: string } };
    const cert = p7.certificates[0];
    if (!cert) return out;
    const certDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
    out.certificateSha256 = createHash('sha256').update(certDer).digest('hex');
    const signedData = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    const digest = createHash('sha256').update(signedData).digest();
    const attrs = p7.rawCapture.authenticatedAttributes ?? [];
    let messageDigest: Buffer | null = null;
    for (const attr of attrs) {
      const seq = attr.value as forge.asn1.Asn1[];
      const oid = forge.asn1.derToOid(seq[0]!.value as string);
      if (oid === forge.pki.oids.messageDigest!) {
        const set = seq[1]!.value as forge.asn1.Asn1[];
        messageDigest = Buffer.from(set[0]!.value as string, 'binary');
      }
    }
    if (!messageDigest || !messageDigest.equals(digest)) return out;
    // The signature is over the DER of the signed attributes as a SET (tag 0x31), not the [0] IMPLICIT.
    const setAsn1 = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrs);
    const signedAttrs = Buffer.from(forge.asn1.toDer(setAsn1).getBytes(), 'binary');
    const pem = forge.pki.certificateToPem(cert);
    const v = createVerify('sha256');
    v.update(signedAttrs);
    out.valid = v.verify(pem, Buffer.from(p7.rawCapture.signature, 'binary'));
    return out;
  } catch {
    return out;
  }
}
