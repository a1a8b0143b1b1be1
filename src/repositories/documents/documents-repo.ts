// SQL over the documents tables (and the two reads the documents policy needs from supervision).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { DocumentTable } from '../../db/tables/documents';
import type { Tx } from '../../db/tx';

type Q = Kysely<Database>;

export async function findDocument(q: Q, id: string): Promise<DocumentTable | undefined> {
  return q.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The outside supervisory body the user belongs to (WC-11), if any. */
export async function supervisorBody(q: Q, userId: string): Promise<string | null> {
  return (await q.selectFrom('supervisor_memberships').select('body').where('user_id', '=', userId).executeTakeFirst())?.body ?? null;
}

/** The referral whose hand-off letter is this document, if any. */
export async function referralOfLetter(q: Q, caseId: string, documentId: string): Promise<{ body: string; letter_document_id: string | null } | undefined> {
  return q.selectFrom('appeal_referrals').select(['body', 'letter_document_id']).where('case_id', '=', caseId).where('letter_document_id', '=', documentId).executeTakeFirst();
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
