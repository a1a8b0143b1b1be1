// WC-7 (may be lighter or exempt) and WC-8 (shall be heavier) — the wrong-case measure's own
// circumstances, applied only when the wrong-case measure applies (WC-2, WC-5).
import type { Bilingual, RuleModule } from '../../types';
import { adverseConsequences, seriousOrBadInfluence } from './facts';
import { rule, why } from './provision';
import { idBits, plus } from '../../lists';

// 七、有以下情形之一的，错案责任人员可以从轻或免于追究责任：
export const WC_7 = rule(
  'WC-7',
  '有以下情形之一的，错案责任人员可以从轻或免于追究责任：',
  'In any of the following cases the person responsible for a wrong case may be treated more lightly or exempted:',
);
// （一）法律、法规或规章规定不明确造成适用偏差的；
export const WC_7_1 = rule(
  'WC-7(1)',
  '法律、法规或规章规定不明确造成适用偏差的；',
  'the law, regulation or rule was unclear and caused a deviation in application;',
);
// （二）《行政处罚决定书》送达后出现新的证据，使原认定的案件事实或性质发生变化的；
export const WC_7_2 = rule(
  'WC-7(2)',
  '《行政处罚决定书》送达后出现新的证据，使原认定的案件事实或性质发生变化的；',
  'new evidence appeared after the penalty decision was served and changed the facts or nature found;',
);
// （三）因公民、法人或其他组织的过错或由于不可预见、不可避免、不可克服的原因造成错案且执法人员没有过错的；
export const WC_7_3 = rule(
  'WC-7(3)',
  '因公民、法人或其他组织的过错或由于不可预见、不可避免、不可克服的原因造成错案且执法人员没有过错的；',
  'the wrong case was caused by the fault of a citizen or organisation or by unforeseeable, unavoidable, insurmountable causes, and the officer was not at fault;',
);
// （四）违法行为显著轻微，经过批评教育后及时纠正的；
export const WC_7_4 = rule(
  'WC-7(4)',
  '违法行为显著轻微，经过批评教育后及时纠正的；',
  'the violation was very minor and corrected promptly after criticism and education;',
);
// （五）发现错误后主动及时纠正，未造成不良后果的；
export const WC_7_5 = rule(
  'WC-7(5)',
  '发现错误后主动及时纠正，未造成不良后果的；',
  'the error was corrected on the officer’s own initiative once found, without adverse consequences;',
);
// （六）因行政相对人弄虚作假、编造事实、提供虚假证明材料而导致发生错误或者因不可抗力导致执法错误的。
export const WC_7_6 = rule(
  'WC-7(6)',
  '因行政相对人弄虚作假、编造事实、提供虚假证明材料而导致发生错误或者因不可抗力导致执法错误的。',
  'the error was caused by the party’s fraud, invented facts or false documents, or by force majeure.',
);

// 八、执法人员坚持错误、放任危害后果发生或者阻碍调查人员履行职责的，应从重处理。
export const WC_8 = rule(
  'WC-8',
  '执法人员坚持错误、放任危害后果发生或者阻碍调查人员履行职责的，应从重处理。',
  'An officer who persists in the error, lets the harm happen or obstructs the investigators shall be treated more heavily.',
);

const ITEMS = [WC_7_1, WC_7_2, WC_7_3, WC_7_4, WC_7_5, WC_7_6];

const FIRED: Readonly<Record<string, Bilingual>> = {
  'WC-7(1)': why('规定不明确造成适用偏差：可以从轻或免于追究。', 'Unclear law caused the deviation: may be lighter or exempt.'),
  'WC-7(2)': why('决定书送达后出现新证据改变事实或性质：可以从轻或免于追究。', 'New evidence after service changed the facts: may be lighter or exempt.'),
  'WC-7(3)': why(
    '错案由相对人过错或不可抗拒的原因造成，执法人员没有过错：可以从轻或免于追究。',
    'The wrong case was caused by others or by irresistible causes, without the officer’s fault: may be lighter or exempt.',
  ),
  'WC-7(4)': why('违法行为显著轻微并经批评教育后及时纠正：可以从轻或免于追究。', 'Very minor and corrected after criticism: may be lighter or exempt.'),
  'WC-7(5)': why('发现错误后主动及时纠正且未造成不良后果：可以从轻或免于追究。', 'Corrected on own initiative without adverse consequences: may be lighter or exempt.'),
  'WC-7(6)': why('相对人弄虚作假或不可抗力导致错误：可以从轻或免于追究。', "The party's fraud or force majeure caused the error: may be lighter or exempt."),
};

const W = {
  outOfScope: why(
    '本案未适用错案问责规定（WC-2、WC-5），WC-7/WC-8 的情节不适用；可考虑 FL-9、FL-10 的相应情节。',
    'The wrong-case measure does not apply here (WC-2, WC-5), so WC-7/WC-8 do not; consider the corresponding FL-9 / FL-10 items.',
  ),
  notMinor: why(
    '该项以“显著轻微”为要件，但案件认定后果严重或影响恶劣，不成立。',
    'The item requires a very minor violation, but the consequences are serious or the influence bad: it does not hold.',
  ),
  hadAdverse: why(
    '该项以“未造成不良后果”为要件，但案件认定有不良后果，不成立。',
    'The item requires no adverse consequences, but adverse consequences are found: it does not hold.',
  ),
  noFaultButCulpable: why(
    'WC-7(3) 认定“执法人员没有过错”，而同时认定此人有故意或过失（FL-2 过错责任的要件）；两项认定不能同时成立，须人工判断。',
    'WC-7(3) finds the officer was not at fault, while intent or negligence (FL-2’s requirement) is also found for this person: both cannot hold — a person must decide.',
  ),
  derivedFromFl10: why(
    '已认定坚持错误或阻碍查处（FL-10(1)/(2)），同一行为即 WC-8 所称“坚持错误”“阻碍调查人员履行职责”。',
    'Persisting in the error or obstructing the investigation is found (FL-10(1)/(2)); the same conduct is what WC-8 names.',
  ),
  heavier: why('坚持错误、放任危害后果或阻碍调查：应从重处理。', 'Persisted in the error, let the harm happen or obstructed the investigation: heavier.'),
};

