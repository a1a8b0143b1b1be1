// FL-7: the faults for which fault liability is pursued. Each item is a finding the
// investigation records (faults: ['FL-7(3)']); the rule checks the conditions the item's own
// words carry (e.g. 造成不良后果) against the case consequences and records it in the trace.
import type { Bilingual, EvalContext, Provision, RuleModule, SubjectState } from '../../types';
import { ROLE_BIT } from '../../types';
import { adverseConsequences, seriousOrBadInfluence, shortOfCrime } from './facts';
import { rule, why } from './provision';

// 七、执法人员有下列行为之一的，应当追究过错责任：
export const FL_7 = rule(
  'FL-7',
  '执法人员有下列行为之一的，应当追究过错责任：',
  'Fault liability shall be pursued against enforcement staff who:',
);
// （一）滥用职权徇私枉法的；
export const FL_7_1 = rule('FL-7(1)', '滥用职权徇私枉法的；', 'abuse their power or bend the law for personal gain;');
// （二）滥施处罚造成严重后果或恶劣影响的；
export const FL_7_2 = rule(
  'FL-7(2)',
  '滥施处罚造成严重后果或恶劣影响的；',
  'impose penalties indiscriminately, causing serious consequences or bad influence;',
);
// （三）认定事实不清，主要证据不足，导致有关行政执法决定错误或显失公平的；
export const FL_7_3 = rule(
  'FL-7(3)',
  '认定事实不清，主要证据不足，导致有关行政执法决定错误或显失公平的；',
  'find facts unclearly or without the main evidence, so that a decision is wrong or manifestly unfair;',
);
// （四）适用法律、法规错误或明显不当造成不良后果的；
export const FL_7_4 = rule(
  'FL-7(4)',
  '适用法律、法规错误或明显不当造成不良后果的；',
  'apply laws or regulations wrongly or clearly improperly, with adverse consequences;',
);
// （五）违反法定程序造成不良后果的；
export const FL_7_5 = rule('FL-7(5)', '违反法定程序造成不良后果的；', 'break statutory procedure, with adverse consequences;');
// （六）拒不履行、故意拖延履行或未能及时履行应当履行的法定职责造成不良后果的；
export const FL_7_6 = rule(
  'FL-7(6)',
  '拒不履行、故意拖延履行或未能及时履行应当履行的法定职责造成不良后果的；',
  'refuse, deliberately delay or fail to perform a statutory duty in time, with adverse consequences;',
);
// （七）对举报人或对申请行政复议、提起行政诉讼的单位和个人打击报复的；
export const FL_7_7 = rule(
  'FL-7(7)',
  '对举报人或对申请行政复议、提起行政诉讼的单位和个人打击报复的；',
  'retaliate against reporters or against those who apply for reconsideration or sue;',
);
// （八）其他违法违规行为。
export const FL_7_8 = rule('FL-7(8)', '其他违法违规行为。', 'commit other violations of law or rules.');

interface FaultRule {
  readonly p: Provision;
  readonly found: Bilingual;
  /** The condition in the item's own words, if any. */
  readonly condition?: (ctx: EvalContext) => boolean;
  readonly unmet?: Bilingual;
}

const NEEDS_ADVERSE = why(
  '该项以“造成不良后果”为要件，但案件事实未认定任何不良后果，此项过错不成立。',
  'The item requires adverse consequences, but none are found: the fault is not established.',
);

const FAULTS: Readonly<Record<string, FaultRule>> = {
  'FL-7(1)': { p: FL_7_1, found: why('认定滥用职权、徇私枉法。', 'Found: abuse of power / bending the law.') },
  'FL-7(2)': {
    p: FL_7_2,
    found: why('认定滥施处罚并造成严重后果或恶劣影响。', 'Found: indiscriminate penalties with serious consequences or bad influence.'),
    condition: seriousOrBadInfluence,
    unmet: why(
      '该项以“造成严重后果或恶劣影响”为要件，但案件事实未认定后果严重或影响恶劣，此项过错不成立。',
      'The item requires serious consequences or bad influence, neither of which is found: the fault is not established.',
    ),
  },
  'FL-7(3)': {
    p: FL_7_3,
    found: why(
      '认定事实不清、主要证据不足，导致执法决定错误或显失公平。',
      'Found: facts unclear, main evidence lacking, decision wrong or manifestly unfair.',
    ),
  },
  'FL-7(4)': {
    p: FL_7_4,
    found: why('认定适用法律法规错误或明显不当并造成不良后果。', 'Found: law applied wrongly or clearly improperly, with adverse consequences.'),
    condition: adverseConsequences,
    unmet: NEEDS_ADVERSE,
  },
  'FL-7(5)': {
    p: FL_7_5,
    found: why('认定违反法定程序并造成不良后果。', 'Found: statutory procedure broken, with adverse consequences.'),
    condition: adverseConsequences,
    unmet: NEEDS_ADVERSE,
  },
  'FL-7(6)': {
    p: FL_7_6,
    found: why('认定不履行或不及时履行法定职责并造成不良后果。', 'Found: statutory duty not performed (in time), with adverse consequences.'),
    condition: adverseConsequences,
    unmet: NEEDS_ADVERSE,
  },
  'FL-7(7)': { p: FL_7_7, found: why('认定对举报人或复议、诉讼当事人打击报复。', 'Found: retaliation against a reporter or a litigant.') },
  'FL-7(8)': { p: FL_7_8, found: why('认定其他违法违规行为。', 'Found: another violation of law or rules.') },
};

