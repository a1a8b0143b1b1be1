// FL-13 (state compensation borne by those at fault) and FL-14 (award bars), applied after
// the engine has resolved each subject's responsibility.
//
// Higher law: the State Compensation Law art. 16 (SCL-16) lets the compensating body recover
// only from staff with intent or gross negligence. FL-13 itself says nothing about the degree
// of fault, so applied to mere negligence it would exceed the higher law: the engine then
// warns, cites both, and does not recommend recovery from that person.
import { yearOf } from '../../dates';
import type { Bilingual, EvalContext, MandatoryConsequence, ResponsibilityLevel, RuleModule, SubjectState } from '../../types';
import { SCL_16 } from './higher-law';
import { rule, why } from './provision';
import { memo2 } from '../../memo';

// 十三、因执法过错导致国家赔偿的，依据赔偿数额和过错人责任大小，责成承担部分或全部赔偿费用。
export const FL_13 = rule(
  'FL-13',
  '因执法过错导致国家赔偿的，依据赔偿数额和过错人责任大小，责成承担部分或全部赔偿费用。',
  'Where a fault led to state compensation, the person at fault is ordered to bear part or all of it, according to the amount and the degree of their responsibility.',
);
// 十四、因执法过错受到追究的责任人当年不得评为先进个人，所在单位不得评为先进集体。
export const FL_14 = rule(
  'FL-14',
  '因执法过错受到追究的责任人当年不得评为先进个人，所在单位不得评为先进集体。',
  'A person held accountable for a fault may not be rated an advanced individual that year, nor their unit an advanced collective.',
);

type Weights = Readonly<Record<Exclude<ResponsibilityLevel, 'none'>, number>>;

const W = {
  recoverable: why(
    '导致国家赔偿，此人有故意或重大过失：可责成承担部分或全部赔偿费用，参考份额按责任大小计算。',
    'State compensation was paid and this person acted with intent or gross negligence: part or all may be recovered; the indicative share follows the degree of responsibility.',
  ),
  negligence: why(
    '此人仅为一般过失：国家赔偿法第十六条只允许向有故意或者重大过失的工作人员追偿，FL-13 不得超出上位法，不建议追偿。',
    'This person was only negligent: State Compensation Law art. 16 allows recovery only from staff with intent or gross negligence; FL-13 cannot go beyond it — recovery not recommended.',
  ),
  limit: why(
    '上位法限制：追偿以故意或者重大过失为限。',
    'Higher-law limit: recovery only for intent or gross negligence.',
  ),
  undetermined: why(
    '导致国家赔偿，但尚未认定此人是否有故意或重大过失；追偿须先作此认定（国家赔偿法第十六条）。',
    'State compensation was paid but intent or gross negligence has not been determined for this person; recovery requires that finding (State Compensation Law art. 16).',
  ),
  order: why(
    '责成承担部分或全部国家赔偿费用（参考份额与上限见赔偿分担）。',
    'Order to bear part or all of the state compensation (indicative share and ceiling under compensation).',
  ),
  sanction: why(
    '国家赔偿法第十六条第二句：对有故意或者重大过失的责任人员，有关机关应当依法给予处分（构成犯罪的依法追究刑事责任）。',
    'State Compensation Law art. 16, second sentence: staff with intent or gross negligence shall be sanctioned according to law (crimes prosecuted).',
  ),
  nobody: why('已支付国家赔偿，但没有任何人被认定承担责任，无从追偿。', 'State compensation was paid but nobody is held responsible: there is no one to recover from.'),
};

/** Largest-remainder split of `fen` by the first `n` weights: deterministic, sums exactly, ties to the earlier subject. */
export function split(fen: number, weights: readonly number[], total: number, n = weights.length): number[] {
  const out = new Array<number>(n);
  const frac = new Array<number>(n);
  let rest = fen;
  for (let i = 0; i < n; i++) {
    const raw = (fen * weights[i]!) / total;
    out[i] = Math.floor(raw);
    frac[i] = raw - out[i]!;
    rest -= out[i]!;
  }
  while (rest > 0) {
    let best = 0;
    for (let i = 1; i < n; i++) if (frac[i]! > frac[best]!) best = i;
    out[best]! += 1;
    frac[best] = -1;
    rest--;
  }
  return out;
}

