// Execution of the decision in force (FL-6, FL-11, FL-13, FL-14, WC-10). Each imposed form
// becomes a TYPED execution item with its own input and its effect on the registers, written in
// the same transaction as the step through the registers' `…InTx` functions:
//   批评教育 (FL-6(1))                  the talk recorded (note); a 通报 may be linked
//   书面检查/检讨 (FL-6(2), WC-10(1))     receipt date + the document (evidence item or archive ref)
//   通报批评 (WC-10(2))                  the issued publication notice (document id or 发文字号)
//   停止执行职务/暂扣执法证 (FL-6(3), WC-10(4)) certificate suspended in the register for the
//                                       period and valid again from the day after (both recorded)
//   调离执法岗位 (FL-6(4), WC-10(5))      post and unit changed in the people register, with history
//   年度不予考核、延期晋职晋级 (FL-11)       bars per person and year, in effect when recorded
//   取消当年评先和晋升资格 (WC-10(3)), FL-14 award bars (person and unit), as before
//   纪律处分/行政处分 (FL-6(5), WC-10(6))  the kind (警告 … 开除) and the body that imposed it
//   移送司法机关 (FL-6(6), FL-12) / 纪检监察 (WC-9(3)) the letter and the receiving body
//   追偿 (FL-13)                          tracked to payment
//   退还 (FL-13 after WC-11)              what was paid above what a later decision leaves owed,
//                                       returned by the commission: amount, date and voucher
// A decision superseded after an appeal (WC-11) adjusts what was executed: open items cancelled,
// bars lifted (a change awaiting its service keeps them until it starts), a suspension ended early, a post restored (or kept with a note) — each reversal
// recorded on the item and in the registers' history, nothing deleted.
import { unexecutedChangingReferrals } from '../../repositories/cases/appeal-referral-repo';
import { ADVERSE_EXECUTION_KINDS, recordRetaliationSignals } from '../reporter/retaliation';
import type { ActionInput } from '../../domain/cases';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { validationError } from '../../lib/validation';
import { assertDefencePeriodRun } from './defence-period';
import { markExecutionStarted } from '../../repositories/cases/decision-repo';
import { changePersonPostInTx, endSuspensionEarlyInTx, suspendCertificateForPeriod } from '../registers';
import { peopleByIds } from './registers-adapter';
import { parseJson } from './repo';
import { receiptForExecution } from './receipt-repo';
import type { StepCtx, StepHandler } from './step-types';
import { EXECUTION_VOCABULARY } from '../../domain/cases/citations';
import type { ReferralOnItem } from './referral-execution';
import {
  caseDocument,
  decisionDate,
  decisionItemOf,
  decisionItems,
  endExecutionItem,
  evidenceOfCase,
  executionItemOfCase,
  executionItemsOfSubject,
  finishExecutionItem,
  finishOpenExecutionItem,
  inForceDecisionId,
  insertExecutionItem,
  insertPayment,
  liveItemKeysOfDecision,
  liveItemsOfSubject,
  paidOnItems,
  resetRecoveryItem,
  validCertificatesOf,
} from '../../repositories/cases/execution-items-repo';

const field = (path: string, zh: string, en: string): AppError => validationError([{ code: 'custom', path: [path], message: `${zh} / ${en}` }]);

/** FL-6(5)/WC-10(6): the kinds of 处分 the execution step records (the pack's). */
export const SANCTION_KINDS = EXECUTION_VOCABULARY.sanctionKinds;
const KINDS = EXECUTION_VOCABULARY.kinds;

/** Items that are in effect the moment they are recorded (a bar on the year's awards, assessment, promotion). */
const BAR_KINDS = Object.keys(KINDS).filter((k) => KINDS[k]!.inEffectOnRecord);
const DONE_ON_CREATION = new Set(BAR_KINDS);
/** The kinds a form creates, in the pack's order (a form may create several, e.g. WC-10(3), FL-11). */
const KINDS_OF_FORM = new Map<string, string[]>();
for (const [kind, k] of Object.entries(KINDS)) for (const f of k.forms) KINDS_OF_FORM.set(f, [...(KINDS_OF_FORM.get(f) ?? []), kind]);
const { awardBars: AWARD_BARS, recovery: RECOVERY, referrals: REFERRAL_ITEMS } = EXECUTION_VOCABULARY;
const REFUND = RECOVERY.refund;
const yuan = (fen: number): string => (fen / 100).toFixed(2);

/**
 * FL-13 money of one subject in a case, across decisions: paid on any recovery item (also one a
 * later decision cancelled or reversed), returned by refund items done, and set aside to return by
 * refund items open. `held` is what the commission still holds; `available` what counts towards
 * the recovery now owed (held less what is to be returned).
 */
async function recoveryLedger(q: StepCtx['tx'], caseId: string, subjectPersonId: string) {
  const recoveries = await executionItemsOfSubject(q, caseId, subjectPersonId, RECOVERY.kind);
  const refunds = REFUND ? await executionItemsOfSubject(q, caseId, subjectPersonId, REFUND.kind) : [];
  const paid = await paidOnItems(q, recoveries.map((r) => r.id));
  const sum = (rows: typeof refunds): number => rows.reduce((t, r) => t + Number(r.amount_fen ?? 0), 0);
  const refunded = sum(refunds.filter((r) => r.status === 'done'));
  const toRefund = sum(refunds.filter((r) => r.status === 'open'));
  const held = paid - refunded;
  return { recoveries, refunds, paid, refunded, toRefund, held, available: held - toRefund };
}

