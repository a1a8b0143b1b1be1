// Execution of the decision in force: each imposed consequence becomes a tracked item —
// certificate suspension (WC-10(4), applied to the certificate register), post change (FL-6(4),
// WC-10(5)), the year's award and promotion bars for the person and the award bar for the unit
// (FL-14, WC-10(3)), recovery of state compensation tracked to payment (FL-13), transfers to
// judicial (FL-12) or discipline bodies (WC-9(3)), and every other form (recorded as done).
import type { ActionInput } from '../../domain/cases';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { validationError } from '../../lib/validation';
import { suspendCertificates, peopleByIds } from './registers-adapter';
import { parseJson } from './repo';
import { receiptMandatoryOf } from './receipt-repo';
import type { StepCtx, StepHandler } from './step-types';

const field = (path: string, zh: string, en: string): AppError => validationError([{ code: 'custom', path: [path], message: `${zh} / ${en}` }]);

/** Items that are in effect the moment they are recorded (a bar on the year's awards). */
const DONE_ON_CREATION = new Set(['award_bar_person', 'award_bar_unit', 'promotion_bar_person']);

export async function createExecutionItems(s: StepCtx, decisionId: string, on: string, onlySubjects?: readonly string[]): Promise<number> {
  const items = await s.tx.selectFrom('case_decision_items').selectAll().where('decision_id', '=', decisionId).execute();
  const decision = await s.tx.selectFrom('case_decisions').select('decided_on').where('id', '=', decisionId).executeTakeFirstOrThrow();
  // 当年 (FL-14, WC-10(3)): the year the person is held accountable, i.e. of the decision.
  const year = Number(decision.decided_on.slice(0, 4));
  const people = await peopleByIds(s.tx, items.map((i) => i.subject_person_id));
  const fl = s.facts.tracks.includes('FL');
  // Every mandatory consequence of the decision's receipt reaches execution, whatever the tracks.
  const receipt = await receiptMandatoryOf(s.tx, decisionId);
  let n = 0;
  for (const it of items) {
    if (onlySubjects && !onlySubjects.includes(it.subject_person_id)) continue;
    if (Number(it.no_accountability) === 1) continue;
    const forms = parseJson<string[]>(it.forms, []);
    const unitId = people.get(it.subject_person_id)?.unitId ?? null;
    const planned = new Map<string, { citation: string; year?: number; unitId?: string | null; amount?: number }>();
    for (const f of forms) {
      if (f === 'WC-10(4)') planned.set('certificate_suspension', { citation: f });
      else if (f === 'FL-6(4)' || f === 'WC-10(5)') planned.set('post_change', { citation: f });
      else if (f === 'WC-10(3)') {
        planned.set('award_bar_person', { citation: f, year });
        planned.set('promotion_bar_person', { citation: f, year });
      } else if (f === 'FL-13' || f === 'FL-14') continue;
      else planned.set(`form:${f}`, { citation: f });
    }
    // FL-14: 因执法过错受到追究的责任人当年不得评为先进个人，所在单位不得评为先进集体 — follows from
    // being held accountable on the fault track, whether or not FL-14 was ticked.
    if (fl || forms.includes('FL-14') || receipt.get(it.subject_person_id)?.has('award_bar_person')) {
      if (!planned.has('award_bar_person')) planned.set('award_bar_person', { citation: 'FL-14', year });
      planned.set('award_bar_unit', { citation: 'FL-14', year, unitId });
    }
    if (it.compensation_fen && it.compensation_fen > 0) planned.set('compensation_recovery', { citation: 'FL-13', amount: it.compensation_fen });
    if (Number(it.transfer_judicial) === 1) planned.set('judicial_transfer', { citation: 'FL-12' });
    if (Number(it.transfer_discipline) === 1) planned.set('discipline_transfer', { citation: 'WC-9(3)' });
    for (const [key, p] of planned) {
      const kind = key.startsWith('form:') ? 'other' : key;
      const done = DONE_ON_CREATION.has(kind);
      await s.tx
        .insertInto('case_execution_items')
        .values({
          id: newId(),
          case_id: s.row.id,
          decision_id: decisionId,
          subject_person_id: it.subject_person_id,
          kind,
          citation: p.citation,
          year: p.year ?? null,
          unit_id: kind === 'award_bar_unit' ? (p.unitId ?? null) : unitId,
          amount_fen: p.amount ?? null,
          status: done ? 'done' : 'open',
          done_on: done ? on : null,
          result: null,
          created_at: s.now,
          updated_at: s.now,
        })
        .execute();
      n++;
    }
  }
  return n;
}

