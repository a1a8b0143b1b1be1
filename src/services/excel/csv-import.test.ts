// CSV import of the registers (issue 14): original enforcement cases streamed in batches with the
// registers' checks, per-row coded errors in Chinese and English, all-or-nothing by default,
// org-scoped references, audited per batch and per import; the other registers through the same
// planner as the Excel import.
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { asCtx, makePerson, makeUnit } from '../../../test/factories/registers';
import { multipartFile } from '../../../test/factories/excel';
import { addOrg } from '../../../test/factories/orgs';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { verifyAuditChain } from '../../audit/audit-verify';
import { getOriginalCaseFull } from '../registers';
import { importOriginalCasesCsv, readCsvRows } from './csv-import';
import { ORIGINAL_CASE_COLUMNS } from './sheets';

const HEADER = '案号,案件类型,案由,承办单位简码,决定日期,相对人,相对人类型,承办人工号,批准人工号,集体讨论日期,集体讨论主持人工号,集体讨论参加人及意见';
const csvOf = (...lines: string[]): Buffer => Buffer.from('\ufeff' + [HEADER, ...lines].join('\r\n') + '\r\n', 'utf8');

describe('readCsvRows', () => {
  it('reads the header by Chinese or English name, skips the notes row and empty lines, numbers rows as a spreadsheet does', async () => {
    const src = Readable.from([Buffer.from('Case no.,案件类型,案由\n说明：…,,\n\nA1,行政处罚,"含,逗号"\n')]);
    const rows = [];
    for await (const r of readCsvRows(src, ORIGINAL_CASE_COLUMNS, ['number'])) rows.push(r);
    expect(rows).toEqual([{ row: 4, cells: { number: 'A1', kind: '行政处罚', title: '含,逗号' } }]);
  });
});