/** ITEMS' bits and fired texts, built at load: a walk of the person's (one or two) circumstances, not an includes() per item. */
const presentItems = idBits(ITEMS.map((item) => item.id));
const FIRED_TEXT: readonly (Bilingual | undefined)[] = ITEMS.map((item) => FIRED[item.id]);

export const wc07LighterOrExempt: RuleModule = {
  name: 'wc-07-lighter-or-exempt',
  implements: ['WC-7(1)', 'WC-7(2)', 'WC-7(3)', 'WC-7(4)', 'WC-7(5)', 'WC-7(6)'],
  phase: 'assess',
  run(ctx) {
    const track = ctx.wrongCase.trackApplies;
    const serious = seriousOrBadInfluence(ctx);
    const adverse = adverseConsequences(ctx);
    for (let i1_ = 0, a1_ = ctx.subjects; i1_ < a1_.length; i1_++) {
      const s = a1_[i1_]!;
      const cs = s.circumstances;
      if (cs.length === 0) continue;
      // The items among the person's circumstances (a bit per item), in the order of ITEMS.
      const present = presentItems(cs);
      if (present === 0) continue;
      for (let i2_ = 0, a2_ = ITEMS; i2_ < a2_.length; i2_++) {
        if ((present & (1 << i2_)) === 0) continue;
        const item = a2_[i2_]!;
        const id = item.id;
        // Every unmet condition is listed, not only the first (the list is built only when one is unmet).
        const minor = id === 'WC-7(4)' && serious;
        const hadAdverse = id === 'WC-7(5)' && adverse;
        if (!track || minor || hadAdverse) {
          const unmetAll: Bilingual[] = [];
          if (!track) unmetAll.push(W.outOfScope);
          if (minor) unmetAll.push(W.notMinor);
          if (hadAdverse) unmetAll.push(W.hadAdverse);
          const unmet: Bilingual = unmetAll.length === 1 ? unmetAll[0]! : { zh: unmetAll.map((u, k) => `（${k + 1}）${u.zh}`).join(''), en: unmetAll.map((u, k) => `(${k + 1}) ${u.en}`).join(' ') };
          ctx.trace(item, 'not_applied', s.id, unmet);
          ctx.warn('precondition_not_met', s.id, track ? [id] : [id, 'WC-2'], unmet);
          continue;
        }
        const c = s.culpability;
        if (id === 'WC-7(3)' && (c === 'intent' || c === 'gross_negligence' || c === 'negligence')) {
          ctx.conflict(s, ['WC-7(3)', 'FL-2'], W.noFaultButCulpable);
          continue;
        }
        ctx.effect(s, 'lighter_or_exempt', id);
        ctx.trace(item, 'fired', s.id, FIRED_TEXT[i2_]!);
      }
    }
  },
};

/** WC-8 is the same conduct as FL-10(1)/(2): derive it so the wrong-case measure's duty applies too. */
export const wc08Derive: RuleModule = {
  name: 'wc-08-derive',
  implements: ['WC-8'],
  phase: 'derive',
  run(ctx) {
    if (!ctx.wrongCase.trackApplies) return;
    for (let i3_ = 0, a3_ = ctx.subjects; i3_ < a3_.length; i3_++) {
      const s = a3_[i3_]!;
      const cs = s.circumstances;
      if (cs.length === 0) continue;
      if ((cs.includes('FL-10(1)') || cs.includes('FL-10(2)')) && !cs.includes('WC-8')) {
        s.circumstances = plus(cs, 'WC-8');
        s.derived = plus(s.derived, 'WC-8');
        ctx.trace(WC_8, 'derived', s.id, W.derivedFromFl10);
      }
    }
  },
};

export const wc08Heavier: RuleModule = {
  name: 'wc-08-heavier',
  implements: ['WC-8'],
  phase: 'assess',
  run(ctx) {
    const track = ctx.wrongCase.trackApplies;
    for (let i4_ = 0, a4_ = ctx.subjects; i4_ < a4_.length; i4_++) {
      const s = a4_[i4_]!;
      const cs = s.circumstances;
      if (cs.length === 0 || !cs.includes('WC-8')) continue;
      if (!track) {
        ctx.trace(WC_8, 'not_applied', s.id, W.outOfScope);
        ctx.warn('precondition_not_met', s.id, ['WC-8', 'WC-2'], W.outOfScope);
        continue;
      }
      ctx.effect(s, 'heavier', 'WC-8');
      ctx.trace(WC_8, 'fired', s.id, W.heavier);
    }
  },
};

export const provisions = [WC_7, WC_7_1, WC_7_2, WC_7_3, WC_7_4, WC_7_5, WC_7_6, WC_8];
