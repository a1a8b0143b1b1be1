// Issue 10 "Rules round 2" through the case workflow: the mappings from case data to engine
// facts, the decision checked as a whole, referral duties.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { caseWithFinding, handlerFinding, makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { driveCaseTo, holdMeeting, performAction } from '../../services/cases';
import { addOriginalCaseCompensation } from '../../services/registers';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { recommendForCase } from '../../services/cases/recommendation-service';
import { copyStepReferrals } from '../../db/migrations/0300-case-referrals';

describe.each(engines)('issue 10 rules round 2 through the case (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    // The clock stands after the story's dates (2025-09-01 … 09-20): no step is dated in the
    // future; steps recorded later than 3 days after their date carry the back-dating reason.
    ({ t, w } = await newCaseWorld(engine, '2025-09-30T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const backdateReason = '按会议记录和收文登记簿补录';

  /**
   * FL-15 / WC-9(3): the decision carries out a closed meeting of the body whose majority chose
   * `forms` for the handler, held on 2025-09-30 (after the findings it decides on were submitted).
   */
  async function decisionMeeting(caseId: string, forms: string[]): Promise<string> {
    return holdMeeting(w.ctx, caseId, 'decision', () => ({ items: [{ subjectPersonId: w.fx.handler.id, noAccountability: false, forms }] }), { on: '2025-09-30' });
  }

  it('FL-10/FL-11: a finding of 不良影响 is an adverse effect, not 影响恶劣 — the case stays in the ordinary band', async () => {
    const c = await caseWithFinding(w, { influence: 'bad' });
    const rec = await recommendForCase(w.ctx.clerk, c.caseId);
    expect(rec.inputs.consequences).toMatchObject({ adverse: true, badInfluence: false });
    const s = rec.output.status === 'no_rules_in_force' ? undefined : rec.output.subjects.find((x) => x.subjectId === w.fx.handler.id);
    expect(s?.band).toBe('ordinary');
    // 影响恶劣 is the FL-11 band.
    const bad = await caseWithFinding(w, { influence: 'very_bad' });
    const rec2 = await recommendForCase(w.ctx.clerk, bad.caseId);
    expect(rec2.inputs.consequences).toMatchObject({ badInfluence: true });
  });

  it('FL-8: participants of the original case with no finding are context only — never recommended for', async () => {
    const c = await caseWithFinding(w, {});
    const rec = await recommendForCase(w.ctx.clerk, c.caseId);
    const others = rec.inputs.participants.filter((p) => p.id !== w.fx.handler.id);
    expect(others.length).toBeGreaterThan(0);
    for (const p of others) expect(p.subject).toBe(false);
    if (rec.output.status === 'no_rules_in_force') throw new Error('no rules');
    const held = rec.output.subjects.filter((s) => s.responsibility !== 'none').map((s) => s.subjectId);
    expect(held).toEqual([w.fx.handler.id]);
  });

  it('FL-13 with SCL-16: a total recovery above the compensation paid is refused, even with a reason; a percentage split is converted and a share other than the default is a departure', async () => {
    await addOriginalCaseCompensation({ ...t.deps, actor: SYSTEM_ACTOR }, w.fx.originalCase.id, { amountFen: 1_000_000, paidDate: '2025-08-01', decisionNo: '巴南法赔〔2025〕3号' });
    const c = await caseWithFinding(w, {});
    const rec = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` })).json();
    const subj = rec.output.subjects.find((s: { subjectId: string }) => s.subjectId === w.fx.handler.id);
    expect(subj.compensation).toMatchObject({ recoverable: true, indicativeAmountYuan: 10_000 });
    const form = subj.forms.permitted[0].citations.find((x: string) => /^(FL-6|WC-10)/.test(x));
    const meetingId = await decisionMeeting(c.caseId, [form]);
    const v = await versionOf(w, c.caseId);
    const decide = (item: Record<string, unknown>) =>
      t.as('decider', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, backdateReason, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form], ...item }] } });
    const over = await decide({ compensationFen: 1_200_000, departureReason: '情节严重，全额追偿并加收。' });
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { refusal: 'RECOVERY_EXCEEDS_PAID', totalFen: 1_200_000, paidFen: 1_000_000 } });
    expect(await versionOf(w, c.caseId)).toBe(v);
    // 50 % is ¥5,000, not the default share (the whole ¥10,000): a departure needing a reason.
    const half = await decide({ compensationPercent: 50 });
    expect(half.json().error).toMatchObject({ code: 'DEPARTURE_REASON_REQUIRED', details: { forms: ['FL-13'] } });
    const ok = await decide({ compensationPercent: 50, departureReason: '主动赔偿部分损失，酌情减少追偿数额。' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().case.decisions[0].items[0]).toMatchObject({ departedForms: ['FL-13'] });
    const stored = await t.deps.db.kysely.selectFrom('case_decision_items').select('compensation_fen').where('case_id', '=', c.caseId).executeTakeFirst();
    expect(Number(stored?.compensation_fen)).toBe(500_000);
  });

  it('FL-13 with SCL-16: with no state compensation paid in the register, a figure typed in the finding is no ceiling — any recovery is refused, even with a reason', async () => {
    const c = await caseWithFinding(w, { stateCompensationFen: 500_000 });
    const rec = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` })).json();
    expect(rec.inputs.consequences.stateCompensation).toMatchObject({ paid: false });
    const subj = rec.output.subjects.find((s: { subjectId: string }) => s.subjectId === w.fx.handler.id);
    const form = subj.forms.permitted[0].citations.find((x: string) => /^(FL-6|WC-10)/.test(x));
    const meetingId = await decisionMeeting(c.caseId, [form]);
    const v = await versionOf(w, c.caseId);
    const r = await t.as('decider', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, backdateReason, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form], compensationFen: 500_000, departureReason: '按认定的损失全额追偿。' }] } });
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { refusal: 'RECOVERY_EXCEEDS_PAID', paidFen: 0 } });
    expect(await versionOf(w, c.caseId)).toBe(v);
  });

  it('WC-9(3): a finding of suspected 违纪 blocks the decision until the referral to the discipline body is recorded as made or waived', async () => {
    const c = await caseWithFinding(w, { disciplineSuspected: true });
    const rec = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` })).json();
    const subj = rec.output.subjects.find((s: { subjectId: string }) => s.subjectId === w.fx.handler.id);
    expect(subj.mandatory).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'report_to_authorities', body: 'discipline_inspection', ruleIds: ['WC-9(3)'] })]));
    const form = subj.forms.permitted[0].citations.find((x: string) => /^(FL-6|WC-10)/.test(x));
    const meetingId = await decisionMeeting(c.caseId, [form]);
    const v = await versionOf(w, c.caseId);
    const decide = (item: Record<string, unknown>) =>
      t.as('decider', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: v, backdateReason, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form], ...item }] } });
    const blocked = await decide({});
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().error).toMatchObject({ code: 'REFERRAL_NOT_RECORDED', details: { refusal: 'REFERRAL_NOT_RECORDED', citation: 'WC-9(3)', body: 'discipline_inspection' } });
    expect(blocked.json().error.messageZh).toContain('纪检监察机关');
    // A referral without its document is not "made".
    expect((await decide({ referrals: [{ body: 'discipline_inspection', madeOn: '2025-09-10' }] })).statusCode).toBe(422);
    const ok = await decide({ referrals: [{ body: 'discipline_inspection', madeOn: '2025-09-10', documentRef: '巴住建问报〔2025〕1号' }] });
    expect(ok.statusCode).toBe(200);
    // The referral given in the decision is a record of its own, checked by that decision.
    const list = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/referrals` })).json();
    expect(list.items).toEqual([
      expect.objectContaining({ subjectPersonId: w.fx.handler.id, body: 'discipline_inspection', ruleIds: ['WC-9(3)'], status: 'made', documentRef: '巴住建问报〔2025〕1号', decisionId: ok.json().created.id }),
    ]);
    // Migration 0300: referrals kept only in the decision step's data (before the table) are copied in.
    const db = t.deps.db.kysely;
    await db.deleteFrom('case_referrals').execute();
    await copyStepReferrals(db as never);
    const copied = await db.selectFrom('case_referrals').selectAll().execute();
    expect(copied).toEqual([
      expect.objectContaining({ case_id: c.caseId, subject_person_id: w.fx.handler.id, body: 'discipline_inspection', status: 'made', document_ref: '巴住建问报〔2025〕1号', made_on: '2025-09-10', decision_id: ok.json().created.id }),
    ]);
    expect(copied[0]!.org_id).toBe((await db.selectFrom('cases').select('org_id').where('id', '=', c.caseId).executeTakeFirstOrThrow()).org_id);
  });

  it('WC-9(3)/FL-12: each referral duty is a record of its own — pending from the recommendation, recorded ahead of the decision as made (with its letter) or waived (with a reason), audited; the decision then completes', async () => {
    const c = await caseWithFinding(w, { disciplineSuspected: true, crimeSuspected: true });
    const url = `/api/v1/cases/${c.caseId}/referrals`;
    const pending = (await t.as('clerk', { method: 'GET', url })).json().items;
    expect(pending).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subjectPersonId: w.fx.handler.id, body: 'discipline_inspection', status: 'pending' }),
        expect.objectContaining({ subjectPersonId: w.fx.handler.id, body: 'judicial', status: 'pending', ruleIds: expect.arrayContaining(['FL-12']) }),
      ]),
    );
    // Made without its letter, or waived without a reason: refused (field errors, zh + en).
    const noDoc = await t.as('clerk', { method: 'POST', url, payload: { subjectPersonId: w.fx.handler.id, body: 'judicial', status: 'made', madeOn: '2025-09-08' } });
    expect(noDoc.statusCode).toBe(400);
    const noReason = await t.as('clerk', { method: 'POST', url, payload: { subjectPersonId: w.fx.handler.id, body: 'discipline_inspection', status: 'waived' } });
    expect(noReason.statusCode).toBe(400);
    // A body with no duty on the findings: refused.
    const noDuty = await t.as('clerk', { method: 'POST', url, payload: { subjectPersonId: w.fx.handler.id, body: 'supervision_commission', status: 'waived', waivedReason: '无' } });
    expect(noDuty.json().error.code).toBe('PRECONDITION_FAILED');
    // An investigator does not record referrals.
    expect((await t.as('investigator', { method: 'POST', url, payload: { subjectPersonId: w.fx.handler.id, body: 'judicial', status: 'waived', waivedReason: '无' } })).statusCode).toBe(403);
    const made = await t.as('clerk', { method: 'POST', url, payload: { subjectPersonId: w.fx.handler.id, body: 'judicial', status: 'made', madeOn: '2025-09-08', documentRef: '巴住建问移〔2025〕2号' } });
    expect(made.statusCode).toBe(200);
    expect(made.json()).toMatchObject({ status: 'made', documentRef: '巴住建问移〔2025〕2号', decisionId: null });

    const form = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recommendation` })).json().output.subjects[0].forms.permitted[0].citations.find((x: string) => /^(FL-6|WC-10)/.test(x));
    const meetingId = await decisionMeeting(c.caseId, [form]);
    const decide = async () =>
      t.as('decider', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/decide`, payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: await versionOf(w, c.caseId), backdateReason, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form], transferJudicial: true }] } });
    // The discipline referral is still pending: the decision is refused with its own code.
    const blocked = await decide();
    expect(blocked.json().error).toMatchObject({ code: 'REFERRAL_NOT_RECORDED', details: { body: 'discipline_inspection', citation: 'WC-9(3)' } });
    expect(blocked.json().error.messageEn).toContain('discipline inspection');
    const waived = await t.as('clerk', { method: 'POST', url, payload: { subjectPersonId: w.fx.handler.id, body: 'discipline_inspection', status: 'waived', waivedReason: '已由纪检组同步立案，无须另行报告' } });
    expect(waived.statusCode).toBe(200);
    const ok = await decide();
    expect(ok.statusCode).toBe(200);
    const after = (await t.as('clerk', { method: 'GET', url })).json().items;
    expect(after.every((r: { status: string; decisionId: string | null }) => r.status !== 'pending' && r.decisionId === ok.json().created.id)).toBe(true);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'case.referral.record').execute();
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.entity_id === c.caseId)).toBe(true);
    // Organisation scope: the records carry the case's organisation.
    const rows = await t.deps.db.kysely.selectFrom('case_referrals').innerJoin('cases', 'cases.id', 'case_referrals.case_id').select(['case_referrals.org_id as r', 'cases.org_id as c']).execute();
    expect(rows.length).toBe(2);
    expect(rows.every((x) => x.r === x.c)).toBe(true);
  });

  it('FL-14: a WC-track case executes the award bars its receipt lists as mandatory', async () => {
    const c = await makeCase(w, { tracks: ['WC'], source: 'wc5', to: 'findings_submitted', drive: { on: '2025-09-10' } });
    const rec = await recommendForCase(w.ctx.clerk, c.caseId);
    if (rec.output.status === 'no_rules_in_force') throw new Error('no rules');
    const s = rec.output.subjects.find((x) => x.subjectId === w.fx.handler.id)!;
    expect(s.mandatory.map((m) => m.kind)).toContain('award_bar_person');
    await driveCaseTo(w.ctx, c.caseId, 'executing', { on: '2025-09-10' });
    const v = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json();
    const kinds = v.executionItems.map((e: { kind: string; citation: string }) => `${e.kind}:${e.citation}`);
    expect(kinds).toEqual(expect.arrayContaining(['award_bar_person:FL-14', 'award_bar_unit:FL-14']));
  });

  it('FL-10(6): a prior case counts by its conduct date — conduct outside the look-back does not make "多次" although decided recently', async () => {
    const first = await makeCase(w, { to: 'investigating', drive: { on: '2025-09-01' } });
    await performAction(w.ctx.investigator, first.caseId, 'record_finding', {
      expectedVersion: await versionOf(w, first.caseId),
      ...handlerFinding(w, { culpability: 'negligence', conductDate: '2022-06-01', narrative: '三年前的执法过错，近期才查处。' }),
    });
    await driveCaseTo(w.ctx, first.caseId, 'closed', { on: '2025-09-01' });
    t.clock.set('2025-10-10T02:00:00.000Z');
    // FL-10(6): new conduct with serious consequences (FL-7(2), 影响恶劣)
    const again = await caseWithFinding(w, { harm: 'serious', influence: 'very_bad' }, { faults: ['FL-7(2)'], conductDate: '2025-09-20', narrative: '再次滥施处罚。' }, { on: '2025-10-10' });
    const rec = await recommendForCase(w.ctx.clerk, again.caseId);
    const p = rec.inputs.participants.find((x) => x.id === w.fx.handler.id)!;
    expect(p.priorCases).toEqual([expect.objectContaining({ ref: first.number, conductDate: '2022-06-01', heldAccountable: true })]);
    const s = rec.output.status === 'no_rules_in_force' ? undefined : rec.output.subjects.find((x) => x.subjectId === w.fx.handler.id);
    expect(s?.derived ?? []).not.toContain('FL-10(6)');
  });

  it('FL-9/FL-10 findings form: leaving 情节 empty means none — accepted, no raw validation message; FL-3 is asked and reaches the engine', async () => {
    const c = await makeCase(w, { to: 'investigating' });
    const r = await t.as('investigator', {
      method: 'POST',
      url: `/api/v1/cases/${c.caseId}/actions/record_finding`,
      payload: { expectedVersion: await versionOf(w, c.caseId), subjectPersonId: w.fx.handler.id, faults: ['FL-7(3)'], culpability: 'negligence', roleInOriginalCase: 'handler', enforcementStaff: false, consequences: { harm: 'minor', influence: 'none' }, narrative: '执法辅助人员单独执法。' },
    });
    expect(r.statusCode).toBe(200);
    await driveCaseTo(w.ctx, c.caseId, 'findings_submitted');
    const rec = await recommendForCase(w.ctx.clerk, c.caseId);
    expect(rec.inputs.participants.find((p) => p.id === w.fx.handler.id)).toMatchObject({ enforcementStaff: false, circumstances: [] });
    expect(rec.output.warnings.find((x) => x.ruleIds.includes('FL-3'))).toMatchObject({ severity: 'note' });
  });

  it('WC-11 with issue 10: an appeal that changes the decision re-runs the recommendation; each decision names its own receipt', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    await driveCaseTo(w.ctx, c.caseId, 'notified', { on: '2025-09-10', forms: { [w.fx.handler.id]: ['FL-6(2)'] } });
    // Issue 7: the decision meeting keeps the receipt the body deliberated on, and the decision
    // evaluates the rules itself. Receipts below are the decisions' (not a meeting's).
    const meetingReceipts = (await t.deps.db.kysely.selectFrom('meetings').select('rule_evaluation_id').where('case_id', '=', c.caseId).where('purpose', '=', 'decision').execute()).map((m) => m.rule_evaluation_id!);
    expect(meetingReceipts).toHaveLength(1);
    const decisionReceipts = () => t.deps.db.kysely.selectFrom('rule_evaluations').select('id').where('case_id', '=', c.caseId).where('id', 'not in', meetingReceipts).execute();
    const receipts = await decisionReceipts();
    expect(receipts).toHaveLength(1);
    const first = receipts[0]!;
    const act = async (user: string, action: string, payload: Record<string, unknown>) =>
      t.as(user, { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/${action}`, payload: { expectedVersion: await versionOf(w, c.caseId), backdateReason, ...payload } });
    const appeal = await act('subject', 'file_defence', { subjectPersonId: w.fx.handler.id, kind: 'appeal', appealBody: 'supervision', filedOn: '2025-09-12', statement: '请求变更。' });
    expect(appeal.statusCode, appeal.body).toBe(200);
    const appealId = appeal.json().created.id;
    // WC-11: the appeal goes to the enforcement-supervision department, which changes the decision;
    // the commission executes that decision.
    const sent = await act('clerk', 'refer_appeal', { appealId, sentOn: '2025-09-12', letterNo: '巴住建问移〔2025〕9号' });
    expect(sent.statusCode, sent.body).toBe(200);
    const referralId = sent.json().created.id;
    const sup = await t.addUser('sup', ['supervisor']);
    await t.addUser('sysadmin', ['sysadmin']);
    expect((await t.as('sysadmin', { method: 'PUT', url: `/api/v1/supervision/members/${sup}`, payload: { body: 'supervision', bodyName: '区司法局' } })).statusCode).toBe(200);
    const changed = await t.as('sup', { method: 'POST', url: `/api/v1/supervision/referrals/${referralId}/decision`, payload: { outcome: 'changed', decidedOn: '2025-09-20', reason: '情节较轻', forms: ['FL-6(1)'] } });
    expect(changed.statusCode).toBe(200);
    const out = await act('clerk', 'execute_supervision_decision', { appealId, executedOn: '2025-09-20' });
    expect(out.statusCode).toBe(200);
    const decisions = out.json().case.decisions as { ruleEvaluationId: string | null }[];
    expect(decisions[0]!.ruleEvaluationId).toBe(first.id);
    expect(decisions[1]!.ruleEvaluationId).toBeTruthy();
    expect(decisions[1]!.ruleEvaluationId).not.toBe(first.id);
    const n = await decisionReceipts();
    expect(n).toHaveLength(2);
  });
});
