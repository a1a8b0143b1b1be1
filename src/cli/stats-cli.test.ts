// `wenze stats rebuild` as an operator runs it (the real entry point, a real data folder): it
// recounts the statistics counters of every case (issue 14 point 5/6), or only the marked ones.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';

const root = path.resolve(__dirname, '../..');
const wenze = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/wenze.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, timeout: 60_000 });

describe('wenze stats rebuild', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-stats-cli-'));
    const m = wenze(['migrate', '--data', dir]);
    expect(m.status, m.stderr).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('recounts the counters: stale counter rows are removed and the marks cleared (exit 0)', async () => {
    const db = await openDatabase({ dataDir: dir });
    await db.kysely.insertInto('stats_counters').values({ year: 2025, org_id: 'x', figure: 'state', key: 'closed', n: 5 }).execute();
    await db.kysely.insertInto('stats_dirty').values({ case_id: 'no-such-case' }).execute();
    await db.close();
    const r = wenze(['stats', 'rebuild', '--data', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('cases counted');
    const after = await openDatabase({ dataDir: dir });
    expect(await after.kysely.selectFrom('stats_counters').selectAll().execute()).toEqual([]);
    expect(await after.kysely.selectFrom('stats_dirty').selectAll().execute()).toEqual([]);
    await after.close();
  });

  it('--pending counts only the marked cases and clears their marks', async () => {
    const db = await openDatabase({ dataDir: dir });
    await db.kysely.insertInto('stats_dirty').values({ case_id: 'gone' }).execute();
    await db.close();
    const r = wenze(['stats', 'rebuild', '--pending', '--data', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 cases counted');
    const after = await openDatabase({ dataDir: dir });
    expect(await after.kysely.selectFrom('stats_dirty').selectAll().execute()).toEqual([]);
    await after.close();
  });
});
