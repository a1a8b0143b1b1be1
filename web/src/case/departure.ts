// The departure rule of the decision (domain.md §3, WC-9(3), FL-5(4)): the engine recommends,
// people decide; a decision outside the recommended range is allowed only with a written reason.
// The rule is the server's (src/rules/decision-check.ts), asked through the API
// (POST /api/v1/rules/departures, web/src/lib/legal.ts useDepartures): no copy and no shared
// code here. This file only reduces the server's answer to what the form shows; the server
// remains the judge when the decision is recorded.
import type { DepartureAnswer } from '../lib/legal';

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

/** The server's answer for one item, as the form shows it (null: no departure, or no answer yet). */
export function departureFromAnswer(a: DepartureAnswer | null | undefined): Departure | null {
  if (!a) return null;
  const outside = a.departures.filter((c) => c !== 'NO_ACCOUNTABILITY');
  const exemptNotPermitted = a.departures.includes('NO_ACCOUNTABILITY');
  return outside.length || exemptNotPermitted ? { outside, exemptNotPermitted } : null;
}
