import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makePerson, makeUnit } from '../../../test/factories/registers';
import { multipartFile, readWorkbook, workbookOf } from '../../../test/factories/excel';
import { verifyAuditChain } from '../../audit/audit-verify';
import { cellDate, cellList, cellText, INVALID_DATE_TEXT } from './cells';

const P = { name: '姓名*', unit: '单位简码*', post: '职务', emp: '工号', phone: '电话', cert: '执法证号', auth: '发证机关', from: '有效期起', to: '有效期止' };
const PEOPLE_HEADERS = Object.values(P);

describe('cells', () => {
  it('reads dates as users type them and lists with Chinese separators', () => {
    expect(cellDate('2025年3月5日')).toBe('2025-03-05');
    expect(cellDate('2025/3/5')).toBe('2025-03-05');
    expect(cellDate(new Date(Date.UTC(2025, 2, 5)))).toBe('2025-03-05');
    expect(cellDate(45721)).toBe('2025-03-05');
    expect(cellDate('去年')).toBe('去年');
    expect(cellList('E001、E002，E003;E004')).toEqual(['E001', 'E002', 'E003', 'E004']);
  });

  it('bad input never a 500: a date cell holding a number no calendar has reads as not a date, for the row to report', () => {
    expect(cellDate(new Date(Number.NaN))).toBe(INVALID_DATE_TEXT);
    expect(cellDate(new Date(8.64e15))).toBe(INVALID_DATE_TEXT); // year 275760: no four-digit year
    expect(cellText(new Date(Number.NaN))).toBe(INVALID_DATE_TEXT);
    expect(cellDate({ formula: 'A1', result: new Date(Number.NaN) } as never)).toBe(INVALID_DATE_TEXT);
  });
});

