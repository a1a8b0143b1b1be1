// Retention for scheduled backups: `wenze backup prune DIR --keep N` keeps the N newest backup
// files (by modification time, then name) in DIR and deletes the older ones. Only files with
// the backup suffix (default .wbk) directly in DIR are considered; nothing else is touched.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';

export interface PruneResult {
  kept: string[];
  deleted: string[];
}

export function pruneBackups(dir: string, opts: { keep: number; suffix?: string; dryRun?: boolean }): PruneResult {
  const { keep, suffix = '.wbk', dryRun = false } = opts;
  if (!Number.isInteger(keep) || keep < 1) {
    throw new AppError('VALIDATION_FAILED', { zh: `--keep 须为不小于 1 的整数（收到 ${keep}）`, en: `--keep must be an integer of at least 1 (got ${keep})` });
  }
  const files = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => {
      const p = path.join(dir, e.name);
      return { p, mtime: fs.statSync(p).mtimeMs };
    })
    .sort((a, b) => b.mtime - a.mtime || (a.p < b.p ? 1 : a.p > b.p ? -1 : 0));
  const kept = files.slice(0, keep).map((f) => f.p);
  const deleted = files.slice(keep).map((f) => f.p);
  if (!dryRun) for (const f of deleted) fs.rmSync(f);
  return { kept, deleted };
}
