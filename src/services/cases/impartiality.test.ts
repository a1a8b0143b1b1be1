// Issue 7: impartiality of the process — recusal (回避) for every actor on every step, the deputy
// acting for a conflicted main leader, investigation separate from decision, honest dates.
// Basis: FL-5(1) 实事求是、客观公正; by analogy 《行政处罚法》第四十三条 (recusal).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { makePerson } from '../../../test/factories/registers';
import { CASE_ACTIONS, type CaseAction, type CaseState } from '../../domain/cases';
import { newId } from '../../lib/ids';
import { holdMeeting, stepToward } from './drive';
import { addOriginalCaseCompensation } from '../registers';
import { SYSTEM_ACTOR } from '../../policies/roles';

const D = '2025-09-01';

describe.each(engines)('impartiality: recusal, deputy, separation, honest dates (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine));
    await t.addUser('sysadmin', ['sysadmin']);
  });
  afterEach(async () => t.close());

  const act = async (user: string, id: string, action: string, payload: Record<string, unknown>) =>
    t.as(user, { method: 'POST', url: `/api/v1/cases/${id}/actions/${action}`, payload: { expectedVersion: await versionOf(w, id), ...payload } });
  const appoint = (user: string, id: string) => act(user, id, 'appoint_team', { appointedOn: D, members: [{ userId: t.userIds.investigator, lead: true }] });
  const nameOf = async (personId: string) => (await t.deps.db.kysely.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirstOrThrow()).name;
  const expectRecusal = async (r: { statusCode: number; json(): { error: { code: string; messageZh: string; messageEn: string } } }, name: string, reason: string) => {
    expect(r.statusCode).toBe(403);
    const e = r.json().error;
    expect(e.code).toBe('RECUSAL_REQUIRED');
    expect(e.messageZh).toContain(name);
    expect(e.messageZh).toContain(reason);
    expect(e.messageZh).toContain('FL-5(1)');
    expect(e.messageZh).toContain('行政处罚法》第四十三条');
  };

  it('FL-5(1) recusal: a subject of the case may not appoint its team (named, with reason and basis)', async () => {
    await t.addUser('leader2', ['leader'], w.fx.handler.id);
    const c = await makeCase(w, { to: 'reported' });
    await expectRecusal(await appoint('leader2', c.caseId), await nameOf(w.fx.handler.id), '本案被调查人');
    expect(await versionOf(w, c.caseId)).toBe(4);
  });

  it('FL-5(1) recusal: an approver of the original case may not appoint the team', async () => {
    await t.addUser('leader2', ['leader'], w.fx.approver1.id);
    const c = await makeCase(w, { to: 'reported' });
    await expectRecusal(await appoint('leader2', c.caseId), await nameOf(w.fx.approver1.id), '原执法案件批准人');
  });

  it('FL-5(1) recusal: a declared close relative of a subject may not register the case; withdrawing the declaration lifts it', async () => {
    // (The case world already has decider2 and decider3, the body's other members: the relative is a further decider.)
    const p = await makePerson(t.deps, { name: '李亲属' });
    await t.addUser('relative', ['decider'], p.id);
    const rel = await t.as('clerk', { method: 'POST', url: '/api/v1/relationships', payload: { userId: t.userIds.relative, relatedPersonId: w.fx.handler.id, kind: 'close_relative', note: '配偶' } });
    expect(rel.statusCode).toBe(201);
    expect(rel.json()).toMatchObject({ kind: 'close_relative', declaredBy: t.userIds.clerk, personId: p.id });
    const c = await makeCase(w, { to: 'accepted' });
    // FL-15: the body has met and resolved to register; only the relative's carrying it out is at issue.
    const meetingId = await holdMeeting(w.ctx, c.caseId, 'registration', () => ({ register: true }), { on: D });
    const r = await act('relative', c.caseId, 'register', { meetingId, registeredOn: D });
    await expectRecusal(r, '李亲属', '近亲属');
    expect(r.json().error.messageZh).toContain(await nameOf(w.fx.handler.id));
    // The view does not offer it, and says why.
    const v = (await t.as('relative', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json();
    expect(v.allowedActions.map((a: { action: string }) => a.action)).not.toContain('register');
    expect(v.recusalBlocked.find((b: { action: string }) => b.action === 'register').reasons[0].zh).toContain('近亲属');
    // Only the declarer or a clerk withdraws; then the step is possible.
    expect((await t.as('decider', { method: 'POST', url: `/api/v1/relationships/${rel.json().id}/withdraw`, payload: { reason: 'x' } })).statusCode).toBe(403);
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/relationships/${rel.json().id}/withdraw`, payload: { reason: '申报有误' } })).statusCode).toBe(200);
    expect((await act('relative', c.caseId, 'register', { meetingId, registeredOn: D })).statusCode).toBe(200);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('entity_type', '=', 'relationship').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['relationship.declare', 'relationship.withdraw']);
  });

  it('FL-5(1) recusal: staff may declare only their own relationships; the clerk declares anyone’s', async () => {
    const r = await t.as('decider', { method: 'POST', url: '/api/v1/relationships', payload: { userId: t.userIds.leader, relatedPersonId: w.fx.handler.id, kind: 'other_interest' } });
    expect(r.statusCode).toBe(403);
    expect((await t.as('subject', { method: 'GET', url: '/api/v1/relationships' })).statusCode).toBe(403);
    expect((await t.as('decider', { method: 'POST', url: '/api/v1/relationships', payload: { userId: t.userIds.decider, relatedPersonId: w.fx.handler.id, kind: 'other_interest', note: '同学' } })).statusCode).toBe(201);
  });

  it('FL-5(1) recusal: a declaration or reporter link naming an account or register person that does not exist is refused, naming the field', async () => {
    const c = await makeCase(w);
    const refusedFields = (r: Awaited<ReturnType<TestApp['as']>>): string[] => {
      expect(r.statusCode, r.body).toBe(400);
      return r.json().error.details.fields.map((f: { path: string }) => f.path);
    };
    const declare = (payload: Record<string, unknown>) => t.as('clerk', { method: 'POST', url: '/api/v1/relationships', payload: { relatedPersonId: w.fx.handler.id, kind: 'other_interest', ...payload } });
    const link = (payload: Record<string, unknown>) => t.as('clerk', { method: 'PUT', url: `/api/v1/cases/${c.caseId}/reporter-link`, payload });
    expect(refusedFields(await declare({ userId: newId() }))).toEqual(['userId']);
    expect(refusedFields(await declare({ personId: newId() }))).toEqual(['personId']);
    expect(refusedFields(await link({ userId: newId() }))).toEqual(['userId']);
    expect(refusedFields(await link({ personId: newId() }))).toEqual(['personId']);
  });

  it('FL-5(1), FL-7(7): a member of staff who reported the matter stands aside from the team, and the leader choosing it reads a neutral ground, not "the reporter"', async () => {
    await t.addUser('inv2', ['investigator']);
    const c = await makeCase(w, { to: 'reported' });
    expect((await t.as('clerk', { method: 'PUT', url: `/api/v1/cases/${c.caseId}/reporter-link`, payload: { userId: t.userIds.inv2 } })).statusCode).toBe(200);
    const r = await t.as('leader', { method: 'GET', url: `/api/v1/cases/${c.caseId}/team-candidates` });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.body).not.toContain('本案举报人');
    expect(r.body).not.toContain('the reporter of this case');
    expect(r.body).not.toContain('涉及举报人保护');
    const inv2 = (r.json().items as { userId: string; conflicts: { zh: string }[] }[]).find((i) => i.userId === t.userIds.inv2);
    expect(inv2?.conflicts.map((x) => x.zh)).toEqual(['依法应当回避']);
  });

  it('FL-5(1): a declaration that bars its declarer on an open case is not withdrawn by the declarer alone — the legal-affairs section withdraws it', async () => {
    await makeCase(w, { to: 'investigating' });
    const rel = await t.as('investigator', { method: 'POST', url: '/api/v1/relationships', payload: { userId: t.userIds.investigator, relatedPersonId: w.fx.handler.id, kind: 'close_relative', note: '表兄弟' } });
    expect(rel.statusCode, rel.body).toBe(201);
    const mine = await t.as('investigator', { method: 'POST', url: `/api/v1/relationships/${rel.json().id}/withdraw`, payload: { reason: '申报有误' } });
    expect(mine.statusCode).toBe(403);
    expect(mine.json().error.messageZh).toContain('撤回须由委法制科办理');
    const byClerk = await t.as('clerk', { method: 'POST', url: `/api/v1/relationships/${rel.json().id}/withdraw`, payload: { reason: '经核实系同名误报' } });
    expect(byClerk.statusCode, byClerk.body).toBe(200);
  });

  it('FL-5(1) recusal: a member of staff who reported the matter may not accept it (link visible to clerks only)', async () => {
    await t.addUser('clerk2', ['clerk']);
    const c = await makeCase(w);
    expect((await t.as('decider', { method: 'PUT', url: `/api/v1/cases/${c.caseId}/reporter-link`, payload: { userId: t.userIds.clerk2 } })).statusCode).toBe(403);
    expect((await t.as('clerk', { method: 'PUT', url: `/api/v1/cases/${c.caseId}/reporter-link`, payload: { userId: t.userIds.clerk2 } })).statusCode).toBe(200);
    await expectRecusal(await act('clerk2', c.caseId, 'accept', { acceptedOn: D, reply: '已受理' }), 'clerk2', '本案举报人');
    expect((await act('clerk', c.caseId, 'accept', { acceptedOn: D, reply: '已受理' })).statusCode).toBe(200);
    // The reporter link never reaches the case timeline.
    const tl = (await t.as('subject', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items;
    expect(JSON.stringify(tl)).not.toContain('clerk2');
  });

  it('FL-5(1) recusal in the queue: a case whose original case the clerk approved does not wait on that clerk — neither listed nor counted', async () => {
    // the approver of the original case (原执法案件批准人) is a clerk here, not a subject of the case
    await t.addUser('clerk_approver', ['clerk'], w.fx.approver1.id);
    const c = await makeCase(w);
    const other = (await t.as('clerk', { method: 'GET', url: '/api/v1/queue' })).json();
    expect(other.waiting.map((x: { caseId: string }) => x.caseId)).toContain(c.caseId);
    const theirs = (await t.as('clerk_approver', { method: 'GET', url: '/api/v1/queue' })).json();
    expect(theirs.waiting.map((x: { caseId: string }) => x.caseId)).not.toContain(c.caseId);
    expect(theirs.counts.waiting).toBe(other.counts.waiting - 1);
    const refused = await act('clerk_approver', c.caseId, 'accept', { acceptedOn: D, reply: '已受理' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'RECUSAL_REQUIRED' });
    expect(refused.json().error.messageZh).toContain('原执法案件批准人');
  });

  it('FL-5(1) recusal in the queue: a case of a person the clerk declared a close relationship with does not wait on that clerk (the related person\'s cases read in the impartiality sources\' second statement)', async () => {
    await t.addUser('clerk_rel', ['clerk']);
    const c = await makeCase(w);
    const before = (await t.as('clerk_rel', { method: 'GET', url: '/api/v1/queue' })).json();
    expect(before.waiting.map((x: { caseId: string }) => x.caseId)).toContain(c.caseId);
    const rel = await t.as('clerk', { method: 'POST', url: '/api/v1/relationships', payload: { userId: t.userIds.clerk_rel, relatedPersonId: w.fx.handler.id, kind: 'close_relative', note: '配偶' } });
    expect(rel.statusCode, rel.body).toBeLessThan(300);
    const after = (await t.as('clerk_rel', { method: 'GET', url: '/api/v1/queue' })).json();
    expect(after.waiting.map((x: { caseId: string }) => x.caseId)).not.toContain(c.caseId);
    expect(after.counts.waiting).toBe(before.counts.waiting - 1);
  });

  it('FL-5(1) 自行回避: after recusing themselves the leader may not appoint the team; recorded on the timeline', async () => {
    const c = await makeCase(w, { to: 'reported' });
    expect((await t.as('leader', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recusals/self`, payload: { reason: '与被调查人系同学' } })).statusCode).toBe(200);
    await expectRecusal(await appoint('leader', c.caseId), 'leader', '已自行回避');
    // The case no longer waits on the leader in their queue.
    const q = (await t.as('leader', { method: 'GET', url: '/api/v1/queue' })).json();
    expect(q.waiting.map((x: { caseId: string }) => x.caseId)).not.toContain(c.caseId);
    const tl = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items;
    expect(tl.at(-1)).toMatchObject({ action: 'case.recusal.self', labelZh: '自行回避', citation: 'FL-5(1)' });
  });

  it('FL-5(1) 申请回避: a subject challenges a decider; the leader grants it and the decider is refused; the deputy may not decide when the leader need not recuse', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const f = await t.as('subject', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recusals/challenge`, payload: { userId: t.userIds.decider, reason: '该委员与原案审批人有利害关系' } });
    expect(f.statusCode).toBe(200);
    const rid = f.json().items[0].id;
    expect(f.json().items[0]).toMatchObject({ kind: 'challenge', status: 'pending', name: 'decider' });
    // Pending: not yet a bar. The clerk may not decide a challenge; the deputy only when the leader must stand aside.
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recusals/${rid}/decide`, payload: { granted: true, reason: 'x' } })).statusCode).toBe(403);
    await t.addUser('deputy', ['decider']);
    expect((await t.as('sysadmin', { method: 'PUT', url: '/api/v1/settings/recusal-deputy', payload: { userId: t.userIds.deputy } })).statusCode).toBe(200);
    expect((await t.as('deputy', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recusals/${rid}/decide`, payload: { granted: true, reason: 'x' } })).statusCode).toBe(403);
    const d = await t.as('leader', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recusals/${rid}/decide`, payload: { granted: true, reason: '理由成立，准予回避' } });
    expect(d.json().items[0]).toMatchObject({ status: 'granted', decisionReason: '理由成立，准予回避' });
    await expectRecusal(await act('decider', c.caseId, 'register', { registeredOn: D }), 'decider', '申请回避已获准许');
    const tl = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items;
    expect(tl.map((i: { action: string }) => i.action).slice(-2)).toEqual(['case.recusal.challenge', 'case.recusal.decide']);
  });

  it('FL-5(1) deputy: when the main leader approved the original case the deputy appoints the team, recorded as acting for the leader with the reason', async () => {
    // The only main leader is the original case's approver.
    await t.deps.db.kysely.updateTable('users').set({ person_id: w.fx.approver1.id }).where('id', '=', t.userIds.leader!).execute();
    await t.addUser('deputy', ['decider']);
    // Only the administrator designates the deputy; a leader cannot be it.
    expect((await t.as('clerk', { method: 'PUT', url: '/api/v1/settings/recusal-deputy', payload: { userId: t.userIds.deputy } })).statusCode).toBe(403);
    expect((await t.as('sysadmin', { method: 'PUT', url: '/api/v1/settings/recusal-deputy', payload: { userId: t.userIds.leader } })).statusCode).toBe(400);
    expect((await t.as('sysadmin', { method: 'PUT', url: '/api/v1/settings/recusal-deputy', payload: { userId: t.userIds.deputy } })).json()).toMatchObject({ userId: t.userIds.deputy });
    const c = await makeCase(w, { to: 'reported' });
    const view = (await t.as('deputy', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json();
    expect(view.allowedActions.map((a: { action: string }) => a.action)).toContain('appoint_team');
    expect(view.actingFor.zh).toContain('依法应当回避');
    expect(view.actingFor.zh).not.toContain('原执法案件批准人');
    // the deputy lists the candidates the team is chosen from, as the leader would
    const candidates = await t.as('deputy', { method: 'GET', url: `/api/v1/cases/${c.caseId}/team-candidates` });
    expect(candidates.statusCode).toBe(200);
    expect(candidates.json().items.length).toBeGreaterThan(0);
    const r = await appoint('deputy', c.caseId);
    expect(r.statusCode).toBe(200);
    const step = await t.deps.db.kysely.selectFrom('case_steps').select('data').where('case_id', '=', c.caseId).where('action', '=', 'appoint_team').executeTakeFirstOrThrow();
    expect(JSON.parse(step.data).actingFor).toMatchObject({ role: 'leader', leaders: [expect.objectContaining({ reasonZh: '依法应当回避' })] });
    const tl = (await t.as('subject', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items;
    expect(tl.at(-1).marks[0]).toMatchObject({ kind: 'acting_for' });
    expect(tl.at(-1).marks[0].zh).toContain('代委主要负责人办理');
  });

  it('FL-5(1) deputy: on a case where the leader is not conflicted the deputy is refused', async () => {
    await t.addUser('deputy', ['decider']);
    await t.as('sysadmin', { method: 'PUT', url: '/api/v1/settings/recusal-deputy', payload: { userId: t.userIds.deputy } });
    const c = await makeCase(w, { to: 'reported' });
    expect((await t.as('deputy', { method: 'GET', url: `/api/v1/cases/${c.caseId}/team-candidates` })).statusCode).toBe(404);
    const r = await appoint('deputy', c.caseId);
    expect(r.statusCode).toBe(403);
    expect(r.json().error).toMatchObject({ code: 'TRANSITION_ROLE' });
    expect(r.json().error.messageZh).toContain('分管负责人仅在委主要负责人应当回避的案件上代为办理');
  });

  it('FL-5(1) 调查与决定分离: a member of the investigation team may not decide the case; the accepter may not chair its registration', async () => {
    await t.addUser('both', ['investigator', 'decider'], (await makePerson(t.deps, { name: '王兼职' })).id);
    const acc = await makeCase(w, { to: 'intake' });
    await t.addUser('clerkdecider', ['clerk', 'decider']);
    expect((await act('clerkdecider', acc.caseId, 'accept', { acceptedOn: D, reply: '已受理' })).statusCode).toBe(200);
    // FL-15: the registration meeting was held (chaired by decider); clerkdecider, who accepted the report, would carry it out.
    const regMeeting = await holdMeeting(w.ctx, acc.caseId, 'registration', () => ({ register: true }), { on: D });
    const reg = await act('clerkdecider', acc.caseId, 'register', { meetingId: regMeeting, registeredOn: D });
    expect(reg.statusCode).toBe(403);
    expect(reg.json().error.code).toBe('SEPARATION_REQUIRED');
    expect(reg.json().error.messageZh).toContain('本案受理人');

    const c = await makeCase(w, { to: 'reported' });
    expect((await act('leader', c.caseId, 'appoint_team', { appointedOn: D, members: [{ userId: t.userIds.both, lead: true }] })).statusCode).toBe(200);
    await t.deps.db.kysely.insertInto('case_team_members').values({ id: newId(), case_id: c.caseId, user_id: t.userIds.investigator!, person_id: w.investigatorPerson.id, lead: 0, appointed_on: D, created_at: D }).execute();
    const { driveCaseTo } = await import('./drive');
    await driveCaseTo(w.ctx, c.caseId, 'findings_submitted', { on: D });
    // The body decided at a meeting (decide now names the meeting, meetingId); 王兼职 would carry it out.
    const decMeeting = await holdMeeting(w.ctx, c.caseId, 'decision', () => ({ items: [{ subjectPersonId: w.fx.handler.id, noAccountability: false, forms: ['FL-6(1)'] }] }), { on: D });
    const r = await act('both', c.caseId, 'decide', { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId: decMeeting, items: [{ subjectPersonId: w.fx.handler.id, forms: ['FL-6(1)'] }] });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('SEPARATION_REQUIRED');
    expect(r.json().error.messageZh).toContain('王兼职');
    expect(r.json().error.messageZh).toContain('本案调查组成员');
  });

  it('FL-5(1) honest dates: a step dated in the future is refused, naming the field and the limit', async () => {
    const c = await makeCase(w);
    const r = await act('clerk', c.caseId, 'accept', { acceptedOn: '2025-09-02', reply: '已受理' });
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'DATE_IN_FUTURE', details: { field: 'acceptedOn', limit: D } });
    expect(r.json().error.messageZh).toContain('受理日期');
    const i = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: { source: 'report', channel: 'visit', receivedOn: '2026-01-01', summary: '来访', reporter: { anonymous: true } } });
    expect(i.json().error.code).toBe('DATE_IN_FUTURE');
  });

  it('FL-5(1) honest dates: a step dated before the previous step (or the date received) is refused', async () => {
    const c = await makeCase(w, { to: 'accepted', receivedOn: '2025-08-30' });
    const r = await act('decider', c.caseId, 'register', { registeredOn: '2025-08-29' });
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'DATE_BEFORE_PREVIOUS_STEP', details: { field: 'registeredOn', limit: '2025-08-30' } });
    expect(r.json().error.messageZh).toContain('立案日期');
  });

  it('FL-5(1) honest dates: a step dated more than 3 days back needs a reason; it is marked on the timeline and counted as 补录（倒签）', async () => {
    const c = await makeCase(w, { to: 'accepted', receivedOn: '2025-08-20', drive: { on: '2025-08-20' } });
    // FL-15: the registration meeting was held on 2025-08-25; its minutes reach the system a week later.
    const meetingId = await holdMeeting(w.ctx, c.caseId, 'registration', () => ({ register: true }), { on: '2025-08-25' });
    const no = await act('decider', c.caseId, 'register', { meetingId, registeredOn: '2025-08-25' });
    expect(no.statusCode).toBe(422);
    expect(no.json().error).toMatchObject({ code: 'BACKDATE_REASON_REQUIRED', details: { limit: '2025-08-29' } });
    const ok = await act('decider', c.caseId, 'register', { meetingId, registeredOn: '2025-08-25', backdateReason: '会议纪要晚到' });
    expect(ok.statusCode).toBe(200);
    const tl = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items;
    expect(tl.at(-1).marks).toEqual([expect.objectContaining({ kind: 'backdated' })]);
    expect(tl.at(-1).marks[0].zh).toContain('会议纪要晚到');
    const s = (await t.as('clerk', { method: 'GET', url: '/api/v1/stats?year=2025' })).json();
    // intake, accept (drive, back-dated with the factory's reason) and this registration
    expect(s.totals.backdatedSteps).toBe(3);
    expect(s.tables.find((x: { id: string }) => x.id === 'backdated').rows.find((r: { key: string }) => r.key === 'register').count).toBe(1);
  });

  // ------------------------------------------------------------------ every step × every conflict source

  const ALL_ROLES = ['clerk', 'leader', 'decider', 'investigator'] as const;
  const input = (a: CaseAction): Record<string, unknown> =>
    ({
      accept: { acceptedOn: D, reply: 'r' },
      not_accept: { decidedOn: D, reason: 'r', reply: 'r' },
      transfer: { transferredOn: D, competentBody: '区城管局', reply: 'r' },
      register: { registeredOn: D },
      decline_registration: { decidedOn: D, reason: 'r' },
      report_to_leader: { reportedOn: D },
      appoint_team: { appointedOn: D, members: [{ userId: 'x' }] },
      start_investigation: { startedOn: D },
      add_subject: { personId: 'x' },
      link_original_case: { originalCaseId: null },
      record_evidence: { kind: 'document', title: 't', source: 's', collectedOn: D },
      record_finding: { subjectPersonId: 'x', faults: [], culpability: 'none', roleInOriginalCase: 'other', circumstances: [], consequences: { harm: 'none', influence: 'none' }, narrative: 'n' },
      submit_findings: { submittedOn: D, summary: 's' },
      return_for_investigation: { reason: 'r' },
      decide: { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId: 'x', items: [{ subjectPersonId: 'x' }] },
      notify: { subjectPersonId: 'x', notifiedOn: D, method: 'in_person' },
      file_defence: { subjectPersonId: 'x', kind: 'defence', filedOn: D, statement: 's' },
      file_appeal: { subjectPersonId: 'x', filedOn: D, statement: 's', appealBody: 'supervision' },
      decide_appeal: { meetingId: 'x', appealId: 'x', outcome: 'upheld', decidedOn: D, reason: 'r' },
      start_execution: { startedOn: D },
      complete_execution_item: { itemId: 'x', doneOn: D },
      record_payment: { itemId: 'x', amountFen: 1, paidOn: D },
      reply: { repliedOn: D, text: 't' },
      close: { closedOn: D, summary: 's' },
      refer_appeal: { appealId: 'x', sentOn: D, letterNo: '巴住建问移〔2025〕9号' },
      execute_supervision_decision: { appealId: 'x', executedOn: D },
    })[a];
  const STATE_FOR: Record<CaseAction, CaseState | 'investigating+finding' | 'notified+appeal' | 'executing-empty'> = {
    accept: 'intake', not_accept: 'intake', reply: 'intake', transfer: 'to_transfer', register: 'accepted', decline_registration: 'accepted',
    report_to_leader: 'registered', add_subject: 'registered', link_original_case: 'registered', appoint_team: 'reported', start_investigation: 'team_appointed',
    record_evidence: 'investigating', record_finding: 'investigating', submit_findings: 'investigating+finding',
    return_for_investigation: 'findings_submitted', decide: 'findings_submitted', notify: 'decided', file_defence: 'notified', file_appeal: 'closed', start_execution: 'notified',
    decide_appeal: 'notified+appeal', refer_appeal: 'notified+appeal', execute_supervision_decision: 'notified+appeal', complete_execution_item: 'executing', record_payment: 'executing', close: 'executing-empty',
  };

  it('FL-5(1) recusal: no step on any case can be taken by a subject of it or a participant of its original case (every step × every conflict source)', async () => {
    const outsider = await makePerson(t.deps, { name: '赵另案' });
    const sources: [string, string, string][] = [
      ['subject', outsider.id, '本案被调查人'],
      ['handler', w.fx.handler.id, '原执法案件承办人'],
      ['approver', w.fx.approver1.id, '原执法案件批准人'],
      ['chair', w.fx.finalApprover.id, '原执法案件集体讨论主持人'],
      ['member', w.fx.agreedMember.id, '原执法案件集体讨论成员'],
      ['dissenter', w.fx.dissentingMember.id, '原执法案件集体讨论成员'],
    ];
    for (const [u, pid] of sources) await t.addUser(`x_${u}`, [...ALL_ROLES], pid);
    // FL-13: the executing case recovers ¥1.00 of state compensation, which must have been paid (issue 10).
    await addOriginalCaseCompensation({ ...w.ctx.clerk, actor: SYSTEM_ACTOR }, w.fx.originalCase.id, { amountFen: 100, paidDate: '2025-08-01', decisionNo: '巴南法赔〔2025〕9号' });
    const subjects = [w.fx.handler.id, outsider.id];
    const cases = new Map<string, string>();
    const forms = { [w.fx.handler.id]: ['FL-6(2)'], [outsider.id]: ['FL-6(1)'] };
    for (const key of new Set(Object.values(STATE_FOR))) {
      const to = key === 'investigating+finding' ? 'investigating' : key === 'notified+appeal' ? 'notified' : key === 'executing-empty' ? 'executing' : key;
      const c = await makeCase(w, { to, subjects, transfer: undefined, drive: { transfer: to === 'to_transfer', forms: key === 'executing-empty' ? { [w.fx.handler.id]: [], [outsider.id]: [] } : forms, compensationFen: { [w.fx.handler.id]: 100 } } } as never);
      if (key === 'investigating+finding') {
        await stepToward(w.ctx, c.caseId, 'findings_submitted', { on: D });
        await stepToward(w.ctx, c.caseId, 'findings_submitted', { on: D });
      }
      if (key === 'notified+appeal') {
        const r = await act('subject', c.caseId, 'file_defence', { subjectPersonId: w.fx.handler.id, kind: 'defence', filedOn: D, statement: '异议' });
        expect(r.statusCode).toBe(200);
        // and a 申诉 not yet sent: refer_appeal is offered only while one waits to be sent (WC-11)
        const a = await act('subject', c.caseId, 'file_defence', { subjectPersonId: w.fx.handler.id, kind: 'appeal', appealBody: 'supervision', filedOn: D, statement: '申诉' });
        expect(a.statusCode, a.body).toBe(200);
      }
      if (key === 'team_appointed' || key.startsWith('investigating')) {
        for (const [u, pid] of sources) {
          await t.deps.db.kysely.insertInto('case_team_members').values({ id: newId(), case_id: c.caseId, user_id: t.userIds[`x_${u}`]!, person_id: pid, lead: 0, appointed_on: D, created_at: D }).execute();
        }
      }
      cases.set(key, c.caseId);
    }
    let checked = 0;
    for (const action of CASE_ACTIONS) {
      const caseId = cases.get(STATE_FOR[action])!;
      for (const [u, pid, reason] of sources) {
        const before = await versionOf(w, caseId);
        const r = await act(`x_${u}`, caseId, action, input(action));
        expect(r.statusCode, `${action} by ${u}: ${r.body}`).toBe(403);
        expect(r.json().error.code, `${action} by ${u}`).toBe('RECUSAL_REQUIRED');
        expect(r.json().error.messageZh).toContain(await nameOf(pid));
        expect(r.json().error.messageZh).toContain(reason);
        expect(await versionOf(w, caseId)).toBe(before);
        checked++;
      }
      // …and the view never offers it to them.
      const v = (await t.as('x_approver', { method: 'GET', url: `/api/v1/cases/${caseId}` })).json();
      expect(v.allowedActions).toEqual([]);
    }
    expect(checked).toBe(CASE_ACTIONS.length * sources.length);
  }, 120_000);
});