interface Planned {
  citation: string;
  year?: number;
  unitId?: string | null;
  amount?: number;
}

/** The execution items a decision item implies, by kind (`form:<citation>` for untyped forms); the mapping is the pack's. */
export function planOf(forms: readonly string[], it: { fl: boolean; compensationFen: number | null; transferJudicial: boolean; transferDiscipline: boolean }, year: number, unitId: string | null): Map<string, Planned> {
  const planned = new Map<string, Planned>();
  for (const f of forms) {
    const kinds = KINDS_OF_FORM.get(f);
    if (kinds) for (const kind of kinds) planned.set(kind, KINDS[kind]!.perYear ? { citation: f, year } : { citation: f });
    else if (f === AWARD_BARS.citation || f === RECOVERY.citation) continue; // consequences, below
    else planned.set(`form:${f}`, { citation: f });
  }
  // The award bars follow from being held accountable on the fault track, whether or not ticked.
  if (it.fl || forms.includes(AWARD_BARS.citation)) {
    if (!planned.has(AWARD_BARS.person)) planned.set(AWARD_BARS.person, { citation: AWARD_BARS.citation, year });
    planned.set(AWARD_BARS.unit, { citation: AWARD_BARS.citation, year, unitId });
  }
  if (it.compensationFen && it.compensationFen > 0) planned.set(RECOVERY.kind, { citation: RECOVERY.citation, amount: it.compensationFen });
  const judicial = REFERRAL_ITEMS['judicial'];
  const discipline = REFERRAL_ITEMS['discipline_inspection'];
  if (it.transferJudicial && judicial && !planned.has(judicial.kind)) planned.set(judicial.kind, { citation: judicial.citation });
  if (it.transferDiscipline && discipline) planned.set(discipline.kind, { citation: discipline.citation });
  return planned;
}

const kindOf = (key: string): string => (key.startsWith('form:') ? 'other' : key);

async function planForDecisionItem(s: StepCtx, decisionId: string, subjectPersonId: string): Promise<Set<string>> {
  const it = await decisionItemOf(s.tx, decisionId, subjectPersonId);
  if (!it || Number(it.no_accountability) === 1) return new Set();
  const plan = planOf(parseJson<string[]>(it.forms, []), { fl: s.facts.tracks.includes('FL'), compensationFen: it.compensation_fen, transferJudicial: Number(it.transfer_judicial) === 1, transferDiscipline: Number(it.transfer_discipline) === 1 }, 0, null);
  return new Set([...plan.keys()].map(kindOf));
}

/** Per subject of a decision (or those named) held accountable: the execution items it implies, by kind, and the unit they name. */
async function plansOfDecision(s: StepCtx, decisionId: string, onlySubjects?: readonly string[]): Promise<{ subjectPersonId: string; unitId: string | null; planned: Map<string, Planned> }[]> {
  const items = await decisionItems(s.tx, decisionId);
  // 当年 (FL-14, WC-10(3), FL-11): the year the person is held accountable, i.e. of the decision.
  const year = Number((await decisionDate(s.tx, decisionId)).slice(0, 4));
  const people = await peopleByIds(s.tx, items.map((i) => i.subject_person_id));
  const fl = s.facts.tracks.includes('FL');
  // Every mandatory consequence of the decision's receipt reaches execution, whatever the tracks.
  const { mandatory: receipt, units: unitsAtDecision } = await receiptForExecution(s.tx, decisionId);
  const out: { subjectPersonId: string; unitId: string | null; planned: Map<string, Planned> }[] = [];
  for (const it of items) {
    if (onlySubjects && !onlySubjects.includes(it.subject_person_id)) continue;
    if (Number(it.no_accountability) === 1) continue;
    const forms = parseJson<string[]>(it.forms, []);
    const unitId = unitsAtDecision.get(it.subject_person_id) ?? people.get(it.subject_person_id)?.unitId ?? null;
    // FL-14 also when the stored receipt lists its bars as mandatory, whatever the tracks (issue 10 point 10)
    const flBars = fl || Boolean(receipt.get(it.subject_person_id)?.has('award_bar_person'));
    const planned = planOf(forms, { fl: flBars, compensationFen: it.compensation_fen, transferJudicial: Number(it.transfer_judicial) === 1, transferDiscipline: Number(it.transfer_discipline) === 1 }, year, unitId);
    out.push({ subjectPersonId: it.subject_person_id, unitId, planned });
  }
  return out;
}

