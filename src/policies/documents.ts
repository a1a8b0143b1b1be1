// Who may read, draft, edit, issue and correct a case's official documents (公文) — one module
// (Outline-style policy per resource), used by src/services/documents/service.ts and sent to the
// client as each document's `actions` and the case's `draftableKinds`.
//
// - reading: the case's perspective decides (src/policies/case-visibility.ts#mayReadDocumentKind):
//   staff read every kind (reporter-sensitive kinds: clerks only); a subject reads issued
//   documents of the kinds marked subjectReadable; an outside body's supervisor reads only the
//   issued hand-off letter recorded on a referral to its own body, of a case of an organisation
//   where it holds that role (WC-11, issue 11);
// - drafting and editing: clerks draft every kind; an investigator on the case team drafts the
//   kinds marked investigatorDrafts (kinds.ts);
// - issuing: clerks (`documents.issue`) on a case they see in full.
// The answer "hidden" is the only one that becomes NOT_FOUND ("not allowed" and "not found" look
// the same); a failure while deciding (a database outage) stays what it is.
import type { DocumentTable } from '../db/tables/documents';
import { AppError } from '../errors';
import { KIND_DEFS, type DocumentKind } from '../services/documents/kinds';
import { mayReadDocumentKind, mayReadReferralLetter, type Perspective } from './case-visibility';
import { can, type Actor } from './roles';

export type DocumentAction = 'edit' | 'issue' | 'correct';

/** Who reads a document: see kinds.ts. A subject reads issued documents only. */
export function mayRead(actor: Actor, perspective: Perspective, doc: Pick<DocumentTable, 'kind' | 'status' | 'subject_person_id'>): boolean {
  const def = KIND_DEFS[doc.kind as DocumentKind];
  return Boolean(def) && mayReadDocumentKind(actor, perspective, def, doc);
}

/** Clerks draft every kind; an investigator on the case team drafts the kinds marked investigatorDrafts. */
export function mayDraft(actor: Actor, perspective: Perspective, kind: DocumentKind): boolean {
  if (!can(actor, 'documents.draft') || perspective !== 'full') return false;
  if (actor.roles.includes('clerk')) return true;
  return actor.roles.includes('investigator') && KIND_DEFS[kind].investigatorDrafts;
}

/** Issuing (发文字号, frozen PDF): `documents.issue` on a case seen in full. */
export const mayIssue = (actor: Actor, perspective: Perspective): boolean => can(actor, 'documents.issue') && perspective === 'full';

/** What the actor may do next with this document (the client shows these buttons only). */
export function documentActions(actor: Actor, perspective: Perspective, doc: Pick<DocumentTable, 'kind' | 'status'>): DocumentAction[] {
  const kind = doc.kind as DocumentKind;
  const out: DocumentAction[] = [];
  if (doc.status === 'draft' && mayDraft(actor, perspective, kind)) out.push('edit');
  if (doc.status === 'draft' && mayIssue(actor, perspective)) out.push('issue');
  if (doc.status === 'issued' && mayDraft(actor, perspective, kind)) out.push('correct');
  return out;
}

/** Reading documents at all: staff and subjects (documents.read), or an outside body's supervisor. */
export const mayReadDocuments = (actor: Actor): boolean => can(actor, 'documents.read') || can(actor, 'supervision.act');

/** WC-11: the issued hand-off letter of a referral to the supervisor's own body, of a case of an organisation where it holds the role (`orgs`). */
export function mayReadAsOutsideBody(
  actor: Actor,
  membershipBody: string | null,
  referral: { body: string; orgId: string; letter_document_id: string | null } | null | undefined,
  doc: Pick<DocumentTable, 'id' | 'status' | 'kind'>,
  orgs: readonly string[] | null,
): boolean {
  if (!can(actor, 'supervision.act')) return false;
  return mayReadReferralLetter(actor, membershipBody, referral, doc, KIND_DEFS[doc.kind as DocumentKind], orgs);
}

/** The hidden answer. */
export const documentHidden = (): AppError => new AppError('NOT_FOUND', { zh: '公文不存在或无权查看', en: 'no such document, or not yours to see' });

export const draftForbidden = (kind: DocumentKind): AppError =>
  new AppError('FORBIDDEN', { zh: `您的角色不能起草或修改${KIND_DEFS[kind].zh}`, en: `your role may not draft or edit a ${KIND_DEFS[kind].en}` });
