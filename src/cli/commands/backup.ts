// `wenze backup FILE`, `wenze backup verify FILE`, `wenze backup prune DIR --keep N` and
// `wenze restore FILE [--force]`.
// Thin: open the database without migrating it (a backup never changes the source; a restore
// brings the target to the backup's schema itself), call src/ops, print a summary.
import type { Command } from 'commander';
import path from 'node:path';
import { createBackup } from '../../ops/backup';
import { pruneBackups } from '../../ops/backup-prune';
import { restoreBackup, signatureStatusOf, verifyBackup, type VerifiedBackup } from '../../ops/restore';
import type { BackupManifest } from '../../ops/backup-format';
import { assertOutsideData, defaultKeyPath, defaultTrustPath, keygen, readSigningKey, readTrustedKeys, rotateKey, type SignaturePolicy, type SigningKey } from '../../ops/backup-signing';
import { AppError } from '../../errors';
import { guomiEnabled } from '../../services/hardening-settings';
import { globalOpts, openDeps, run } from '../runtime';

interface KeyOpts {
  key?: string;
  trustedKeys?: string;
  allowUnsigned?: boolean;
}

/** `backup` and its subcommands share option names: commander gives them to the parent, so read both. */
const allOpts = <T extends object>(opts: T, cmd: Command): T & KeyOpts => ({ ...(cmd.optsWithGlobals() as KeyOpts), ...opts });

const keyPathOf = (o: KeyOpts): string => (o.key ? path.resolve(o.key) : defaultKeyPath());
const trustPathOf = (o: KeyOpts): string => (o.trustedKeys ? path.resolve(o.trustedKeys) : defaultTrustPath());

function policyOf(o: KeyOpts, dataDir?: string): SignaturePolicy {
  const trustPath = trustPathOf(o);
  assertOutsideData(trustPath, dataDir, { zh: '受信任公钥文件', en: 'trusted keys file' });
  return { trusted: readTrustedKeys(trustPath), allowUnsigned: Boolean(o.allowUnsigned) };
}

function describeSignature(v: VerifiedBackup): string {
  const s = signatureStatusOf(v);
  if (s.status === 'valid') return `  签名有效 signature valid: ${s.alg} ${s.keyId}${s.retired ? '（已轮换的旧密钥 / a rotated-out key）' : ''}`;
  return `  警告：${s.status === 'unsigned' ? '备份未签名' : '签名无法验证'}，因 --allow-unsigned 而接受 / WARNING: ${s.reason}; accepted only because of --allow-unsigned`;
}

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
    .option('--key <file>', '签名私钥（须在数据目录之外）/ signing key, outside the data folder (default: $WENZE_BACKUP_KEY or ~/.config/wenze/backup-signing.pem)')
    .option('--allow-unsigned', '无签名私钥时仍写出未签名备份 / write an unsigned backup when there is no signing key')
    .action((file: string, opts: { json?: boolean } & KeyOpts, cmd: Command) =>
      run(async () => {
        const g = globalOpts(cmd);
        const keyPath = keyPathOf(opts);
        assertOutsideData(keyPath, g.data, { zh: '签名私钥', en: 'signing key' });
        let key: SigningKey | undefined;
        try {
          key = readSigningKey(keyPath);
        } catch (err) {
          if (!opts.allowUnsigned) throw err;
        }
        const deps = await openDeps(g, { migrate: false });
        try {
          // 国密 on: backups are signed with SM2 only.
          if (key && key.alg !== 'sm2' && (await guomiEnabled(deps.db.kysely).catch(() => false))) {
            throw new AppError('BACKUP_KEY', { zh: '已启用国密选项，备份须以 SM2 签名：wenze backup key rotate --sm2', en: 'the 国密 option is on: backups are signed with SM2 (`wenze backup key rotate --sm2`)' });
          }
          const r = await createBackup(deps, file, key ? { sign: key } : {});
          if (!key) console.log('警告：未签名的备份 / WARNING: this backup is NOT signed (--allow-unsigned)');
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
    .option('--trusted-keys <file>', '受信任公钥文件 / trusted public keys (default: $WENZE_BACKUP_TRUSTED_KEYS or ~/.config/wenze/backup-trusted-keys.json)')
    .option('--allow-unsigned', '接受未签名或签名无法验证的备份（不建议）/ accept an unsigned or unverifiable backup (not recommended)')
    .action((file: string, own: KeyOpts, cmd: Command) =>
      run(async () => {
        const opts = allOpts(own, cmd);
        const m = await verifyBackup(file, policyOf(opts, globalOpts(cmd).data));
        console.log(`备份文件完整 / backup verified: ${file}\n${describe(m)}\n${describeSignature(m)}`);
      }),
    );

  backup
    .command('keygen')
    .description('生成备份签名密钥（Ed25519；--sm2 国密）并加入受信任公钥 / create the backup signing key and trust its public key')
    .option('--sm2', 'SM2 密钥（国密）/ an SM2 key (国密)')
    .option('--key <file>', '私钥写入位置（须在数据目录之外）/ where to write the private key (outside the data folder)')
    .option('--trusted-keys <file>', '受信任公钥文件 / trusted public keys file')
    .action((own: KeyOpts & { sm2?: boolean }, cmd: Command) =>
      run(async () => {
        const opts = allOpts(own, cmd);
        const k = keygen({ alg: opts.sm2 ? 'sm2' : 'ed25519', keyPath: keyPathOf(opts), trustPath: trustPathOf(opts), dataDir: globalOpts(cmd).data, now: new Date().toISOString() });
        console.log(`已生成签名密钥 / signing key created: ${k.alg} ${k.keyId}\n  私钥 private key: ${keyPathOf(opts)} (0600)\n  受信任公钥 trusted keys: ${trustPathOf(opts)}`);
      }),
    );

  backup
    .command('key')
    .description('签名密钥管理 / signing key management')
    .command('rotate')
    .description('轮换签名密钥：新私钥替换旧私钥，旧公钥保留为受信任（已退役），旧备份仍可校验 / new key; the old public key stays trusted (retired) so older backups still verify')
    .option('--sm2', '新密钥用 SM2 / the new key is SM2')
    .option('--ed25519', '新密钥用 Ed25519 / the new key is Ed25519')
    .option('--key <file>', '私钥位置 / private key file')
    .option('--trusted-keys <file>', '受信任公钥文件 / trusted public keys file')
    .action((own: KeyOpts & { sm2?: boolean; ed25519?: boolean }, cmd: Command) =>
      run(async () => {
        const opts = allOpts(own, cmd);
        const r = rotateKey({
          ...(opts.sm2 ? { alg: 'sm2' as const } : opts.ed25519 ? { alg: 'ed25519' as const } : {}),
          keyPath: keyPathOf(opts),
          trustPath: trustPathOf(opts),
          dataDir: globalOpts(cmd).data,
          now: new Date().toISOString(),
        });
        console.log(`已轮换 / rotated: ${r.old.keyId} → ${r.next.alg} ${r.next.keyId}（旧公钥仍受信任 / the old public key stays trusted）`);
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
    .option('--trusted-keys <file>', '受信任公钥文件 / trusted public keys file')
    .option('--allow-unsigned', '接受未签名或签名无法验证的备份（不建议）/ accept an unsigned or unverifiable backup (not recommended)')
    .action((file: string, opts: { force?: boolean } & KeyOpts, cmd: Command) =>
      run(async () => {
        // Verify before opening anything: a refused file leaves even a new data folder untouched.
        const verified = await verifyBackup(file, policyOf(opts, globalOpts(cmd).data));
        console.log(describeSignature(verified));
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
