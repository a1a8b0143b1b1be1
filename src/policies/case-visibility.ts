// One policy decides what a person sees of a case (issue 7 point 6). The case view, the
// timeline, the document list and exports all ask this module, so what is hidden from a subject
// is hidden everywhere — e.g. the investigators' names the case view hides are not named on the
// subject's timeline either.
//
// - 'full': staff who handle the case (cases.readAll roles; investigators on its team) and have
//   no ground to stand aside from it.
// - a member of staff with a ground to stand aside (FL-5(1): a subject of the case, a participant
//   of its original case, a declared relative of either, the staff reporter, one who stood aside)
//   reads the case from the subject's perspective whatever their roles: the reported leader must
//   not read the report's own words nor learn who reported her (FL-7(7)).
// - 'subject': the person the case is about. Before 陈述申辩 (WC-11) they see the findings about
//   THEM (not other subjects'), the evidence marked disclosable and what they handed in
//   themselves (WC-9(2)), the decision with its reasons and basis, and the deadline to respond.
//   They never see the report text, the reporter, other subjects, the team, the meeting's
//   opinions, nor who on the staff took a step.
// - outside supervisory bodies (WC-11, role `supervisor`) never see a live case: only the
//   frozen appeal files sent to their body (see `mayReadReferral`).
import { can, type Actor } from './roles';

export type Perspective = 'full' | 'subject';

export interface CaseRelation {
  /** the actor sits on this case's investigation team */
  onTeam: boolean;
  /** the actor has a ground to stand aside from this case (src/repositories/cases/case-repo.ts#standAsideCaseIds) */
  standsAside: boolean;
}

export function perspectiveFor(actor: Actor, rel: CaseRelation): Perspective {
  if (rel.standsAside) return 'subject';
  if (can(actor, 'cases.readAll')) return 'full';
  if (actor.roles.includes('investigator') && rel.onTeam) return 'full';
  return 'subject';
}

/** A record about one subject (finding, decision item, notification, appeal, execution item). */
export function maySeeSubjectRecord(p: Perspective, actor: Actor, subjectPersonId: string): boolean {
  return p === 'full' || (actor.personId !== null && subjectPersonId === actor.personId);
}

/**
 * Which evidence a perspective sees, as data (WC-11): staff see all; anyone else (a subject) sees
 * what was marked disclosable and what they handed in (`ownPersonId`). The case view's page, its
 * count and the evidence list endpoint turn this into the statement's filter
 * (src/repositories/cases/evidence-page.ts), so a subject neither sees nor counts what is hidden.
 */
export type EvidenceScope = { all: true } | { all: false; ownPersonId: string | null };

export function evidenceScope(p: Perspective, actor: Actor): EvidenceScope {
  return p === 'full' ? { all: true } : { all: false, ownPersonId: actor.personId };
}

/** Evidence: staff see all; the subject sees what was marked disclosable and what they handed in. */
export function maySeeEvidence(p: Perspective, actor: Actor, e: { disclosable: number | boolean; source_person_id: string | null }): boolean {
  const scope = evidenceScope(p, actor);
  if (scope.all) return true;
  return Number(e.disclosable) === 1 || (scope.ownPersonId !== null && e.source_person_id === scope.ownPersonId);
}

/**
 * The name of an evidence file as the perspective may see it (FL-7(7), FL-10(3)): staff and the
 * subject who handed it in see the name it came with; any other reader (the subject of disclosed
 * evidence) sees it only if a clerk disclosed the item — the reporter check run over that name —
 * and otherwise a neutral 证据文件.<ext> (an item disclosed before migration 0575, whose name went
 * unchecked on upload: a red-team walk found 刘女士13902364221的举报材料.pdf shown to the subject).
 */
export function evidenceFileNameShown(p: Perspective, actor: Actor, e: { fileName: string | null; disclosedBy: string | null; sourcePersonId: string | null }): string | null {
  if (e.fileName === null) return null;
  if (p === 'full' || e.disclosedBy !== null || (actor.personId !== null && e.sourcePersonId === actor.personId)) return e.fileName;
  const ext = /\.[A-Za-z][A-Za-z0-9]{0,4}$/.exec(e.fileName)?.[0] ?? '';
  return `证据文件${ext.toLowerCase()}`;
}

/** The staff's identities (team, who recorded a step or evidence): staff only. */
export const maySeeStaffNames = (p: Perspective): boolean => p === 'full';

/** The report text, the meeting's opinions, rule receipts and departures: staff only. */
export const maySeeInternals = (p: Perspective): boolean => p === 'full';

