// Scheduled backups with retention (issue 14, operations), run by the server processes
// (runtime.ts): once a day at a set China time, one server of those sharing the database takes
// the job's lease (src/repositories/jobs/jobs-repo.ts), writes `wenze-YYYYMMDD-HHMM.wbk` into the
// target folder (the same online backup as `wenze backup`), verifies it, and only then prunes the
// older scheduled backups beyond the retention (count, and optionally days). Success and failure
// are written to the audit trail; a failure alerts the system administrators (notification kind
// `alert`, urgent) and is retried after `retryMs`; /metrics reads the outcome from the job row.
import fs from 'node:fs';
import path from 'node:path';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import { createBackup } from '../../ops/backup';
import { type SigningKey, type TrustedKeys } from '../../ops/backup-signing';
import { verifyBackup } from '../../ops/restore';
import { claimJob, enabledSysadmins, jobFailed, jobSucceeded } from '../../repositories/jobs/jobs-repo';
import type { Deps } from '../context';
import { guomiEnabled } from '../hardening-settings';
import { notify } from '../notify/notify';

export const BACKUP_JOB = 'backup';
const CHINA_MS = 8 * 3_600_000;
/** the names the job writes and the only files its retention ever deletes */
export const SCHEDULED_BACKUP_NAME = /^wenze-(\d{8})-(\d{4})\.wbk$/;

export interface BackupSchedule {
  /** target folder (created if missing) */
  folder: string;
  /** 'HH:MM', China time (UTC+8): the backup of a day is due from then on */
  at: string;
  /** the newest N scheduled backups are kept (at least 1) */
  keep: number;
  /** also delete scheduled backups older than this many days (the newest one is always kept); null: by count only */
  keepDays: number | null;
  /** signing key; null: unsigned (only when allowed) */
  sign: SigningKey | null;
  /** whether an unsigned backup may be written when there is no key */
  allowUnsigned: boolean;
  /** trusted public keys the verification after writing accepts */
  trust: TrustedKeys;
  /** how long a run may hold the job (a crashed server's lease runs out), default 6 h */
  leaseMs?: number;
  /** after a failure, the next attempt no sooner than this, default 1 h */
  retryMs?: number;
}

const china = (d: Date): string => new Date(d.getTime() + CHINA_MS).toISOString();

/** The occurrence due at `now` (its China date), or null before the day's time. */
export function dueKey(now: Date, at: string): string | null {
  const c = china(now);
  return c.slice(11, 16) >= at ? c.slice(0, 10) : null;
}

/** `wenze-YYYYMMDD-HHMM.wbk` of an instant, China time. */
export function scheduledBackupName(now: Date): string {
  const c = china(now);
  return `wenze-${c.slice(0, 10).replace(/-/g, '')}-${c.slice(11, 16).replace(':', '')}.wbk`;
}

/**
 * Retention: of the scheduled backups in `folder` (names matching SCHEDULED_BACKUP_NAME; other
 * files are never touched), the newest `keep` stay; older ones go, and with `keepDays` those made
 * more than that many days before `now` go as well — never the newest. Returns the deleted paths, oldest first.
 */
export function pruneScheduledBackups(folder: string, opts: { keep: number; keepDays: number | null; now: Date }): string[] {
  const names = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isFile() && SCHEDULED_BACKUP_NAME.test(e.name))
    .map((e) => e.name)
    .sort()
    .reverse();
  const cutoff = opts.keepDays == null ? null : scheduledBackupName(new Date(opts.now.getTime() - opts.keepDays * 86_400_000));
  const doomed = names.filter((n, i) => i >= opts.keep || (i > 0 && cutoff !== null && n < cutoff));
  for (const n of doomed) fs.rmSync(path.join(folder, n));
  return doomed.reverse().map((n) => path.join(folder, n));
}

export type BackupRun =
  | { status: 'not_due' | 'taken' }
  | { status: 'done'; file: string; bytes: number; signed: boolean; pruned: string[] }
  | { status: 'failed'; error: string; consecutiveFailures: number };

