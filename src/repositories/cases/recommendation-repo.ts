// SQL of the rules receipts (rule_evaluations: the engine's inputs, output and trace, stored per
// evaluation) and of the departures report (decision items whose forms left the recommended
// range). The latest receipt of a case is case-repo.ts#latestEvaluationRow.
import type { RawBuilder, SqlBool } from 'kysely';
import type { RuleEvaluationTable } from '../../db/tables/rules';
import { orgScopeFilter } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';
import { parseJson, type DecisionStatus } from './case-rows';
import type { Q } from './case-repo';

export async function insertEvaluation(tx: Q, row: RuleEvaluationTable): Promise<void> {
  await tx.insertInto('rule_evaluations').values(row).execute();
}

/** A decision item that departed from the recommended range, decoded. */
export interface DepartureRow {
  caseId: string;
  caseNumber: string;
  decisionId: string;
  decidedOn: string;
  decisionStatus: DecisionStatus;
  ruleEvaluationId: string | null;
  subjectPersonId: string;
  forms: string[];
  recommendedForms: string[];
  departedForms: string[];
  departureReason: string | null;
}

/**
 * The departures on cases of the organisations the actor reads, superseded decisions included; one
 * year's or all. FL-5(1), FL-7(7): a decision item about another subject of a case the actor reads
 * as its subject is not listed (`recordShown`: src/policies/cases.ts#subjectsShownTo; absent: all).
 */
export async function departures(q: Q, actor: Pick<Actor, 'orgScope'>, year?: number, recordShown?: (idRef: string, personRef: string) => RawBuilder<SqlBool>): Promise<DepartureRow[]> {
  let s = q
    .selectFrom('case_decision_items')
    .innerJoin('case_decisions', 'case_decisions.id', 'case_decision_items.decision_id')
    .innerJoin('cases', 'cases.id', 'case_decision_items.case_id')
    .select([
      'cases.id as case_id',
      'cases.number',
      'case_decisions.id as decision_id',
      'case_decisions.decided_on',
      'case_decisions.status',
      'case_decisions.rule_evaluation_id',
      'case_decision_items.subject_person_id',
      'case_decision_items.forms',
      'case_decision_items.recommended',
      'case_decision_items.departed_forms',
      'case_decision_items.departure_reason',
    ])
    .where('case_decision_items.departed_forms', '!=', '[]')
    .where(orgScopeFilter(actor, 'cases.org_id'));
  if (year) s = s.where('case_decisions.decided_on', '>=', `${year}-01-01`).where('case_decisions.decided_on', '<=', `${year}-12-31`);
  if (recordShown) s = s.where(recordShown('cases.id', 'case_decision_items.subject_person_id'));
  const rows = await s.orderBy('case_decisions.decided_on').orderBy('cases.number').execute();
  return rows.map((r) => ({
    caseId: r.case_id,
    caseNumber: r.number,
    decisionId: r.decision_id,
    decidedOn: r.decided_on,
    decisionStatus: r.status as DecisionStatus,
    ruleEvaluationId: r.rule_evaluation_id,
    subjectPersonId: r.subject_person_id,
    forms: parseJson<string[]>(r.forms, []),
    recommendedForms: parseJson<{ permitted: string[] } | null>(r.recommended, null)?.permitted ?? [],
    departedForms: parseJson<string[]>(r.departed_forms, []),
    departureReason: r.departure_reason,
  }));
}
