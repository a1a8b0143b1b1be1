// WC-11 (red-team walk, process finding 1): a decision changed on a defence (陈述申辩) or appeal
// (申诉) is served on the subject it changes before it is executed — the case goes back to be
// served, the period to state a defence runs from that service, a change during execution is
// executed only after it; a change on the subject's own defence is never heavier (APL-45, CSR-48);
// with several subjects, the others' service stands. Through HTTP, both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { holdMeeting } from '../../services/cases';

describe.each(engines)('WC-11: a changed decision is served before it is executed (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-30T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const act = async (user: string, id: string, action: string, payload: Record<string, unknown>) =>
    t.as(user, { method: 'POST', url: `/api/v1/cases/${id}/actions/${action}`, payload: { expectedVersion: await versionOf(w, id), backdateReason: '按书面记录补录', ...payload } });
  const view = async (user: string, id: string) => (await t.as(user, { method: 'GET', url: `/api/v1/cases/${id}` })).json();
  const offered = async (id: string, action: string) => (await view('clerk', id)).allowedActions.find((a: { action: string }) => a.action === action);
  /** The subject states a defence, the body meets and the step carries out its result (WC-11, FL-15). */
  const changeOnDefence = async (id: string, subjectPersonId: string, user: string, opinion: Record<string, unknown>, on: { filed: string; decided: string }) => {
    const appealId = (await act(user, id, 'file_defence', { subjectPersonId, kind: 'defence', filedOn: on.filed, statement: '处理过重，请求从轻。' })).json().created.id as string;
    const meetingId = await holdMeeting(w.ctx, id, 'appeal', () => opinion, { on: on.decided, appealId });
    return act('decider', id, 'decide_appeal', { meetingId, appealId, decidedOn: on.decided, reason: '复核会议认为情节较轻，予以变更。', departureReason: '复核会议认为情节较轻。', ...opinion });
  };

  it('WC-11: a decision changed on a defence sends the case back to be served; execution waits for that service and for the period running from it, not from the first service', async () => {
    const handler = w.fx.handler.id;
    // served on Monday 2025-09-01 without a waiver: the first period ran to 2025-09-08
    const c = await makeCase(w, { to: 'notified', drive: { on: '2025-09-01', keepDefencePeriod: true, forms: { [handler]: ['FL-6(3)'] } } });
    const out = await changeOnDefence(c.caseId, handler, 'subject', { outcome: 'changed', forms: ['FL-6(2)'] }, { filed: '2025-09-02', decided: '2025-09-03' });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().case.state).toBe('decided');
    // the changed decision is served (the step is offered), and execution is not
    expect(await offered(c.caseId, 'notify')).toBeTruthy();
    expect(await offered(c.caseId, 'start_execution')).toBeUndefined();
    const early = await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-10' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('TRANSITION_NOT_ALLOWED');
    // served on Thursday 2025-09-04: 5 working days run to Thursday 2025-09-11
    const served = await act('clerk', c.caseId, 'notify', { subjectPersonId: handler, notifiedOn: '2025-09-04', method: 'in_person' });
    expect(served.statusCode, served.body).toBe(200);
    const v = served.json().case;
    expect(v.state).toBe('notified');
    expect(v.notifications.map((n: { decisionId: string }) => n.decisionId)).toEqual([v.decisions[0].id, v.decisions[1].id]);
    // the same decision is not served twice
    expect((await act('clerk', c.caseId, 'notify', { subjectPersonId: handler, notifiedOn: '2025-09-05', method: 'in_person' })).statusCode).toBe(422);
    const held = await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-10' });
    expect(held.statusCode).toBe(422);
    expect(held.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11', dueDate: '2025-09-11' } });
    expect((await view('clerk', c.caseId)).executionItems).toEqual([]);
    const started = await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-12' });
    expect(started.statusCode, started.body).toBe(200);
    const items = started.json().case.executionItems as { kind: string; decisionId: string }[];
    expect(items.map((e) => e.kind)).toContain('written_self_examination');
    expect(items.map((e) => e.kind)).not.toContain('certificate_suspension');
    expect(new Set(items.map((e) => e.decisionId))).toEqual(new Set([v.decisions[1].id]));
  });

  it('WC-11 (APL-45, CSR-48): a change on the subject’s own defence heavier than the decision it changes is refused (DECISION_HEAVIER_ON_DEFENCE); nothing is stored', async () => {
    const handler = w.fx.handler.id;
    const c = await makeCase(w, { to: 'notified', drive: { on: '2025-09-01', keepDefencePeriod: true, forms: { [handler]: ['FL-6(1)'] } } });
    const heavier = await changeOnDefence(c.caseId, handler, 'subject', { outcome: 'changed', forms: ['FL-6(5)'] }, { filed: '2025-09-02', decided: '2025-09-03' });
    expect(heavier.statusCode).toBe(422);
    expect(heavier.json().error).toMatchObject({ code: 'DECISION_HEAVIER_ON_DEFENCE', details: { citation: 'WC-11', subjectPersonId: handler, heavier: ['FORMS'], higherLaw: ['APL-45', 'CSR-48'] } });
    expect(heavier.json().error.messageZh).toContain('不得加重');
    expect(heavier.json().error.messageZh).toContain('行政处罚法');
    const v = await view('clerk', c.caseId);
    expect(v.state).toBe('notified');
    expect(v.decisions).toHaveLength(1);
    expect(v.appeals[0].outcome).toBe('pending');
  });

  it('WC-11: a change during execution is executed only after it is served — at the change only what it no longer orders ends, nothing new is created, the case does not close; once served and the period run, its items are created', async () => {
    const handler = w.fx.handler.id;
    const c = await makeCase(w, { to: 'executing', drive: { on: '2025-09-01', forms: { [handler]: ['FL-6(4)'] } } });
    const out = await changeOnDefence(c.caseId, handler, 'subject', { outcome: 'changed', forms: ['FL-6(2)'] }, { filed: '2025-09-02', decided: '2025-09-03' });
    expect(out.statusCode, out.body).toBe(200);
    const v = out.json().case;
    expect(v.state).toBe('executing');
    // what the change no longer orders is ended at once (in the subject's favour); nothing new yet
    expect(v.executionItems.find((e: { kind: string }) => e.kind === 'post_change').status).toBe('cancelled');
    expect(v.executionItems.filter((e: { status: string }) => e.status === 'open')).toEqual([]);
    expect(v.executionItems.find((e: { kind: string }) => e.kind === 'written_self_examination')).toBeUndefined();
    // the case neither closes nor executes the change before it is served
    expect((await act('clerk', c.caseId, 'close', { closedOn: '2025-09-04', summary: 'x' })).json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11' } });
    expect((await offered(c.caseId, 'start_execution')).blocked).toMatchObject({ citation: 'WC-11' });
    expect(await offered(c.caseId, 'notify')).toBeTruthy();
    // served on Thursday 2025-09-04 without a waiver: the period runs to 2025-09-11
    expect((await act('clerk', c.caseId, 'notify', { subjectPersonId: handler, notifiedOn: '2025-09-04', method: 'in_person' })).json().case.state).toBe('executing');
    const held = await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-05' });
    expect(held.statusCode).toBe(422);
    expect(held.json().error.details).toMatchObject({ citation: 'WC-11', dueDate: '2025-09-11' });
    expect((await act('clerk', c.caseId, 'close', { closedOn: '2025-09-05', summary: 'x' })).json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11' } });
    const started = await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-12' });
    expect(started.statusCode, started.body).toBe(200);
    const after = started.json().case.executionItems as { kind: string; status: string; decisionId: string }[];
    expect(after.filter((e) => e.kind === 'written_self_examination')).toEqual([expect.objectContaining({ status: 'open', decisionId: v.decisions[1].id })]);
    // FL-14: the year's bars, lifted at the change, stand again under the changed decision, once
    expect(after.filter((e) => e.kind === 'award_bar_person' && e.status === 'done')).toEqual([expect.objectContaining({ decisionId: v.decisions[1].id })]);
    expect((await offered(c.caseId, 'start_execution'))?.blocked).toMatchObject({ citation: 'WC-11' });
  });

  it('WC-11: with several subjects, a change for one leaves the others’ service as it was; the case moves on only when each has been served the decision in force', async () => {
    const handler = w.fx.handler.id;
    const other = w.fx.approver1.id;
    // decided, both served with a written waiver on 2025-09-01
    const c = await makeCase(w, { to: 'notified', subjects: [handler, other], drive: { on: '2025-09-01', forms: { [handler]: ['FL-6(3)'], [other]: ['FL-6(2)'] } } });
    const out = await changeOnDefence(c.caseId, handler, 'subject', { outcome: 'changed', forms: ['FL-6(1)'] }, { filed: '2025-09-02', decided: '2025-09-03' });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().case.state).toBe('decided');
    // the other subject's service stands: only the changed subject is to be served
    const again = await act('clerk', c.caseId, 'notify', { subjectPersonId: other, notifiedOn: '2025-09-04', method: 'in_person' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details.fields[0].path).toBe('subjectPersonId');
    const served = await act('clerk', c.caseId, 'notify', { subjectPersonId: handler, notifiedOn: '2025-09-04', method: 'in_person', defenceWaived: true, waiverNote: '送达回证上本人签署放弃' });
    expect(served.json().case.state).toBe('notified');
    const started = await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-04' });
    expect(started.statusCode, started.body).toBe(200);
    const items = started.json().case.executionItems as { kind: string; subjectPersonId: string }[];
    expect(items.filter((e) => e.subjectPersonId === handler).map((e) => e.kind)).toContain('criticism_education');
    expect(items.filter((e) => e.subjectPersonId === other).map((e) => e.kind)).toContain('written_self_examination');
  });
});
