// Does a printed or forwarded copy match what was issued? (issue 13 point 4)
//
// - `wenze documents verify FILE` (operator, with the database): the file's SHA-256 is looked up
//   among the issued PDFs, its embedded PAdES signature is checked (digest and RSA signature) and
//   the signer certificate must be one of the ISSUING organisation's certificates (its case's
//   organisation, 0610; rotated-out ones included) — another organisation's certificate does not
//   vouch for it; with the 国密 option at issue, the recorded SM2 signature is checked too against
//   that organisation's key recorded on the document. One changed byte changes the
//   hash and breaks the signature.
// - The public page: 发文字号 + SHA-256 (the browser hashes the file; nothing is uploaded) →
//   whether an issued document with that number has exactly that PDF, signed with a certificate of
//   its issuing organisation (0610). It says nothing about a
//   number unless the hash matches, so it cannot be used to list documents.
import { DECISION_BOUND_KINDS, decisionChangedSince } from '../../repositories/documents/documents-repo';
import { z } from 'zod';
import { sha256Hex } from '../../files/file-store';
import { parseInput } from '../../lib/validation';
import { documentByIssuedSha256, issuedDocumentByNumberAndHash, keyIsOrgs, signingKeyFingerprints } from '../../repositories/documents/documents-repo';
import type { Deps } from '../context';
import { DEFAULT_ORG_ID } from '../../db/tables/organisations';
import { caseOrgId } from '../orgs/org-repo';
import { KIND_DEFS, type DocumentKind } from './kinds';
import { checkEmbeddedSignature, sm2Verify, type EmbeddedSignature } from './signing';

export interface FileVerification {
  sha256: string;
  /** an issued (or since superseded) document has exactly this PDF */
  matches: boolean;
  document: { docNumber: string | null; title: string; kindZh: string; issuedOn: string | null; status: string } | null;
  signature: EmbeddedSignature & { organisationCertificate: boolean };
  sm2: 'valid' | 'invalid' | 'absent';
  /** the one-line verdict */
  ok: boolean;
}

export async function verifyIssuedFile(deps: Pick<Deps, 'db'>, pdf: Buffer): Promise<FileVerification> {
  const q = deps.db.kysely;
  const sha256 = sha256Hex(pdf);
  const doc = await documentByIssuedSha256(q, sha256);
  const embedded = checkEmbeddedSignature(pdf);
  // the issuing organisation's keys (a file that matches no issued document: any organisation's, to say whose it claims to be)
  const orgId = doc ? ((await caseOrgId(q, doc.case_id)) ?? DEFAULT_ORG_ID) : null;
  const keys = await signingKeyFingerprints(q, orgId);
  const key = doc?.signing_key_id ? (keys.find((k) => k.id === doc.signing_key_id) ?? keys.find((k) => k.certificate_sha256 === embedded.certificateSha256)) : undefined;
  const organisationCertificate = embedded.certificateSha256 !== null && keys.some((k) => k.certificate_sha256 === embedded.certificateSha256);
  let sm2: FileVerification['sm2'] = 'absent';
  if (doc?.sm2_signature) sm2 = key && sm2Verify(sha256, doc.sm2_signature, key.sm2_public_hex) ? 'valid' : 'invalid';
  const signature = { ...embedded, organisationCertificate };
  return {
    sha256,
    matches: Boolean(doc),
    document: doc ? { docNumber: doc.doc_number, title: doc.title, kindZh: KIND_DEFS[doc.kind as DocumentKind]?.zh ?? doc.kind, issuedOn: doc.issued_on, status: doc.status } : null,
    signature,
    sm2,
    ok: Boolean(doc) && embedded.valid && embedded.coversWholeFile && organisationCertificate && sm2 !== 'invalid',
  };
}

export const publicVerifySchema = z.object({
  number: z.string().trim().min(1).max(60),
  sha256: z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, { message: '校验值应为64位十六进制 / The check value must be 64 hex digits' }),
});

export interface PublicVerification {
  matches: boolean;
  document: { docNumber: string; title: string; kindZh: string; issuedOn: string | null; superseded: boolean } | null;
}

/** GET /api/v1/public/documents/verify — public, rate limited; see the header. */
export async function publicVerify(deps: Pick<Deps, 'db'>, raw: unknown): Promise<PublicVerification> {
  const input = parseInput(publicVerifySchema, raw);
  const doc = await issuedDocumentByNumberAndHash(deps.db.kysely, input.number, input.sha256);
  if (!doc) return { matches: false, document: null };
  // 0610: issued under its own organisation's certificate — a copy signed with another organ's key is not vouched for
  if (doc.signing_key_id && !(await keyIsOrgs(deps.db.kysely, doc.signing_key_id, (await caseOrgId(deps.db.kysely, doc.case_id)) ?? DEFAULT_ORG_ID))) return { matches: false, document: null };
  // a decision notice or public notice of a decision since changed or revoked (WC-11) is superseded
  // too: a copy of it no longer states the case's decision (found by a red-team walk)
  const bound = (DECISION_BOUND_KINDS as readonly string[]).includes(doc.kind) && doc.issued_at !== null && (await decisionChangedSince(deps.db.kysely, doc.case_id, doc.issued_at));
  return { matches: true, document: { docNumber: doc.doc_number!, title: doc.title, kindZh: KIND_DEFS[doc.kind as DocumentKind]?.zh ?? doc.kind, issuedOn: doc.issued_on, superseded: doc.status === 'superseded' || bound } };
}
