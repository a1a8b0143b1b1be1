// The latest rules-engine recommendation stored for a case (rule_evaluations), reduced to what
// the decision step checks: per subject, the forms inside the recommended range and whether
// exemption (不予追究) is inside it. See recommendation-service.ts for building the facts and
// storing the receipt.
import { FORM_IDS } from '../../domain/cases';
import type { SubjectRange } from '../../rules/decision-check';
import type { Q } from './repo';
import { parseJson } from './repo';
import { latestEvaluationRow } from '../../repositories/cases/case-repo';
import { REGISTERED_PACKS } from '../../rules/registry';

// The departure rule's input, declared once with the rule itself (src/rules/decision-check.ts).
export type { SubjectRange } from '../../rules/decision-check';

/**
 * Forms on the ladder of FL-6 / FL-11 / WC-10 that a range can exclude. FL-13 (compensation
 * share) and FL-14 (award bars) are consequences the engine lists separately, not rungs, so
 * choosing them is never a departure from the range.
 */
export const LADDER_FORMS = FORM_IDS.filter((f) => !consequenceForms().includes(f));

interface StoredOutput {
  status?: string;
  pack?: { id: string };
  subjects?: {
    subjectId: string;
    responsibility?: string;
    conflict?: unknown;
    forms: { exemptionAvailable: boolean; permitted: { citations: string[] }[] } | null;
    compensation?: { recoverable: boolean; upToYuan: number; indicativeAmountYuan?: number; ruleIds?: string[] } | null;
    mandatory?: { kind: string; conditional: boolean; ruleIds?: string[] }[];
  }[];
}

/**
 * Consequences listed apart from the ladder, never a departure: the pack's own list (of the pack
 * that made the recommendation, else the latest registered one).
 */
export function consequenceForms(packId?: string | null): readonly string[] {
  const pack = (packId ? REGISTERED_PACKS.find((p) => p.id === packId) : undefined) ?? REGISTERED_PACKS[REGISTERED_PACKS.length - 1];
  return pack?.vocabulary.consequenceForms ?? [];
}

/**
 * WC-11: how the pack that made the recommendation weighs a decision's forms (`formRungs`) and the
 * higher law it cites against a heavier decision on the person's own defence or appeal (of that
 * pack, else the latest registered one). No rungs: decisions are not compared.
 */
export function heavierRuleOf(packId?: string | null): { formRungs: Readonly<Record<string, number>> | null; higherLaw: { id: string; citation: string }[] } {
  const pack = (packId ? REGISTERED_PACKS.find((p) => p.id === packId) : undefined) ?? REGISTERED_PACKS[REGISTERED_PACKS.length - 1];
  const ids = pack?.vocabulary.noHeavierOnDefence ?? [];
  return {
    formRungs: pack?.vocabulary.formRungs ?? null,
    higherLaw: ids.map((id) => ({ id, citation: pack!.higherLaw.find((h) => h.id === id)?.citation ?? id })),
  };
}

/** The departure rule's view of a recommended range: the citations it permits (consequences always) and exemption. */
export function rangeOfForms(forms: { permitted: { citations: readonly string[] }[]; exemptionAvailable: boolean }, packId?: string | null): Pick<SubjectRange, 'permitted' | 'exemptionAllowed'> {
  const permitted = [...new Set(forms.permitted.flatMap((f) => f.citations))];
  return { permitted: [...permitted, ...consequenceForms(packId)], exemptionAllowed: forms.exemptionAvailable };
}

export function rangesFromOutput(output: StoredOutput): Map<string, SubjectRange> {
  const out = new Map<string, SubjectRange>();
  if (output.status !== 'ok' && output.status !== 'conflict') return out;
  for (const s of output.subjects ?? []) {
    // FL-2: a person the engine finds not responsible is recommended no accountability — any form
    // (or recovery) for them departs from it and needs its reason, like one outside a range. (Found
    // by a red-team walk: with no range at all, such a sanction passed as no departure.)
    if (!s.forms && s.responsibility === 'none' && !s.conflict) {
      out.set(s.subjectId, { permitted: [...consequenceForms(output.pack?.id)], exemptionAllowed: true, compensation: null, judicialTransferRequired: false });
      continue;
    }
    if (!s.forms) continue;
    out.set(s.subjectId, {
      ...rangeOfForms(s.forms, output.pack?.id),
      compensation: s.compensation
        ? {
            recoverable: s.compensation.recoverable,
            upToFen: Math.round(s.compensation.upToYuan * 100),
            ...(s.compensation.ruleIds?.[0] ? { citation: s.compensation.ruleIds[0] } : {}),
            // The default share (FL-13, weighted by role and degree of fault); a different amount is a departure.
            ...(s.compensation.recoverable && s.compensation.indicativeAmountYuan !== undefined ? { defaultFen: Math.round(s.compensation.indicativeAmountYuan * 100) } : {}),
          }
        : null,
      judicialTransferRequired: (s.mandatory ?? []).some((m) => m.kind === 'judicial_transfer'),
      judicialTransferCitation: (s.mandatory ?? []).find((m) => m.kind === 'judicial_transfer')?.ruleIds?.[0],
    });
  }
  return out;
}

export async function latestRecommendation(q: Q, caseId: string): Promise<{ id: string; ranges: Map<string, SubjectRange>; output: unknown; inputs: unknown } | null> {
  const row = await latestEvaluationRow(q, caseId);
  if (!row) return null;
  const output = parseJson<StoredOutput>(row.output_json, {});
  return { id: row.id, ranges: rangesFromOutput(output), output, inputs: parseJson<unknown>(row.inputs_json, {}) };
}