const startExecution: StepHandler = async (s) => {
  const i = s.input as ActionInput<'StartExecutionInput'>;
  const d = await s.tx.selectFrom('case_decisions').select('id').where('case_id', '=', s.row.id).where('status', '=', 'in_force').executeTakeFirstOrThrow();
  const n = await createExecutionItems(s, d.id, i.startedOn);
  return { data: { startedOn: i.startedOn, decisionId: d.id, items: n } };
};

const completeItem: StepHandler = async (s) => {
  const i = s.input as ActionInput<'CompleteExecutionInput'>;
  const item = await s.tx.selectFrom('case_execution_items').selectAll().where('id', '=', i.itemId).where('case_id', '=', s.row.id).executeTakeFirst();
  if (!item) throw field('itemId', '本案无此执行事项', 'no such execution item in this case');
  if (item.status !== 'open') throw new AppError('PRECONDITION_FAILED', { zh: '该执行事项已办结', en: 'that execution item is already done' });
  if (item.kind === 'compensation_recovery') {
    throw new AppError('PRECONDITION_FAILED', { zh: '赔偿费用追偿以缴纳登记办结（FL-13）', en: 'compensation recovery is completed by recording payments (FL-13)' });
  }
  let result: Record<string, unknown> = { note: i.note ?? null };
  if (item.kind === 'certificate_suspension') {
    // WC-10(4) 暂停执法（暂扣行政执法证）: the certificate register records the suspension and
    // names this case, so the certificate's history shows why.
    const ids = await suspendCertificates(s.tx, {
      personId: item.subject_person_id,
      certificateId: i.certificateId,
      caseId: s.row.id,
      reference: s.row.number,
      effectiveDate: i.doneOn,
      reason: `问责处理决定：暂停执法（暂扣行政执法证）（WC-10(4)）`,
      actorId: s.ctx.actor.userId,
      now: s.now,
    });
    result = { ...result, certificateIds: ids };
  }
  if (item.kind === 'post_change') {
    if (!i.newPost) throw field('newPost', '调离执法岗位须填写新岗位', 'a post change needs the new post');
    result = { ...result, newPost: i.newPost };
  }
  await s.tx.updateTable('case_execution_items').set({ status: 'done', done_on: i.doneOn, result: JSON.stringify(result), updated_at: s.now }).where('id', '=', item.id).execute();
  return { data: { itemId: item.id, kind: item.kind, doneOn: i.doneOn, ...result } };
};

const recordPayment: StepHandler = async (s) => {
  const i = s.input as ActionInput<'PaymentInput'>;
  const item = await s.tx.selectFrom('case_execution_items').selectAll().where('id', '=', i.itemId).where('case_id', '=', s.row.id).executeTakeFirst();
  if (!item || item.kind !== 'compensation_recovery') throw field('itemId', '本案无此赔偿费用追偿事项', 'no such compensation recovery item in this case');
  if (item.status !== 'open') throw new AppError('PRECONDITION_FAILED', { zh: '该追偿事项已办结', en: 'that recovery is already complete' });
  const paid = await s.tx.selectFrom('case_payments').select((eb) => eb.fn.sum<number>('amount_fen').as('s')).where('execution_item_id', '=', item.id).executeTakeFirst();
  const before = Number(paid?.s ?? 0);
  const due = Number(item.amount_fen ?? 0);
  if (before + i.amountFen > due) throw field('amountFen', `超过应追偿余额 ${(due - before) / 100} 元`, `exceeds the outstanding ${(due - before) / 100} yuan`);
  const id = newId();
  await s.tx
    .insertInto('case_payments')
    .values({ id, case_id: s.row.id, execution_item_id: item.id, amount_fen: i.amountFen, paid_on: i.paidOn, note: i.note ?? null, recorded_by: s.ctx.actor.userId, recorded_at: s.now })
    .execute();
  const total = before + i.amountFen;
  if (total >= due) {
    await s.tx.updateTable('case_execution_items').set({ status: 'done', done_on: i.paidOn, result: JSON.stringify({ paidFen: total }), updated_at: s.now }).where('id', '=', item.id).execute();
  }
  return { data: { paymentId: id, itemId: item.id, amountFen: i.amountFen, paidOn: i.paidOn, paidTotalFen: total, dueFen: due }, created: { kind: 'payment', id } };
};

export const EXECUTION_STEPS = {
  start_execution: startExecution,
  complete_execution_item: completeItem,
  record_payment: recordPayment,
};
