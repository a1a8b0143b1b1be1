// FL-15 and FL-16 are procedure: the case workflow enforces them (the deadline is a pack
// parameter the workflow reads, see parameters.ts). FL-17 is the pack's validity.
import type { RuleModule } from '../../types';
import { guard, rule, why } from './provision';

// 十五、办理执法过错追究的日常工作由委法制科负责；有关立案、处理决定由委党委会会议确定。
export const FL_15 = guard(
  'FL-15',
  '办理执法过错追究的日常工作由委法制科负责；有关立案、处理决定由委党委会会议确定。',
  "The legal-affairs section runs the daily work; registration and the handling decision are decided by the Commission's Party committee meeting.",
  'registration.collective + decision.collective',
  why(
    '案件流程：日常办理角色为委法制科；立案和处理决定两个步骤须由委党委会会议集体决定并记录会议。',
    'Case workflow: the clerk role (legal-affairs section) runs the case; registration and the handling decision are collective steps of the Party committee meeting, with minutes.',
  ),
);

// 十六、追究执法过错责任应当自调查之日起 60 天内处理完毕。
export const FL_16 = guard(
  'FL-16',
  '追究执法过错责任应当自调查之日起 60 天内处理完毕。',
  'Fault liability shall be handled within 60 days from the day the investigation starts.',
  'lifecycle.deadline.handling',
  why(
    '案件生命周期：自调查开始之日起 60 个自然日的办理期限（参数 deadlines.handlingDays），到期前提醒、逾期报告。',
    'Case lifecycle: a 60 calendar-day handling deadline from the start of the investigation (parameter deadlines.handlingDays), warned before and reported when missed.',
  ),
);

// 十七、本办法自印发之日起施行。
export const FL_17 = rule('FL-17', '本办法自印发之日起施行。', 'This measure takes effect on the day it is issued.');

/**
 * FL-17 and WC-13: both measures take effect on issue, 2019-11-25 (the date of the notice).
 * Encoded as the pack's validity (index.ts); the engine selects the pack by the conduct date
 * and writes a 'selected' trace line citing both.
 */
export const validity: RuleModule = { name: 'validity', implements: ['FL-17', 'WC-13'], phase: 'case' };

export const provisions = [FL_15, FL_16, FL_17];
