import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { multipartFile, readWorkbook, workbookOf } from '../../../test/factories/excel';
import { evaluateAlerts } from '../alerts/alerts-service';

const D = { no: '问责案件案号*', conduct: '违法违规行为发生日期*', decided: '处理决定日期*', emp: '被问责人工号*', forms: '问责方式' };

describe.each(engines)('officer profile (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  const profile = (user: string, personId: string) => t.as(user, { method: 'GET', url: `/api/v1/people/${personId}/profile` });

  it('profile: shows the officer’s original cases, accountability cases as subject, decisions and alerts to the clerk; never the reporter', async () => {
    const a = await makeCase(w, { to: 'decided' });
    const b = await makeCase(w, { to: 'accepted' });
    const other = await makeCase(w, { to: 'accepted', subjects: [w.fx.approver1.id] });
    // FL/WC early intervention: two cases naming one officer within a year (default threshold 2)
    const raised = await evaluateAlerts(t.deps, t.clock.now());
    expect(raised.keys.some((k) => k.startsWith(`officer_cases:${w.fx.handler.id}:`))).toBe(true);

    const r = await profile('clerk', w.fx.handler.id);
    expect(r.statusCode).toBe(200);
    const p = r.json();
    expect(p.person.id).toBe(w.fx.handler.id);
    expect(p.originalCases.map((c: { caseId: string }) => c.caseId)).toContain(w.fx.originalCase.id);
    expect(p.accountabilityCases.map((c: { number: string }) => c.number).sort()).toEqual([a.number, b.number].sort());
    expect(p.accountabilityCases.map((c: { number: string }) => c.number)).not.toContain(other.number);
    expect(p.sanctions.length).toBeGreaterThan(0);
    expect(p.alerts.some((x: { rule: string }) => x.rule === 'officer_cases')).toBe(true);
    expect(r.body).not.toContain('张举报');
    expect(r.body).not.toContain('13800000000');
    expect(r.body).not.toContain('举报：');

    const x = await t.as('clerk', { method: 'GET', url: `/api/v1/people/${w.fx.handler.id}/profile.xlsx` });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
  });

  it('profile visibility: a subject opens only their own profile and sees only their own cases, without alerts', async () => {
    const mine = await makeCase(w, { to: 'accepted' });
    const theirs = await makeCase(w, { to: 'accepted', subjects: [w.fx.approver1.id] });
    await t.addUser('subject2', ['subject'], w.fx.approver1.id);

    const own = await profile('subject', w.fx.handler.id);
    expect(own.statusCode).toBe(200);
    expect(own.json().accountabilityCases.map((c: { number: string }) => c.number)).toEqual([mine.number]);
    expect(own.json().alerts).toBeNull();
    expect(own.body).not.toContain('张举报');

    expect((await profile('subject', w.fx.approver1.id)).statusCode).toBe(404);
    expect((await profile('subject2', w.fx.handler.id)).statusCode).toBe(404);
    const second = (await profile('subject2', w.fx.approver1.id)).json();
    expect(second.accountabilityCases.map((c: { number: string }) => c.number)).toEqual([theirs.number]);
    expect(JSON.stringify(second)).not.toContain(mine.number);
    expect((await t.as(null, { method: 'GET', url: `/api/v1/people/${w.fx.handler.id}/profile` })).statusCode).toBe(401);
  });

  it('profile: decisions imported from before go-live (FL-10(6), FL-14) are shown marked as imported, in the page and the Excel export', async () => {
    const buf = await workbookOf(Object.values(D), [{ [D.no]: '巴住建问〔2023〕5号', [D.conduct]: '2023-02-01', [D.decided]: '2023-04-01', [D.emp]: w.fx.handler.employeeNo!, [D.forms]: 'FL-6(2)' }]);
    const { payload, headers } = multipartFile(buf);
    const imp = await t.as('clerk', { method: 'POST', url: '/api/v1/excel/decisions/import', payload, headers });
    expect(imp.json()).toMatchObject({ committed: true, imported: 1 });

    const p = (await profile('clerk', w.fx.handler.id)).json();
    expect(p.importedHistory).toEqual([expect.objectContaining({ caseNumber: '巴住建问〔2023〕5号', decidedOn: '2023-04-01', forms: ['FL-6(2)'], imported: true })]);
    // the person themselves sees their imported history; an investigator (team cases only) does not
    expect((await profile('subject', w.fx.handler.id)).json().importedHistory).toHaveLength(1);
    expect((await profile('investigator', w.fx.handler.id)).json().importedHistory).toBeNull();
    // another officer's profile has none of it
    expect((await profile('clerk', w.fx.approver1.id)).json().importedHistory).toEqual([]);

    const x = await t.as('clerk', { method: 'GET', url: `/api/v1/people/${w.fx.handler.id}/profile.xlsx` });
    const sheet = (await readWorkbook(x.rawPayload)).getWorksheet('历史处理（导入）');
    const cells: string[] = [];
    sheet?.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value))));
    expect(cells).toEqual(expect.arrayContaining(['巴住建问〔2023〕5号', '历史导入 / imported']));
  });
});
