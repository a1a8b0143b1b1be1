// The decision checked against the stored recommendation, person by person AND as a whole
// (issue 10 points 2, 3, 13). Pure: no database, no clock. The decision step (server) calls it;
// the web form calls the same functions for its hints (web/src/case/departure.ts), so the
// departure rule has one home.
//
// Names no article: every citation comes from the recommendation (the pack's data).
// - Departures (allowed with a written reason, reported): a form outside the recommended range,
//   "no accountability" where exemption is not in the range, a required judicial transfer not
//   made, recovery of state compensation from a person the engine found it not recoverable
//   from (higher law), or an amount that differs from the default share, or a share out of
//   order with responsibility (a person held less recovers more than one held more).
// - Refusals (never allowed, whatever the reason): a total recovery above the amount of state
//   compensation paid ("part or all" of that amount); a percentage split above 100 %; a
//   referral duty neither recorded as made (with a document) nor waived with a reason.
import type { ReferralBody } from './schema';
import { RESPONSIBILITY_RANK, type ResponsibilityLevel } from './types';

/** What the departure rule needs of one subject's recommendation. */
export interface SubjectRange {
  /** form citations inside the recommended range */
  permitted: string[];
  exemptionAllowed: boolean;
  /** FL-13 (SCL-16): recoverable from this person, up to how much, and the default share (fen) */
  compensation?: { recoverable: boolean; upToFen: number; defaultFen?: number; citation?: string } | null;
  /** FL-12: the engine requires a transfer to the judicial organs */
  judicialTransferRequired?: boolean;
  /** the citation of that transfer (departure code when it is not made) */
  judicialTransferCitation?: string;
  /** the engine gave this person no usable recommendation (see NO_RANGE) */
  unranged?: boolean;
}

/**
 * The range of a subject the engine gave no usable recommendation for — no rules in force on the
 * conduct date, a conflict of rules, an evaluation that failed. Nothing is inside it: every choice
 * (a form, no accountability, a recovery) is decided with its written reason (domain.md §3, WC-9(3)).
 * Without it, a conduct date typed before the pack's 施行 made the recommendation vanish and any
 * sanction passed as no departure (found by a red-team walk).
 */
export const NO_RANGE: SubjectRange = { permitted: [], exemptionAllowed: false, compensation: null, judicialTransferRequired: false, unranged: true };

export interface DecisionItemForCheck {
  subjectPersonId: string;
  noAccountability: boolean;
  forms: string[];
  transferJudicial?: boolean;
  compensationFen?: number | undefined;
}

/**
 * The departure codes of one decision item against its subject's range: form citations outside
 * the range, 'NO_ACCOUNTABILITY', the transfer's citation (transfer not made), the recovery's
 * citation (recovery the engine did not recommend, or more than allowed, or an amount other
 * than the default share).
 */
export function departuresOf(item: Pick<DecisionItemForCheck, 'noAccountability' | 'forms' | 'compensationFen' | 'transferJudicial'>, range: SubjectRange | undefined): string[] {
  if (!range) return [];
  // FL-12: 构成犯罪的，移交司法机关 — a transfer the engine requires is not the decision body's to drop silently.
  const transfer = range.judicialTransferRequired && !item.transferJudicial ? [range.judicialTransferCitation ?? 'JUDICIAL_TRANSFER'] : [];
  if (item.noAccountability) return [...(range.exemptionAllowed ? [] : ['NO_ACCOUNTABILITY']), ...transfer];
  const out = [...item.forms.filter((f) => !range.permitted.includes(f)), ...transfer];
  // FL-13 limited by higher law (State Compensation Law art. 16): recovering from someone the
  // engine found it not recoverable from, or more than it found, or a split other than the
  // default (weighted by role and degree of fault) is a departure.
  const c = range.compensation;
  const fen = item.compensationFen ?? 0;
  if (fen > 0 && (!c || !c.recoverable || fen > c.upToFen || (c.defaultFen !== undefined && fen !== c.defaultFen))) out.push(c?.citation ?? RECOVERY);
  return out;
}

export interface ReferralRecord {
  body: ReferralBody;
  /** made: the date and the document (letter no.) */
  madeOn?: string | undefined;
  documentRef?: string | undefined;
  /** not made: why (recorded) */
  waivedReason?: string | undefined;
}

/** A referral duty of the recommendation (WC-9(3), FL-12) for one subject. */
export interface ReferralDuty {
  subjectPersonId: string;
  body: ReferralBody;
  ruleIds: string[];
}

