// Coverage of the pack (every article and item accounted for, each cited by a test), the
// CLI-ready commands, and the published JSON Schemas.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT, rulesCoverageCommand, rulesEvaluateCommand } from './cli';
import { citationsOfTestName, coverage as coverageOf } from './coverage';
import { scanTests } from './coverage-scan';
import { coverage } from './index';
import { SCHEMA_FILES, schemaFileContent } from './json-schemas';
import { bananHousing2019 } from './packs/banan-housing-2019';
import { facts, handler, wrongCase } from './testing';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const example = (f: string) => path.join(root, 'docs/rules/examples', f);

describe('coverage', () => {
  it('every FL and WC article and item appears exactly once — rule, workflow guard or not encoded', () => {
    const r = coverage('banan-housing-2019');
    expect(r.unaccounted).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.entries).toHaveLength(100);
    expect(r.entries.filter((e) => e.measure === 'FL')).toHaveLength(51);
    expect(r.entries.filter((e) => e.measure === 'WC')).toHaveLength(49);
    expect(new Set(r.entries.map((e) => e.id)).size).toBe(100);
    for (const e of r.entries) {
      if (e.disposition === 'rule') expect(e.implementedBy.length, e.id).toBeGreaterThan(0);
      if (e.disposition === 'workflow_guard') expect(e.guard?.step, e.id).toBeTruthy();
      if (e.disposition === 'not_encoded') expect(e.reason?.zh, e.id).toBeTruthy();
    }
  });

  it('every provision is cited by at least one test whose name starts with it', () => {
    const r = coverage(bananHousing2019, scanTests());
    expect(r.untested).toEqual([]);
    expect(r.entries.find((e) => e.id === 'FL-8(2)')?.tests.length).toBeGreaterThan(2);
  });

  it('a provision missing from the pack makes it incomplete', () => {
    // WC-9(2) is cited by nothing else in the pack: its absence is the one problem.
    const r = coverageOf({ ...bananHousing2019, provisions: bananHousing2019.provisions.filter((p) => p.id !== 'WC-9(2)') });
    expect(r.ok).toBe(false);
    expect(r.unaccounted).toEqual(['WC-9(2): not in the pack']);
    // WC-11 is the basis of the dated parameter defencePeriod (the period to state a defence):
    // without WC-11 that citation points nowhere, which is a second, separate problem.
    const cited = coverageOf({ ...bananHousing2019, provisions: bananHousing2019.provisions.filter((p) => p.id !== 'WC-11') });
    expect(cited.ok).toBe(false);
    expect(cited.unaccounted).toEqual(['pack definition: rule pack banan-housing-2019: parameter defencePeriod cites unknown WC-11', 'WC-11: not in the pack']);
    const noRule = coverageOf({ ...bananHousing2019, provisions: bananHousing2019.provisions.filter((p) => p.id !== 'FL-9(2)') });
    expect(noRule.unaccounted).toEqual(expect.arrayContaining([expect.stringContaining('pack definition'), 'FL-9(2): not in the pack']));
  });

  it('reads the citations a test name starts with', () => {
    expect(citationsOfTestName('FL-8(2): last approver')).toEqual(['FL-8(2)']);
    expect(citationsOfTestName('FL-9(1), FL-9(2): lighter')).toEqual(['FL-9(1)', 'FL-9(2)']);
    expect(citationsOfTestName('E1 (WC-5(3)): …')).toEqual([]);
    expect(citationsOfTestName('recommendation — FL-8(2): later')).toEqual(['FL-8(2)']);
    expect(citationsOfTestName('WC-7(3), WC-8: conflict')).toEqual(['WC-7(3)', 'WC-8']);
  });
});

describe('CLI commands', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wenze-rules-'));
  const file = (name: string, body: unknown) => {
    const p = path.join(tmp, name);
    writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
    return p;
  };

  it('evaluate prints a readable Chinese report and exits 0', async () => {
    const r = await rulesEvaluateCommand(example('e1-approver-missed-handler-error.json'), { json: false });
    expect(r.exitCode).toBe(EXIT.ok);
    expect(r.output).toContain('一、责任人及建议');
    expect(r.output).toContain('科长乙（B）');
    expect(r.output).toContain('主要责任（FL-8(2)）');
    expect(r.output).toContain('原文：批准人对承办人的错误意见失察');
  });

  it('evaluate --json prints the recommendation', async () => {
    const r = await rulesEvaluateCommand(example('e4-serious-obstruction.json'), { json: true });
    expect(r.exitCode).toBe(0);
    const rec = JSON.parse(r.output);
    expect(rec.subjects[0].treatment).toBe('heavier');
    expect(rec.explanation.zh).toContain('执法队员辛');
  });

  it('evaluate exits 2 on unreadable, malformed or invalid input', async () => {
    expect((await rulesEvaluateCommand(path.join(tmp, 'missing.json'), { json: false })).exitCode).toBe(EXIT.invalidInput);
    expect((await rulesEvaluateCommand(file('bad.json', '{'), { json: false })).exitCode).toBe(EXIT.invalidInput);
    const invalid = await rulesEvaluateCommand(file('invalid.json', { ...facts(), conductDate: 'yesterday' }), { json: true });
    expect(invalid.exitCode).toBe(EXIT.invalidInput);
    expect(JSON.parse(invalid.output).error.code).toBe('VALIDATION_FAILED');
    const unknown = await rulesEvaluateCommand(file('unknown.json', facts({ participants: [handler('H', { faults: ['FL-7(12)'] })] })), { json: false });
    expect(unknown.exitCode).toBe(EXIT.invalidInput);
    expect(unknown.output).toContain('FL-7(12)');
  });

  it('evaluate exits 3 on a rule conflict and 4 when no rules were in force', async () => {
    const conflict = wrongCase({ participants: [handler('H', { culpability: 'negligence', circumstances: ['WC-7(3)'] })] });
    const c = await rulesEvaluateCommand(file('conflict.json', conflict), { json: false });
    expect(c.exitCode).toBe(EXIT.conflict);
    expect(c.output).toContain('规则冲突');
    const n = await rulesEvaluateCommand(file('early.json', facts({ conductDate: '2018-01-01' })), { json: false });
    expect(n.exitCode).toBe(EXIT.noRulesInForce);
    expect(n.output).toContain('无有效规则');
  });

  it('coverage prints every article and item and exits 0; non-zero when something is unaccounted for', async () => {
    const r = await rulesCoverageCommand({ json: false });
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain('WC-12');
    expect(r.output).toContain('原文无此条');
    const json = JSON.parse((await rulesCoverageCommand({ json: true })).output);
    expect(json.packId).toBe('banan-housing-2019');
    const broken = { ...bananHousing2019, provisions: bananHousing2019.provisions.filter((p) => p.id !== 'WC-11') };
    expect((await rulesCoverageCommand({ json: false }, [broken])).exitCode).toBe(EXIT.unaccounted);
  });
});

describe('published schemas', () => {
  it('docs/rules/*.schema.json match the zod schemas (regenerate with src/rules/scripts/write-schemas.ts)', () => {
    for (const { file, build } of SCHEMA_FILES) {
      expect(readFileSync(path.join(root, file), 'utf8'), file).toBe(schemaFileContent(build));
    }
  });

  it('the worked examples in docs/rules/examples are valid facts', async () => {
    for (const f of ['e1-approver-missed-handler-error.json', 'e2-collective-decision.json', 'e3-minor-slip-corrected.json', 'e4-serious-obstruction.json']) {
      expect((await rulesEvaluateCommand(example(f), { json: true })).exitCode, f).toBe(0);
    }
  });
});