type FaultWeights = Readonly<Record<'intent' | 'gross_negligence' | 'negligence' | 'undetermined', number>>;

const CULPABILITY_ZH: Readonly<Record<string, string>> = { intent: '故意', gross_negligence: '重大过失', negligence: '一般过失', undetermined: '未认定', none: '无过错' };

/** Why recovery is allowed (texts shared between results: built once per culpability and level). */
const recoverableReason = memo2(
  (c: string, level: string): Bilingual =>
    why(
      `认定${CULPABILITY_ZH[c]}：国家赔偿法第十六条允许追偿；参考份额按责任（${level}）与过错程度加权计算。`,
      `Found ${c.replace('_', ' ')}: SCL-16 allows recovery; the default share is weighted by responsibility (${level}) and degree of fault.`,
    ),
);

// Issue 10 point 12: the default share is a policy reading (weights); FL-13 fixes no share.
const SHARE_PARAMETER = 'compensationWeights × compensationFaultWeights';
const sharePolicy = memo2((share: number, _: 0): Bilingual => ({
  zh: `参考份额 ${(share / 100).toFixed(2)} 元（按责任与过错程度权重计算）。`,
  en: `Default share ¥${(share / 100).toFixed(2)} (by the responsibility and degree-of-fault weights).`,
}));
const shareTextOnly = memo2((fen: number, _: 0): Bilingual => ({
  zh: `仅依条文（FL-13 “部分或全部”，不定份额）：可责成承担至多 ${(fen / 100).toFixed(2)} 元，份额由决定机关依责任大小确定。`,
  en: `By the text alone (FL-13 "part or all", no share fixed): up to ¥${(fen / 100).toFixed(2)}, the share set by the deciding body by degree of responsibility.`,
}));

// The weights read by name (a keyed read with a varying key is a megamorphic load: issue 10).
function weightOf(w: Weights, level: keyof Weights): number {
  return level === 'accountable' ? w.accountable : level === 'primary' ? w.primary : w.as_appropriate;
}
function faultWeightOf(w: FaultWeights, c: keyof FaultWeights): number {
  return c === 'negligence' ? w.negligence : c === 'gross_negligence' ? w.gross_negligence : c === 'intent' ? w.intent : w.undetermined;
}

const LIABLE: SubjectState[] = [];
const WEIGHTS: number[] = [];

