// One officer, one register record through the spreadsheet import (FL-5(1) 回避 and the FL-10(6)
// 多次 count are judged by register person): a row that would register a second record of a name in
// a unit — beside the register's, or an earlier row's of the same file — is that row's error in the
// preview and the report, unless both carry their own employee numbers; Excel and CSV alike.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makePerson, makeUnit } from '../../../test/factories/registers';
import { multipartFile, workbookOf } from '../../../test/factories/excel';
import type { Unit } from '../registers/schemas';

const P = { name: '姓名*', unit: '单位简码*', emp: '工号', post: '职务', reason: '同名人员理由' };
const HEADERS = [P.name, P.unit, P.emp, P.post];
type Row = { row: number; key: string; ok: boolean; action: string; errors: { column: string | null; path: string; code?: string; zh: string; en: string }[] };

describe.each(engines)('Registers: the people import registers one officer once (%s)', (engine) => {
  let t: TestApp;
  let jzk: Unit;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('clerk', ['clerk']);
    jzk = await makeUnit(t.deps, { name: '建筑管理科', shortCode: 'JZK' });
    await makeUnit(t.deps, { name: '法制科', shortCode: 'FZK2' });
  });
  afterEach(async () => t.close());

  const importAs = async (buf: Buffer, mode: string, opts: { update?: boolean; filename?: string } = {}) => {
    const { payload, headers } = multipartFile(buf, opts.filename);
    return t.as('clerk', { method: 'POST', url: `/api/v1/excel/people/import?mode=${mode}${opts.update ? '&update=true' : ''}`, payload, headers });
  };
  /** the register's people as name/employee no., sorted (the clerk's own record left out) */
  const people = async () =>
    (await t.deps.db.kysely.selectFrom('people').select(['name', 'employee_no']).where('name', '<>', 'clerk').execute()).map((p) => `${p.name}/${p.employee_no ?? ''}`).sort();
  const csvOf = (...lines: string[]): Buffer => Buffer.from('\ufeff' + ['姓名,单位简码,工号,职务', ...lines].join('\r\n') + '\r\n', 'utf8');

  it('FL-5(1): an Excel row registering a second record of an officer already in the unit is that row’s error in the preview, naming the record, and nothing is written', async () => {
    await makePerson(t.deps, { name: '张建国', unitId: jzk.id, employeeNo: 'E100' });
    const before = await people();
    const buf = await workbookOf(HEADERS, [
      { [P.name]: '张 建国', [P.unit]: 'JZK' },
      { [P.name]: '李新', [P.unit]: 'JZK', [P.emp]: 'E101' },
    ]);
    const preview = (await importAs(buf, 'check')).json();
    expect(preview).toMatchObject({ committed: false, valid: 1, invalid: 1 });
    const [dup, fresh] = preview.rows as Row[];
    expect(dup).toMatchObject({ row: 2, ok: false, action: 'invalid' });
    expect(dup!.errors).toEqual([
      {
        column: '姓名',
        path: 'name',
        code: 'person_duplicate',
        zh: '与台账中的“张建国”（建筑管理科，工号 E100）同名同单位，同一人不得重复登记。确是同名的另一人，两人均须填写各自的工号（回避 FL-5(1)、“多次” FL-10(6) 均按人员台账认定）',
        en: expect.stringContaining('张建国 (建筑管理科, employee no. E100)'),
      },
    ]);
    expect(fresh).toMatchObject({ ok: true, action: 'new' });
    expect((await importAs(buf, 'all')).json()).toMatchObject({ committed: false, imported: 0 });
    expect(await people()).toEqual(before);
    // "import valid rows" writes the other row only
    expect((await importAs(buf, 'valid')).json()).toMatchObject({ committed: true, imported: 1 });
    expect(await people()).toEqual([...before, '李新/E101'].sort());
  });

  it('FL-5(1): two rows of one file naming the same officer in the same unit: the later row is the error, the earlier is imported', async () => {
    const buf = await workbookOf(HEADERS, [
      { [P.name]: '王立新', [P.unit]: 'JZK' },
      { [P.name]: '王　立新', [P.unit]: 'JZK', [P.emp]: 'E200' },
      { [P.name]: '王立新', [P.unit]: 'FZK2' },
    ]);
    const preview = (await importAs(buf, 'check')).json();
    const rows = preview.rows as Row[];
    expect(rows.map((r) => r.ok)).toEqual([true, false, true]);
    expect(rows[1]!.errors).toMatchObject([{ path: 'name', code: 'person_duplicate', zh: expect.stringMatching(/^与第 2 行同名同单位，同一人不得重复登记。/) }]);
    expect(rows[1]!.errors[0]!.en).toMatch(/^Same name and unit as row 2/);
    expect((await importAs(buf, 'all')).json()).toMatchObject({ committed: false });
    expect((await importAs(buf, 'valid')).json()).toMatchObject({ committed: true, imported: 2 });
    expect(await people()).toEqual(['王立新/', '王立新/']);
    expect((await t.deps.db.kysely.selectFrom('people').select('unit_id').where('name', '=', '王立新').execute()).length).toBe(2);
  });

  it('FL-5(1): the same refusal through a CSV upload, and through an update by employee number that would rename or move a record onto another', async () => {
    await makePerson(t.deps, { name: '刘洋', unitId: jzk.id, employeeNo: null });
    const moved = await makePerson(t.deps, { name: '刘洋', unitId: (await makeUnit(t.deps, { name: '执法大队', shortCode: 'ZFDD' })).id, employeeNo: 'E300' });
    const before = await people();
    const csv = (await importAs(csvOf('刘洋,JZK,,科员', '陈静,JZK,E301,科员'), 'check', { filename: 'people.csv' })).json();
    expect((csv.rows as Row[]).map((r) => [r.ok, r.errors.map((e) => e.code)])).toEqual([
      [false, ['person_duplicate']],
      [true, []],
    ]);
    const upd = await workbookOf(HEADERS, [{ [P.name]: '刘洋', [P.unit]: 'JZK', [P.emp]: 'E300' }]);
    const report = (await importAs(upd, 'all', { update: true })).json();
    expect(report).toMatchObject({ committed: false, invalid: 1 });
    expect((report.rows as Row[])[0]!.errors).toMatchObject([{ code: 'person_duplicate', zh: expect.stringContaining('“刘洋”（建筑管理科，无工号）') }]);
    expect(await people()).toEqual(before);
    expect((await t.deps.db.kysely.selectFrom('people').select('unit_id').where('id', '=', moved.id).executeTakeFirstOrThrow()).unit_id).toBe(moved.unitId);
  });

  it('FL-5(1): the same name in another unit, or two employees of one name in one unit each with their own employee number and the row\'s 同名人员理由, are imported as two people', async () => {
    await makePerson(t.deps, { name: '周涛', unitId: jzk.id, employeeNo: 'E401' });
    const buf = await workbookOf([...HEADERS, P.reason], [
      { [P.name]: '周涛', [P.unit]: 'JZK', [P.emp]: 'E402', [P.reason]: '二人系不同人员，身份证号不同' },
      { [P.name]: '周涛', [P.unit]: 'JZK', [P.emp]: 'E403', [P.reason]: '第三位同名人员，工号由人事科核发' },
      { [P.name]: '周涛', [P.unit]: 'FZK2' },
    ]);
    const report = (await importAs(buf, 'all')).json();
    expect(report, JSON.stringify(report.rows)).toMatchObject({ committed: true, imported: 3, invalid: 0 });
    expect(await people()).toEqual(['周涛/', '周涛/E401', '周涛/E402', '周涛/E403']);
  });

  it('FL-5(1), FL-10(6): a CSV or Excel row naming the main leader 胡婷 with a character a personal name does not hold, or an officer in the traditional form (陳靜 beside 陈静), is that row\'s error; nothing is written', async () => {
    const leader = await makePerson(t.deps, { name: '胡婷', unitId: jzk.id, employeeNo: 'BNZJ0001', post: '主任' });
    const before = await people();
    const spellings: [string, string][] = [
      ['胡\u2800婷', 'U+2800'],
      ['胡\uFE00婷', 'U+FE00'],
      ['胡婷\u{E0100}', 'U+E0100'],
      ['胡婷\u0300', 'U+0300'],
      ['胡\u034F婷', 'U+034F'],
      ['胡\u3164婷', 'U+3164'],
      ['胡\u115F婷', 'U+115F'],
    ];
    const csv = (await importAs(csvOf(...spellings.map(([n], i) => `${n},JZK,BNZJ99${String(i).padStart(2, '0')},科员`)), 'check', { filename: 'people.csv' })).json();
    expect((csv.rows as Row[]).map((r) => [r.ok, r.errors.map((e) => [e.path, e.code])])).toEqual(spellings.map(() => [false, [['name', 'person_name']]]));
    (csv.rows as Row[]).forEach((r, i) => {
      expect(r.errors[0]!.zh).toContain(`（${spellings[i]![1]}）不能使用`);
      expect(r.errors[0]!.en).toContain(`(${spellings[i]![1]}) cannot be used`);
    });
    expect((await importAs(csvOf('"胡\u2800婷",JZK,,科员'), 'valid', { filename: 'people.csv' })).json()).toMatchObject({ imported: 0, invalid: 1 });
    // the traditional form is the same officer (陈静 / 陳靜): without a number refused, with a made-up one asked the reason
    await makePerson(t.deps, { name: '陈静', unitId: jzk.id, employeeNo: 'BNZJ0002' });
    const before2 = await people();
    const traditional = (await importAs(csvOf('陳靜,JZK,,科员', '陳靜,JZK,BNZJ9990,科员'), 'check', { filename: 'people.csv' })).json();
    expect((traditional.rows as Row[]).map((r) => r.errors.map((e) => e.code))).toEqual([['person_duplicate'], ['same_name_reason_required']]);
    const trad2 = (await importAs(await workbookOf(HEADERS, [{ [P.name]: '陳 靜', [P.unit]: 'JZK' }]), 'all')).json();
    expect((trad2.rows as Row[])[0]!.errors).toMatchObject([{ code: 'person_duplicate', zh: expect.stringContaining('“陈静”（建筑管理科，工号 BNZJ0002）') }]);
    // an update by employee number renaming the leader's record is checked too
    const rename = (await importAs(await workbookOf(HEADERS, [{ [P.name]: '胡\u3164婷', [P.unit]: 'JZK', [P.emp]: 'BNZJ0001' }]), 'all', { update: true })).json();
    expect(rename).toMatchObject({ committed: false, invalid: 1 });
    expect(await people()).toEqual(before2);
    expect(before2).toEqual([...before, '陈静/BNZJ0002'].sort());
    expect((await t.deps.db.kysely.selectFrom('people').select('name').where('id', '=', leader.id).executeTakeFirstOrThrow()).name).toBe('胡婷');
  });

  it('FL-5(1): a row updating by employee number a record whose name was stored before the name check leaves the name as it is and updates the rest; a namesake row without its 同名人员理由 is that row\'s error', async () => {
    const legacy = await makePerson(t.deps, { name: '吴用', unitId: jzk.id, employeeNo: 'E500' });
    await t.deps.db.kysely.updateTable('people').set({ name: '吴\u2800用' }).where('id', '=', legacy.id).execute();
    const report = (await importAs(await workbookOf(HEADERS, [{ [P.name]: '吴\u2800用', [P.unit]: 'JZK', [P.emp]: 'E500', [P.post]: '副科长' }]), 'all', { update: true })).json();
    expect(report, JSON.stringify(report.rows)).toMatchObject({ committed: true, invalid: 0 });
    expect(await t.deps.db.kysely.selectFrom('people').select(['name', 'post']).where('id', '=', legacy.id).executeTakeFirstOrThrow()).toEqual({ name: '吴\u2800用', post: '副科长' });
    await makePerson(t.deps, { name: '孙立', unitId: jzk.id, employeeNo: 'E600' });
    const bare = (await importAs(await workbookOf(HEADERS, [{ [P.name]: '孙立', [P.unit]: 'JZK', [P.emp]: 'E601' }]), 'check')).json();
    expect((bare.rows as Row[])[0]!.errors).toMatchObject([{ column: '同名人员理由', path: 'sameNameReason', code: 'same_name_reason_required', zh: expect.stringContaining('“孙立”（建筑管理科，工号 E600）') }]);
    const given = (await importAs(await workbookOf([...HEADERS, P.reason], [{ [P.name]: '孙立', [P.unit]: 'JZK', [P.emp]: 'E601', [P.reason]: '二人系不同人员，人事科核实' }]), 'all')).json();
    expect(given).toMatchObject({ committed: true, imported: 1 });
    expect((await t.deps.db.kysely.selectFrom('people').select('same_name_reason').where('employee_no', '=', 'E601').executeTakeFirstOrThrow()).same_name_reason).toBe('二人系不同人员，人事科核实');
  });
});
