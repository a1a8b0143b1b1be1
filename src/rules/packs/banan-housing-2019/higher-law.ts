// Higher law the pack cites, kept as data with its citation so the UI can show it. A pack's
// rule never silently does what one of these forbids: the engine warns and cites both.
import type { HigherLawProvision } from '../../types';

export const SCL_16: HigherLawProvision = {
  id: 'SCL-16',
  law: { zh: '《中华人民共和国国家赔偿法》', en: 'State Compensation Law of the PRC' },
  article: '第十六条',
  textZh:
    '赔偿义务机关赔偿损失后，应当责令有故意或者重大过失的工作人员或者受委托的组织或者个人承担部分或者全部赔偿费用。对有故意或者重大过失的责任人员，有关机关应当依法给予处分；构成犯罪的，应当依法追究刑事责任。',
  en: 'After paying compensation, the compensating body shall order staff (or entrusted organisations or individuals) who acted with intent or gross negligence to bear part or all of it. Those persons shall be sanctioned according to law; crimes are prosecuted.',
  citation: '《中华人民共和国国家赔偿法》（1994年通过，2010年、2012年修正）第十六条',
  effectiveFrom: '2010-12-01',
};

export const APL_85: HigherLawProvision = {
  id: 'APL-85',
  law: { zh: '《中华人民共和国行政处罚法》', en: 'Administrative Penalty Law of the PRC' },
  article: '第八十五条',
  textZh: '本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。',
  en: 'In this Law, "two days", "three days", "five days" and "seven days" mean working days, excluding statutory holidays.',
  citation: '《中华人民共和国行政处罚法》（2021年1月22日修订，2021年7月15日起施行）第八十五条',
  effectiveFrom: '2021-07-15',
};

export const APL_64: HigherLawProvision = {
  id: 'APL-64',
  law: { zh: '《中华人民共和国行政处罚法》', en: 'Administrative Penalty Law of the PRC' },
  article: '第六十四条第（一）项',
  textZh: '当事人要求听证的，应当在行政机关告知后五日内提出。',
  en: 'A party who asks for a hearing shall do so within five days of being informed by the administrative organ.',
  citation: '《中华人民共和国行政处罚法》（2021年修订）第六十四条第（一）项',
  effectiveFrom: '2021-07-15',
};

export const APL_36: HigherLawProvision = {
  id: 'APL-36',
  law: { zh: '《中华人民共和国行政处罚法》', en: 'Administrative Penalty Law of the PRC' },
  article: '第三十六条第一款',
  textZh:
    '违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年。法律另有规定的除外。',
  en: 'A violation not discovered within two years is no longer penalised (five years where life, health or financial security is harmed), unless a law provides otherwise.',
  citation: '《中华人民共和国行政处罚法》（2021年修订）第三十六条第一款',
  effectiveFrom: '2021-07-15',
};

export const CC_203: HigherLawProvision = {
  id: 'CC-203',
  law: { zh: '《中华人民共和国民法典》', en: 'Civil Code of the PRC' },
  article: '第二百零三条',
  textZh: '期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。期间的最后一日的截止时间为二十四时；有业务时间的，停止业务活动的时间为截止时间。',
  en: 'Where the last day of a period is a statutory holiday, the day after the holiday ends is the last day. The last day ends at midnight, or at the close of business where there are business hours.',
  citation: '《中华人民共和国民法典》（2020年5月28日通过，2021年1月1日起施行）第二百零三条',
  effectiveFrom: '2021-01-01',
};

/** A change on the person's own 陈述申辩 is never heavier (read into WC-11 for the commission's review). */
export const APL_45: HigherLawProvision = {
  id: 'APL-45',
  law: { zh: '《中华人民共和国行政处罚法》', en: 'Administrative Penalty Law of the PRC' },
  article: '第四十五条第二款',
  textZh: '行政机关不得因当事人陈述、申辩而给予更重的处罚。',
  en: 'The administrative organ shall not impose a heavier penalty because the party stated a defence.',
  citation: '《中华人民共和国行政处罚法》（2021年修订）第四十五条第二款',
  effectiveFrom: '2021-07-15',
};

/** The same for a 申诉 of a civil servant (read into WC-11's 申诉). */
export const CSR_48: HigherLawProvision = {
  id: 'CSR-48',
  law: { zh: '《行政机关公务员处分条例》', en: 'Regulations on the Sanctions of Civil Servants of Administrative Organs' },
  article: '第四十八条第三款',
  textZh: '行政机关公务员不因提出复核、申诉而被加重处分。',
  en: 'A civil servant of an administrative organ shall not be given a heavier sanction for asking for a review or appealing.',
  citation: '《行政机关公务员处分条例》（2007年国务院令第495号）第四十八条第三款',
  effectiveFrom: '2007-06-01',
};

export const HIGHER_LAW: readonly HigherLawProvision[] = [SCL_16, APL_85, APL_64, APL_36, CC_203, APL_45, CSR_48];