export const fl13Compensation: RuleModule = {
  name: 'fl-13-compensation',
  implements: ['FL-13'],
  phase: 'post',
  run(ctx: EvalContext) {
    const sc = ctx.facts.consequences.stateCompensation;
    if (!sc || !sc.paid || sc.amountYuan <= 0) return;
    const weights = ctx.param<Weights>('compensationWeights');
    const faultWeights = ctx.param<FaultWeights>('compensationFaultWeights');
    // The liable subjects and their weights: LIABLE[0..n), WEIGHTS[0..n) (buffers reused between cases).
    const liable = LIABLE;
    const ws = WEIGHTS;
    let nLiable = 0;
    let total = 0;
    for (let i1_ = 0, a1_ = ctx.subjects; i1_ < a1_.length; i1_++) {
      const s = a1_[i1_]!;
      if (s.responsibility === 'none') continue;
      const c = s.culpability ?? 'undetermined';
      // Default share: role (FL-8 level) × degree of fault (pack parameters, FL-13 过错人责任大小).
      const w = weightOf(weights, s.responsibility) * (c === 'none' ? 0 : faultWeightOf(faultWeights, c));
      liable[nLiable] = s;
      ws[nLiable] = w;
      nLiable++;
      total += w;
    }
    if (nLiable === 0 || total === 0) {
      ctx.warn('missing_data', null, ['FL-13'], W.nobody);
      return;
    }
    const fen = Math.round(sc.amountYuan * 100);
    const shares = split(fen, ws, total, nLiable);
    for (let i = 0; i < nLiable; i++) {
      const s = liable[i]!;
      const ratio = ws[i]! / total;
      const c = s.culpability ?? 'undetermined';
      if (c === 'intent' || c === 'gross_negligence') {
        const share = shares[i]!;
        s.compensation = {
          recoverable: true,
          shareRatio: ratio,
          indicativeAmountYuan: share / 100,
          upToYuan: fen / 100,
          ruleIds: RECOVERY_IDS,
          reason: recoverableReason(c, s.responsibility),
        };
        ctx.trace(FL_13, 'fired', s.id, W.recoverable);
        // The default share is a policy reading (weights, pack parameters); FL-13 fixes no share.
        if (nLiable > 1 && share !== fen) {
          ctx.policy({ parameter: SHARE_PARAMETER, subjectId: s.id, ruleIds: RECOVERY_IDS, policy: sharePolicy(share, 0), textOnly: shareTextOnly(fen, 0) });
        }
        // The amounts are in s.compensation (structured); the text stays constant.
        ctx.mandatory(s, RECOVERY_ORDER);
        // SCL-16, second sentence: 对有故意或者重大过失的责任人员，有关机关应当依法给予处分.
        ctx.trace(SCL_16, 'fired', s.id, W.sanction);
        ctx.mandatory(s, SANCTION);
        continue;
      }
      const reason = c === 'negligence' ? W.negligence : W.undetermined;
      s.compensation = { recoverable: false, shareRatio: ratio, indicativeAmountYuan: 0, upToYuan: 0, ruleIds: RECOVERY_IDS, reason };
      if (c === 'negligence') {
        ctx.trace(FL_13, 'not_applied', s.id, W.negligence);
        ctx.trace(SCL_16, 'fired', s.id, W.limit);
        ctx.warn('higher_law_limit', s.id, RECOVERY_IDS, W.negligence);
      } else {
        ctx.trace(FL_13, 'not_applied', s.id, W.undetermined);
        ctx.warn('human_judgement', s.id, RECOVERY_IDS, W.undetermined);
      }
    }
  },
};

// Shared by every result: frozen, so a consumer cannot change them for the next case.
const RECOVERY_IDS = Object.freeze(['FL-13', 'SCL-16']) as string[];
const FL14_IDS = Object.freeze(['FL-14']) as string[];
const SANCTION_IDS = Object.freeze(['SCL-16']) as string[];
/** The two consequences FL-13 / SCL-16 attach, the same for every person and case: shared, frozen. */
const RECOVERY_ORDER: MandatoryConsequence = Object.freeze({
  kind: 'compensation_recovery',
  ruleIds: RECOVERY_IDS,
  conditional: false,
  unitId: null,
  year: null,
  zh: W.order.zh,
  en: W.order.en,
});
const SANCTION: MandatoryConsequence = Object.freeze({
  kind: 'disciplinary_sanction',
  ruleIds: SANCTION_IDS,
  conditional: false,
  unitId: null,
  year: null,
  zh: W.sanction.zh,
  en: W.sanction.en,
});

interface YearTexts {
  readonly fired: Bilingual;
  /** [unconditional, conditional] */
  readonly person: readonly [Bilingual, Bilingual];
  /** Appended to the unit's name: [unconditional, conditional]. */
  readonly unit: readonly [Bilingual, Bilingual];
}
const yearTexts = new Map<number | null, YearTexts>();

