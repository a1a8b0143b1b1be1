// `wenze backup FILE`, `wenze backup verify FILE`, `wenze backup prune DIR --keep N` and
// `wenze restore FILE [--force]`.
// Thin: open the database without migrating it (a backup never changes the source; a restore
// brings the target to the backup's schema itself), call src/ops, print a summary.
import type { Command } from 'commander';
import { createBackup } from '../../ops/backup';
import { pruneBackups } from '../../ops/backup-prune';
import { restoreBackup, verifyBackup } from '../../ops/restore';
import type { BackupManifest } from '../../ops/backup-format';
import { globalOpts, openDeps, run } from '../runtime';

function describe(m: BackupManifest): string {
  const rows = m.tables.reduce((n, t) => n + t.rows, 0);
  const bytes = m.blobs.reduce((n, b) => n + b.size, 0);
  return [
    `  创建于 created: ${m.createdAt}  来源 source: ${m.sourceEngine}  迁移 migrations: ${m.migrations.length} (${m.migrations[m.migrations.length - 1]})`,
    `  ${m.tables.length} 张表 tables, ${rows} 行 rows; ${m.blobs.length} 个文件 files (${bytes} bytes); 审计链头 audit head #${m.auditHead.seq} ${m.auditHead.hash.slice(0, 16)}…`,
    ...(m.excluded.tables.length || Object.keys(m.excluded.columns).length
      ? [`  未备份的派生索引 derived indexes not carried: ${[...m.excluded.tables, ...Object.entries(m.excluded.columns).map(([t, c]) => `${t}(${c.join(',')})`)].join(', ')}`]
      : []),
  ].join('\n');
}

export function registerBackup(program: Command): void {
  const backup = program
    .command('backup')
    .description('在线备份数据库与文件（服务可继续运行）/ online backup of the database and stored files')
    .argument('<file>', '备份文件 / backup file (gzip JSON lines)')
    .option('--json', 'JSON output')
    .action((file: string, opts: { json?: boolean }, cmd: Command) =>
      run(async () => {
        const deps = await openDeps(globalOpts(cmd), { migrate: false });
        try {
          const r = await createBackup(deps, file);
          if (opts.json) console.log(JSON.stringify({ file: r.file, bytes: r.bytes, auditChainOk: r.auditChainOk, manifest: { ...r.manifest, blobs: r.manifest.blobs.length } }));
          else {
            console.log(`备份完成 / backup written: ${r.file} (${r.bytes} bytes)\n${describe(r.manifest)}`);
            if (!r.auditChainOk) {
              console.log(`警告：审计链已损坏，此备份无法恢复，仅可作证据保存 / WARNING: the audit chain is broken (record ${r.auditProblem?.seq}); this backup is kept as evidence but restore will refuse it`);
            }
          }
          return r.auditChainOk ? 0 : 3;
        } finally {
          await deps.db.close();
        }
      }),
    );

  backup
    .command('verify')
    .description('校验备份文件，不改动任何数据 / verify a backup file without changing anything')
    .argument('<file>')
    .action((file: string) =>
      run(async () => {
        const m = await verifyBackup(file);
        console.log(`备份文件完整 / backup verified: ${file}\n${describe(m)}`);
      }),
    );

  backup
    .command('prune')
    .description('备份保留：只保留最新的 N 个备份文件 / retention: keep the N newest backup files in a folder, delete the rest')
    .argument('<dir>', '备份目录 / folder of backup files')
    .requiredOption('--keep <n>', '保留个数 / how many to keep')
    .option('--suffix <s>', '备份文件后缀 / backup file suffix', '.wbk')
    .option('--dry-run', '只列出，不删除 / list only, delete nothing')
    .action((dir: string, opts: { keep: string; suffix: string; dryRun?: boolean }) =>
      run(async () => {
        const r = pruneBackups(dir, { keep: Number(opts.keep), suffix: opts.suffix, dryRun: Boolean(opts.dryRun) });
        for (const f of r.deleted) console.log(`${opts.dryRun ? '将删除 would delete' : '已删除 deleted'}: ${f}`);
        console.log(`保留 kept ${r.kept.length}，${opts.dryRun ? '将删除 would delete' : '删除 deleted'} ${r.deleted.length}`);
      }),
    );

  program
    .command('restore')
    .description('从备份恢复（先完整校验；非空数据库需 --force）/ restore from a backup (verified first; --force to replace a non-empty database)')
    .argument('<file>')
    .option('--force', '整体替换已有数据 / replace a database that already holds data')
    .action((file: string, opts: { force?: boolean }, cmd: Command) =>
      run(async () => {
        // Verify before opening anything: a refused file leaves even a new data folder untouched.
        const verified = await verifyBackup(file);
        const deps = await openDeps(globalOpts(cmd), { migrate: false });
        try {
          const r = await restoreBackup(deps, file, { force: Boolean(opts.force), verified });
          console.log(`恢复完成 / restored: ${r.rows} 行 rows, ${r.blobs} 个文件 files\n${describe(r.manifest)}`);
          if (r.migratedAfter.length) console.log(`  已升级 migrated after restore: ${r.migratedAfter.join(', ')}`);
          console.log(
            r.audit.ok
              ? `审计链完整：${r.audit.records} 条记录 / audit chain intact: ${r.audit.records} records`
              : `审计链已损坏 / audit chain BROKEN: ${r.audit.firstBroken?.zh} / ${r.audit.firstBroken?.en}`,
          );
          return r.audit.ok ? 0 : 3;
        } finally {
          await deps.db.close();
        }
      }),
    );
}
