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
