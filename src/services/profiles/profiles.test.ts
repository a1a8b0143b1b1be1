import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { evaluateAlerts } from '../alerts/alerts-service';

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
});