export async function createExecutionItems(s: StepCtx, decisionId: string, on: string, onlySubjects?: readonly string[], skip?: ReadonlySet<string>): Promise<number> {
  // Items already tracked for this decision (a referral recorded as made, WC-9(3)/FL-12): not twice.
  const live = await liveItemKeysOfDecision(s.tx, decisionId);
  let n = 0;
  for (const { subjectPersonId, unitId, planned } of await plansOfDecision(s, decisionId, onlySubjects)) {
    for (const [key, p] of planned) {
      const kind = kindOf(key);
      if (skip?.has(kind) || (kind !== 'other' && live.has(`${subjectPersonId}|${kind}`))) continue;
      const done = DONE_ON_CREATION.has(kind);
      await insertExecutionItem(s.tx, {
        id: newId(),
        case_id: s.row.id,
        decision_id: decisionId,
        subject_person_id: subjectPersonId,
        kind,
        citation: p.citation,
        year: p.year ?? null,
        unit_id: kind === EXECUTION_VOCABULARY.awardBars.unit ? (p.unitId ?? null) : unitId,
        amount_fen: p.amount ?? null,
        status: done ? 'done' : 'open',
        done_on: done ? on : null,
        result: null,
        created_at: s.now,
        updated_at: s.now,
      });
      n++;
    }
  }
  return n;
}

/**
 * FL-14 (and FL-11, WC-10(3)): the year's bars of a subject whose part was changed during
 * execution stay as the decision in force imposed them until the changed part takes effect for
 * the subject — the start of its execution after its service (WC-11) — so that no award is given
 * in between. Then they follow the changed part: a bar it still orders for the same year (当年 of
 * the decision holding the person accountable) and unit is kept as it stands; any other is lifted
 * on that day, and the bars it orders anew are created with its other items.
 */
async function barsFollowChange(s: StepCtx, decisionId: string, subjectPersonId: string, on: string): Promise<Record<string, unknown>[]> {
  const planned = (await plansOfDecision(s, decisionId, [subjectPersonId]))[0]?.planned ?? new Map<string, Planned>();
  const out: Record<string, unknown>[] = [];
  for (const it of await liveItemsOfSubject(s.tx, s.row.id, subjectPersonId)) {
    if (!BAR_KINDS.includes(it.kind) || it.decision_id === decisionId) continue;
    const p = planned.get(it.kind);
    const unitOf = it.kind === AWARD_BARS.unit ? (p?.unitId ?? null) : it.unit_id;
    if (p && p.year === it.year && unitOf === it.unit_id) {
      out.push({ itemId: it.id, kind: it.kind, effect: 'kept', year: it.year });
      continue;
    }
    const result = parseJson<Record<string, unknown>>(it.result, {});
    const lifted = { on, reason: p ? `变更后的处理决定开始执行，按其决定年度（${p.year}）重新记载（FL-14，WC-11）` : '变更后的处理决定开始执行，不再有此限制（FL-14，WC-11）', decisionId };
    await endExecutionItem(s.tx, it.id, 'cancelled', { ...result, cancelled: lifted }, s.now);
    out.push({ itemId: it.id, kind: it.kind, effect: 'lifted', year: it.year });
  }
  return out;
}

/**
 * Execution of the decision in force, for each subject whose execution of it has not started:
 * every subject at first; during execution, a subject whose part a later decision changed (WC-11),
 * once that decision is served on them and their period to state a defence has run — its new
 * items are created then (not at the change), beside the items it still orders, and the FL-13
 * recovery is settled again against what the subject has paid.
 */
const startExecution: StepHandler = async (s) => {
  const i = s.input as ActionInput<'StartExecutionInput'>;
  const decisionId = await inForceDecisionId(s.tx, s.row.id);
  if (!decisionId) throw new AppError('PRECONDITION_FAILED', { zh: '本案没有生效的处理决定', en: 'the case has no decision in force' });
  await assertDefencePeriodRun(s, decisionId, i.startedOn);
  const subjects = s.facts.unexecutedSubjectIds ?? s.facts.decisionSubjectIds;
  let n = 0;
  if (s.row.state === 'executing') {
    if (i.startedOn < (await decisionDate(s.tx, decisionId))) throw field('startedOn', '执行日期不能早于处理决定日期', 'execution cannot precede the decision');
    for (const p of subjects) {
      // FL-14: the bars kept through the change now follow it (kept, or lifted for the year it orders)
      await barsFollowChange(s, decisionId, p, i.startedOn);
      // what this subject's execution already carries (kept from before the change) is not created twice
      const live = new Set((await liveItemsOfSubject(s.tx, s.row.id, p)).map((it) => it.kind));
      n += await createExecutionItems(s, decisionId, i.startedOn, [p], live);
      await settleRecovery(s, p, decisionId, i.startedOn, '变更后的处理决定送达后开始执行（WC-11）');
    }
  } else {
    n = await createExecutionItems(s, decisionId, i.startedOn);
  }
  await markExecutionStarted(s.tx, decisionId, subjects, i.startedOn);
  return { data: { startedOn: i.startedOn, decisionId, items: n, subjectPersonIds: [...subjects] } };
};

/**
 * WC-11: a subject whose changed part awaits its service and the start of its execution is not
 * executed on meanwhile — no item of theirs completed, no payment collected — save a refund the
 * commission owes them (what the change no longer orders was already ended, in their favour).
 */
