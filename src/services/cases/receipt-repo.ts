// The mandatory consequences the stored recommendation (receipt) of a decision lists, per
// subject (issue 10 point 10: they reach execution whatever the case's tracks).
import { parseJson, type Q } from './repo';

interface StoredMandatory {
  kind: string;
  conditional: boolean;
  unitId?: string | null;
}

/** The subjects of a decision's stored receipt (its rule evaluation), with their mandatory consequences; none without a receipt. */
async function receiptSubjects(q: Q, decisionId: string): Promise<{ subjectId: string; mandatory?: StoredMandatory[] }[]> {
  const d = await q.selectFrom('case_decisions').select('rule_evaluation_id').where('id', '=', decisionId).executeTakeFirst();
  if (!d?.rule_evaluation_id) return [];
  const r = await q.selectFrom('rule_evaluations').select('output_json').where('id', '=', d.rule_evaluation_id).executeTakeFirst();
  return parseJson<{ subjects?: { subjectId: string; mandatory?: StoredMandatory[] }[] }>(r?.output_json ?? null, {}).subjects ?? [];
}

/**
 * What execution takes from a decision's stored receipt, per subject, in one read:
 * - `mandatory`: the kinds of mandatory consequence it lists (a conditional one, e.g. FL-14 unless
 *   finally exempted, applies once the person is in fact held accountable — which is what an
 *   execution item of the decision means);
 * - `units`: the unit it names for them (FL-14: the unit barred that year is the one the person
 *   belonged to when the decision was made, read with the facts it rests on — not whatever the
 *   people register says when execution starts; found by a red-team walk: a register edit between
 *   the decision and its execution moved the bar to another unit).
 */
export async function receiptForExecution(q: Q, decisionId: string): Promise<{ mandatory: Map<string, Set<string>>; units: Map<string, string> }> {
  const subjects = await receiptSubjects(q, decisionId);
  const units = new Map<string, string>();
  for (const s of subjects) {
    const unit = (s.mandatory ?? []).find((m) => m.kind === 'award_bar_person' && m.unitId)?.unitId;
    if (unit) units.set(s.subjectId, unit);
  }
  return { mandatory: new Map(subjects.map((s) => [s.subjectId, new Set((s.mandatory ?? []).map((m) => m.kind))])), units };
}
