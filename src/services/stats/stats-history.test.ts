// Issue 12 point 6: several years side by side, repeat subjects, units by name, drill-down from
// any figure to the cases behind it, imported history included and marked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { multipartFile, readWorkbook, workbookOf } from '../../../test/factories/excel';

const D = { no: '问责案件案号*', conduct: '违法违规行为发生日期*', decided: '处理决定日期*', emp: '被问责人工号*', forms: '问责方式' };

describe.each(engines)('statistics over the years (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-10T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const get = async (url: string, user = 'leader') => {
    const r = await t.as(user, { method: 'GET', url });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  /** Two past decisions of the world's handler, in 2023 and 2024, imported from Excel. */
  const importHistory = async () => {
    const emp = w.fx.handler.employeeNo!;
    const buf = await workbookOf(Object.values(D), [
      { [D.no]: '巴住建问〔2023〕5号', [D.conduct]: '2023-02-01', [D.decided]: '2023-04-01', [D.emp]: emp, [D.forms]: 'FL-6(2)' },
      { [D.no]: '巴住建问〔2024〕2号', [D.conduct]: '2024-03-01', [D.decided]: '2024-05-01', [D.emp]: emp, [D.forms]: 'WC-10(2)' },
    ]);
    const { payload, headers } = multipartFile(buf);
    const r = await t.as('clerk', { method: 'POST', url: '/api/v1/excel/decisions/import', payload, headers });
    expect(r.json()).toMatchObject({ committed: true, imported: 2 });
  };

  it('statistics: several years side by side, imported history included and marked', async () => {
    await importHistory();
    await makeCase(w);
    await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-09-01' } });
    const s = await get('/api/v1/stats/years?from=2023&to=2025');
    expect(s.years).toEqual([2023, 2024, 2025]);
    expect(s.totals.map((x: { year: number; cases: number; importedDecisions: number }) => [x.year, x.cases, x.importedDecisions])).toEqual([
      [2023, 0, 1],
      [2024, 0, 1],
      [2025, 2, 0],
    ]);
    const imported = s.tables.find((x: { id: string }) => x.id === 'importedByForm');
    expect(imported.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'FL-6(2)', zh: expect.stringContaining('历史导入'), counts: { 2023: 1, 2024: 0, 2025: 0 } }),
        expect.objectContaining({ key: 'WC-10(2)', counts: { 2023: 0, 2024: 1, 2025: 0 } }),
      ]),
    );
    const bySource = s.tables.find((x: { id: string }) => x.id === 'bySource');
    expect(bySource.rows).toEqual([expect.objectContaining({ key: 'report', counts: { 2023: 0, 2024: 0, 2025: 2 } })]);
    // units by name, never by id
    const byUnit = (await get('/api/v1/stats?year=2025')).tables.find((x: { id: string }) => x.id === 'byUnit');
    expect(byUnit.rows).toEqual([expect.objectContaining({ key: w.fx.unit.id, zh: w.fx.unit.name, count: 2 })]);
    expect((await t.as('leader', { method: 'GET', url: '/api/v1/stats/years?from=2025&to=2023' })).statusCode).toBe(400);
    expect((await t.as('investigator', { method: 'GET', url: '/api/v1/stats/years?from=2023&to=2025' })).statusCode).toBe(403);
  });

  it('statistics: repeat subjects — people with two or more cases, with the years, imported decisions marked', async () => {
    await importHistory();
    const c = await makeCase(w);
    const r = await get('/api/v1/stats/repeat-subjects?from=2023&to=2025');
    expect(r.people).toEqual([
      expect.objectContaining({
        personId: w.fx.handler.id,
        name: w.fx.handler.name,
        count: 3,
        years: [2023, 2024, 2025],
        cases: [
          expect.objectContaining({ number: '巴住建问〔2023〕5号', imported: true, caseId: null }),
          expect.objectContaining({ number: '巴住建问〔2024〕2号', imported: true }),
          expect.objectContaining({ caseId: c.caseId, number: c.number, year: 2025, imported: false }),
        ],
      }),
    ]);
    const xlsx = await t.as('leader', { method: 'GET', url: '/api/v1/stats/repeat-subjects/export?from=2023&to=2025' });
    expect(xlsx.statusCode).toBe(200);
    const ws = (await readWorkbook(xlsx.rawPayload)).worksheets[0]!;
    expect(ws.getRow(2).getCell(1).text).toBe(w.fx.handler.name);
    expect(ws.getRow(2).getCell(5).text).toContain('巴住建问〔2023〕5号（历史导入）');
    // one case only in 2025: nobody repeats within that year
    expect((await get('/api/v1/stats/repeat-subjects?from=2025&to=2025')).people).toEqual([]);
  });

  it('statistics: the drill-down from every figure lists exactly the cases it counts', async () => {
    await importHistory();
    const open = await makeCase(w);
    const closed = await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-09-01' } });
    for (const year of [2023, 2025]) {
      const s = await get(`/api/v1/stats?year=${year}`);
      let figures = 0;
      for (const table of s.tables as { id: string; rows: { key: string; count: number }[] }[]) {
        for (const row of table.rows) {
          const d = await get(`/api/v1/stats/drill?year=${year}&table=${table.id}&key=${encodeURIComponent(row.key)}`);
          expect(d.items, `${table.id} ${row.key}`).toHaveLength(row.count);
          expect(d.count).toBe(row.count);
          figures++;
        }
      }
      expect(figures).toBeGreaterThan(0);
    }
    const bySource = await get('/api/v1/stats/drill?year=2025&table=bySource&key=report');
    expect(bySource.items.map((i: { caseId: string }) => i.caseId).sort()).toEqual([open.caseId, closed.caseId].sort());
    const closedState = await get('/api/v1/stats/drill?year=2025&table=byState&key=closed');
    expect(closedState.items).toEqual([expect.objectContaining({ caseId: closed.caseId, number: closed.number, state: 'closed', imported: false })]);
    const imported = await get('/api/v1/stats/drill?year=2023&table=importedByForm&key=FL-6(2)');
    expect(imported.items).toEqual([expect.objectContaining({ caseId: null, number: '巴住建问〔2023〕5号', subjectName: w.fx.handler.name, imported: true })]);
    expect((await t.as('leader', { method: 'GET', url: '/api/v1/stats/drill?year=2025&table=bySource&key=nope' })).statusCode).toBe(404);
    // the case list takes the figure's filters: the same cases as the drill-down
    const byForm = (await get('/api/v1/stats?year=2025')).tables.find((x: { id: string }) => x.id === 'byForm').rows as { key: string }[];
    expect(byForm.length).toBeGreaterThan(0);
    for (const row of byForm) {
      const drilled = new Set((await get(`/api/v1/stats/drill?year=2025&table=byForm&key=${encodeURIComponent(row.key)}`)).items.map((i: { caseId: string }) => i.caseId));
      const listed = (await get(`/api/v1/cases?year=2025&form=${encodeURIComponent(row.key)}`)).items.map((i: { id: string }) => i.id);
      expect(new Set(listed), row.key).toEqual(drilled);
    }
    const byUnit = (await get(`/api/v1/cases?year=2025&unitId=${w.fx.unit.id}`)).items;
    expect(byUnit).toHaveLength((await get(`/api/v1/stats/drill?year=2025&table=byUnit&key=${w.fx.unit.id}`)).count);
  });
});
