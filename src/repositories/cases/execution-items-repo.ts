// Execution items of a case (case_execution_items): the tracked items a decision in force
// implies (src/services/cases/steps-execution.ts) and the referral items a recorded WC-9(3)/FL-12
// referral becomes (src/services/cases/referrals.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { CaseExecutionItemTable } from '../../db/tables/cases';

type Q = Kysely<Database>;

export type ExecutionItemRow = CaseExecutionItemTable;

export async function insertExecutionItem(tx: Q, row: ExecutionItemRow): Promise<void> {
  await tx.insertInto('case_execution_items').values(row).execute();
}

/** The items of a case for one subject and kind (any decision), oldest first. */
export async function executionItemsOfSubject(q: Q, caseId: string, subjectPersonId: string, kind: string): Promise<ExecutionItemRow[]> {
  return q.selectFrom('case_execution_items').selectAll().where('case_id', '=', caseId).where('subject_person_id', '=', subjectPersonId).where('kind', '=', kind).orderBy('created_at').orderBy('id').execute();
}

/** `subject|kind` of the live (open or done) items of a decision. */
export async function liveItemKeysOfDecision(q: Q, decisionId: string): Promise<Set<string>> {
  const rows = await q.selectFrom('case_execution_items').select(['subject_person_id', 'kind']).where('decision_id', '=', decisionId).where('status', 'in', ['open', 'done']).execute();
  return new Set(rows.map((r) => `${r.subject_person_id}|${r.kind}`));
}

export async function setExecutionItemResult(tx: Q, id: string, result: Record<string, unknown>, now: string): Promise<void> {
  await tx.updateTable('case_execution_items').set({ result: JSON.stringify(result), updated_at: now }).where('id', '=', id).execute();
}

/** The case's decision in force, if any. */
export async function inForceDecisionId(q: Q, caseId: string): Promise<string | null> {
  const d = await q.selectFrom('case_decisions').select('id').where('case_id', '=', caseId).where('status', '=', 'in_force').executeTakeFirst();
  return d?.id ?? null;
}

// --- used by the execution steps (src/services/cases/steps-execution.ts) ---------------------

/** The items of a decision (all subjects), or one subject's item. */
export async function decisionItems(q: Q, decisionId: string) {
  return q.selectFrom('case_decision_items').selectAll().where('decision_id', '=', decisionId).execute();
}
export async function decisionItemOf(q: Q, decisionId: string, subjectPersonId: string) {
  return q.selectFrom('case_decision_items').selectAll().where('decision_id', '=', decisionId).where('subject_person_id', '=', subjectPersonId).executeTakeFirst();
}
export async function decisionDate(q: Q, decisionId: string): Promise<string> {
  return (await q.selectFrom('case_decisions').select('decided_on').where('id', '=', decisionId).executeTakeFirstOrThrow()).decided_on;
}

/** A document of the case (for the letters and notices an execution item links). */
export async function caseDocument(q: Q, caseId: string, docId: string) {
  return q.selectFrom('documents').select(['id', 'kind', 'status', 'doc_number', 'subject_person_id']).where('id', '=', docId).where('case_id', '=', caseId).executeTakeFirst();
}

export async function executionItemOfCase(q: Q, caseId: string, itemId: string): Promise<ExecutionItemRow | undefined> {
  return q.selectFrom('case_execution_items').selectAll().where('id', '=', itemId).where('case_id', '=', caseId).executeTakeFirst();
}

/** Whether an evidence item belongs to the case. */
export async function evidenceOfCase(q: Q, caseId: string, evidenceId: string): Promise<boolean> {
  return Boolean(await q.selectFrom('case_evidence').select('id').where('id', '=', evidenceId).where('case_id', '=', caseId).executeTakeFirst());
}

/** The person's valid enforcement certificates (or the one named). */
export async function validCertificatesOf(q: Q, personId: string, certificateId?: string): Promise<{ id: string }[]> {
  let sel = q.selectFrom('enforcement_certificates').select('id').where('person_id', '=', personId).where('status', '=', 'valid');
  if (certificateId) sel = sel.where('id', '=', certificateId);
  return sel.execute();
}

export async function finishExecutionItem(tx: Q, id: string, doneOn: string, result: Record<string, unknown>, now: string): Promise<void> {
  await tx.updateTable('case_execution_items').set({ status: 'done', done_on: doneOn, result: JSON.stringify(result), updated_at: now }).where('id', '=', id).execute();
}

export async function endExecutionItem(tx: Q, id: string, status: 'cancelled' | 'reversed', result: Record<string, unknown>, now: string): Promise<void> {
  await tx.updateTable('case_execution_items').set({ status, result: JSON.stringify(result), updated_at: now }).where('id', '=', id).execute();
}

/** A subject's live (open or done) items of the case, oldest first. */
export async function liveItemsOfSubject(q: Q, caseId: string, subjectPersonId: string): Promise<ExecutionItemRow[]> {
  return q.selectFrom('case_execution_items').selectAll().where('case_id', '=', caseId).where('subject_person_id', '=', subjectPersonId).where('status', 'in', ['open', 'done']).orderBy('created_at').orderBy('id').execute();
}

/** The total paid so far on a recovery item, in fen. */
export async function paidOnItem(q: Q, itemId: string): Promise<number> {
  const paid = await q.selectFrom('case_payments').select((eb) => eb.fn.sum<number>('amount_fen').as('s')).where('execution_item_id', '=', itemId).executeTakeFirst();
  return Number(paid?.s ?? 0);
}

/** The total paid on these recovery items together, in fen. */
export async function paidOnItems(q: Q, itemIds: readonly string[]): Promise<number> {
  if (!itemIds.length) return 0;
  const paid = await q.selectFrom('case_payments').select((eb) => eb.fn.sum<number>('amount_fen').as('s')).where('execution_item_id', 'in', [...itemIds]).executeTakeFirst();
  return Number(paid?.s ?? 0);
}

/** Sets a recovery item to the amount a later decision orders and the status its payments give (FL-13 after WC-11). */
export async function resetRecoveryItem(tx: Q, id: string, p: { amountFen: number; status: 'open' | 'done'; doneOn: string | null; result: Record<string, unknown>; now: string }): Promise<void> {
  await tx.updateTable('case_execution_items').set({ amount_fen: p.amountFen, status: p.status, done_on: p.doneOn, result: JSON.stringify(p.result), updated_at: p.now }).where('id', '=', id).execute();
}

/** Marks an item done only while it is still open; false when it no longer was (recorded already). */
export async function finishOpenExecutionItem(tx: Q, id: string, doneOn: string, result: Record<string, unknown>, now: string): Promise<boolean> {
  const upd = await tx.updateTable('case_execution_items').set({ status: 'done', done_on: doneOn, result: JSON.stringify(result), updated_at: now }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(upd.numUpdatedRows) === 1;
}

export async function insertPayment(tx: Q, p: { id: string; caseId: string; itemId: string; amountFen: number; paidOn: string; note: string | null; recordedBy: string; recordedAt: string }): Promise<void> {
  await tx
    .insertInto('case_payments')
    .values({ id: p.id, case_id: p.caseId, execution_item_id: p.itemId, amount_fen: p.amountFen, paid_on: p.paidOn, note: p.note, recorded_by: p.recordedBy, recorded_at: p.recordedAt })
    .execute();
}
