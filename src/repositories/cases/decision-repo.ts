// SQL of the decision steps (src/services/cases/steps-decision.ts, FL-15, WC-9(3), WC-11): the
// decision and its items (a new decision supersedes the one in force; both kept), the service of
// the decision on each subject, defences and appeals and their outcome. Keyed by the case the
// step locked; the decision in force is case-repo.ts#inForceDecision.
import type { Insertable, Selectable } from 'kysely';
import type { CaseAppealTable, CaseDecisionItemTable, CaseDecisionTable, CaseNotificationTable } from '../../db/tables/cases';
import type { AppealOutcome } from './case-rows';
import type { Q } from './case-repo';

/** Marks a decision superseded (by the new one about to be inserted). */
export async function supersedeDecision(tx: Q, decisionId: string): Promise<void> {
  await tx.updateTable('case_decisions').set({ status: 'superseded' }).where('id', '=', decisionId).execute();
}

export async function insertDecisionRow(tx: Q, row: Insertable<CaseDecisionTable>): Promise<void> {
  await tx.insertInto('case_decisions').values(row).execute();
}

export async function insertDecisionItem(tx: Q, row: Insertable<CaseDecisionItemTable>): Promise<void> {
  await tx.insertInto('case_decision_items').values(row).execute();
}

/** The items of one decision (raw rows: the step carries them into a new decision). */
export async function decisionItemRows(q: Q, decisionId: string): Promise<Selectable<CaseDecisionItemTable>[]> {
  return q.selectFrom('case_decision_items').selectAll().where('decision_id', '=', decisionId).execute();
}

/** Whether the decision was already served on this subject. */
export async function isServed(q: Q, decisionId: string, subjectPersonId: string): Promise<boolean> {
  return Boolean(await q.selectFrom('case_notifications').select('id').where('decision_id', '=', decisionId).where('subject_person_id', '=', subjectPersonId).executeTakeFirst());
}

export async function insertNotification(tx: Q, row: Insertable<CaseNotificationTable>): Promise<void> {
  await tx.insertInto('case_notifications').values(row).execute();
}

export async function insertAppeal(tx: Q, row: Insertable<CaseAppealTable>): Promise<void> {
  await tx.insertInto('case_appeals').values(row).execute();
}

/** The subject's defences and appeals of this case still awaiting their outcome. */
export async function pendingAppealsOf(q: Q, caseId: string, subjectPersonId: string): Promise<Selectable<CaseAppealTable>[]> {
  return q.selectFrom('case_appeals').selectAll().where('case_id', '=', caseId).where('subject_person_id', '=', subjectPersonId).where('outcome', '=', 'pending').execute();
}

/** A defence or appeal of this case (raw row), or undefined. */
export async function appealOfCase(q: Q, caseId: string, appealId: string): Promise<Selectable<CaseAppealTable> | undefined> {
  return q.selectFrom('case_appeals').selectAll().where('id', '=', appealId).where('case_id', '=', caseId).executeTakeFirst();
}

/** Records the outcome of a defence or appeal, with the decision it created (if any). */
export async function setAppealOutcome(tx: Q, appealId: string, o: { outcome: Exclude<AppealOutcome, 'pending'>; on: string; reason: string; newDecisionId: string | null }): Promise<void> {
  await tx.updateTable('case_appeals').set({ outcome: o.outcome, outcome_on: o.on, outcome_reason: o.reason, new_decision_id: o.newDecisionId }).where('id', '=', appealId).execute();
}

/** The defence or appeal a meeting of the body discussed (null: none). */
export async function meetingAppealId(q: Q, meetingId: string): Promise<string | null> {
  return (await q.selectFrom('meetings').select('appeal_id').where('id', '=', meetingId).executeTakeFirst())?.appeal_id ?? null;
}

/**
 * WC-11: what the service of the decision in force is read from — the case's decisions (seq and
 * the defence or appeal that made each), its defences and appeals, its services — and the
 * subjects of the decision in force whose execution has not started (the ones it is about to).
 */
export async function serviceFactsOfCase(
  q: Q,
  caseId: string,
  decisionId: string,
): Promise<{
  decisions: { id: string; seq: number; appealId: string | null }[];
  appeals: { id: string; subjectPersonId: string; decisionId: string; kind: string; outcome: string }[];
  notifications: { decisionId: string; subjectPersonId: string; notifiedOn: string; defenceWaived: boolean }[];
  unexecuted: string[];
}> {
  const decisions = await q.selectFrom('case_decisions').select(['id', 'seq', 'appeal_id']).where('case_id', '=', caseId).execute();
  const appeals = await q.selectFrom('case_appeals').select(['id', 'subject_person_id', 'decision_id', 'kind', 'outcome']).where('case_id', '=', caseId).execute();
  const served = await q.selectFrom('case_notifications').select(['decision_id', 'subject_person_id', 'notified_on', 'defence_waived']).where('case_id', '=', caseId).execute();
  const items = await q.selectFrom('case_decision_items').select(['subject_person_id']).where('decision_id', '=', decisionId).where('execution_started_on', 'is', null).execute();
  return {
    decisions: decisions.map((d) => ({ id: d.id, seq: Number(d.seq), appealId: d.appeal_id })),
    appeals: appeals.map((a) => ({ id: a.id, subjectPersonId: a.subject_person_id, decisionId: a.decision_id, kind: a.kind, outcome: a.outcome })),
    notifications: served.map((n) => ({ decisionId: n.decision_id, subjectPersonId: n.subject_person_id, notifiedOn: n.notified_on, defenceWaived: Number(n.defence_waived) === 1 })),
    unexecuted: items.map((i) => i.subject_person_id),
  };
}

/** WC-11: the execution of these subjects' part of the decision started on this day. */
export async function markExecutionStarted(tx: Q, decisionId: string, subjectPersonIds: readonly string[], on: string): Promise<void> {
  if (!subjectPersonIds.length) return;
  await tx.updateTable('case_decision_items').set({ execution_started_on: on }).where('decision_id', '=', decisionId).where('subject_person_id', 'in', [...subjectPersonIds]).execute();
}
