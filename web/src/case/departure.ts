// The departure rule of the decision (domain.md §3, WC-9(3), FL-5(4)): the engine recommends,
// people decide; a decision outside the recommended range is allowed only with a written reason.
// This mirrors the server's check (src/services/cases/recommendation.ts rangesFromOutput: the
// permitted forms are the citations of the permitted rungs; FL-13 and FL-14 are consequences,
// never a departure) so the form can say so before submitting. The server remains the judge.
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

export function departureOf(item: DecisionItemValues, range: FormRange | null | undefined): Departure | null {
  if (!range) return null;
  const permitted = permittedForms(range);
  const exempt = Boolean(item.noAccountability);
  const outside = exempt ? [] : (item.forms ?? []).filter((f) => !permitted.has(f));
  const exemptNotPermitted = exempt && !range.exemptionAvailable;
  return outside.length || exemptNotPermitted ? { outside, exemptNotPermitted } : null;
}

export const needsDepartureReason = (item: DecisionItemValues, range: FormRange | null | undefined): boolean =>
  departureOf(item, range) !== null && !(item.departureReason ?? '').trim();
