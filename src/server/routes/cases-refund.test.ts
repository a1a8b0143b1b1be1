// FL-13 recovery under a decision the outside body (WC-11) revokes or changes (red-team walk of
// 2026-12-07, "A reversed payment"): what the officer paid above what is now owed becomes a refund
// item (退还) of the commission's, carried out and recorded like other execution items, holding
// the case open until it is done. Over HTTP, on both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { addOriginalCaseCompensation } from '../../services/registers';

interface Item {
  id: string;
  kind: string;
  status: string;
  citation: string;
  amountFen: number | null;
  paidFen: number;
  doneOn: string | null;
  result: Record<string, unknown> | null;
}

describe.each(engines)('FL-13 refunds after an outside body’s decision (WC-11) (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-12-01T02:00:00.000Z'));
    const sup = await t.addUser('sup', ['supervisor']);
    await t.addUser('sysadmin', ['sysadmin']);
    expect((await t.as('sysadmin', { method: 'PUT', url: `/api/v1/supervision/members/${sup}`, payload: { body: 'supervision', bodyName: '区司法局' } })).statusCode).toBe(200);
  });
  afterEach(async () => t.close());

  const BACKDATE = '按纸质记录补录';
  const act = async (user: string, caseId: string, action: string, body: Record<string, unknown>) =>
    t.as(user, { method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, payload: { expectedVersion: await versionOf(w, caseId), backdateReason: BACKDATE, ...body } });
  const items = async (caseId: string): Promise<Item[]> => (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}` })).json().executionItems;
  const ofKind = async (caseId: string, kind: string): Promise<Item[]> => (await items(caseId)).filter((e) => e.kind === kind);

  /** An executing case recovering ¥5,000 (FL-13) from the handler, of the ¥5,000 state compensation paid. */
  async function recovering(): Promise<string> {
    await addOriginalCaseCompensation({ ...t.deps, actor: SYSTEM_ACTOR }, w.fx.originalCase.id, { amountFen: 500_000, paidDate: '2025-10-05', decisionNo: '巴南法赔〔2025〕2号' });
    const c = await makeCase(w, { tracks: ['FL', 'WC'], source: 'wc5', to: 'executing', drive: { on: '2025-10-10', forms: { [w.fx.handler.id]: ['FL-6(2)'] }, compensationFen: { [w.fx.handler.id]: 500_000 } } });
    return c.caseId;
  }
  const pay = async (caseId: string, amountFen: number, paidOn: string) => {
    const item = (await ofKind(caseId, 'compensation_recovery')).find((e) => e.status === 'open')!;
    const r = await act('clerk', caseId, 'record_payment', { itemId: item.id, amountFen, paidOn });
    expect(r.statusCode, r.body).toBe(200);
  };
  /** The handler appeals (WC-11), the clerk refers it, the body decides, the commission executes it. */
  async function bodyDecides(caseId: string, decision: Record<string, unknown>, on: { filed: string; decided: string; executed: string }) {
    const appealId = (await act('subject', caseId, 'file_defence', { subjectPersonId: w.fx.handler.id, kind: 'appeal', appealBody: 'supervision', filedOn: on.filed, statement: '追偿数额过高，请求变更或撤销。' })).json().created.id;
    const referralId = (await act('clerk', caseId, 'refer_appeal', { appealId, sentOn: on.filed, letterNo: `巴住建问移〔2025〕${on.filed.slice(-2)}号` })).json().created.id;
    const decided = await t.as('sup', { method: 'POST', url: `/api/v1/supervision/referrals/${referralId}/decision`, payload: { decidedOn: on.decided, ...decision } });
    expect(decided.statusCode, decided.body).toBe(200);
    const done = await act('clerk', caseId, 'execute_supervision_decision', { appealId, executedOn: on.executed });
    expect(done.statusCode, done.body).toBe(200);
  }
  const revoke = (caseId: string) => bodyDecides(caseId, { outcome: 'revoked', reason: '原认定事实不清，撤销处理决定。' }, { filed: '2025-10-20', decided: '2025-10-22', executed: '2025-10-23' });
  const lowerTo = (caseId: string, compensationFen: number, on = { filed: '2025-10-20', decided: '2025-10-22', executed: '2025-10-23' }) =>
    bodyDecides(caseId, { outcome: 'changed', forms: ['FL-6(2)'], compensationFen, reason: '追偿数额与过错程度不相当，予以变更。' }, on);
  /**
   * WC-11: the body's changed decision is served on the officer (a written waiver of the defence
   * at service) and its execution started — only then is its recovery collected.
   */
  const serve = async (caseId: string, on: string) => {
    const r = await act('clerk', caseId, 'notify', { subjectPersonId: w.fx.handler.id, notifiedOn: on, method: 'in_person', defenceWaived: true, waiverNote: '送达回证上本人签署放弃' });
    expect(r.statusCode, r.body).toBe(200);
  };
  const serveAndStart = async (caseId: string, on: string) => {
    await serve(caseId, on);
    const r = await act('clerk', caseId, 'start_execution', { startedOn: on });
    expect(r.statusCode, r.body).toBe(200);
  };
  /** Everything stored about the case's execution, to compare before and after a refusal. */
  const stored = async (caseId: string) => {
    const k = t.deps.db.kysely;
    return {
      items: await k.selectFrom('case_execution_items').selectAll().where('case_id', '=', caseId).orderBy('id').execute(),
      payments: await k.selectFrom('case_payments').selectAll().where('case_id', '=', caseId).orderBy('id').execute(),
      version: await versionOf(w, caseId),
      audit: (await k.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    };
  };

  it('FL-13/WC-11: a recovery paid in full under a decision the outside body revokes yields a refund item of the amount paid, owed by the commission; the case stays open until it is done', async () => {
    const caseId = await recovering();
    await pay(caseId, 200_000, '2025-10-15');
    await pay(caseId, 300_000, '2025-10-16');
    await revoke(caseId);
    const [recovery] = await ofKind(caseId, 'compensation_recovery');
    expect(recovery).toMatchObject({ status: 'reversed', paidFen: 500_000 });
    const refunds = await ofKind(caseId, 'compensation_refund');
    expect(refunds).toEqual([expect.objectContaining({ status: 'open', citation: 'WC-11', amountFen: 500_000, doneOn: null })]);
    expect(refunds[0]!.result).toMatchObject({ paidTotalFen: 500_000, owedFen: 0, refundedBy: 'commission' });
    // the officer's profile lists it where execution items show, with its amount
    const profile = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${w.fx.handler.id}/profile` })).json();
    expect(profile.execution).toContainEqual(expect.objectContaining({ kind: 'compensation_refund', citation: 'WC-11', amountFen: 500_000, status: 'open' }));
    // restored rather than left standing: FL-14's bars for the year are withdrawn with the decision (not in the report)
    expect((await ofKind(caseId, 'award_bar_person')).map((e) => e.status)).toEqual(['cancelled']);
    expect((await t.as('leader', { method: 'GET', url: '/api/v1/reports/award-bars?year=2025' })).json().people).toEqual([]);
    // closing with the refund outstanding is refused
    const early = await act('clerk', caseId, 'close', { closedOn: '2025-10-30', summary: '撤销原决定，结案。' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.code).toBe('PRECONDITION_FAILED');
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}` })).json().state).toBe('executing');
  });

  it('WC-11: only a changed decision of the outside body gives a new amount to recover — with an upheld or revoked one it is refused and nothing is recorded', async () => {
    const caseId = await recovering();
    const appealId = (await act('subject', caseId, 'file_defence', { subjectPersonId: w.fx.handler.id, kind: 'appeal', appealBody: 'supervision', filedOn: '2025-10-20', statement: '请求撤销。' })).json().created.id;
    const referralId = (await act('clerk', caseId, 'refer_appeal', { appealId, sentOn: '2025-10-20', letterNo: '巴住建问移〔2025〕20号' })).json().created.id;
    for (const outcome of ['upheld', 'revoked']) {
      const r = await t.as('sup', { method: 'POST', url: `/api/v1/supervision/referrals/${referralId}/decision`, payload: { outcome, decidedOn: '2025-10-22', reason: '维持或撤销，另给金额。', compensationFen: 100_000 } });
      expect(r.statusCode, outcome).toBe(400);
    }
    expect((await t.as('sup', { method: 'GET', url: `/api/v1/supervision/referrals/${referralId}` })).json()).toMatchObject({ outcome: 'pending', outcomeCompensationFen: null });
  });

  it('FL-13/WC-11: a recovery paid in part under a revoked decision yields a refund of what was paid, no more', async () => {
    const caseId = await recovering();
    await pay(caseId, 120_000, '2025-10-15');
    await revoke(caseId);
    expect((await ofKind(caseId, 'compensation_recovery')).map((e) => e.status)).toEqual(['cancelled']);
    expect(await ofKind(caseId, 'compensation_refund')).toEqual([expect.objectContaining({ status: 'open', amountFen: 120_000 })]);
  });

  it('FL-13/WC-11: an amount the outside body lowers yields a refund of the excess only; the recovery stands at the new amount', async () => {
    const caseId = await recovering();
    await pay(caseId, 500_000, '2025-10-15');
    await lowerTo(caseId, 200_000);
    expect(await ofKind(caseId, 'compensation_recovery')).toEqual([expect.objectContaining({ status: 'done', amountFen: 200_000, paidFen: 500_000 })]);
    expect(await ofKind(caseId, 'compensation_refund')).toEqual([expect.objectContaining({ status: 'open', amountFen: 300_000 })]);
  });

  it('FL-13/WC-11: an amount lowered above what was paid leaves no refund and the rest still to collect — never the part paid twice', async () => {
    const caseId = await recovering();
    await pay(caseId, 100_000, '2025-10-15');
    await lowerTo(caseId, 200_000);
    expect(await ofKind(caseId, 'compensation_refund')).toEqual([]);
    const [recovery] = await ofKind(caseId, 'compensation_recovery');
    expect(recovery).toMatchObject({ status: 'open', amountFen: 200_000, paidFen: 100_000 });
    // WC-11: the rest is collected once the changed decision is served and its execution started
    const unserved = await act('clerk', caseId, 'record_payment', { itemId: recovery!.id, amountFen: 100_000, paidOn: '2025-10-24' });
    expect(unserved.statusCode).toBe(422);
    expect(unserved.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11', subjectPersonId: w.fx.handler.id } });
    await serveAndStart(caseId, '2025-10-25');
    expect((await ofKind(caseId, 'compensation_recovery'))).toEqual([expect.objectContaining({ id: recovery!.id, status: 'open', amountFen: 200_000, paidFen: 100_000 })]);
    expect((await act('clerk', caseId, 'record_payment', { itemId: recovery!.id, amountFen: 100_001, paidOn: '2025-10-27' })).statusCode).toBe(400);
    await pay(caseId, 100_000, '2025-10-27');
    expect((await ofKind(caseId, 'compensation_recovery'))[0]).toMatchObject({ status: 'done', paidFen: 200_000 });
  });

  it('FL-13/WC-11: recording the refund done (amount, date, voucher) closes it and the case can then close', async () => {
    const caseId = await recovering();
    await pay(caseId, 500_000, '2025-10-15');
    await revoke(caseId);
    const [refund] = await ofKind(caseId, 'compensation_refund');
    const before = await stored(caseId);
    const noVoucher = await act('clerk', caseId, 'complete_execution_item', { itemId: refund!.id, doneOn: '2025-10-28', amountFen: 500_000 });
    expect(noVoucher.statusCode).toBe(400);
    expect(await stored(caseId)).toEqual(before);
    const done = await act('clerk', caseId, 'complete_execution_item', { itemId: refund!.id, doneOn: '2025-10-28', amountFen: 500_000, voucherRef: '巴住建财退〔2025〕3号' });
    expect(done.statusCode, done.body).toBe(200);
    expect((await ofKind(caseId, 'compensation_refund'))[0]).toMatchObject({ status: 'done', doneOn: '2025-10-28', result: expect.objectContaining({ refundedFen: 500_000, voucherRef: '巴住建财退〔2025〕3号', refundedBy: 'commission' }) });
    // WC-11: the revoking decision is served on the officer before the case closes
    expect((await act('clerk', caseId, 'close', { closedOn: '2025-10-30', summary: '撤销原决定，追偿款已退还，结案。' })).json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11' } });
    await serve(caseId, '2025-10-29');
    expect((await act('clerk', caseId, 'close', { closedOn: '2025-10-30', summary: '撤销原决定，追偿款已退还，结案。' })).statusCode).toBe(200);
  });

  it('FL-13/WC-11: a refund recorded done cannot be recorded again (while the case still executes other items); nothing stored changes', async () => {
    const caseId = await recovering();
    await pay(caseId, 500_000, '2025-10-15');
    await lowerTo(caseId, 200_000);
    const [refund] = await ofKind(caseId, 'compensation_refund');
    expect((await act('clerk', caseId, 'complete_execution_item', { itemId: refund!.id, doneOn: '2025-10-28', amountFen: 300_000, voucherRef: '巴住建财退〔2025〕3号' })).statusCode).toBe(200);
    await serveAndStart(caseId, '2025-10-28');
    // the written self-examination the changed decision still orders is open: the step is offered
    expect((await ofKind(caseId, 'written_self_examination')).map((e) => e.status)).toContain('open');
    const before = await stored(caseId);
    const again = await act('clerk', caseId, 'complete_execution_item', { itemId: refund!.id, doneOn: '2025-10-29', amountFen: 300_000, voucherRef: '巴住建财退〔2025〕4号' });
    expect(again.statusCode).toBe(422);
    expect(again.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', messageZh: expect.stringContaining('已办结') });
    expect(await stored(caseId)).toEqual(before);
  });

  it('FL-13/WC-11: a refund above the amount due (paid above what is now owed), or below it, is refused and nothing stored changes', async () => {
    const caseId = await recovering();
    await pay(caseId, 500_000, '2025-10-15');
    await lowerTo(caseId, 200_000);
    const [refund] = await ofKind(caseId, 'compensation_refund');
    const before = await stored(caseId);
    for (const amountFen of [300_001, 500_000, 299_999]) {
      const r = await act('clerk', caseId, 'complete_execution_item', { itemId: refund!.id, doneOn: '2025-10-28', amountFen, voucherRef: '巴住建财退〔2025〕3号' });
      expect(r.statusCode, String(amountFen)).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await stored(caseId)).toEqual(before);
  });

  it('FL-13/WC-11: a second body decision recomputes the refund — an open refund replaced by the new amount; one already made counted, never refunded twice', async () => {
    const caseId = await recovering();
    await pay(caseId, 500_000, '2025-10-15');
    await lowerTo(caseId, 300_000);
    const [first] = await ofKind(caseId, 'compensation_refund');
    expect(first).toMatchObject({ status: 'open', amountFen: 200_000 });
    await serve(caseId, '2025-10-24');
    // lowered again before the refund was made: the open refund is replaced by one of the whole excess
    await lowerTo(caseId, 250_000, { filed: '2025-11-03', decided: '2025-11-05', executed: '2025-11-06' });
    let refunds = await ofKind(caseId, 'compensation_refund');
    expect(refunds.map((e) => [e.status, e.amountFen])).toEqual([
      ['cancelled', 200_000],
      ['open', 250_000],
    ]);
    const done = await act('clerk', caseId, 'complete_execution_item', { itemId: refunds[1]!.id, doneOn: '2025-11-07', amountFen: 250_000, voucherRef: '巴住建财退〔2025〕5号' });
    expect(done.statusCode, done.body).toBe(200);
    await serve(caseId, '2025-11-07');
    // lowered a third time after that refund was made: only the further excess is due
    await lowerTo(caseId, 100_000, { filed: '2025-11-10', decided: '2025-11-12', executed: '2025-11-13' });
    refunds = await ofKind(caseId, 'compensation_refund');
    expect(refunds.map((e) => [e.status, e.amountFen])).toEqual([
      ['cancelled', 200_000],
      ['done', 250_000],
      ['open', 150_000],
    ]);
    expect((await ofKind(caseId, 'compensation_recovery'))[0]).toMatchObject({ status: 'done', amountFen: 100_000 });
  });
});
