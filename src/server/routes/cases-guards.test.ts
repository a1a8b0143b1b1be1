import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { makePerson } from '../../../test/factories/registers';

describe.each(engines)('case step guards over HTTP (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-09-03T02:00:00.000Z');
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  const act = (user: string, id: string, action: string, payload: Record<string, unknown>) =>
    t.as(user, { method: 'POST', url: `/api/v1/cases/${id}/actions/${action}`, payload });

  it('FL-15: a clerk trying to register (立案) on the fault track gets 403 TRANSITION_ROLE naming the rule', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const r = await act('clerk', c.caseId, 'register', { expectedVersion: await versionOf(w, c.caseId), registeredOn: '2025-09-02' });
    expect(r.statusCode).toBe(403);
    expect(r.json().error).toMatchObject({ code: 'TRANSITION_ROLE', details: { citation: 'FL-15' } });
    expect(r.json().error.messageZh).toContain('委党委会');
    expect(r.json().error.messageEn).toContain('FL-15');
  });

  it('FL-4, FL-15: a reported fault leaves the fault track only by the committee — a report recorded without FL, or accepted with FL dropped, is refused (nothing stored); a clerk bringing a case onto the fault track at registration is refused, and the committee needs its meeting', async () => {
    const nCases = async (): Promise<number> => (await t.deps.db.kysely.selectFrom('cases').select('id').execute()).length;
    const before = await nCases();
    const intake = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: { source: 'report', tracks: ['WC'], receivedOn: '2025-09-02', summary: '举报执法人员违规。', channel: 'letter', reporter: { anonymous: true } } });
    expect(intake.statusCode, intake.body).toBe(400);
    expect(intake.json().error.code).toBe('VALIDATION_FAILED');
    expect(intake.json().error.messageZh).toContain('委党委会会议在立案时确定');
    expect(await nCases()).toBe(before);

    const c = await makeCase(w, { to: 'intake' });
    const v = await versionOf(w, c.caseId);
    const dropped = await act('clerk', c.caseId, 'accept', { expectedVersion: v, acceptedOn: '2025-09-02', reply: '已受理', tracks: ['WC'] });
    expect(dropped.statusCode, dropped.body).toBe(400);
    expect(dropped.json().error.details.fields[0].path).toBe('tracks');
    const row = await t.deps.db.kysely.selectFrom('cases').select(['state', 'tracks', 'version']).where('id', '=', c.caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'intake', tracks: JSON.stringify(['FL']), version: v });
    // adding the wrong-case track at acceptance stays the clerk's
    expect((await act('clerk', c.caseId, 'accept', { expectedVersion: v, acceptedOn: '2025-09-02', reply: '已受理', tracks: ['FL', 'WC'] })).statusCode).toBe(200);

    const wc = await makeCase(w, { source: 'wc5', tracks: ['WC'], to: 'accepted' });
    const wv = await versionOf(w, wc.caseId);
    const byClerk = await act('clerk', wc.caseId, 'register', { expectedVersion: wv, registeredOn: '2025-09-02', tracks: ['FL', 'WC'] });
    expect(byClerk.statusCode, byClerk.body).toBe(403);
    expect(byClerk.json().error).toMatchObject({ code: 'TRANSITION_ROLE', details: { citation: 'FL-15' } });
    const noMeeting = await act('decider', wc.caseId, 'register', { expectedVersion: wv, registeredOn: '2025-09-02', tracks: ['FL', 'WC'] });
    expect(noMeeting.statusCode, noMeeting.body).toBe(422);
    expect(noMeeting.json().error.code).toBe('MEETING_NOT_EFFECTIVE');
    expect((await t.deps.db.kysely.selectFrom('cases').select(['state', 'tracks']).where('id', '=', wc.caseId).executeTakeFirstOrThrow())).toEqual({ state: 'accepted', tracks: JSON.stringify(['WC']) });
    // on the wrong-case track alone the legal-affairs section registers (WC-9(1))
    expect((await act('clerk', wc.caseId, 'register', { expectedVersion: wv, registeredOn: '2025-09-02' })).statusCode).toBe(200);
  });

  it('WC-9(2): only the main leader appoints the team; only appointed investigators record evidence', async () => {
    const c = await makeCase(w, { to: 'reported' });
    const v = await versionOf(w, c.caseId);
    const byClerk = await act('clerk', c.caseId, 'appoint_team', { expectedVersion: v, appointedOn: '2025-09-02', members: [{ userId: t.userIds.investigator }] });
    expect(byClerk.statusCode).toBe(403);
    expect(byClerk.json().error.code).toBe('TRANSITION_ROLE');
    const p = await makePerson(t.deps, { name: '另一调查员' });
    await t.addUser('other-investigator', ['investigator'], p.id);
    const c2 = await makeCase(w, { to: 'investigating' });
    // Not on that case's team: the case does not exist for them.
    const r = await act('other-investigator', c2.caseId, 'record_evidence', { expectedVersion: await versionOf(w, c2.caseId), kind: 'statement', title: 't', source: 's', collectedOn: '2025-09-02', textContent: 'x' });
    expect(r.statusCode).toBe(404);
    expect((await t.as('other-investigator', { method: 'GET', url: `/api/v1/cases/${c2.caseId}` })).statusCode).toBe(404);
  });

  it('a stale expectedVersion gets 409 CONFLICT_STALE and changes nothing (no audit row)', async () => {
    const c = await makeCase(w, { to: 'intake' });
    const headBefore = (await t.deps.db.kysely.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq;
    const r = await act('clerk', c.caseId, 'accept', { expectedVersion: 7, acceptedOn: '2025-09-02', reply: '已受理' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'CONFLICT_STALE', details: { currentVersion: 1, expectedVersion: 7 } });
    const row = await t.deps.db.kysely.selectFrom('cases').select(['state', 'version', 'accepted_on']).where('id', '=', c.caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'intake', version: 1, accepted_on: null });
    expect(await t.deps.db.kysely.selectFrom('case_replies').selectAll().execute()).toEqual([]);
    expect((await t.deps.db.kysely.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq).toBe(headBefore);
  });

  it('two clerks racing on the same version: one wins, the other gets 409', async () => {
    const c = await makeCase(w, { to: 'intake' });
    await t.addUser('clerk2', ['clerk']);
    const [a, b] = await Promise.all([
      act('clerk', c.caseId, 'accept', { expectedVersion: 1, acceptedOn: '2025-09-02', reply: '已受理' }),
      act('clerk2', c.caseId, 'not_accept', { expectedVersion: 1, decidedOn: '2025-09-02', reason: '不属实', reply: '不予受理' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(await versionOf(w, c.caseId)).toBe(2);
  });

  it.each([
    ['the subject of the case', (w: CaseWorld) => w.fx.handler.id, '本案被调查人'],
    ['the handler of the original case', (w: CaseWorld) => w.fx.handler.id, '承办人'],
    ['an approver of the original case', (w: CaseWorld) => w.fx.approver1.id, '批准人'],
    ['the chair of the original case’s deliberation', (w: CaseWorld) => w.fx.finalApprover.id, '集体讨论主持人'],
  ])('WC-9(2), FL-7(7) conflict of interest: %s cannot sit on the team (CONFLICT_OF_INTEREST names the person, the ground read neutrally)', async (_label, personOf, why) => {
    const personId = personOf(w);
    await t.addUser('conflicted', ['investigator'], personId);
    const c = await makeCase(w, { to: 'reported' });
    const r = await act('leader', c.caseId, 'appoint_team', { expectedVersion: await versionOf(w, c.caseId), appointedOn: '2025-09-02', members: [{ userId: t.userIds.investigator, lead: true }, { userId: t.userIds.conflicted }] });
    expect(r.statusCode).toBe(422);
    const e = r.json().error;
    expect(e.code).toBe('CONFLICT_OF_INTEREST');
    const name = (await t.deps.db.kysely.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirstOrThrow()).name;
    expect(e.messageZh).toContain(name);
    // to the leader every ground reads alike (a reason shown for some would single out the reporter's)
    expect(e.messageZh).toContain(`${name}（依法应当回避）`);
    expect(e.messageZh.replace(name, '')).not.toContain(why);
    expect(e.details.conflicts[0]).toMatchObject({ userId: t.userIds.conflicted, name });
    expect(await t.deps.db.kysely.selectFrom('case_team_members').selectAll().execute()).toEqual([]);
  });

  it('WC-9(2): the leader lists the investigators to appoint, each with the conflicts that bar them; others may not list', async () => {
    await t.addUser('conflicted', ['investigator'], w.fx.approver1.id);
    const c = await makeCase(w, { to: 'reported' });
    const r = await t.as('leader', { method: 'GET', url: `/api/v1/cases/${c.caseId}/team-candidates` });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { userId: string; conflicts: { zh: string }[] }[];
    expect(items.find((i) => i.userId === t.userIds.investigator)?.conflicts).toEqual([]);
    expect(items.find((i) => i.userId === t.userIds.conflicted)?.conflicts.map((x) => x.zh)).toEqual(['依法应当回避']);
    expect(items.map((i) => i.userId)).not.toContain(t.userIds.clerk);
    expect((await t.as('subject', { method: 'GET', url: `/api/v1/cases/${c.caseId}/team-candidates` })).statusCode).toBe(404);
    expect((await t.as('investigator', { method: 'GET', url: `/api/v1/cases/${c.caseId}/team-candidates` })).statusCode).toBe(404);
  });

  it('allowedActions follow the caller: the clerk sees report_to_leader, the leader sees nothing yet, the subject nothing', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const actions = async (u: string) => ((await t.as(u, { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json().allowedActions as { action: string }[]).map((a) => a.action);
    expect(await actions('clerk')).toEqual(['report_to_leader', 'add_subject', 'link_original_case', 'reply']);
    expect(await actions('leader')).toEqual([]);
    expect(await actions('subject')).toEqual([]);
    const r = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json().allowedActions[0];
    expect(r).toEqual({ action: 'report_to_leader', labelZh: '报委主要负责人', labelEn: 'Report to the main leader', citation: 'WC-9(2)', needs: 'ReportToLeaderInput' });
  });

  it('WC-9(3): findings cannot be submitted while a subject lacks a finding (422 PRECONDITION_FAILED, shown as blocked)', async () => {
    const c = await makeCase(w, { to: 'investigating' });
    const view = (await t.as('investigator', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json();
    expect(view.allowedActions.find((a: { action: string }) => a.action === 'submit_findings').blocked.citation).toBe('WC-9(3)');
    const r = await act('investigator', c.caseId, 'submit_findings', { expectedVersion: view.version, submittedOn: '2025-09-03', summary: 's' });
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-9(3)' } });
  });

  it('不予立案: the decision body declines registration with a reason; the case ends', async () => {
    const c = await makeCase(w, { to: 'not_registered' });
    const view = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json();
    expect(view.state).toBe('not_registered');
    expect(view.endReason).toBeTruthy();
    expect(view.allowedActions.map((a: { action: string }) => a.action)).toEqual(['reply']);
  });
});