function refuseWhileChangeUnserved(s: Parameters<StepHandler>[0], item: { kind: string; subject_person_id: string }): void {
  if (REFUND && item.kind === REFUND.kind) return;
  if (!(s.facts.unexecutedSubjectIds ?? []).includes(item.subject_person_id)) return;
  const served = s.facts.notifiedSubjectIds.includes(item.subject_person_id);
  throw new AppError(
    'PRECONDITION_FAILED',
    {
      zh: served ? '此人的处理决定已变更，须在陈述申辩期满（或复核、书面放弃）后先「执行处理决定」，方可继续执行（WC-11）' : '此人的处理决定已变更，须先向其送达变更后的处理决定（告知陈述申辩、申诉权利），方可继续执行（WC-11）',
      en: served ? "this person's decision was changed: start its execution (after the period to state a defence) before going on (WC-11)" : "this person's decision was changed: serve the changed decision (with the rights notice) before going on (WC-11)",
    },
    { citation: 'WC-11', subjectPersonId: item.subject_person_id },
  );
}

/** An issued document of this case of one of the kinds (and, for per-subject kinds, this subject). */
async function issuedDocument(s: StepCtx, docId: string, kinds: string[], subjectPersonId: string | null, path: string) {
  const doc = await caseDocument(s.tx, s.row.id, docId);
  if (!doc || !kinds.includes(doc.kind) || (subjectPersonId && doc.subject_person_id && doc.subject_person_id !== subjectPersonId)) throw field(path, '本案无此类公文', 'no such document of this kind in this case');
  if (doc.status !== 'issued') throw field(path, '该公文尚未印发', 'that document has not been issued');
  return doc;
}

/**
 * A report or transfer to another body (WC-9(3), FL-12). An item from a recorded referral already
 * has its letter (the referral's document) and body: it is completed by the receiving body's
 * receipt (date) or result (note). Otherwise the letter and the receiving body are given here.
 */
async function referralResult(s: StepCtx, item: { kind: string; subject_person_id: string; result: string | null }, i: ActionInput<'CompleteExecutionInput'>, result: Record<string, unknown>): Promise<Record<string, unknown>> {
  const referral = parseJson<{ referral?: ReferralOnItem }>(item.result, {}).referral;
  if (referral) {
    if (!i.receivedOn && !i.note) throw field('note', '须登记接收机关的回执日期或处理结果', "record the receiving body's receipt date or its result");
    return { ...result, referral, receivedOn: i.receivedOn ?? null, letterNo: i.letterNo ?? referral.documentRef, letterDocumentId: referral.documentId, receivingBody: i.receivingBody ?? referral.bodyZh };
  }
  if (!i.receivingBody) throw field('receivingBody', '须填写接收移送的机关', 'give the receiving body');
  if (i.letterDocumentId) {
    const doc = await issuedDocument(s, i.letterDocumentId, [item.kind], item.subject_person_id, 'letterDocumentId');
    result = { ...result, letterDocumentId: doc.id, letterNo: doc.doc_number };
  } else if (i.letterNo) result = { ...result, letterDocumentId: null, letterNo: i.letterNo };
  else throw field('letterDocumentId', '须关联移送函（公文或文号）', 'link the referral letter (document or number)');
  return { ...result, receivingBody: i.receivingBody };
}

/**
 * WC-11: once the outside body has changed or revoked the decision, the decision's items are not
 * carried on (a payment collected, a sanction completed) before the commission executes the body's
 * decision, which cancels or changes them (found by a red-team walk: a recovery was collected after
 * the revocation, and the case closed with the money held).
 */
async function refuseWhileOutsideDecisionPending(s: Parameters<StepHandler>[0]): Promise<void> {
  const pending = await unexecutedChangingReferrals(s.tx, s.row.id);
  if (pending.length) {
    throw new AppError('PRECONDITION_FAILED', { zh: `监督机关已于 ${pending[0]!.outcome_on ?? ''} ${pending[0]!.outcome === 'revoked' ? '撤销' : '变更'}原处理决定，须先执行监督机关的决定（WC-11）`, en: `the outside body ${pending[0]!.outcome} the decision on ${pending[0]!.outcome_on ?? ''}: execute its decision first (WC-11)` }, { citation: 'WC-11', referralId: pending[0]!.id });
  }
}

