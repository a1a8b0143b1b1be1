// FL-10: heavier treatment (应从重) — mandatory, but only when its precondition holds: the
// consequences are serious or the influence bad, and the conduct is not a crime (虽未构成犯罪).
// FL-10(6) "repeated violations" is derived from the subject's decided cases, never typed in.
import { minusYears } from '../../dates';
import type { Bilingual, RepeatViolationParameter, RuleModule } from '../../types';
import { seriousOrBadInfluence, shortOfCrime } from './facts';
import { NO_DOUBLE_COUNT } from './priorities';
import { rule, why } from './provision';
import { memo2, memo3 } from '../../memo';
import { idBits, plus } from '../../lists';

// 十、执法过错造成的后果严重或影响恶劣，虽未构成犯罪，但有下列情形之一的，应从重处理。
export const FL_10 = rule(
  'FL-10',
  '执法过错造成的后果严重或影响恶劣，虽未构成犯罪，但有下列情形之一的，应从重处理。',
  'Where the fault had serious consequences or bad influence, though not a crime, and any of the following applies, the treatment shall be heavier.',
);
// （一）坚持错误拒不改正；
export const FL_10_1 = rule('FL-10(1)', '坚持错误拒不改正；', 'persisting in the error and refusing to correct it;');
// （二）对查处、纠正执法过错设置障碍，篡改有关原始材料或拒不提供有关材料和证据；
export const FL_10_2 = rule(
  'FL-10(2)',
  '对查处、纠正执法过错设置障碍，篡改有关原始材料或拒不提供有关材料和证据；',
  'obstructing the investigation or correction of the fault, altering original materials, or refusing to provide materials and evidence;',
);
// （三）对举报人或申请复议、提起诉讼的单位和个人打击报复；
export const FL_10_3 = rule(
  'FL-10(3)',
  '对举报人或申请复议、提起诉讼的单位和个人打击报复；',
  'retaliating against reporters or against those who applied for reconsideration or sued;',
);
// （四）履行行政公务中有索贿、受贿行为；
export const FL_10_4 = rule('FL-10(4)', '履行行政公务中有索贿、受贿行为；', 'soliciting or accepting bribes in official duties;');
// （五）包庇纵容违法行为；
export const FL_10_5 = rule('FL-10(5)', '包庇纵容违法行为；', 'shielding or conniving at violations;');
// （六）多次发生违法违规行为；
export const FL_10_6 = rule('FL-10(6)', '多次发生违法违规行为；', 'repeated violations;');
// （七）其他应当从重追究的行为。
export const FL_10_7 = rule('FL-10(7)', '其他应当从重追究的行为。', 'other conduct that should be pursued more heavily.');

const ITEMS = [FL_10_1, FL_10_2, FL_10_3, FL_10_4, FL_10_5, FL_10_6, FL_10_7];

const FIRED: Readonly<Record<string, Bilingual>> = {
  'FL-10(1)': why('后果严重或影响恶劣，且坚持错误拒不改正：应从重处理。', 'Serious consequences or bad influence, and persisted in the error: heavier.'),
  'FL-10(2)': why(
    '后果严重或影响恶劣，且阻碍查处纠正、篡改原始材料或拒不提供证据：应从重处理。',
    'Serious consequences or bad influence, and obstructed the investigation or altered materials: heavier.',
  ),
  'FL-10(3)': why('后果严重或影响恶劣，且打击报复举报人或复议、诉讼当事人：应从重处理。', 'Serious consequences or bad influence, and retaliation: heavier.'),
  'FL-10(4)': why('后果严重或影响恶劣，且有索贿受贿行为：应从重处理。', 'Serious consequences or bad influence, and bribery: heavier.'),
  'FL-10(5)': why('后果严重或影响恶劣，且包庇纵容违法行为：应从重处理。', 'Serious consequences or bad influence, and shielding violations: heavier.'),
  'FL-10(6)': why('后果严重或影响恶劣，且多次发生违法违规行为：应从重处理。', 'Serious consequences or bad influence, and repeated violations: heavier.'),
  'FL-10(7)': why('后果严重或影响恶劣，且有其他应当从重追究的行为：应从重处理。', 'Serious consequences or bad influence, and other conduct to be pursued heavily: heavier.'),
};
const NOT_SERIOUS = why(
  'FL-10 以“后果严重或影响恶劣”为前提，案件事实未认定，本项不适用（情节仍记录在案）。',
  'FL-10 requires serious consequences or bad influence, which are not found: the item does not apply (the circumstance stays on record).',
);
const CRIME = why(
  'FL-10 以“虽未构成犯罪”为前提，此人涉嫌犯罪，本项不适用；移送司法机关（FL-12），司法机关认定后再行评估。',
  'FL-10 applies only short of a crime; this person is suspected of a crime, so it does not apply — transfer under FL-12 and re-evaluate after the judicial outcome.',
);

