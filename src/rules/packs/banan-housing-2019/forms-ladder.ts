// FL-6 and WC-10 (with the forms FL-11 names): the forms of accountability, merged into ONE
// ordered ladder so that "lighter" and "heavier" have a meaning the engine can check.
//
// Why this order (lightest first):
//  1 批评教育          FL-6(1), FL-9 — a talk; nothing recorded against the person.
//  2 责令书面检查/检讨   FL-6(2), WC-10(1), FL-9 "责令检查" — a written self-examination, kept on file
//                       but not made known to others.
//  3 通报批评          FL-6(1), WC-10(2), FL-9 — criticism made known within a scope: public, so
//                       heavier than a private written check. WC-10 lists 书面检查 (1) before 通报批评
//                       (2); so does the CPC Accountability Regulations (2019) art. 8 for Party
//                       organisations (检查 before 通报).
//                       FL-6(1) groups 批评教育 "or" 通报批评 in one item ahead of the written check
//                       (FL-6(2)); we read that item as two alternatives of different weight and follow
//                       WC-10's order for the pair. FL-9 names all three, so its range is the same
//                       either way.
//  4 取消当年评先资格和晋升资格   WC-10(3) — a career consequence limited to the year.
//  5 年度不予考核、延期晋职晋级    FL-11 — career consequences that reach beyond the year (no grade
//                       for the year, promotion postponed). FL-11 lists them before 调离, and WC-10 puts
//                       the promotion bar (3) before suspension (4): career measures sit below the
//                       measures that take a person off enforcement.
//  6 停止执行职务 / 暂停执法（暂扣行政执法证） FL-6(3), WC-10(4) — off enforcement for a time.
//  7 调离执法岗位 / 调离执法队伍   FL-6(4), WC-10(5), FL-11 — off enforcement for good. Both measures
//                       list suspension before removal.
//  8 纪律处分 / 行政处分           FL-6(5), WC-10(6) — a formal sanction under the Civil Servants Law /
//                       Law on Administrative Discipline of Public Employees. Both measures put it last
//                       among the administrative forms.
//  9 移送司法机关追究刑事责任       FL-6(6), FL-12 — criminal, outside the Commission's own power.
// Rung 0 (not a form) stands for exemption (免于追究), which only WC-7 allows.
//
// FL-14's award bars are not a form: they follow by law from being held accountable (fl-14).
import type { FormDef, RuleModule } from '../../types';
import { rule } from './provision';

// 六、追究行政执法过错责任采取下列形式：
export const FL_6 = rule('FL-6', '追究行政执法过错责任采取下列形式：', 'Fault liability takes these forms:');
// （一）批评教育或在一定范围内通报批评；
export const FL_6_1 = rule('FL-6(1)', '批评教育或在一定范围内通报批评；', 'Criticism and education, or a notice of criticism within a scope;');
// （二）责令作出书面检讨；
export const FL_6_2 = rule('FL-6(2)', '责令作出书面检讨；', 'An order to write a self-examination;');
// （三）停止执行职务；
export const FL_6_3 = rule('FL-6(3)', '停止执行职务；', 'Suspension from duty;');
// （四）调离执法岗位；
export const FL_6_4 = rule('FL-6(4)', '调离执法岗位；', 'Removal from the enforcement post;');
// （五）给予纪律处分；
export const FL_6_5 = rule('FL-6(5)', '给予纪律处分；', 'A disciplinary sanction;');
// （六）移送司法机关追究刑事责任；
export const FL_6_6 = rule('FL-6(6)', '移送司法机关追究刑事责任；', 'Transfer to the judicial organs for criminal liability;');

// 十、行政责任追究的种类和方式：
export const WC_10 = rule('WC-10', '行政责任追究的种类和方式：', 'Kinds and forms of administrative accountability:');
// 1.责令作出书面检查；
export const WC_10_1 = rule('WC-10(1)', '责令作出书面检查；', 'An order to write a self-examination;');
// 2.通报批评；
export const WC_10_2 = rule('WC-10(2)', '通报批评；', 'A notice of criticism;');
// 3.取消当年评先资格和晋升资格；
export const WC_10_3 = rule(
  'WC-10(3)',
  '取消当年评先资格和晋升资格；',
  "Loss of the year's eligibility for awards and promotion;",
);
// 4.暂停执法（暂扣行政执法证)；   [the source breaks this item across a page; the text is joined]
export const WC_10_4 = rule(
  'WC-10(4)',
  '暂停执法（暂扣行政执法证)；',
  'Suspension from enforcement (the enforcement certificate withheld);',
);
// 5.责令调离执法岗位或者调离执法队伍；
export const WC_10_5 = rule(
  'WC-10(5)',
  '责令调离执法岗位或者调离执法队伍；',
  'An order to leave the enforcement post or the enforcement corps;',
);
// 6.行政处分。
export const WC_10_6 = rule('WC-10(6)', '行政处分。', 'An administrative sanction.');

