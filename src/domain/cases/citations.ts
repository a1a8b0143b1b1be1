// The article items a user picks when recording findings and decisions. Ids follow the
// project's citation form (`FL-7(3)` = FL article 7, item (三)); short zh labels paraphrase the
// source (/work/shared/seed) and the rules engine shows the full original text.

const items = (prefix: string, labels: string[]): Record<string, string> =>
  Object.fromEntries(labels.map((l, i) => [`${prefix}(${i + 1})`, l]));

/** FL-7: faults for which enforcement staff are held responsible. */
export const FL7_FAULTS = items('FL-7', [
  '滥用职权徇私枉法',
  '滥施处罚造成严重后果或恶劣影响',
  '认定事实不清，主要证据不足，导致决定错误或显失公平',
  '适用法律、法规错误或明显不当造成不良后果',
  '违反法定程序造成不良后果',
  '拒不履行、故意拖延或未能及时履行法定职责造成不良后果',
  '对举报人或申请复议、提起诉讼的单位和个人打击报复',
  '其他违法违规行为',
]);

/** WC-6: conduct for which staff are held responsible for a wrong case. */
export const WC6_FAULTS = items('WC-6', [
  '超越本部门职权进行行政处罚',
  '无《行政执法证》实施行政处罚',
  '违反法定程序或擅自改变处罚种类、幅度',
  '适用法律、法规、规章依据错误',
  '未取得证据、证据不足或证据保管不善、灭失导致错案',
  '违法实施强制措施造成人身或财产损害',
  '私自占用、使用暂扣、扣留物品',
  '不按规定使用罚没票据，截留、私分、挪用罚没款物或未足额上缴罚款',
  '索贿受贿、玩忽职守、徇私枉法',
  '实施行政处罚显失公正',
  '其它应追究责任的行为',
]);

/** FL-9 lighter; FL-10 heavier (FL-10(6) repeated violations is derived from the history, never typed). */
export const FL9_LIGHTER = items('FL-9', ['情节轻微，不良影响或危害后果不大', '及时承认并主动纠正错误行为']);
export const FL10_HEAVIER = items('FL-10', [
  '坚持错误拒不改正',
  '设置障碍，篡改原始材料或拒不提供材料和证据',
  '对举报人或申请复议、提起诉讼的单位和个人打击报复',
  '履行公务中有索贿、受贿行为',
  '包庇纵容违法行为',
  '多次发生违法违规行为',
  '其他应当从重追究的行为',
]);
/** The circumstance the system derives itself (FL-10(6)); a user may not type it in. */
export const DERIVED_CIRCUMSTANCES = ['FL-10(6)'] as const;

export const WC7_LIGHTER_OR_EXEMPT = items('WC-7', [
  '法律、法规或规章规定不明确造成适用偏差',
  '处罚决定书送达后出现新证据，使原认定事实或性质发生变化',
  '因相对人过错或不可抗力等原因造成错案且执法人员无过错',
  '违法行为显著轻微，经批评教育后及时纠正',
  '发现错误后主动及时纠正，未造成不良后果',
  '因相对人弄虚作假、提供虚假材料或不可抗力导致错误',
]);
/** WC-8 has no numbered items: persisting in the error, letting harm happen, obstructing the investigation. */
export const WC8_HEAVIER: Record<string, string> = { 'WC-8': '坚持错误、放任危害后果发生或者阻碍调查人员履行职责' };

/** WC-5: the sources from which a case is defined as a wrong case. */
export const WC5_SOURCES = items('WC-5', [
  '执法监督（例行或专项）中发现的错误案件',
  '上报的重大行政处罚经上级审查认定存在错误',
  '行政复议决定撤销或者变更',
  '人民法院终审判决撤销、部分撤销、变更或责令重新作出',
  '给予行政赔偿',
  '经上级行政执法机关调查认定存在错误',
]);

/**
 * Forms of accountability a decision may impose, as citations. The rules engine orders them on
 * one ladder (lighter → heavier); here they are only the vocabulary of the decision form.
 */
export const ACCOUNTABILITY_FORMS: Record<string, string> = {
  ...items('FL-6', ['批评教育或在一定范围内通报批评', '责令作出书面检讨', '停止执行职务', '调离执法岗位', '给予纪律处分', '移送司法机关追究刑事责任']),
  'FL-11': '年度不予考核、延期晋职晋级、调离行政执法岗位等行政纪律处分',
  'FL-13': '责成承担部分或全部国家赔偿费用',
  'FL-14': '当年不得评为先进个人，所在单位不得评为先进集体',
  ...items('WC-10', ['责令作出书面检查', '通报批评', '取消当年评先资格和晋升资格', '暂停执法（暂扣行政执法证）', '责令调离执法岗位或者调离执法队伍', '行政处分']),
};

export const FAULT_IDS = [...Object.keys(FL7_FAULTS), ...Object.keys(WC6_FAULTS)];
export const TYPED_CIRCUMSTANCE_IDS = [
  ...Object.keys(FL9_LIGHTER),
  ...Object.keys(FL10_HEAVIER).filter((k) => !(DERIVED_CIRCUMSTANCES as readonly string[]).includes(k)),
  ...Object.keys(WC7_LIGHTER_OR_EXEMPT),
  ...Object.keys(WC8_HEAVIER),
];
export const FORM_IDS = Object.keys(ACCOUNTABILITY_FORMS);

/** Forms that the execution step turns into register changes or tracked items. */
export const FORMS_SUSPENDING_CERTIFICATE = ['WC-10(4)', 'FL-6(3)'];
export const FORMS_CHANGING_POST = ['FL-6(4)', 'WC-10(5)'];
export const FORMS_BARRING_AWARDS = ['FL-14', 'WC-10(3)'];
export const FORMS_BARRING_PROMOTION = ['WC-10(3)', 'FL-11'];

export const CITATION_LABELS: Record<string, string> = {
  ...FL7_FAULTS,
  ...WC6_FAULTS,
  ...FL9_LIGHTER,
  ...FL10_HEAVIER,
  ...WC7_LIGHTER_OR_EXEMPT,
  ...WC8_HEAVIER,
  ...WC5_SOURCES,
  ...ACCOUNTABILITY_FORMS,
};
