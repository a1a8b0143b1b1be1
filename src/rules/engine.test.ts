// The engine core: dated packs, the registry, a second pack with no code change, conflicts,
// input checks, determinism, and the public API around them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { testPack2030 } from './__fixtures__/test-pack-2030';
import { compilePack, PackDefinitionError } from './compile';
import {
  coverage,
  evaluate,
  evaluateOrThrow,
  getDeadlineParameters,
  getRuleText,
  listPacks,
  NoRulesInForceError,
  packInForce,
  parseFacts,
  REGISTERED_PACKS,
  RuleConflictError,
} from './index';
import { bananHousing2019 } from './packs/banan-housing-2019';
import type { RulePack } from './types';
import { evaluated, facts, handler, person, run, subject, traceOf, wrongCase } from './testing';

const BOTH: readonly RulePack[] = [bananHousing2019, testPack2030];
const tpFacts = (circumstances: string[] = []) =>
  facts({ conductDate: '2030-03-01', participants: [handler('H', { faults: ['TP-1'], circumstances })] });

describe('dated packs', () => {
  it('picks the pack in force on the conduct date and says so in the trace', () => {
    const before = evaluated(facts({ conductDate: '2029-12-31' }), { packs: BOTH });
    expect(before.pack.id).toBe('banan-housing-2019');
    const after = evaluated(tpFacts(), { packs: BOTH });
    expect(after.pack).toEqual({ id: 'test-pack-2030', title: testPack2030.title, validFrom: '2030-01-01', validTo: null });
    expect(after.trace[0]).toMatchObject({ ruleId: 'TP-6', outcome: 'selected', textZh: '本办法自2030年1月1日起施行。' });
    expect(packInForce('2030-01-01', { packs: BOTH })?.id).toBe('test-pack-2030');
    expect(packInForce('2029-12-31', { packs: BOTH })?.id).toBe('banan-housing-2019');
  });

  it('conduct before every pack is "no rules in force", listing the packs — never a silent default', () => {
    const rec = run(facts({ conductDate: '2019-11-24' }));
    expect(rec).toMatchObject({
      status: 'no_rules_in_force',
      conductDate: '2019-11-24',
      packs: [{ id: 'banan-housing-2019', validFrom: '2019-11-25', validTo: null }],
      trace: [],
    });
    expect(rec.explanation.zh).toContain('没有有效的规则包');
    expect(packInForce('2019-11-24')).toBeNull();
    expect(() => evaluateOrThrow(facts({ conductDate: '2019-11-24' }))).toThrow(NoRulesInForceError);
  });

  it('a second pack loads and runs with no code change outside its folder', () => {
    const rec = evaluated(tpFacts(), { packs: BOTH });
    const h = subject(rec, 'H');
    expect(h).toMatchObject({ responsibility: 'accountable', responsibilityBasis: ['TP-1'], treatment: 'normal' });
    expect(h.forms?.permitted.map((f) => f.id)).toEqual(['warning', 'demerit']);
    expect(coverage(testPack2030).ok).toBe(true);
    expect(getDeadlineParameters(testPack2030, '2030-06-01')).toMatchObject({ transferDays: 3, handlingDays: 30 });
    expect(getDeadlineParameters(testPack2030, '2031-06-01').transferDays).toBe(5);
    expect(getRuleText('TP-2(2)', { packs: BOTH })?.textZh).toBe('拒不配合的，从重处理。');
  });

  it('two applicable rules of equal priority that contradict each other are a conflict listing both ids', () => {
    const f = tpFacts(['TP-2(1)', 'TP-2(2)']);
    const rec = evaluated(f, { packs: BOTH });
    expect(rec.status).toBe('conflict');
    expect(rec.conflicts).toEqual([expect.objectContaining({ subjectId: 'H', ruleIds: ['TP-2(2)', 'TP-2(1)'] })]);
    expect(subject(rec, 'H')).toMatchObject({ treatment: null, forms: null });
    expect(traceOf(rec, 'TP-2(1)', 'H')[0]?.outcome).toBe('conflict');
    try {
      evaluateOrThrow(f, { packs: BOTH });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleConflictError);
      expect((e as RuleConflictError).ruleIds).toEqual(['TP-2(2)', 'TP-2(1)']);
      expect((e as RuleConflictError).toJSON().error.code).toBe('RULE_CONFLICT');
    }
  });

  it('a pack list with two packs starting the same day is refused', () => {
    const clone: RulePack = { ...testPack2030, id: 'clone', validity: { ...testPack2030.validity } };
    expect(() => evaluate(tpFacts(), { packs: [testPack2030, clone] })).toThrow(/start on 2030-01-01/);
  });

  it('the engine core names no article of any measure (everything legal is in the pack)', () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const core = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'testing.ts');
    for (const f of core) {
      const src = readFileSync(path.join(dir, f), 'utf8').replace(/^\s*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      expect(src, f).not.toMatch(/['"`](FL|WC|SCL|APL)-\d/);
    }
  });
});

