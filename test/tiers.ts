// The test tiers (vitest projects), by path and naming, shared by vitest.config.ts and the
// tier check (test/tiers.test.ts):
//   unit         pure logic, no database, no server, no child process: the rule engine and
//                packs, the case state machine, calendar maths, lib, pure service helpers,
//                and any file named *.unit.test.ts  — `npm run test:unit` (with `web`)
//   web          React component tests in happy-dom (pure too; part of test:unit)
//   integration  everything else under src/ and test/: services, HTTP, CLI, both databases
//                (files that mock modules run isolated: INTEGRATION_ISOLATED below)
//   e2e          browser tests (playwright-core + Debian chromium)
// A new pure test goes under one of the unit folders or is named *.unit.test.ts; the tier
// check fails if a unit-tier file opens a database or the app.
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
 * Integration files that replace modules or globals (vi.mock, vi.doMock, vi.stubGlobal, vi.stubEnv,
 * fake timers, spies): they run in a project of their own, each file with a fresh module graph.
 * The rest of the integration tier shares one module graph per worker (isolate: false), so a mock
 * there would leak into the files that run after it; test/tiers.test.ts fails if one appears
 * outside this list. Both projects make up the integration tier (`npm run test:integration`).
 */
export const INTEGRATION_ISOLATED = ['test/api/org-case-packs.test.ts', 'test/api/org-pack-periods.test.ts'];

/** every test file anywhere in the repository (what the tiers must cover, each once) */
export const ALL_TESTS = ['{src,test,web,bench}/**/*.test.{ts,tsx,mts,js,mjs}'];
