// Staff reporter found by the register (issue 9 §7; FL-7(7), FL-10(3)): a named report whose sealed
// identity matches exactly one person of the register by name and phone (or e-mail) is linked to
// them at intake, so the retaliation watch covers them without a clerk's manual link; a common
// name alone links nobody; the clerk confirms or undoes the link only with an identity grant.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { ctxOfUser, makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { makePerson } from '../../../test/factories/registers';
import { sendJsonReport } from '../../../test/factories/reporter';
import { approveIdentityRequest, requestIdentity } from './custodian';
import { normPhone } from './staff-match';

describe('the phone comparison of the staff match', () => {
  it('keeps digits only, drops +86, and refuses numbers too short to tell anyone apart', () => {
    expect(normPhone('+86 139-2222-3333')).toBe('13922223333');
    expect(normPhone('(023) 6666 8888')).toBe('02366668888');
    expect(normPhone('110')).toBeNull();
    expect(normPhone(null)).toBeNull();
  });
});

describe.each(engines)('FL-10(3) staff reporter matched from the register (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine));
    await t.addUser('secadmin', ['secadmin']);
  });
  afterEach(async () => t.close());

  const report = async (reporter: Record<string, unknown>): Promise<string> => {
    const before = new Set((await t.deps.db.kysely.selectFrom('cases').select('id').execute()).map((r) => r.id));
    const r = await sendJsonReport(t, { summary: '网上举报：科室负责人违规干预执法。', reporter });
    expect(r.statusCode, r.body).toBe(201);
    return (await t.deps.db.kysely.selectFrom('cases').select('id').execute()).map((x) => x.id).find((id) => !before.has(id))!;
  };
  const linkOf = (caseId: string) => t.deps.db.kysely.selectFrom('case_reporter_links').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  const grant = async (caseId: string): Promise<void> => {
    const r = await requestIdentity(w.ctx.clerk, caseId, { reason: '核对举报人是否本单位工作人员' });
    await approveIdentityRequest(ctxOfUser(t, 'secadmin', ['secadmin']), r.id, {});
  };

  it('FL-10(3): a named online report whose name and phone match one register person is linked at intake; when that person is later made a subject, the alert and the warning follow; the audit names nobody', async () => {
    const staff = await makePerson(t.deps, { name: '孙员工', phone: '139-2222-3333' });
    const reportCaseId = await report({ anonymous: false, name: '孙 员工', phone: '+86 13922223333' });
    expect(await linkOf(reportCaseId)).toMatchObject({ person_id: staff.id, origin: 'auto', confirmed_by: null });

    const later = await makeCase(w, { subjects: [staff.id] });
    const alerts = await t.deps.db.kysely.selectFrom('retaliation_alerts').selectAll().execute();
    expect(alerts).toMatchObject([{ report_case_id: reportCaseId, trigger_case_id: later.caseId, trigger: 'made_subject', person_id: staff.id }]);
    const warn = await t.as('leader', { method: 'GET', url: `/api/v1/cases/${later.caseId}/retaliation-warning` });
    expect(warn.json().warning).toMatchObject({ citation: 'FL-10(3)' });

    const audit = await t.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'case_reporter.link_auto').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({ origin: 'auto', basis: 'name+phone', citation: 'FL-10(3)' });
    // (the register's own records name the person, of course: only the report's trail is checked)
    const trail = (await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'before_json', 'after_json']).execute()).filter((a) => /^(case|retaliation)/.test(a.action));
    const all = trail.map((a) => `${a.before_json}${a.after_json}`).join('\n');
    for (const secret of ['孙员工', '孙 员工', '13922223333', '139-2222-3333']) expect(all, secret).not.toContain(secret);
  });

  it('FL-10(3): the e-mail registered for the person matches as well as the phone (case ignored)', async () => {
    const staff = await makePerson(t.deps, { name: '吴员工', email: 'Wu.Staff@example.gov.cn' });
    const reportCaseId = await report({ anonymous: false, name: '吴员工', email: 'wu.staff@EXAMPLE.gov.cn' });
    expect(await linkOf(reportCaseId)).toMatchObject({ person_id: staff.id, origin: 'auto' });
  });

  it('no link without a sure match: an anonymous report, a name whose phone differs, a name two people share, a name alone', async () => {
    await makePerson(t.deps, { name: '郑员工', phone: '13933334444' });
    await makePerson(t.deps, { name: '冯同名', phone: '13955556666' });
    await makePerson(t.deps, { name: '冯同名', phone: '13977778888' });
    const cases = [
      await report({ anonymous: true, phone: '13933334444' }),
      await report({ anonymous: false, name: '郑员工', phone: '13900000001' }),
      await report({ anonymous: false, name: '冯同名', phone: '13955556666' }),
      await report({ anonymous: false, name: '郑员工' }),
    ];
    for (const c of cases) expect(await linkOf(c), c).toBeUndefined();
    expect(await t.deps.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'case_reporter.link_auto').execute()).toEqual([]);
  });

  it('FL-7(7): the clerk sees, confirms or undoes the automatic link only with a live identity grant; undoing it ends the watch for that report; each step audited', async () => {
    const staff = await makePerson(t.deps, { name: '钱员工', phone: '13911110000' });
    const reportCaseId = await report({ anonymous: false, name: '钱员工', phone: '13911110000' });
    const refused = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${reportCaseId}/reporter-link/confirm` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('IDENTITY_ACCESS_REQUIRED');
    expect((await t.as('investigator', { method: 'POST', url: `/api/v1/cases/${reportCaseId}/reporter-link/undo`, payload: { reason: '不是本人' } })).statusCode).toBe(403);

    await grant(reportCaseId);
    const seen = await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${reportCaseId}/reporter` });
    expect(seen.json().reporter.staffLink).toEqual({ personId: staff.id, personName: '钱员工', userId: null, origin: 'auto', confirmed: false });
    const ok = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${reportCaseId}/reporter-link/confirm` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ origin: 'auto', confirmed: true });
    expect(await linkOf(reportCaseId)).toMatchObject({ confirmed_by: t.userIds.clerk });

    const short = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${reportCaseId}/reporter-link/undo`, payload: { reason: '否' } });
    expect(short.statusCode).toBe(400);
    const undo = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${reportCaseId}/reporter-link/undo`, payload: { reason: '经核实系同名同号的其他人员' } });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await linkOf(reportCaseId)).toBeUndefined();
    await makeCase(w, { subjects: [staff.id] });
    expect(await t.deps.db.kysely.selectFrom('retaliation_alerts').selectAll().execute()).toEqual([]);
    const actions = (await t.deps.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', reportCaseId).where('entity_type', '=', 'case_reporter').execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['case_reporter.link_auto', 'case_reporter.link_confirm', 'case_reporter.link_undo']));
  });
});
