import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { E2E_INCLUDE, INTEGRATION_EXCLUDE, INTEGRATION_INCLUDE, INTEGRATION_ISOLATED, UNIT_INCLUDE, WEB_INCLUDE, WEB_ISOLATED } from './test/tiers';

// Test tiers as vitest projects (test/tiers.ts says which file goes where):
//   npm run test:unit         unit + web (+ web-isolated): pure logic, no database (fast)
//   npm run test:integration  services, HTTP, CLI on SQLite (and PostgreSQL with TEST_DATABASE_URL):
//                             projects integration (shared module graph) and integration-isolated
//   npm run test:e2e          the browser tests
//   npm test                  all of them
// The CLI tests run the compiled entry: the global setup builds dist/cli.mjs when it is missing
// or older than src/ (test/global-setup.ts).
// unit, web and integration run with isolate: false (one module graph per worker: the rule packs,
// antd and the service layer are imported once); the files that mock a module or a global run in
// the *-isolated projects, found by test/tiers.ts in the files themselves.
// The report master key for tests (src/crypto/report-keyring.ts): a fixed, published test key in
// the environment, inherited by the CLI processes the tests start. Never a production key.
// The web tiers' libraries, each pre-bundled into one file by Vite's dependency optimizer (cached
// in node_modules/.vite/vitest): Node otherwise loads antd, React and the icons module by module
// for every isolated file (13.5 s of imports in web-isolated; 3.7 s bundled). The icons come from
// their ES build, as in the production bundle: the package's `node` entry re-exports its CommonJS
// build, whose names a bundle cannot see.
const WEB_PREBUNDLED = ['antd', 'antd/locale/zh_CN', 'antd/locale/en_US', 'react', 'react-dom', 'react-dom/client', 'react-router-dom', 'dayjs', '@testing-library/react', '@ant-design/icons/es'];
const webDeps = {
  deps: { optimizer: { client: { enabled: true, include: WEB_PREBUNDLED } } },
  alias: [{ find: /^@ant-design\/icons$/, replacement: '@ant-design/icons/es' }],
};
const TEST_REPORT_KEYS = 'rk-test:' + Buffer.alloc(32, 7).toString('base64');
// Workers: vitest's default in a run is one fewer than the cores (a single worker on a 2-core
// machine), but the integration tests spend much of their time waiting on PostgreSQL, child
// processes and timers: at least two workers, one per core on larger machines
// (WENZE_TEST_WORKERS overrides). The browser tests share the workers with the others.
const WORKERS = Number(process.env.WENZE_TEST_WORKERS) || Math.max(2, availableParallelism());

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    maxWorkers: WORKERS,
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: UNIT_INCLUDE,
          testTimeout: 30_000,
          // pure tests: share the module graph within a worker (the rule packs load once)
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          env: { WENZE_REPORT_KEYS: TEST_REPORT_KEYS },
          include: INTEGRATION_INCLUDE,
          exclude: [...INTEGRATION_EXCLUDE, ...INTEGRATION_ISOLATED],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // one module graph per worker: every file used to import the service layer anew (213 s
          // of a 1,120 s run on two cores went to imports); each test still opens its own database
          isolate: false,
        },
      },
      {
        test: {
          // the integration files that mock modules, each with a fresh module graph
          name: 'integration-isolated',
          environment: 'node',
          env: { WENZE_REPORT_KEYS: TEST_REPORT_KEYS },
          include: INTEGRATION_ISOLATED,
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'web',
          environment: 'happy-dom',
          include: WEB_INCLUDE,
          exclude: ['**/node_modules/**', ...WEB_ISOLATED],
          setupFiles: ['web/src/test-setup.ts'],
          // one module graph per worker: antd and React are imported once, not once per file
          isolate: false,
          ...webDeps,
        },
      },
      {
        test: {
          // the component tests that replace modules (vi.mock of the session and the API hooks),
          // isolated per file: a shared module graph would leak a mock into the next file
          name: 'web-isolated',
          environment: 'happy-dom',
          include: WEB_ISOLATED,
          setupFiles: ['web/src/test-setup.ts'],
          ...webDeps,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          env: { WENZE_REPORT_KEYS: TEST_REPORT_KEYS },
          include: E2E_INCLUDE,
          // the web app built once before any browser test; the files then run side by side, each
          // with its own server (a temporary database, port 0) and its own browser profile
          globalSetup: ['test/global-setup.ts', 'test/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
