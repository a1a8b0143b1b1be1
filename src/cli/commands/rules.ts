// `wenze rules evaluate FILE [--json]` and `wenze rules coverage [--json]` — thin wrappers over
// the pure rules engine's CLI-ready commands (src/rules/cli.ts). No database needed.
import type { Command } from 'commander';
import { rulesCoverageCommand, rulesEvaluateCommand } from '../../rules/cli';
import { run } from '../runtime';

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('规则引擎 / rules engine (FL, WC)');
  rules
    .command('evaluate <file>')
    .description('按事实文件计算问责建议 / evaluate a facts JSON file (exit 2 invalid, 3 conflict, 4 no rules in force)')
    .option('--json', 'JSON output')
    .action((file: string, opts: { json?: boolean }) =>
      run(async () => {
        const r = await rulesEvaluateCommand(file, { json: Boolean(opts.json) });
        console.log(r.output);
        return r.exitCode;
      }),
    );
  rules
    .command('coverage')
    .description('列出FL/WC每一条每一项的落实情况 / every article item → rule, workflow guard or not encoded (exit 1 if any unaccounted)')
    .option('--json', 'JSON output')
    .action((opts: { json?: boolean }) =>
      run(async () => {
        const r = await rulesCoverageCommand({ json: Boolean(opts.json) });
        console.log(r.output);
        return r.exitCode;
      }),
    );
}
