import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { readWorkbook } from '../../../test/factories/excel';
import { makeCampaign, makeReviewer } from '../../../test/factories/campaigns';
import { makePersonWithCertificate, makeUnit } from '../../../test/factories/registers';
import { DEFAULT_CHECKLIST, type ItemScore } from '../../domain/campaigns/checklist';
import { evaluateAlerts } from '../alerts/alerts-service';
import { STATS_TABLE_IDS } from './stats-service';
import { drawCampaignFiles, listMyReviews, submitReview } from '../campaigns/campaign-service';

describe.each(engines)('statistics (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-01T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const stats = async (user = 'clerk', year = 2025) => {
    const r = await t.as(user, { method: 'GET', url: `/api/v1/stats?year=${year}` });
    expect(r.statusCode, r.body).toBe(200);
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

  it('an unknown statistics table is refused (404) before the counters are brought up to date, on the export and the drill-down', async () => {
    await stats(); // counters up to date
    await makeCase(w); // a case changed since: one pending counter update
    const pending = async () => Number((await t.deps.db.kysely.selectFrom('stats_dirty').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await pending()).toBeGreaterThan(0);
    const before = await pending();
    for (const url of ['/api/v1/stats/export?year=2025&table=罚款', '/api/v1/stats/drill?year=2025&table=罚款&key=x']) {
      const r = await t.as('leader', { method: 'GET', url });
      expect([r.statusCode, r.json().error.code], url).toEqual([404, 'NOT_FOUND']);
      expect(r.json().error.message).toContain('罚款');
    }
    expect(await pending()).toBe(before);
    // the refusal comes after authorization: a role without stats.read learns nothing
    expect((await t.as('investigator', { method: 'GET', url: '/api/v1/stats/export?year=2025&table=罚款' })).statusCode).toBe(403);
    // every table the statistics show is a known one, so none of them is refused
    const s = await stats();
    expect(s.tables.map((x: { id: string }) => x.id).filter((id: string) => !(STATS_TABLE_IDS as readonly string[]).includes(id))).toEqual([]);
    expect((await t.as('leader', { method: 'GET', url: '/api/v1/stats/export?year=2025&table=backdated' })).statusCode).toBe(200);
  });

  it('WC-5(1) campaign results and early-intervention alerts are in the year’s figures, drill down to their files and alerts, and export to Excel', async () => {
    const outside = await makeUnit(t.deps, { name: '法制科（评查）' });
    const r1 = await makeReviewer(t.deps, { unitId: outside.id });
    const c = await makeCampaign(w.ctx.clerk, [r1.userId], { count: 1 });
    await drawCampaignFiles(w.ctx.clerk, c.id, { seed: '0000000000000042' });
    const [task] = await listMyReviews(r1.actor);
    const scores: ItemScore[] = DEFAULT_CHECKLIST.items.map((it) => (it.id === 'F2' ? { itemId: it.id, deducted: 10, vetoHit: true, comment: '主要证据不足' } : { itemId: it.id, deducted: 0, vetoHit: false, comment: null }));
    await submitReview(r1.actor, task!.id, { scores, judgedWrong: true, conclusion: '主要证据不足，属错案' });
    const { person, certificate } = await makePersonWithCertificate(t.deps, { certificate: { validTo: '2025-09-20' } });
    await evaluateAlerts(t.deps, t.clock.now());

    const s = await stats();
    expect(s.totals).toMatchObject({ campaignFiles: 1 });
    expect(s.totals.alerts).toBeGreaterThanOrEqual(1);
    expect(rows(s, 'campaignResults')).toEqual({ [`${c.id}|fail`]: 1, [`${c.id}|wrong`]: 1 });
    const label = s.tables.find((x: { id: string }) => x.id === 'campaignResults').rows[0].zh;
    expect(label).toContain(c.name);
    expect(rows(s, 'alertsByRule')['certificate_expiry|yellow']).toBe(1);
    expect(rows(s, 'alertsByStatus').open).toBe(s.totals.alerts);

    const drill = async (table: string, key: string) => {
      const r = await t.as('leader', { method: 'GET', url: `/api/v1/stats/drill?year=2025&table=${table}&key=${encodeURIComponent(key)}` });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const files = await drill('campaignResults', `${c.id}|wrong`);
    expect(files.items).toEqual([expect.objectContaining({ kind: 'original_case', number: task!.number, campaignId: c.id, state: 'fail', caseId: null })]);
    const alerts = await drill('alertsByRule', 'certificate_expiry|yellow');
    expect(alerts.items).toEqual([expect.objectContaining({ kind: 'alert', subjectName: person.name, state: 'open', title: expect.objectContaining({ zh: expect.stringContaining(certificate.number) }) })]);
    expect((await stats('clerk', 2024)).totals).toMatchObject({ campaignFiles: 0, alerts: 0 });

    const x = await t.as('clerk', { method: 'GET', url: '/api/v1/stats/export?year=2025' });
    expect(x.statusCode).toBe(200);
    const names = (await readWorkbook(x.rawPayload)).worksheets.map((ws) => ws.name);
    expect(names).toEqual(expect.arrayContaining([expect.stringContaining('案卷评查结果'), expect.stringContaining('预警（按规则和等级）'), '预警处理情况']));
  });
});
