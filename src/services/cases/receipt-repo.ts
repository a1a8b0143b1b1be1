// The mandatory consequences the stored recommendation (receipt) of a decision lists, per
// subject (issue 10 point 10: they reach execution whatever the case's tracks).
import { parseJson, type Q } from './repo';

interface StoredMandatory {
  kind: string;
  conditional: boolean;
  unitId?: string | null;
}

/**
 * subject id → the unit the decision's receipt names for them (FL-14: the unit barred that year is
 * the one the person belonged to when the decision was made — read with the facts it rests on —
 * not whatever the people register says when execution starts; found by a red-team walk: a
 * register edit between the decision and its execution moved the bar to another unit).
 */
export async function receiptUnitsOf(q: Q, decisionId: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const d = await q.selectFrom('case_decisions').select('rule_evaluation_id').where('id', '=', decisionId).executeTakeFirst();
  if (!d?.rule_evaluation_id) return out;
  const r = await q.selectFrom('rule_evaluations').select('output_json').where('id', '=', d.rule_evaluation_id).executeTakeFirst();
  const o = parseJson<{ subjects?: { subjectId: string; mandatory?: StoredMandatory[] }[] }>(r?.output_json ?? null, {});
  for (const s of o.subjects ?? []) {
    const unit = (s.mandatory ?? []).find((m) => m.kind === 'award_bar_person' && m.unitId)?.unitId;
    if (unit) out.set(s.subjectId, unit);
  }
  return out;
}

/** subject id → kinds of mandatory consequences the decision's receipt lists for them. */
export async function receiptMandatoryOf(q: Q, decisionId: string): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const d = await q.selectFrom('case_decisions').select('rule_evaluation_id').where('id', '=', decisionId).executeTakeFirst();
  if (!d?.rule_evaluation_id) return out;
  const r = await q.selectFrom('rule_evaluations').select('output_json').where('id', '=', d.rule_evaluation_id).executeTakeFirst();
  const o = parseJson<{ subjects?: { subjectId: string; mandatory?: StoredMandatory[] }[] }>(r?.output_json ?? null, {});
  // A conditional consequence (e.g. FL-14 unless finally exempted) applies once the person is in
  // fact held accountable, which is what an execution item of the decision means.
  for (const s of o.subjects ?? []) out.set(s.subjectId, new Set((s.mandatory ?? []).map((m) => m.kind)));
  return out;
}
