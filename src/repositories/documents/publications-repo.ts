// SQL over case_publications (FL-5(4)): the scope and channel the decision sets, and the later
// record of the redacted notice and its publication date; the public list of notices.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { DocumentTable } from '../../db/tables/documents';
import { PUBLICATION_SCOPES, type PublicationScope } from '../../domain/cases';

type Q = Kysely<Database>;

/** the column's text as the union (a value outside it, never written, reads as the narrowest scope) */
const asScope = (s: string): PublicationScope => ((PUBLICATION_SCOPES as readonly string[]).includes(s) ? (s as PublicationScope) : 'commission');


/** The decision step records the scope and channel of publication (no notice or date yet). */
export async function insertDecidedPublication(q: Q, row: { id: string; caseId: string; scope: string; channel: string; actorId: string | null; now: string }): Promise<void> {
  await q
    .insertInto('case_publications')
    .values({ id: row.id, case_id: row.caseId, document_id: null, scope: row.scope, channel: row.channel, published_on: null, created_by: row.actorId, created_at: row.now, updated_at: row.now })
    .execute();
}

/** The scope and channel the decision set (the first record of the case), if any. */
export async function decidedPublication(q: Q, caseId: string): Promise<{ scope: PublicationScope; channel: string } | null> {
  const r = await q.selectFrom('case_publications').select(['scope', 'channel']).where('case_id', '=', caseId).orderBy('created_at').orderBy('id').executeTakeFirst();
  return r ? { scope: asScope(r.scope), channel: r.channel } : null;
}

// ---- the publication record and the public list (src/services/documents/publication.ts) ----

export interface PublicationRow {
  id: string;
  scope: PublicationScope;
  channel: string;
  documentId: string | null;
  docNumber: string | null;
  publishedOn: string | null;
  createdAt: string;
}

/** The publication records of a case, oldest first, with the notice's 发文字号. */
export async function publicationsOfCase(q: Q, caseId: string): Promise<PublicationRow[]> {
  const rows = await q
    .selectFrom('case_publications')
    .leftJoin('documents', 'documents.id', 'case_publications.document_id')
    .select(['case_publications.id', 'scope', 'channel', 'document_id', 'documents.doc_number', 'published_on', 'case_publications.created_at'])
    .where('case_publications.case_id', '=', caseId)
    .orderBy('case_publications.created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, scope: asScope(r.scope), channel: r.channel, documentId: r.document_id, docNumber: r.doc_number, publishedOn: r.published_on, createdAt: r.created_at }));
}

/** Whether the case has a decision (anything to publish). */
export async function caseHasDecision(q: Q, caseId: string): Promise<boolean> {
  return !!(await q.selectFrom('case_decisions').select('id').where('case_id', '=', caseId).executeTakeFirst());
}

/** A document of this case (never of another), if any. */
export async function documentOfCase(q: Q, caseId: string, documentId: string): Promise<DocumentTable | undefined> {
  return q.selectFrom('documents').selectAll().where('id', '=', documentId).where('case_id', '=', caseId).executeTakeFirst();
}

/** The stored content of a document's version `number` (sealed for a report case). */
export async function versionContent(q: Q, documentId: string, number: number): Promise<string> {
  return (await q.selectFrom('document_versions').select('content').where('document_id', '=', documentId).where('number', '=', number).executeTakeFirstOrThrow()).content;
}

/** The reporter's identifying details of a case (to check a redaction), if the case has a reporter. */
export async function reporterOfCase(q: Q, caseId: string): Promise<{ anonymous: boolean; name: string | null; idNumber: string | null; phone: string | null; address: string | null; email: string | null; organisation: string | null } | undefined> {
  const r = await q.selectFrom('case_reporters').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (!r) return undefined;
  return { anonymous: Number(r.anonymous) === 1, name: r.name, idNumber: r.id_number, phone: r.phone, address: r.address, email: r.email, organisation: r.organisation };
}

export async function insertPublication(q: Q, row: { id: string; caseId: string; documentId: string | null; scope: PublicationScope; channel: string; publishedOn: string | null; actorId: string; now: string }): Promise<void> {
  await q
    .insertInto('case_publications')
    .values({ id: row.id, case_id: row.caseId, document_id: row.documentId, scope: row.scope, channel: row.channel, published_on: row.publishedOn, created_by: row.actorId, created_at: row.now, updated_at: row.now })
    .execute();
}

/** The issued 公开通报 published to the public with a date, newest first (at most 200), with the issued version's content. */
export async function publicNoticeRows(q: Q): Promise<{ caseId: string; docNumber: string | null; title: string; publishedOn: string; channel: string; content: string }[]> {
  const rows = await q
    .selectFrom('case_publications')
    .innerJoin('documents', 'documents.id', 'case_publications.document_id')
    .innerJoin('document_versions', (j) => j.onRef('document_versions.document_id', '=', 'documents.id').onRef('document_versions.number', '=', 'documents.issued_version'))
    .select(['documents.case_id', 'documents.doc_number', 'documents.title', 'case_publications.published_on', 'case_publications.channel', 'document_versions.content'])
    .where('case_publications.scope', '=', 'public')
    .where('documents.kind', '=', 'publication_notice')
    .where('documents.status', '=', 'issued')
    .where('case_publications.published_on', 'is not', null)
    // only a notice of the decision in force: one issued before a later decision (an appeal or the
    // outside body changed or revoked it, WC-11) is withdrawn from the public list
    .where((eb) => eb.exists(eb.selectFrom('case_decisions as d').select('d.id').whereRef('d.case_id', '=', 'documents.case_id').where('d.status', '=', 'in_force').whereRef('d.recorded_at', '<=', 'documents.issued_at')))
    .orderBy('case_publications.published_on', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ caseId: r.case_id, docNumber: r.doc_number, title: r.title, publishedOn: r.published_on!, channel: r.channel, content: r.content }));
}
