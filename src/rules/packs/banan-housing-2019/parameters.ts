// Dated parameters of the pack (OpenFisca style): each value applies from its date, carries
// its legal reference, and says why. Rule code reads them with ctx.param(name), never
// `if (date >= …)`. A change (e.g. a new reading of "2日") is a new dated entry here.
import type {
  DatedParameter,
  DeadlineParameters,
  RangeTable,
  RepeatViolationParameter,
  ResponsibilityLevel,
  RuleModule,
} from '../../types';
import { why } from './provision';
import { IMPARTIALITY_PARAMETERS } from './impartiality';
import { meetingQuorum } from './meeting-parameters';

const FROM = '2019-11-25';

/**
 * Deadlines the case workflow tracks.
 * - WC-9(1) "受理后2日内转送": the measure does not say whether 日 are working days. The
 *   Administrative Penalty Law (2021) art. 85 reads its own 二日/三日/五日/七日 as working days
 *   excluding statutory holidays; by analogy, and as the product decision of the Commission
 *   (docs/domain.md §2), 2 working days, counted from the day after acceptance.
 * - FL-16 "自调查之日起 60 天内": calendar days (天, a long period, no working-day reading in
 *   the source or in higher law), counted from the start of the investigation.
 */
export const deadlines: DatedParameter<DeadlineParameters> = {
  id: 'deadlines',
  title: why('办理期限', 'Deadlines'),
  values: [
    {
      from: FROM,
      value: {
        transferDays: 2,
        transferDayKind: 'working',
        transferFrom: 'acceptance',
        transferCitations: ['WC-9(1)', 'APL-85'],
        handlingDays: 60,
        handlingDayKind: 'calendar',
        handlingFrom: 'investigation_start',
        handlingCitations: ['FL-16'],
        lastDayOnHoliday: {
          transfer: 'keep',
          handling: 'keep',
          citations: ['FL-16', 'CC-203'],
          note: why(
            '期间最后一日为节假日时不顺延：转送期限按工作日计，最后一日本身即为工作日；FL-16 的 60 天是委内部的处理完毕期限，不是民事期间，民法典第二百零三条（最后一日为法定休假日的顺延至休假日结束次日）不当然适用，按原日期掌握，使调查组在节前完成。管理员可在设置中改为顺延，系统将其标注为政策设置。',
            "The last day is not moved off a holiday: the transfer period counts working days, so its last day is one; FL-16's 60 days are the Commission's internal completion period, not a civil-law period, so Civil Code art. 203 (a last day on a statutory holiday moves to the day after the holiday) does not apply of itself — the date stands and the team finishes before the holiday. An administrator may set roll-forward in the settings; that is labelled a policy setting.",
          ),
        },
      },
      citations: ['WC-9(1)', 'APL-85', 'FL-16'],
      note: why(
        '转送期限“2日”参照行政处罚法第八十五条按工作日计（不含法定节假日）；办理期限“60天”按自然日计，自调查之日起算。',
        'The 2-day transfer counts working days by analogy with APL art. 85 (statutory holidays excluded); the 60-day handling period counts calendar days from the start of the investigation.',
      ),
    },
  ],
};

