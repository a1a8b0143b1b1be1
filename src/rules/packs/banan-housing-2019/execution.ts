// Execution of a decision (issue 10 point 14: one home for every legal fact): which tracked
// execution item each imposed form becomes, the consequences that follow by law (FL-14 award
// bars, FL-13 recovery), the item a WC-9(3)/FL-12 referral becomes, and the kinds of formal
// sanction the execution step records. The case workflow (src/services/cases/steps-execution.ts)
// and the web (GET /api/v1/rules/vocabulary) read them from here.
import type { PackExecution } from '../../types';

export const EXECUTION: PackExecution = {
  kinds: {
    criticism_education: { zh: '批评教育', en: 'Criticism and education (批评教育)', forms: ['FL-6(1)'] },
    written_self_examination: { zh: '书面检查', en: 'Written self-examination (书面检查)', forms: ['FL-6(2)', 'WC-10(1)'] },
    notice_of_criticism: { zh: '通报批评', en: 'Notice of criticism (通报批评)', forms: ['WC-10(2)'] },
    certificate_suspension: { zh: '停止执行职务 / 暂扣执法证', en: 'Suspension; certificate withheld (暂扣执法证)', forms: ['WC-10(4)', 'FL-6(3)'], formLabels: { 'FL-6(3)': '停止执行职务', 'WC-10(4)': '暂停执法（暂扣行政执法证）' } },
    post_change: { zh: '调离执法岗位', en: 'Removal from the enforcement post (调离)', forms: ['FL-6(4)', 'WC-10(5)'] },
    // 取消当年评先资格和晋升资格 (WC-10(3)); FL-11 年度不予考核、延期晋职晋级: per person and year,
    // in effect the moment they are recorded.
    award_bar_person: { zh: '当年不得评先（个人）', en: 'No award this year (person)', forms: ['WC-10(3)'], perYear: true, inEffectOnRecord: true },
    promotion_bar_person: { zh: '取消当年晋升资格', en: 'No promotion this year', forms: ['WC-10(3)'], perYear: true, inEffectOnRecord: true },
    assessment_bar_person: { zh: '年度不予考核', en: 'No annual assessment (年度不予考核)', forms: ['FL-11'], perYear: true, inEffectOnRecord: true },
    promotion_delay_person: { zh: '延期晋职晋级', en: 'Promotion delayed (延期晋职晋级)', forms: ['FL-11'], perYear: true, inEffectOnRecord: true },
    award_bar_unit: { zh: '当年不得评先（单位）', en: 'No award this year (unit)', forms: [], perYear: true, inEffectOnRecord: true },
    disciplinary_sanction: { zh: '纪律处分 / 行政处分', en: 'Disciplinary sanction (处分)', forms: ['FL-6(5)', 'WC-10(6)'] },
    judicial_transfer: { zh: '移送司法机关', en: 'Transfer to the judicial organs', forms: ['FL-6(6)'], referral: true },
    discipline_transfer: { zh: '移送纪检监察机关', en: 'Transfer to the discipline bodies', forms: [], referral: true },
    supervision_referral: { zh: '报告监察委员会', en: 'Report to the supervision commission', forms: [], referral: true },
    compensation_recovery: { zh: '追偿国家赔偿费用', en: 'Compensation recovery (追偿)', forms: [] },
    // WC-11: the decision was revoked or the amount lowered after the recovery was paid — the
    // commission returns what it holds above what is now owed (an item of its own, not a form).
    compensation_refund: { zh: '退还已追偿的赔偿费用', en: 'Refund of compensation recovered (退还)', forms: [] },
    other: { zh: '其他', en: 'Other', forms: [] },
  },
  // FL-14: 因执法过错受到追究的责任人当年不得评为先进个人，所在单位不得评为先进集体 — follows from
  // being held accountable on the fault track, whether or not FL-14 was ticked.
  awardBars: { citation: 'FL-14', person: 'award_bar_person', unit: 'award_bar_unit' },
  // FL-13: 责成过错人承担部分或全部赔偿费用 — tracked to payment.
  // WC-11 申诉: when the outside body revokes or changes the decision, what was paid above the new
  // amount is returned by the commission — tracked as a refund item (退还) until recorded done.
  recovery: { citation: 'FL-13', kind: 'compensation_recovery', refund: { kind: 'compensation_refund', citation: 'WC-11' } },
  // WC-9(3) 如涉嫌违纪违法及时向有关部门报告; FL-12 构成犯罪的，移交司法机关.
  referrals: {
    judicial: { kind: 'judicial_transfer', citation: 'FL-12', zh: '司法机关', en: 'the judicial organs' },
    discipline_inspection: { kind: 'discipline_transfer', citation: 'WC-9(3)', zh: '纪检监察机关', en: 'the discipline inspection body' },
    supervision_commission: { kind: 'supervision_referral', citation: 'WC-9(3)', zh: '监察委员会', en: 'the supervision commission' },
  },
  // FL-6(5) 纪律处分 / WC-10(6) 行政处分: the kinds of 处分 (公务员法 art. 62).
  sanctionKinds: {
    warning: { zh: '警告', en: 'warning' },
    demerit: { zh: '记过', en: 'demerit' },
    major_demerit: { zh: '记大过', en: 'major demerit' },
    demotion: { zh: '降级', en: 'demotion' },
    dismissal_from_post: { zh: '撤职', en: 'dismissal from post' },
    expulsion: { zh: '开除', en: 'expulsion' },
  },
  // Short labels for the three whole-article forms (their full text is shown by the engine).
  formShortLabels: {
    'FL-11': '年度不予考核、延期晋职晋级、调离行政执法岗位等行政纪律处分',
    'FL-13': '责成承担部分或全部国家赔偿费用',
    'FL-14': '当年不得评为先进个人，所在单位不得评为先进集体',
  },
};