const completeItem: StepHandler = async (s) => {
  const i = s.input as ActionInput<'CompleteExecutionInput'>;
  await refuseWhileOutsideDecisionPending(s);
  const item = await executionItemOfCase(s.tx, s.row.id, i.itemId);
  if (!item) throw field('itemId', '本案无此执行事项', 'no such execution item in this case');
  if (item.status !== 'open') throw new AppError('PRECONDITION_FAILED', { zh: '该执行事项已办结', en: 'that execution item is already done' });
  refuseWhileChangeUnserved(s, item);
  if (item.kind === 'compensation_recovery') {
    throw new AppError('PRECONDITION_FAILED', { zh: '赔偿费用追偿以缴纳登记办结（FL-13）', en: 'compensation recovery is completed by recording payments (FL-13)' });
  }
  const by = { actorId: s.ctx.actor.userId, now: s.now };
  let result: Record<string, unknown> = { note: i.note ?? null };
  if (REFUND && item.kind === REFUND.kind) {
    result = await refundResult(s, item, i, result);
    // recorded once: a second record (or two at once) finds the item no longer open
    if (!(await finishOpenExecutionItem(s.tx, item.id, i.doneOn, result, s.now))) throw new AppError('PRECONDITION_FAILED', { zh: '该执行事项已办结', en: 'that execution item is already done' });
    return { data: { itemId: item.id, kind: item.kind, doneOn: i.doneOn, ...result } };
  }
  switch (item.kind) {
    case 'criticism_education': {
      if (!i.note) throw field('note', '批评教育须记录谈话情况', 'criticism and education needs a record of the talk');
      if (i.noticeDocumentId) {
        const doc = await issuedDocument(s, i.noticeDocumentId, ['publication_notice'], null, 'noticeDocumentId');
        result = { ...result, noticeDocumentId: doc.id, noticeNo: doc.doc_number };
      } else if (i.noticeNo) result = { ...result, noticeNo: i.noticeNo };
      break;
    }
    case 'written_self_examination': {
      if (!i.receivedOn) throw field('receivedOn', '须填写收到书面检查的日期', 'give the date the written self-examination was received');
      if (!i.evidenceId && !i.attachmentRef) throw field('attachmentRef', '须关联书面检查原件（证据或存档编号）', 'link the written self-examination (evidence item or archive reference)');
      if (i.evidenceId) {
        if (!(await evidenceOfCase(s.tx, s.row.id, i.evidenceId))) throw field('evidenceId', '本案无此证据', 'no such evidence in this case');
      }
      result = { ...result, receivedOn: i.receivedOn, evidenceId: i.evidenceId ?? null, attachmentRef: i.attachmentRef ?? null };
      break;
    }
    case 'notice_of_criticism': {
      if (i.noticeDocumentId) {
        const doc = await issuedDocument(s, i.noticeDocumentId, ['publication_notice'], null, 'noticeDocumentId');
        result = { ...result, noticeDocumentId: doc.id, noticeNo: doc.doc_number };
      } else if (i.noticeNo) result = { ...result, noticeDocumentId: null, noticeNo: i.noticeNo };
      else throw field('noticeDocumentId', '通报批评须关联已印发的通报（公文或文号）', 'a notice of criticism links the issued notice (document or number)');
      break;
    }
    case 'certificate_suspension': {
      // FL-6(3) 停止执行职务 / WC-10(4) 暂停执法（暂扣行政执法证）: suspended in the certificate
      // register for the period, valid again the day after — the history names this case.
      const from = i.suspendFrom ?? i.doneOn;
      if (!i.suspendTo) throw field('suspendTo', '须填写暂扣（停止执行职务）期限的截止日期', 'give the last day of the suspension');
      if (i.suspendTo < from) throw field('suspendTo', '截止日期不得早于起始日期', 'the suspension cannot end before it starts');
      // the suspension carries out the decision: it starts on or after it — not in a period before
      // it, which leaves the certificate valid today with a made-up history (found by a red-team walk)
      const decidedOn = s.row.decided_on ?? '';
      if (from < decidedOn) throw field('suspendFrom', `暂扣起始日期不得早于处理决定日期（${decidedOn}）`, `the suspension cannot start before the decision (${decidedOn})`);
      const certs = await validCertificatesOf(s.tx, item.subject_person_id, i.certificateId);
      if (!certs.length) {
        throw new AppError('PRECONDITION_FAILED', { zh: `该人员没有可暂扣的有效行政执法证（${item.citation}）`, en: `the person has no valid enforcement certificate to suspend (${item.citation})` });
      }
      for (const c of certs) {
        await suspendCertificateForPeriod(s.tx, by, c.id, { from, to: i.suspendTo, reason: `问责处理决定：${KINDS[item.kind]?.formLabels?.[item.citation] ?? KINDS[item.kind]?.zh ?? item.kind}（${item.citation}）`, reference: s.row.number, caseId: s.row.id });
      }
      result = { ...result, certificateIds: certs.map((c) => c.id), from, to: i.suspendTo };
      break;
    }
    case 'post_change': {
      if (!i.newPost) throw field('newPost', '调离执法岗位须填写新岗位', 'a post change needs the new post');
      const r = await changePersonPostInTx(s.tx, by, item.subject_person_id, {
        unitId: i.newUnitId ?? null,
        post: i.newPost,
        effectiveDate: i.doneOn,
        reason: `问责处理决定：调离执法岗位（${item.citation}），${s.row.number}`,
        caseId: s.row.id,
        executionItemId: item.id,
      });
      result = { ...result, newPost: i.newPost, newUnitId: r.after.unitId, fromUnitId: r.before.unitId, fromPost: r.before.post, postHistoryId: r.history.id };
      break;
    }
    case 'disciplinary_sanction': {
      const sanction = i.sanctionKind ? SANCTION_KINDS[i.sanctionKind] : undefined;
      if (!sanction) throw field('sanctionKind', `须选择处分种类（${Object.values(SANCTION_KINDS).map((k) => k.zh).join('、')}）`, 'choose the kind of sanction');
      if (!i.imposingBody) throw field('imposingBody', '须填写作出处分的机关', 'give the body that imposed it');
      result = { ...result, sanctionKind: i.sanctionKind, sanctionKindZh: sanction.zh, imposingBody: i.imposingBody, decisionNo: i.decisionNo ?? null };
      break;
    }
    default:
      if (KINDS[item.kind]?.referral) result = await referralResult(s, item, i, result);
      break;
  }
  await finishExecutionItem(s.tx, item.id, i.doneOn, result, s.now);
  if ((ADVERSE_EXECUTION_KINDS as readonly string[]).includes(item.kind)) {
    // FL-10(3): an adverse measure against a staff reporter (src/services/reporter/retaliation.ts)
    await recordRetaliationSignals(s.tx, { personId: item.subject_person_id, trigger: 'adverse_execution', triggerCaseId: s.row.id, detail: item.kind, actorId: s.ctx.actor.userId, now: s.now });
  }
  return { data: { itemId: item.id, kind: item.kind, doneOn: i.doneOn, ...result } };
};

