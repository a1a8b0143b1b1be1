// A second, deliberately small rule pack used by the tests: it proves that a pack loads and
// runs with no code change outside its folder (it is passed to evaluate() in a pack list, as a
// registry entry would be) and exercises what the real pack never produces on its own — a
// genuine equal-priority conflict (TP-2(1) vs TP-2(2)). Fictional text; never registered.
import type { EvalContext, Provision, RulePack } from '../../types';

const p = (id: string, textZh: string, extra: Partial<Provision> = {}): Provision => {
  const m = /^([A-Z]+)-(\d+)(?:\((\d+)\))?$/.exec(id)!;
  return {
    id,
    measure: m[1]!,
    article: Number(m[2]),
    item: m[3] ? Number(m[3]) : null,
    textZh,
    en: `(test) ${id}`,
    disposition: 'rule',
    ...extra,
  };
};

const hasRole = (roles: readonly { role: string }[], role: string) => roles.some((r) => r.role === role);

export const testPack2030: RulePack = {
  id: 'test-pack-2030',
  title: { zh: '测试规则包（2030）', en: 'Test pack (2030)' },
  validity: { from: '2030-01-01', to: null, citations: ['TP-6'], note: { zh: '测试用。', en: 'For tests.' } },
  measures: [
    {
      id: 'TP',
      title: { zh: '《测试办法》', en: 'Test measure' },
      articles: [
        { n: 1, items: 0 },
        { n: 2, items: 2 },
        { n: 3, items: 2 },
        { n: 4, items: 0 },
        { n: 5, items: 0 },
        { n: 6, items: 0 },
      ],
    },
  ],
  provisions: [
    p('TP-1', '承办人有过错的，追究承办人责任。'),
    p('TP-2', '有下列情形之一的：'),
    p('TP-2(1)', '主动纠正的，从轻处理；'),
    p('TP-2(2)', '拒不配合的，从重处理。'),
    p('TP-3', '处理方式：'),
    p('TP-3(1)', '警告；'),
    p('TP-3(2)', '记过。'),
    p('TP-4', '应当自受理之日起三日内转送，三十日内办结。', {
      disposition: 'workflow_guard',
      guard: { step: 'lifecycle.deadline', zh: '期限', en: 'deadlines' },
    }),
    p('TP-5', '本办法由测试机关负责解释。', { disposition: 'not_encoded', reason: { zh: '解释权条款。', en: 'An interpretation clause.' } }),
    p('TP-6', '本办法自2030年1月1日起施行。'),
  ],
  higherLaw: [],
  ladder: [
    { id: 'warning', rung: 1, zh: '警告', en: 'warning', citations: ['TP-3(1)'] },
    { id: 'demerit', rung: 2, zh: '记过', en: 'demerit', citations: ['TP-3(2)'] },
  ],
  parameters: {
    deadlines: {
      id: 'deadlines',
      title: { zh: '期限', en: 'Deadlines' },
      values: [
        {
          from: '2030-01-01',
          value: {
            transferDays: 3,
            transferDayKind: 'working',
            transferFrom: 'acceptance',
            transferCitations: ['TP-4'],
            handlingDays: 30,
            handlingDayKind: 'calendar',
            handlingFrom: 'investigation_start',
            handlingCitations: ['TP-4'],
          },
          citations: ['TP-4'],
          note: { zh: '测试。', en: 'Test.' },
        },
        {
          from: '2031-01-01',
          value: {
            transferDays: 5,
            transferDayKind: 'working',
            transferFrom: 'acceptance',
            transferCitations: ['TP-4'],
            handlingDays: 30,
            handlingDayKind: 'calendar',
            handlingFrom: 'investigation_start',
            handlingCitations: ['TP-4'],
          },
          citations: ['TP-4'],
          note: { zh: '测试：2031 年起改为 5 日。', en: 'Test: 5 days from 2031.' },
        },
      ],
    },
    formRanges: {
      id: 'formRanges',
      title: { zh: '幅度', en: 'Ranges' },
      values: [
        {
          from: '2030-01-01',
          value: Object.fromEntries(
            (['ordinary', 'serious', 'criminal'] as const).map((band) => [
              band,
              {
                cells: {
                  lighter_or_exempt: { lo: 0, hi: 1, citation: 'TP-2' },
                  lighter: { lo: 1, hi: 1, citation: 'TP-2' },
                  normal: { lo: 1, hi: 2, citation: 'TP-3' },
                  heavier: { lo: 2, hi: 2, citation: 'TP-2' },
                },
                asAppropriateLo: 1,
              },
            ]),
          ) as RulePack['parameters']['formRanges']['values'][number]['value'],
          citations: ['TP-3'],
          note: { zh: '测试。', en: 'Test.' },
        },
      ],
    },
  },
  priorities: [
    {
      priority: 1,
      ruleIds: ['TP-1', 'TP-2(1)', 'TP-2(2)'],
      label: { zh: '同级', en: 'One tier' },
      why: { zh: '测试包不规定从轻与从重何者优先。', en: 'The test pack does not rank lighter against heavier.' },
    },
  ],
  vocabulary: { faults: ['TP-1'], circumstances: ['TP-2(1)', 'TP-2(2)'], wrongCaseSources: [], derivedOnly: [] },
  modules: [
    { name: 'tp-3-ladder', implements: ['TP-3', 'TP-3(1)', 'TP-3(2)', 'TP-2'], phase: 'assess' },
    { name: 'tp-6-validity', implements: ['TP-6'], phase: 'case' },
    {
      name: 'tp-1-allocation',
      implements: ['TP-1'],
      phase: 'assess',
      run(ctx: EvalContext) {
        for (const s of ctx.subjects) {
          if (!hasRole(s.p.roles, 'handler')) continue;
          ctx.allocate(s, 'accountable', 'TP-1');
          ctx.trace('TP-1', 'fired', s.id, { zh: '承办人有过错。', en: 'The handler erred.' });
        }
      },
    },
    {
      name: 'tp-2-circumstances',
      implements: ['TP-2(1)', 'TP-2(2)'],
      phase: 'assess',
      run(ctx: EvalContext) {
        for (const s of ctx.subjects) {
          if (s.circumstances.includes('TP-2(1)')) ctx.effect(s, 'lighter', 'TP-2(1)');
          if (s.circumstances.includes('TP-2(2)')) ctx.effect(s, 'heavier', 'TP-2(2)');
        }
      },
    },
  ],
  unnamedCitation: 'TP-1',
  asAppropriateCitation: 'TP-1',
};
