// WC articles 1–5: purpose, scope, competent body, principles, and what is a wrong case.
// WC-2 and WC-5 decide whether the wrong-case measure's rules (WC-6, WC-7, WC-8) apply at all.
import type { Bilingual, Provision, RuleModule } from '../../types';
import { guard, notEncoded, rule, why } from './provision';

// 一、为加强行政执法监督，全面落实行政执法责任制，推进严格、公正、文明执法，促进执法人员依法行使职权，预防
// 和减少行政执法错案发生，维护公民、法人和其他组织合法权益，根据法律、法规及有关规定，结合实际，制定本办法。
export const WC_1 = notEncoded(
  'WC-1',
  '为加强行政执法监督，全面落实行政执法责任制，推进严格、公正、文明执法，促进执法人员依法行使职权，预防和减少行政执法错案发生，维护公民、法人和其他组织合法权益，根据法律、法规及有关规定，结合实际，制定本办法。',
  'Purpose: strengthen supervision of enforcement, implement the enforcement responsibility system, prevent wrong cases and protect lawful rights.',
  why('立法目的条款，不产生可判定的法律效果。', 'A purpose clause: it has no effect a rule could decide.'),
);

// 二、本办法所称的行政执法错案责任，是指行政处罚、行政许可案件被认定为错案后，应由相关行政执法人员承担的责任。
export const WC_2 = rule(
  'WC-2',
  '本办法所称的行政执法错案责任，是指行政处罚、行政许可案件被认定为错案后，应由相关行政执法人员承担的责任。',
  'Wrong-case liability is the liability of the enforcement staff concerned once an administrative penalty or licensing case is found to be a wrong case.',
);

// 三、行政执法错案责任追究机关是区住房城乡建委。委法制科具体承担行政执法错案责任的调查、认定和追究职责。
export const WC_3 = guard(
  'WC-3',
  '行政执法错案责任追究机关是区住房城乡建委。委法制科具体承担行政执法错案责任的调查、认定和追究职责。',
  "The District Housing and Construction Commission pursues wrong-case liability; its legal-affairs section investigates, finds and pursues it.",
  'case.ownership',
  why(
    '案件归属：案件由委法制科（clerk 角色）承办，调查、认定、追究各步骤由其发起。',
    'Case ownership: the legal-affairs section (clerk role) holds the case and starts the investigation, finding and pursuit steps.',
  ),
);

// 四、错案责任倒查问责应遵循的基本原则是：
export const WC_4 = notEncoded(
  'WC-4',
  '错案责任倒查问责应遵循的基本原则是：',
  'Retrospective accountability for wrong cases follows these principles:',
  why('各项原则的引语，本身无独立效果；各项分别说明。', 'The lead-in to the principles; each item is accounted for on its own.'),
);
// 1.实事求是，有错必纠原则；
export const WC_4_1 = notEncoded(
  'WC-4(1)',
  '实事求是，有错必纠原则；',
  'Seek truth from facts; correct every error.',
  why(
    '原则性规定：事实认定由调查组负责；有错必纠由 WC-5、WC-6 的规则体现。',
    'A principle: fact-finding is for the team; correcting every error is what WC-5 and WC-6 encode.',
  ),
);
// 2.重证据，重调查原则；
export const WC_4_2 = guard(
  'WC-4(2)',
  '重证据，重调查原则；',
  'Rely on evidence and investigation.',
  'investigation.evidence',
  why(
    '调查步骤：每项证据记录来源并不可篡改，认定（findings）须引用证据后才能提交建议。',
    'Investigation step: each piece of evidence is recorded with its source, immutably; findings must cite evidence before a recommendation is requested.',
  ),
);
// 3.责罚相当原则；
export const WC_4_3 = rule(
  'WC-4(3)',
  '责罚相当原则；',
  'The sanction fits the fault.',
);
// 4.惩处与教育相结合原则。
export const WC_4_4 = notEncoded(
  'WC-4(4)',
  '惩处与教育相结合原则。',
  'Combine punishment with education.',
  why(
    '原则性规定，供决定机关在建议范围内斟酌；处理方式阶梯以批评教育为最轻一级。',
    'A principle for the decision body within the range; the ladder starts with criticism and education.',
  ),
);