/**
 * 退还 (FL-13 after WC-11): the commission returns, in one payment, exactly what the item says it
 * holds above what is now owed — never more than was paid and not yet returned — with the date
 * and its voucher (a transfer reference or an evidence item of the case).
 */
async function refundResult(s: StepCtx, item: { id: string; subject_person_id: string; amount_fen: number | null; result: string | null }, i: ActionInput<'CompleteExecutionInput'>, result: Record<string, unknown>): Promise<Record<string, unknown>> {
  const due = Number(item.amount_fen ?? 0);
  if (i.amountFen === undefined) throw field('amountFen', `须填写退还金额（应退还 ${yuan(due)} 元）`, `give the amount refunded (${yuan(due)} yuan due)`);
  if (i.amountFen > due) throw field('amountFen', `退还金额超过应退还的 ${yuan(due)} 元（已缴纳超出现应追偿的部分）`, `the refund exceeds the ${yuan(due)} yuan paid above what is now owed`);
  if (i.amountFen < due) throw field('amountFen', `退还金额须为应退还的 ${yuan(due)} 元`, `the refund is the ${yuan(due)} yuan due`);
  const ledger = await recoveryLedger(s.tx, s.row.id, item.subject_person_id);
  if (i.amountFen > ledger.held) throw field('amountFen', `退还金额超过已缴纳且尚未退还的 ${yuan(ledger.held)} 元`, `the refund exceeds the ${yuan(ledger.held)} yuan paid and not yet returned`);
  if (!i.voucherRef && !i.evidenceId) throw field('voucherRef', '须填写退款凭证（转账凭证号或作为证据登记的凭证）', 'give the refund voucher (transfer reference or an evidence item)');
  if (i.evidenceId && !(await evidenceOfCase(s.tx, s.row.id, i.evidenceId))) throw field('evidenceId', '本案无此证据', 'no such evidence in this case');
  // the record of why it was due (set when created) stays beside what was done
  const basis = parseJson<Record<string, unknown>>(item.result, {});
  return { ...basis, ...result, note: i.note ?? basis.note ?? null, refundedFen: i.amountFen, voucherRef: i.voucherRef ?? null, evidenceId: i.evidenceId ?? null, refundedBy: 'commission' };
}

/**
 * FL-13 after a later decision (WC-11): the subject's recovery and refund items follow what the
 * commission holds. The recovery still ordered is done when what is held covers it (open again
 * when it no longer does); what is held above it is returned by one refund item of the
 * commission's — an open refund of another amount is cancelled and replaced, a refund done stays.
 */
async function settleRecovery(s: StepCtx, subjectPersonId: string, decisionId: string, on: string, reason: string): Promise<Record<string, unknown>[]> {
  if (!REFUND) return [];
  const out: Record<string, unknown>[] = [];
  const ledger = await recoveryLedger(s.tx, s.row.id, subjectPersonId);
  const live = ledger.recoveries.find((r) => r.status === 'open' || r.status === 'done');
  const owed = live ? Number(live.amount_fen ?? 0) : 0;
  const retained = Math.min(owed, Math.max(0, ledger.held));
  const due = Math.max(0, ledger.held - owed);
  if (live) {
    const result = parseJson<Record<string, unknown>>(live.result, {});
    const settled = retained >= owed;
    if (settled && live.status === 'open') {
      await resetRecoveryItem(s.tx, live.id, { amountFen: owed, status: 'done', doneOn: on, result: { ...result, paidFen: retained }, now: s.now });
      out.push({ itemId: live.id, kind: live.kind, effect: 'settled', amountFen: owed });
    } else if (!settled && live.status === 'done') {
      await resetRecoveryItem(s.tx, live.id, { amountFen: owed, status: 'open', doneOn: null, result: { ...result, paidFen: retained, reopened: { on, reason, decisionId } }, now: s.now });
      out.push({ itemId: live.id, kind: live.kind, effect: 'reopened', amountFen: owed });
    }
  }
  const open = ledger.refunds.filter((r) => r.status === 'open');
  if (open.length === 1 && Number(open[0]!.amount_fen) === due) {
    out.push({ itemId: open[0]!.id, kind: REFUND.kind, effect: 'kept', amountFen: due });
    return out;
  }
  for (const r of open) {
    const result = parseJson<Record<string, unknown>>(r.result, {});
    await endExecutionItem(s.tx, r.id, 'cancelled', { ...result, cancelled: { on, reason, decisionId, note: '处理决定再次变更，应退还金额重新计算' } }, s.now);
    out.push({ itemId: r.id, kind: REFUND.kind, effect: 'cancelled' });
  }
  if (due > 0) {
    const id = newId();
    const unitId = (await peopleByIds(s.tx, [subjectPersonId])).get(subjectPersonId)?.unitId ?? null;
    await insertExecutionItem(s.tx, {
      id,
      case_id: s.row.id,
      decision_id: decisionId,
      subject_person_id: subjectPersonId,
      kind: REFUND.kind,
      citation: REFUND.citation,
      year: null,
      unit_id: unitId,
      amount_fen: due,
      status: 'open',
      done_on: null,
      result: JSON.stringify({ paidTotalFen: ledger.paid, refundedBeforeFen: ledger.refunded, owedFen: owed, decisionId, reason, refundedBy: 'commission', note: `已缴纳 ${yuan(ledger.held)} 元，现应追偿 ${yuan(owed)} 元，应退还 ${yuan(due)} 元` }),
      created_at: s.now,
      updated_at: s.now,
    });
    out.push({ itemId: id, kind: REFUND.kind, effect: 'created', amountFen: due });
  }
  return out;
}

