import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeOriginalCase, makePerson, makeUnit } from '../../../test/factories/registers';
import { multipartFile, readWorkbook, workbookOf } from '../../../test/factories/excel';
import { verifyAuditChain } from '../../audit/audit-verify';

const P = { name: '姓名*', unit: '单位简码*', post: '职务', emp: '工号', phone: '电话', cert: '执法证号', auth: '发证机关', from: '有效期起', to: '有效期止' };
const PEOPLE_HEADERS = Object.values(P);
type Row = { row: number; key: string; action: string; changes: { column: string; from: string; to: string }[]; errors: { column: string | null; zh: string }[] };

describe.each(engines)('Registers: Excel import updates existing rows by key (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('clerk', ['clerk']);
    await makeUnit(t.deps, { name: '建筑管理科', shortCode: 'JZK' });
  });
  afterEach(async () => t.close());

  const importAs = async (kind: string, buf: Buffer, mode: string, update = true) => {
    const { payload, headers } = multipartFile(buf);
    return t.as('clerk', { method: 'POST', url: `/api/v1/excel/${kind}/import?mode=${mode}${update ? '&update=true' : ''}`, payload, headers });
  };
  const audits = async (action: string) => t.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  it('Registers: importing by employee number updates the changed people and shows old → new in the preview', async () => {
    const zhang = await makePerson(t.deps, { name: '张执法', employeeNo: 'E1', post: '科员' });
    await makePerson(t.deps, { name: '李审批', employeeNo: 'E2', post: '科长' });
    const unitCode = (await t.deps.db.kysely.selectFrom('units').select('short_code').where('id', '=', zhang.unitId).executeTakeFirstOrThrow()).short_code;
    const li = await t.deps.db.kysely.selectFrom('people').selectAll().where('employee_no', '=', 'E2').executeTakeFirstOrThrow();
    const liCode = (await t.deps.db.kysely.selectFrom('units').select('short_code').where('id', '=', li.unit_id).executeTakeFirstOrThrow()).short_code;
    const buf = await workbookOf(PEOPLE_HEADERS, [
      { [P.name]: '张执法', [P.unit]: unitCode, [P.emp]: 'E1', [P.post]: '副科长', [P.phone]: '023-1234567' },
      { [P.name]: '李审批', [P.unit]: liCode, [P.emp]: 'E2', [P.post]: '科长', [P.phone]: li.phone ?? '', [P.cert]: '' },
      { [P.name]: '王新人', [P.unit]: 'JZK', [P.emp]: 'E3' },
      { [P.name]: '坏行', [P.unit]: 'NOPE', [P.emp]: 'E4' },
    ]);
    const preview = (await importAs('people', buf, 'check')).json();
    expect(preview).toMatchObject({ committed: false, update: true, created: 1, updated: 1, unchanged: 1, invalid: 1 });
    const rows = preview.rows as Row[];
    expect(rows.find((r) => r.key === 'E1')).toMatchObject({
      action: 'changed',
      changes: expect.arrayContaining([
        { column: '职务', from: '科员', to: '副科长' },
        { column: '电话', from: '', to: '023-1234567' },
      ]),
    });
    expect(rows.find((r) => r.key === 'E2')).toMatchObject({ action: 'unchanged', changes: [] });
    expect(rows.find((r) => r.key === 'E3')).toMatchObject({ action: 'new' });
    expect(rows.find((r) => r.key === 'E4')).toMatchObject({ action: 'invalid', errors: [{ column: '单位简码', zh: expect.stringContaining('NOPE') }] });
    expect((await t.deps.db.kysely.selectFrom('people').select('post').where('id', '=', zhang.id).executeTakeFirstOrThrow()).post).toBe('科员');

    // all-or-nothing refuses while a row is invalid; valid rows only applies the rest
    expect((await importAs('people', buf, 'all')).json()).toMatchObject({ committed: false });
    const done = (await importAs('people', buf, 'valid')).json();
    expect(done).toMatchObject({ committed: true, imported: 2 });
    const after = await t.deps.db.kysely.selectFrom('people').selectAll().where('id', '=', zhang.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ post: '副科长', phone: '023-1234567' });
    expect(Number(after.version)).toBe(2);
    // audited like an API edit: before and after
    const edit = (await audits('person.update')).find((a) => a.entity_id === zhang.id)!;
    expect(JSON.parse(edit.before_json!)).toMatchObject({ post: '科员' });
    expect(JSON.parse(edit.after_json!)).toMatchObject({ post: '副科长' });
    expect(await audits('person.update')).toHaveLength(1);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('Registers: updating by key, a column left out of the sheet keeps the value and an empty cell clears it', async () => {
    await makePerson(t.deps, { name: '张执法', employeeNo: 'E1', post: '科员', phone: '023-1111111', email: 'z@example.cn' });
    const person = await t.deps.db.kysely.selectFrom('people').selectAll().where('employee_no', '=', 'E1').executeTakeFirstOrThrow();
    const code = (await t.deps.db.kysely.selectFrom('units').select('short_code').where('id', '=', person.unit_id).executeTakeFirstOrThrow()).short_code;
    // no 电话/邮箱 columns: untouched; 职务 present but empty: cleared
    const sheet = await workbookOf(['工号', '姓名*', '单位简码*', '职务'], [{ 工号: 'E1', '姓名*': '张执法', '单位简码*': code, 职务: '' }]);
    const rep = (await importAs('people', sheet, 'all')).json();
    expect(rep.rows[0]).toMatchObject({ action: 'changed', changes: [{ column: '职务', from: '科员', to: '' }] });
    const after = await t.deps.db.kysely.selectFrom('people').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ post: null, phone: '023-1111111', email: 'z@example.cn' });
    // an original case sheet with only the number and the title changes only the title
    const fx = await makeOriginalCase(t.deps);
    const cases = await workbookOf(['案号*', '案由*'], [{ '案号*': fx.originalCase.number, '案由*': '只改案由' }]);
    const r = (await importAs('original-cases', cases, 'all')).json();
    expect(r.rows[0]).toMatchObject({ action: 'changed', changes: [{ column: '案由', from: fx.originalCase.title, to: '只改案由' }] });
    const full = await t.as('clerk', { method: 'GET', url: `/api/v1/original-cases/${fx.originalCase.id}` });
    expect(full.json()).toMatchObject({ title: '只改案由', handlers: fx.originalCase.handlers, approvers: fx.originalCase.approvers });
  });

  it('Registers: without update by key an existing employee number stays a duplicate', async () => {
    await makePerson(t.deps, { name: '张执法', employeeNo: 'E1' });
    const rep = (await importAs('people', await workbookOf(PEOPLE_HEADERS, [{ [P.name]: '张执法', [P.unit]: 'JZK', [P.emp]: 'E1' }]), 'check', false)).json();
    expect(rep.rows[0]).toMatchObject({ action: 'invalid', errors: [{ column: '工号', zh: expect.stringContaining('已在台账中') }] });
  });

  it('Registers: a person’s own certificate is corrected by number when updating, another’s number is refused', async () => {
    const buf1 = await workbookOf(PEOPLE_HEADERS, [
      { [P.name]: '张执法', [P.unit]: 'JZK', [P.emp]: 'E1', [P.cert]: 'C1', [P.auth]: '市政府', [P.from]: '2024-01-01' },
      { [P.name]: '李审批', [P.unit]: 'JZK', [P.emp]: 'E2', [P.cert]: 'C2', [P.auth]: '市政府', [P.from]: '2024-01-01' },
    ]);
    expect((await importAs('people', buf1, 'all', false)).json()).toMatchObject({ committed: true });
    const buf2 = await workbookOf(PEOPLE_HEADERS, [
      { [P.name]: '张执法', [P.unit]: 'JZK', [P.emp]: 'E1', [P.cert]: 'C1', [P.auth]: '重庆市人民政府', [P.from]: '2024-01-01', [P.to]: '2029-12-31' },
      { [P.name]: '李审批', [P.unit]: 'JZK', [P.emp]: 'E2', [P.cert]: 'C1', [P.auth]: '市政府', [P.from]: '2024-01-01' },
    ]);
    const rep = (await importAs('people', buf2, 'valid')).json();
    const rows = rep.rows as Row[];
    expect(rows[0]).toMatchObject({ action: 'changed', changes: [{ column: '发证机关', from: '市政府', to: '重庆市人民政府' }, { column: '有效期止', from: '', to: '2029-12-31' }] });
    expect(rows[1]).toMatchObject({ action: 'invalid', errors: expect.arrayContaining([{ column: '执法证号', path: 'certNumber', zh: '执法证号 C1 已在台账中', en: expect.any(String) }]) });
    const cert = await t.deps.db.kysely.selectFrom('enforcement_certificates').selectAll().where('number', '=', 'C1').executeTakeFirstOrThrow();
    expect(cert).toMatchObject({ issuing_authority: '重庆市人民政府', valid_to: '2029-12-31' });
    expect(await audits('certificate.update')).toHaveLength(1);
  });

  it('Registers: units import by short code adds new units (parents from earlier rows) and renames existing ones', async () => {
    const root = await t.deps.db.kysely.selectFrom('units').selectAll().where('kind', '=', 'commission').executeTakeFirstOrThrow();
    const headers = ['单位名称*', '简码*', '类型*', '上级单位简码', '排序'];
    const buf = await workbookOf(headers, [
      { '单位名称*': '建筑市场管理科', '简码*': 'jzk', '类型*': '机关科室', 上级单位简码: root.short_code },
      { '单位名称*': '执法支队', '简码*': 'ZD', '类型*': '委属单位', 上级单位简码: root.short_code, 排序: 5 },
      { '单位名称*': '一大队', '简码*': 'ZD1', '类型*': '委属单位', 上级单位简码: 'ZD' },
      { '单位名称*': '无上级', '简码*': 'X1', '类型*': '委属单位', 上级单位简码: 'NOPE' },
    ]);
    const preview = (await importAs('units', buf, 'check')).json();
    const rows = preview.rows as Row[];
    expect(rows.map((r) => r.action)).toEqual(['changed', 'new', 'new', 'invalid']);
    expect(rows[0]!.changes).toEqual([{ column: '单位名称', from: '建筑管理科', to: '建筑市场管理科' }]);
    expect((await importAs('units', buf, 'valid')).json()).toMatchObject({ committed: true, imported: 3 });
    const zd = await t.deps.db.kysely.selectFrom('units').selectAll().where('short_code', '=', 'ZD').executeTakeFirstOrThrow();
    const zd1 = await t.deps.db.kysely.selectFrom('units').selectAll().where('short_code', '=', 'ZD1').executeTakeFirstOrThrow();
    expect(zd1.parent_id).toBe(zd.id);
    expect(await audits('unit.update')).toHaveLength(1);
    // the export re-imports with no change
    const exported = (await t.as('clerk', { method: 'GET', url: '/api/v1/excel/units/export' })).rawPayload;
    const again = (await importAs('units', exported, 'check')).json();
    expect(again).toMatchObject({ invalid: 0, created: 0, updated: 0 });
    expect((await readWorkbook(exported)).worksheets[0]!.name).toBe('单位');
  });

  it('Registers: original cases import by case number corrects the case and its participants through the audited edit', async () => {
    const fx = await makeOriginalCase(t.deps);
    const exported = (await t.as('clerk', { method: 'GET', url: '/api/v1/excel/original-cases/export' })).rawPayload;
    const same = (await importAs('original-cases', exported, 'check')).json();
    expect(same).toMatchObject({ invalid: 0, unchanged: 1, updated: 0 });
    const wb = await readWorkbook(exported);
    const ws = wb.worksheets[0]!;
    const hdr = ws.getRow(1).values as string[];
    const titleCol = hdr.findIndex((h) => typeof h === 'string' && h.startsWith('案由'));
    const oldTitle = ws.getRow(2).getCell(titleCol).text;
    ws.getRow(2).getCell(titleCol).value = '更正后的案由';
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = (await importAs('original-cases', buf, 'check')).json();
    expect(preview.rows[0]).toMatchObject({ key: fx.originalCase.number, action: 'changed', changes: [{ column: '案由', from: oldTitle, to: '更正后的案由' }] });
    expect((await importAs('original-cases', buf, 'all')).json()).toMatchObject({ committed: true, imported: 1 });
    const row = await t.deps.db.kysely.selectFrom('original_cases').selectAll().where('id', '=', fx.originalCase.id).executeTakeFirstOrThrow();
    expect(row.title).toBe('更正后的案由');
    const audit = await audits('original_case.update');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ title: oldTitle });
  });
});
