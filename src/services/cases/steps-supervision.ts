// WC-11 申诉 to outside bodies (issue 7 point 9): 被追究人员…可以按照有关规定向行政执法监督部门或
// 纪检、监察部门提出申诉. The commission does not decide such an appeal itself: the clerk sends it
// to the body it was addressed to, with a hand-off letter and a frozen, read-only snapshot of the
// case record as of the appeal (never the reporter); the body's supervisor account records its
// decision (src/services/supervision/); the commission then executes it here — a changed or
// revoked outcome supersedes the decision and adjusts what was executed (applyAppealOutcome).
import type { ActionInput } from '../../domain/cases';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { validationError } from '../../lib/validation';
import { basisOf } from './subject-rights';
import { peopleByIds } from './registers-adapter';
import { currentFindings, parseJson, type CaseRow, type Q } from './repo';
import { reporterIdentityOrUnknown } from '../reporter/identity-repo';
import { applyAppealOutcome, stateAfterChange } from './steps-decision';
import type { StepHandler } from './step-types';
import { appealOfCase } from '../../repositories/cases/decision-repo';
import {
  appealReferralOfCase,
  caseDocumentForLetter,
  decisionItemsOfSubject,
  decisionsListOf,
  evidenceListOf,
  insertAppealReferral,
  isAppealReferred,
  markReferralExecuted,
  notificationsOfSubject,
} from '../../repositories/cases/appeal-referral-repo';

const field = (path: string, zh: string, en: string): AppError => validationError([{ code: 'custom', path: [path], message: `${zh} / ${en}` }]);

export const SUPERVISORY_BODIES = {
  supervision: { zh: '行政执法监督部门', en: 'enforcement-supervision department' },
  discipline: { zh: '纪检、监察部门', en: 'discipline and supervision bodies' },
} as const;
export type SupervisoryBody = keyof typeof SUPERVISORY_BODIES;

// Personal identifiers never leave in a snapshot: 18-digit ID, mobile numbers, e-mail.
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

/**
 * The case record as of the appeal, for the outside body: the case's dates and sources, the
 * appellant's findings, the evidence list, the decisions about the appellant with their reasons
 * and basis, the service and the appeal. Without the report text, the reporter, the replies,
 * other subjects or the meeting's internal opinions; the reporter's identifying strings are
 * replaced wherever they might appear in free text.
 */
export async function buildAppealSnapshot(q: Q, row: CaseRow, appeal: { id: string; subject_person_id: string; filed_on: string; statement: string; appeal_body: string | null; decision_id: string }, now: string): Promise<Record<string, unknown>> {
  const who = appeal.subject_person_id;
  const person = (await peopleByIds(q, [who])).get(who);
  const findings = (await currentFindings(q, row.id)).filter((f) => f.subject_person_id === who).map((f) => ({ ...parseJson<Record<string, unknown>>(f.data, {}), recordedAt: f.recorded_at }));
  const finding = (findings[0] ?? null) as { faults?: unknown; circumstances?: unknown } | null;
  const evidence = (await evidenceListOf(q, row.id)).map((e) => ({
    id: e.id,
    kind: e.kind,
    title: e.title,
    collectedOn: e.collected_on,
    description: e.description,
    correctsId: e.supersedes_id,
    fromAppellant: e.source_person_id === who,
  }));
  const decisions = await decisionsListOf(q, row.id);
  const items = await decisionItemsOfSubject(q, row.id, who);
  const notifications = await notificationsOfSubject(q, row.id, who);
  const snapshot = {
    asOf: appeal.filed_on,
    frozenAt: now,
    case: {
      number: row.number,
      tracks: parseJson<string[]>(row.tracks, []),
      source: row.source,
      wc5: row.wc5_item ? { citation: `WC-5(${row.wc5_item})`, referenceNo: row.wc5_reference_no, referenceDate: row.wc5_reference_date } : null,
      receivedOn: row.received_on,
      registeredOn: row.registered_on,
      investigationStartedOn: row.investigation_started_on,
      decidedOn: row.decided_on,
      wrongCase: row.wrong_case === null ? null : { isWrongCase: Number(row.wrong_case) === 1, wc5Item: row.wrong_case_wc5_item },
    },
    appellant: { personId: who, name: person?.name ?? who, unitName: person?.unitName ?? null, post: person?.post ?? null },
    findings,
    evidence,
    decisions: decisions.map((d) => {
      const it = items.find((x) => x.decision_id === d.id);
      const forms = parseJson<string[]>(it?.forms, []);
      return {
        seq: d.seq,
        status: d.status,
        origin: d.origin,
        decidedOn: d.decided_on,
        noAccountability: it ? Number(it.no_accountability) === 1 : null,
        forms,
        reason: it?.reason ?? null,
        compensationFen: it?.compensation_fen ?? null,
        basis: basisOf(forms, finding),
      };
    }),
    notifications: notifications.map((n) => ({ notifiedOn: n.notified_on, method: n.method })),
    appeal: { id: appeal.id, filedOn: appeal.filed_on, body: appeal.appeal_body, statement: appeal.statement },
  };
  const rep = await reporterIdentityOrUnknown(q, row.id);
  const secrets = rep
    ? [rep.name, rep.idNumber, rep.phone, rep.address, rep.email, rep.organisation]
        .map((x) => (x ?? '').trim())
        .filter((x) => x.length >= 2)
        .sort((a, b) => b.length - a.length)
    : [];
  const scrub = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let out = v;
      for (const sct of secrets) out = out.split(sct).join('举报人');
      return out.replace(ID_NUMBER, '＊＊＊').replace(MOBILE, '＊＊＊').replace(EMAIL, '＊＊＊');
    }
    if (Array.isArray(v)) return v.map(scrub);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x)]));
    return v;
  };
  return scrub(snapshot) as Record<string, unknown>;
}

