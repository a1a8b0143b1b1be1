// The departure rule of the decision (domain.md §3, WC-9(3), FL-5(4)): the engine recommends,
// people decide; a decision outside the recommended range is allowed only with a written reason.
// The rule itself is the server's (src/rules/decision-check.ts, pure, shared): the form calls it
// so it can say so before submitting. The server remains the judge.
import { departuresOf } from '../../../src/rules/decision-check';
import type { FormRange } from '../../../src/rules/types';

export interface DecisionItemValues {
  subjectPersonId: string;
  noAccountability?: boolean;
  forms?: string[];
  departureReason?: string;
}

export interface Departure {
  /** chosen forms the recommended range does not permit */
  outside: string[];
  /** "no accountability" chosen while the range does not allow exemption */
  exemptNotPermitted: boolean;
}

/** Consequence forms the engine lists apart from the ladder: choosing them is never a departure. */
export const CONSEQUENCE_FORMS = ['FL-13', 'FL-14'];

export function permittedForms(range: Pick<FormRange, 'permitted'>): Set<string> {
  return new Set([...range.permitted.flatMap((f) => f.citations), ...CONSEQUENCE_FORMS]);
}

/**
 * The departure of one item, by the server's own rule (src/rules/decision-check.ts departuresOf:
 * one home, no copy here), reduced to what the form shows.
 */
export function departureOf(item: DecisionItemValues, range: FormRange | null | undefined): Departure | null {
  if (!range) return null;
  const permitted = [...permittedForms(range)];
  const exempt = Boolean(item.noAccountability);
  const codes = departuresOf({ noAccountability: exempt, forms: item.forms ?? [] }, { permitted, exemptionAllowed: range.exemptionAvailable });
  const outside = codes.filter((c) => c !== 'NO_ACCOUNTABILITY');
  const exemptNotPermitted = codes.includes('NO_ACCOUNTABILITY');
  return outside.length || exemptNotPermitted ? { outside, exemptNotPermitted } : null;
}

export const needsDepartureReason = (item: DecisionItemValues, range: FormRange | null | undefined): boolean =>
  departureOf(item, range) !== null && !(item.departureReason ?? '').trim();
