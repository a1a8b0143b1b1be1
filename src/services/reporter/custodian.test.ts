// 身份保管 (issue 9 §4; FL-7(7), FL-10(3)): reading a reporter's identity takes a clerk's request
// with a reason, approved by a second person, valid for a limited time; every step audited and
// visible to the 安全审计员; the emergency path is granted at once and audited as an emergency.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { ctxOfUser, makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { HARDENING_KEYS, writeHardeningSetting } from '../hardening-settings';
import { listAudit } from '../audit/audit-service';
import { approveIdentityRequest, listIdentityRequests, myIdentityRequests, readReporter, refuseIdentityRequest, requestIdentity } from './custodian';

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
};

describe.each(engines)('FL-7(7) identity custodian (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
    await t.addUser('secadmin', ['secadmin']);
    await t.addUser('auditor', ['auditor']);
    caseId = (await makeCase(w)).caseId;
  });
  afterEach(async () => t.close());

  const secadmin = () => ctxOfUser(t, 'secadmin', ['secadmin']);
  const actions = async (): Promise<string[]> =>
    (
      await t.deps.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', caseId)
        .where((eb) => eb.or([eb('entity_type', '=', 'case_reporter'), eb('action', '=', 'case.reporter.read')]))
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);

  it('FL-7(7): an identity read is refused without an approved request — also while the request is pending — and the refused read is audited', async () => {
    expect(await code(readReporter(w.ctx.clerk, caseId))).toBe('IDENTITY_ACCESS_REQUIRED');
    await requestIdentity(w.ctx.clerk, caseId, { reason: '需当面核实举报细节' });
    expect(await code(readReporter(w.ctx.clerk, caseId))).toBe('IDENTITY_ACCESS_REQUIRED');
    expect(await actions()).toEqual(['case_reporter.identity.read_refused', 'case_reporter.identity.request', 'case_reporter.identity.read_refused']);
    // the HTTP answer is a coded 403 in both languages
    const r = await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}/reporter` });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('IDENTITY_ACCESS_REQUIRED');
    expect(r.body).toContain('须先提出申请并经审批');
    expect(r.body).toContain('approved by a second person');
  });

  it('FL-7(7): a second person approves — never the requester, never an approver of the wrong kind — and the approval lets only that clerk read', async () => {
    const req = await requestIdentity(w.ctx.clerk, caseId, { reason: '需电话回访举报人' });
    expect(req.status).toBe('pending');
    // the main leader is not the configured approver (default: security administrator)
    expect(await code(approveIdentityRequest(w.ctx.leader, req.id, {}))).toBe('FORBIDDEN');
    expect(await code(approveIdentityRequest(w.ctx.clerk, req.id, {}))).toBe('FORBIDDEN');
    const pending = await listIdentityRequests(secadmin());
    expect(pending.items.map((i) => i.id)).toEqual([req.id]);
    expect(JSON.stringify(pending)).not.toContain('张举报');
    const ok = await approveIdentityRequest(secadmin(), req.id, { note: '同意，限本次回访' });
    expect(ok.status).toBe('approved');
    expect(await code(approveIdentityRequest(secadmin(), req.id, {}))).toBe('IDENTITY_REQUEST_CLOSED');
    const id = await readReporter(w.ctx.clerk, caseId);
    expect(id).toMatchObject({ anonymous: false, name: '张举报', phone: '13800000000' });
    // another clerk has no grant
    await t.addUser('clerk2', ['clerk']);
    expect(await code(readReporter(ctxOfUser(t, 'clerk2', ['clerk']), caseId))).toBe('IDENTITY_ACCESS_REQUIRED');
  });

  it('FL-7(7): the approver is configurable — with the main leader as approver, the security administrator may not decide', async () => {
    await writeHardeningSetting(t.deps, null, HARDENING_KEYS.identityApprover, 'leader');
    const req = await requestIdentity(w.ctx.clerk, caseId, { reason: '需电话回访举报人' });
    expect(await code(approveIdentityRequest(secadmin(), req.id, {}))).toBe('FORBIDDEN');
    expect((await approveIdentityRequest(w.ctx.leader, req.id, {})).status).toBe('approved');
    expect((await readReporter(w.ctx.clerk, caseId))?.name).toBe('张举报');
  });

  it('FL-5(1), FL-10(3): a main leader who stands in the case (here its subject) does not decide who reads its reporter’s identity; the request stays pending', async () => {
    await writeHardeningSetting(t.deps, null, HARDENING_KEYS.identityApprover, 'leader');
    const own = (await makeCase(w, { subjects: [w.fx.handler.id, t.personIds.leader!] })).caseId;
    const req = await requestIdentity(w.ctx.clerk, own, { reason: '需电话回访举报人' });
    const refused = await approveIdentityRequest(w.ctx.leader, req.id, {}).catch((e: unknown) => e as { code?: string; zh?: string });
    expect(refused).toMatchObject({ code: 'RECUSAL_REQUIRED' });
    expect((refused as { zh: string }).zh).toContain('本案被调查人');
    expect(await code(refuseIdentityRequest(w.ctx.leader, req.id, {}))).toBe('RECUSAL_REQUIRED');
    expect((await myIdentityRequests(w.ctx.clerk, own)).items[0]).toMatchObject({ status: 'pending' });
    expect(await code(readReporter(w.ctx.clerk, own))).toBe('IDENTITY_ACCESS_REQUIRED');
    // on a case the leader does not stand in, the same leader decides
    const other = await requestIdentity(w.ctx.clerk, caseId, { reason: '需电话回访举报人' });
    expect((await approveIdentityRequest(w.ctx.leader, other.id, {})).status).toBe('approved');
  });

  it('FL-7(7): an approved request expires — after its validity the read is refused again', async () => {
    await writeHardeningSetting(t.deps, null, HARDENING_KEYS.identityValidMinutes, 30);
    const req = await requestIdentity(w.ctx.clerk, caseId, { reason: '需电话回访举报人' });
    const ok = await approveIdentityRequest(secadmin(), req.id, {});
    expect(Date.parse(ok.expiresAt!) - Date.parse(ok.decidedAt!)).toBe(30 * 60_000);
    expect((await readReporter(w.ctx.clerk, caseId))?.phone).toBe('13800000000');
    t.clock.set(new Date(Date.parse(ok.expiresAt!) + 1000));
    expect(await code(readReporter(w.ctx.clerk, caseId))).toBe('IDENTITY_ACCESS_REQUIRED');
    expect((await myIdentityRequests(w.ctx.clerk, caseId)).items[0]!.status).toBe('expired');
  });

  it('FL-7(7): request, approval, refusal and read are audited and visible to the auditor; the timeline shows the read but not the requests', async () => {
    const a = await requestIdentity(w.ctx.clerk, caseId, { reason: '需电话回访举报人' });
    await refuseIdentityRequest(secadmin(), a.id, { note: '理由不足' });
    expect(await code(readReporter(w.ctx.clerk, caseId))).toBe('IDENTITY_ACCESS_REQUIRED');
    const b = await requestIdentity(w.ctx.clerk, caseId, { reason: '举报人申请撤回，需核实本人' });
    await approveIdentityRequest(secadmin(), b.id, {});
    await readReporter(w.ctx.clerk, caseId);
    expect(await actions()).toEqual([
      'case_reporter.identity.request',
      'case_reporter.identity.refuse',
      'case_reporter.identity.read_refused',
      'case_reporter.identity.request',
      'case_reporter.identity.approve',
      'case.reporter.read',
    ]);
    const seen = await listAudit(ctxOfUser(t, 'auditor', ['auditor']), { pageSize: 200 });
    expect(seen.items.map((i) => i.action)).toEqual(expect.arrayContaining(['case_reporter.identity.request', 'case_reporter.identity.refuse', 'case_reporter.identity.approve', 'case.reporter.read']));
    // no identity in any audit record
    const all = JSON.stringify(await t.deps.db.kysely.selectFrom('audit_log').selectAll().execute());
    expect(all).not.toContain('张举报');
    expect(all).not.toContain('13800000000');
    // the case timeline shows the read, not the custodian's requests and decisions
    const tl = await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}/timeline` });
    expect(tl.body).toContain('case.reporter.read');
    expect(tl.body).not.toContain('case_reporter.identity');
  });

  it('FL-7(7): the emergency path grants at once, for at most 30 minutes, and is audited as an emergency with a warning', async () => {
    const e = await requestIdentity(w.ctx.clerk, caseId, { reason: '举报人人身安全受到威胁，需立即联系', emergency: true });
    expect(e.status).toBe('emergency');
    expect(e.validMinutes).toBeLessThanOrEqual(30);
    expect((await readReporter(w.ctx.clerk, caseId))?.name).toBe('张举报');
    const rows = await t.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'case_reporter.identity.emergency').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.after_json).toContain('EMERGENCY');
    const read = await t.deps.db.kysely.selectFrom('audit_log').select('after_json').where('action', '=', 'case.reporter.read').executeTakeFirstOrThrow();
    expect(JSON.parse(read.after_json!)).toMatchObject({ emergency: true });
    const seen = await listAudit(ctxOfUser(t, 'auditor', ['auditor']), { action: 'case_reporter.identity.emergency' });
    expect(seen.total).toBe(1);
  });

  it('FL-7(7): over HTTP — a clerk asks, the security administrator sees the pending list and approves, the clerk reads; others are refused', async () => {
    const asked = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/reporter/identity-requests`, payload: { reason: '需电话回访举报人' } });
    expect(asked.statusCode).toBe(200);
    expect((await t.as('investigator', { method: 'POST', url: `/api/v1/cases/${caseId}/reporter/identity-requests`, payload: { reason: '想知道是谁举报' } })).statusCode).toBe(403);
    const list = await t.as('secadmin', { method: 'GET', url: '/api/v1/identity-requests' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect((await t.as('secadmin', { method: 'POST', url: `/api/v1/identity-requests/${asked.json().id}/approve`, payload: {} })).statusCode).toBe(200);
    const r = await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}/reporter` });
    expect(r.statusCode).toBe(200);
    expect(r.json().reporter.name).toBe('张举报');
    expect(r.json().reporter.grantExpiresAt).toBeTruthy();
    expect((await t.as('secadmin', { method: 'GET', url: `/api/v1/cases/${caseId}/reporter` })).statusCode).toBe(403);
  });
});
