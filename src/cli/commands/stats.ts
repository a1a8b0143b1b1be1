// `wenze stats rebuild`: recounts the yearly statistics' counters of every case from its rows
// (src/repositories/stats/stats-counters.ts). The counters are kept up to date by themselves
// (triggers mark every changed case, the statistics count the marked ones before reading); this
// is for an operator who wants the first read after an upgrade to be quick, or to check them.
import type { Command } from 'commander';
import { drainStatsDirty, rebuildStatsCounters } from '../../repositories/stats/stats-counters';
import { run, withDatabase } from '../runtime';

export function registerStats(program: Command): void {
  const stats = program.command('stats').description('年度统计 / yearly statistics');
  stats
    .command('rebuild')
    .description('重新统计全部案件的计数 / recount the statistics counters of every case')
    .option('--pending', '只统计有变动的案件 / count only the cases changed since the last count')
    .action((opts: { pending?: boolean }, cmd: Command) =>
      run(() =>
        withDatabase(cmd, async (deps) => {
          const t0 = performance.now();
          const n = opts.pending ? await drainStatsDirty(deps.db) : await rebuildStatsCounters(deps.db);
          console.log(`已统计 ${n} 件案件 / ${n} cases counted (${Math.round(performance.now() - t0)} ms)`);
        }),
      ),
    );
}
