// `wenze keys` as an operator uses it (issue 9 §3): with no master key configured, the first
// start writes one into the data folder (mode 0600) with a loud warning; `rotate-report-key`
// makes a new key current, re-wraps every data key and retires the old key — and every reporter
// identity still opens with the key file as it now stands.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database';
import { configureReportKeyring, DATA_KEY_FILE_NAME, setReportKeysForTesting } from '../../crypto/report-keyring';
import { clearDataKeyCache } from '../../crypto/report-seal';
import { loadReporterIdentity } from '../../services/reporter/identity-repo';

const root = path.resolve(__dirname, '../../..');
const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '' };
delete env.WENZE_REPORT_KEYS;
const wenze = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/wenze.mjs'), ...args], { encoding: 'utf8', env, timeout: 120_000 });

describe('wenze keys: the report master key file and its rotation', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-keys-'));
  });
  afterAll(() => {
    setReportKeysForTesting(null);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('first start without a configured key writes one into the data folder, mode 0600, with a warning in both languages', () => {
    const r = wenze(['migrate', '--data', dir]);
    expect(r.status, r.stderr).toBe(0);
    const file = path.join(dir, DATA_KEY_FILE_NAME);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(r.stderr).toContain('警告');
    expect(r.stderr).toContain('WARNING: no report master key was configured');
    // the second start finds it and says nothing
    expect(wenze(['migrate', '--data', dir]).stderr).not.toContain('WARNING');
  }, 120_000);

  it('rotate-report-key --retire re-wraps every data key with a new key; identities still open', async () => {
    const demo = wenze(['demo', '--data', dir]);
    expect(demo.status, demo.stderr).toBe(0);
    const before = wenze(['keys', 'status', '--data', dir]);
    const oldId = /\* (rk-[\w-]+): (\d+)/.exec(before.stdout)!;
    expect(Number(oldId[2])).toBeGreaterThan(0);
    const rot = wenze(['keys', 'rotate-report-key', '--retire', '--data', dir]);
    expect(rot.status, rot.stderr).toBe(0);
    expect(rot.stdout).toContain(`data keys re-wrapped: ${oldId[2]}`);
    expect(rot.stdout).toContain(`retired: ${oldId[1]}`);
    const after = wenze(['keys', 'status', '--data', dir]);
    expect(after.stdout).not.toContain(oldId[1]!);
    expect(after.stdout).toMatch(new RegExp(`\\* rk-[\\w-]+: ${oldId[2]}`));

    const saved = process.env.WENZE_REPORT_KEYS;
    delete process.env.WENZE_REPORT_KEYS;
    try {
      configureReportKeyring({ dataDir: dir, create: false });
      clearDataKeyCache();
      const db = await openDatabase({ dataDir: dir });
      try {
        const named = await db.kysely.selectFrom('case_reporters').select('case_id').where('name', 'is not', null).execute();
        expect(named.length).toBeGreaterThan(0);
        for (const r of named) expect((await loadReporterIdentity(db.kysely, r.case_id))?.name).toMatch(/^[\u4e00-\u9fa5]{2,}/); // the demo reporters' names, opened
      } finally {
        await db.close();
      }
    } finally {
      if (saved !== undefined) process.env.WENZE_REPORT_KEYS = saved;
      setReportKeysForTesting(null);
    }
  }, 180_000);

  it('documents seal-files (issue 9 §3) runs as an operator command: counts as JSON, nothing left to seal in a data folder written by this version, SQLite compacted; a second run is the same', () => {
    for (let i = 0; i < 2; i++) {
      const r = wenze(['documents', 'seal-files', '--json', '--data', dir]);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ sealed: 0, missing: 0, clearRemoved: 0, contents: 0, vacuumed: true });
    }
  }, 120_000);
});
