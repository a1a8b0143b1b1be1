import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { caseWithFinding, handlerFinding, makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { driveCaseTo, holdMeeting, performAction } from '../../services/cases';
import { addOriginalCaseCompensation } from '../../services/registers';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { recommendForCase } from '../../services/cases/recommendation-service';
import { getCase } from '../../services/cases';

describe.each(engines)('issue 3 receipts: recommendations on cases (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-10T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  /** FL-15: a real meeting of the three deciders whose majority is these forms. */
  const meet = (caseId: string, forms: string[]) => holdMeeting(w.ctx, caseId, 'decision', () => ({ items: [{ subjectPersonId: w.fx.handler.id, noAccountability: false, forms }] }), { on: '2025-09-10' });

  it('FL-2: a person the engine finds not responsible is recommended no accountability — a form for them departs from it and needs a written reason, and is reported as a departure', async () => {
    const c = await caseWithFinding(w, {}, { faults: [], culpability: 'none', narrative: '经调查，其已尽审查义务，不存在过错。' });
    const rec = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` })).json();
    const subj = rec.output.subjects.find((s: { subjectId: string }) => s.subjectId === w.fx.handler.id);
    expect(subj).toMatchObject({ responsibility: 'none', forms: null });
    const form = 'FL-6(2)';
    const meetingId = await meet(c.caseId, [form]);
    const v = await versionOf(w, c.caseId);
    const decide = (extra: Record<string, unknown>) =>
      t.as('decider', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form], ...extra }] } });
    const refused = await decide({});
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'DEPARTURE_REASON_REQUIRED', details: { subjectPersonId: w.fx.handler.id, forms: [form] } });
    expect(await versionOf(w, c.caseId)).toBe(v);
    const ok = await decide({ departureReason: '会议认为其对审查疏漏负有责任，经集体讨论给予责令书面检查。' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().case.decisions[0].items[0]).toMatchObject({ departedForms: [form] });
  });

  it('FL-8: the facts come from the findings and the original case’s participants; the receipt names the pack, its version and content hash', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    const r = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` });
    expect(r.statusCode).toBe(201);
    const rec = r.json();
    expect(rec.pack).toMatchObject({ id: 'banan-housing-2019', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(rec.output.status).toBe('ok');
    // Every participant of the original case is in the facts with the register's roles.
    const byId = Object.fromEntries(rec.inputs.participants.map((p: { id: string }) => [p.id, p]));
    expect(byId[w.fx.handler.id]).toMatchObject({ roles: [{ role: 'handler' }], faults: ['FL-7(3)'], culpability: 'negligence' });
    expect(byId[w.fx.finalApprover.id].roles).toEqual(expect.arrayContaining([{ role: 'approver', level: 2 }, { role: 'collective_member', opinion: 'insisted', chair: true }]));
    expect(byId[w.fx.dissentingMember.id].roles).toEqual([{ role: 'collective_member', opinion: 'dissented' }]);
    // The certificate register on the conduct date goes in too (WC-6(2), FL-8(5)).
    expect(rec.inputs.certificates.map((c: { holderId: string }) => c.holderId)).toContain(w.fx.handler.id);
    const stored = await t.deps.db.kysely.selectFrom('rule_evaluations').selectAll().where('case_id', '=', c.caseId).execute();
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0]!.trace_json).length).toBeGreaterThan(0);
    const latest = await t.as('decider', { method: 'GET', url: `/api/v1/cases/${c.caseId}/recommendation` });
    expect(latest.json().id).toBe(rec.id);
    expect((await t.as('decider', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json().recommendation).toMatchObject({ id: rec.id, status: 'ok', stale: false });
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', c.caseId).where('action', '=', 'case.recommendation').execute();
    expect(audit).toHaveLength(1);
    // A subject neither requests nor reads recommendations on their case.
    expect((await t.as('subject', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` })).statusCode).toBe(403);
    expect((await t.as('subject', { method: 'GET', url: `/api/v1/cases/${c.caseId}/recommendation` })).statusCode).toBe(404);
  });

  it('FL-6, FL-11, WC-10: the pack’s one ordered ladder of forms is served lightest first, each rung citing its provisions', async () => {
    const r = await t.as('decider', { method: 'GET', url: '/api/v1/rules/packs/banan-housing-2019/ladder' });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { rung: number; zh: string; citations: string[] }[];
    expect(items.map((f) => f.rung)).toEqual(items.map((_, i) => i + 1));
    expect(items[0]!.zh).toContain('批评教育');
    expect(items.at(-1)!.citations).toContain('FL-6(6)');
    expect((await t.as('decider', { method: 'GET', url: '/api/v1/rules/packs/nope/ladder' })).statusCode).toBe(404);
    // the ladder is the published measures' own order (rules.read): the subject reads it too; the
    // three administrators (三员分立) do not
    expect((await t.as('subject', { method: 'GET', url: '/api/v1/rules/packs/banan-housing-2019/ladder' })).statusCode).toBe(200);
    await t.addUser('sys_ladder', ['sysadmin']);
    expect((await t.as('sys_ladder', { method: 'GET', url: '/api/v1/rules/packs/banan-housing-2019/ladder' })).statusCode).toBe(403);
  });

  it('domain §3, WC-9(3): a conduct date before the rule pack took effect leaves the engine no range for the subject — every form decided then needs a written reason (DEPARTURE_REASON_REQUIRED, nothing stored) and is reported as a departure; a conduct date in the future is refused', async () => {
    const c = await caseWithFinding(w, {}, { conductDate: '2019-01-01' });
    const rec = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` })).json();
    expect(rec.output.status).toBe('no_rules_in_force');
    const form = 'FL-6(1)';
    const meetingId = await meet(c.caseId, [form]);
    const v = await versionOf(w, c.caseId);
    const decide = (extra: Record<string, unknown>) =>
      t.as('decider', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form], ...extra }] } });
    const refused = await decide({});
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'DEPARTURE_REASON_REQUIRED', details: { subjectPersonId: w.fx.handler.id, forms: [form] } });
    expect(refused.json().error.messageZh).toContain('没有可用的建议范围');
    expect(await versionOf(w, c.caseId)).toBe(v);
    // the web asks the same rule for an item with no range
    const asked = await t.as('decider', { method: 'POST', url: '/api/v1/rules/departures', payload: { items: [{ forms: [form], range: null }] } });
    expect(asked.json().items[0].departures).toEqual([form]);
    const ok = await decide({ departureReason: '行为发生在本办法施行前，会议参照当时规定集体讨论决定。' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().case.decisions[0].items[0]).toMatchObject({ departedForms: [form] });
    const report = (await t.as('leader', { method: 'GET', url: '/api/v1/reports/departures?year=2025' })).json();
    expect(report.items).toEqual([expect.objectContaining({ caseId: c.caseId, departedForms: [form] })]);

    const c2 = await makeCase(w, { to: 'investigating' });
    const future = await t.as('investigator', { method: 'POST', url: `/api/v1/cases/${c2.caseId}/actions/record_finding`, payload: { expectedVersion: await versionOf(w, c2.caseId), ...handlerFinding(w, { conductDate: '2025-09-11' }) } });
    expect(future.statusCode, future.body).toBe(400);
    expect(future.json().error.details.fields[0].path).toBe('conductDate');
  });

  it('DEPARTURE_REASON_REQUIRED: a form outside the recommended range needs a written reason naming subject and form; the departure is reported', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    const rec = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` })).json();
    const subj = rec.output.subjects.find((s: { subjectId: string }) => s.subjectId === w.fx.handler.id);
    const permitted = new Set(subj.forms.permitted.flatMap((f: { citations: string[] }) => f.citations));
    const outside = ['FL-6(6)', 'FL-6(5)', 'WC-10(6)', 'FL-6(4)'].find((f) => !permitted.has(f))!;
    expect(outside).toBeTruthy();
    const v = await versionOf(w, c.caseId);
    // the meeting's result stands; the decision carrying it out adds the reason (FL-15)
    const meetingId = await meet(c.caseId, [outside]);
    const refused = await t.as('decider', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [outside] }] } });
    expect(refused.statusCode).toBe(422);
    const e = refused.json().error;
    expect(e.code).toBe('DEPARTURE_REASON_REQUIRED');
    expect(e.messageZh).toContain(w.fx.handler.name);
    expect(e.messageZh).toContain(outside);
    expect(e.details).toMatchObject({ subjectPersonId: w.fx.handler.id, forms: [outside] });
    expect(await versionOf(w, c.caseId)).toBe(v);
    const ok = await t.as('decider', {
      method: 'POST',
      url: `/api/v1/cases/${c.caseId}/actions/decide`,
      payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [outside], departureReason: '当事人拒不配合调查，情节恶劣，经集体讨论从重处理。' }] },
    });
    expect(ok.statusCode).toBe(200);
    const item = ok.json().case.decisions[0].items[0];
    expect(item.departedForms).toEqual([outside]);
    // Issue 7 point 4: the decision evaluated the same findings itself and stored its own receipt.
    expect(ok.json().case.decisions[0].ruleEvaluationId).toBeTruthy();
    expect(ok.json().case.decisions[0].ruleEvaluationId).not.toBe(rec.id);
    const report = (await t.as('leader', { method: 'GET', url: '/api/v1/reports/departures?year=2025' })).json();
    expect(report.items).toEqual([expect.objectContaining({ caseId: c.caseId, subjectName: w.fx.handler.name, departedForms: [outside], reason: expect.stringContaining('从重') })]);
    // A form inside the range needs no reason.
    const c2 = await makeCase(w, { to: 'findings_submitted' });
    await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c2.caseId}/recommendation` });
    const inside = [...permitted].find((f) => /^(FL-6|WC-10)/.test(String(f))) as string;
    const fine = await t.as('decider', { method: 'POST', url: `/api/v1/cases/${c2.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: await versionOf(w, c2.caseId), meetingId: await meet(c2.caseId, [inside]), items: [{ subjectPersonId: w.fx.handler.id, forms: [inside] }] } });
    expect(fine.statusCode).toBe(200);
  });

  it('FL-10(6): repeated violations are derived from the subject’s earlier decided case in the system, never typed in', async () => {
    const first = await makeCase(w, { to: 'closed', drive: { on: '2025-09-01' } });
    const typed = await makeCase(w, { to: 'investigating' });
    const refused = await t.as('investigator', {
      method: 'POST',
      url: `/api/v1/cases/${typed.caseId}/actions/record_finding`,
      payload: { expectedVersion: await versionOf(w, typed.caseId), subjectPersonId: w.fx.handler.id, faults: ['FL-7(3)'], culpability: 'negligence', roleInOriginalCase: 'handler', circumstances: ['FL-10(6)'], consequences: { harm: 'serious', influence: 'bad' }, narrative: 'x' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['circumstances']);
    // New conduct a few weeks after the first case was decided, with serious consequences.
    t.clock.set('2025-10-10T02:00:00.000Z');
    const again = await caseWithFinding(w, { harm: 'serious', influence: 'very_bad' }, { faults: ['FL-7(2)'], conductDate: '2025-09-20', narrative: '再次滥施处罚，造成恶劣影响。' }, { on: '2025-10-10' });
    const rec = await recommendForCase(w.ctx.clerk, again.caseId);
    // A finding recorded after a recommendation makes it stale in the case view.
    const stale = await makeCase(w, { to: 'investigating', drive: { on: '2025-10-10' } });
    await driveCaseTo(w.ctx, stale.caseId, 'findings_submitted', { on: '2025-10-10' });
    await recommendForCase(w.ctx.clerk, stale.caseId);
    await performAction(w.ctx.decider, stale.caseId, 'return_for_investigation', { expectedVersion: await versionOf(w, stale.caseId), reason: '补充调查' });
    await performAction(w.ctx.investigator, stale.caseId, 'record_finding', {
      expectedVersion: await versionOf(w, stale.caseId),
      subjectPersonId: w.fx.handler.id,
      faults: ['FL-7(4)'],
      culpability: 'negligence',
      roleInOriginalCase: 'handler',
      circumstances: ['FL-9(2)'],
      consequences: { harm: 'minor', influence: 'none' },
      narrative: '补充调查后更正认定。',
    });
    expect((await getCase(w.ctx.clerk, stale.caseId)).recommendation?.stale).toBe(true);
    const p = rec.inputs.participants.find((x) => x.id === w.fx.handler.id)!;
    expect(p.priorCases).toEqual([expect.objectContaining({ ref: first.number, heldAccountable: true })]);
    expect(p.circumstances ?? []).not.toContain('FL-10(6)');
    expect(rec.output.status).toBe('ok');
    const s = rec.output.status === 'no_rules_in_force' ? undefined : rec.output.subjects.find((x) => x.subjectId === w.fx.handler.id);
    expect(s?.derived).toContain('FL-10(6)');
    expect(s?.treatment).toBe('heavier');
  });

  it('FL-13 with SCL-16: recovering state compensation from a merely negligent subject departs from the recommendation and needs a reason', async () => {
    await addOriginalCaseCompensation({ ...t.deps, actor: SYSTEM_ACTOR }, w.fx.originalCase.id, { amountFen: 1_000_000, paidDate: '2025-08-01', decisionNo: '巴南法赔〔2025〕1号' });
    const c = await makeCase(w, { source: 'wc5', tracks: ['FL', 'WC'], to: 'findings_submitted' });
    const rec = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` })).json();
    const subj = rec.output.subjects.find((s: { subjectId: string }) => s.subjectId === w.fx.handler.id);
    expect(subj.compensation?.recoverable ?? false).toBe(false);
    const form = subj.forms.permitted[0].citations.find((x: string) => /^(FL-6|WC-10)/.test(x));
    const v = await versionOf(w, c.caseId);
    // the meeting's result stands; the decision carrying it out adds the reason (FL-15)
    const meetingId = await meet(c.caseId, [form]);
    const refused = await t.as('decider', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form], compensationFen: 300_000 }] } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'DEPARTURE_REASON_REQUIRED', details: { forms: ['FL-13'] } });
    const ok = await t.as('decider', {
      method: 'POST',
      url: `/api/v1/cases/${c.caseId}/actions/decide`,
      payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form], compensationFen: 300_000, departureReason: '经复核认定其存在重大过失，依法追偿部分赔偿费用。' }] },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().case.decisions[0].items[0].departedForms).toEqual(['FL-13']);
  });

  it('FL-12: when a crime is suspected the engine requires a transfer to the judicial organs; not transferring needs a reason', async () => {
    const c = await caseWithFinding(w, { harm: 'serious', influence: 'very_bad', crimeSuspected: true }, { faults: ['FL-7(1)'], circumstances: ['FL-10(4)'], narrative: '收受当事人财物后作出不予处罚决定，涉嫌受贿。' });
    const rec = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` })).json();
    const subj = rec.output.subjects.find((s: { subjectId: string }) => s.subjectId === w.fx.handler.id);
    expect(subj.mandatory.map((m: { kind: string }) => m.kind)).toContain('judicial_transfer');
    const form = subj.forms.permitted.at(-1).citations.find((x: string) => /^(FL-6|WC-10)/.test(x));
    const v = await versionOf(w, c.caseId);
    const meetingId = await meet(c.caseId, [form]);
    const refused = await t.as('decider', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form] }] } });
    // WC-9(3)/FL-12: the referral to the judicial organs must be recorded (made or waived) first.
    expect(refused.json().error).toMatchObject({ code: 'REFERRAL_NOT_RECORDED', details: { refusal: 'REFERRAL_NOT_RECORDED', citation: 'FL-12', body: 'judicial' } });
    const referrals = [{ body: 'judicial', madeOn: '2025-09-10', documentRef: '巴住建问移〔2025〕1号' }];
    const notTransferred = await t.as('decider', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form], referrals }] } });
    expect(notTransferred.json().error).toMatchObject({ code: 'DEPARTURE_REASON_REQUIRED', details: { forms: ['FL-12'] } });
    const ok = await t.as('decider', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form], transferJudicial: true, referrals }] } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().case.decisions[0].items[0]).toMatchObject({ transferJudicial: true, departedForms: [] });
  });

  it('POST /api/v1/rules/evaluate: facts in, recommendation out; invalid facts are a 400', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    const facts = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` })).json().inputs;
    const r = await t.as('investigator', { method: 'POST', url: '/api/v1/rules/evaluate', payload: facts });
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe('ok');
    expect((await t.as('investigator', { method: 'POST', url: '/api/v1/rules/evaluate', payload: { conductDate: 'x' } })).statusCode).toBe(400);
    expect((await t.as('subject', { method: 'POST', url: '/api/v1/rules/evaluate', payload: facts })).statusCode).toBe(403);
  });
});
