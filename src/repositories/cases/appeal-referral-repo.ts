// SQL of WC-11 appeals sent to an outside body (src/services/cases/steps-supervision.ts): the
// referral record with its frozen snapshot, the reads the snapshot is built from (the case's
// evidence list, decisions, and the appellant's decision items and service), the hand-off letter
// checked against the case, and the execution of the body's decision. Keyed by the case the step
// locked. The outside body's own reads and its decision live in src/services/supervision/.
import type { Insertable, Selectable } from 'kysely';
import type { AppealReferralTable } from '../../db/tables/impartiality-execution';
import type { Q } from './case-repo';

/** The evidence list of a case in the order recorded (no texts, no files). */
export async function evidenceListOf(q: Q, caseId: string) {
  return q.selectFrom('case_evidence').select(['id', 'kind', 'title', 'collected_on', 'description', 'supersedes_id', 'source_person_id']).where('case_id', '=', caseId).orderBy('recorded_at').orderBy('id').execute();
}

/** Every decision of a case in order (superseded ones included). */
export async function decisionsListOf(q: Q, caseId: string) {
  return q.selectFrom('case_decisions').select(['id', 'seq', 'status', 'origin', 'decided_on']).where('case_id', '=', caseId).orderBy('seq').execute();
}

/** One subject's items across the case's decisions. */
export async function decisionItemsOfSubject(q: Q, caseId: string, personId: string) {
  return q.selectFrom('case_decision_items').selectAll().where('case_id', '=', caseId).where('subject_person_id', '=', personId).execute();
}

/** One subject's service of the case's decisions. */
export async function notificationsOfSubject(q: Q, caseId: string, personId: string) {
  return q.selectFrom('case_notifications').select(['decision_id', 'notified_on', 'method']).where('case_id', '=', caseId).where('subject_person_id', '=', personId).execute();
}

/** Whether the appeal was already sent to an outside body. */
export async function isAppealReferred(q: Q, appealId: string): Promise<boolean> {
  return Boolean(await q.selectFrom('appeal_referrals').select('id').where('appeal_id', '=', appealId).executeTakeFirst());
}

/** A document of the case, as the hand-off letter check needs it. */
export async function caseDocumentForLetter(q: Q, caseId: string, documentId: string) {
  return q.selectFrom('documents').select(['id', 'kind', 'status', 'subject_person_id', 'doc_number']).where('id', '=', documentId).where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertAppealReferral(tx: Q, row: Insertable<AppealReferralTable>): Promise<void> {
  await tx.insertInto('appeal_referrals').values(row).execute();
}

/** The referral of an appeal of this case (raw row), or undefined. */
export async function appealReferralOfCase(q: Q, caseId: string, appealId: string): Promise<Selectable<AppealReferralTable> | undefined> {
  return q.selectFrom('appeal_referrals').selectAll().where('appeal_id', '=', appealId).where('case_id', '=', caseId).executeTakeFirst();
}

/** Records that the commission executed the body's decision, with the decision it created (if any). */
export async function markReferralExecuted(tx: Q, referralId: string, executedOn: string, newDecisionId: string | null): Promise<void> {
  await tx.updateTable('appeal_referrals').set({ executed_on: executedOn, new_decision_id: newDecisionId }).where('id', '=', referralId).execute();
}

/** The outside body's decisions on this case that change or revoke it and that the commission has not executed yet (WC-11). */
export async function unexecutedChangingReferrals(q: Q, caseId: string): Promise<{ id: string; outcome: string; outcome_on: string | null }[]> {
  return q.selectFrom('appeal_referrals').select(['id', 'outcome', 'outcome_on']).where('case_id', '=', caseId).where('outcome', 'in', ['changed', 'revoked']).where('executed_on', 'is', null).execute();
}
