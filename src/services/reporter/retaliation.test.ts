// Retaliation watch (issue 9 §7): FL-7(7) 打击报复举报人 is a fault, FL-10(3) an aggravating
// circumstance. A staff reporter later made a subject of a case, or given an adverse execution
// measure, raises an alert for the security administrator and the clerk who handled the report,
// and the case shows that FL-10(3) may apply — without naming the reporter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, reportIntake, type CaseWorld } from '../../../test/factories/cases';

describe.each(engines)('FL-10(3) retaliation watch (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine));
    await t.addUser('secadmin', ['secadmin']);
  });
  afterEach(async () => t.close());

  /** A report whose reporter the clerk links to a member of staff (the handler of the fixture). */
  const staffReport = async (): Promise<string> => {
    const report = await makeCase(w, { subjects: [w.investigatorPerson.id] });
    const link = await t.as('clerk', { method: 'PUT', url: `/api/v1/cases/${report.caseId}/reporter-link`, payload: { personId: w.fx.handler.id } });
    expect(link.statusCode, link.body).toBe(200);
    return report.caseId;
  };

  /** The clerk asks to read the report's reporter and the security administrator approves (身份保管). */
  const grant = async (user: string, caseId: string): Promise<void> => {
    const asked = await t.as(user, { method: 'POST', url: `/api/v1/cases/${caseId}/reporter/identity-requests`, payload: { reason: '核查打击报复预警' } });
    expect(asked.statusCode, asked.body).toBe(200);
    expect((await t.as('secadmin', { method: 'POST', url: `/api/v1/identity-requests/${asked.json().id}/approve`, payload: {} })).statusCode).toBe(200);
  };
  const alertsOf = async (user: string) => {
    const r = await t.as(user, { method: 'GET', url: '/api/v1/retaliation-alerts' });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().items as { reportCaseId: string; reportCaseNumber: string | null; triggerCaseNumber: string | null }[];
  };
  const warningFor = async (user: string, caseId: string) => (await t.as(user, { method: 'GET', url: `/api/v1/cases/${caseId}/retaliation-warning` })).json().warning;

  it('FL-7(7)/FL-10(3): a staff reporter later made a subject of a case alerts the security administrator and the clerk holding an identity grant on the report, and that case shows the FL-10(3) warning', async () => {
    const reportCaseId = await staffReport();
    expect(await t.deps.db.kysely.selectFrom('retaliation_alerts').selectAll().execute()).toEqual([]);
    const later = await makeCase(w, { subjects: [w.fx.handler.id] });

    const rows = await t.deps.db.kysely.selectFrom('retaliation_alerts').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ report_case_id: reportCaseId, trigger_case_id: later.caseId, trigger: 'made_subject', person_id: w.fx.handler.id, clerk_user_id: t.userIds.clerk });

    const sec = await t.as('secadmin', { method: 'GET', url: '/api/v1/retaliation-alerts' });
    expect(sec.statusCode).toBe(200);
    expect(sec.json().items).toHaveLength(1);
    expect(sec.json().items[0]).toMatchObject({ trigger: 'made_subject', citation: 'FL-10(3)', reportCaseNumber: null, triggerCaseNumber: null });
    // the clerk who filed the report but was never let read its reporter is told nothing (FL-7(7))
    expect(await alertsOf('clerk')).toEqual([]);
    expect(await warningFor('clerk', later.caseId)).toBeNull();
    await grant('clerk', reportCaseId);
    const clerk = await t.as('clerk', { method: 'GET', url: '/api/v1/retaliation-alerts' });
    expect(clerk.json().items[0]).toMatchObject({ reportCaseId, triggerCaseId: later.caseId, triggerCaseNumber: later.number });
    for (const role of ['investigator', 'subject', 'decider']) expect((await t.as(role, { method: 'GET', url: '/api/v1/retaliation-alerts' })).statusCode).toBe(403);

    for (const role of ['clerk', 'leader', 'decider']) {
      const warn = await t.as(role, { method: 'GET', url: `/api/v1/cases/${later.caseId}/retaliation-warning` });
      expect(warn.statusCode).toBe(200);
      expect(warn.json().warning).toMatchObject({ citation: 'FL-10(3)' });
      expect(warn.json().warning.zh).toContain('从重追究');
    }
    // the subject (who is the reporter) is not pointed at; the report case itself has no warning
    expect((await t.as('subject', { method: 'GET', url: `/api/v1/cases/${later.caseId}/retaliation-warning` })).json().warning).toBeNull();
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${reportCaseId}/retaliation-warning` })).json().warning).toBeNull();
    // the audit row of the alert names neither the person nor the report
    const audit = await t.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'retaliation_alert.raise').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after_json).not.toContain(w.fx.handler.id);
    expect(audit[0]!.after_json).not.toContain(reportCaseId);
  });

  it('FL-10(3): an adverse execution (调离执法岗位) recorded against a staff reporter raises an alert', async () => {
    await staffReport();
    const c = await makeCase(w, { to: 'executing', drive: { on: '2025-09-01', forms: { [w.fx.handler.id]: ['FL-6(4)'] } } });
    const item = await t.deps.db.kysely.selectFrom('case_execution_items').selectAll().where('case_id', '=', c.caseId).where('kind', '=', 'post_change').executeTakeFirstOrThrow();
    const v = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json().version;
    const done = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/complete_execution_item`, payload: { expectedVersion: v, itemId: item.id, doneOn: '2025-09-01', newPost: '综合科科员' } });
    expect(done.statusCode, done.body).toBe(200);
    const rows = await t.deps.db.kysely.selectFrom('retaliation_alerts').select(['trigger', 'detail', 'trigger_case_id']).orderBy('created_at').orderBy('trigger').execute();
    expect(rows).toEqual([
      { trigger: 'adverse_execution', detail: 'post_change', trigger_case_id: c.caseId },
      { trigger: 'made_subject', detail: null, trigger_case_id: c.caseId },
    ]);
  });

  it('FL-10(3), FL-7(7): an alert of a report with no clerk (the public form) reaches the security administrator alone; a clerk who names the staff reporter as subject learns nothing without a grant, and nothing once he stands aside', async () => {
    const reportCaseId = await staffReport();
    // a report from the public form has no clerk who filed it
    await t.deps.db.kysely.updateTable('cases').set({ created_by: null }).where('id', '=', reportCaseId).execute();
    await t.addUser('clerk2', ['clerk']);
    // the probe of the red-team walk: a clerk names a candidate as subject of a new case, then reads the alerts
    const probe = await t.as('clerk2', { method: 'POST', url: '/api/v1/cases', payload: reportIntake(w, { subjectPersonIds: [w.fx.handler.id] }) });
    expect(probe.statusCode, probe.body).toBe(201);
    expect(probe.body).not.toContain(reportCaseId);
    expect(await t.deps.db.kysely.selectFrom('retaliation_alerts').select('clerk_user_id').execute()).toEqual([{ clerk_user_id: null }]);
    for (const clerk of ['clerk', 'clerk2']) {
      expect(await alertsOf(clerk)).toEqual([]);
      expect(await warningFor(clerk, probe.json().case.id)).toBeNull();
    }
    const sec = await alertsOf('secadmin');
    expect(sec).toHaveLength(1);
    expect(sec[0]).toMatchObject({ reportCaseNumber: null, triggerCaseNumber: null });
    // with an approved grant on the report the clerk handles the alert, numbers included
    await grant('clerk2', reportCaseId);
    expect((await alertsOf('clerk2')).map((a) => a.reportCaseId)).toEqual([reportCaseId]);
    expect(await warningFor('clerk2', probe.json().case.id)).toMatchObject({ citation: 'FL-10(3)' });
    expect(await alertsOf('clerk')).toEqual([]);
    // once he stands aside from the report, not even the grant he held shows it
    expect((await t.as('clerk2', { method: 'POST', url: `/api/v1/cases/${reportCaseId}/recusals/self`, payload: { reason: '与被调查人系同学' } })).statusCode).toBeLessThan(300);
    expect(await alertsOf('clerk2')).toEqual([]);
    expect(await warningFor('clerk2', probe.json().case.id)).toBeNull();
  });

  it('no alert when the subject is not a staff reporter, nor for the report case itself', async () => {
    const reportCaseId = await staffReport();
    await makeCase(w, { subjects: [w.investigatorPerson.id] });
    expect(await t.deps.db.kysely.selectFrom('retaliation_alerts').selectAll().execute()).toEqual([]);
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${reportCaseId}/retaliation-warning` })).json().warning).toBeNull();
  });
});
