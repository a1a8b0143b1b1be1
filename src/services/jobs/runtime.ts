// Started by the server process (`wenze serve`/`start`) next to the notification runtime: the
// scheduled backup (backup-job.ts) checked every minute. Every server may run it; the job's
// lease row makes one of them take each day's backup. Configuration from the environment:
//   BACKUP_DIR        target folder; unset: no scheduled backups (cron remains possible)
//   BACKUP_AT         China time of the daily backup, HH:MM (default 02:30)
//   BACKUP_KEEP       newest scheduled backups kept (default 14)
//   BACKUP_KEEP_DAYS  also delete those older than this many days (default: unset, count only)
//   BACKUP_ALLOW_UNSIGNED=1  write unsigned backups when there is no signing key
//   WENZE_BACKUP_KEY / WENZE_BACKUP_TRUSTED_KEYS  signing key and trusted keys (as `wenze backup`)
//   BACKUP_CHECK_MS   how often the schedule is checked (default 60000)
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../errors';
import { assertOutsideData, defaultKeyPath, defaultTrustPath, readSigningKey, readTrustedKeys, type SigningKey } from '../../ops/backup-signing';
import type { Deps } from '../context';
import { runScheduledBackup, type BackupRun, type BackupSchedule } from './backup-job';

const bad = (name: string, value: string, want: { zh: string; en: string }): AppError =>
  new AppError('VALIDATION_FAILED', { zh: `${name}=${value} 无效：${want.zh}`, en: `${name}=${value} is not valid: ${want.en}` });

/** The schedule from the environment, or null when BACKUP_DIR is unset. Bad values are refused at start. */
export function backupScheduleFromEnv(env: NodeJS.ProcessEnv, dataDir?: string): BackupSchedule | null {
  const folder = env.BACKUP_DIR?.trim();
  if (!folder) return null;
  const at = (env.BACKUP_AT ?? '02:30').trim();
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) throw bad('BACKUP_AT', at, { zh: '须为 HH:MM（北京时间）', en: 'HH:MM, China time' });
  const keep = Number(env.BACKUP_KEEP ?? 14);
  if (!Number.isInteger(keep) || keep < 1 || keep > 10_000) throw bad('BACKUP_KEEP', String(env.BACKUP_KEEP), { zh: '须为 1–10000 的整数', en: 'an integer from 1 to 10000' });
  const daysRaw = env.BACKUP_KEEP_DAYS?.trim();
  const keepDays = daysRaw ? Number(daysRaw) : null;
  if (keepDays !== null && (!Number.isInteger(keepDays) || keepDays < 1 || keepDays > 36_500)) throw bad('BACKUP_KEEP_DAYS', String(daysRaw), { zh: '须为不小于 1 的整数', en: 'an integer of at least 1' });
  const allowUnsigned = /^(1|true|yes|on)$/i.test(env.BACKUP_ALLOW_UNSIGNED ?? '');
  const keyPath = defaultKeyPath();
  assertOutsideData(keyPath, dataDir, { zh: '签名私钥', en: 'signing key' });
  let sign: SigningKey | null = null;
  try {
    sign = readSigningKey(keyPath);
  } catch (err) {
    if (!allowUnsigned) throw err;
  }
  return { folder, at, keep, keepDays, sign, allowUnsigned, trust: readTrustedKeys(defaultTrustPath()) };
}

export interface BackupRuntime {
  /** one check now (what the timer runs) */
  tick(): Promise<BackupRun | null>;
  stop(): Promise<void>;
}

export function startBackupRuntime(deps: Pick<Deps, 'db' | 'clock' | 'files'>, schedule: BackupSchedule | null, env: NodeJS.ProcessEnv = process.env, log: (msg: string) => void = () => undefined): BackupRuntime {
  if (!schedule) return { tick: async () => null, stop: async () => undefined };
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let running: Promise<BackupRun | null> | null = null;
  const tick = (): Promise<BackupRun | null> => {
    if (running) return running;
    running = runScheduledBackup(deps, schedule, owner)
      .then((r) => {
        if (r.status === 'done') log(`scheduled backup written: ${r.file} (${r.bytes} bytes), pruned ${r.pruned.length}`);
        if (r.status === 'failed') log(`scheduled backup failed: ${r.error}`);
        return r;
      })
      .catch((err: unknown) => {
        log(`scheduled backup check failed: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), Number(env.BACKUP_CHECK_MS ?? 60_000));
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
