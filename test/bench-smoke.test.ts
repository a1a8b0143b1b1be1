// The benchmarks (issue 14 point 6) run to their figures. They sign in as demo accounts through
// the real routes, so a change to the sign-in (every role needing the second factor, say) broke
// bench:write without any test noticing. Each runs here at a tiny size, on SQLite only; the
// figures are not judged (timing never belongs in a test), only that every phase produced them.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function runBench(args: string[], env: Record<string, string>): Record<string, unknown> {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/bench.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    // SQLite only: no PostgreSQL URL reaches the child
    env: { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '', BENCH_DATABASE_URL: '', ...env },
  });
  expect(r.status, `${args.join(' ')} failed:\n${r.stderr.slice(-2000)}`).toBe(0);
  const last = r.stdout.trim().split('\n').at(-1)!;
  return JSON.parse(last) as Record<string, unknown>;
}

describe('benchmarks run to their figures (issue 14 point 6)', () => {
  it('bench:write measures every phase, the HTTP ones as the signed-in investigator', { timeout: 150_000 }, () => {
    const out = runBench(['write'], { BENCH_SECONDS: '0.05', BENCH_ROUNDS: '1', BENCH_CASES: '2' });
    const sqlite = out.sqlite as Record<string, number>;
    for (const phase of ['raw', 'service', 'serviceView', 'api', 'apiMinimal']) expect(sqlite[phase], phase).toBeGreaterThan(0);
    expect(out.postgres).toMatchObject({ skipped: expect.any(String) });
  });

  it('bench:scale reads every staff page as the signed-in clerk', { timeout: 150_000 }, () => {
    const out = runBench(['scale', '--sizes', '120', '--engine', 'sqlite'], { BENCH_ROUNDS: '2' });
    const [result] = out.results as Array<{ engine: string; cases: number; ms: Record<string, { p50: number }> }>;
    expect(result).toMatchObject({ engine: 'sqlite', cases: 120 });
    for (const page of ['queue', 'list', 'search', 'casePage']) expect(result!.ms[page]?.p50, page).toBeGreaterThan(0);
  });
});
