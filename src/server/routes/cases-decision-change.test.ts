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

  it('WC-11 (APL-45, CSR-48): the decision body’s meeting on a defence does not close on a change heavier than the decision (DECISION_HEAVIER_ON_DEFENCE); it stays open, nothing is stored, and closes once its majority is not heavier', async () => {
    const handler = w.fx.handler.id;
    const c = await makeCase(w, { to: 'notified', drive: { on: '2025-09-01', keepDefencePeriod: true, forms: { [handler]: ['FL-6(2)'] } } });
    const appealId = (await act('subject', c.caseId, 'file_defence', { subjectPersonId: handler, kind: 'defence', filedOn: '2025-09-02', statement: '处理过重，请求从轻。' })).json().created.id as string;
    // the chair's close (through the services, as the meeting page's) is refused
    await expect(holdMeeting(w.ctx, c.caseId, 'appeal', () => ({ outcome: 'changed', forms: ['FL-6(5)'] }), { on: '2025-09-03', appealId })).rejects.toMatchObject({
      code: 'DECISION_HEAVIER_ON_DEFENCE',
      details: { citation: 'WC-11', subjectPersonId: handler, heavier: ['FORMS'], higherLaw: ['APL-45', 'CSR-48'] },
    });
    const meetings = async () => (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/meetings` })).json().items as { id: string; purpose: string; status: string; chairUserId: string; closedAt: string | null; carriedOutByStep: string | null }[];
    const m = (await meetings()).find((x) => x.purpose === 'appeal');
    expect(m).toMatchObject({ status: 'open', closedAt: null, carriedOutByStep: null });
    // and over HTTP, by the chair: refused, nothing changed
    const chair = Object.keys(t.userIds).find((u) => t.userIds[u] === m!.chairUserId)!;
    const audit = async () => (await t.deps.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = { meeting: await t.deps.db.kysely.selectFrom('meetings').selectAll().where('id', '=', m!.id).executeTakeFirstOrThrow(), audit: await audit() };
    const refused = await t.as(chair, { method: 'POST', url: `/api/v1/meetings/${m!.id}/close`, payload: {} });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'DECISION_HEAVIER_ON_DEFENCE', details: { citation: 'WC-11', subjectPersonId: handler } });
    expect(refused.json().error.messageZh).toContain('不得加重');
    expect(await t.deps.db.kysely.selectFrom('meetings').selectAll().where('id', '=', m!.id).executeTakeFirstOrThrow()).toEqual(before.meeting);
    expect(await audit()).toBe(before.audit);
    // the members change their opinions to a lighter form; the chair closes; the step carries it out
    for (const u of ['decider', 'decider2', 'decider3']) {
      const r = await t.as(u, { method: 'POST', url: `/api/v1/meetings/${m!.id}/opinions`, payload: { userId: t.userIds[u], outcome: 'changed', forms: ['FL-6(1)'] } });
      expect(r.statusCode, r.body).toBe(200);
    }
    const closed = await t.as(chair, { method: 'POST', url: `/api/v1/meetings/${m!.id}/close`, payload: {} });
    expect(closed.statusCode, closed.body).toBe(200);
    const out = await act('decider', c.caseId, 'decide_appeal', { meetingId: m!.id, appealId, outcome: 'changed', forms: ['FL-6(1)'], decidedOn: '2025-09-03', reason: '复核会议认为情节较轻，予以变更。', departureReason: '复核会议认为情节较轻。' });
    expect(out.statusCode, out.body).toBe(200);
  });

  it('WC-11 (APL-45, CSR-48): a heavier change on the subject’s own defence is still refused by the step that would carry it out (a meeting closed on it before the close refused it); nothing is stored', async () => {
    const handler = w.fx.handler.id;
    const c = await makeCase(w, { to: 'notified', drive: { on: '2025-09-01', keepDefencePeriod: true, forms: { [handler]: ['FL-6(1)'] } } });
    const appealId = (await act('subject', c.caseId, 'file_defence', { subjectPersonId: handler, kind: 'defence', filedOn: '2025-09-02', statement: '处理过重，请求从轻。' })).json().created.id as string;
    const meetingId = await holdMeeting(w.ctx, c.caseId, 'appeal', () => ({ outcome: 'changed', forms: ['FL-6(1)'] }), { on: '2025-09-03', appealId });
    // as stored by a meeting closed before the close was checked: its majority a heavier form
    const k = t.deps.db.kysely;
    const row = await k.selectFrom('meetings').select('result_json').where('id', '=', meetingId).executeTakeFirstOrThrow();
    await k.updateTable('meetings').set({ result_json: row.result_json!.replaceAll('changed:FL-6(1)', 'changed:FL-6(5)') }).where('id', '=', meetingId).execute();
    const heavier = await act('decider', c.caseId, 'decide_appeal', { meetingId, appealId, outcome: 'changed', forms: ['FL-6(5)'], decidedOn: '2025-09-03', reason: '复核会议认为情节较重。', departureReason: '复核会议认为情节较重。' });
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
    // FL-14: the year's bars, kept through the change (the changed decision still holds him accountable), once
    expect(after.filter((e) => e.kind === 'award_bar_person' && e.status === 'done')).toEqual([expect.objectContaining({ decisionId: v.decisions[0].id })]);
    expect((await offered(c.caseId, 'start_execution'))?.blocked).toMatchObject({ citation: 'WC-11' });
  });

  /** Every reader of the year's bars (FL-14, FL-11): the report, the statistics with their drill, the officer's profile, the case's items. */
  const barsOf = async (caseId: string, year: number) => {
    const handler = w.fx.handler.id;
    const report = (await t.as('leader', { method: 'GET', url: `/api/v1/reports/award-bars?year=${year}` })).json();
    const stats = (await t.as('leader', { method: 'GET', url: `/api/v1/stats?year=${year}` })).json();
    const counted = (key: string) => (stats.tables.find((x: { id: string }) => x.id === 'awardBars').rows as { key: string; count: number }[]).find((r) => r.key === key)?.count ?? 0;
    const drilled = await t.as('leader', { method: 'GET', url: `/api/v1/stats/drill?year=${year}&table=awardBars&key=${encodeURIComponent(`${w.fx.unit.id}|award_bar_person`)}` });
    const drill = drilled.statusCode === 404 ? { items: [] } : drilled.json();
    const profile = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${handler}/profile` })).json();
    const items = (await view('clerk', caseId)).executionItems as { id: string; kind: string; status: string; year: number | null; decisionId: string; result: Record<string, unknown> | null }[];
    const person = (report.people as { personId: string; awards: boolean; promotion: boolean; assessment?: boolean }[]).find((p) => p.personId === handler);
    return {
      person: person ? { awards: person.awards, promotion: person.promotion, assessment: person.assessment ?? false } : null,
      unit: (report.units as { unitId: string }[]).some((u) => u.unitId === w.fx.unit.id),
      stats: { person: counted(`${w.fx.unit.id}|award_bar_person`), unit: counted(`${w.fx.unit.id}|award_bar_unit`) },
      drill: (drill.items as { caseId: string }[]).filter((d) => d.caseId === caseId).length,
      profile: (profile.awardBars as { caseId: string; year: number; status: string }[]).filter((b) => b.caseId === caseId && b.status === 'done').map((b) => b.year),
      items,
      live: (kind: string) => items.filter((e) => e.kind === kind && e.status === 'done'),
    };
  };

  it('FL-14: a subject whose decision is changed during execution stays barred from the year’s awards until the changed decision takes effect, and then as it orders', async () => {
    const handler = w.fx.handler.id;
    const c = await makeCase(w, { to: 'executing', drive: { on: '2025-09-01', forms: { [handler]: ['FL-6(4)'] } } });
    const first = await barsOf(c.caseId, 2025);
    expect(first).toMatchObject({ person: { awards: true }, unit: true, stats: { person: 1, unit: 1 }, drill: 1, profile: [2025] });
    const barIds = ['award_bar_person', 'award_bar_unit'].map((k) => first.live(k).map((e) => e.id));
    // the change on his defence (2025-09-03): he is barred all along, by every reader
    expect((await changeOnDefence(c.caseId, handler, 'subject', { outcome: 'changed', forms: ['FL-6(2)'] }, { filed: '2025-09-02', decided: '2025-09-03' })).statusCode).toBe(200);
    const changed = await barsOf(c.caseId, 2025);
    expect(changed).toMatchObject({ person: { awards: true }, unit: true, stats: { person: 1, unit: 1 }, drill: 1, profile: [2025] });
    expect(['award_bar_person', 'award_bar_unit'].map((k) => changed.live(k).map((e) => e.id))).toEqual(barIds);
    // served (2025-09-04), its period running: still barred
    expect((await act('clerk', c.caseId, 'notify', { subjectPersonId: handler, notifiedOn: '2025-09-04', method: 'in_person' })).statusCode).toBe(200);
    expect(await barsOf(c.caseId, 2025)).toMatchObject({ person: { awards: true }, unit: true, stats: { person: 1, unit: 1 }, drill: 1, profile: [2025] });
    // the changed decision takes effect (2025-09-12): it still holds him accountable on the fault track, so the same bars stand, once
    expect((await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-12' })).statusCode).toBe(200);
    const started = await barsOf(c.caseId, 2025);
    expect(started).toMatchObject({ person: { awards: true }, unit: true, stats: { person: 1, unit: 1 }, drill: 1, profile: [2025] });
    expect(['award_bar_person', 'award_bar_unit'].map((k) => started.live(k).map((e) => e.id))).toEqual(barIds);
  });

  it('FL-11, FL-14: the year’s bars the changed decision no longer orders are lifted on the day it takes effect, not at the change; those it still orders stay', async () => {
    const handler = w.fx.handler.id;
    const c = await makeCase(w, { to: 'executing', drive: { on: '2025-09-01', forms: { [handler]: ['FL-11'] } } });
    expect(await barsOf(c.caseId, 2025)).toMatchObject({ person: { awards: true, promotion: true, assessment: true }, unit: true });
    expect((await changeOnDefence(c.caseId, handler, 'subject', { outcome: 'changed', forms: ['FL-6(2)'] }, { filed: '2025-09-02', decided: '2025-09-03' })).statusCode).toBe(200);
    // between the change and its start: 年度不予考核、延期晋职晋级 and the award bars all stand
    const changed = await barsOf(c.caseId, 2025);
    expect(changed.person).toEqual({ awards: true, promotion: true, assessment: true });
    expect(changed.live('assessment_bar_person')).toHaveLength(1);
    expect(changed.live('promotion_delay_person')).toHaveLength(1);
    expect((await act('clerk', c.caseId, 'notify', { subjectPersonId: handler, notifiedOn: '2025-09-04', method: 'in_person', defenceWaived: true, waiverNote: '送达回证上本人签署放弃' })).statusCode).toBe(200);
    expect((await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-05' })).statusCode).toBe(200);
    const started = await barsOf(c.caseId, 2025);
    // FL-11's bars end that day, recorded on the item; FL-14's stay (still held accountable)
    expect(started.person).toEqual({ awards: true, promotion: false, assessment: false });
    expect(started).toMatchObject({ unit: true, stats: { person: 1, unit: 1 }, drill: 1, profile: [2025] });
    for (const kind of ['assessment_bar_person', 'promotion_delay_person']) {
      expect(started.live(kind)).toEqual([]);
      expect(started.items.find((e) => e.kind === kind)).toMatchObject({ status: 'cancelled', result: { cancelled: { on: '2025-09-05' } } });
    }
    expect(started.live('award_bar_person')).toHaveLength(1);
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