// 五、以下案件，经调查属实的，界定为错案：
export const WC_5 = rule('WC-5', '以下案件，经调查属实的，界定为错案：', 'The following cases, verified on investigation, are wrong cases:');
// 1.在法规部门行政执法例行或专项执法监督中发现的错误案件；
export const WC_5_1 = rule(
  'WC-5(1)',
  '在法规部门行政执法例行或专项执法监督中发现的错误案件；',
  'a case found wrong in routine or special enforcement supervision by the legal department;',
);
// 2.上报的重大行政处罚经上级部门审查认定存在错误的案件；
export const WC_5_2 = rule(
  'WC-5(2)',
  '上报的重大行政处罚经上级部门审查认定存在错误的案件；',
  'a reported major penalty found wrong on review by the superior department;',
);
// 3.行政复议决定予以撤销或者变更的行政执法案件；
export const WC_5_3 = rule(
  'WC-5(3)',
  '行政复议决定予以撤销或者变更的行政执法案件；',
  'a case revoked or changed by an administrative reconsideration decision;',
);
// 4.人民法院终审判决撤销、部分撤销、变更或者责令重新作出具体行政行为的行政执法案件；
export const WC_5_4 = rule(
  'WC-5(4)',
  '人民法院终审判决撤销、部分撤销、变更或者责令重新作出具体行政行为的行政执法案件；',
  'a case revoked, partly revoked, changed or ordered redone by a final court judgment;',
);
// 5.给予行政赔偿的案件；
export const WC_5_5 = rule('WC-5(5)', '给予行政赔偿的案件；', 'a case in which administrative compensation was paid;');
// 6.经上级行政执法机关调查认定存在错误的案件。
export const WC_5_6 = rule(
  'WC-5(6)',
  '经上级行政执法机关调查认定存在错误的案件。',
  'a case found wrong on investigation by a superior enforcement agency.',
);

const SOURCE: Readonly<Record<string, Bilingual>> = {
  'WC-5(1)': why('错案来源：执法监督中发现的错误案件，经调查属实。', 'Wrong-case source: found wrong in enforcement supervision, verified.'),
  'WC-5(2)': why('错案来源：重大行政处罚经上级部门审查认定错误，经调查属实。', 'Wrong-case source: major penalty found wrong on superior review, verified.'),
  'WC-5(3)': why('错案来源：行政复议决定撤销或变更，经调查属实。', 'Wrong-case source: revoked or changed by administrative reconsideration, verified.'),
  'WC-5(4)': why('错案来源：人民法院终审判决撤销、变更或责令重作，经调查属实。', 'Wrong-case source: revoked, changed or ordered redone by a final judgment, verified.'),
  'WC-5(5)': why('错案来源：给予行政赔偿的案件，经调查属实。', 'Wrong-case source: administrative compensation paid, verified.'),
  'WC-5(6)': why('错案来源：经上级行政执法机关调查认定错误，经调查属实。', 'Wrong-case source: found wrong by a superior enforcement agency, verified.'),
};

const SOURCE_ITEM: Readonly<Record<string, Provision>> = Object.fromEntries(
  [WC_5_1, WC_5_2, WC_5_3, WC_5_4, WC_5_5, WC_5_6].map((p) => [p.id, p]),
);

