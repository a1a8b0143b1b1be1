// SQL of the history import (src/services/excel/history-import.ts): the register rows an imported
// row refers to, and the imported past decisions with their subjects.
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { HistoricalDecisionSubjectTable, HistoricalDecisionTable } from '../../db/tables/history';
import { orgScopeFilter } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';

type Q = Kysely<Database>;
type Scope = Pick<Actor, 'orgScope'>;

/** Original cases by number, in the reader's organisations. */
export async function originalCasesByNumber(q: Q, scope: Scope, numbers: readonly string[]): Promise<Map<string, { id: string; number: string; decision_date: string }>> {
  if (!numbers.length) return new Map();
  const rows = await q.selectFrom('original_cases').select(['id', 'number', 'decision_date']).where('number', 'in', [...numbers]).where(orgScopeFilter(scope, 'original_cases.org_id')).execute();
  return new Map(rows.map((c) => [c.number, c]));
}

/** The outcomes already recorded on these original cases, as `case_id|source|reference_no` keys. */
export async function outcomeKeys(q: Q, originalCaseIds: readonly string[]): Promise<Set<string>> {
  if (!originalCaseIds.length) return new Set();
  const rows = await q.selectFrom('original_case_outcomes').select(['case_id', 'source', 'reference_no']).where('case_id', 'in', [...originalCaseIds]).execute();
  return new Set(rows.map((o) => `${o.case_id}|${o.source}|${o.reference_no}`));
}

/** People by employee number, in the reader's organisations. */
export async function peopleByEmployeeNo(q: Q, scope: Scope, employeeNos: readonly string[]): Promise<Map<string, { id: string; employee_no: string | null; unit_id: string }>> {
  if (!employeeNos.length) return new Map();
  const rows = await q.selectFrom('people').select(['id', 'employee_no', 'unit_id']).where('employee_no', 'in', [...employeeNos]).where(orgScopeFilter(scope, 'people.org_id')).execute();
  return new Map(rows.map((p) => [p.employee_no!, p]));
}

export async function insertHistoricalDecision(q: Q, decision: Insertable<HistoricalDecisionTable>, subjects: Insertable<HistoricalDecisionSubjectTable>[]): Promise<void> {
  await q.insertInto('historical_decisions').values(decision).execute();
  await q.insertInto('historical_decision_subjects').values(subjects).execute();
}

/**
 * The organisation's go-live date (上线日期): the day its first case was received in this system.
 * A decision made from that day on is made here, through the collective process (FL-15), never
 * imported as history. Null while the organisation has no case.
 */
export async function goLiveDateOf(q: Q, orgId: string): Promise<string | null> {
  const r = await q.selectFrom('cases').select((eb) => eb.fn.min<string>('received_on').as('first')).where('org_id', '=', orgId).executeTakeFirst();
  return r?.first ?? null;
}
