// Scheduled backups with retention, as the documented cron line runs them (docs/OPERATIONS.md):
//   wenze backup DIR/wenze-<stamp>.wbk && wenze backup prune DIR --keep N
// through the command line (the compiled entry when built), on an embedded-database folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { pruneBackups } from './backup-prune';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let tmp: string;

function wenze(...args: string[]): { code: number | null; out: string } {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  // backups are signed (数据完整性): the signing key and the trusted keys of these runs, outside the --data folder
  env.WENZE_BACKUP_KEY = path.join(tmp, 'keys', 'backup-signing.pem');
  env.WENZE_BACKUP_TRUSTED_KEYS = path.join(tmp, 'keys', 'trusted.json');
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'wenze.mjs'), ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-prune-'));
  const db = await openDatabase({ dataDir: path.join(tmp, 'data') });
  await migrateToLatest(db);
  await db.close();
  expect(wenze('backup', 'keygen').code).toBe(0);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('scheduled backups with retention', () => {
  it('backup prune --keep 2: nightly backups beyond the two newest are deleted, the newest still verifies, other files are untouched', () => {
    const dir = path.join(tmp, 'backups');
    fs.mkdirSync(dir);
    const nights = ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
    for (const [i, night] of nights.entries()) {
      const file = path.join(dir, `wenze-${night}.wbk`);
      const b = wenze('backup', file, '--data', path.join(tmp, 'data'));
      expect(b.code, b.out).toBe(0);
      const t = new Date(`${night}T18:00:00Z`).getTime() / 1000 + i;
      fs.utimesSync(file, t, t);
    }
    fs.writeFileSync(path.join(dir, 'README.txt'), 'not a backup');

    const dry = wenze('backup', 'prune', dir, '--keep', '2', '--dry-run');
    expect(dry.code, dry.out).toBe(0);
    expect(fs.readdirSync(dir)).toHaveLength(5);

    const r = wenze('backup', 'prune', dir, '--keep', '2');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('wenze-2026-11-26.wbk');
    expect(fs.readdirSync(dir).sort()).toEqual(['README.txt', 'wenze-2026-11-28.wbk', 'wenze-2026-11-29.wbk']);
    expect(wenze('backup', 'verify', path.join(dir, 'wenze-2026-11-29.wbk')).code).toBe(0);
  });

  it('backup prune refuses --keep 0 (exit 2, nothing deleted): retention never deletes every backup', () => {
    const dir = path.join(tmp, 'keep0');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a.wbk'), 'x');
    const r = wenze('backup', 'prune', dir, '--keep', '0');
    expect(r.code).toBe(2);
    expect(r.out).toContain('VALIDATION_FAILED');
    expect(fs.readdirSync(dir)).toEqual(['a.wbk']);
    expect(() => pruneBackups(dir, { keep: 1.5 })).toThrow(/--keep/);
  });
});
