// Prints the plain closing line CI reads ("N passed, N failed, N skipped") after vitest's own
// summary, preceded by where the time went: the summed file time per project and the slowest
// files (so a CI log shows what to make faster when the suite grows).
import type { Reporter, TestModule } from 'vitest/node';

const SLOWEST = 12;

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const perProject = new Map<string, { files: number; ms: number }>();
    const files: { name: string; project: string; ms: number }[] = [];
    for (const mod of testModules) {
      for (const t of mod.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      const project = mod.project.name || 'default';
      const ms = mod.diagnostic().duration;
      const p = perProject.get(project) ?? { files: 0, ms: 0 };
      p.files++;
      p.ms += ms;
      perProject.set(project, p);
      files.push({ name: mod.relativeModuleId, project, ms });
    }
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const lines = ['', 'Time per project (sum of file durations; files run in parallel):'];
    for (const [name, p] of [...perProject].sort((a, b) => b[1].ms - a[1].ms)) lines.push(`  ${name.padEnd(12)} ${String(p.files).padStart(4)} files ${s(p.ms).padStart(9)}`);
    lines.push(`Slowest ${Math.min(SLOWEST, files.length)} files:`);
    for (const f of files.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST)) lines.push(`  ${s(f.ms).padStart(8)}  [${f.project}] ${f.name}`);
    process.stdout.write(`${lines.join('\n')}\n\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
