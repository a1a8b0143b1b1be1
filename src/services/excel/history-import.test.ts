// Issue 12 point 5, historical import: units, WC-5 outcomes and compensation, and accountability
// decisions made before go-live, imported from Excel with a per-row report; imported decisions
// count for FL-10(6) and FL-14 exactly as decisions made in the system, marked as imported.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { caseWithFinding, makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { multipartFile, readWorkbook, workbookOf } from '../../../test/factories/excel';
import { makePerson } from '../../../test/factories/registers';
import { verifyAuditChain } from '../../audit/audit-verify';
import { recommendForCase } from '../cases/recommendation-service';

const D = { no: '问责案件案号*', title: '案由', conduct: '违法违规行为发生日期*', decided: '处理决定日期*', emp: '被问责人工号*', forms: '问责方式', exempt: '免于追究', barYear: '评先限制年度（FL-14）', unitBar: '所在单位不得评先进集体', unit: '被问责人当时所在单位简码' };
const DECISION_HEADERS = Object.values(D);

describe.each(engines)('historical import (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let emp: string;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-10T02:00:00.000Z'));
    emp = w.fx.handler.employeeNo!;
  });
  afterEach(async () => t.close());

  const importAs = async (user: string, kind: string, buf: Buffer, mode?: string) => {
    const { payload, headers } = multipartFile(buf);
    return t.as(user, { method: 'POST', url: `/api/v1/excel/${kind}/import${mode ? `?mode=${mode}` : ''}`, payload, headers });
  };
  const count = async (table: 'historical_decisions' | 'historical_decision_subjects' | 'units' | 'original_case_outcomes' | 'original_case_compensations') =>
    Number((await t.deps.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  /** A past decision: the handler of the world's original case held accountable under FL-6(1). */
  const pastDecision = (over: Record<string, unknown> = {}) => ({ [D.no]: '巴住建问〔2025〕1号', [D.title]: '违法实施处罚', [D.conduct]: '2024年11月1日', [D.decided]: '2025-01-15', [D.emp]: emp, [D.forms]: '批评教育或在一定范围内通报批评、FL-14', ...over });

  it('historical import: invalid rows are reported by row and column in Chinese; nothing is imported unless "import valid rows"', async () => {
    const buf = await workbookOf(DECISION_HEADERS, [
      pastDecision(),
      pastDecision({ [D.no]: '巴住建问〔2024〕3号', [D.emp]: 'NOPE', [D.forms]: '记大过', [D.decided]: '2030-01-01' }),
      pastDecision({ [D.no]: '巴住建问〔2024〕4号', [D.conduct]: '2024-12-01', [D.decided]: '2024-11-01', [D.exempt]: '也许' }),
    ]);
    const all = await importAs('clerk', 'decisions', buf);
    expect(all.statusCode).toBe(200);
    const report = all.json();
    expect(report).toMatchObject({ kind: 'decisions', committed: false, total: 3, valid: 1, invalid: 2, imported: 0 });
    const row3 = report.rows.find((r: { row: number }) => r.row === 3);
    expect(row3.errors.map((e: { column: string }) => e.column)).toEqual(expect.arrayContaining(['被问责人工号', '问责方式', '处理决定日期']));
    expect(row3.errors.map((e: { zh: string }) => e.zh).join('；')).toMatch(/工号 NOPE 不在人员台账中.*问责方式“记大过”无效|问责方式“记大过”无效.*工号 NOPE/);
    const row4 = report.rows.find((r: { row: number }) => r.row === 4);
    expect(row4.errors.map((e: { zh: string }) => e.zh)).toEqual(expect.arrayContaining(['行为发生日期不得晚于处理决定日期', '“也许”不是“是”或“否”']));
    expect(await count('historical_decisions')).toBe(0);
    // check mode writes nothing either
    expect((await importAs('clerk', 'decisions', buf, 'check')).json().committed).toBe(false);
    expect(await count('historical_decisions')).toBe(0);
    // "import valid rows": the valid row only, marked as imported, audited
    const valid = (await importAs('clerk', 'decisions', buf, 'valid')).json();
    expect(valid).toMatchObject({ committed: true, imported: 1, invalid: 2 });
    const d = await t.deps.db.kysely.selectFrom('historical_decisions').selectAll().executeTakeFirstOrThrow();
    expect(d).toMatchObject({ case_number: '巴住建问〔2025〕1号', conduct_date: '2024-11-01', decided_on: '2025-01-15', source: 'import', imported_at: '2025-09-10T02:00:00.000Z' });
    expect(d.imported_by).toBeTruthy();
    const s = await t.deps.db.kysely.selectFrom('historical_decision_subjects').selectAll().executeTakeFirstOrThrow();
    expect(s).toMatchObject({ person_id: w.fx.handler.id, forms: JSON.stringify(['FL-6(1)', 'FL-14']), award_bar_year: 2025, unit_award_bar: 1 });
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'in', ['history.decision.import', 'excel.import.decisions']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['excel.import.decisions', 'history.decision.import']);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
    // the same decision again is refused by row: already imported
    const again = (await importAs('clerk', 'decisions', await workbookOf(DECISION_HEADERS, [pastDecision()]))).json();
    expect(again.rows[0].errors[0]).toMatchObject({ column: '问责案件案号', zh: expect.stringContaining('已导入') });
    // only the legal-affairs clerk imports past decisions
    await t.addUser('admin', ['sysadmin']);
    expect((await importAs('admin', 'decisions', buf, 'check')).statusCode).toBe(403);
  });

  it('上线前 (issue 12 point 5, FL-15): a past decision dated on or after the day the organisation’s first case was received here is refused — from go-live on decisions are made in the system; nothing is written', async () => {
    await makeCase(w, { receivedOn: '2025-06-02' });
    const r = (await importAs('clerk', 'decisions', await workbookOf(DECISION_HEADERS, [pastDecision({ [D.no]: 'P-1', [D.decided]: '2025-06-02', [D.conduct]: '2025-05-01' })]))).json();
    expect(r).toMatchObject({ committed: false, invalid: 1, imported: 0 });
    expect(r.rows[0].errors).toEqual([expect.objectContaining({ column: '处理决定日期', zh: expect.stringContaining('不早于本机关上线日期 2025-06-02'), en: expect.stringContaining('go-live') })]);
    expect(await count('historical_decisions')).toBe(0);
    // the day before go-live is history
    const ok = (await importAs('clerk', 'decisions', await workbookOf(DECISION_HEADERS, [pastDecision({ [D.no]: 'P-1', [D.decided]: '2025-06-01', [D.conduct]: '2025-05-01' })]))).json();
    expect(ok).toMatchObject({ committed: true, imported: 1 });
  });

  it('FL-5(1): a clerk does not import a past decision about himself — refused by row, nothing written; another clerk imports it', async () => {
    const self = await makePerson(t.deps, { name: '法制科自己' });
    await t.addUser('clerk_self', ['clerk'], self.id);
    const row = pastDecision({ [D.emp]: self.employeeNo });
    const r = (await importAs('clerk_self', 'decisions', await workbookOf(DECISION_HEADERS, [row]))).json();
    expect(r).toMatchObject({ committed: false, invalid: 1, imported: 0 });
    expect(r.rows[0].errors).toEqual([expect.objectContaining({ column: '被问责人工号', zh: expect.stringContaining('导入人本人'), en: expect.stringContaining('importer') })]);
    expect(await count('historical_decisions')).toBe(0);
    expect((await importAs('clerk', 'decisions', await workbookOf(DECISION_HEADERS, [row]))).json()).toMatchObject({ committed: true, imported: 1 });
  });

  it('FL-14: an imported award bar is for the decision’s own year (当年) — another year is refused by row', async () => {
    const r = (await importAs('clerk', 'decisions', await workbookOf(DECISION_HEADERS, [pastDecision({ [D.barYear]: '2026' })]))).json();
    expect(r).toMatchObject({ committed: false, invalid: 1 });
    expect(r.rows[0].errors).toEqual([expect.objectContaining({ column: '评先限制年度（FL-14）', zh: expect.stringContaining('处理决定当年（2025）') })]);
    expect(await count('historical_decisions')).toBe(0);
    expect((await importAs('clerk', 'decisions', await workbookOf(DECISION_HEADERS, [pastDecision({ [D.barYear]: '2025年' })]))).json()).toMatchObject({ committed: true, imported: 1 });
  });

  it('one number, one case: the system’s own numbering passes over a number an imported past decision already carries', async () => {
    // a paper case of the go-live year numbered the way the system numbers
    expect((await importAs('clerk', 'decisions', await workbookOf(DECISION_HEADERS, [pastDecision({ [D.no]: '巴住建问〔2025〕1号' })]))).json()).toMatchObject({ committed: true });
    const first = await makeCase(w, { receivedOn: '2025-09-10' });
    const second = await makeCase(w, { receivedOn: '2025-09-10' });
    expect([first.number, second.number]).toEqual(['巴住建问〔2025〕2号', '巴住建问〔2025〕3号']);
  });

  it('historical import: a decision with several subjects is imported whole — one invalid row keeps its other rows out', async () => {
    const buf = await workbookOf(DECISION_HEADERS, [
      pastDecision({ [D.no]: 'A-1' }),
      pastDecision({ [D.no]: 'A-1', [D.emp]: w.fx.finalApprover.employeeNo, [D.decided]: '2025-01-16' }),
      pastDecision({ [D.no]: 'B-1', [D.exempt]: '是', [D.forms]: '' }),
    ]);
    const r = (await importAs('clerk', 'decisions', buf, 'valid')).json();
    expect(r.rows.map((x: { ok: boolean }) => x.ok)).toEqual([false, false, true]);
    expect(r.rows[0].errors[0].zh).toContain('第 3 行有错误');
    expect(r.rows[1].errors[0]).toMatchObject({ column: '处理决定日期', zh: expect.stringContaining('与第 2 行不一致') });
    const rows = await t.deps.db.kysely.selectFrom('historical_decisions').select('case_number').execute();
    expect(rows.map((x) => x.case_number)).toEqual(['B-1']);
    const s = await t.deps.db.kysely.selectFrom('historical_decision_subjects').selectAll().executeTakeFirstOrThrow();
    expect(s).toMatchObject({ no_accountability: 1, award_bar_year: null, unit_award_bar: 0 });
  });

  it('FL-10(6): an imported prior decision makes a new case’s recommendation cite FL-10(6) exactly as a decided case would', async () => {
    expect((await importAs('clerk', 'decisions', await workbookOf(DECISION_HEADERS, [pastDecision()]))).json()).toMatchObject({ committed: true, imported: 1 });
    // FL-10(6): new conduct with serious consequences (FL-7(2), 影响恶劣)
    const again = await caseWithFinding(w, { harm: 'serious', influence: 'very_bad' }, { faults: ['FL-7(2)'], conductDate: '2025-08-20', narrative: '再次滥施处罚，造成恶劣影响。' }, { on: '2025-09-10' });
    const rec = await recommendForCase(w.ctx.clerk, again.caseId);
    const p = rec.inputs.participants.find((x) => x.id === w.fx.handler.id)!;
    expect(p.priorCases).toEqual([{ ref: '巴住建问〔2025〕1号', decidedOn: '2025-01-15', conductDate: '2024-11-01', heldAccountable: true }]);
    const s = rec.output.status === 'no_rules_in_force' ? undefined : rec.output.subjects.find((x) => x.subjectId === w.fx.handler.id);
    expect(s?.derived).toContain('FL-10(6)');
    expect(s?.treatment).toBe('heavier');
  });

  it('FL-10(6): an imported decision whose conduct lies outside the look-back does not make "多次", as for a decided case', async () => {
    await importAs('clerk', 'decisions', await workbookOf(DECISION_HEADERS, [pastDecision({ [D.conduct]: '2019-06-01', [D.decided]: '2025-02-01' })]));
    // FL-10(6): new conduct with serious consequences (FL-7(2), 影响恶劣)
    const again = await caseWithFinding(w, { harm: 'serious', influence: 'very_bad' }, { faults: ['FL-7(2)'], conductDate: '2025-08-20', narrative: '再次滥施处罚。' }, { on: '2025-09-10' });
    const rec = await recommendForCase(w.ctx.clerk, again.caseId);
    const s = rec.output.status === 'no_rules_in_force' ? undefined : rec.output.subjects.find((x) => x.subjectId === w.fx.handler.id);
    expect(s?.derived ?? []).not.toContain('FL-10(6)');
  });

  it('FL-14: an imported award bar shows in the year’s list for the person and the unit, marked as imported', async () => {
    await importAs('clerk', 'decisions', await workbookOf(DECISION_HEADERS, [pastDecision()]));
    const d = await t.deps.db.kysely.selectFrom('historical_decisions').select('id').executeTakeFirstOrThrow();
    const bars = (await t.as('leader', { method: 'GET', url: '/api/v1/reports/award-bars?year=2025' })).json();
    expect(bars.people).toEqual([expect.objectContaining({ personId: w.fx.handler.id, awards: true, cases: [{ caseId: d.id, number: '巴住建问〔2025〕1号', citation: 'FL-14', imported: true }] })]);
    expect(bars.units).toEqual([expect.objectContaining({ unitId: w.fx.handler.unitId, cases: [expect.objectContaining({ imported: true })] })]);
    expect((await t.as('leader', { method: 'GET', url: '/api/v1/reports/award-bars?year=2024' })).json().people).toEqual([]);
  });

  it('historical import: units with their parents (also rows above), and WC-5 outcomes with compensation of original cases', async () => {
    const parent = (await t.deps.db.kysely.selectFrom('units').select('short_code').where('kind', '=', 'commission').executeTakeFirstOrThrow()).short_code;
    const U = { name: '单位名称*', code: '简码*', kind: '类型*', parent: '上级单位简码' };
    const units = await workbookOf(Object.values(U), [
      { [U.name]: '城市建设执法支队', [U.code]: 'CJZD', [U.kind]: '委属单位', [U.parent]: parent },
      { [U.name]: '一大队', [U.code]: 'YDD', [U.kind]: '委属单位', [U.parent]: 'CJZD' },
      { [U.name]: '无上级', [U.code]: 'WSJ', [U.kind]: '科室', [U.parent]: 'NONE' },
    ]);
    const ur = (await importAs('clerk', 'units', units)).json();
    expect(ur).toMatchObject({ committed: false, valid: 2, invalid: 1 });
    expect(ur.rows[2].errors.map((e: { column: string }) => e.column).sort()).toEqual(['上级单位简码', '类型'].sort());
    expect((await importAs('clerk', 'units', units, 'valid')).json()).toMatchObject({ committed: true, imported: 2 });
    const ydd = await t.deps.db.kysely.selectFrom('units').select(['parent_id']).where('short_code', '=', 'YDD').executeTakeFirstOrThrow();
    const cjzd = await t.deps.db.kysely.selectFrom('units').select(['id']).where('short_code', '=', 'CJZD').executeTakeFirstOrThrow();
    expect(ydd.parent_id).toBe(cjzd.id);

    const O = { no: '原执法案件案号*', source: '错案来源（WC-5）', effect: '结果类型', ref: '文书编号*', date: '文书日期*', amount: '国家赔偿金额（元）' };
    const number = w.fx.originalCase.number;
    const outcomes = await workbookOf(Object.values(O), [
      { [O.no]: number, [O.source]: 'WC-5(3)', [O.effect]: '撤销', [O.ref]: '巴南府复〔2025〕9号', [O.date]: '2025-08-01' },
      { [O.no]: number, [O.source]: 'WC-5(5)', [O.ref]: '巴南法赔〔2025〕2号', [O.date]: '2025-08-02', [O.amount]: '1,234.50' },
      { [O.no]: '不存在的案号', [O.source]: 'WC-5(9)', [O.ref]: 'X', [O.date]: '2025-08-02' },
    ]);
    const or = (await importAs('clerk', 'original-outcomes', outcomes)).json();
    expect(or).toMatchObject({ committed: false, valid: 2, invalid: 1 });
    expect(or.rows[2].errors.map((e: { column: string }) => e.column)).toEqual(['原执法案件案号', '错案来源（WC-5）']);
    expect(await count('original_case_outcomes')).toBe(0);
    expect((await importAs('clerk', 'original-outcomes', outcomes, 'valid')).json()).toMatchObject({ committed: true, imported: 2 });
    expect(await count('original_case_outcomes')).toBe(2);
    const comp = await t.deps.db.kysely.selectFrom('original_case_compensations').selectAll().executeTakeFirstOrThrow();
    expect(Number(comp.amount_fen)).toBe(123450);
    // each kind has a template with the notes row
    for (const kind of ['units', 'original-outcomes', 'decisions']) {
      const tpl = await t.as('clerk', { method: 'GET', url: `/api/v1/excel/${kind}/template` });
      expect(tpl.statusCode).toBe(200);
      expect((await readWorkbook(tpl.rawPayload)).worksheets[0]!.getRow(2).getCell(1).text).toMatch(/^说明/);
    }
  });
});
