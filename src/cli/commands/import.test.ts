// `wenze import` as an operator uses it (issue 14): a real data folder, the real entry point, a
// CSV file of original enforcement cases — written when valid (exit 0), nothing written and the
// coded per-row errors shown when not (exit 3).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database';
import { FixedClock } from '../../lib/clock';
import { MemoryFileStore } from '../../files/file-store';
import { makePerson, makeUnit } from '../../../test/factories/registers';
import { DEFAULT_ORG_ID } from '../../policies/org-scope';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { createOrg } from '../../services/orgs/org-service';

const root = path.resolve(__dirname, '../../..');
const wenze = (args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/wenze.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, timeout: 120_000 });
const HEADER = '案号,案件类型,案由,承办单位简码,决定日期,相对人,相对人类型,承办人工号,批准人工号';

describe('wenze import (CLI)', () => {
  let dir: string;
  const count = async (): Promise<number> => {
    const db = await openDatabase({ dataDir: dir });
    try {
      return Number((await db.kysely.selectFrom('original_cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    } finally {
      await db.close();
    }
  };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-import-'));
    expect(wenze(['migrate', '--data', dir]).status).toBe(0);
    const db = await openDatabase({ dataDir: dir });
    const deps = { db, clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() };
    const u = await makeUnit(deps, { shortCode: 'JZK' });
    for (const e of ['H1', 'A1']) await makePerson(deps, { employeeNo: e, unitId: u.id });
    await db.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('FL-8: a valid CSV of original cases is imported (exit 0); a file with a bad row writes nothing and names the row, its code and both languages (exit 3)', async () => {
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, `${HEADER}\nC-1,行政处罚,x,JZK,2025-01-01,某公司,单位,H1,A1\nC-2,行政检查,y,JZK,2025-01-02,某人,个人,H1,\n`);
    const r = wenze(['import', 'original-cases', good, '--data', dir, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ committed: true, imported: 2, invalid: 0 });
    expect(await count()).toBe(2);

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, `${HEADER}\nC-3,行政处罚,x,JZK,2025-01-01,某公司,单位,H1,\nC-4,行政处罚,x,JZK,2025-01-01,某公司,单位,NOBODY,\n`);
    const b = wenze(['import', 'original-cases', bad, '--data', dir]);
    expect(b.status).toBe(3);
    expect(b.stdout).toContain('第 3 行 row 3 [unknown_person]');
    expect(b.stdout).toContain('NOBODY');
    expect(await count()).toBe(2);
  });

  it('FL-5(1): `wenze import people` refuses a row registering a second record of an officer already in the unit (exit 3, the row named, nothing written)', async () => {
    const db = await openDatabase({ dataDir: dir });
    const h1 = await db.kysely.selectFrom('people').select('name').where('employee_no', '=', 'H1').executeTakeFirstOrThrow();
    const people = async () => Number((await db.kysely.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await people();
    await db.close();
    const file = path.join(dir, 'people.csv');
    fs.writeFileSync(file, `姓名,单位简码,工号\n${h1.name},JZK,\n`);
    const r = wenze(['import', 'people', file, '--data', dir]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stdout).toContain('第 2 行 row 2 [person_duplicate]');
    expect(r.stdout).toContain(`“${h1.name}”`);
    const again = await openDatabase({ dataDir: dir });
    try {
      expect(Number((await again.kysely.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(before);
    } finally {
      await again.close();
    }
  });
});

describe('wenze import (CLI) with several organisations', () => {
  let dir: string;
  const orgsOfCases = async (): Promise<string[]> => {
    const db = await openDatabase({ dataDir: dir });
    try {
      return (await db.kysely.selectFrom('original_cases').select('org_id').execute()).map((r) => r.org_id);
    } finally {
      await db.close();
    }
  };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-import-orgs-'));
    expect(wenze(['migrate', '--data', dir]).status).toBe(0);
    const db = await openDatabase({ dataDir: dir });
    const deps = { db, clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() };
    const u = await makeUnit(deps, { shortCode: 'JZK' });
    for (const e of ['H1', 'A1']) await makePerson(deps, { employeeNo: e, unitId: u.id });
    await createOrg({ ...deps, actor: SYSTEM_ACTOR }, { parentId: DEFAULT_ORG_ID, kind: 'commission', name: '重庆市巴南区交通运输委员会', shortName: '巴南交委', casePrefix: '巴交问' });
    await db.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('issue 11: with several organisations the import names its organisation (--org); none named writes nothing, and the rows are checked against that organisation’s registers alone', async () => {
    const file = path.join(dir, 'cases.csv');
    fs.writeFileSync(file, `${HEADER}\nC-1,行政处罚,x,JZK,2025-01-01,某公司,单位,H1,A1\n`);

    const none = wenze(['import', 'original-cases', file, '--data', dir]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--org');
    expect(none.stderr).toContain('巴南交委');
    expect(await orgsOfCases()).toEqual([]);

    // the unit JZK and the people are the first commission's: the other one's import finds neither
    const other = wenze(['import', 'original-cases', file, '--data', dir, '--org', '巴南交委']);
    expect(other.status).toBe(3);
    expect(other.stdout).toContain('JZK');
    expect(await orgsOfCases()).toEqual([]);

    const own = wenze(['import', 'original-cases', file, '--data', dir, '--org', DEFAULT_ORG_ID, '--json']);
    expect(own.status, own.stderr).toBe(0);
    expect(await orgsOfCases()).toEqual([DEFAULT_ORG_ID]);
  });
});