const message = (err: unknown): string => (err instanceof AppError ? `${err.code}: ${err.en}` : err instanceof Error ? err.message : String(err));

/**
 * One check of the schedule (the runtime calls it every minute): when the day's backup is due
 * and not done, and this caller gets the lease, it is made, verified, pruned and recorded.
 */
export async function runScheduledBackup(deps: Pick<Deps, 'db' | 'clock' | 'files'>, s: BackupSchedule, owner: string): Promise<BackupRun> {
  const now = deps.clock.now();
  const key = dueKey(now, s.at);
  if (!key) return { status: 'not_due' };
  const at = now.toISOString();
  const claimed = await claimJob(deps.db.kysely, BACKUP_JOB, key, owner, at, new Date(now.getTime() + (s.leaseMs ?? 6 * 3_600_000)).toISOString());
  if (!claimed) return { status: 'taken' };
  const file = path.join(path.resolve(s.folder), scheduledBackupName(now));
  try {
    if (!s.sign && !s.allowUnsigned) {
      throw new AppError('BACKUP_KEY', { zh: '未配置备份签名私钥（WENZE_BACKUP_KEY）', en: 'no backup signing key (WENZE_BACKUP_KEY); set BACKUP_ALLOW_UNSIGNED=1 to write unsigned backups' });
    }
    if (s.sign && s.sign.alg !== 'sm2' && (await guomiEnabled(deps.db.kysely))) {
      throw new AppError('BACKUP_KEY', { zh: '已启用国密选项，备份须以 SM2 签名', en: 'the 国密 option is on: backups are signed with SM2' });
    }
    const r = await createBackup(deps, file, s.sign ? { sign: s.sign } : {});
    if (!r.auditChainOk) {
      throw new AppError('PRECONDITION_FAILED', { zh: `审计链已损坏（记录 ${r.auditProblem?.seq}），备份已保留作证据但无法恢复`, en: `the audit chain is broken (record ${r.auditProblem?.seq}); the backup is kept as evidence but cannot be restored` });
    }
    // the written file is read back completely before anything older is deleted
    await verifyBackup(file, { trusted: s.trust, allowUnsigned: s.allowUnsigned });
    const pruned = pruneScheduledBackups(path.dirname(file), { keep: s.keep, keepDays: s.keepDays, now });
    const result = { file, bytes: r.bytes, signed: !!s.sign, pruned: pruned.map((p) => path.basename(p)) };
    await inTransaction(deps.db, async (tx) => {
      await jobSucceeded(tx, BACKUP_JOB, owner, key, at, result);
      await appendAudit(tx, { actorId: null, action: 'backup.scheduled', entityType: 'backup', entityId: path.basename(file), after: { ...result, occurrence: key, keep: s.keep, keepDays: s.keepDays }, at });
    });
    return { status: 'done', file, bytes: r.bytes, signed: !!s.sign, pruned };
  } catch (err) {
    const error = message(err);
    const consecutiveFailures = await inTransaction(deps.db, async (tx) => {
      const n = await jobFailed(tx, BACKUP_JOB, owner, at, error, new Date(now.getTime() + (s.retryMs ?? 3_600_000)).toISOString());
      await appendAudit(tx, { actorId: null, action: 'backup.scheduled_failed', entityType: 'backup', entityId: path.basename(file), after: { file, occurrence: key, error, consecutiveFailures: n }, at });
      await notify(tx, {
        kind: 'alert',
        level: 'urgent',
        userIds: await enabledSysadmins(tx),
        message: {
          titleZh: '定时备份失败',
          titleEn: 'Scheduled backup failed',
          bodyZh: `${key} 的定时备份未完成（第 ${n} 次连续失败）：${error}。较早的备份均未删除；一小时后重试。`,
          bodyEn: `The scheduled backup of ${key} failed (${n} in a row): ${error}. No older backup was deleted; it is retried in an hour.`,
          link: null,
        },
        orgWebhook: false,
        at,
      });
      return n;
    });
    return { status: 'failed', error, consecutiveFailures };
  }
}

