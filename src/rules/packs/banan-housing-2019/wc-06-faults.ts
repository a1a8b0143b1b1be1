// WC-6: the conduct for which wrong-case liability is pursued (only when WC-2/WC-5 make the
// wrong-case measure apply). WC-6(2) — penalising without an enforcement certificate — is
// checked against the certificate register whenever the facts carry it.
import { qualifiedOn } from '../../certificates';
import type { Bilingual, Provision, RuleModule } from '../../types';
import { drop, hasRole } from './facts';
import { rule, why } from './provision';
import { plus } from '../../lists';

// 六、行政执法人员在履行行政执法职责过程中有下列行为之一的，应追究其责任：
export const WC_6 = rule(
  'WC-6',
  '行政执法人员在履行行政执法职责过程中有下列行为之一的，应追究其责任：',
  'Enforcement staff who, in performing enforcement duties, did any of the following shall be held liable:',
);
// （一）超越本部门职权进行行政处罚的；
export const WC_6_1 = rule('WC-6(1)', '超越本部门职权进行行政处罚的；', "imposed a penalty beyond the department's powers;");
// （二）行政执法人员无《行政执法证》实施行政处罚的；
export const WC_6_2 = rule(
  'WC-6(2)',
  '行政执法人员无《行政执法证》实施行政处罚的；',
  'imposed a penalty without an enforcement certificate (行政执法证);',
);
// （三）违反法定的行政处罚程序或者擅自改变行政处罚种类、幅度实施处罚的；
export const WC_6_3 = rule(
  'WC-6(3)',
  '违反法定的行政处罚程序或者擅自改变行政处罚种类、幅度实施处罚的；',
  'broke the statutory penalty procedure or changed the kind or amount of a penalty without authority;',
);
// （四）适用法律、法规、规章依据错误的；
export const WC_6_4 = rule('WC-6(4)', '适用法律、法规、规章依据错误的；', 'applied the wrong legal basis;');
// （五）未取得证据、证据不足或因证据材料保管不善、灭失导致错案的；
export const WC_6_5 = rule(
  'WC-6(5)',
  '未取得证据、证据不足或因证据材料保管不善、灭失导致错案的；',
  'caused the wrong case by obtaining no or insufficient evidence, or by poor keeping or loss of evidence;',
);
// （六）违法实施强制措施，造成行政处罚相对人人身或财产损害的；
export const WC_6_6 = rule(
  'WC-6(6)',
  '违法实施强制措施，造成行政处罚相对人人身或财产损害的；',
  'took an unlawful compulsory measure that harmed the person or property of the party;',
);
// （七）私自占用、使用行政执法暂扣、扣留物品的；
export const WC_6_7 = rule('WC-6(7)', '私自占用、使用行政执法暂扣、扣留物品的；', 'took or used seized or detained goods privately;');
// （八）不按照规定使用罚没财物票据，截留、私分、挪用罚没款物或未在法定时限内足额上缴罚款的；
export const WC_6_8 = rule(
  'WC-6(8)',
  '不按照规定使用罚没财物票据，截留、私分、挪用罚没款物或未在法定时限内足额上缴罚款的；',
  'misused fine receipts, withheld, shared out or diverted fines and confiscations, or did not remit fines in full in time;',
);
// （九）有索贿受贿、玩忽职守、徇私枉法等行为的；
export const WC_6_9 = rule(
  'WC-6(9)',
  '有索贿受贿、玩忽职守、徇私枉法等行为的；',
  'solicited or took bribes, neglected duty, or bent the law for personal gain;',
);
// （十）实施行政处罚显失公正的；
export const WC_6_10 = rule('WC-6(10)', '实施行政处罚显失公正的；', 'imposed a manifestly unfair penalty;');
// （十一）其它应追究责任的行为。
export const WC_6_11 = rule('WC-6(11)', '其它应追究责任的行为。', 'did anything else for which liability should be pursued.');

const FOUND: Readonly<Record<string, Bilingual>> = {
  'WC-6(1)': why('认定超越本部门职权进行行政处罚。', 'Found: penalty beyond the department’s powers.'),
  'WC-6(2)': why('认定无行政执法证实施行政处罚：应追究其本人责任。', 'Found: penalty imposed without an enforcement certificate — the person is liable.'),
  'WC-6(3)': why('认定违反法定处罚程序或擅自改变处罚种类、幅度。', 'Found: penalty procedure broken or kind/amount changed without authority.'),
  'WC-6(4)': why('认定适用法律依据错误。', 'Found: wrong legal basis applied.'),
  'WC-6(5)': why('认定未取得证据、证据不足或证据保管不善导致错案。', 'Found: no or insufficient evidence (or evidence lost) caused the wrong case.'),
  'WC-6(6)': why('认定违法实施强制措施造成相对人人身或财产损害。', 'Found: unlawful compulsory measure harming the party.'),
  'WC-6(7)': why('认定私自占用、使用暂扣扣留物品。', 'Found: private use of seized goods.'),
  'WC-6(8)': why('认定违规使用罚没票据或截留、挪用罚没款物。', 'Found: misuse of fine receipts or diversion of fines.'),
  'WC-6(9)': why('认定索贿受贿、玩忽职守或徇私枉法。', 'Found: bribery, neglect of duty or bending the law.'),
  'WC-6(10)': why('认定实施行政处罚显失公正。', 'Found: manifestly unfair penalty.'),
  'WC-6(11)': why('认定其它应追究责任的行为。', 'Found: other conduct to be pursued.'),
};

