// Issue 10: a referral recorded as made (WC-9(3) 报告纪检监察机关 / 监察委员会, FL-12 移送司法机关)
// becomes a tracked execution item, shown on the execution tab with the referral's document and
// completed when the receiving body's receipt or result is recorded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { caseWithFinding, makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { driveCaseTo, holdMeeting } from '../../services/cases';

describe.each(engines)('referrals tracked in execution (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-30T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const backdateReason = '按会议记录和收文登记簿补录';

  async function decide(caseId: string, item: Record<string, unknown>) {
    const form = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/recommendation` })).json().output.subjects[0].forms.permitted[0].citations.find((x: string) => /^(FL-6|WC-10)/.test(x));
    const meetingId = await holdMeeting(w.ctx, caseId, 'decision', () => ({ items: [{ subjectPersonId: w.fx.handler.id, noAccountability: false, forms: [form] }] }), { on: '2025-09-30' });
    return t.as('decider', {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/actions/decide`,
      payload: { publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: await versionOf(w, caseId), backdateReason, meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: [form], ...item }] },
    });
  }

  type Item = { id: string; kind: string; citation: string; status: string; result: Record<string, unknown> | null };
  const itemsOf = async (caseId: string): Promise<Item[]> => (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}` })).json().executionItems;

  it('WC-9(3)/FL-12: referrals recorded as made become execution items with their document — once each, also with the decision\'s transfer flag; completed by the receipt or result', async () => {
    const c = await caseWithFinding(w, { disciplineSuspected: true, crimeSuspected: true });
    const url = `/api/v1/cases/${c.caseId}/referrals`;
    // FL-12: made ahead of the decision (no decision yet: nothing to execute).
    expect((await t.as('clerk', { method: 'POST', url, payload: { subjectPersonId: w.fx.handler.id, body: 'judicial', status: 'made', madeOn: '2025-09-08', documentRef: '巴住建问移〔2025〕2号' } })).statusCode).toBe(200);
    expect(await itemsOf(c.caseId)).toEqual([]);
    // WC-9(3): made in the decision itself; the decision also ticks the judicial transfer.
    const ok = await decide(c.caseId, { transferJudicial: true, referrals: [{ body: 'discipline_inspection', madeOn: '2025-09-10', documentRef: '巴住建问报〔2025〕1号' }] });
    expect(ok.statusCode).toBe(200);
    const afterDecision = await itemsOf(c.caseId);
    const discipline = afterDecision.find((e) => e.kind === 'discipline_transfer')!;
    expect(discipline).toMatchObject({ citation: 'WC-9(3)', status: 'open', result: { referral: expect.objectContaining({ body: 'discipline_inspection', documentRef: '巴住建问报〔2025〕1号', bodyZh: '纪检监察机关' }) } });
    expect(afterDecision.find((e) => e.kind === 'judicial_transfer')).toMatchObject({ citation: 'FL-12', status: 'open', result: { referral: expect.objectContaining({ documentRef: '巴住建问移〔2025〕2号' }) } });

    // Starting execution does not create the judicial transfer a second time.
    await driveCaseTo(w.ctx, c.caseId, 'executing');
    const executing = await itemsOf(c.caseId);
    expect(executing.filter((e) => e.kind === 'judicial_transfer')).toHaveLength(1);
    expect(executing.filter((e) => e.kind === 'discipline_transfer')).toHaveLength(1);

    // Completed only with the receiving body's receipt date or result (zh + en field error otherwise).
    const complete = async (payload: Record<string, unknown>) =>
      t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/complete_execution_item`, payload: { expectedVersion: await versionOf(w, c.caseId), itemId: discipline.id, doneOn: '2025-09-30', ...payload } });
    const bare = await complete({});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.code).toBe('VALIDATION_FAILED');
    expect(bare.json().error.messageZh).toContain('回执');
    const done = await complete({ note: '纪检监察组已立案审查。' });
    expect(done.statusCode).toBe(200);
    const completed = (await itemsOf(c.caseId)).find((e) => e.id === discipline.id)!;
    expect(completed).toMatchObject({ status: 'done', result: expect.objectContaining({ note: '纪检监察组已立案审查。', letterNo: '巴住建问报〔2025〕1号', receivingBody: '纪检监察机关' }) });
  });

  it('WC-9(3): a referral to the supervision commission recorded as made after the decision is tracked at once', async () => {
    const c = await caseWithFinding(w, { illegalitySuspected: true });
    const url = `/api/v1/cases/${c.caseId}/referrals`;
    const ok = await decide(c.caseId, { referrals: [{ body: 'supervision_commission', waivedReason: '待核实后再行报告' }] });
    expect(ok.statusCode).toBe(200);
    expect((await itemsOf(c.caseId)).some((e) => e.kind === 'supervision_referral')).toBe(false);
    const made = await t.as('clerk', { method: 'POST', url, payload: { subjectPersonId: w.fx.handler.id, body: 'supervision_commission', status: 'made', madeOn: '2025-09-20', documentRef: '巴住建问报〔2025〕3号' } });
    expect(made.statusCode).toBe(200);
    const items = (await itemsOf(c.caseId)).filter((e) => e.kind === 'supervision_referral');
    expect(items).toEqual([expect.objectContaining({ citation: 'WC-9(3)', status: 'open', result: { referral: expect.objectContaining({ body: 'supervision_commission', documentRef: '巴住建问报〔2025〕3号' }) } })]);
    // Recorded again: still one item.
    await t.as('clerk', { method: 'POST', url, payload: { subjectPersonId: w.fx.handler.id, body: 'supervision_commission', status: 'made', madeOn: '2025-09-20', documentRef: '巴住建问报〔2025〕3号' } });
    expect((await itemsOf(c.caseId)).filter((e) => e.kind === 'supervision_referral')).toHaveLength(1);
  });

  it('FL-6(5)/WC-10(6), WC-9(3): the web reads the execution item kinds and the kinds of sanction from the pack through the API; the server refuses a kind the pack does not list', async () => {
    const v = (await t.as('clerk', { method: 'GET', url: '/api/v1/rules/vocabulary' })).json();
    expect(v.executionKinds.certificate_suspension).toMatchObject({ zh: expect.stringContaining('暂扣'), forms: expect.arrayContaining(['FL-6(3)', 'WC-10(4)']), referral: false });
    expect(v.executionKinds.supervision_referral).toMatchObject({ referral: true });
    expect(Object.keys(v.sanctionKinds)).toEqual(['warning', 'demerit', 'major_demerit', 'demotion', 'dismissal_from_post', 'expulsion']);
    expect(v.sanctionKinds.demerit.zh).toBe('记过');
    const c = await makeCase(w, { to: 'investigating' });
    const r = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/complete_execution_item`, payload: { expectedVersion: await versionOf(w, c.caseId), itemId: 'x', doneOn: '2025-09-30', sanctionKind: 'flogging' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(r.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['sanctionKind']);
  });

  it('FL-7: an item id the rule pack does not know is refused on the server (the step schema checks only the form of a citation)', async () => {
    const c = await makeCase(w, { to: 'investigating' });
    const r = await t.as('investigator', {
      method: 'POST',
      url: `/api/v1/cases/${c.caseId}/actions/record_finding`,
      payload: { expectedVersion: await versionOf(w, c.caseId), subjectPersonId: w.fx.handler.id, faults: ['FL-7(9)'], culpability: 'intent', roleInOriginalCase: 'handler', consequences: { harm: 'minor', influence: 'none' }, narrative: '事实。' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('VALIDATION_FAILED');
    expect(r.json().error.messageZh).toContain('FL-7(9)');
    const derived = await t.as('investigator', {
      method: 'POST',
      url: `/api/v1/cases/${c.caseId}/actions/record_finding`,
      payload: { expectedVersion: await versionOf(w, c.caseId), subjectPersonId: w.fx.handler.id, faults: ['FL-7(3)'], circumstances: ['FL-10(6)'], culpability: 'intent', roleInOriginalCase: 'handler', consequences: { harm: 'minor', influence: 'none' }, narrative: '事实。' },
    });
    expect(derived.statusCode).toBe(400);
    expect(derived.json().error.messageZh).toContain('FL-10(6)');
  });
});
