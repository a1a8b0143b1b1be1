// Issue 10 point 13: the decision step checks the case as a whole against the stored
// recommendation (src/rules/decision-check.ts, pure): total recovery never above the state
// compensation paid, shares consistent with responsibility (or a reason), every referral duty
// (WC-9(3), FL-12) recorded as made or waived. A refusal throws and changes nothing.
import { AppError } from '../../errors';
import { checkDecisionAgainstRecommendation, checkSubjectsFromOutput, type CheckItem, type DecisionCheck } from '../../rules/decision-check';
import { paidCompensationFen } from './compensation-repo';
import type { SubjectRange } from './recommendation';
import type { StepCtx } from './step-types';

interface StoredFacts {
  consequences?: { stateCompensation?: { paid: boolean; amountYuan: number } };
}

/**
 * Runs the whole-case check; throws the first refusal as an AppError (PRECONDITION_FAILED with
 * the citation and the path). Returns the per-item result (percentages converted to fen).
 */
export async function checkDecisionAsWhole(
  s: StepCtx,
  items: readonly CheckItem[],
  rec: { ranges: Map<string, SubjectRange>; output: unknown; inputs: unknown } | null,
  pathOf: (i: number) => (string | number)[],
): Promise<DecisionCheck> {
  // FL-13 with SCL-16: what may be recovered is the state compensation actually paid — the
  // register's record of it — never a figure typed in a finding when the register shows none paid
  // (found by a red-team walk: a ¥5,000 recovery was decided and collected with nothing paid)
  const sc = (rec?.inputs as StoredFacts | undefined)?.consequences?.stateCompensation;
  const registerPaid = await paidCompensationFen(s.tx, s.row.id, s.row.original_case_id);
  const paid = sc ? (sc.paid ? Math.min(Math.round(sc.amountYuan * 100), registerPaid) : 0) : registerPaid;
  const subjects = rec ? checkSubjectsFromOutput(rec.output, (id) => rec.ranges.get(id)) : [];
  const check = checkDecisionAgainstRecommendation(subjects, items, paid);
  const r = check.refusals[0];
  if (r) {
    const idx = r.subjectPersonId ? items.findIndex((i) => i.subjectPersonId === r.subjectPersonId) : items.findIndex((i) => (i.compensationFen ?? 0) > 0 || i.compensationPercent !== undefined);
    const field = r.code === 'REFERRAL_NOT_RECORDED' ? 'referrals' : r.code === 'PERCENT_EXCEEDS_100' ? 'compensationPercent' : 'compensationFen';
    // WC-9(3)/FL-12: a referral duty neither made nor waived has its own code (issue 10 point 3).
    throw new AppError(r.code === 'REFERRAL_NOT_RECORDED' ? 'REFERRAL_NOT_RECORDED' : 'PRECONDITION_FAILED', { zh: r.zh, en: r.en }, { refusal: r.code, citation: r.citation, subjectPersonId: r.subjectPersonId, ...r.details, path: [...pathOf(Math.max(0, idx)), field] });
  }
  return check;
}
