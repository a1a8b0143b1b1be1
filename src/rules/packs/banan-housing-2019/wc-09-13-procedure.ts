// WC-9 and WC-11 are procedure the case workflow enforces (deadlines come from parameters.ts);
// WC-12 does not exist in the source; WC-13 is the validity (see fl-15-17-procedure.ts).
import { absent, guard, rule, why } from './provision';

// 九、执法错案责任的追究程序：
export const WC_9 = guard(
  'WC-9',
  '执法错案责任的追究程序：',
  'Procedure for pursuing wrong-case liability:',
  'lifecycle',
  why('案件生命周期：立案、调查、追究三个阶段依次进行（各项分别落实）。', 'Case lifecycle: filing, investigation and pursuit in order (each item below).'),
);
// （一）立案。任何人均有权举报或投诉执法人员过错行为，委法制科应当及时受理，并负责答复。不属于本单位受理的
// 案件，应在受理后2日内转送有权部门处理。
export const WC_9_1 = guard(
  'WC-9(1)',
  '立案。任何人均有权举报或投诉执法人员过错行为，委法制科应当及时受理，并负责答复。不属于本单位受理的案件，应在受理后2日内转送有权部门处理。',
  'Filing: anyone may report or complain; the legal-affairs section accepts promptly and replies; a matter that is not the Commission’s is transferred to the competent body within 2 days of acceptance.',
  'intake.accept + intake.transfer',
  why(
    '受理与转送：受理后答复举报人；不属本委管辖的，自受理起 2 个工作日内转送（参数 deadlines.transferDays / transferDayKind，依行政处罚法第八十五条的读法按工作日计）。',
    'Acceptance and transfer: reply to the reporter; a matter outside the Commission is transferred within 2 working days of acceptance (parameter deadlines.transferDays / transferDayKind, working days by the reading of APL art. 85).',
  ),
);
// （二）调查。委法制科受理案件后，应当及时报委主要负责人，由委主要负责人指派人员及时组成调查组展开调查，可以
// 采取调阅有关案件材料、询问执法责任人、了解核实有关情况、询问行政相对人等方式进行。被调查执法人员应当积极
// 配合支持调查工作，提供有关事实、证据资料，不得提供伪证或利用其它手段阻碍调查工作。
export const WC_9_2 = guard(
  'WC-9(2)',
  '调查。委法制科受理案件后，应当及时报委主要负责人，由委主要负责人指派人员及时组成调查组展开调查，可以采取调阅有关案件材料、询问执法责任人、了解核实有关情况、询问行政相对人等方式进行。被调查执法人员应当积极配合支持调查工作，提供有关事实、证据资料，不得提供伪证或利用其它手段阻碍调查工作。',
  'Investigation: the case is reported to the main leader, who appoints an investigation team; methods include reading files and questioning the officers and the party. Subjects must cooperate and may not give false evidence or obstruct the investigation.',
  'investigation.team',
  why(
    '调查组指派：由委主要负责人指派，利害关系检查（被调查人及原案承办、批准、参与决定者不得加入）；被调查人阻碍调查的记录作为 WC-8 / FL-10(2) 情节录入认定。',
    'Team appointment by the main leader with a conflict-of-interest check (no subject, and nobody who handled, approved or decided the original case); obstruction by a subject is recorded and entered as WC-8 / FL-10(2) in the findings.',
  ),
);
// （三）追究。根据调查结果，认定错案性质、责任人后，经委领导集体讨论后及时做出处理决定，如涉嫌违纪违法及时
// 向有关部门报告。
export const WC_9_3 = guard(
  'WC-9(3)',
  '追究。根据调查结果，认定错案性质、责任人后，经委领导集体讨论后及时做出处理决定，如涉嫌违纪违法及时向有关部门报告。',
  'Pursuit: after finding the nature of the wrong case and the persons responsible, the Commission leadership decides collectively and promptly; suspected breaches of discipline or law are reported to the competent bodies.',
  'decision.collective + decision.transfer',
  why(
    '处理决定步骤：委领导集体讨论决定（记录会议）；涉嫌违纪违法的，决定中须登记向纪检监察或司法机关的报告/移送（与 FL-12 的移送建议对应）。',
    'Decision step: collective decision of the leadership, minuted; suspected breaches are reported or transferred to discipline or judicial bodies and recorded (matching FL-12’s transfer).',
  ),
);

// 十一、被追究人员对处理事实、决定不服的，可以进行陈述和申辩，也可以按照有关规定向行政执法监督部门或纪检、
// 监察部门提出申诉。
export const WC_11 = guard(
  'WC-11',
  '被追究人员对处理事实、决定不服的，可以进行陈述和申辩，也可以按照有关规定向行政执法监督部门或纪检、监察部门提出申诉。',
  'A person held liable who disagrees may state a defence and may appeal to the enforcement supervision department or to the discipline inspection and supervision bodies.',
  'defence.appeal',
  why(
    '陈述申辩与申诉步骤：处理决定通知书载明权利；记录申辩、申诉及结果（维持/变更/撤销），变更后的决定取代原决定，两者均保留。',
    'Defence and appeal step: the decision notice states the rights; defence, appeal and outcome (upheld / changed / revoked) are recorded; a changed decision supersedes the old, both kept.',
  ),
);

export const WC_12 = absent(
  'WC-12',
  why(
    '原文在第十一条之后直接为“第十三条”，没有第十二条；保留原文编号，此处记录空缺。',
    'The source goes from article 11 straight to an article numbered 第十三条; there is no article 12. The source numbering is kept and the gap recorded.',
  ),
);

// 第十三条 本办法自印发之日起实施。
export const WC_13 = rule('WC-13', '本办法自印发之日起实施。', 'This measure takes effect on the day it is issued.');

export const provisions = [WC_9, WC_9_1, WC_9_2, WC_9_3, WC_11, WC_12, WC_13];
