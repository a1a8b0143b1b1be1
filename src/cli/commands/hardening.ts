// `wenze hardening show` and `wenze hardening set KEY VALUE`: the hardening settings
// (docs/security-hardening.md) — storage quotas and the 国密 option (SM3 audit hashes for new
// records, SM2 backup signatures). Each change is audited like any other write.
import type { Command } from 'commander';
import { guomiEnabled, HARDENING_KEYS, identityCustodySettings, storageQuotas, writeHardeningSetting } from '../../services/hardening-settings';
import { sm3Available } from '../../audit/hash-alg';
import { globalOpts, openDeps, run } from '../runtime';

export function registerHardening(program: Command): void {
  const h = program.command('hardening').description('安全加固设置（存储配额、国密）/ hardening settings (storage quotas, 国密 SM2/SM3)');
  h.command('show')
    .description('显示当前设置 / show the settings')
    .action((_o: unknown, cmd: Command) =>
      run(async () => {
        const deps = await openDeps(globalOpts(cmd));
        try {
          const q = await storageQuotas(deps.db.kysely);
          const gm = await guomiEnabled(deps.db.kysely);
          const idc = await identityCustodySettings(deps.db.kysely);
          console.log(
            [
              `${HARDENING_KEYS.quotaPerUser} = ${q.perUser}`,
              `${HARDENING_KEYS.quotaTotal} = ${q.total}`,
              `${HARDENING_KEYS.guomi} = ${gm}  (SM3 ${sm3Available() ? '可用 available' : '不可用 NOT available'})`,
              `${HARDENING_KEYS.identityApprover} = ${idc.approver}`,
              `${HARDENING_KEYS.identityValidMinutes} = ${idc.validMinutes}`,
            ].join('\n'),
          );
        } finally {
          await deps.db.close();
        }
      }),
    );
  h.command('set')
    .description(`修改一项设置 / change one setting: ${Object.values(HARDENING_KEYS).join(', ')}`)
    .argument('<key>')
    .argument('<value>', '字节数或 true/false / bytes, or true/false')
    .action((key: string, value: string, _o: unknown, cmd: Command) =>
      run(async () => {
        const deps = await openDeps(globalOpts(cmd));
        try {
          const v: unknown = value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value;
          await writeHardeningSetting(deps, null, key, v);
          console.log(`已设置 / set: ${key} = ${JSON.stringify(v)}`);
          if (key === HARDENING_KEYS.guomi && v === true) console.log('新审计记录使用 SM3；备份须以 SM2 签名（wenze backup key rotate --sm2）/ new audit records use SM3; backups must be signed with SM2 (`wenze backup key rotate --sm2`)');
        } finally {
          await deps.db.close();
        }
      }),
    );
}
