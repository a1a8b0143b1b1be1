// `wenze calendar …` as an operator uses it: a real data folder, the real entry point.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hypothetical2027 } from '../../../test/factories/calendar';

const root = path.resolve(__dirname, '../../..');
const wenze = (args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/wenze.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
    timeout: 60_000,
  });

describe('wenze calendar', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-cal-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('seeds 2004–2026 from chinese-days once, lists and shows them', () => {
    const empty = wenze(['calendar', 'list', '--data', dir]);
    expect(empty.status, empty.stderr).toBe(0);
    expect(empty.stdout).toContain('no calendar years loaded');
    const seed = wenze(['calendar', 'seed', '--data', dir]);
    expect(seed.status, seed.stderr).toBe(0);
    expect(seed.stdout).toContain('chinese-days@1.5.7');
    expect(wenze(['calendar', 'seed', '--data', dir]).stdout).toContain('nothing to seed');
    const list = wenze(['calendar', 'list', '--data', dir, '--json']);
    expect((JSON.parse(list.stdout) as { year: number }[]).map((y) => y.year)).toHaveLength(23);
    const show = wenze(['calendar', 'show', '2025', '--data', dir]);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain('国庆节  2025-10-01…10-05 (5)');
    expect(show.stdout).toContain('中秋节  2025-10-06 (1)');
    expect(show.stdout).toContain('2025-10-11  国庆节');
  });

  it('loads a year from a JSON file, and refuses a bad one with a two-language message and exit 2', () => {
    const good = path.join(dir, '2027.json');
    fs.writeFileSync(good, JSON.stringify({ year: 2027, ...hypothetical2027() }));
    const r = wenze(['calendar', 'load', good, '--data', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('loaded 2027: 28');
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ year: 2028, ...hypothetical2027() }));
    const refused = wenze(['calendar', 'load', bad, '--data', dir]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('VALIDATION_FAILED');
    expect(refused.stderr).toContain('不在 2028 年内');
    expect(refused.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(wenze(['calendar', 'show', '2028', '--data', dir]).status).toBe(2);
  });
});
