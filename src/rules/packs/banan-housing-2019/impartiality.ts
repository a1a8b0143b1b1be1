// Impartiality of the process (回避, 调查与决定分离, honest step dates). The two measures do not
// spell these out: they follow from FL-5(1) 实事求是、客观公正 and, by analogy, from general
// administrative law (《中华人民共和国行政处罚法》(2021) 第四十三条: 执法人员与案件有直接利害关系
// 或者有其他关系可能影响公正执法的，应当回避). Each safeguard is a dated parameter of the pack,
// on by default, so switching one off is a visible, dated, reasoned entry here — never a code
// change. The workflow reads them through src/policies/recusal.ts (impartialityParams).
import type { DatedParameter } from '../../types';
import { why } from './provision';

const FROM = '2019-11-25';

/** One safeguard: on or off, with the basis as text (cited in every refusal). */
export interface ImpartialitySwitch {
  readonly enabled: boolean;
  readonly basisZh: string;
  readonly basisEn: string;
}

const BASIS_RECUSAL = {
  basisZh: 'FL-5(1)；参照《中华人民共和国行政处罚法》第四十三条',
  basisEn: 'FL-5(1); by analogy, Administrative Penalty Law of the PRC art. 43',
};
const BASIS_SEPARATION = {
  basisZh: 'FL-5(1)（调查与决定分离）；参照《中华人民共和国行政处罚法》第五十四条、第五十七条',
  basisEn: 'FL-5(1) (investigation separate from decision); by analogy, Administrative Penalty Law arts. 54, 57',
};

const on = (id: string, zh: string, en: string, basis: { basisZh: string; basisEn: string }, noteZh: string, noteEn: string): DatedParameter<ImpartialitySwitch> => ({
  id,
  title: why(zh, en),
  values: [{ from: FROM, value: { enabled: true, ...basis }, citations: ['FL-5(1)'], note: why(noteZh, noteEn) }],
});

export const recusalSubject = on(
  'recusalSubject',
  '回避：本案被调查人',
  'Recusal: a subject of this case',
  BASIS_RECUSAL,
  '本案被调查人不得办理本案任何步骤（与案件有直接利害关系）。',
  'A subject of the case takes no step on it (a direct interest in the case).',
);
export const recusalOriginalParticipant = on(
  'recusalOriginalParticipant',
  '回避：原执法案件参与人',
  'Recusal: a participant of the original enforcement case',
  BASIS_RECUSAL,
  '原执法案件的承办人、各级审核审批人、集体讨论成员（主持人）、授意指使的负责人、指派承办的人员（FL-8 所列角色）不得办理倒查本案的任何步骤。',
  'The handler, approvers at any level, members (and chair) of the collective deliberation, instructing leader and assigner of the original case (the roles of FL-8) take no step on the case reviewing it.',
);
export const recusalRelationship = on(
  'recusalRelationship',
  '回避：申报的近亲属或其他利害关系',
  'Recusal: a declared close-relative or other relationship',
  BASIS_RECUSAL,
  '与本案被调查人或原执法案件参与人有申报的近亲属关系或其他利害关系的人员不得办理本案步骤。',
  'A person with a declared close-relative or other relationship to a subject or to a participant of the original case takes no step on it.',
);
export const recusalReporter = on(
  'recusalReporter',
  '回避：本单位工作人员为举报人',
  'Recusal: the reporter, when staff',
  BASIS_RECUSAL,
  '举报人为本单位工作人员的，其不得办理该案步骤。',
  'A member of staff who reported the matter takes no step on the case.',
);
export const separationInvestigationDecision = on(
  'separationInvestigationDecision',
  '调查与决定分离：调查组成员不得参与本案决定',
  'Separation: a member of the investigation team does not decide',
  BASIS_SEPARATION,
  '本案调查组成员不得办理立案、处理决定、退回补充调查、复核等决定步骤，也不得在本案决定中表决。',
  'A member of the case’s investigation team takes no decision step (registration, decision, return, appeal decision) and does not vote on the case’s decision.',
);
export const separationAccepterChair = on(
  'separationAccepterChair',
  '调查与决定分离：受理人不得主持本案决定',
  'Separation: the person who accepted the report does not chair the decision',
  BASIS_SEPARATION,
  '受理本案的人员不得主持（办理）本案的立案或处理决定。',
  'The person who accepted the case does not chair (take) its registration or decision.',
);

/** How many days before the moment of recording a step may be dated without a reason. */
export const backdateDays: DatedParameter<{ readonly days: number; readonly basisZh: string; readonly basisEn: string }> = {
  id: 'backdateDays',
  title: why('补录（倒签）步骤须说明理由的天数', 'Days after which a back-dated step needs a reason'),
  values: [
    {
      from: FROM,
      value: { days: 3, basisZh: 'FL-5(1)；程序正当', basisEn: 'FL-5(1); due process' },
      citations: ['FL-5(1)'],
      note: why(
        '步骤日期早于录入之日 3 日以上的，须说明补录理由；该步骤在时间线上标注并计入统计。',
        'A step dated more than 3 days before it is recorded needs a reason; it is marked on the timeline and counted in the statistics.',
      ),
    },
  ],
};

export const IMPARTIALITY_PARAMETERS = {
  recusalSubject,
  recusalOriginalParticipant,
  recusalRelationship,
  recusalReporter,
  separationInvestigationDecision,
  separationAccepterChair,
  backdateDays,
};
