// SQL over the documents tables (and the two reads the documents policy needs from supervision).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { DocumentSigningKeyTable, DocumentTable, DocumentVersionTable } from '../../db/tables/documents';
import type { Tx } from '../../db/tx';
import { parseJson } from '../cases/case-rows';

type Q = Kysely<Database>;

export async function findDocument(q: Q, id: string): Promise<DocumentTable | undefined> {
  return q.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The outside supervisory body the user belongs to (WC-11), if any. */
export async function supervisorBody(q: Q, userId: string): Promise<string | null> {
  return (await q.selectFrom('supervisor_memberships').select('body').where('user_id', '=', userId).executeTakeFirst())?.body ?? null;
}

/** The referral whose hand-off letter is this document, if any, with its case's organisation (issue 11: the file is that organisation's). */
export async function referralOfLetter(q: Q, caseId: string, documentId: string): Promise<{ body: string; orgId: string; letter_document_id: string | null } | undefined> {
  return q
    .selectFrom('appeal_referrals')
    .innerJoin('cases', 'cases.id', 'appeal_referrals.case_id')
    .select(['appeal_referrals.body', 'cases.org_id as orgId', 'appeal_referrals.letter_document_id'])
    .where('appeal_referrals.case_id', '=', caseId)
    .where('appeal_referrals.letter_document_id', '=', documentId)
    .executeTakeFirst();
}

/** The documents of a case issued so far, in order of issue, with the issued version's content. */
export async function issuedDocumentsOfCase(q: Q, caseId: string) {
  return q
    .selectFrom('documents')
    .innerJoin('document_versions', (j) => j.onRef('document_versions.document_id', '=', 'documents.id').onRef('document_versions.number', '=', 'documents.issued_version'))
    .select(['documents.id', 'documents.kind', 'documents.title', 'documents.doc_number', 'documents.issued_on', 'documents.subject_person_id', 'document_versions.content'])
    .where('documents.case_id', '=', caseId)
    .where('documents.status', '=', 'issued')
    .orderBy('documents.issued_at')
    .execute();
}

// ---- signing keys and the seal (src/services/documents/signing.ts, seal.ts, verify.ts) ----
// Each organisation has its own (0610): every read and write names the organisation.

export async function activeSigningKeyRow(q: Q, orgId: string): Promise<DocumentSigningKeyTable | undefined> {
  return q.selectFrom('document_signing_keys').selectAll().where('org_id', '=', orgId).where('retired_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
}

export async function insertSigningKey(q: Q, key: DocumentSigningKeyTable): Promise<void> {
  await q.insertInto('document_signing_keys').values(key).execute();
}

/** Retires the organisation's active signing key(s); their ids. */
export async function retireSigningKeys(q: Q, orgId: string, at: string): Promise<string[]> {
  const previous = await q.selectFrom('document_signing_keys').select(['id']).where('org_id', '=', orgId).where('retired_at', 'is', null).execute();
  await q.updateTable('document_signing_keys').set({ retired_at: at }).where('org_id', '=', orgId).where('retired_at', 'is', null).execute();
  return previous.map((p) => p.id);
}

/**
 * The signing keys' id, certificate hash and SM2 public key (verification), rotated-out ones
 * included: those of one organisation, or (null) of every organisation.
 */
export async function signingKeyFingerprints(q: Q, orgId: string | null): Promise<{ id: string; certificate_sha256: string; sm2_public_hex: string }[]> {
  let s = q.selectFrom('document_signing_keys').select(['id', 'certificate_sha256', 'sm2_public_hex']);
  if (orgId !== null) s = s.where('org_id', '=', orgId);
  return s.execute();
}

/** The ASCII short code of the organisation's commission unit (BNZJW), for its certificate's subject; null when it has none. */
export async function orgSignerCode(q: Q, orgId: string): Promise<string | null> {
  const units = await q.selectFrom('units').select('short_code').where('org_id', '=', orgId).where('kind', '=', 'commission').where('active', '=', 1).orderBy('sort_order').orderBy('name').execute();
  return units.map((u) => u.short_code).find((c) => /^[A-Za-z0-9._-]+$/.test(c)) ?? null;
}

export async function activeSeal(q: Q, orgId: string): Promise<{ id: string; sha256: string; mime_type: string; created_at: string } | undefined> {
  return q.selectFrom('org_seals').select(['id', 'sha256', 'mime_type', 'created_at']).where('org_id', '=', orgId).where('retired_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
}

/** Records the stored file (once per hash), retires the organisation's active seal(s) and records the new one; the retired hashes. */
export async function replaceSeal(q: Q, s: { id: string; orgId: string; sha256: string; size: number; mimeType: string; createdBy: string; at: string }): Promise<string[]> {
  await q.insertInto('stored_files').values({ sha256: s.sha256, size: s.size, mime_type: s.mimeType, original_name: 'seal', created_at: s.at }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  const previous = await q.selectFrom('org_seals').select(['id', 'sha256']).where('org_id', '=', s.orgId).where('retired_at', 'is', null).execute();
  await q.updateTable('org_seals').set({ retired_at: s.at }).where('org_id', '=', s.orgId).where('retired_at', 'is', null).execute();
  await q.insertInto('org_seals').values({ id: s.id, org_id: s.orgId, sha256: s.sha256, mime_type: s.mimeType, created_by: s.createdBy, created_at: s.at, retired_at: null }).execute();
  return previous.map((p) => p.sha256);
}

export async function documentByIssuedSha256(q: Q, sha256: string): Promise<DocumentTable | undefined> {
  return q.selectFrom('documents').selectAll().where('issued_pdf_sha256', '=', sha256).executeTakeFirst();
}

/** An issued (or superseded) document with this number and PDF hash (the public check). */
/**
 * The kinds that carry a decision (the notice served on the officer, the public notice): once a
 * later decision is in force (an appeal or the outside body changed or revoked it), a copy issued
 * before it no longer states the case's decision.
 */
export const DECISION_BOUND_KINDS = ['decision_notice', 'publication_notice'] as const;

/** Whether the case's decision in force was recorded after `issuedAt` (or none is in force): a decision-bound document issued then is superseded. */
export async function decisionChangedSince(q: Q, caseId: string, issuedAt: string): Promise<boolean> {
  const d = await q.selectFrom('case_decisions').select('recorded_at').where('case_id', '=', caseId).where('status', '=', 'in_force').executeTakeFirst();
  return !d || d.recorded_at > issuedAt;
}

export async function issuedDocumentByNumberAndHash(q: Q, docNumber: string, sha256: string) {
  return q
    .selectFrom('documents')
    .select(['doc_number', 'title', 'kind', 'issued_on', 'status', 'issued_pdf_sha256', 'case_id', 'issued_at', 'signing_key_id'])
    .where('doc_number', '=', docNumber)
    .where('issued_pdf_sha256', '=', sha256)
    .where('status', 'in', ['issued', 'superseded'])
    .executeTakeFirst();
}

/**
 * Whether the key that signed a document is one of the organisation's certificates (0610: its own,
 * rotated-out ones included; the same certificate recorded for it counts).
 */
export async function keyIsOrgs(q: Q, keyId: string, orgId: string): Promise<boolean> {
  const r = await q
    .selectFrom('document_signing_keys as k')
    .innerJoin('document_signing_keys as o', 'o.certificate_sha256', 'k.certificate_sha256')
    .select('o.id')
    .where('k.id', '=', keyId)
    .where('o.org_id', '=', orgId)
    .executeTakeFirst();
  return Boolean(r);
}

// ---- service of documents (送达, src/services/documents/service-records.ts) ----

export interface DocumentServiceRow {
  id: string;
  method: string;
  servedOn: string;
  place: string | null;
  recipientName: string;
  outcome: 'signed' | 'refused';
  refusalReason: string | null;
  witnesses: { name: string; unit?: string }[];
  servers: string[];
  note: string | null;
  createdAt: string;
}

export async function documentServices(q: Q, documentId: string): Promise<DocumentServiceRow[]> {
  const rows = await q.selectFrom('document_services').selectAll().where('document_id', '=', documentId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    method: r.method,
    servedOn: r.served_on,
    place: r.place,
    recipientName: r.recipient_name,
    outcome: r.outcome as DocumentServiceRow['outcome'],
    refusalReason: r.refusal_reason,
    witnesses: parseJson(r.witnesses, []),
    servers: parseJson(r.servers, []),
    note: r.note,
    createdAt: r.created_at,
  }));
}

export async function insertDocumentService(
  q: Q,
  s: { id: string; documentId: string; caseId: string; method: string; servedOn: string; place: string | null; recipientName: string; outcome: string; refusalReason: string | null; witnesses: unknown[]; servers: string[]; note: string | null; createdBy: string; at: string },
): Promise<void> {
  await q
    .insertInto('document_services')
    .values({
      id: s.id,
      document_id: s.documentId,
      case_id: s.caseId,
      method: s.method,
      served_on: s.servedOn,
      place: s.place,
      recipient_name: s.recipientName,
      outcome: s.outcome,
      refusal_reason: s.refusalReason,
      witnesses: JSON.stringify(s.witnesses),
      servers: JSON.stringify(s.servers),
      note: s.note,
      created_by: s.createdBy,
      created_at: s.at,
    })
    .execute();
}

/** Every version of a document of a case that came from a report (issue 9 §3: sealed at rest). */
export async function reportCaseDocumentVersions(q: Q | Tx): Promise<{ id: string; case_id: string; content: string }[]> {
  return q
    .selectFrom('document_versions')
    .innerJoin('documents', 'documents.id', 'document_versions.document_id')
    .innerJoin('cases', 'cases.id', 'documents.case_id')
    .select(['document_versions.id', 'documents.case_id', 'document_versions.content'])
    .where('cases.source', '=', 'report')
    .orderBy('document_versions.id')
    .execute();
}

export async function setVersionContent(tx: Tx, versionId: string, stored: string): Promise<void> {
  await tx.updateTable('document_versions').set({ content: stored }).where('id', '=', versionId).execute();
}

// ---- the documents service (src/services/documents/service.ts) ----

/** A document of this case (a correction names the one it supersedes). */
export async function findDocumentOfCase(q: Q, id: string, caseId: string): Promise<DocumentTable | undefined> {
  return q.selectFrom('documents').selectAll().where('id', '=', id).where('case_id', '=', caseId).executeTakeFirst();
}

/** The document row, locked for the rest of the transaction on PostgreSQL (SQLite holds the write lock). */
export async function lockDocument(tx: Tx, docId: string, forUpdate: boolean): Promise<DocumentTable | undefined> {
  let s = tx.selectFrom('documents').selectAll().where('id', '=', docId);
  if (forUpdate) s = s.forUpdate();
  return s.executeTakeFirst();
}

export async function insertDocument(tx: Tx, row: DocumentTable): Promise<void> {
  await tx.insertInto('documents').values(row).execute();
}

export async function insertDocumentVersion(tx: Tx, row: DocumentVersionTable): Promise<void> {
  await tx.insertInto('document_versions').values(row).execute();
}

/** A new draft version became current. */
export async function setCurrentVersion(tx: Tx, docId: string, number: number, title: string, at: string): Promise<void> {
  await tx.updateTable('documents').set({ current_version: number, title, updated_at: at }).where('id', '=', docId).execute();
}

/** The issue of a document: its final version, number, files and signatures. */
export async function markIssued(
  tx: Tx,
  docId: string,
  set: Pick<DocumentTable, 'current_version' | 'issued_version' | 'doc_number' | 'issued_on' | 'issued_at' | 'issued_by' | 'issued_pdf_sha256' | 'issued_docx_sha256' | 'title' | 'updated_at' | 'seal_sha256' | 'signing_key_id' | 'sm2_signature'>,
): Promise<void> {
  await tx.updateTable('documents').set({ ...set, status: 'issued' }).where('id', '=', docId).execute();
}

/** The issued document a correction supersedes. */
export async function markSuperseded(tx: Tx, docId: string, byId: string, at: string): Promise<void> {
  await tx.updateTable('documents').set({ status: 'superseded', superseded_by_id: byId, updated_at: at }).where('id', '=', docId).where('status', '=', 'issued').execute();
}

/** 发文字号 sequence for a prefix and year (upsert: the row lock serializes concurrent issues); the new last number. */
export async function nextDocumentNumber(tx: Tx, prefix: string, year: number): Promise<number> {
  const r = await tx
    .insertInto('document_number_seq')
    .values({ prefix, year, last: 1 })
    .onConflict((oc) => oc.columns(['prefix', 'year']).doUpdateSet({ last: sql<number>`document_number_seq.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(r.last);
}

/** Whether a document already carries this 发文字号 (issued, superseded, or a draft of before numbers were the system's alone). */
export async function documentNumberTaken(tx: Tx, docNumber: string): Promise<boolean> {
  return Boolean(await tx.selectFrom('documents').select('id').where('doc_number', '=', docNumber).executeTakeFirst());
}

/** The document number prefix of the case's organisation (issue 11). */
export async function caseDocumentPrefix(q: Q, caseId: string): Promise<string | null> {
  const r = await q.selectFrom('cases').innerJoin('organisations', 'organisations.id', 'cases.org_id').select('organisations.document_prefix').where('cases.id', '=', caseId).executeTakeFirst();
  return r?.document_prefix ?? null;
}

export async function documentVersion(q: Q, docId: string, number: number): Promise<DocumentVersionTable | undefined> {
  return q.selectFrom('document_versions').selectAll().where('document_id', '=', docId).where('number', '=', number).executeTakeFirst();
}

export async function versionsOfDocument(q: Q, docId: string): Promise<DocumentVersionTable[]> {
  return q.selectFrom('document_versions').selectAll().where('document_id', '=', docId).orderBy('number').execute();
}

export async function documentsOfCase(q: Q, caseId: string): Promise<DocumentTable[]> {
  return q.selectFrom('documents').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

/** People's names by id (the subjects a list of documents names). */
export async function personNames(q: Q, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  return new Map((await q.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute()).map((p) => [p.id, p.name]));
}
