// Engine equivalence (issue 10): the engine's full serialised output — subjects, trace lines
// with their citations and texts, warnings, explanation — on the bench's rotating cases and on
// 400 generated cases is exactly what the engine gave before the performance work. The fixture
// (inputs and outputs) was recorded from the engine before any change; performance changes
// must leave it equal. Re-record only for a deliberate change of output:
//   WENZE_RECORD_EQUIVALENCE=1 npx vitest run --project unit src/rules/engine-equivalence.test.ts
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROTATION } from '../../bench/rules-cases';
import { factsArbOf } from './arbitraries';
import { bananHousing2019 } from './packs/banan-housing-2019';
import { evaluate } from './index';
import type { Facts } from './schema';

const FIXTURE = new URL('./__fixtures__/equivalence/cases.json', import.meta.url);

/** A recorded case: its facts, and its output in full (bench cases) or as a SHA-256 of the JSON. */
interface Entry {
  facts: Facts;
  output?: unknown;
  sha256?: string;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The serialised result as the API returns it (JSON.stringify → toJSON, explanation included). */
const run = (f: Facts): unknown => {
  try {
    return JSON.parse(JSON.stringify(evaluate(f)));
  } catch (e) {
    return { thrown: (e as { code?: string }).code ?? String(e) };
  }
};

if (process.env.WENZE_RECORD_EQUIVALENCE === '1' || !existsSync(FIXTURE)) {
  const cases: Facts[] = [...ROTATION, ...fc.sample(factsArbOf(bananHousing2019.vocabulary.circumstances), { seed: 20261205, numRuns: 400 })];
  const entries: Entry[] = cases.map((f, i) => {
    const facts = JSON.parse(JSON.stringify(f)) as Facts;
    const out = run(f);
    return i < ROTATION.length ? { facts, output: out } : { facts, sha256: sha(JSON.stringify(out)) };
  });
  writeFileSync(FIXTURE, JSON.stringify(entries) + '\n');
}

const entries = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Entry[];

describe('engine equivalence (issue 10: performance work keeps the output identical)', () => {
  it('the fixture covers the rotating bench cases and generated cases of every status', () => {
    expect(entries.length).toBe(ROTATION.length + 400);
    const statuses = new Set(entries.map((e) => (run(e.facts) as { status?: string }).status));
    expect(statuses).toContain('ok');
    expect(statuses).toContain('conflict');
  });

  it('every recorded case evaluates to exactly the recorded output (trace, citations, texts, explanation)', () => {
    const differing: number[] = [];
    entries.forEach((e, i) => {
      const got = run(e.facts);
      if (e.output !== undefined) expect(got, `bench case ${i}`).toEqual(e.output);
      else if (sha(JSON.stringify(got)) !== e.sha256) differing.push(i);
    });
    expect(differing, 'generated cases whose output changed (index in the fixture)').toEqual([]);
  });
});