export interface CheckSubject {
  subjectId: string;
  responsibility: ResponsibilityLevel;
  range: SubjectRange | undefined;
  referrals: ReferralDuty[];
  /** the citations of state-compensation recovery in this recommendation (e.g. the measure and the higher law) */
  recoveryCitations?: string[];
}

export interface CheckItem extends DecisionItemForCheck {
  departureReason?: string | undefined;
  /** FL-13 split given as a percentage of the amount paid (converted to fen) */
  compensationPercent?: number | undefined;
  referrals?: ReferralRecord[] | undefined;
}

export interface Refusal {
  code: 'RECOVERY_EXCEEDS_PAID' | 'PERCENT_EXCEEDS_100' | 'REFERRAL_NOT_RECORDED';
  subjectPersonId: string | null;
  citation: string;
  zh: string;
  en: string;
  details: Record<string, unknown>;
}

export interface DecisionCheck {
  /** per item (input order): the amount to recover in fen (percentages converted) and its departures */
  items: { subjectPersonId: string; compensationFen: number | undefined; departures: string[] }[];
  refusals: Refusal[];
  totalRecoveryFen: number;
}

/** Departure code of a recovery when the recommendation gives no citation (old receipts). */
const RECOVERY = 'COMPENSATION_RECOVERY';

const BODY_ZH: Record<ReferralBody, string> = { discipline_inspection: '纪检监察机关', supervision_commission: '监察委员会', judicial: '司法机关' };
const BODY_EN: Record<ReferralBody, string> = { discipline_inspection: 'the discipline inspection body', supervision_commission: 'the supervision commission', judicial: 'the judicial organs' };

const yuan = (fen: number): string => (fen / 100).toFixed(2);

/** Which subjects the stored recommendation (RecommendationSchema JSON) lists, with what the check needs. */
export function checkSubjectsFromOutput(output: unknown, rangeOf: (subjectId: string) => SubjectRange | undefined): CheckSubject[] {
  const o = output as {
    status?: string;
    subjects?: { subjectId: string; responsibility: ResponsibilityLevel; mandatory?: { kind: string; body?: ReferralBody; ruleIds: string[] }[]; compensation?: { ruleIds: string[] } | null }[];
  };
  if (o.status !== 'ok' && o.status !== 'conflict') return [];
  return (o.subjects ?? []).map((s) => ({
    subjectId: s.subjectId,
    responsibility: s.responsibility,
    range: rangeOf(s.subjectId),
    referrals: (s.mandatory ?? []).filter((m) => m.body).map((m) => ({ subjectPersonId: s.subjectId, body: m.body!, ruleIds: m.ruleIds })),
    recoveryCitations: s.compensation?.ruleIds ?? [],
  }));
}

/**
 * The decision checked as a whole against the recommendation: each item's departures, the
 * shares' order against responsibility, the total against the amount paid, the referrals.
 * `amountPaidFen`: the state compensation paid (null when none is in question).
 */