/**
 * The range table: for each band (severity) and treatment, the permitted rungs of the ladder
 * (forms-ladder.ts: 0 exemption, 1 批评教育 … 8 纪律处分/行政处分, 9 移送司法机关) and the
 * provision the cell implements.
 *
 * ordinary — no serious consequences, no bad influence (WC-4(3) 责罚相当):
 *   lighter_or_exempt [0..3] WC-7: exemption, or the lightest forms (WC-10(1)(2), 批评教育).
 *   lighter          [1..3] FL-9: exactly its forms — 批评教育、责令检查、通报批评.
 *   normal           [1..6] FL-6(1)–(3), WC-10(1)–(4): up to suspension; removal from post and
 *                           formal sanctions are kept for serious cases or heavier treatment.
 *   heavier          [3..7] WC-8 (FL-10 needs serious consequences, so only WC-8 reaches here):
 *                           the light talk and private check drop out; removal becomes available.
 * serious — serious consequences or bad influence, short of a crime (FL-11 应给以):
 *   lighter_or_exempt [0..6] WC-7: the wrong-case measure's own exemption survives here — the
 *                           items that can still hold with serious consequences ((1) unclear law,
 *                           (2) new evidence after service, (3) no fault, (6) the party's fraud or
 *                           force majeure) put the cause outside the officer; WC-7 is the specific
 *                           rule for wrong cases. Not exempted → at most suspension.
 *   lighter          [5..6] FL-11 is mandatory (应), FL-9 discretionary (可): lighter means the
 *                           lightest FL-11 forms, not FL-9's.
 *   normal           [5..7] FL-11's named forms: 年度不予考核、延期晋职晋级 … 调离执法岗位
 *                           ("等" read as closing the list of kinds); suspension lies between.
 *   heavier          [5..8] FL-10 / WC-8 (应从重): adds the formal sanction (纪律处分/行政处分).
 * criminal — this person's conduct is suspected to be a crime (FL-12):
 *   every treatment  [8..9] transfer is mandatory (FL-12); a formal sanction goes with it.
 *                           Mitigation does not lower it and "as appropriate" does not widen it.
 *
 * Each column is monotone (lighter_or_exempt ≤ lighter ≤ normal ≤ heavier on both bounds), so
 * an aggravating circumstance never lowers a range and a mitigating one never raises it.
 * A subject held only "as appropriate" (酌情, FL-8(2)) has the lower bound widened to 1.
 */
export const formRanges: DatedParameter<RangeTable> = {
  id: 'formRanges',
  title: why('处理方式幅度表', 'Range table of forms'),
  values: [
    {
      from: FROM,
      value: {
        ordinary: {
          cells: {
            lighter_or_exempt: { lo: 0, hi: 3, citation: 'WC-7' },
            lighter: { lo: 1, hi: 3, citation: 'FL-9' },
            normal: { lo: 1, hi: 6, citation: 'WC-4(3)' },
            heavier: { lo: 3, hi: 7, citation: 'WC-8' },
          },
          asAppropriateLo: 1,
        },
        serious: {
          cells: {
            lighter_or_exempt: { lo: 0, hi: 6, citation: 'WC-7' },
            lighter: { lo: 5, hi: 6, citation: 'FL-11' },
            normal: { lo: 5, hi: 7, citation: 'FL-11' },
            heavier: { lo: 5, hi: 8, citation: 'FL-11' },
          },
          asAppropriateLo: 1,
        },
        criminal: {
          cells: {
            lighter_or_exempt: { lo: 8, hi: 9, citation: 'FL-12' },
            lighter: { lo: 8, hi: 9, citation: 'FL-12' },
            normal: { lo: 8, hi: 9, citation: 'FL-12' },
            heavier: { lo: 8, hi: 9, citation: 'FL-12' },
          },
          asAppropriateLo: null,
        },
      },
      citations: ['FL-6', 'WC-10', 'FL-9', 'FL-11', 'FL-12', 'WC-7', 'WC-8', 'WC-4(3)'],
      note: why(
        '幅度表的理由见 docs/rules.md「处理方式阶梯与幅度」。',
        'The reasoning is in docs/rules.md, "The ladder and the range table".',
      ),
    },
  ],
};

/**
 * FL-10(6) "多次发生违法违规行为": the source gives no number. 多次 = more than once, so one
 * earlier decided case that held the person accountable, plus the present conduct, is enough.
 * Only earlier conduct within 2 years counts: by analogy with APL art. 36 (a violation not
 * found within two years is no longer penalised), older conduct should not aggravate either.
 * A policy choice of the legal-affairs section, adjustable here by a new dated entry.
 */