/**
 * FL-10(6) threshold (parameter `repeatViolation`): at least `minPriorCases` decided prior cases
 * that held the person accountable, for conduct within `lookbackYears` before the present
 * conduct date (the prior conduct date, or the decision date when the conduct date is missing).
 */
/** The strictest reading of "多次" compared against the parameter (for the policy label only). */
const STRICT_PRIOR_CASES = 2;

const COUNT_IDS = Object.freeze(['FL-10(6)']) as string[];
/** The count-threshold label's texts, built once per threshold and count. */
const countTexts = memo2((min: number, n: number): { policy: Bilingual; textOnly: Bilingual } => ({
  policy: {
    zh: `“多次”按参数读作本次之前至少 ${min} 件已决案件：此人有 ${n} 件，认定 FL-10(6)。`,
    en: `"Repeated" read, by the parameter, as at least ${min} earlier decided case(s): this person has ${n}, FL-10(6) derived.`,
  },
  textOnly: {
    zh: `条文未规定次数；若读作本次之前至少 ${STRICT_PRIOR_CASES} 件（三次及以上），此人 ${n} 件，不认定 FL-10(6)。`,
    en: `The text sets no number; read as at least ${STRICT_PRIOR_CASES} earlier cases (three occasions or more), this person's ${n} would not count: FL-10(6) not derived.`,
  },
}));

/** The derived line's text, built once per look-back, count and case references. */
const derivedText = memo3(
  (years: number, n: number, refs: string): Bilingual => ({
    zh: `此人在本次行为前 ${years} 年内已有 ${n} 件已决并被追究的案件（${refs}），认定“多次发生违法违规行为”。`,
    en: `This person has ${n} decided case(s) holding them accountable within ${years} years before this conduct (${refs}): "repeated violations".`,
  }),
);

/** The start of the look-back period (the last one computed is kept: cases come one date at a time). */
let lastSince = { date: '', years: -1, since: '' };
function lookbackStart(date: string, years: number): string {
  if (lastSince.date !== date || lastSince.years !== years) lastSince = { date, years, since: minusYears(date, years) };
  return lastSince.since;
}

export const fl10Repeat: RuleModule = {
  name: 'fl-10-repeat',
  implements: ['FL-10(6)'],
  phase: 'derive',
  run(ctx) {
    const p = ctx.param<RepeatViolationParameter>('repeatViolation');
    const since = lookbackStart(ctx.conductDate, p.lookbackYears);
    for (let i1_ = 0, a1_ = ctx.subjects; i1_ < a1_.length; i1_++) {
      const s = a1_[i1_]!;
      const priors = s.p.priorCases;
      if (!priors || priors.length === 0) continue;
      let n = 0;
      let nText = 0;
      let refs = '';
      for (let i2_ = 0, a2_ = priors; i2_ < a2_.length; i2_++) {
        const c = a2_[i2_]!;
        const when = c.conductDate ?? c.decidedOn;
        if (c.heldAccountable && when < ctx.conductDate) nText++;
        if (c.heldAccountable && when >= since && when < ctx.conductDate) {
          n++;
          refs += refs ? `、${c.ref}` : c.ref;
        }
      }
      // The look-back is a policy reading (the text sets no period): where it changes the result,
      // say so, with the text-only result beside it.
      if (n < p.minPriorCases && nText >= p.minPriorCases) {
        const w = {
          zh: `【政策参数】回溯期 ${p.lookbackYears} 年（参数 repeatViolation，参照行政处罚法第三十六条）排除了更早的已决案件，不认定 FL-10(6)；仅依条文（“多次”不设期限）则有 ${nText} 件，应认定 FL-10(6)。`,
          en: `[Policy parameter] The ${p.lookbackYears}-year look-back (parameter repeatViolation, by analogy with APL art. 36) leaves out earlier decided cases, so FL-10(6) is not derived; by the text alone ("repeated", no period) there are ${nText}, and FL-10(6) would apply.`,
        };
        ctx.trace(FL_10_6, 'info', s.id, w);
        ctx.warn('human_judgement', s.id, ['FL-10(6)', 'APL-36'], w, 'note');
        ctx.policy({
          parameter: 'repeatViolation.lookbackYears',
          subjectId: s.id,
          ruleIds: ['FL-10(6)', 'APL-36'],
          policy: { zh: `回溯期 ${p.lookbackYears} 年内已决案件 ${n} 件：不认定 FL-10(6)（多次）。`, en: `${n} decided case(s) within the ${p.lookbackYears}-year look-back: FL-10(6) (repeated) not derived.` },
          textOnly: { zh: `仅依条文（“多次”不设期限）：已决案件 ${nText} 件，认定 FL-10(6)。`, en: `By the text alone ("repeated", no period): ${nText} decided case(s), FL-10(6) derived.` },
        });
      }
      // The count is a reading too: "多次" (more than once) read as at least minPriorCases earlier
      // decided case(s) with the present conduct. Under the strictest reading of the word (at
      // least two earlier cases, three occasions in all) fewer would not count: labelled.
      if (n >= p.minPriorCases && n < STRICT_PRIOR_CASES) {
        const t = countTexts(p.minPriorCases, n);
        ctx.policy({ parameter: 'repeatViolation.minPriorCases', subjectId: s.id, ruleIds: COUNT_IDS, policy: t.policy, textOnly: t.textOnly });
      }
      if (n >= p.minPriorCases) {
        s.circumstances = plus(s.circumstances, 'FL-10(6)');
        s.derived = plus(s.derived, 'FL-10(6)');
        ctx.trace(FL_10_6, 'derived', s.id, derivedText(p.lookbackYears, n, refs));
      }
    }
  },
};

