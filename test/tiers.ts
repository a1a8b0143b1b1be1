// The test tiers (vitest projects), by path and naming, shared by vitest.config.ts and the
// tier check (test/tiers.test.ts):
//   unit         pure logic, no database, no server, no child process: the rule engine and
//                packs, the case state machine, calendar maths, lib, pure service helpers,
//                and any file named *.unit.test.ts  — `npm run test:unit` (with `web`)
//   web          React component tests in happy-dom (pure too; part of test:unit; files that
//                mock modules run isolated: WEB_ISOLATED below)
//   integration  everything else under src/ and test/: services, HTTP, CLI, both databases
//                (files that mock modules run isolated: INTEGRATION_ISOLATED below)
//   e2e          browser tests (playwright-core + Debian chromium)
// A new pure test goes under one of the unit folders or is named *.unit.test.ts; the tier
// check fails if a unit-tier file opens a database or the app.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const UNIT_INCLUDE = [
  'src/domain/**/*.test.ts',
  'src/rules/**/*.test.ts',
  'src/calendar/**/*.test.ts',
  'src/lib/**/*.test.ts',
  'src/search/tokenize.test.ts',
  'src/services/documents/layout.test.ts',
  'src/services/registers/certificate-status.test.ts',
  'src/**/*.unit.test.ts',
  'test/**/*.unit.test.ts',
  'test/tiers.test.ts',
];
export const E2E_INCLUDE = ['test/e2e/**/*.test.ts'];
export const WEB_INCLUDE = ['web/**/*.test.{ts,tsx}'];
export const INTEGRATION_INCLUDE = ['src/**/*.test.ts', 'test/**/*.test.ts'];
export const INTEGRATION_EXCLUDE = [...UNIT_INCLUDE, ...E2E_INCLUDE];
/**
 * A test file that replaces a module or a global (vi.mock, vi.doMock, vi.stubGlobal, vi.stubEnv,
 * fake timers, spies). The integration and web tiers share one module graph per worker
 * (isolate: false), where such a replacement would leak into the files that run after it: these
 * files run in projects of their own (`integration-isolated`, `web-isolated`), each with a fresh
 * module graph. The lists are read from the files themselves, so a new mocking test is isolated
 * without anyone listing it; test/tiers.test.ts checks the shared projects hold none.
 */
export const MOCKS = /\bvi\.(?:mock|doMock|unmock|stubGlobal|stubEnv|useFakeTimers|spyOn)\(/;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** repository-relative paths of the files matched by `patterns` */
export function filesOf(patterns: string[]): Set<string> {
  return new Set(patterns.flatMap((p) => fs.globSync(p, { cwd: ROOT })).map((f) => f.split(path.sep).join('/')));
}
/** the files of `include` (minus `exclude`) that mock a module or a global, sorted */
export function mockingFiles(include: string[], exclude: string[] = []): string[] {
  const out = filesOf(exclude);
  return [...filesOf(include)].filter((f) => !out.has(f) && MOCKS.test(fs.readFileSync(path.join(ROOT, f), 'utf8'))).sort();
}
export const INTEGRATION_ISOLATED = mockingFiles(INTEGRATION_INCLUDE, INTEGRATION_EXCLUDE);
export const WEB_ISOLATED = mockingFiles(WEB_INCLUDE);

/** every test file anywhere in the repository (what the tiers must cover, each once) */
export const ALL_TESTS = ['{src,test,web,bench}/**/*.test.{ts,tsx,mts,js,mjs}'];