/**
 * After a decision was superseded (WC-11 appeal changed or revoked it) during execution: the
 * subject's open items are cancelled, the year's bars lifted (kept, on a change that waits for its
 * service, until its execution starts: barsFollowChange), and what was carried out and is
 * no longer ordered is reversed with history — a suspension ends early in the certificate
 * register, a post is restored (or kept with a note if it changed since) in the people register;
 * what lies with another body (a sanction imposed, a referral made) is marked reversed with a note
 * to inform that body. Items the new decision still orders and that were done are kept. Then the
 * new decision's remaining items are created — or, on a change during execution (`createNew:
 * false`), only once the change is served and its period has run (start_execution, WC-11).
 */
export async function adjustExecutionAfterSupersede(s: StepCtx, subjectPersonId: string, newDecisionId: string, on: string, reason: string, opts: { createNew?: boolean } = {}): Promise<Record<string, unknown>[]> {
  const by = { actorId: s.ctx.actor.userId, now: s.now };
  const keep = await planForDecisionItem(s, newDecisionId, subjectPersonId);
  const items = await liveItemsOfSubject(s.tx, s.row.id, subjectPersonId);
  const kept = new Set<string>();
  const out: Record<string, unknown>[] = [];
  const newItem = await decisionItemOf(s.tx, newDecisionId, subjectPersonId);
  // the changed part takes effect only when its execution starts after its service (WC-11); a part
  // revoked during execution has nothing to execute and takes effect at once
  const waitsForService = opts.createNew === false && newItem !== undefined && newItem.execution_started_on === null;
  for (const it of items) {
    const result = parseJson<Record<string, unknown>>(it.result, {});
    // refunds are settled below with the recovery (an open one recomputed, one done stays done)
    if (REFUND && it.kind === REFUND.kind) continue;
    if (it.kind === RECOVERY.kind && keep.has(it.kind)) {
      // FL-13 still ordered: the same item follows the new amount, so what was paid on it counts
      const amountFen = Number(newItem?.compensation_fen ?? 0);
      kept.add(it.kind);
      if (amountFen !== Number(it.amount_fen ?? 0)) {
        const changes = Array.isArray(result.amountChanges) ? (result.amountChanges as unknown[]) : [];
        await resetRecoveryItem(s.tx, it.id, { amountFen, status: it.status === 'done' ? 'done' : 'open', doneOn: it.done_on, result: { ...result, amountChanges: [...changes, { from: Number(it.amount_fen ?? 0), to: amountFen, on, reason, decisionId: newDecisionId }] }, now: s.now });
      }
      out.push({ itemId: it.id, kind: it.kind, effect: 'kept', amountFen });
      continue;
    }
    // FL-14: a change that waits for its service (WC-11) leaves the year's bars as they stand until
    // it takes effect (start_execution, barsFollowChange); one in effect at once lifts them now
    if (BAR_KINDS.includes(it.kind) && it.status === 'done' && waitsForService) {
      out.push({ itemId: it.id, kind: it.kind, effect: 'kept_until_changed_part_starts' });
      continue;
    }
    if (it.status === 'open' || BAR_KINDS.includes(it.kind)) {
      const lifted = { on, reason, decisionId: newDecisionId };
      await endExecutionItem(s.tx, it.id, 'cancelled', { ...result, cancelled: lifted }, s.now);
      out.push({ itemId: it.id, kind: it.kind, effect: it.status === 'open' ? 'cancelled' : 'lifted' });
      continue;
    }
    if (keep.has(it.kind)) {
      kept.add(it.kind);
      out.push({ itemId: it.id, kind: it.kind, effect: 'kept' });
      continue;
    }
    let reversal: Record<string, unknown> = { on, reason, decisionId: newDecisionId };
    if (it.kind === 'certificate_suspension') {
      const from = String(result.from ?? it.done_on ?? on);
      const effective = on > from ? on : from;
      const reinstated: string[] = [];
      for (const cid of (result.certificateIds as string[] | undefined) ?? []) {
        const ch = await endSuspensionEarlyInTx(s.tx, by, cid, { effectiveDate: effective, reason: `处理决定已变更/撤销，恢复执法资格（WC-11），${s.row.number}`, reference: s.row.number, caseId: s.row.id });
        if (ch) reinstated.push(cid);
      }
      reversal = { ...reversal, reinstatedCertificateIds: reinstated, effectiveDate: effective, note: reinstated.length ? '执法证已恢复' : '暂扣期限已届满，无需恢复' };
    } else if (it.kind === 'post_change') {
      const person = (await peopleByIds(s.tx, [subjectPersonId])).get(subjectPersonId);
      if (person && person.unitId === result.newUnitId && person.post === result.newPost && typeof result.fromUnitId === 'string') {
        const r = await changePersonPostInTx(s.tx, by, subjectPersonId, {
          unitId: result.fromUnitId,
          post: (result.fromPost as string | null) ?? null,
          effectiveDate: on,
          reason: `处理决定已变更/撤销，恢复原岗位（WC-11），${s.row.number}`,
          caseId: s.row.id,
          executionItemId: it.id,
          reversesId: (result.postHistoryId as string | undefined) ?? null,
        });
        reversal = { ...reversal, restored: true, postHistoryId: r.history.id };
      } else {
        reversal = { ...reversal, restored: false, note: '此后岗位已另有变动，保留现岗位，另行研究' };
      }
    } else if (it.kind === RECOVERY.kind) {
      reversal = { ...reversal, note: '原决定已变更/撤销：已缴款项由本委退还（见退还事项）' };
    } else {
      reversal = { ...reversal, note: '原决定已变更/撤销：须通知作出处分或接收移送的机关' };
    }
    await endExecutionItem(s.tx, it.id, 'reversed', { ...result, reversal }, s.now);
    out.push({ itemId: it.id, kind: it.kind, effect: 'reversed', ...reversal });
  }
  // WC-11: what the new decision orders anew waits for its service (start_execution) unless asked now
  if (opts.createNew !== false) await createExecutionItems(s, newDecisionId, on, [subjectPersonId], kept);
  out.push(...(await settleRecovery(s, subjectPersonId, newDecisionId, on, reason)));
  return out;
}