/** FAULTS by id as a Map (a keyed read of the object with a varying id is a megamorphic load). */
const FAULT_RULES: ReadonlyMap<string, FaultRule> = new Map(Object.entries(FAULTS));

const ABUSE_HINT = why(
  '滥用职权、徇私枉法可能涉嫌犯罪：如有犯罪嫌疑，应依 FL-12 移送司法机关，请人工判断。',
  'Abuse of power may be a crime: if a crime is suspected FL-12 requires transfer to the judicial organs — a person must judge.',
);

export const fl07Faults: RuleModule = {
  name: 'fl-07-faults',
  implements: ['FL-7(1)', 'FL-7(2)', 'FL-7(3)', 'FL-7(4)', 'FL-7(5)', 'FL-7(6)', 'FL-7(7)', 'FL-7(8)'],
  phase: 'assess',
  run(ctx) {
    for (let i1_ = 0, a1_ = ctx.subjects; i1_ < a1_.length; i1_++) {
      const s = a1_[i1_]!;
      const fs = s.faults;
      for (let i = 0; i < fs.length; i++) {
        const id = fs[i]!;
        const r = FAULT_RULES.get(id);
        if (!r) continue;
        if (r.condition && !r.condition(ctx)) {
          ctx.trace(r.p, 'not_applied', s.id, r.unmet!);
          ctx.warn('precondition_not_met', s.id, [id], r.unmet!);
          fs.splice(i--, 1);
          continue;
        }
        ctx.trace(r.p, 'fired', s.id, r.found);
        if (id === 'FL-7(1)' && shortOfCrime(s)) ctx.warn('human_judgement', s.id, ['FL-7(1)', 'FL-12'], ABUSE_HINT);
      }
    }
  },
};

const NO_FAULT_RECORDED = why(
  '此人被认定承担责任，但没有成立的过错事项（FL-7 各项或错案情形下 WC-6 各项）；追究责任须以其中一项为依据，请补充认定。',
  'This person is held responsible but no fault item (FL-7, or WC-6 for a wrong case) is established; liability needs one — record it.',
);

/**
 * Roles whose liability is the conduct an FL-8 item itself names (失察、主持或坚持错误意见、授意指使、
 * 用人失职、不履行职责): held under that item they carry their own basis, so no FL-7 item is
 * required of them and no warning is raised.
 */
export const OWN_BASIS_ROLES: Readonly<Record<string, string>> = {
  approver: 'FL-8(2)',
  collective_member: 'FL-8(3)',
  instructing_leader: 'FL-8(4)',
  assigner: 'FL-8(5)',
  direct_responsible: 'FL-8(6)',
};

const OWN_BASIS: readonly (readonly [number, string])[] = Object.entries(OWN_BASIS_ROLES).map(([role, item]) => [ROLE_BIT[role as keyof typeof ROLE_BIT], item] as const);

/** Whether one of the person's roles is held under the FL-8 item that names its own conduct. */
function ownBasis(s: SubjectState): boolean {
  for (let i = 0; i < OWN_BASIS.length; i++) {
    const [bit, item] = OWN_BASIS[i]!;
    if ((s.roleBits & bit) !== 0 && s.responsibilityBasis.includes(item)) return true;
  }
  return false;
}

/** FL-7 chapeau: liability rests on one of the listed faults. Checked after allocation. */
export const fl07Basis: RuleModule = {
  name: 'fl-07-basis',
  implements: ['FL-7'],
  phase: 'consequences',
  run(ctx) {
    for (let i2_ = 0, a2_ = ctx.subjects; i2_ < a2_.length; i2_++) {
      const s = a2_[i2_]!;
      if (s.responsibility !== 'none' && s.faults.length === 0 && !ownBasis(s)) {
        ctx.warn('human_judgement', s.id, ['FL-7'], NO_FAULT_RECORDED);
      }
    }
  },
};

export const provisions = [FL_7, FL_7_1, FL_7_2, FL_7_3, FL_7_4, FL_7_5, FL_7_6, FL_7_7, FL_7_8];
