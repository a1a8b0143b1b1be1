import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { readWorkbook } from '../../../test/factories/excel';

describe.each(engines)('statistics (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-09-01T02:00:00.000Z');
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  const stats = async (user = 'clerk', year = 2025) => {
    const r = await t.as(user, { method: 'GET', url: `/api/v1/stats?year=${year}` });
    expect(r.statusCode).toBe(200);
    return r.json();
  };
  const rows = (s: { tables: { id: string; rows: { key: string; count: number }[] }[] }, id: string) => Object.fromEntries(s.tables.find((x) => x.id === id)!.rows.map((r) => [r.key, r.count]));

  it('counts the year’s cases by source (FL-4 report / WC-5 item) and state', async () => {
    await makeCase(w);
    await makeCase(w);
    await makeCase(w, { source: 'wc5', tracks: ['WC'] });
    const s = await stats();
    expect(s.totals).toMatchObject({ cases: 3, open: 3, closed: 0 });
    expect(rows(s, 'bySource')).toEqual({ report: 2, 'WC-5(3)': 1 });
    expect(rows(s, 'byState')).toEqual({ intake: 3 });
    expect((await stats('clerk', 2024)).totals.cases).toBe(0);
  });

  it('FL-7 faults found, forms decided, time to close and FL-14 award bars of a closed FL case', async () => {
    await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-09-01' } });
    const s = await stats();
    expect(s.totals).toMatchObject({ cases: 1, closed: 1, open: 0 });
    expect(rows(s, 'byFault')).toEqual({ 'FL-7(3)': 1 });
    expect(Object.values(rows(s, 'byForm')).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(rows(s, 'timeToClose').le30).toBe(1);
    const bars = s.tables.find((x: { id: string }) => x.id === 'awardBars').rows;
    expect(bars.map((b: { zh: string }) => b.zh).join()).toMatch(/不得评为先进个人.*|不得评为先进集体/);
    expect(rows(s, 'byUnit')[w.fx.unit.id]).toBe(1);
  });

  it('FL-16: a handling deadline past due is counted overdue', async () => {
    // Investigation started 2025-06-02; today (2025-09-01) is past the 60 days.
    await makeCase(w, { tracks: ['FL'], to: 'investigating', drive: { on: '2025-06-02' } });
    const s = await stats();
    expect(s.totals.overdueNow).toBe(1);
    expect(rows(s, 'overdue')).toEqual({ 'handling:overdue': 1 });
  });

  it('exports every table, or one, as Excel; only stats.read roles may read them', async () => {
    await makeCase(w);
    const all = await t.as('leader', { method: 'GET', url: '/api/v1/stats/export?year=2025' });
    expect(all.statusCode).toBe(200);
    const wb = await readWorkbook(all.rawPayload);
    expect(wb.worksheets.map((x) => x.name)).toContain('案件来源');
    const one = await t.as('clerk', { method: 'GET', url: '/api/v1/stats/export?year=2025&table=bySource' });
    const ws = (await readWorkbook(one.rawPayload)).worksheets;
    expect(ws).toHaveLength(1);
    expect(ws[0]!.getRow(2).getCell(4).value).toBe(1);
    expect((await t.as('investigator', { method: 'GET', url: '/api/v1/stats?year=2025' })).statusCode).toBe(403);
    expect((await t.as('subject', { method: 'GET', url: '/api/v1/stats?year=2025' })).statusCode).toBe(403);
  });
});
