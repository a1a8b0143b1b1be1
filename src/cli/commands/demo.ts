// `wenze demo [--today YYYY-MM-DD] [--seed N]`: loads the demo commission into an empty database.
// There is deliberately no --force: demo rows are never mixed into real ones; use a new --data
// folder (or database) to start over.
import type { Command } from 'commander';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_SEED, loadDemo } from '../../ops/demo';
import { globalOpts, openDeps, run } from '../runtime';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('向空数据库载入演示数据（委属单位、人员、执法证、原执法案件、各状态的问责案件）/ load demo data into an empty database')
    .option('--today <date>', '演示“今天”（默认为中国时区的当天）/ the demo today, YYYY-MM-DD (default: today in China)')
    .option('--seed <n>', '随机种子 / seed', String(DEMO_SEED))
    .action((opts: { today?: string; seed: string }, cmd: Command) =>
      run(async () => {
        const deps = await openDeps(globalOpts(cmd));
        try {
          const r = await loadDemo(deps, { seed: Number(opts.seed), log: (l) => console.log(l), ...(opts.today ? { today: opts.today } : {}) });
          console.log(`已载入 / loaded: ${r.units} 个单位 units, ${r.people} 人 people, ${r.originalCases} 件原执法案件 original cases, ${r.cases.length} 件问责案件 accountability cases (${r.events} steps)`);
          console.log(`演示账号（密码均为 ${DEMO_PASSWORD}）/ demo accounts (password ${DEMO_PASSWORD}):`);
          for (const a of DEMO_ACCOUNTS) console.log(`  ${a.username.padEnd(14)} ${a.zh} / ${a.en}`);
          console.log(`动态验证码密钥（三员与法制科）/ TOTP secret (administrators and clerk): ${DEMO_TOTP_SECRET}`);
        } finally {
          await deps.db.close();
        }
      }),
    );
}
