// `wenze audit verify`: walks the hash chain; non-zero exit when broken.
import type { Command } from 'commander';
import { verifyAuditChain } from '../../audit/audit-verify';
import { run, withDatabase } from '../runtime';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('审计日志 / audit trail');
  audit
    .command('verify')
    .description('校验审计哈希链 / verify the audit hash chain')
    .option('--json', 'JSON output')
    .action((opts: { json?: boolean }, cmd: Command) =>
      run(async () => {
        const r = await withDatabase(cmd, (deps) => verifyAuditChain(deps.db));
        if (opts.json) console.log(JSON.stringify(r));
        else if (r.ok) {
          const algs = Object.entries(r.algorithms ?? {}).map(([a, n]) => `${a} ${n}`).join(', ');
          console.log(`审计链完整：${r.records} 条记录 / audit chain intact: ${r.records} records${algs ? ` (${algs})` : ''}`);
        }
        else console.log(`审计链已损坏 / audit chain BROKEN at record ${r.firstBroken?.seq}: ${r.firstBroken?.zh} / ${r.firstBroken?.en}`);
        return r.ok ? 0 : 3;
      }),
    );
}
