// FL-9: lighter treatment (可酌情从轻) — a discretionary mitigation. Its forms (批评教育、责令检查、
// 通报批评) are the "lighter" cells of the range table (parameters.ts).
import type { RuleModule } from '../../types';
import { seriousOrBadInfluence } from './facts';
import { rule, why } from './provision';

// 九、有下列情形之一的，对过错责任人可酌情从轻处理，给予批评教育、责令检查、通报批评。
export const FL_9 = rule(
  'FL-9',
  '有下列情形之一的，对过错责任人可酌情从轻处理，给予批评教育、责令检查、通报批评。',
  'In any of the following cases the person at fault may be treated more lightly: criticism and education, an ordered self-examination, or a notice of criticism.',
);
// （一）情节轻微，造成的不良影响或危害后果不大；
export const FL_9_1 = rule(
  'FL-9(1)',
  '情节轻微，造成的不良影响或危害后果不大；',
  'the circumstances are minor and the adverse influence or harm is small;',
);
// （二）及时承认并主动纠正错误行为。
export const FL_9_2 = rule('FL-9(2)', '及时承认并主动纠正错误行为。', 'the person promptly admitted and corrected the wrong conduct.');

const W = {
  minor: why('情节轻微、危害后果不大：可酌情从轻。', 'Minor circumstances and little harm: may be treated more lightly.'),
  minorButSerious: why(
    '认定后果严重或影响恶劣，与“危害后果不大”相矛盾：FL-9(1) 不成立。',
    'The consequences are found serious or the influence bad, which contradicts "little harm": FL-9(1) does not hold.',
  ),
  corrected: why('及时承认并主动纠正：可酌情从轻。', 'Promptly admitted and corrected: may be treated more lightly.'),
  correctedButPersisted: why(
    '同时认定“及时承认并主动纠正”（FL-9(2)）和“坚持错误拒不改正”（FL-10(1)），两项认定互相矛盾，请核实。',
    'Both "promptly admitted and corrected" (FL-9(2)) and "persisted in the error" (FL-10(1)) are found: they contradict each other.',
  ),
};

export const fl09Lighter: RuleModule = {
  name: 'fl-09-lighter',
  implements: ['FL-9(1)', 'FL-9(2)'],
  phase: 'assess',
  run(ctx) {
    const serious = seriousOrBadInfluence(ctx);
    for (let i1_ = 0, a1_ = ctx.subjects; i1_ < a1_.length; i1_++) {
      const s = a1_[i1_]!;
      const cs = s.circumstances;
      // Most people have no circumstance: no includes() call on their empty list.
      if (cs.length === 0) continue;
      if (cs.includes('FL-9(1)')) {
        if (serious) {
          ctx.trace(FL_9_1, 'not_applied', s.id, W.minorButSerious);
          ctx.warn('precondition_not_met', s.id, ['FL-9(1)'], W.minorButSerious);
        } else {
          ctx.effect(s, 'lighter', 'FL-9(1)');
          ctx.trace(FL_9_1, 'fired', s.id, W.minor);
        }
      }
      if (cs.includes('FL-9(2)')) {
        ctx.effect(s, 'lighter', 'FL-9(2)');
        ctx.trace(FL_9_2, 'fired', s.id, W.corrected);
        if (cs.includes('FL-10(1)')) ctx.warn('inconsistent_findings', s.id, ['FL-9(2)', 'FL-10(1)'], W.correctedButPersisted);
      }
    }
  },
};

export const provisions = [FL_9, FL_9_1, FL_9_2];
