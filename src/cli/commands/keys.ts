// `wenze keys …`: the report master keys (docs/reporter-protection.md). `status` names where the
// keys come from and how many data keys each wraps; `rotate-report-key` makes a new key current
// and re-wraps every data key with it while the server keeps running.
import type { Command } from 'commander';
import { keyringInfo } from '../../crypto/report-keyring';
import { rotateReportKey } from '../../crypto/report-key-rotation';
import { globalOpts, openDeps, run } from '../runtime';

export function registerKeys(program: Command): void {
  const k = program.command('keys').description('举报人信息主密钥 / report master keys');
  k.command('status')
    .description('主密钥来源及各密钥包裹的数据密钥数 / where the keys come from, data keys per key')
    .action((_o: unknown, cmd: Command) =>
      run(async () => {
        const deps = await openDeps(globalOpts(cmd));
        try {
          const info = keyringInfo();
          const rows = await deps.db.kysely.selectFrom('report_keys').select(['key_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('key_id').execute();
          console.log(`来源 / source: ${info.source}${info.file ? ` (${info.file})` : ''}`);
          info.ids.forEach((id, i) => console.log(`${i === 0 ? '* ' : '  '}${id}: ${Number(rows.find((r) => r.key_id === id)?.n ?? 0)}`));
          for (const r of rows) if (!info.ids.includes(r.key_id)) console.log(`! ${r.key_id}: ${Number(r.n)} — 缺少该密钥 / key MISSING`);
        } finally {
          await deps.db.close();
        }
      }),
    );
  k.command('rotate-report-key')
    .description('生成新主密钥并重新包裹全部数据密钥（无需停机）/ new master key, re-wrap every data key (no downtime)')
    .option('--no-generate', '不生成新密钥（密钥来自环境变量时，先把新密钥放在首位）/ do not generate (env keys: put the new key first)')
    .option('--retire', '移除不再使用的旧密钥 / drop old keys no data key uses')
    .action((o: { generate: boolean; retire?: boolean }, cmd: Command) =>
      run(async () => {
        const deps = await openDeps(globalOpts(cmd));
        try {
          const r = await rotateReportKey(deps.db, { generate: o.generate, retire: Boolean(o.retire) });
          console.log(`当前主密钥 / current key: ${r.newKeyId}${r.generated ? '（新生成 / new）' : ''}`);
          console.log(`重新包裹数据密钥 / data keys re-wrapped: ${r.rewrapped}`);
          if (r.retired.length) console.log(`已移除旧密钥 / retired: ${r.retired.join(', ')}`);
        } finally {
          await deps.db.close();
        }
      }),
    );
}