const ITEM: Readonly<Record<string, Provision>> = Object.fromEntries(
  [WC_6_1, WC_6_2, WC_6_3, WC_6_4, WC_6_5, WC_6_6, WC_6_7, WC_6_8, WC_6_9, WC_6_10, WC_6_11].map((p) => [p.id, p]),
);

/** Each WC-6 item and its finding text by id, one Map read (a keyed read of FOUND / ITEM with a varying id is a megamorphic load). */
const FOUND_ITEM: ReadonlyMap<string, { readonly item: Provision; readonly found: Bilingual }> = new Map(
  Object.entries(FOUND).map(([id, found]) => [id, { item: ITEM[id]!, found }] as const),
);

const W = {
  outOfScope: why(
    '本案未适用错案问责规定（WC-2、WC-5），WC-6 的认定不作为追究依据；同一行为可按 FL-7 认定。',
    'The wrong-case measure does not apply here (WC-2, WC-5), so WC-6 is not a basis; the same conduct may be found under FL-7.',
  ),
  derived: why(
    '证照登记显示此人在行为发生日没有有效的行政执法证，却作为承办人实施了行政处罚：认定 WC-6(2)。',
    'The certificate register shows no valid enforcement certificate on the conduct date, yet this person handled a penalty: WC-6(2).',
  ),
  registerValid: why(
    '填写了 WC-6(2)（无证执法），但证照登记显示此人在行为发生日持有效行政执法证；以登记为准，已删除该项。',
    'WC-6(2) was entered, but the register shows a valid certificate on the conduct date; the register prevails and the item was removed.',
  ),
  unverified: why(
    '填写了 WC-6(2)，但未提供证照登记数据，无法核对；按填写认定。',
    'WC-6(2) was entered without register data to check it against; taken as found.',
  ),
  crimeHint: why(
    '索贿受贿、玩忽职守、徇私枉法可能涉嫌犯罪：如有犯罪嫌疑，应依 FL-12 移送司法机关，请人工判断。',
    'Bribery, neglect of duty or bending the law may be crimes: if one is suspected FL-12 requires transfer — a person must judge.',
  ),
};

/**
 * Certificate register → each handler's qualification on the conduct date (read by FL-8(5)),
 * and WC-6(2) where a handler of a penalty had none and the wrong-case measure applies.
 */
export const wc06Register: RuleModule = {
  name: 'wc-06-register',
  implements: ['WC-6(2)'],
  phase: 'derive',
  run(ctx) {
    const register = ctx.facts.certificates;
    const penalty = ctx.facts.originalCase.kind === 'penalty';
    for (let i1_ = 0, a1_ = ctx.subjects; i1_ < a1_.length; i1_++) {
      const s = a1_[i1_]!;
      if (!register) {
        if (s.faults.includes('WC-6(2)')) ctx.trace(WC_6_2, 'info', s.id, W.unverified);
        continue;
      }
      if (!hasRole(s, 'handler')) continue;
      s.qualified = qualifiedOn(register, s.id, ctx.conductDate);
      const typed = s.faults.includes('WC-6(2)');
      if (s.qualified === false && penalty && ctx.wrongCase.trackApplies && !typed) {
        s.faults = plus(s.faults, 'WC-6(2)');
        s.derived = plus(s.derived, 'WC-6(2)');
        ctx.trace(WC_6_2, 'derived', s.id, W.derived);
      } else if (s.qualified === true && typed) {
        drop(s.faults, 'WC-6(2)');
        ctx.warn('register_mismatch', s.id, ['WC-6(2)'], W.registerValid);
      }
    }
  },
};

export const wc06Faults: RuleModule = {
  name: 'wc-06-faults',
  implements: [
    'WC-6',
    'WC-6(1)',
    'WC-6(2)',
    'WC-6(3)',
    'WC-6(4)',
    'WC-6(5)',
    'WC-6(6)',
    'WC-6(7)',
    'WC-6(8)',
    'WC-6(9)',
    'WC-6(10)',
    'WC-6(11)',
  ],
  phase: 'assess',
  run(ctx) {
    const track = ctx.wrongCase.trackApplies;
    for (let i2_ = 0, a2_ = ctx.subjects; i2_ < a2_.length; i2_++) {
      const s = a2_[i2_]!;
      const fs = s.faults;
      for (let i = 0; i < fs.length; i++) {
        const id = fs[i]!;
        const f = FOUND_ITEM.get(id);
        if (!f) continue;
        const found = f.found;
        if (!track) {
          ctx.trace(f.item, 'not_applied', s.id, W.outOfScope);
          ctx.warn('precondition_not_met', s.id, [id, 'WC-2'], W.outOfScope);
          fs.splice(i--, 1);
          continue;
        }
        ctx.trace(f.item, 'fired', s.id, found);
        // WC-6 attributes the conduct to the person who did it (应追究其责任). For WC-6(2) that
        // person is not named by FL-8 (FL-8(5) names the assigner), so WC-6(2) allocates.
        if (id === 'WC-6(2)') ctx.allocate(s, 'accountable', 'WC-6(2)');
        if (id === 'WC-6(9)' && s.shortOfCrime) ctx.warn('human_judgement', s.id, ['WC-6(9)', 'FL-12'], W.crimeHint);
      }
    }
  },
};

export const provisions = [
  WC_6,
  WC_6_1,
  WC_6_2,
  WC_6_3,
  WC_6_4,
  WC_6_5,
  WC_6_6,
  WC_6_7,
  WC_6_8,
  WC_6_9,
  WC_6_10,
  WC_6_11,
];