describe.each(engines)('Excel import and export of the registers (%s)', (engine) => {
  let t: TestApp;
  let unitCode: string;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('clerk', ['clerk']);
    await t.addUser('investigator', ['investigator']);
    unitCode = (await makeUnit(t.deps, { name: '建筑管理科', shortCode: 'JZK' })).shortCode;
  });
  afterEach(async () => t.close());

  const importAs = async (user: string, kind: string, buf: Buffer, mode?: string) => {
    const { payload, headers } = multipartFile(buf);
    return t.as(user, { method: 'POST', url: `/api/v1/excel/${kind}/import${mode ? `?mode=${mode}` : ''}`, payload, headers });
  };
  const peopleCount = async () => Number((await t.deps.db.kysely.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it.each([
    ['people', '有效期起', {}],
    ['original-cases', '决定日期', {}],
    ['original-outcomes', '文书日期', { '错案来源（WC-5）': '1', '国家赔偿金额（元）': null }],
    ['decisions', '违法违规行为发生日期', {}],
  ] as [string, string, Record<string, unknown>][])('bad input never a 500: a %s import whose date cell (%s) holds 1e12 answers the row’s own error, nothing written', async (kind, dateColumn, values) => {
    await t.addUser('clerk_hist', ['clerk']);
    // the kind's own template columns, every one filled, the date cell a huge serial formatted as a date
    const tpl = (await readWorkbook((await t.as('clerk', { method: 'GET', url: `/api/v1/excel/${kind}/template` })).rawPayload)).worksheets[0]!;
    const headers = (tpl.getRow(1).values as unknown[]).slice(1).map(String);
    const dateHeader = headers.find((h) => h.replace(/[*（].*$/, '') === dateColumn)!;
    // (the header's base name, its English in brackets taken off)
    expect(dateHeader).toBeDefined();
    const base = (h: string) => h.replace(/[*]?（[^（]*）$/, '').replace(/[*]$/, '');
    const row = Object.fromEntries(headers.map((h) => [h, h === dateHeader ? 1e12 : base(h) in values ? values[base(h)] : 'x']));
    const auditBefore = Number((await t.deps.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const r = await importAs('clerk', kind, await workbookOf(headers, [row], { dateFormatted: [dateHeader] }), 'check');
    expect(r.statusCode, r.body).toBe(200);
    const errors = r.json().rows.find((x: { row: number }) => x.row === 2).errors as { column: string; zh: string }[];
    expect(errors.find((e) => e.column === dateColumn), JSON.stringify(errors)).toBeDefined();
    const auditAfter = Number((await t.deps.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(auditAfter - auditBefore).toBeLessThanOrEqual(2); // the template's download and the check: no register row
  });

  it('the template has the columns in Chinese with English and a notes row', async () => {
    const r = await t.as('clerk', { method: 'GET', url: '/api/v1/excel/people/template' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const ws = (await readWorkbook(r.rawPayload)).worksheets[0]!;
    expect(ws.getRow(1).getCell(1).text).toBe('姓名*（Name）');
    expect(ws.getRow(2).getCell(1).text).toMatch(/^说明/);
  });

  it('imports people with their enforcement certificates when every row is valid, each one audited', async () => {
    const buf = await workbookOf(PEOPLE_HEADERS, [
      { [P.name]: '张执法', [P.unit]: unitCode, [P.emp]: 'E100', [P.cert]: '渝执 500001', [P.auth]: '重庆市人民政府', [P.from]: '2024年1月1日', [P.to]: new Date(Date.UTC(2027, 0, 1)) },
      { [P.name]: '李审批', [P.unit]: unitCode.toLowerCase(), [P.post]: '科长', [P.emp]: 'E101' },
    ]);
    const seqBefore = Number((await t.deps.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m ?? 0);
    const r = await importAs('clerk', 'people', buf);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ committed: true, total: 2, valid: 2, invalid: 0, imported: 2 });
    const cert = await t.deps.db.kysely.selectFrom('enforcement_certificates').selectAll().executeTakeFirstOrThrow();
    expect(cert).toMatchObject({ number: '渝执 500001', valid_from: '2024-01-01', valid_to: '2027-01-01', status: 'valid' });
    const actions = (await t.deps.db.kysely.selectFrom('audit_log').select('action').where('seq', '>', seqBefore).execute()).map((a) => a.action);
    expect(actions.filter((a) => a === 'person.create')).toHaveLength(2);
    expect(actions).toContain('excel.import.people');
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('an invalid row stops the whole import, and the report names the row and column in Chinese and English', async () => {
    await makePerson(t.deps, { name: '已有人', employeeNo: 'E200' });
    const before = await peopleCount();
    const buf = await workbookOf(PEOPLE_HEADERS, [
      { [P.name]: '正常人', [P.unit]: unitCode, [P.emp]: 'E201' },
      { [P.name]: '', [P.unit]: 'NOPE', [P.emp]: 'E200', [P.phone]: 'abc' },
      { [P.name]: '证件错', [P.unit]: unitCode, [P.cert]: 'X1', [P.auth]: '市政府', [P.from]: '2025-05-01', [P.to]: '2024-05-01' },
      { [P.name]: '重复工号', [P.unit]: unitCode, [P.emp]: 'E201' },
    ]);
    const r = await importAs('clerk', 'people', buf);
    expect(r.statusCode).toBe(200);
    const rep = r.json();
    expect(rep).toMatchObject({ committed: false, imported: 0, total: 4, valid: 1, invalid: 3 });
    expect(await peopleCount()).toBe(before);
    const row3 = rep.rows.find((x: { row: number }) => x.row === 3);
    const cols = row3.errors.map((e: { column: string }) => e.column);
    expect(cols).toEqual(expect.arrayContaining(['姓名', '单位简码', '工号', '电话']));
    expect(row3.errors.find((e: { column: string }) => e.column === '单位简码')).toMatchObject({ zh: expect.stringContaining('NOPE'), en: expect.stringContaining('NOPE') });
    expect(row3.errors.find((e: { column: string }) => e.column === '工号').zh).toContain('已在台账中');
    const row4 = rep.rows.find((x: { row: number }) => x.row === 4);
    expect(row4.errors[0]).toMatchObject({ column: '有效期止', zh: expect.stringContaining('有效期止不得早于有效期起') });
    const row5 = rep.rows.find((x: { row: number }) => x.row === 5);
    expect(row5.errors[0].zh).toContain('与第 2 行重复');
  });

  it('"import valid rows" imports those and reports the rest; "check" writes nothing', async () => {
    const buf = await workbookOf(PEOPLE_HEADERS, [
      { [P.name]: '甲', [P.unit]: unitCode },
      { [P.name]: '乙', [P.unit]: 'NOPE' },
    ]);
    const before = await peopleCount();
    const check = await importAs('clerk', 'people', buf, 'check');
    expect(check.json()).toMatchObject({ committed: false, valid: 1, invalid: 1, imported: 0 });
    expect(await peopleCount()).toBe(before);
    const r = await importAs('clerk', 'people', buf, 'valid');
    expect(r.json()).toMatchObject({ committed: true, valid: 1, invalid: 1, imported: 1 });
    expect(await peopleCount()).toBe(before + 1);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('after_json').where('action', '=', 'excel.import.people').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ imported: 1, skippedRows: [3] });
  });

  it('FL-8: imports original cases with the approval chain by level and the collective deliberation, people named by employee no.', async () => {
    await makePerson(t.deps, { name: '王承办', employeeNo: 'H1' });
    await makePerson(t.deps, { name: '赵一级', employeeNo: 'A1' });
    await makePerson(t.deps, { name: '钱二级', employeeNo: 'A2' });
    const headers = ['案号*', '案件类型*', '案由*', '承办单位简码*', '决定日期*', '相对人*', '相对人类型*', '承办人工号*', '批准人工号（按审批层级）', '集体讨论日期', '集体讨论主持人工号', '集体讨论参加人及意见'];
    const buf = await workbookOf(headers, [
      {
        '案号*': '巴住建罚〔2025〕12号',
        '案件类型*': '行政处罚',
        '案由*': '未取得施工许可证擅自施工',
        '承办单位简码*': unitCode,
        '决定日期*': '2025-03-01',
        '相对人*': '某建筑公司',
        '相对人类型*': '单位',
        '承办人工号*': 'H1',
        '批准人工号（按审批层级）': 'A1、A2',
        '集体讨论日期': '2025-02-27',
        '集体讨论主持人工号': 'A2',
        '集体讨论参加人及意见': 'A2:坚持错误意见、A1:反对',
      },
      { '案号*': '巴住建罚〔2025〕13号', '案件类型*': '处分', '案由*': 'x', '承办单位简码*': unitCode, '决定日期*': '2025-13-01', '相对人*': '某人', '相对人类型*': '个人', '承办人工号*': 'NOBODY' },
    ]);
    const r = await importAs('clerk', 'original-cases', buf, 'valid');
    const rep = r.json();
    expect(rep).toMatchObject({ committed: true, imported: 1, invalid: 1 });
    const bad = rep.rows.find((x: { row: number }) => x.row === 3);
    expect(bad.errors.map((e: { column: string }) => e.column)).toEqual(expect.arrayContaining(['案件类型', '决定日期', '承办人工号']));
    expect(bad.errors.find((e: { column: string }) => e.column === '承办人工号').zh).toContain('NOBODY');

    const c = await t.deps.db.kysely.selectFrom('original_cases').select('id').where('number', '=', '巴住建罚〔2025〕12号').executeTakeFirstOrThrow();
    const full = (await t.as('clerk', { method: 'GET', url: '/api/v1/excel/original-cases/export' })).rawPayload;
    const ws = (await readWorkbook(full)).worksheets[0]!;
    const hdr = ws.getRow(1).values as string[];
    const row = ws.getRow(2).values as string[];
    const col = (zh: string) => row[hdr.findIndex((h) => typeof h === 'string' && h.startsWith(zh))];
    expect(col('案号')).toBe('巴住建罚〔2025〕12号');
    expect(col('批准人工号')).toBe('A1、A2');
    expect(col('集体讨论参加人及意见')).toBe('A2:坚持错误意见、A1:反对（记录在案）');
    expect(c.id).toBeTruthy();
  });

  it('the people export lists each person with the current certificate status, and a sheet of all certificates', async () => {
    const buf = await workbookOf(PEOPLE_HEADERS, [{ [P.name]: '张执法', [P.unit]: unitCode, [P.emp]: 'E300', [P.cert]: 'C300', [P.auth]: '市政府', [P.from]: '2024-01-01' }]);
    await importAs('clerk', 'people', buf);
    const r = await t.as('investigator', { method: 'GET', url: '/api/v1/excel/people/export' });
    expect(r.statusCode).toBe(200);
    expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain('人员-');
    const wb = await readWorkbook(r.rawPayload);
    const ws = wb.worksheets[0]!;
    // the row of the imported person (the test accounts' holders are people of the register too)
    const rows = Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2).values as unknown[]);
    const values = rows.find((v) => v.includes('张执法')) ?? [];
    expect(values).toEqual(expect.arrayContaining(['张执法', 'JZK', 'E300', 'C300', '有效']));
    expect(wb.worksheets[1]!.name).toBe('执法证');
  });

  it('only register writers may import (investigators may export); a file that is not xlsx is a clear 400', async () => {
    const buf = await workbookOf(PEOPLE_HEADERS, [{ [P.name]: '甲', [P.unit]: unitCode }]);
    const r = await importAs('investigator', 'people', buf);
    expect(r.statusCode).toBe(403);
    const bad = await importAs('clerk', 'people', Buffer.from('not a spreadsheet'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.messageZh).toContain('.xlsx');
    const noCols = await importAs('clerk', 'people', await workbookOf(['别的列'], [{ 别的列: 'x' }]));
    expect(noCols.statusCode).toBe(400);
    expect(noCols.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['name', 'unitShortCode']);
  });
});
