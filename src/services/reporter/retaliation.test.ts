// Retaliation watch (issue 9 §7): FL-7(7) 打击报复举报人 is a fault, FL-10(3) an aggravating
// circumstance. A staff reporter later made a subject of a case, or given an adverse execution
// measure, raises an alert for the security administrator and the clerk who handled the report,
// and the case shows that FL-10(3) may apply — without naming the reporter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';

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

  it('FL-7(7)/FL-10(3): a staff reporter later made a subject of a case alerts the security administrator and the clerk, and that case shows the FL-10(3) warning', async () => {
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

  it('no alert when the subject is not a staff reporter, nor for the report case itself', async () => {
    const reportCaseId = await staffReport();
    await makeCase(w, { subjects: [w.investigatorPerson.id] });
    expect(await t.deps.db.kysely.selectFrom('retaliation_alerts').selectAll().execute()).toEqual([]);
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${reportCaseId}/retaliation-warning` })).json().warning).toBeNull();
  });
});
