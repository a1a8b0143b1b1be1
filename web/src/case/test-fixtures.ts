// Data for the web component tests, shaped as the server sends it.
import type { FormRange, FormRef } from '../../../src/rules/types';
import type { Recommendation } from '../components/recommendation-panel';

const f = (id: string, rung: number, zh: string, en: string, citations: string[]): FormRef => ({ id, rung, zh, en, citations });

export const LADDER: FormRef[] = [
  f('FL-6(1)', 1, '批评教育或在一定范围内通报批评', 'Criticism and education, or a notice of criticism', ['FL-6(1)', 'FL-9']),
  f('FL-6(2)', 2, '责令作出书面检讨', 'Ordered to make a written self-examination', ['FL-6(2)', 'WC-10(1)']),
  f('bar', 3, '取消当年评先资格和晋升资格', 'Barred from awards and promotion this year', ['WC-10(3)']),
  f('FL-6(3)', 4, '停止执行职务', 'Suspension from duty', ['FL-6(3)', 'WC-10(4)']),
  f('FL-6(4)', 5, '调离执法岗位', 'Removal from enforcement post', ['FL-6(4)', 'WC-10(5)']),
  f('FL-6(5)', 6, '给予纪律处分', 'Disciplinary sanction', ['FL-6(5)', 'WC-10(6)']),
];

export const rangeOf = (lo: number, hi: number, exemptionAvailable = false): FormRange => {
  const permitted = LADDER.filter((x) => x.rung >= lo && x.rung <= hi);
  return { exemptionAvailable, min: permitted[0] ?? null, max: permitted[permitted.length - 1] ?? null, minRung: lo, maxRung: hi, permitted, citations: ['FL-9'] };
};

export const RECOMMENDATION: Recommendation = {
  status: 'ok',
  pack: { id: 'banan-housing-2019', title: { zh: '巴南区住建委2019年两办法', en: 'Banan Housing 2019 measures' }, validFrom: '2019-11-25', validTo: null },
  conductDate: '2025-06-01',
  caseRef: 'WZ-2025-001',
  wrongCase: { isWrongCase: false, source: null, trackApplies: false },
  caseConsequences: [],
  conflicts: [],
  explanation: { zh: '共 2 名被调查人，已按 FL-8 分配责任。', en: 'Two subjects; responsibility allocated under FL-8.' },
  subjects: [
    {
      subjectId: 'p-approver',
      name: '李审批',
      responsibility: 'primary',
      responsibilityBasis: ['FL-8(2)'],
      treatment: 'lighter',
      treatmentBasis: ['FL-9(2)'],
      unitId: 'u1',
      overridden: [],
      band: 'ordinary',
      bandBasis: [],
      faults: ['FL-7(3)'],
      circumstances: ['FL-9(2)'],
      derived: [],
      forms: rangeOf(1, 2),
      mandatory: [
        { kind: 'award_bar_person', ruleIds: ['FL-14'], conditional: true, unitId: null, year: 2025, zh: '当年不得评为先进个人', en: 'No "advanced individual" award this year' },
      ],
      compensation: { recoverable: false, shareRatio: 0.6, indicativeAmountYuan: 0, upToYuan: 0, ruleIds: ['FL-13', 'SCL-16'], reason: { zh: '一般过失：国家赔偿法第十六条不允许追偿。', en: 'Negligence only: SCL-16 allows no recovery.' } },
      conflict: null,
    },
    {
      subjectId: 'p-handler',
      name: '王承办',
      responsibility: 'as_appropriate',
      responsibilityBasis: ['FL-8(2)'],
      treatment: 'normal',
      treatmentBasis: [],
      unitId: 'u1',
      overridden: [],
      band: 'ordinary',
      bandBasis: [],
      faults: ['FL-7(3)'],
      circumstances: [],
      derived: [],
      forms: rangeOf(1, 3, true),
      mandatory: [],
      compensation: null,
      conflict: null,
    },
  ],
  warnings: [
    {
      code: 'higher_law_limit',
      severity: 'attention',
      subjectId: 'p-approver',
      ruleIds: ['FL-13', 'SCL-16'],
      zh: '过失不得追偿国家赔偿费用：《国家赔偿法》第十六条仅允许向有故意或者重大过失的工作人员追偿。',
      en: 'Compensation may not be recovered for mere negligence: State Compensation Law art. 16.',
    },
  ],
  trace: [
    {
      ruleId: 'FL-8(2)',
      subjectId: 'p-approver',
      outcome: 'fired',
      textZh: '批准人对承办人的错误意见失察，主要追究批准人的过错责任并同时酌情追究承办人的过错责任；多级批准时，主要追究最后批准人的过错责任并同时酌情追究有关批准人及承办人的过错责任；',
      zh: '最后批准人对承办人的错误意见失察：主要责任',
      en: 'The final approver failed to catch the wrong opinion: primary responsibility',
    },
    {
      ruleId: 'FL-9(2)',
      subjectId: 'p-approver',
      outcome: 'fired',
      textZh: '及时承认并主动纠正错误行为。',
      zh: '及时承认并主动纠正：从轻',
      en: 'Admitted and corrected promptly: lighter',
    },
    {
      ruleId: 'SCL-16',
      subjectId: 'p-approver',
      outcome: 'info',
      textZh: '赔偿义务机关赔偿损失后，应当责令有故意或者重大过失的工作人员或者受委托的组织或者个人承担部分或者全部赔偿费用。',
      zh: '仅故意或重大过失可追偿',
      en: 'Only intent or gross negligence allows recovery',
    },
  ],
};