export const repeatViolation: DatedParameter<RepeatViolationParameter> = {
  id: 'repeatViolation',
  title: why('“多次发生违法违规行为”的认定标准', 'Threshold for "repeated violations"'),
  values: [
    {
      from: FROM,
      value: { minPriorCases: 1, lookbackYears: 2 },
      citations: ['FL-10(6)', 'APL-36'],
      note: why(
        '本次行为前 2 年内至少 1 件已决并被追究的案件（连同本次即为“多次”）；2 年参照行政处罚法第三十六条的追责时效。',
        'At least 1 decided case holding the person accountable for conduct within the 2 years before (with the present one: "repeated"); 2 years by analogy with APL art. 36.',
      ),
    },
  ],
};

/**
 * FL-13 "依据赔偿数额和过错人责任大小": indicative shares by degree of responsibility. The share
 * of a person from whom recovery is not allowed (mere negligence, SCL-16) stays with the state;
 * it is never shifted onto the others.
 */
export const compensationWeights: DatedParameter<Readonly<Record<Exclude<ResponsibilityLevel, 'none'>, number>>> = {
  id: 'compensationWeights',
  title: why('国家赔偿分担的责任权重', 'Responsibility weights for compensation shares'),
  values: [
    {
      from: FROM,
      value: { primary: 3, accountable: 2, as_appropriate: 1 },
      citations: ['FL-13'],
      note: why('主要责任 3、追究责任 2、酌情追究 1。', 'Primary 3, accountable 2, as appropriate 1.'),
    },
  ],
};

/**
 * FL-13 "过错人责任大小" is both the role (FL-8 level, above) and the degree of fault: the default
 * share's weight is the role weight times this fault weight. Only intent and gross negligence
 * can be recovered from (SCL-16); the weight of a merely negligent or undetermined person still
 * counts in the split, and their share stays with the state.
 */
export const compensationFaultWeights: DatedParameter<Readonly<Record<'intent' | 'gross_negligence' | 'negligence' | 'undetermined', number>>> = {
  id: 'compensationFaultWeights',
  title: why('国家赔偿分担的过错程度权重', 'Degree-of-fault weights for compensation shares'),
  values: [
    {
      from: FROM,
      value: { intent: 3, gross_negligence: 2, negligence: 1, undetermined: 1 },
      citations: ['FL-13', 'SCL-16'],
      note: why(
        '故意 3、重大过失 2、一般过失（及未认定）1；参考份额 = 责任权重 × 过错权重，按比例分配赔偿数额。一般过失者的份额不向他人转移，由国家承担（国家赔偿法第十六条）。',
        "Intent 3, gross negligence 2, negligence (or undetermined) 1; default share = role weight × fault weight, pro rata of the amount paid. A merely negligent person's share is not shifted to others: the state bears it (SCL-16).",
      ),
    },
  ],
};

/**
 * WC-11 陈述和申辩: the measure gives the subject the right but no period. The subject is given
 * 5 working days from service of the decision to state a defence, by analogy with the
 * Administrative Penalty Law (2021) art. 64(1) (听证 to be requested within 5 days of being told)
 * read with art. 85 (days are working days). After it the commission may execute; a later
 * defence is still recorded and reviewed. A policy choice, adjustable by a new dated entry.
 */
export const defencePeriod: DatedParameter<{ days: number; dayKind: 'working' | 'calendar' }> = {
  id: 'defencePeriod',
  title: why('陈述申辩期限', 'Period to state a defence'),
  values: [
    {
      from: FROM,
      value: { days: 5, dayKind: 'working' },
      citations: ['WC-11', 'APL-64', 'APL-85'],
      note: why(
        '第十一条未规定期限；参照行政处罚法第六十四条（告知后五日内提出听证）及第八十五条（工作日），自处理决定送达之日起 5 个工作日。',
        'WC-11 sets no period; by analogy with APL art. 64 (a hearing requested within 5 days) and art. 85 (working days): 5 working days from service of the decision.',
      ),
    },
  ],
};

export const PARAMETERS = { deadlines, formRanges, repeatViolation, compensationWeights, compensationFaultWeights, meetingQuorum, defencePeriod, ...IMPARTIALITY_PARAMETERS };

/** The range table's cells are how FL-9's and WC-7's effects (their chapeaux) are applied. */
export const rangeTable: RuleModule = { name: 'range-table', implements: ['FL-9', 'WC-7'], phase: 'assess' };