describe.each(engines)('CSV import of original enforcement cases (%s)', (engine) => {
  let t: TestApp;
  let unit: string;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('clerk', ['clerk']);
    await t.addUser('investigator', ['investigator']);
    const u = await makeUnit(t.deps, { name: '建筑管理科', shortCode: 'JZK' });
    unit = u.shortCode;
    for (const e of ['H1', 'H2', 'A1', 'A2']) await makePerson(t.deps, { employeeNo: e, unitId: u.id });
  });
  afterEach(async () => t.close());

  const upload = (user: string, buf: Buffer, query = '', filename = 'cases.csv') => {
    const { payload, headers } = multipartFile(buf, filename);
    return t.as(user, { method: 'POST', url: `/api/v1/excel/original-cases/import${query}`, payload, headers });
  };
  const count = async (table: 'original_cases' | 'original_case_participants' | 'audit_log') =>
    Number((await t.deps.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('FL-8: imports cases with handlers, approval chain and deliberation from a .csv upload, audited per batch and per import', async () => {
    const auditBefore = await count('audit_log');
    const r = await upload(
      'clerk',
      csvOf(
        `巴住建罚〔2025〕12号,行政处罚,未取得施工许可证擅自施工,${unit},2025-03-01,某建筑公司,单位,H1,A1、A2,2025-02-27,A2,A2:坚持错误意见、A1:反对`,
        `巴住建罚〔2025〕13号,行政检查,"检查,记录",${unit.toLowerCase()},2025年3月2日,张某,个人,H1、H2,,,,`,
      ),
    );
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ kind: 'original-cases', committed: true, total: 2, valid: 2, invalid: 0, imported: 2, created: 2, rows: [] });
    const c = await t.deps.db.kysely.selectFrom('original_cases').select('id').where('number', '=', '巴住建罚〔2025〕12号').executeTakeFirstOrThrow();
    const full = (await getOriginalCaseFull(t.deps.db, c.id))!;
    expect(full.approvers.map((a) => a.level)).toEqual([1, 2]);
    expect(full.deliberation).toMatchObject({ date: '2025-02-27' });
    expect(full.deliberation!.members.map((m) => m.opinion).sort()).toEqual(['dissented', 'insisted']);
    expect(await count('original_case_participants')).toBe(5 + 2);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'after_json']).orderBy('seq').execute();
    const mine = audit.slice(auditBefore);
    expect(mine.map((a) => a.action)).toEqual(['original_case.import_batch', 'excel.import.original-cases']);
    expect(JSON.parse(mine[0]!.after_json!).ids).toHaveLength(2);
    expect(JSON.parse(mine[1]!.after_json!)).toMatchObject({ format: 'csv', rows: 2, imported: 2, batches: 1 });
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('bad rows get per-row coded errors in Chinese and English, and an all-or-nothing import stores nothing — even after earlier batches were inserted', async () => {
    await upload('clerk', csvOf(`OLD-1,行政处罚,x,${unit},2025-01-01,某,个人,H1,,,,`));
    const before = { cases: await count('original_cases'), parts: await count('original_case_participants'), audit: await count('audit_log') };
    const good = (n: number) => `OK-${n},行政处罚,x,${unit},2025-01-01,某,个人,H1,,,,`;
    const buf = csvOf(
      good(1),
      good(2),
      good(3),
      `BAD-1,行政处罚,x,NOPE,2025-01-01,某,个人,H1,,,,`,
      `BAD-2,行政处罚,x,${unit},2025-01-01,某,个人,NOBODY,,,,`,
      `BAD-3,处分,x,${unit},2025-13-01,某,个人,H1,,,,`,
      `BAD-4,行政处罚,x,${unit},2099-01-01,某,个人,H1,,,,`,
      good(1),
      `OLD-1,行政处罚,x,${unit},2025-01-01,某,个人,H1,,,,`,
    );
    // batches of two: OK-1 and OK-2 are inserted before the first bad row is read
    const rep = await importOriginalCasesCsv(asCtx(t.deps), Readable.from([buf]), 'all', { batchSize: 2 });
    expect(rep).toMatchObject({ committed: false, imported: 0, total: 9, invalid: 6 });
    const codes = Object.fromEntries(rep.rows.map((r) => [r.key, r.errors.map((e) => e.code)]));
    expect(codes).toEqual({
      'BAD-1': ['unknown_unit'],
      'BAD-2': ['unknown_person'],
      'BAD-3': expect.arrayContaining([expect.any(String)]),
      'BAD-4': ['date_in_future'],
      'OK-1': ['number_repeated'],
      'OLD-1': ['number_taken'],
    });
    expect(rep.rows.find((r) => r.key === 'BAD-3')!.errors.map((e) => e.column)).toEqual(expect.arrayContaining(['案件类型', '决定日期']));
    for (const r of rep.rows) for (const e of r.errors) expect(e.zh).not.toBe(e.en);
    expect(rep.rows.find((r) => r.key === 'OK-1')).toMatchObject({ row: 9, errors: [{ zh: '案号 OK-1 与第 2 行重复', en: 'Case no. OK-1 repeats row 2' }] });
    expect({ cases: await count('original_cases'), parts: await count('original_case_participants'), audit: await count('audit_log') }).toEqual(before);

    // mode=valid keeps the valid rows and reports the others; mode=check writes nothing
    const check = await upload('clerk', buf, '?mode=check');
    expect(check.json()).toMatchObject({ committed: false, imported: 0, valid: 3, invalid: 6 });
    expect(await count('original_cases')).toBe(before.cases);
    const valid = await upload('clerk', buf, '?mode=valid');
    expect(valid.json()).toMatchObject({ committed: true, imported: 3, invalid: 6 });
    expect(await count('original_cases')).toBe(before.cases + 3);
  });

  it('issue 11: references resolve only to units and people of the importer’s organisation', async () => {
    const orgB = await addOrg(t.deps, { name: '重庆市巴南区交通运输委员会', shortName: '区交通委', casePrefix: '巴交问' });
    const other = { ...t.deps, actor: { ...SYSTEM_ACTOR, orgId: orgB, orgScope: [orgB] } };
    const foreign = await makePerson(other, { employeeNo: 'X9' });
    expect((await t.deps.db.kysely.selectFrom('people').select('org_id').where('id', '=', foreign.id).executeTakeFirstOrThrow()).org_id).toBe(orgB);
    const r = await upload('clerk', csvOf(`S-1,行政处罚,x,${unit},2025-01-01,某,个人,X9,,,,`));
    expect(r.json()).toMatchObject({ committed: false, invalid: 1 });
    expect(r.json().rows[0].errors[0]).toMatchObject({ code: 'unknown_person', column: '承办人工号' });
  });

  it('only register writers may import; a malformed CSV or a missing column is a clear 400; other registers take CSV too', async () => {
    const ok = csvOf(`P-1,行政处罚,x,${unit},2025-01-01,某,个人,H1,,,,`);
    expect((await upload('investigator', ok)).statusCode).toBe(403);
    const broken = await upload('clerk', Buffer.from(`${HEADER}\n"unclosed,行政处罚\n`));
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.messageZh).toContain('CSV');
    const noCols = await upload('clerk', Buffer.from('案号,别的列\nX,1\n'));
    expect(noCols.statusCode).toBe(400);
    expect(noCols.json().error.details.fields.map((f: { path: string }) => f.path)).toContain('handlers');
    const people = await t.as('clerk', { method: 'POST', url: '/api/v1/excel/people/import', ...multipartFile(Buffer.from(`姓名,单位简码,工号\n张三,${unit},P77\n`), 'people.csv') });
    expect(people.json()).toMatchObject({ kind: 'people', committed: true, imported: 1 });
    expect(await count('original_cases')).toBe(0);
  });
});