/** Reads and downloads are on the timeline for the staff who handle the case, not for subjects. */
// issue 9: the reporter's thread (messages, outcome drafts, their files) never shows on a subject's
// timeline — not even that the reporter wrote (FL-7(7), FL-10(3)).
export const STAFF_ONLY_TIMELINE_ENTRIES = ['case.reporter.read', 'case.reporter.message', 'case.reporter.draft_discarded', 'case.reporter.attachment.download', 'case.recommendation', 'case.evidence.download', 'case.document.read', 'case.document.download', 'case.evidence.disclosure', 'case.evidence.disclosure_request', 'case.reporter.redaction_refused', 'case.meeting.create', 'case.meeting.attendance', 'case.meeting.opinion', 'case.meeting.confirm', 'case.meeting.minutes', 'case.meeting.close'];

/**
 * FL-7(7), FL-10(3): a refused reporter-identity check shows on the timeline of the clerks, who
 * alone are answered by the check (and to the auditor in the audit trail); to an investigator it
 * would tell which item of his named the reporter.
 */
export const CLERK_ONLY_TIMELINE_ENTRIES: readonly string[] = ['case.reporter.redaction_refused'];

export function maySeeTimelineEntry(p: Perspective, action: string, actor: Actor): boolean {
  if (CLERK_ONLY_TIMELINE_ENTRIES.includes(action)) return p === 'full' && actor.roles.includes('clerk');
  return p === 'full' || !STAFF_ONLY_TIMELINE_ENTRIES.includes(action);
}

/**
 * Who took a step, as the timeline shows it: staff see names; a subject sees their own steps as
 * their own and every other step as taken by the commission (委法制科/办案机关), never a name.
 */
export function timelineActorName(p: Perspective, actor: Actor, stepActorId: string | null, displayName: string | null): string {
  if (stepActorId === null) return '举报人（网上）';
  if (p === 'full' || stepActorId === actor.userId) return displayName ?? stepActorId;
  return '办案机关';
}

/** A step's recorded data on the timeline: staff only (it can name investigators and the reporter's replies). */
export const maySeeTimelineData = (p: Perspective): boolean => p === 'full';

/**
 * Documents: a subject reads issued documents addressed to them ('own') or published for the
 * case ('case'); staff read every kind except those carrying the reporter (clerks only).
 */
export function mayReadDocumentKind(
  actor: Actor,
  p: Perspective,
  def: { reporterSensitive: boolean; subjectReadable: 'own' | 'case' | false },
  doc: { status: string; subject_person_id: string | null },
): boolean {
  if (!can(actor, 'documents.read')) return false;
  if (p === 'full') return !def.reporterSensitive || can(actor, 'reporter.read');
  if (doc.status === 'draft') return false;
  if (def.subjectReadable === 'case') return true;
  return def.subjectReadable === 'own' && actor.personId !== null && doc.subject_person_id === actor.personId;
}

/**
 * WC-11: a supervisor reads the appeal files sent to its own body, nothing else — and (issue 11)
 * only those of the organisations where it holds the body's role THERE (`orgs`: its scope's
 * organisations whose membership grants `supervision.act`; src/services/orgs/acting-in.ts
 * `orgsPermitting`). A file is its case's organisation's; the role is never lent to another
 * organisation, neither a sibling nor one below (`supervisor` is not a subtree role,
 * src/policies/org-scope.ts `readsSubtree`). `orgs` null: an unscoped in-process actor.
 */
export function mayReadReferral(actor: Actor, membershipBody: string | null, referral: { body: string; orgId: string }, orgs: readonly string[] | null): boolean {
  return can(actor, 'supervision.act') && membershipBody !== null && membershipBody === referral.body && (orgs === null || orgs.includes(referral.orgId));
}

/**
 * WC-11: with the frozen appeal file, the body reads the hand-off letter (申诉移送函) recorded on
 * that referral — the issued letter only, and no other document of the case.
 */
export function mayReadReferralLetter(
  actor: Actor,
  membershipBody: string | null,
  referral: { body: string; orgId: string; letter_document_id: string | null } | null | undefined,
  doc: { id: string; status: string },
  def: { outsideReadable?: true } | undefined,
  orgs: readonly string[] | null,
): boolean {
  if (!referral || referral.letter_document_id !== doc.id) return false;
  if (!def?.outsideReadable || doc.status === 'draft') return false;
  return mayReadReferral(actor, membershipBody, referral, orgs);
}