/** The FL-14 texts for a decision year, built once per year. */
function textsFor(year: number | null): YearTexts {
  let t = yearTexts.get(year);
  if (t) return t;
  const zh = year !== null ? `当年（${year} 年）` : '当年（处理决定作出之年）';
  const en = year !== null ? `in ${year}` : 'in the year of the decision';
  const person = (c: boolean): Bilingual =>
    why(
      `${zh}不得评为先进个人${c ? '（如最终免于追究则不适用）' : ''}；WC-10(3) 取消当年评先资格的部分随之适用。`,
      `Not to be rated an advanced individual ${en}${c ? ' (unless finally exempted)' : ''}; the award part of WC-10(3) follows.`,
    );
  const unit = (c: boolean): Bilingual =>
    why(
      `：${zh}不得评为先进集体${c ? '（如本单位受追究人员最终均免于追究则不适用）' : ''}。`,
      `: not to be rated an advanced collective ${en}${c ? ' (unless all its persons held accountable are finally exempted)' : ''}.`,
    );
  t = {
    fired: why(`受到追究的责任人${zh}不得评为先进个人。`, `A person held accountable is not rated an advanced individual ${en}.`),
    person: [person(false), person(true)],
    unit: [unit(false), unit(true)],
  };
  yearTexts.set(year, t);
  return t;
}

// The decision year's texts of the last case (cases come one decision date at a time), and
// the unit buffers of fl14Awards.
let lastDecisionDate: string | undefined = '';
let lastYear: number | null = null;
let lastTexts: YearTexts | null = null;
const UNIT_IDS: (string | null)[] = [];
const LABELS: string[] = [];
const CONDS: boolean[] = [];

export const fl14Awards: RuleModule = {
  name: 'fl-14-awards',
  implements: ['FL-14'],
  phase: 'post',
  run(ctx: EvalContext) {
    const d = ctx.facts.decisionDate;
    if (lastTexts === null || d !== lastDecisionDate) {
      lastDecisionDate = d;
      lastYear = d ? yearOf(d) : null;
      lastTexts = textsFor(lastYear);
    }
    const year = lastYear;
    const t = lastTexts!;
    // Units in order of first appearance, each conditional only if all its persons are
    // (reused buffers: unitIds[0..nUnits), labels, conds).
    const unitIds = UNIT_IDS;
    const labels = LABELS;
    const conds = CONDS;
    let nUnits = 0;
    for (let i2_ = 0, a2_ = ctx.subjects; i2_ < a2_.length; i2_++) {
      const s = a2_[i2_]!;
      if (s.responsibility === 'none') continue;
      // Conditional when the person may still be exempted (range reaches exemption) or the
      // recommendation is blocked by a conflict: FL-14 attaches to being held accountable.
      const conditional = s.conflict !== null || (s.range !== null && s.range.exemptionAvailable);
      const m = t.person[conditional ? 1 : 0];
      const unitId = s.unitId;
      ctx.mandatory(s, { kind: 'award_bar_person', ruleIds: FL14_IDS, conditional, unitId, year, zh: m.zh, en: m.en });
      ctx.trace(FL_14, 'fired', s.id, t.fired);
      let k = -1;
      if (unitId !== null) for (let j = 0; j < nUnits; j++) if (unitIds[j] === unitId) { k = j; break; }
      if (k >= 0) {
        conds[k] = conds[k]! && conditional;
      } else {
        unitIds[nUnits] = unitId;
        labels[nUnits] = s.p.unitName ?? s.p.unitId ?? `${s.p.name}所在单位`;
        conds[nUnits] = conditional;
        nUnits++;
      }
    }
    for (let k = 0; k < nUnits; k++) {
      const c = conds[k]!;
      const m = t.unit[c ? 1 : 0];
      ctx.mandatory(null, {
        kind: 'award_bar_unit',
        ruleIds: FL14_IDS,
        conditional: c,
        unitId: unitIds[k]!,
        year,
        zh: labels[k] + m.zh,
        en: labels[k] + m.en,
      });
    }
  },
};

export const provisions = [FL_13, FL_14];
