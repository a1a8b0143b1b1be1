// WC-11 申诉 after the case is closed (SECURITY.md, "An appeal (申诉) after closure"): WC-11 gives
// the officer the right to appeal and sets no period for it (按照有关规定), so a closed case
// records one — filed by the subject for himself, or handed in on paper and recorded by a clerk —
// while a 陈述申辩 after closure is refused with its own code. The appeal goes to the outside body
// as any appeal does (refer_appeal, the hand-off letter, execute_supervision_decision): upheld,
// the case stays closed; changed, it leaves `closed`, the change is served before it is executed
// (FL-14 bars and the FL-13 recovery following it) and the case closes again. Over HTTP, both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { addOriginalCaseCompensation } from '../../services/registers';

interface Action {
  action: string;
  labelZh: string;
  labelEn: string;
  blocked?: unknown;
}
interface Item {
  id: string;
  kind: string;
  status: string;
  decisionId: string;
  amountFen: number | null;
}

/** The reporter of the cases makeCase opens (test/factories/cases.ts): never shown to the subject. */
const REPORTER = ['张举报', '13800000000', '鱼洞街道某小区'];

describe.each(engines)('WC-11: an appeal (申诉) after the case is closed (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-12-01T02:00:00.000Z'));
    const sup = await t.addUser('sup', ['supervisor']);
    await t.addUser('sysadmin', ['sysadmin']);
    expect((await t.as('sysadmin', { method: 'PUT', url: `/api/v1/supervision/members/${sup}`, payload: { body: 'supervision', bodyName: '区司法局' } })).statusCode).toBe(200);
  });
  afterEach(async () => t.close());

  const act = async (user: string, id: string, action: string, payload: Record<string, unknown>) =>
    t.as(user, { method: 'POST', url: `/api/v1/cases/${id}/actions/${action}`, payload: { expectedVersion: await versionOf(w, id), backdateReason: '按纸质材料补录', ...payload } });
  const view = async (user: string, id: string) => {
    const r = await t.as(user, { method: 'GET', url: `/api/v1/cases/${id}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const offered = async (user: string, id: string): Promise<Action[]> => (await view(user, id)).allowedActions;
  const items = async (id: string): Promise<Item[]> => (await view('clerk', id)).executionItems;
  const ofKind = async (id: string, kind: string) => (await items(id)).filter((e) => e.kind === kind);
  /** Everything an appeal writes, to compare before and after a refusal. */
  const stored = async (id: string) => {
    const k = t.deps.db.kysely;
    return {
      version: await versionOf(w, id),
      appeals: await k.selectFrom('case_appeals').selectAll().where('case_id', '=', id).orderBy('id').execute(),
      steps: (await k.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_id', '=', id).where('action', 'in', ['case.file_appeal', 'case.file_defence']).executeTakeFirstOrThrow()).n,
    };
  };
  /** A report case about the handler (and `others`), decided, served, executed and closed on 2025-10-10. */
  const closedCase = async (others: string[] = []) => (await makeCase(w, { to: 'closed', subjects: [w.fx.handler.id, ...others], drive: { on: '2025-10-10' } })).caseId;
  const appeal = { filedOn: '2025-11-20', statement: '原处理决定认定事实不清，提出申诉。', appealBody: 'supervision' };
  /** The clerk sends the appeal, the outside body decides, the clerk executes the body's decision. */
  const referAndDecide = async (id: string, appealId: string, decision: Record<string, unknown>) => {
    const referred = await act('clerk', id, 'refer_appeal', { appealId, sentOn: '2025-11-21', letterNo: '巴住建问移〔2025〕21号' });
    expect(referred.statusCode, referred.body).toBe(200);
    expect(referred.json().case.state).toBe('closed');
    const referralId = referred.json().created.id as string;
    const decided = await t.as('sup', { method: 'POST', url: `/api/v1/supervision/referrals/${referralId}/decision`, payload: { decidedOn: '2025-11-24', ...decision } });
    expect(decided.statusCode, decided.body).toBe(200);
    const done = await act('clerk', id, 'execute_supervision_decision', { appealId, executedOn: '2025-11-24' });
    expect(done.statusCode, done.body).toBe(200);
    return done.json().case;
  };

  it('WC-11: an appeal filed by the subject after the case is closed is recorded against the decision about him, kept on the timeline and in the audit; the case stays closed and the reporter never reaches him', async () => {
    const id = await closedCase();
    const before = await view('subject', id);
    expect(before.state).toBe('closed');
    // offered where the web offers the defence, as 申诉 / Appeal — and the defence is not
    expect(before.allowedActions).toEqual([expect.objectContaining({ action: 'file_appeal', labelZh: '申诉', labelEn: 'Appeal', citation: 'WC-11', needs: 'AppealInput' })]);

    const r = await act('subject', id, 'file_appeal', { subjectPersonId: w.fx.handler.id, ...appeal });
    expect(r.statusCode, r.body).toBe(200);
    const v = r.json().case;
    expect(v.state).toBe('closed');
    expect(v.closedOn).toBe('2025-10-10');
    expect(v.appeals).toEqual([expect.objectContaining({ id: r.json().created.id, kind: 'appeal', subjectPersonId: w.fx.handler.id, decisionId: v.decisions[0].id, filedOn: '2025-11-20', appealBody: 'supervision', outcome: 'pending' })]);
    // kept on the case: the timeline (his own step shown as his) and the audit trail
    const timeline = await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/timeline` });
    expect((timeline.json().items as { action: string }[]).map((i) => i.action)).toContain('case.file_appeal');
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', id).where('action', '=', 'case.file_appeal').execute();
    expect(audit).toEqual([{ action: 'case.file_appeal', actor_id: t.userIds.subject }]);
    expect((await view('clerk', id)).appeals).toHaveLength(1);
    // FL-7(7): nothing of the reporter in what the subject is answered or reads
    for (const res of [r, timeline, await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}` })]) for (const secret of REPORTER) expect(res.body).not.toContain(secret);
    // one appeal at a time, as during the case (WC-11)
    const second = await act('subject', id, 'file_appeal', { subjectPersonId: w.fx.handler.id, ...appeal });
    expect(second.statusCode).toBe(422);
    expect(second.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11' } });
  });

  it('WC-11: a clerk records an appeal handed in on paper after closure, with the date it was received (not before the closure, not after today)', async () => {
    const id = await closedCase();
    expect((await offered('clerk', id)).map((a) => a.action)).toContain('file_appeal');
    const early = await act('clerk', id, 'file_appeal', { subjectPersonId: w.fx.handler.id, ...appeal, filedOn: '2025-10-09' });
    expect(early.json().error).toMatchObject({ code: 'DATE_BEFORE_PREVIOUS_STEP', details: { field: 'filedOn' } });
    const future = await act('clerk', id, 'file_appeal', { subjectPersonId: w.fx.handler.id, ...appeal, filedOn: '2025-12-02' });
    expect(future.json().error).toMatchObject({ code: 'DATE_IN_FUTURE', details: { field: 'filedOn' } });
    const r = await act('clerk', id, 'file_appeal', { subjectPersonId: w.fx.handler.id, filedOn: '2025-11-18', statement: '（书面申诉，来信收悉）不服处理决定。', appealBody: 'discipline' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().case.state).toBe('closed');
    expect(r.json().case.appeals).toEqual([expect.objectContaining({ kind: 'appeal', subjectPersonId: w.fx.handler.id, filedOn: '2025-11-18', appealBody: 'discipline', outcome: 'pending' })]);
    const step = await t.deps.db.kysely.selectFrom('case_steps').select(['actor_id', 'from_state', 'to_state']).where('case_id', '=', id).where('action', '=', 'file_appeal').execute();
    expect(step).toEqual([{ actor_id: t.userIds.clerk, from_state: 'closed', to_state: 'closed' }]);
    // the subject reads it as his appeal
    expect((await view('subject', id)).appeals).toEqual([expect.objectContaining({ filedOn: '2025-11-18', outcome: 'pending' })]);
  });

  it('WC-11, FL-5(1): an appeal after closure is refused to someone else — a subject for a co-subject, a clerk who must stand aside, a clerk who is himself a co-subject (his own appeal stays his right); nothing is stored', async () => {
    const other = w.fx.approver1.id;
    const id = await closedCase([other]);
    // a clerk declared the handler's close relative; a clerk who is the co-subject's own account
    await t.addUser('clerk2', ['clerk']);
    const rel = await t.as('clerk', { method: 'POST', url: '/api/v1/relationships', payload: { userId: t.userIds.clerk2, relatedPersonId: w.fx.handler.id, kind: 'close_relative', note: '配偶' } });
    expect(rel.statusCode, rel.body).toBe(201);
    await t.addUser('clerksub', ['clerk', 'subject'], other);
    const base = await stored(id);

    const forOther = await act('subject', id, 'file_appeal', { subjectPersonId: other, ...appeal });
    expect(forOther.statusCode).toBe(403);
    expect(forOther.json().error).toMatchObject({ code: 'TRANSITION_ROLE', details: { citation: 'WC-11' } });
    const relative = await act('clerk2', id, 'file_appeal', { subjectPersonId: w.fx.handler.id, ...appeal });
    expect(relative.statusCode).toBe(403);
    expect(relative.json().error.code).toBe('RECUSAL_REQUIRED');
    expect((await offered('clerk2', id)).map((a) => a.action)).not.toContain('file_appeal');
    const coSubject = await act('clerksub', id, 'file_appeal', { subjectPersonId: w.fx.handler.id, ...appeal });
    expect(coSubject.statusCode, coSubject.body).toBe(403);
    expect(coSubject.json().error.code).toBe('RECUSAL_REQUIRED');
    expect(await stored(id)).toEqual(base);

    const own = await act('clerksub', id, 'file_appeal', { subjectPersonId: other, ...appeal });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().case.appeals).toEqual([expect.objectContaining({ subjectPersonId: other, kind: 'appeal', outcome: 'pending' })]);
  });

  /** The waiting list of a person's queue. */
  const queued = async (user: string): Promise<{ caseId: string; state: string; actions: { action: string; labelZh: string; labelEn: string; citation: string }[] }[]> => {
    const r = await t.as(user, { method: 'GET', url: '/api/v1/queue' });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().waiting;
  };
  /** The bell's step notifications of a case, per user. */
  const told = async (id: string) =>
    (await t.deps.db.kysely.selectFrom('notifications').select(['user_id', 'kind', 'body_zh', 'body_en']).where('case_id', '=', id).where('kind', '=', 'step_waiting').orderBy('created_at').orderBy('id').execute()).map((n) => ({ ...n }));

  it('WC-11: an appeal recorded after closure puts the case in the clerk’s queue as 移送申诉 (appeal to refer) until it is referred; the subject’s queue shows nothing new', async () => {
    const id = await closedCase();
    expect((await queued('clerk')).map((q) => q.caseId)).not.toContain(id);
    const subjectQueue = await queued('subject');
    const appealId = (await act('subject', id, 'file_appeal', { subjectPersonId: w.fx.handler.id, ...appeal })).json().created.id as string;
    // the closed case waits on the clerks of its organisation, for this step alone
    expect((await queued('clerk')).filter((q) => q.caseId === id)).toEqual([
      { caseId: id, number: expect.any(String), state: 'closed', stateLabelZh: '已结案', actions: [{ action: 'refer_appeal', labelZh: '移送申诉至外部监督机关', labelEn: 'Send the appeal to the outside supervisory body', citation: 'WC-11' }] },
    ]);
    // on nobody else's: the leader's, the decision body's, the subject's (he reads his own appeal on the case)
    for (const user of ['leader', 'decider']) expect((await queued(user)).map((q) => q.caseId), user).not.toContain(id);
    expect(await queued('subject')).toEqual(subjectQueue);
    expect((await offered('subject', id)).map((a) => a.action)).toEqual(['file_appeal']);
    // sent: the outside body has it — no longer on the clerk (nor while the body decides)
    const referred = await act('clerk', id, 'refer_appeal', { appealId, sentOn: '2025-11-21', letterNo: '巴住建问移〔2025〕21号' });
    expect(referred.statusCode, referred.body).toBe(200);
    expect((await queued('clerk')).map((q) => q.caseId)).not.toContain(id);
    expect((await offered('clerk', id)).find((a) => a.action === 'refer_appeal')?.blocked).toMatchObject({ citation: 'WC-11' });
  });

  it('WC-11: a 申诉 under execution waits on the clerks to send it, never on the decision body (which reviews only a 陈述申辩); a 陈述申辩 waits on the body', async () => {
    const handler = w.fx.handler.id;
    const executing = (await makeCase(w, { to: 'executing', drive: { on: '2025-10-10' } })).caseId;
    expect((await queued('decider')).map((q) => q.caseId)).not.toContain(executing);
    const filed = await act('subject', executing, 'file_defence', { subjectPersonId: handler, kind: 'appeal', filedOn: '2025-11-20', statement: '原处理决定认定事实不清，提出申诉。', appealBody: 'supervision' });
    expect(filed.statusCode, filed.body).toBe(200);
    // the body cannot decide a 申诉: it is not in its queue, and the step is not offered to it
    expect((await queued('decider')).map((q) => q.caseId)).not.toContain(executing);
    expect((await offered('decider', executing)).find((a) => a.action === 'decide_appeal')?.blocked).toMatchObject({ citation: 'WC-11' });
    expect((await queued('clerk')).find((q) => q.caseId === executing)?.actions.map((a) => a.action)).toContain('refer_appeal');
    // a case served and holding a 陈述申辩 waits on the body to review it
    const notified = (await makeCase(w, { to: 'notified', drive: { on: '2025-11-25' } })).caseId;
    const defence = await act('subject', notified, 'file_defence', { subjectPersonId: handler, kind: 'defence', filedOn: '2025-11-26', statement: '我对认定的事实有异议。' });
    expect(defence.statusCode, defence.body).toBe(200);
    expect((await queued('decider')).find((q) => q.caseId === notified)?.actions.map((a) => a.action)).toEqual(['decide_appeal']);
  });

  it('WC-11, FL-5(1): an appeal recorded after closure is announced to the clerks of the organisation who may refer it — not to the clerk who recorded it, not to a clerk who must stand aside (nor in his queue), not to the subject', async () => {
    const id = await closedCase();
    await t.addUser('clerk2', ['clerk']);
    await t.addUser('clerk3', ['clerk']);
    // clerk2 declared the handler his close relative: he stands aside on the case (FL-5(1))
    const rel = await t.as('clerk', { method: 'POST', url: '/api/v1/relationships', payload: { userId: t.userIds.clerk2, relatedPersonId: w.fx.handler.id, kind: 'close_relative', note: '配偶' } });
    expect(rel.statusCode, rel.body).toBe(201);
    const before = await told(id);

    const byClerk = await act('clerk3', id, 'file_appeal', { subjectPersonId: w.fx.handler.id, filedOn: '2025-11-18', statement: '（书面申诉，来信收悉）不服处理决定。', appealBody: 'discipline' });
    expect(byClerk.statusCode, byClerk.body).toBe(200);
    const now = (await told(id)).slice(before.length);
    expect(now).toEqual([{ user_id: t.userIds.clerk, kind: 'step_waiting', body_zh: '待办步骤：移送申诉至外部监督机关', body_en: 'Step(s): Send the appeal to the outside supervisory body' }]);
    expect((await queued('clerk2')).map((q) => q.caseId)).not.toContain(id);
    expect((await queued('clerk3')).map((q) => q.caseId)).toContain(id);

    // filed by the subject himself on a second closed case: every clerk who may refer it is told, he is not
    const id2 = await closedCase();
    const before2 = await told(id2);
    const subjectBell = async () => (await t.as('subject', { method: 'GET', url: '/api/v1/notifications' })).json().items;
    const bellBefore = await subjectBell();
    expect((await act('subject', id2, 'file_appeal', { subjectPersonId: w.fx.handler.id, ...appeal })).statusCode).toBe(200);
    const now2 = (await told(id2)).slice(before2.length);
    expect(now2.map((n) => n.user_id).sort()).toEqual([t.userIds.clerk, t.userIds.clerk3].sort());
    expect(now2.every((n) => n.body_zh.includes('移送申诉'))).toBe(true);
    expect(await subjectBell()).toEqual(bellBefore);
  });

  it('WC-11: a 陈述申辩 after closure is refused with DEFENCE_PERIOD_OVER (the period to state a defence is over) and is not offered; nothing is stored', async () => {
    const id = await closedCase();
    const base = await stored(id);
    for (const user of ['subject', 'clerk']) {
      const r = await act(user, id, 'file_defence', { subjectPersonId: w.fx.handler.id, kind: 'defence', filedOn: '2025-11-20', statement: '我对认定的事实有异议。' });
      expect(r.statusCode, user).toBe(409);
      expect(r.json().error).toMatchObject({ code: 'DEFENCE_PERIOD_OVER', details: { citation: 'WC-11', action: 'file_defence', state: 'closed' } });
      expect(r.json().error.messageZh).toContain('陈述申辩期已过');
      expect(r.json().error.messageZh).toContain('申诉');
      expect(r.json().error.messageEn).toContain('defence is over');
      for (const a of await offered(user, id)) expect(a.action, user).not.toBe('file_defence');
    }
    expect(await stored(id)).toEqual(base);
  });

  it('WC-11: an appeal after closure is referred to the outside body (the hand-off letter drafted on the closed case) and, upheld, leaves the case closed and shows as answered', async () => {
    const id = await closedCase();
    const appealId = (await act('subject', id, 'file_appeal', { subjectPersonId: w.fx.handler.id, ...appeal })).json().created.id as string;
    expect((await offered('clerk', id)).find((a) => a.action === 'refer_appeal')).toMatchObject({ action: 'refer_appeal' });
    expect((await offered('clerk', id)).find((a) => a.action === 'refer_appeal')?.blocked).toBeUndefined();
    const docs = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${id}/documents` })).json();
    expect(docs.draftableKinds.find((k: { kind: string }) => k.kind === 'appeal_referral_letter')).toMatchObject({ available: true, subjects: [expect.objectContaining({ personId: w.fx.handler.id })] });
    const before = await view('clerk', id);

    const after = await referAndDecide(id, appealId, { outcome: 'upheld', reason: '原处理决定认定事实清楚，维持。' });
    expect(after.state).toBe('closed');
    expect(after.closedOn).toBe('2025-10-10');
    expect(after.decisions).toEqual(before.decisions);
    expect(after.executionItems).toEqual(before.executionItems);
    expect(after.appeals).toEqual([expect.objectContaining({ id: appealId, outcome: 'upheld', outcomeOn: '2025-11-24', referral: expect.objectContaining({ outcome: 'upheld', executedOn: '2025-11-24' }) })]);
    // the subject reads the answer; the year's appeal figures count it as upheld, nothing pending
    expect((await view('subject', id)).appeals).toEqual([expect.objectContaining({ outcome: 'upheld' })]);
    const stats = (await t.as('leader', { method: 'GET', url: '/api/v1/stats?year=2025' })).json();
    expect(stats.tables.find((x: { id: string }) => x.id === 'appeals').rows).toEqual([expect.objectContaining({ key: 'upheld', count: 1 })]);
  });

  it('WC-11: an outside body that changes a closed case’s decision takes it out of `closed` — the change is served before it is executed, FL-14 bars and the FL-13 recovery follow the change — and the case closes again', async () => {
    const handler = w.fx.handler.id;
    // FL-13: ¥5,000 of state compensation paid; the decision recovers it all and moves the handler from his post (FL-6(4))
    await addOriginalCaseCompensation({ ...t.deps, actor: SYSTEM_ACTOR }, w.fx.originalCase.id, { amountFen: 500_000, paidDate: '2025-10-05', decisionNo: '巴南法赔〔2025〕2号' });
    const c = await makeCase(w, { tracks: ['FL', 'WC'], source: 'wc5', to: 'closed', drive: { on: '2025-10-10', forms: { [handler]: ['FL-6(4)'] }, compensationFen: { [handler]: 500_000 } } });
    const id = c.caseId;
    expect(await ofKind(id, 'compensation_recovery')).toEqual([expect.objectContaining({ status: 'done', amountFen: 500_000 })]);
    const bars = async () => (await t.as('leader', { method: 'GET', url: '/api/v1/reports/award-bars?year=2025' })).json().people as { personId: string }[];
    expect((await bars()).map((p) => p.personId)).toEqual([handler]);

    const appealId = (await act('subject', id, 'file_appeal', { subjectPersonId: handler, ...appeal })).json().created.id as string;
    const v = await referAndDecide(id, appealId, { outcome: 'changed', forms: ['FL-6(2)'], compensationFen: 200_000, reason: '调离岗位及追偿数额与过错程度不相当，予以变更。' });
    // out of `closed`: executing, no longer dated closed; the changed decision in force, to be served
    expect(v.state).toBe('executing');
    expect(v.closedOn).toBeNull();
    expect(v.decisions.map((d: { status: string }) => d.status)).toEqual(['superseded', 'in_force']);
    const changed = v.decisions[1].id as string;
    // what the change no longer orders is undone at once: the post restored; the recovery follows the
    // new amount and what was paid above it is to be refunded. The year's bars (FL-14) stand until the
    // changed decision takes effect — no interval without them
    const at = (kind: string) => (v.executionItems as Item[]).filter((e) => e.kind === kind);
    expect(at('post_change').map((e) => e.status)).toEqual(['reversed']);
    expect(at('award_bar_person').map((e) => e.status)).toEqual(['done']);
    expect(at('compensation_recovery')).toEqual([expect.objectContaining({ status: 'done', amountFen: 200_000 })]);
    expect(at('compensation_refund')).toEqual([expect.objectContaining({ status: 'open', amountFen: 300_000 })]);
    expect(at('written_self_examination')).toEqual([]);
    expect((await bars()).map((p) => p.personId)).toEqual([handler]);
    // served before it is executed; the case does not close meanwhile
    const clerkOffer = await offered('clerk', id);
    expect(clerkOffer.find((a) => a.action === 'notify')?.blocked).toBeUndefined();
    expect(clerkOffer.find((a) => a.action === 'start_execution')?.blocked).toMatchObject({ citation: 'WC-11' });
    const unserved = await act('clerk', id, 'start_execution', { startedOn: '2025-11-25' });
    expect(unserved.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11' } });
    expect((await act('clerk', id, 'close', { closedOn: '2025-11-25', summary: '结案。' })).statusCode).toBe(422);
    const served = await act('clerk', id, 'notify', { subjectPersonId: handler, notifiedOn: '2025-11-25', method: 'in_person', defenceWaived: true, waiverNote: '送达回证上本人签署放弃' });
    expect(served.statusCode, served.body).toBe(200);
    expect(served.json().case.state).toBe('executing');
    const started = await act('clerk', id, 'start_execution', { startedOn: '2025-11-25' });
    expect(started.statusCode, started.body).toBe(200);
    // the changed decision's own items; it still holds him accountable in 2025, so the FL-14 bar stands as it was
    const now = started.json().case.executionItems as Item[];
    expect(now.filter((e) => e.kind === 'written_self_examination')).toEqual([expect.objectContaining({ status: 'open', decisionId: changed })]);
    expect(now.filter((e) => e.kind === 'award_bar_person' && e.status === 'done')).toHaveLength(1);
    expect((await bars()).map((p) => p.personId)).toEqual([handler]);
    // executed and closed again
    const exam = now.find((e) => e.kind === 'written_self_examination')!;
    expect((await act('clerk', id, 'complete_execution_item', { itemId: exam.id, doneOn: '2025-11-26', receivedOn: '2025-11-26', attachmentRef: '书面检查原件，存本案卷宗' })).statusCode).toBe(200);
    const refund = now.find((e) => e.kind === 'compensation_refund')!;
    expect((await act('clerk', id, 'complete_execution_item', { itemId: refund.id, doneOn: '2025-11-26', amountFen: 300_000, voucherRef: '退款转账凭证 20251126' })).statusCode).toBe(200);
    const closed = await act('clerk', id, 'close', { closedOn: '2025-11-28', summary: '监督机关变更决定已执行完毕，再次结案。' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().case).toMatchObject({ state: 'closed', closedOn: '2025-11-28' });
    expect(closed.json().case.appeals).toEqual([expect.objectContaining({ id: appealId, outcome: 'changed', newDecisionId: changed })]);
  });

  it('WC-11: an outside body that revokes a closed case’s decision takes it out of `closed` too — the revocation is served (nothing left to execute) before the case closes again', async () => {
    const handler = w.fx.handler.id;
    const id = (await makeCase(w, { to: 'closed', drive: { on: '2025-10-10', forms: { [handler]: ['FL-6(4)'] } } })).caseId;
    const appealId = (await act('subject', id, 'file_appeal', { subjectPersonId: handler, ...appeal })).json().created.id as string;
    const v = await referAndDecide(id, appealId, { outcome: 'revoked', reason: '原认定事实不清，撤销处理决定。' });
    expect(v).toMatchObject({ state: 'executing', closedOn: null });
    expect((v.executionItems as Item[]).filter((e) => e.kind === 'post_change').map((e) => e.status)).toEqual(['reversed']);
    // a revocation is in effect at once: the year's bars (FL-14) are lifted with it
    expect((v.executionItems as Item[]).filter((e) => e.kind === 'award_bar_person').map((e) => e.status)).toEqual(['cancelled']);
    // nothing to execute under a revocation; it is served first
    expect((await offered('clerk', id)).find((a) => a.action === 'start_execution')?.blocked).toMatchObject({ citation: 'WC-11' });
    expect((await act('clerk', id, 'close', { closedOn: '2025-11-25', summary: '结案。' })).json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11' } });
    expect((await act('clerk', id, 'notify', { subjectPersonId: handler, notifiedOn: '2025-11-25', method: 'in_person' })).statusCode).toBe(200);
    const closed = await act('clerk', id, 'close', { closedOn: '2025-11-26', summary: '监督机关撤销原处理决定，已送达，再次结案。' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().case).toMatchObject({ state: 'closed', closedOn: '2025-11-26' });
  });
});
