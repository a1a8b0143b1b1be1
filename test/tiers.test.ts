// The test tiers are complete and honest: every test file belongs to exactly one tier (vitest
// project), unit-tier files stay pure (no database, app or child process), and no test file
// swallows a failure with `.catch(() => undefined)`-style handlers (a check that cannot fail).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_TESTS, E2E_INCLUDE, INTEGRATION_EXCLUDE, INTEGRATION_INCLUDE, INTEGRATION_ISOLATED, UNIT_INCLUDE, WEB_INCLUDE } from './tiers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const glob = (patterns: string[]): Set<string> => new Set(patterns.flatMap((p) => fs.globSync(p, { cwd: root })).map((f) => f.split(path.sep).join('/')));
const minus = (a: Set<string>, b: Set<string>): Set<string> => new Set([...a].filter((x) => !b.has(x)));

const tiers: Record<string, Set<string>> = {
  unit: glob(UNIT_INCLUDE),
  web: glob(WEB_INCLUDE),
  integration: minus(glob(INTEGRATION_INCLUDE), glob(INTEGRATION_EXCLUDE)),
  e2e: glob(E2E_INCLUDE),
};
const all = [...glob(ALL_TESTS)].sort();

/** A swallowed failure in a test: `.catch(() => undefined | null | {} | [] | void 0)`, `.catch(() => {})`, `catch {}` with an empty body. */
export const SWALLOWED = [/\.catch\(\s*(?:\(\s*\w*\s*\)|\w+)\s*=>\s*(?:undefined|null|void 0|\{\s*\}|\(\s*\{\s*\}\s*\)|\[\s*\]|false|true)\s*\)/, /catch\s*(?:\(\s*\w*\s*\))?\s*\{\s*\}/];

describe('test tiers (npm run test:unit / test:integration / test:e2e)', () => {
  it('every test file is in exactly one tier', () => {
    expect(all.length).toBeGreaterThan(50);
    const problems = all
      .map((f) => ({ f, in: Object.entries(tiers).filter(([, s]) => s.has(f)).map(([n]) => n) }))
      .filter((x) => x.in.length !== 1)
      .map((x) => `${x.f}: ${x.in.join(', ') || 'no tier'}`);
    expect(problems).toEqual([]);
  });

  it('integration files that mock modules or globals run isolated (the rest share one module graph per worker)', () => {
    const mocking = /\bvi\.(?:mock|doMock|unmock|stubGlobal|stubEnv|useFakeTimers|spyOn)\(/;
    const shared = [...tiers.integration!].filter((f) => !INTEGRATION_ISOLATED.includes(f));
    expect(shared.filter((f) => mocking.test(fs.readFileSync(path.join(root, f), 'utf8')))).toEqual([]);
    // the isolated list names integration files that exist and do mock
    for (const f of INTEGRATION_ISOLATED) {
      expect(tiers.integration!.has(f), f).toBe(true);
      expect(mocking.test(fs.readFileSync(path.join(root, f), 'utf8')), f).toBe(true);
    }
  });

  it('unit-tier files are pure: no database, app, HTTP harness or child process', () => {
    const impure = /from ['"][^'"]*(?:test\/app|test\/db|db\/database|db\/migrate|server\/app|test\/factories\/(?:cases|ops|registers))['"]|node:child_process|better-sqlite3|from ['"]pg['"]/;
    const offenders = [...tiers.unit!].filter((f) => f !== 'test/tiers.test.ts').filter((f) => impure.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('no test file or test helper swallows a failure (.catch(() => undefined) and the like): a check that cannot fail is a defect', () => {
    const offenders: string[] = [];
    for (const f of new Set([...all, ...glob(['test/**/*.{ts,tsx}'])])) {
      if (f === 'test/tiers.test.ts') continue; // this file names the patterns it forbids
      const lines = fs.readFileSync(path.join(root, f), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (SWALLOWED.some((re) => re.test(line))) offenders.push(`${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the swallowed-failure check recognises the patterns it forbids', () => {
    for (const bad of ['await p.catch(() => undefined);', 'x.catch(() => {})', 'x.catch((e) => null)', 'x.catch(_ => [])', 'try { a() } catch {}', 'try { a() } catch (e) { }']) {
      expect(SWALLOWED.some((re) => re.test(bad)), bad).toBe(true);
    }
    for (const ok of ['x.catch((e) => { throw e; })', 'await expect(p).rejects.toThrow()', 'try { a() } catch (e) { errors.push(e) }']) {
      expect(SWALLOWED.some((re) => re.test(ok)), ok).toBe(false);
    }
  });
});