const referAppeal: StepHandler = async (s) => {
  const i = s.input as ActionInput<'ReferAppealInput'>;
  const appeal = await appealOfCase(s.tx, s.row.id, i.appealId);
  if (!appeal || appeal.kind !== 'appeal') throw field('appealId', '本案无此申诉', 'no such appeal in this case');
  if (appeal.outcome !== 'pending') throw new AppError('PRECONDITION_FAILED', { zh: '该申诉已有结果（WC-11）', en: 'that appeal already has an outcome (WC-11)' });
  if (await isAppealReferred(s.tx, appeal.id)) throw new AppError('PRECONDITION_FAILED', { zh: '该申诉已移送', en: 'that appeal was already sent' });
  if (i.sentOn < appeal.filed_on) throw field('sentOn', '移送日期不能早于申诉日期', 'the appeal cannot be sent before it was filed');
  const body = (appeal.appeal_body ?? 'supervision') as SupervisoryBody;
  const bodyName = i.bodyName ?? SUPERVISORY_BODIES[body].zh;
  // The hand-off letter: an issued 申诉移送函 of this case for this appellant (its 发文字号 is the
  // letter number), or — as before — only the number of a letter made outside the system.
  let letterNo = i.letterNo?.trim() || null;
  let letterDocumentId: string | null = null;
  if (i.letterDocumentId) {
    const doc = await caseDocumentForLetter(s.tx, s.row.id, i.letterDocumentId);
    if (!doc || doc.kind !== 'appeal_referral_letter') throw field('letterDocumentId', '本案无此申诉移送函', 'no such appeal hand-off letter in this case');
    if (doc.status !== 'issued') throw field('letterDocumentId', '申诉移送函尚未印发或已被更正', 'the hand-off letter is not issued, or was corrected');
    if (doc.subject_person_id !== appeal.subject_person_id) throw field('letterDocumentId', '该申诉移送函不是针对此申诉人', 'that hand-off letter concerns another person');
    if (letterNo && doc.doc_number && letterNo !== doc.doc_number) throw field('letterNo', `文号与印发的申诉移送函（${doc.doc_number}）不一致`, 'the number differs from the issued letter’s');
    letterNo = doc.doc_number ?? letterNo;
    letterDocumentId = doc.id;
  }
  if (!letterNo) throw field('letterNo', '请填写移送函文号或选择已印发的申诉移送函', 'give the letter number or the issued hand-off letter');
  const snapshot = await buildAppealSnapshot(s.tx, s.row, appeal, s.now);
  const id = newId();
  await insertAppealReferral(s.tx, {
    id,
    case_id: s.row.id,
    appeal_id: appeal.id,
    body,
    body_name: bodyName,
    letter_no: letterNo,
    letter_document_id: letterDocumentId,
    sent_on: i.sentOn,
    snapshot: JSON.stringify(snapshot),
    sent_by: s.ctx.actor.userId,
    sent_at: s.now,
    outcome: 'pending',
    outcome_on: null,
    outcome_reason: null,
    outcome_forms: null,
    outcome_compensation_fen: null,
    decided_by: null,
    decided_at: null,
    executed_on: null,
    new_decision_id: null,
  });
  return { data: { referralId: id, appealId: appeal.id, body, bodyName, letterNo, letterDocumentId, sentOn: i.sentOn }, created: { kind: 'referral', id } };
};

