// The latest rules-engine recommendation stored for a case (rule_evaluations), reduced to what
// the decision step checks: per subject, the forms inside the recommended range and whether
// exemption (不予追究) is inside it. See recommendation-service.ts for building the facts and
// storing the receipt.
import { FORM_IDS } from '../../domain/cases';
import type { Q } from './repo';
import { parseJson } from './repo';

export interface SubjectRange {
  /** form citations inside the recommended range */
  permitted: string[];
  exemptionAllowed: boolean;
  /**
   * FL-13 recovery of state compensation: whether the engine found it recoverable from this
   * person (the State Compensation Law art. 16 allows it only for intent or gross negligence)
   * and up to how much (fen); null when no compensation is in question.
   */
  compensation?: { recoverable: boolean; upToFen: number } | null;
  /** FL-12: the engine requires a transfer to the judicial organs (crime suspected) */
  judicialTransferRequired?: boolean;
}

/**
 * Forms on the ladder of FL-6 / FL-11 / WC-10 that a range can exclude. FL-13 (compensation
 * share) and FL-14 (award bars) are consequences the engine lists separately, not rungs, so
 * choosing them is never a departure from the range.
 */
export const LADDER_FORMS = FORM_IDS.filter((f) => f !== 'FL-13' && f !== 'FL-14');

interface StoredOutput {
  status?: string;
  subjects?: {
    subjectId: string;
    forms: { exemptionAvailable: boolean; permitted: { citations: string[] }[] } | null;
    compensation?: { recoverable: boolean; upToYuan: number } | null;
    mandatory?: { kind: string; conditional: boolean }[];
  }[];
}

export function rangesFromOutput(output: StoredOutput): Map<string, SubjectRange> {
  const out = new Map<string, SubjectRange>();
  if (output.status !== 'ok' && output.status !== 'conflict') return out;
  for (const s of output.subjects ?? []) {
    if (!s.forms) continue;
    const permitted = [...new Set(s.forms.permitted.flatMap((f) => f.citations))];
    // Consequence forms are always acceptable alongside the range.
    out.set(s.subjectId, {
      permitted: [...permitted, 'FL-13', 'FL-14'],
      exemptionAllowed: s.forms.exemptionAvailable,
      compensation: s.compensation ? { recoverable: s.compensation.recoverable, upToFen: Math.round(s.compensation.upToYuan * 100) } : null,
      judicialTransferRequired: (s.mandatory ?? []).some((m) => m.kind === 'judicial_transfer'),
    });
  }
  return out;
}

export async function latestRecommendation(q: Q, caseId: string): Promise<{ id: string; ranges: Map<string, SubjectRange> } | null> {
  const row = await q.selectFrom('rule_evaluations').select(['id', 'output_json']).where('case_id', '=', caseId).orderBy('evaluated_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  if (!row) return null;
  return { id: row.id, ranges: rangesFromOutput(parseJson<StoredOutput>(row.output_json, {})) };
}
