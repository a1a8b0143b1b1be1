import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { driveCaseTo, holdMeeting } from '../../services/cases';
import { addOriginalCaseCompensation, getCertificate } from '../../services/registers';

describe.each(engines)('decision, notice, appeal and execution (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-30T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const act = async (user: string, id: string, action: string, payload: Record<string, unknown>) =>
    t.as(user, { method: 'POST', url: `/api/v1/cases/${id}/actions/${action}`, payload: { expectedVersion: await versionOf(w, id), backdateReason: '按书面记录补录', ...payload } });
  /** A real meeting of the three deciders, each confirming the same opinion (FL-15). */
  const decisionMeeting = (caseId: string, items: { subjectPersonId: string; forms: string[]; noAccountability?: boolean }[], on = '2025-09-10') =>
    holdMeeting(w.ctx, caseId, 'decision', () => ({ items: items.map((x) => ({ noAccountability: false, ...x })), remark: '同意调查组意见' }), { on });
  const appealMeeting = (caseId: string, appealId: string, opinion: Record<string, unknown>, on = '2025-09-20') => holdMeeting(w.ctx, caseId, 'appeal', () => opinion, { on, appealId });

  it('FL-5(4) / FL-15: the decision records the meeting (chair, attendees, opinions) and a form per subject; WC-11 notices state the rights', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    const meetingId = await decisionMeeting(c.caseId, [{ subjectPersonId: w.fx.handler.id, forms: ['FL-6(2)'] }]);
    const r = await act('decider', c.caseId, 'decide', { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: ['FL-6(2)'] }] });
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json().case.decisions[0];
    expect(d).toMatchObject({ status: 'in_force', decidedOn: '2025-09-10', meeting: { meetingId, chair: 'decider', attendees: [expect.objectContaining({ name: 'decider', confirmed: true }), expect.objectContaining({ name: 'decider2' }), expect.objectContaining({ name: 'decider3' })] } });
    expect(d.items[0]).toMatchObject({ subjectPersonId: w.fx.handler.id, forms: ['FL-6(2)'], noAccountability: false });
    // FL-5(4): the decision record shows the scope and channel of publication it set
    expect(d.publication).toEqual({ scope: 'commission', channel: '委内会议通报' });
    const n = await act('clerk', c.caseId, 'notify', { subjectPersonId: w.fx.handler.id, notifiedOn: '2025-09-11', method: 'in_person' });
    expect(n.json().case.state).toBe('notified');
    expect(n.json().case.notifications[0].rightsText).toContain('陈述和申辩');
    expect(n.json().case.notifications[0].rightsText).toContain('申诉');
    // The subject sees their own decision item and notice, not the meeting's opinions.
    const mine = (await t.as('subject', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json();
    expect(mine.decisions[0].items[0].forms).toEqual(['FL-6(2)']);
    expect(mine.decisions[0].meeting).toBeNull();
    expect(mine.decisions[0].publication).toEqual({ scope: 'commission', channel: '委内会议通报' });
  });

  it('a decision of no accountability for a subject is possible, and the case then closes without execution items', async () => {
    const c = await makeCase(w, { to: 'closed', drive: { forms: { [w.fx.handler.id]: [] } } });
    const v = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json();
    expect(v.state).toBe('closed');
    expect(v.decisions[0].items[0]).toMatchObject({ noAccountability: true, forms: [] });
    expect(v.executionItems).toEqual([]);
  });

  it('the decision must cover every subject with a finding, once', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    const meetingId = await decisionMeeting(c.caseId, [{ subjectPersonId: w.fx.handler.id, forms: ['FL-6(1)'] }]);
    const r = await act('decider', c.caseId, 'decide', { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId, items: [{ subjectPersonId: w.fx.approver1.id, forms: ['FL-6(1)'] }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.fields[0].path).toBe('items.0.subjectPersonId');
  });

  it('WC-11: a defence whose outcome changes the decision creates a new decision that supersedes the old one; both are kept', async () => {
    const c = await makeCase(w, { to: 'notified', drive: { forms: { [w.fx.handler.id]: ['FL-6(3)'] } } });
    const appeal = await act('subject', c.caseId, 'file_defence', { subjectPersonId: w.fx.handler.id, kind: 'defence', filedOn: '2025-09-12', statement: '处理过重，请求变更。' });
    expect(appeal.statusCode).toBe(200);
    const appealId = appeal.json().created.id;
    // A subject cannot decide their own appeal.
    const meetingId = await appealMeeting(c.caseId, appealId, { outcome: 'changed', forms: ['FL-6(1)'] });
    expect((await act('subject', c.caseId, 'decide_appeal', { meetingId, appealId, outcome: 'changed', decidedOn: '2025-09-20', reason: 'x', forms: ['FL-6(1)'] })).statusCode).toBe(403);
    // The step must carry out what the meeting decided.
    const other = await act('decider', c.caseId, 'decide_appeal', { meetingId, appealId, outcome: 'upheld', decidedOn: '2025-09-20', reason: 'x' });
    expect(other.json().error.code).toBe('MEETING_RESULT_MISMATCH');
    const out = await act('decider', c.caseId, 'decide_appeal', { meetingId, appealId, outcome: 'changed', decidedOn: '2025-09-20', reason: '情节较轻，变更为批评教育', forms: ['FL-6(1)'], departureReason: '申诉复核会议认为情节较轻。' });
    expect(out.statusCode, out.body).toBe(200);
    const v = out.json().case;
    expect(v.decisions).toHaveLength(2);
    expect(v.decisions[0]).toMatchObject({ seq: 1, status: 'superseded' });
    expect(v.decisions[0].items[0].forms).toEqual(['FL-6(3)']);
    expect(v.decisions[1]).toMatchObject({ seq: 2, status: 'in_force', origin: 'appeal', supersedesId: v.decisions[0].id });
    expect(v.decisions[1].items[0].forms).toEqual(['FL-6(1)']);
    // FL-5(4): the changed decision sets no scope of publication of its own (the first one's stands)
    expect(v.decisions[0].publication).toMatchObject({ scope: expect.any(String) });
    expect(v.decisions[1].publication).toBeNull();
    expect(v.appeals[0]).toMatchObject({ outcome: 'changed', newDecisionId: v.decisions[1].id, outcomeOn: '2025-09-20' });
    // Deciding the same appeal twice is refused.
    const twice = await act('decider', c.caseId, 'decide_appeal', { meetingId, appealId, outcome: 'upheld', decidedOn: '2025-09-21', reason: 'x' });
    expect(twice.statusCode).toBe(422);
    // WC-11: the changed decision goes back to be served on the subject it changes
    expect(v.state).toBe('decided');
    expect((await act('clerk', c.caseId, 'notify', { subjectPersonId: w.fx.handler.id, notifiedOn: '2025-09-21', method: 'in_person' })).json().case.state).toBe('notified');
    // A subject may not appeal on someone else's behalf.
    const forOther = await act('subject', c.caseId, 'file_defence', { subjectPersonId: w.fx.approver1.id, kind: 'defence', filedOn: '2025-09-22', statement: 'x' });
    expect(forOther.statusCode).toBe(403);
  });

  describe('WC-11: execution waits for the subject’s period to state a defence', () => {
    // served on Monday 2025-09-01: 5 working days (pack defencePeriod) run to Monday 2025-09-08
    const served = (over: Record<string, unknown> = {}) => makeCase(w, { to: 'notified', drive: { on: '2025-09-01', keepDefencePeriod: true, ...over } });
    const items = async (caseId: string) => Number((await t.deps.db.kysely.selectFrom('case_execution_items').select((eb) => eb.fn.countAll().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n);

    it('WC-11: execution does not start while the period runs (5 working days from service, pack defencePeriod) — refused with the due date, nothing stored; it starts after', async () => {
      const c = await served();
      // read while the period runs: the step is offered greyed out, with the reason and the due date
      t.clock.set('2025-09-03T02:00:00.000Z');
      const offered = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json().allowedActions.find((a: { action: string }) => a.action === 'start_execution');
      expect(offered.blocked).toMatchObject({ citation: 'WC-11', zh: expect.stringContaining('至 2025-09-08 届满') });
      t.clock.set('2025-09-30T02:00:00.000Z');
      const early = await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-08' });
      expect(early.statusCode).toBe(422);
      expect(early.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11', dueDate: '2025-09-08' } });
      expect(early.json().error.messageZh).toContain('2025-09-08');
      expect(await items(c.caseId)).toBe(0);
      expect((await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-09' })).statusCode).toBe(200);
    });

    it('WC-11: a waiver written at service lets execution start at once; the waiver must say where it is written', async () => {
      const c = await makeCase(w, { to: 'decided', drive: { on: '2025-09-01' } });
      const bare = await act('clerk', c.caseId, 'notify', { subjectPersonId: w.fx.handler.id, notifiedOn: '2025-09-01', method: 'in_person', defenceWaived: true });
      expect(bare.statusCode).toBe(400);
      expect(bare.json().error.details.fields[0].path).toBe('waiverNote');
      expect((await act('clerk', c.caseId, 'notify', { subjectPersonId: w.fx.handler.id, notifiedOn: '2025-09-01', method: 'in_person', defenceWaived: true, waiverNote: '送达回证上本人签署放弃' })).statusCode).toBe(200);
      expect((await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-01' })).statusCode).toBe(200);
    });

    it('WC-11: a waiver signed at service reads on the subject’s own page in place of the deadline, and on the clerk’s service record; without one the subject reads the deadline', async () => {
      const view = async (user: string, id: string) => (await t.as(user, { method: 'GET', url: `/api/v1/cases/${id}` })).json();
      const c = await makeCase(w, { to: 'decided', drive: { on: '2025-09-01' } });
      expect((await act('clerk', c.caseId, 'notify', { subjectPersonId: w.fx.handler.id, notifiedOn: '2025-09-01', method: 'in_person', defenceWaived: true, waiverNote: '送达回证上本人签署放弃' })).statusCode).toBe(200);
      expect((await view('subject', c.caseId)).respondBy).toMatchObject({ notifiedOn: '2025-09-01', waived: true, waiverNote: '送达回证上本人签署放弃', citation: 'WC-11' });
      expect((await view('clerk', c.caseId)).notifications).toEqual([expect.objectContaining({ subjectPersonId: w.fx.handler.id, defenceWaived: true, waiverNote: '送达回证上本人签署放弃' })]);
      const other = await served();
      expect((await view('subject', other.caseId)).respondBy).toMatchObject({ notifiedOn: '2025-09-01', dueDate: '2025-09-08', waived: false, waiverNote: null });
      expect((await view('clerk', other.caseId)).notifications).toEqual([expect.objectContaining({ defenceWaived: false, waiverNote: null })]);
    });

    it('WC-11: a defence stated holds execution until it is reviewed; once reviewed, execution need not wait for the period’s end', async () => {
      const c = await served();
      const filed = await act('subject', c.caseId, 'file_defence', { subjectPersonId: w.fx.handler.id, kind: 'defence', filedOn: '2025-09-02', statement: '事实认定有误，请求复核。' });
      const appealId = filed.json().created.id;
      const pending = await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-03' });
      expect(pending.statusCode).toBe(422);
      expect(pending.json().error.messageZh).toContain('陈述申辩尚未复核');
      const meetingId = await appealMeeting(c.caseId, appealId, { outcome: 'upheld' }, '2025-09-03');
      expect((await act('decider', c.caseId, 'decide_appeal', { meetingId, appealId, outcome: 'upheld', decidedOn: '2025-09-03', reason: '申辩理由不成立，维持原决定。' })).statusCode).toBe(200);
      expect((await act('clerk', c.caseId, 'start_execution', { startedOn: '2025-09-04' })).statusCode).toBe(200);
    });
  });

  it('FL-14: the unit barred that year is the one the person belonged to when the decision was made — a register edit before execution does not move the bar', async () => {
    const handler = w.fx.handler.id;
    const c = await makeCase(w, { to: 'notified', drive: { forms: { [handler]: ['FL-6(2)'] } } });
    const unit = await t.as('clerk', { method: 'POST', url: '/api/v1/units', payload: { name: '办公室', shortCode: 'BGS', kind: 'section', parentId: (await t.deps.db.kysely.selectFrom('units').select('parent_id').where('id', '=', w.fx.unit.id).executeTakeFirstOrThrow()).parent_id ?? w.fx.unit.id } });
    expect(unit.statusCode, unit.body).toBe(201);
    const person = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${handler}` })).json();
    const moved = await t.as('clerk', { method: 'PATCH', url: `/api/v1/people/${handler}`, payload: { unitId: unit.json().id, version: person.version } });
    expect(moved.statusCode, moved.body).toBe(200);
    await driveCaseTo(w.ctx, c.caseId, 'executing');
    const v = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json();
    expect(v.executionItems.find((e: { kind: string }) => e.kind === 'award_bar_unit')).toMatchObject({ citation: 'FL-14', unitId: w.fx.unit.id });
  });

  it('WC-10(4): execution suspends the enforcement certificate — the register history names the case; FL-13 recovery is tracked to payment; FL-14 bars the person and unit for the year', async () => {
    const handler = w.fx.handler.id;
    // FL-13: recovery is of the state compensation paid, never more in total (issue 10).
    await addOriginalCaseCompensation({ ...t.deps, actor: SYSTEM_ACTOR }, w.fx.originalCase.id, { amountFen: 500_000, paidDate: '2025-08-01', decisionNo: '巴南法赔〔2025〕2号' });
    const c = await makeCase(w, { tracks: ['FL', 'WC'], source: 'wc5', to: 'executing', drive: { on: '2025-09-10', forms: { [handler]: ['WC-10(4)', 'FL-6(2)'] }, compensationFen: { [handler]: 500_000 } } });
    let v = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json();
    const byKind = (k: string) => v.executionItems.find((e: { kind: string }) => e.kind === k);
    expect(byKind('certificate_suspension')).toMatchObject({ citation: 'WC-10(4)', status: 'open' });
    expect(byKind('award_bar_person')).toMatchObject({ citation: 'FL-14', year: 2025, status: 'done' });
    expect(byKind('award_bar_unit')).toMatchObject({ citation: 'FL-14', year: 2025, unitId: w.fx.unit.id, status: 'done' });
    expect(byKind('compensation_recovery')).toMatchObject({ citation: 'FL-13', amountFen: 500_000, status: 'open' });
    expect(byKind('written_self_examination')).toMatchObject({ citation: 'FL-6(2)', status: 'open' });
    // Closing now is refused: FL-13 recovery is still open.
    const early = await act('clerk', c.caseId, 'close', { closedOn: '2025-09-30', summary: 'x' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.details.citation).toBe('FL-13');

    // a suspension starts on or after the decision: a period before it is refused
    const before = await act('clerk', c.caseId, 'complete_execution_item', { itemId: byKind('certificate_suspension').id, doneOn: '2025-09-15', suspendFrom: '2025-06-01', suspendTo: '2025-06-01' });
    expect(before.statusCode).toBe(400);
    expect(before.json().error.messageZh).toContain('暂扣起始日期不得早于处理决定日期');
    const susp = await act('clerk', c.caseId, 'complete_execution_item', { itemId: byKind('certificate_suspension').id, doneOn: '2025-09-15', suspendTo: '2025-10-14' });
    expect(susp.statusCode).toBe(200);
    const cert = (await t.deps.db.kysely.selectFrom('enforcement_certificates').select('id').where('person_id', '=', handler).executeTakeFirstOrThrow()).id;
    const detail = await getCertificate({ ...t.deps, actor: SYSTEM_ACTOR }, cert);
    expect(detail.history.at(-2)).toMatchObject({ toStatus: 'suspended', effectiveDate: '2025-09-15', caseId: c.caseId, reference: c.number });
    expect(detail.history.at(-1)).toMatchObject({ toStatus: 'valid', effectiveDate: '2025-10-15', caseId: c.caseId });
    // WC-10(4): while the suspension runs, no new certificate is registered for the holder (it would undo it by hand)
    const fresh = await t.as('clerk', { method: 'POST', url: '/api/v1/certificates', payload: { personId: handler, number: '渝执5000000099', issuingAuthority: '重庆市人民政府', validFrom: '2025-09-20', validTo: '2028-12-31' } });
    expect(fresh.statusCode, fresh.body).toBe(422);
    expect(fresh.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-10(4)' } });
    expect(await t.deps.db.kysely.selectFrom('enforcement_certificates').select('id').where('number', '=', '渝执5000000099').execute()).toEqual([]);

    // Payments: partial, then the rest; over-payment is refused.
    const item = byKind('compensation_recovery').id;
    expect((await act('clerk', c.caseId, 'record_payment', { itemId: item, amountFen: 200_000, paidOn: '2025-09-20' })).statusCode).toBe(200);
    expect((await act('clerk', c.caseId, 'record_payment', { itemId: item, amountFen: 400_000, paidOn: '2025-09-21' })).statusCode).toBe(400);
    v = (await act('clerk', c.caseId, 'record_payment', { itemId: item, amountFen: 300_000, paidOn: '2025-09-25' })).json().case;
    expect(byKind('compensation_recovery')).toMatchObject({ status: 'done', paidFen: 500_000, doneOn: '2025-09-25' });
    const bars = (await t.as('leader', { method: 'GET', url: '/api/v1/reports/award-bars?year=2025' })).json();
    expect(bars.people).toEqual([expect.objectContaining({ personId: handler, awards: true, cases: [expect.objectContaining({ caseId: c.caseId, citation: 'FL-14' })] })]);
    expect(bars.units).toEqual([expect.objectContaining({ unitId: w.fx.unit.id })]);
    expect((await t.as('leader', { method: 'GET', url: '/api/v1/reports/award-bars?year=2024' })).json().people).toEqual([]);
    await driveCaseTo(w.ctx, c.caseId, 'closed');
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json().state).toBe('closed');
  });

  it('WC-11: a defence upheld in full during execution (decision revoked) supersedes the decision and cancels that subject’s open execution items', async () => {
    const handler = w.fx.handler.id;
    const c = await makeCase(w, { to: 'executing', drive: { forms: { [handler]: ['FL-6(4)'] } } });
    const before = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json();
    expect(before.executionItems.find((e: { kind: string }) => e.kind === 'post_change').status).toBe('open');
    const appealId = (await act('subject', c.caseId, 'file_defence', { subjectPersonId: handler, kind: 'defence', filedOn: '2025-09-12', statement: '不服' })).json().created.id;
    // WC-11: one at a time — a second defence while the first awaits its outcome is refused
    const second = await act('subject', c.caseId, 'file_defence', { subjectPersonId: handler, kind: 'defence', filedOn: '2025-09-12', statement: '再次申辩' });
    expect(second.statusCode).toBe(422);
    expect(second.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11', appealId } });
    // Closing with a pending appeal is refused (WC-11).
    const early = await act('clerk', c.caseId, 'close', { closedOn: '2025-09-13', summary: 'x' });
    expect(early.json().error.code).toBe('PRECONDITION_FAILED');
    const meetingId = await appealMeeting(c.caseId, appealId, { outcome: 'revoked' });
    const out = await act('decider', c.caseId, 'decide_appeal', { meetingId, appealId, outcome: 'revoked', decidedOn: '2025-09-20', reason: '事实不清，撤销处理', departureReason: '事实不清，不予追究。' });
    expect(out.statusCode, out.body).toBe(200);
    const v = out.json().case;
    expect(v.decisions.map((d: { status: string }) => d.status)).toEqual(['superseded', 'in_force']);
    expect(v.decisions[1].items[0]).toMatchObject({ noAccountability: true, forms: [] });
    expect(v.executionItems.find((e: { kind: string }) => e.kind === 'post_change').status).toBe('cancelled');
    // FL-14: no longer held accountable → the year's award bars are lifted.
    expect(v.executionItems.filter((e: { kind: string }) => e.kind.startsWith('award_bar')).map((e: { status: string }) => e.status)).toEqual(['cancelled', 'cancelled']);
    expect(v.executionItems.filter((e: { status: string }) => e.status === 'open')).toEqual([]);
    // WC-11: the revoking decision is served on the subject before the case closes
    expect((await act('clerk', c.caseId, 'close', { closedOn: '2025-09-21', summary: 'x' })).json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11' } });
    expect((await act('clerk', c.caseId, 'notify', { subjectPersonId: handler, notifiedOn: '2025-09-21', method: 'in_person' })).statusCode).toBe(200);
    expect((await act('clerk', c.caseId, 'close', { closedOn: '2025-09-21', summary: '申诉撤销原决定，结案' })).statusCode).toBe(200);
  });

  it('the case timeline lists every step in order with actor, label and citation', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const all = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items;
    // FL-15: the registration meeting is on the timeline before the registration it decided.
    expect(all.findIndex((i: { action: string }) => i.action === 'case.meeting.close')).toBeLessThan(all.findIndex((i: { action: string }) => i.action === 'case.register'));
    expect(all.find((i: { action: string }) => i.action === 'case.meeting.close')).toMatchObject({ labelZh: '主持人闭会', citation: 'FL-15' });
    const tl = all.filter((i: { action: string }) => !i.action.startsWith('case.meeting.'));
    expect(tl.map((i: { action: string; citation: string | null; actorName: string }) => [i.action, i.citation, i.actorName])).toEqual([
      ['case.intake', 'FL-4', 'clerk'],
      ['case.accept', 'WC-9(1)', 'clerk'],
      ['case.register', 'FL-15', 'decider'],
    ]);
    expect(tl[2]).toMatchObject({ labelZh: '立案', fromState: 'accepted', toState: 'registered' });
    // The clerk sees the reply reference; an investigator reading the same timeline does not.
    expect(tl[1].data.replyId).toBeTruthy();
  });
});