const executeSupervisionDecision: StepHandler = async (s) => {
  const i = s.input as ActionInput<'ExecuteSupervisionInput'>;
  const ref = await appealReferralOfCase(s.tx, s.row.id, i.appealId);
  if (!ref) throw field('appealId', '本案无此移送的申诉', 'no such referred appeal in this case');
  if (ref.outcome === 'pending') throw new AppError('PRECONDITION_FAILED', { zh: `${ref.body_name}尚未作出决定（WC-11）`, en: 'the outside body has not decided yet (WC-11)' }, { citation: 'WC-11' });
  if (ref.executed_on) throw new AppError('PRECONDITION_FAILED', { zh: '该决定已执行', en: 'that decision was already executed' });
  if (i.executedOn < (ref.outcome_on ?? '')) throw field('executedOn', '执行日期不能早于监督机关决定日期', 'execution cannot precede the body’s decision');
  const appeal = await appealOfCase(s.tx, s.row.id, ref.appeal_id);
  if (!appeal) throw new Error(`appeal ${ref.appeal_id} of referral ${ref.id} not found`);
  const outcome = ref.outcome as 'upheld' | 'changed' | 'revoked';
  const reason = `${ref.body_name}决定：${ref.outcome_reason ?? ''}`;
  const newDecisionId = await applyAppealOutcome(s, appeal, {
    outcome,
    decidedOn: i.executedOn,
    reason,
    forms: parseJson<string[] | null>(ref.outcome_forms, null) ?? undefined,
    // FL-13: an amount the body lowered (or dropped); what was paid above it becomes a refund item
    compensationFen: ref.outcome_compensation_fen === null ? undefined : Number(ref.outcome_compensation_fen),
    // The outside body's decision is binding on the commission: a form outside the engine's range
    // rests on that decision, which is the recorded reason.
    departureReason: reason,
    meeting: { date: ref.outcome_on, outsideBody: ref.body_name, body: ref.body, referralId: ref.id, letterNo: ref.letter_no, reason: ref.outcome_reason },
  });
  await markReferralExecuted(s.tx, ref.id, i.executedOn, newDecisionId);
  // WC-11: the body's changed decision is served on the appellant before it is executed, as any
  // changed decision (a heavier one stands: it is the outside body's, not the commission's)
  // (an appeal after closure: a change takes the case back to 'executing', no longer closed)
  const to = stateAfterChange(s, newDecisionId);
  const reopened = s.row.state === 'closed' && to === 'executing';
  return {
    ...(reopened ? { patch: { closed_on: null } } : {}),
    data: { referralId: ref.id, appealId: appeal.id, outcome, bodyName: ref.body_name, executedOn: i.executedOn, newDecisionId, ...(newDecisionId ? { toBeServed: appeal.subject_person_id } : {}), ...(reopened ? { reopened: true } : {}) },
    ...(newDecisionId ? { created: { kind: 'decision', id: newDecisionId } } : {}),
    ...(to ? { to } : {}),
  };
};

export const SUPERVISION_STEPS = {
  refer_appeal: referAppeal,
  execute_supervision_decision: executeSupervisionDecision,
};