const W = {
  noSource: why(
    '认定为错案，但没有填写 WC-5 规定的错案来源；错案须属 WC-5 所列六类之一，错案问责规定暂不适用。',
    'Marked as a wrong case without a WC-5 source; a wrong case must fall in one of WC-5’s six kinds — the wrong-case rules do not apply until it is recorded.',
  ),
  notVerified: why(
    '填写了错案来源，但未经调查认定属实，不界定为错案。',
    'A source is recorded but the case was not verified wrong on investigation: not a wrong case.',
  ),
  compensationHint: why(
    '已给予赔偿：依 WC-5(5)，给予行政赔偿的案件经调查属实即界定为错案，请核实是否应认定错案。',
    'Compensation was paid: under WC-5(5) such a case, once verified, is a wrong case — check whether it should be found one.',
  ),
  applies: why(
    '行政处罚或行政许可案件被认定为错案：适用错案责任倒查问责规定。',
    'A penalty or licensing case found to be a wrong case: the wrong-case measure applies.',
  ),
  notWrong: why('未认定为错案：错案问责规定（WC-6、WC-7、WC-8）不适用，仅按过错责任追究。', 'Not a wrong case: WC-6, WC-7 and WC-8 do not apply; only fault liability.'),
  kind: why(
    '错案责任只针对行政处罚、行政许可案件；原案件不属这两类，错案问责规定不适用。',
    'Wrong-case liability covers only penalty and licensing cases; the original case is neither, so the wrong-case measure does not apply.',
  ),
};

/** WC-5: is there a verified wrong case from one of the six sources? */
export const wc05WrongCase: RuleModule = {
  name: 'wc-05-wrong-case',
  implements: ['WC-5', 'WC-5(1)', 'WC-5(2)', 'WC-5(3)', 'WC-5(4)', 'WC-5(5)', 'WC-5(6)'],
  phase: 'case',
  run(ctx) {
    const wc = ctx.wrongCase;
    const sc = ctx.facts.consequences.stateCompensation;
    if (!wc.isWrongCase) {
      if (wc.source) ctx.trace(WC_5, 'info', null, W.notVerified);
      if (sc?.paid) ctx.warn('human_judgement', null, ['WC-5(5)'], W.compensationHint);
      return;
    }
    if (!wc.source) {
      ctx.trace(WC_5, 'not_applied', null, W.noSource);
      ctx.warn('missing_data', null, ['WC-5'], W.noSource);
      return;
    }
    ctx.scratch.wrongCaseSourceOk = true;
    ctx.trace(SOURCE_ITEM[wc.source]!, 'fired', null, SOURCE[wc.source]!);
  },
};

/**
 * WC-2 scope, read with WC-6(6): the measure covers penalty and licensing cases; WC-6(6)
 * (违法实施强制措施造成人身或财产损害) names compulsory measures as wrong-case conduct, so an original
 * case recorded as a compulsory measure (行政强制, taken in enforcing the law the Commission
 * administers) is within the measure too — otherwise WC-6(6) could never apply. Issue 10.
 */
const WRONG_CASE_KINDS: readonly string[] = ['penalty', 'licence', 'compulsory_measure'];

/** WC-2: the wrong-case rules apply only to penalty and licensing cases found wrong (after WC-5). */
export const wc02Scope: RuleModule = {
  name: 'wc-02-scope',
  implements: ['WC-2'],
  phase: 'case',
  run(ctx) {
    const wc = ctx.wrongCase;
    if (!wc.isWrongCase || ctx.scratch.wrongCaseSourceOk !== true) {
      ctx.trace(WC_2, 'info', null, W.notWrong);
      return;
    }
    const kind = ctx.facts.originalCase.kind;
    if (!WRONG_CASE_KINDS.includes(kind)) {
      ctx.trace(WC_2, 'not_applied', null, W.kind);
      ctx.warn('precondition_not_met', null, ['WC-2'], W.kind);
      return;
    }
    wc.trackApplies = true;
    ctx.trace(WC_2, 'fired', null, W.applies);
  },
};

/**
 * WC-4(3) 责罚相当: applied through the range table — the ordinary row scales the forms to the
 * fault when neither FL-11 nor FL-12 raises the band (parameters.ts `formRanges`).
 */
export const wc04Proportion: RuleModule = { name: 'wc-04-proportion', implements: ['WC-4(3)'], phase: 'assess' };

export const provisions = [WC_1, WC_2, WC_3, WC_4, WC_4_1, WC_4_2, WC_4_3, WC_4_4, WC_5, WC_5_1, WC_5_2, WC_5_3, WC_5_4, WC_5_5, WC_5_6];