export const LADDER: readonly FormDef[] = [
  { id: 'criticism_education', rung: 1, zh: '批评教育', en: 'criticism and education', citations: ['FL-6(1)', 'FL-9'] },
  {
    id: 'written_self_examination',
    rung: 2,
    zh: '责令作出书面检查（检讨）',
    en: 'written self-examination',
    citations: ['FL-6(2)', 'WC-10(1)', 'FL-9'],
  },
  {
    id: 'notice_of_criticism',
    rung: 3,
    zh: '通报批评',
    en: 'notice of criticism',
    citations: ['FL-6(1)', 'WC-10(2)', 'FL-9'],
  },
  {
    id: 'bar_awards_promotion',
    rung: 4,
    zh: '取消当年评先资格和晋升资格',
    en: "loss of the year's award and promotion eligibility",
    citations: ['WC-10(3)'],
  },
  {
    id: 'no_assessment_delayed_promotion',
    rung: 5,
    zh: '年度不予考核、延期晋职晋级',
    en: 'no annual assessment, delayed promotion',
    citations: ['FL-11'],
  },
  {
    id: 'suspension',
    rung: 6,
    zh: '停止执行职务／暂停执法（暂扣行政执法证）',
    en: 'suspension from duty / enforcement certificate withheld',
    citations: ['FL-6(3)', 'WC-10(4)'],
  },
  {
    id: 'removal_from_post',
    rung: 7,
    zh: '调离执法岗位（或调离执法队伍）',
    en: 'removal from the enforcement post (or corps)',
    citations: ['FL-6(4)', 'WC-10(5)', 'FL-11'],
  },
  {
    id: 'disciplinary_sanction',
    rung: 8,
    zh: '纪律处分／行政处分',
    en: 'disciplinary (administrative) sanction',
    citations: ['FL-6(5)', 'WC-10(6)'],
  },
  {
    id: 'judicial_transfer',
    rung: 9,
    zh: '移送司法机关追究刑事责任',
    en: 'transfer to the judicial organs',
    citations: ['FL-6(6)', 'FL-12'],
  },
];

/**
 * The rung each form a decision names stands for when two decisions about one person are compared
 * (WC-11: a change on the person's own defence or appeal is never heavier). FL-6(1) names 批评教育
 * "or" 通报批评 (rungs 1 and 3): a decision citing FL-6(1) is executed as 批评教育
 * (execution.ts), and 通报批评 is decided as WC-10(2); so FL-6(1) stands for rung 1. FL-11 names
 * the career measures (rung 5) and 调离 (rung 7, decided as FL-6(4)/WC-10(5)); a decision citing
 * FL-11 is executed as the rung-5 bars, so FL-11 stands for rung 5. Each citation must be one the
 * ladder lists at that rung (checked when the pack is compiled).
 */
export const DECISION_FORM_RUNGS: Readonly<Record<string, number>> = {
  'FL-6(1)': 1,
  'FL-6(2)': 2,
  'WC-10(1)': 2,
  'WC-10(2)': 3,
  'WC-10(3)': 4,
  'FL-11': 5,
  'FL-6(3)': 6,
  'WC-10(4)': 6,
  'FL-6(4)': 7,
  'WC-10(5)': 7,
  'FL-6(5)': 8,
  'WC-10(6)': 8,
  'FL-6(6)': 9,
};

/** Pure data: the ladder above is how FL-6 and WC-10 are applied (through the range table). */
export const formsLadder: RuleModule = {
  name: 'forms-ladder',
  implements: [
    'FL-6',
    'FL-6(1)',
    'FL-6(2)',
    'FL-6(3)',
    'FL-6(4)',
    'FL-6(5)',
    'FL-6(6)',
    'WC-10',
    'WC-10(1)',
    'WC-10(2)',
    'WC-10(3)',
    'WC-10(4)',
    'WC-10(5)',
    'WC-10(6)',
  ],
  phase: 'assess',
};

export const provisions = [
  FL_6,
  FL_6_1,
  FL_6_2,
  FL_6_3,
  FL_6_4,
  FL_6_5,
  FL_6_6,
  WC_10,
  WC_10_1,
  WC_10_2,
  WC_10_3,
  WC_10_4,
  WC_10_5,
  WC_10_6,
];
