// Integration and e2e tiers: the command-line tests run `bin/wenze.mjs`, which runs the compiled
// bundle dist/cli.mjs when it is current. Build it once here when it is missing or older than
// src/ (tsup, under a second), so no test spawns tsx. WENZE_FROM_SOURCE=1 skips this and runs
// the sources through tsx (as before).
// It also migrates one database per engine as the template every test database starts from
// (test/db-template.ts), handed to the test files with vitest's provide/inject.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildTemplates, type DbTemplates } from './db-template';

declare module 'vitest' {
  export interface ProvidedContext {
    wenzeDbTemplates: DbTemplates;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { templates, dispose } = await buildTemplates(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL);
  project.provide('wenzeDbTemplates', templates);
  await buildCli();
  return dispose;
}

async function buildCli(): Promise<void> {
  if (process.env.WENZE_FROM_SOURCE === '1') return;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { serverCurrent } = (await import(path.join(root, 'bin', 'build-state.mjs'))) as { serverCurrent: () => boolean };
  if (serverCurrent()) return;
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building dist/cli.mjs for the CLI tests failed:\n${r.stdout}${r.stderr}`);
}
