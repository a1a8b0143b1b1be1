// The test tiers are complete and honest: every test file belongs to exactly one tier (vitest
// project), unit-tier files stay pure (no database, app or child process), and no test file
// swallows a failure with `.catch(() => undefined)`-style handlers (a check that cannot fail).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '../vitest.config';
import { ALL_TESTS, E2E_INCLUDE, filesOf, INTEGRATION_EXCLUDE, INTEGRATION_INCLUDE, INTEGRATION_ISOLATED, MOCKS, UNIT_INCLUDE, WEB_INCLUDE, WEB_ISOLATED } from './tiers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// the same file matching as the tiers themselves use
const glob = filesOf;
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

  it('no project that shares one module graph per worker (isolate: false) holds a file that mocks a module or a global; the mocking files run in the *-isolated projects', () => {
    const projects = (config.test?.projects ?? []) as Array<{ test: { name: string; include?: string[]; exclude?: string[]; isolate?: boolean } }>;
    const shared = projects.filter((p) => p.test.isolate === false).map((p) => p.test.name);
    expect(shared.sort()).toEqual(['integration', 'unit', 'web']);
    for (const p of projects.filter((x) => x.test.isolate === false)) {
      const out = glob(p.test.exclude ?? []);
      const files = [...glob(p.test.include ?? [])].filter((f) => !out.has(f));
      expect(files.length, p.test.name).toBeGreaterThan(10);
      // (this file names the calls it looks for)
      expect(files.filter((f) => f !== 'test/tiers.test.ts' && MOCKS.test(fs.readFileSync(path.join(root, f), 'utf8'))), p.test.name).toEqual([]);
    }
    // the isolated projects are where the known mocking files went (read from the files)
    expect(INTEGRATION_ISOLATED).toContain('test/api/org-case-packs.test.ts');
    expect(WEB_ISOLATED).toContain('web/src/layout/app-layout.test.tsx');
    const isolated = Object.fromEntries(projects.map((p) => [p.test.name, p.test.include]));
    expect(isolated['integration-isolated']).toEqual(INTEGRATION_ISOLATED);
    expect(isolated['web-isolated']).toEqual(WEB_ISOLATED);
  });

  it('the mocking check recognises a mock and lets an ordinary call through', () => {
    for (const bad of ["vi.mock('../x', () => ({}))", 'vi.spyOn(console, "warn")', 'vi.useFakeTimers()', "vi.stubEnv('A', '1')"]) expect(MOCKS.test(bad), bad).toBe(true);
    for (const ok of ['vi.fn()', 'expect(vi.isMockFunction(f)).toBe(false)', 'await vi.waitFor(() => x)']) expect(MOCKS.test(ok), ok).toBe(false);
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
