// Organisations (issue 11, the remaining home-organisation checks): who may act on an alert, who
// owns it, who is registered with a supervisory body and whom a queue shows go by the roles an
// account holds in the organisation concerned (its memberships, `user_org_roles`), never by its
// home organisation or its home roles applied to every organisation it can read.
// Three organisations: the district (supervising, 区司法局) above the Banan commission and a second
// commission (A). `dw` is a clerk at the district who also supervises read-only (oversight): the
// two commissions are readable to them, but they are clerk of neither. `dq` is the same at home,
// clerk of A and investigator of Banan through memberships.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../factories/cases';
import { setupDistrict, type District } from '../factories/orgs';
import { makePersonWithCertificate } from '../factories/registers';
import { multipartFile, workbookOf } from '../factories/excel';
import { SYSTEM_ACTOR } from '../../src/policies/roles';
import { newId } from '../../src/lib/ids';
import { insertAlertOnce } from '../../src/repositories/alerts/alerts-repo';
import { enabledMembersOfBody } from '../../src/repositories/notify/notify-repo';
import { evaluateAlerts } from '../../src/services/alerts/alerts-service';
import { setSupervisorBody } from '../../src/services/supervision/service';
import { insertCampaign } from '../../src/repositories/campaigns/campaigns-repo';
import { readChecklistSetting } from '../../src/services/campaigns/campaign-service';

