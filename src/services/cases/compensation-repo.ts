// Case history the rules engine's facts need beyond the case itself: state compensation paid for
// the original enforcement case (FL-13), and the conduct dates of a person's prior cases (FL-10(6)).
import { compensationTotalFen } from '../../repositories/registers/original-cases-repo';
import { currentFindings, parseJson, type Q } from './repo';

export async function paidCompensationFen(q: Q, caseId: string, originalCaseId: string | null): Promise<number> {
  const registered = originalCaseId ? await compensationTotalFen(q, originalCaseId) : 0;
  const found = (await currentFindings(q, caseId)).map((f) => parseJson<{ consequences?: { stateCompensationFen?: number } }>(f.data, {}).consequences?.stateCompensationFen ?? 0);
  return Math.max(registered, 0, ...found);
}

/** `${caseId}|${personId}` → the earliest conduct date the person's current finding in that case records. */
export async function priorConductDates(q: Q, pairs: readonly { caseId: string; personId: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const caseIds = [...new Set(pairs.map((p) => p.caseId))];
  for (const caseId of caseIds) {
    for (const f of await currentFindings(q, caseId)) {
      const d = parseJson<{ conductDate?: string }>(f.data, {}).conductDate;
      const key = `${caseId}|${f.subject_person_id}`;
      if (d && (!out.has(key) || d < out.get(key)!)) out.set(key, d);
    }
  }
  return out;
}