describe('pack loading', () => {
  const broken = (change: Partial<RulePack>): RulePack => ({ ...testPack2030, ...change });

  it('rejects a provision listed twice', () => {
    expect(() => compilePack(broken({ provisions: [...testPack2030.provisions, testPack2030.provisions[0]!] }))).toThrow(PackDefinitionError);
  });

  it('rejects a workflow guard that names no step, and a module implementing an unknown provision', () => {
    const g = { ...testPack2030.provisions.find((x) => x.id === 'TP-4')!, guard: undefined };
    expect(() => compilePack(broken({ provisions: testPack2030.provisions.map((x) => (x.id === 'TP-4' ? g : x)) }))).toThrow(/names no workflow step/);
    expect(() => compilePack(broken({ modules: [{ name: 'x', implements: ['TP-99'], phase: 'assess' }] }))).toThrow(/unknown TP-99/);
  });

  it('rejects a ladder with gaps and a range table outside the ladder', () => {
    expect(() => compilePack(broken({ ladder: [{ id: 'a', rung: 2, zh: 'a', en: 'a', citations: [] }] }))).toThrow(/without gaps/);
  });
});

describe('input', () => {
  it('parseFacts reports every problem with its path', () => {
    const bad = {
      ...facts(),
      conductDate: '2021-02-30',
      participants: [handler('H'), handler('H'), person('S', { roles: [{ role: 'assigner', assignedIds: ['nobody'] }] })],
    };
    try {
      parseFacts(bad);
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('VALIDATION_FAILED');
      const issues = (e as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
      expect(issues).toEqual(expect.arrayContaining(['conductDate']));
    }
    expect(() => parseFacts({ ...facts(), participants: [handler('H'), handler('H')] })).toThrow(/duplicate id H/);
    expect(() => parseFacts({ ...facts(), participants: [person('S', { roles: [{ role: 'assigner', assignedIds: ['nobody'] }] })] })).toThrow(
      /unknown participant nobody/,
    );
    expect(() => parseFacts({ ...facts(), extra: 1 })).toThrow();
  });

  it('evaluate refuses citations the pack in force does not know', () => {
    try {
      evaluate(facts({ participants: [handler('H', { circumstances: ['FL-11(1)'] })] }));
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('VALIDATION_FAILED');
      expect((e as Error).message).toContain('FL-11(1)');
    }
  });

  it('shares law data between results only frozen, so one consumer cannot change the next case', () => {
    const rec = evaluated(facts());
    expect(() => subject(rec, 'H').forms!.permitted.push(subject(rec, 'H').forms!.permitted[0]!)).toThrow(TypeError);
    expect(() => {
      (rec.pack.title as { zh: string }).zh = 'x';
    }).toThrow(TypeError);
    expect(Object.isFrozen(bananHousing2019.provisions[0])).toBe(true);
  });

  it('is deterministic and leaves the facts untouched', () => {
    const f = parseFacts(JSON.parse(readFileSync(new URL('../../docs/rules/examples/e4-serious-obstruction.json', import.meta.url), 'utf8')));
    const snapshot = JSON.stringify(f);
    const a = JSON.stringify(evaluate(f));
    const b = JSON.stringify(evaluate(f));
    expect(a).toBe(b);
    expect(JSON.stringify(f)).toBe(snapshot);
  });
});

describe('public API', () => {
  it('listPacks and getRuleText', () => {
    expect(listPacks()).toEqual([
      expect.objectContaining({ id: 'banan-housing-2019', validFrom: '2019-11-25', validTo: null, validityCitations: ['FL-17', 'WC-13'] }),
    ]);
    expect(getRuleText('FL-8(2)')).toMatchObject({ kind: 'provision', packId: 'banan-housing-2019', disposition: 'rule', source: { zh: '《行政执法过错责任追究办法》' } });
    expect(getRuleText('FL-99')).toBeNull();
    expect(REGISTERED_PACKS).toHaveLength(1);
  });

  it('the explanation is short, Chinese first, English available, and part of the JSON', () => {
    const rec = run(wrongCase({ participants: [handler('H', { name: '张三' })] }));
    expect(rec.explanation.zh).toMatch(/^适用规则包 banan-housing-2019/);
    expect(rec.explanation.zh).toContain('张三：追究责任（FL-8(1)）');
    expect(rec.explanation.en).toContain('held accountable (FL-8(1))');
    expect(JSON.parse(JSON.stringify(rec)).explanation).toEqual(rec.explanation);
  });

  it('a result\'s trace is its own evaluation\'s, whatever was evaluated since, six fields a line, and part of the JSON (FL-8(1), FL-8(3))', () => {
    const a = evaluateOrThrow(facts({ participants: [handler('H')] }));
    // Evaluated before `a.trace` is read: the engine reuses its trace buffer from one evaluation to the next.
    const b = evaluateOrThrow(facts({ participants: [handler('K'), person('M', { roles: [{ role: 'collective_member', chair: true, opinion: 'agreed' }] })] }));
    expect(a.trace.some((t) => t.subjectId === 'K' || t.subjectId === 'M')).toBe(false);
    expect(a.trace.some((t) => t.subjectId === 'H' && t.ruleId === 'FL-8(1)')).toBe(true);
    expect(b.trace.some((t) => t.subjectId === 'H')).toBe(false);
    expect(a.trace).toBe(a.trace);
    expect(Object.keys(a.trace[0]!)).toEqual(['ruleId', 'subjectId', 'outcome', 'textZh', 'zh', 'en']);
    expect(JSON.parse(JSON.stringify(a)).trace).toEqual(a.trace);
  });
});