/** The no-double-count entry for a circumstance already counted as one of the person's faults. */
function doubleCount(id: string, faults: readonly string[]): (typeof NO_DOUBLE_COUNT)[number] | undefined {
  for (let i = 0; i < NO_DOUBLE_COUNT.length; i++) {
    const d = NO_DOUBLE_COUNT[i]!;
    if (d.circumstance === id && faults.includes(d.fault)) return d;
  }
  return undefined;
}

/** ITEMS' bits and fired texts, built at load: a walk of the person's (one or two) circumstances, not an includes() per item. */
const presentItems = idBits(ITEMS.map((item) => item.id));
const FIRED_TEXT: readonly (Bilingual | undefined)[] = ITEMS.map((item) => FIRED[item.id]);

export const fl10Heavier: RuleModule = {
  name: 'fl-10-heavier',
  implements: ['FL-10', 'FL-10(1)', 'FL-10(2)', 'FL-10(3)', 'FL-10(4)', 'FL-10(5)', 'FL-10(7)'],
  phase: 'assess',
  run(ctx) {
    const serious = seriousOrBadInfluence(ctx);
    for (let i3_ = 0, a3_ = ctx.subjects; i3_ < a3_.length; i3_++) {
      const s = a3_[i3_]!;
      const cs = s.circumstances;
      if (cs.length === 0) continue;
      // The items among the person's circumstances (a bit per item), in the order of ITEMS.
      const present = presentItems(cs);
      if (present === 0) continue;
      for (let i4_ = 0, a4_ = ITEMS; i4_ < a4_.length; i4_++) {
        if ((present & (1 << i4_)) === 0) continue;
        const item = a4_[i4_]!;
        const id = item.id;
        const same = doubleCount(id, s.faults);
        if (same) {
          ctx.trace(item, 'overridden', s.id, same.why);
          ctx.warn('human_judgement', s.id, [id, same.fault], same.why, 'note');
          continue;
        }
        if (!serious) {
          // Every unmet condition is listed: short of serious consequences, and (if so) a crime suspected.
          const both = !shortOfCrime(s) ? { zh: `（1）${NOT_SERIOUS.zh}（2）${CRIME.zh}`, en: `(1) ${NOT_SERIOUS.en} (2) ${CRIME.en}` } : NOT_SERIOUS;
          ctx.trace(item, 'not_applied', s.id, both);
          ctx.warn('precondition_not_met', s.id, [id], both);
        } else if (!shortOfCrime(s)) {
          ctx.trace(item, 'not_applied', s.id, CRIME);
        } else {
          ctx.effect(s, 'heavier', id);
          ctx.trace(item, 'fired', s.id, FIRED_TEXT[i4_]!);
        }
      }
    }
  },
};

export const provisions = [FL_10, FL_10_1, FL_10_2, FL_10_3, FL_10_4, FL_10_5, FL_10_6, FL_10_7];