const recordPayment: StepHandler = async (s) => {
  const i = s.input as ActionInput<'PaymentInput'>;
  await refuseWhileOutsideDecisionPending(s);
  const item = await executionItemOfCase(s.tx, s.row.id, i.itemId);
  if (!item || item.kind !== 'compensation_recovery') throw field('itemId', '本案无此赔偿费用追偿事项', 'no such compensation recovery item in this case');
  if (item.status !== 'open') throw new AppError('PRECONDITION_FAILED', { zh: '该追偿事项已办结', en: 'that recovery is already complete' });
  refuseWhileChangeUnserved(s, item);
  // what counts towards the recovery: all paid on the subject's recovery in this case, less what
  // was returned or is to be returned after a later decision (WC-11) — not only this item's rows
  const before = (await recoveryLedger(s.tx, s.row.id, item.subject_person_id)).available;
  const due = Number(item.amount_fen ?? 0);
  if (before + i.amountFen > due) throw field('amountFen', `超过应追偿余额 ${(due - before) / 100} 元`, `exceeds the outstanding ${(due - before) / 100} yuan`);
  const id = newId();
  await insertPayment(s.tx, { id, caseId: s.row.id, itemId: item.id, amountFen: i.amountFen, paidOn: i.paidOn, note: i.note ?? null, recordedBy: s.ctx.actor.userId, recordedAt: s.now });
  const total = before + i.amountFen;
  if (total >= due) {
    await finishExecutionItem(s.tx, item.id, i.paidOn, { paidFen: total }, s.now);
  }
  return { data: { paymentId: id, itemId: item.id, amountFen: i.amountFen, paidOn: i.paidOn, paidTotalFen: total, dueFen: due }, created: { kind: 'payment', id } };
};

/** Typed inputs that complete an item with plausible defaults (demo data, `driveCaseTo`). */
export function defaultExecutionInput(kind: string, on: string, amountFen?: number | null): Record<string, unknown> {
  const plus = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  switch (kind) {
    case 'criticism_education':
      return { note: '已进行批评教育谈话，本人表示接受。' };
    case 'written_self_examination':
      return { receivedOn: on, attachmentRef: '书面检查原件，存本案卷宗' };
    case 'notice_of_criticism':
      return { noticeNo: `巴住建问通报〔${on.slice(0, 4)}〕1号` };
    case 'certificate_suspension':
      return { suspendFrom: on, suspendTo: plus(on, 29) };
    case 'post_change':
      return { newPost: '综合科科员' };
    case 'disciplinary_sanction':
      return { sanctionKind: 'warning', imposingBody: '区纪委监委派驻纪检监察组', decisionNo: `巴纪派处〔${on.slice(0, 4)}〕1号` };
    case 'judicial_transfer':
      return { letterNo: `巴住建问移〔${on.slice(0, 4)}〕1号`, receivingBody: '重庆市巴南区人民检察院', receivedOn: on };
    case 'discipline_transfer':
      return { letterNo: `巴住建问移〔${on.slice(0, 4)}〕2号`, receivingBody: '区纪委监委派驻纪检监察组', receivedOn: on };
    case 'supervision_referral':
      return { receivedOn: on, note: '监察委员会已出具回执。' };
    case 'compensation_refund':
      return { amountFen: amountFen ?? 0, voucherRef: `退款转账凭证 ${on}`, note: '已退还多缴的追偿款。' };
    default:
      return { note: '已执行。' };
  }
}

export const EXECUTION_STEPS = {
  start_execution: startExecution,
  complete_execution_item: completeItem,
  record_payment: recordPayment,
};