describe.each(engines)('Organisations: alerts, supervisory bodies and queues by membership, not by home organisation (%s)', (engine) => {
  let t: TestApp;
  let d: District;
  let b: CaseWorld;
  let a: CaseWorld;
  const alertIn = async (orgId: string): Promise<string> => {
    const id = newId();
    await insertAlertOnce(t.deps.db.kysely, {
      id,
      key: `test:${id}`,
      orgId,
      rule: 'compensation',
      level: 'yellow',
      subjectType: 'original_case',
      subjectId: id,
      personId: null,
      unitId: null,
      titleZh: '测试预警',
      titleEn: 'test alert',
      detail: {},
      ownerUserId: null,
      at: t.deps.clock.now().toISOString(),
    });
    return id;
  };
  beforeAll(async () => {
    t = await createTestApp(engine, '2025-09-10T02:00:00.000Z');
    d = await setupDistrict(t.deps);
    b = await setupCaseWorld(t);
    a = await setupCaseWorld(t, { prefix: 'a_', orgId: d.otherId });
    await t.addUser('d_sec', ['secadmin'], null, d.districtId);
    await t.addUser('a_sys', ['sysadmin'], null, d.otherId);
    await t.addUser('dw', ['clerk', 'oversight'], null, d.districtId);
    await t.addUser('dq', ['clerk', 'oversight'], null, d.districtId);
    // home: the Banan commission
    await t.addUser('lent_clerk', ['clerk']);
    await t.addUser('lent_sup', ['clerk']);
    await t.addUser('home_sup', ['supervisor']);
    const grant = async (user: string, orgId: string, roles: string[]) => {
      const r = await t.as('d_sec', { method: 'PUT', url: `/api/v1/users/${t.userIds[user]}/roles`, payload: { roles, orgId } });
      expect(r.statusCode, r.body).toBe(200);
    };
    await grant('dq', d.otherId, ['clerk']);
    await grant('dq', d.bananId, ['investigator']);
    await grant('lent_clerk', d.otherId, ['clerk']);
    await grant('lent_sup', d.otherId, ['supervisor']);
  }, 300_000);
  afterAll(async () => t?.close());

  it('alerts: a clerk at home who supervises the commissions read-only neither lists nor closes a commission’s alert (no clerk role held there); a clerk there by membership closes it', async () => {
    const id = await alertIn(d.otherId);
    const listed = await t.as('dw', { method: 'GET', url: '/api/v1/alerts' });
    expect(listed.statusCode, listed.body).toBe(200);
    expect((listed.json().items as { id: string }[]).map((x) => x.id)).not.toContain(id);
    const refused = await t.as('dw', { method: 'POST', url: `/api/v1/alerts/${id}/close`, payload: { note: '已核实' } });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect(refused.json().error).toMatchObject({ messageZh: expect.stringContaining('法制科'), messageEn: expect.stringContaining('clerk') });
    // the same district account, clerk of A through a membership, lists and closes it
    expect(((await t.as('dq', { method: 'GET', url: '/api/v1/alerts' })).json().items as { id: string }[]).map((x) => x.id)).toContain(id);
    const ok = await t.as('dq', { method: 'POST', url: `/api/v1/alerts/${id}/close`, payload: { note: '已核实' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('closed');
  });

  it('alerts: an alert is assigned to a clerk of its organisation by membership (home elsewhere); a clerk only of another organisation is refused (400, zh + en)', async () => {
    const id = await alertIn(d.otherId);
    const assign = (user: string) => t.as('a_clerk', { method: 'POST', url: `/api/v1/alerts/${id}/assign`, payload: { ownerUserId: t.userIds[user], note: null } });
    const refused = await assign('clerk');
    expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(refused.json().error.details.fields[0]).toMatchObject({ path: 'ownerUserId', zh: expect.stringContaining('法制科'), en: expect.stringContaining('clerk') });
    const ok = await assign('lent_clerk');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().ownerUserId).toBe(t.userIds.lent_clerk);
  });

  it('alerts: the default owner of an organisation’s alert rules is a clerk there by membership, and owns the alerts raised there; a clerk only at home elsewhere is refused', async () => {
    const rules = (await t.as('a_clerk', { method: 'GET', url: '/api/v1/alerts/rules' })).json();
    const { scope: _s, orgId: _o, inherited: _i, ...body } = rules;
    const put = (user: string) => t.as('a_clerk', { method: 'PUT', url: '/api/v1/alerts/rules', payload: { ...body, defaultOwnerUserId: t.userIds[user] } });
    const refused = await put('clerk');
    expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const ok = await put('lent_clerk');
    expect(ok.statusCode, ok.body).toBe(200);
    const { person } = await makePersonWithCertificate({ ...t.deps, actor: { ...SYSTEM_ACTOR, orgId: d.otherId, orgScope: [d.otherId] } }, { certificate: { validTo: '2025-10-20' } });
    await evaluateAlerts(t.deps, t.deps.clock.now());
    const raised = await t.deps.db.kysely.selectFrom('alerts').select(['org_id', 'owner_user_id']).where('person_id', '=', person.id).execute();
    expect(raised).toEqual([{ org_id: d.otherId, owner_user_id: t.userIds.lent_clerk }]);
  });

  it('WC-11 supervision: an organisation’s administrator registers with its body an account holding the supervisor role there by membership (home elsewhere); one holding it only at home elsewhere stays out of reach (404)', async () => {
    const put = (user: string) => t.as('a_sys', { method: 'PUT', url: `/api/v1/supervision/members/${t.userIds[user]}`, payload: { body: 'supervision' } });
    const ok = await put('lent_sup');
    expect(ok.statusCode, ok.body).toBe(200);
    const out = await put('home_sup');
    expect([out.statusCode, out.json().error.code]).toEqual([404, 'NOT_FOUND']);
    // a member of A without the supervisor role there (clerk), though registered nowhere else
    const notSup = await put('lent_clerk');
    expect([notSup.statusCode, notSup.json().error.code]).toEqual([422, 'PRECONDITION_FAILED']);
  });

  it('WC-11 supervision: the supervisors of a body for an organisation are the accounts holding the supervisor role there by membership, not those whose home it is', async () => {
    const sys = { ...t.deps, actor: SYSTEM_ACTOR };
    await setSupervisorBody(sys, t.userIds.lent_sup!, { body: 'supervision' });
    await setSupervisorBody(sys, t.userIds.home_sup!, { body: 'supervision' });
    const q = t.deps.db.kysely;
    expect(await enabledMembersOfBody(q, 'supervision', d.otherId)).toEqual([t.userIds.lent_sup]);
    // lent_sup's home is Banan, where they are a clerk, not a supervisor
    expect(await enabledMembersOfBody(q, 'supervision', d.bananId)).toEqual([t.userIds.home_sup]);
  });

  it('case steps: a clerk at home who supervises the commissions read-only cannot take a clerk’s step on a commission’s case (403, the case being readable); a clerk there by membership takes it without switching', async () => {
    const c = await makeCase(a, { to: 'notified' });
    const step = async (user: string) =>
      t.as(user, { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/start_execution`, payload: { expectedVersion: await versionOf(a, c.caseId), startedOn: '2025-09-10' } });
    expect((await t.as('dw', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).statusCode).toBe(200);
    const refused = await step('dw');
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect(refused.json().error).toMatchObject({ messageZh: expect.any(String), messageEn: expect.any(String) });
    const ok = await step('dq');
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await t.deps.db.kysely.selectFrom('cases').select('state').where('id', '=', c.caseId).executeTakeFirstOrThrow()).state).toBe('executing');
  });

  it('reporter identity (WC-9(1), FL-7(7)): a clerk at home who supervises the commissions reads a commission’s case as its supervisor — no reporter, no reporter thread, no identity requests (403) — while a clerk there by membership sees the reporter', async () => {
    const c = await makeCase(a, { to: 'accepted' });
    const view = await t.as('dw', { method: 'GET', url: `/api/v1/cases/${c.caseId}` });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().reporter).toBeNull();
    for (const url of [`/api/v1/cases/${c.caseId}/reporter-thread`, `/api/v1/cases/${c.caseId}/reporter/identity-requests`]) {
      const r = await t.as('dw', { method: 'GET', url });
      expect([r.statusCode, r.json().error.code], url).toEqual([403, 'FORBIDDEN']);
    }
    const member = await t.as('dq', { method: 'GET', url: `/api/v1/cases/${c.caseId}` });
    expect(member.json().reporter).toMatchObject({ present: true });
    expect((await t.as('dq', { method: 'GET', url: `/api/v1/cases/${c.caseId}/reporter-thread` })).statusCode).toBe(200);
  });

  it('documents: a clerk at home who supervises the commissions cannot draft a document on a commission’s case (403); a clerk there by membership drafts it', async () => {
    const c = await makeCase(a, { to: 'findings_submitted' });
    const draft = (user: string) => t.as(user, { method: 'POST', url: `/api/v1/cases/${c.caseId}/documents`, payload: { kind: 'investigation_report' } });
    const refused = await draft('dw');
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const ok = await draft('dq');
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('FL-15 meetings: a clerk at home who supervises the commissions read-only can neither convene a meeting on a commission’s case nor record its attendance, opinions or minutes, nor close it (403, nothing changed); a clerk there by membership convenes and records', async () => {
    for (const u of ['a_decider', 'a_decider2', 'a_decider3']) {
      const add = await t.as('a_clerk', { method: 'POST', url: '/api/v1/decision-body', payload: { userId: t.userIds[u] } });
      expect([201, 409]).toContain(add.statusCode);
    }
    const c = await makeCase(a, { to: 'accepted' });
    const convene = (user: string) => t.as(user, { method: 'POST', url: '/api/v1/meetings', payload: { caseId: c.caseId, purpose: 'registration', heldOn: '2025-09-10', chairUserId: t.userIds.a_decider } });
    const refused = await convene('dw');
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect(refused.json().error).toMatchObject({ messageZh: expect.any(String), messageEn: expect.any(String) });
    const meetingsOf = () => t.deps.db.kysely.selectFrom('meetings').select(['id', 'version', 'minutes', 'status']).where('case_id', '=', c.caseId).execute();
    expect(await meetingsOf()).toEqual([]);
    const ok = await convene('dq');
    expect(ok.statusCode, ok.body).toBe(201);
    const id = ok.json().id as string;
    const before = await meetingsOf();
    const membersBefore = await t.deps.db.kysely.selectFrom('meeting_members').selectAll().where('meeting_id', '=', id).orderBy('id').execute();
    const writes = [
      { url: `/api/v1/meetings/${id}/attendance`, payload: { userId: t.userIds.a_decider2, attendance: 'present' } },
      { url: `/api/v1/meetings/${id}/opinions`, payload: { userId: t.userIds.a_decider, register: true } },
      { url: `/api/v1/meetings/${id}/minutes`, payload: { minutes: '会议纪要' } },
      { url: `/api/v1/meetings/${id}/close`, payload: { closeWithMissingConfirmations: true } },
    ];
    for (const w of writes) {
      const r = await t.as('dw', { method: 'POST', ...w });
      expect([r.statusCode, r.json().error?.code], w.url).toEqual([403, 'FORBIDDEN']);
    }
    expect(await meetingsOf()).toEqual(before);
    expect(await t.deps.db.kysely.selectFrom('meeting_members').selectAll().where('meeting_id', '=', id).orderBy('id').execute()).toEqual(membersBefore);
    // the clerk there by membership records them
    const att = await t.as('dq', { method: 'POST', ...writes[0]! });
    expect(att.statusCode, att.body).toBe(200);
    const min = await t.as('dq', { method: 'POST', ...writes[2]! });
    expect(min.statusCode, min.body).toBe(200);
    expect(min.json().minutes).toBe('会议纪要');
  });

  it('FL-5(1) 回避: a clerk (or leader) at home who supervises the commissions read-only can neither recuse themself from, file a challenge on, nor decide a challenge on a commission’s case (403, nothing recorded); staff there by membership can', async () => {
    await t.addUser('dl', ['leader', 'oversight'], null, d.districtId);
    const c = await makeCase(a, { to: 'accepted' });
    const rows = () => t.deps.db.kysely.selectFrom('case_recusals').selectAll().where('case_id', '=', c.caseId).orderBy('id').execute();
    const self = await t.as('dw', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recusals/self`, payload: { reason: '与被调查人系同学' } });
    expect([self.statusCode, self.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const challenge = (user: string) =>
      t.as(user, { method: 'POST', url: `/api/v1/cases/${c.caseId}/recusals/challenge`, payload: { userId: t.userIds.a_investigator, reason: '调查人员与举报人有利害关系', subjectPersonId: a.fx.handler.id } });
    const refused = await challenge('dw');
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await rows()).toEqual([]);
    const filed = await challenge('dq');
    expect(filed.statusCode, filed.body).toBe(200);
    const rid = (filed.json().items as { id: string; kind: string }[]).find((x) => x.kind === 'challenge')!.id;
    const before = await rows();
    const decide = (user: string) => t.as(user, { method: 'POST', url: `/api/v1/cases/${c.caseId}/recusals/${rid}/decide`, payload: { granted: false, reason: '理由不成立' } });
    const notLeaderThere = await decide('dl');
    expect([notLeaderThere.statusCode, notLeaderThere.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await rows()).toEqual(before);
    const decided = await decide('a_leader');
    expect(decided.statusCode, decided.body).toBe(200);
    const mine = await t.as('dq', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recusals/self`, payload: { reason: '与被调查人系同学' } });
    expect(mine.statusCode, mine.body).toBe(200);
  });

  it('registers: a clerk at home who supervises the commissions read-only can neither deactivate a commission’s person or unit, register or change its certificates, nor record a compensation on its original case (403, nothing changed); a clerk there by membership can', async () => {
    const { person, certificate } = await makePersonWithCertificate({ ...t.deps, actor: { ...SYSTEM_ACTOR, orgId: d.otherId, orgScope: [d.otherId] } });
    const q = t.deps.db.kysely;
    const snapshot = async () => ({
      person: await q.selectFrom('people').selectAll().where('id', '=', person.id).execute(),
      certificates: await q.selectFrom('enforcement_certificates').selectAll().where('person_id', '=', person.id).orderBy('id').execute(),
      unit: await q.selectFrom('units').selectAll().where('id', '=', person.unitId).execute(),
      compensations: await q.selectFrom('original_case_compensations').selectAll().where('case_id', '=', a.fx.originalCase.id).execute(),
    });
    const before = await snapshot();
    expect(before.person).toHaveLength(1);
    const writes = [
      { url: `/api/v1/people/${person.id}/deactivate`, payload: {} },
      { url: `/api/v1/units/${person.unitId}/deactivate`, payload: {} },
      { url: '/api/v1/certificates', payload: { personId: person.id, number: '渝执2025999001', issuingAuthority: '重庆市人民政府', validFrom: '2020-01-01', validTo: '2030-12-31' } },
      { url: `/api/v1/certificates/${certificate.id}/status`, payload: { to: 'suspended', reason: '涉嫌违法执法', effectiveDate: '2025-09-10' } },
      { url: `/api/v1/original-cases/${a.fx.originalCase.id}/compensations`, payload: { amountFen: 100_000, paidDate: '2025-09-01', decisionNo: '巴南法赔〔2025〕99号' } },
    ];
    for (const w of writes) {
      const r = await t.as('dw', { method: 'POST', ...w });
      expect([r.statusCode, r.json().error?.code], w.url).toEqual([403, 'FORBIDDEN']);
    }
    expect(await snapshot()).toEqual(before);
    const ok = await t.as('dq', { method: 'POST', ...writes[0]! });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().active).toBe(false);
  });

  it('WC-5(1) campaigns: a clerk at home who supervises the commissions read-only can neither draw nor close a commission’s campaign (403, nothing changed); a clerk there by membership closes it', async () => {
    const q = t.deps.db.kysely;
    const id = newId();
    await insertCampaign(q, {
      id,
      org_id: d.otherId,
      name: '2025 年例行评查',
      kind: 'routine',
      scope: { unitIds: [], includeSubunits: true, periodFrom: '2025-01-01', periodTo: '2025-06-30', kinds: [], count: 1, percent: null },
      reviewerPool: [],
      reviewers_per_file: 1,
      checklist: await readChecklistSetting(q),
      created_by: t.userIds.a_clerk!,
      now: t.deps.clock.now().toISOString(),
    } as Parameters<typeof insertCampaign>[1]);
    const row = () => q.selectFrom('supervision_campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const before = await row();
    for (const url of [`/api/v1/campaigns/${id}/draw`, `/api/v1/campaigns/${id}/close`]) {
      const r = await t.as('dw', { method: 'POST', url, payload: {} });
      expect([r.statusCode, r.json().error?.code], url).toEqual([403, 'FORBIDDEN']);
    }
    expect(await row()).toEqual(before);
    await q.updateTable('supervision_campaigns').set({ status: 'drawn' }).where('id', '=', id).execute();
    const refused = await t.as('dw', { method: 'POST', url: `/api/v1/campaigns/${id}/close`, payload: {} });
    expect([refused.statusCode, refused.json().error?.code]).toEqual([403, 'FORBIDDEN']);
    expect((await row()).status).toBe('drawn');
    const ok = await t.as('dq', { method: 'POST', url: `/api/v1/campaigns/${id}/close`, payload: {} });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await row()).status).toBe('closed');
  });

  it('registers (Excel import): a clerk at home who supervises the commissions read-only cannot update a commission’s person by importing a sheet (403, nothing changed); a clerk there by membership can', async () => {
    const { person } = await makePersonWithCertificate({ ...t.deps, actor: { ...SYSTEM_ACTOR, orgId: d.otherId, orgScope: [d.otherId] } }, { person: { employeeNo: 'A-IMP-1', post: '科员' } });
    const q = t.deps.db.kysely;
    const unitCode = (await q.selectFrom('units').select('short_code').where('id', '=', person.unitId).executeTakeFirstOrThrow()).short_code;
    const buf = await workbookOf(['姓名*', '单位简码*', '职务', '工号'], [{ '姓名*': person.name, '单位简码*': unitCode, 职务: '副科长', 工号: 'A-IMP-1' }]);
    const importAs = (user: string) => {
      const { payload, headers } = multipartFile(buf);
      return t.as(user, { method: 'POST', url: '/api/v1/excel/people/import?mode=valid&update=true', payload, headers });
    };
    const before = await q.selectFrom('people').selectAll().where('id', '=', person.id).execute();
    const refused = await importAs('dw');
    expect([refused.statusCode, refused.json().error?.code]).toEqual([403, 'FORBIDDEN']);
    expect(await q.selectFrom('people').selectAll().where('id', '=', person.id).execute()).toEqual(before);
    const ok = await importAs('dq');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ committed: true, updated: 1 });
    expect((await q.selectFrom('people').select('post').where('id', '=', person.id).executeTakeFirstOrThrow()).post).toBe('副科长');
  });

  it('registers (create): a person is created in the organisation of the unit named, with the roles held there — a clerk at home who supervises is refused (403, nothing written), a clerk there by membership creates it in A', async () => {
    const q = t.deps.db.kysely;
    const unitId = a.fx.unit.id;
    const create = (user: string, employeeNo: string) => t.as(user, { method: 'POST', url: '/api/v1/people', payload: { name: '新登记人员', unitId, post: '科员', employeeNo } });
    const refused = await create('dw', 'A-NEW-1');
    expect([refused.statusCode, refused.json().error?.code]).toEqual([403, 'FORBIDDEN']);
    expect(await q.selectFrom('people').select('id').where('employee_no', '=', 'A-NEW-1').execute()).toEqual([]);
    const ok = await create('dq', 'A-NEW-2');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await q.selectFrom('people').select('org_id').where('employee_no', '=', 'A-NEW-2').execute()).toEqual([{ org_id: d.otherId }]);
  });

  it('registers (create, Excel import): a new person of a sheet is created in the organisation of its unit, with the roles held there — refused whole to a clerk at home who supervises (403), created in A by a clerk there by membership', async () => {
    const q = t.deps.db.kysely;
    const unitCode = (await q.selectFrom('units').select('short_code').where('id', '=', a.fx.unit.id).executeTakeFirstOrThrow()).short_code;
    const importAs = async (user: string, emp: string) => {
      const { payload, headers } = multipartFile(await workbookOf(['姓名*', '单位简码*', '职务', '工号'], [{ '姓名*': '导入新人员', '单位简码*': unitCode, 职务: '科员', 工号: emp }]));
      return t.as(user, { method: 'POST', url: '/api/v1/excel/people/import?mode=all', payload, headers });
    };
    const refused = await importAs('dw', 'A-XLS-1');
    expect([refused.statusCode, refused.json().error?.code]).toEqual([403, 'FORBIDDEN']);
    expect(await q.selectFrom('people').select('id').where('employee_no', '=', 'A-XLS-1').execute()).toEqual([]);
    const ok = await importAs('dq', 'A-XLS-2');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ committed: true, created: 1 });
    expect(await q.selectFrom('people').select('org_id').where('employee_no', '=', 'A-XLS-2').execute()).toEqual([{ org_id: d.otherId }]);
  });

  it('campaigns (WC-5(1) 案卷评查): a reviewer from another organisation is pooled and scores by the reviewer role held in the campaign’s organisation — never by one held at home; the role revoked there, the score is refused (403) though they are still reviewer at home', async () => {
    const q = t.deps.db.kysely;
    // reviewers whose home is the district (a reviewer there, supervising read-only), linked to a register person of Banan
    const personOf = async () => (await makePersonWithCertificate({ ...t.deps, actor: { ...SYSTEM_ACTOR, orgId: d.bananId, orgScope: [d.bananId] } })).person.id;
    await t.addUser('xr', ['reviewer', 'oversight'], await personOf(), d.districtId);
    await t.addUser('hr', ['reviewer', 'oversight'], await personOf(), d.districtId);
    const grant = async (user: string, roles: string[]) => {
      const r = await t.as('d_sec', { method: 'PUT', url: `/api/v1/users/${t.userIds[user]}/roles`, payload: { roles, orgId: d.otherId } });
      expect(r.statusCode, r.body).toBe(200);
    };
    await grant('xr', ['reviewer']);
    const create = (reviewerUserIds: string[]) =>
      t.as('a_clerk', {
        method: 'POST',
        url: '/api/v1/campaigns',
        payload: { name: '跨机关案卷评查', kind: 'special', scope: { periodFrom: '2000-01-01', periodTo: '2025-09-10', count: 1 }, reviewerUserIds, reviewersPerFile: 1 },
      });
    // a reviewer only at home is no reviewer of A
    const notThere = await create([t.userIds.hr!]);
    expect([notThere.statusCode, notThere.json().error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    const made = await create([t.userIds.xr!]);
    expect(made.statusCode, made.body).toBe(200);
    const campaignId = made.json().id as string;
    const drawn = await t.as('a_clerk', { method: 'POST', url: `/api/v1/campaigns/${campaignId}/draw`, payload: {} });
    expect(drawn.statusCode, drawn.body).toBe(200);
    const review = await q.selectFrom('campaign_reviews').select(['id', 'reviewer_user_id']).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();
    expect(review.reviewer_user_id).toBe(t.userIds.xr);
    const checklist = (await t.as('a_clerk', { method: 'GET', url: '/api/v1/campaigns/checklist' })).json().checklist as { items: { id: string }[] };
    const scores = checklist.items.map((it) => ({ itemId: it.id, deducted: 0, vetoHit: false, comment: null }));
    const submit = () => t.as('xr', { method: 'POST', url: `/api/v1/reviews/${review.id}/submit`, payload: { scores } });
    // from home (the district), acting in A with the reviewer role held there
    const ok = await submit();
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().review).toMatchObject({ status: 'submitted', score: 100 });
    // the reviewer role in A revoked: the home reviewer role does not reach A
    await grant('xr', ['investigator']);
    const before = await q.selectFrom('campaign_reviews').selectAll().where('id', '=', review.id).executeTakeFirstOrThrow();
    const refused = await submit();
    expect([refused.statusCode, refused.json().error?.code]).toEqual([403, 'FORBIDDEN']);
    expect(await q.selectFrom('campaign_reviews').selectAll().where('id', '=', review.id).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('history import (issue 12 point 5, FL-10(6)): past decisions go into the importer’s organisation and name its officers only — a clerk at home who supervises cannot import one naming a commission’s officer, a clerk of A none naming a Banan officer; a clerk of A by membership imports into A once acting there', async () => {
    const D = { no: '问责案件案号*', conduct: '违法违规行为发生日期*', decided: '处理决定日期*', emp: '被问责人工号*', forms: '问责方式' };
    const q = t.deps.db.kysely;
    const decision = (no: string, emp: string) => workbookOf(Object.values(D), [{ [D.no]: no, [D.conduct]: '2024-11-01', [D.decided]: '2025-01-15', [D.emp]: emp, [D.forms]: 'FL-6(1)' }]);
    const importAs = async (user: string, buf: Buffer) => {
      const { payload, headers } = multipartFile(buf);
      return t.as(user, { method: 'POST', url: '/api/v1/excel/decisions/import?mode=all', payload, headers });
    };
    const imported = async (no: string) => q.selectFrom('historical_decisions').select(['org_id']).where('case_number', '=', no).execute();
    const refusedRow = (r: Awaited<ReturnType<typeof importAs>>) => {
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ committed: false, invalid: 1, imported: 0 });
      expect(r.json().rows[0].errors[0]).toMatchObject({ path: 'employeeNo', zh: expect.stringContaining('本机关') });
    };
    const bananEmp = b.fx.handler.employeeNo!;
    const aEmp = a.fx.handler.employeeNo!;
    // the district's supervising clerk reads the Banan register, but holds no role there
    refusedRow(await importAs('dw', await decision('历史〔2025〕1号', bananEmp)));
    expect(await imported('历史〔2025〕1号')).toEqual([]);
    refusedRow(await importAs('a_clerk', await decision('历史〔2025〕2号', bananEmp)));
    expect(await imported('历史〔2025〕2号')).toEqual([]);
    // dq is clerk of A by membership: at home (the district) an A officer is not of the district
    refusedRow(await importAs('dq', await decision('历史〔2025〕3号', aEmp)));
    const sw = await t.as('dq', { method: 'POST', url: '/api/v1/auth/org', payload: { orgId: d.otherId } });
    expect(sw.statusCode, sw.body).toBe(200);
    try {
      const ok = await importAs('dq', await decision('历史〔2025〕3号', aEmp));
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ committed: true, imported: 1 });
      expect(await imported('历史〔2025〕3号')).toEqual([{ org_id: d.otherId }]);
    } finally {
      const back = await t.as('dq', { method: 'POST', url: '/api/v1/auth/org', payload: { orgId: d.districtId } });
      expect(back.statusCode, back.body).toBe(200);
    }
  });

  it('impartiality: the deputy of an organisation is a member of it judged by the roles held there — a leader only at home elsewhere may be designated; a leader there by membership may not; a non-member is refused (400)', async () => {
    await t.addUser('lent_leader', ['leader']);
    await t.addUser('home_clerk2', ['clerk']);
    let r = await t.as('d_sec', { method: 'PUT', url: `/api/v1/users/${t.userIds.lent_leader}/roles`, payload: { roles: ['decider'], orgId: d.otherId } });
    expect(r.statusCode, r.body).toBe(200);
    r = await t.as('d_sec', { method: 'PUT', url: `/api/v1/users/${t.userIds.home_clerk2}/roles`, payload: { roles: ['leader'], orgId: d.otherId } });
    expect(r.statusCode, r.body).toBe(200);
    const set = (user: string) => t.as('a_sys', { method: 'PUT', url: '/api/v1/settings/recusal-deputy', payload: { userId: t.userIds[user] } });
    const ok = await set('lent_leader');
    expect(ok.statusCode, ok.body).toBe(200);
    const leaderThere = await set('home_clerk2');
    expect([leaderThere.statusCode, leaderThere.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(leaderThere.json().error.details.fields[0]).toMatchObject({ path: 'userId', zh: expect.stringContaining('主要负责人'), en: expect.stringContaining('main leader') });
    const outsider = await set('home_sup');
    expect([outsider.statusCode, outsider.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  describe('queues', () => {
    let inA: string;
    let inBanan: string;
    let onTeam: string;
    const waitingIds = (r: { json(): { waiting: { caseId: string }[] } }) => r.json().waiting.map((x) => x.caseId);
    beforeAll(async () => {
      inA = (await makeCase(a, { to: 'notified' })).caseId;
      inBanan = (await makeCase(b, { to: 'notified' })).caseId;
      const c = await makeCase(b, { to: 'reported' });
      const r = await t.as('leader', {
        method: 'POST',
        url: `/api/v1/cases/${c.caseId}/actions/appoint_team`,
        payload: { expectedVersion: await versionOf(b, c.caseId), appointedOn: '2025-09-10', members: [{ userId: t.userIds.dq, lead: true }] },
      });
      expect(r.statusCode, r.body).toBe(200);
      onTeam = c.caseId;
    }, 300_000);

    it('queue: one’s own queue across the organisations one reads shows each case with the roles held in its organisation (clerk in A, investigator in Banan), not the home roles everywhere', async () => {
      const r = await t.as('dq', { method: 'GET', url: '/api/v1/queue' });
      expect(r.statusCode, r.body).toBe(200);
      const ids = waitingIds(r);
      expect(ids).toContain(inA);
      expect(ids).toContain(onTeam);
      // dq is no clerk of the Banan commission
      expect(ids).not.toContain(inBanan);
      expect(r.json().counts.waiting).toBe(ids.length);
      // a clerk at home who holds no role below sees none of the commissions’ cases as waiting on them
      const w = await t.as('dw', { method: 'GET', url: '/api/v1/queue' });
      expect(waitingIds(w)).toEqual([]);
    });

    it('queue: a clerk viewing another person’s queue sees only their own organisation’s part, with that person’s roles there; a person with no membership there is missing (404)', async () => {
      const fromA = await t.as('a_clerk', { method: 'GET', url: `/api/v1/queue?userId=${t.userIds.dq}` });
      expect(fromA.statusCode, fromA.body).toBe(200);
      expect(waitingIds(fromA)).toContain(inA);
      expect(waitingIds(fromA)).not.toContain(onTeam);
      expect(waitingIds(fromA)).not.toContain(inBanan);
      const fromBanan = await t.as('clerk', { method: 'GET', url: `/api/v1/queue?userId=${t.userIds.dq}` });
      expect(fromBanan.statusCode, fromBanan.body).toBe(200);
      expect(waitingIds(fromBanan)).toEqual([onTeam]);
      const missing = await t.as('clerk', { method: 'GET', url: `/api/v1/queue?userId=${t.userIds.a_clerk}` });
      expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('queue: a clerk at home who supervises the commissions read-only cannot view a commission member’s queue there (404), though the commission is readable to them', async () => {
      const r = await t.as('dw', { method: 'GET', url: `/api/v1/queue?userId=${t.userIds.a_clerk}` });
      expect([r.statusCode, r.json().error.code]).toEqual([404, 'NOT_FOUND']);
    });
  });
});