export function checkDecisionAgainstRecommendation(subjects: readonly CheckSubject[], items: readonly CheckItem[], amountPaidFen: number | null): DecisionCheck {
  const refusals: Refusal[] = [];
  const bySubject = new Map(subjects.map((s) => [s.subjectId, s]));
  const paid = amountPaidFen ?? 0;
  let percentTotal = 0;
  const resolved = items.map((it) => {
    let fen = it.compensationFen;
    if (it.compensationPercent !== undefined && !it.noAccountability) {
      percentTotal += it.compensationPercent;
      fen = Math.round((paid * it.compensationPercent) / 100);
    }
    return { it, fen: it.noAccountability ? undefined : fen };
  });
  const recoveryIds = subjects.map((s) => s.recoveryCitations).find((c) => c && c.length > 0) ?? [];
  const recoveryCitation = recoveryIds[0] ?? RECOVERY;
  const cited = recoveryIds.length ? `（${recoveryIds.join('、')}）` : '';
  const citedEn = recoveryIds.length ? ` (${recoveryIds.join(', ')})` : '';
  if (percentTotal > 100) {
    refusals.push({
      code: 'PERCENT_EXCEEDS_100',
      subjectPersonId: null,
      citation: recoveryCitation,
      zh: `国家赔偿费用分担比例合计 ${percentTotal}% 超过 100%：只能承担部分或全部赔偿费用${cited}`,
      en: `the compensation shares add up to ${percentTotal}%, above 100%: part or all of the compensation only${citedEn}`,
      details: { percentTotal, citations: recoveryIds },
    });
  }
  const total = resolved.reduce((t, r) => t + (r.fen ?? 0), 0);
  if (total > 0 && total > paid) {
    refusals.push({
      code: 'RECOVERY_EXCEEDS_PAID',
      subjectPersonId: null,
      citation: recoveryCitation,
      zh: `追偿合计 ${yuan(total)} 元超过已支付的国家赔偿 ${yuan(paid)} 元：只能责成承担部分或全部赔偿费用，不得超出${cited}`,
      en: `the recoveries total ¥${yuan(total)}, above the ¥${yuan(paid)} of state compensation paid: part or all of it may be recovered, never more${citedEn}`,
      details: { totalFen: total, paidFen: paid, citations: recoveryIds },
    });
  }
  const out = resolved.map(({ it, fen }) => {
    const s = bySubject.get(it.subjectPersonId);
    const departures = departuresOf({ ...it, compensationFen: fen }, s?.range ?? NO_RANGE);
    // Shares consistent with responsibility: nobody recovers more than someone held more responsible.
    // (With a default share on record any other amount is already a departure; this covers
    // receipts without one.)
    const code = s?.range?.compensation?.citation ?? recoveryCitation;
    if (fen && fen > 0 && s && !departures.includes(code) && s.range?.compensation?.defaultFen === undefined) {
      const rank = RESPONSIBILITY_RANK[s.responsibility];
      const outOfOrder = resolved.some((o) => {
        const other = bySubject.get(o.it.subjectPersonId);
        return other?.range?.compensation?.recoverable === true && RESPONSIBILITY_RANK[other.responsibility] > rank && (o.fen ?? 0) < fen;
      });
      if (outOfOrder) departures.push(code);
    }
    return { subjectPersonId: it.subjectPersonId, compensationFen: fen, departures };
  });
  // WC-9(3) / FL-12 referrals: each recorded as made (with a document) or waived with a reason.
  for (const s of subjects) {
    const it = items.find((i) => i.subjectPersonId === s.subjectId);
    for (const d of s.referrals) {
      const r = it?.referrals?.find((x) => x.body === d.body);
      const made = Boolean(r?.documentRef?.trim());
      const waived = Boolean(r?.waivedReason?.trim());
      if (made || waived) continue;
      refusals.push({
        code: 'REFERRAL_NOT_RECORDED',
        subjectPersonId: s.subjectId,
        citation: d.ruleIds[0] ?? '',
        zh: `须登记向${BODY_ZH[d.body]}的报告/移送（文书编号），或说明不报告的理由（${d.ruleIds.join('、')}）`,
        en: `record the referral to ${BODY_EN[d.body]} (with its document number), or the reason it is not made (${d.ruleIds.join(', ')})`,
        details: { body: d.body, ruleIds: d.ruleIds },
      });
    }
  }
  return { items: out, refusals, totalRecoveryFen: total };
}

/** One person's part of a decision, as two decisions about that person are compared. */
export interface ComparableItem {
  noAccountability: boolean;
  forms: readonly string[];
  compensationFen?: number | null | undefined;
}

/**
 * Whether `next` is heavier for the person than `prev` (WC-11 read with the higher law the pack
 * names: a change on the person's own defence or appeal is never heavier). Forms weigh by the
 * pack's `formRungs`; each decision's rungs, heaviest first, are compared in turn (a heavier form,
 * or the same forms and one more, is heavier); being held accountable at all is heavier than not;
 * a larger recovery of state compensation is heavier. Forms the pack gives no rung (consequences
 * that follow by law) do not weigh. Returns the reason codes, empty when not heavier.
 */
export function heavierOnChange(prev: ComparableItem, next: ComparableItem, formRungs: Readonly<Record<string, number>>): ('ACCOUNTABLE' | 'FORMS' | 'COMPENSATION')[] {
  const out: ('ACCOUNTABLE' | 'FORMS' | 'COMPENSATION')[] = [];
  const rungs = (it: ComparableItem): number[] =>
    it.noAccountability
      ? []
      : it.forms
          .map((f) => formRungs[f])
          .filter((r): r is number => typeof r === 'number')
          .sort((a, b) => b - a);
  if (prev.noAccountability && !next.noAccountability && next.forms.length) out.push('ACCOUNTABLE');
  const a = rungs(prev);
  const b = rungs(next);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (y !== x) {
      if (y > x) out.push('FORMS');
      break;
    }
  }
  if ((next.noAccountability ? 0 : (next.compensationFen ?? 0)) > (prev.noAccountability ? 0 : (prev.compensationFen ?? 0))) out.push('COMPENSATION');
  return [...new Set(out)];
}
