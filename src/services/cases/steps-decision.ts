// Decision (FL-5(4), FL-15, WC-9(3)): a recorded collective meeting decides per subject; any
// form outside the rules engine's recommended range needs a written reason (the departure is
// reported). Notification states the rights of WC-11; a defence or appeal whose outcome
// changes the decision creates a new decision that supersedes the old one (both kept).
import type { ActionInput, CaseState } from '../../domain/cases';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { validationError } from '../../lib/validation';
import { peopleByIds } from './registers-adapter';
import { rangesFromOutput, type SubjectRange } from './recommendation';
import { refuseHeavierOnDefence } from './heavier-on-defence';
import { departuresOf, NO_RANGE, type DecisionCheck, type ReferralRecord } from '../../rules/decision-check';
import { checkDecisionAsWhole } from './decision-whole';
import { dutiesOf, referralsForDecision, storeDecisionReferrals } from './referrals';
import { evaluateForCaseInTx } from './recommendation-service';
import { carryOutMeeting, decisionResultOf, matterResultOf } from '../meetings/carry-out';
import { formsKey, parseFormsKey } from '../../domain/meetings/tally';
import { adjustExecutionAfterSupersede } from './steps-execution';
import type { StepCtx, StepHandler, StepResult } from './step-types';
import { assertNotRecused } from './impartiality';
import { currentFindings, inForceDecision, parseJson } from './repo';
import { insertDecidedPublication } from '../../repositories/documents/publications-repo';
import { appealOfCase, decisionItemRows, insertAppeal, insertDecisionItem, insertDecisionRow, insertNotification, meetingAppealId, setAppealOutcome, supersedeDecision, pendingAppealsOf } from '../../repositories/cases/decision-repo';
import { meetDeadline } from './deadlines';

const field = (path: (string | number)[], zh: string, en: string): AppError => validationError([{ code: 'custom', path, message: `${zh} / ${en}` }]);

/** WC-11, stated in every decision notice. */
export const RIGHTS_TEXT =
  '被追究人员对处理事实、决定不服的，可以进行陈述和申辩，也可以按照有关规定向行政执法监督部门或纪检、监察部门提出申诉（《行政执法错案责任倒查问责办法》第十一条）。';

interface ItemIn {
  subjectPersonId: string;
  noAccountability: boolean;
  forms: string[];
  departureReason?: string | undefined;
  transferJudicial: boolean;
  transferDiscipline: boolean;
  compensationFen?: number | undefined;
  compensationPercent?: number | undefined;
  referrals?: ReferralRecord[] | undefined;
  reason?: string | undefined;
  /** WC-11: the day the subject's execution of this part started (carried over while the part is unchanged) */
  executionStartedOn?: string | null | undefined;
}

/** The departure rule has one home: src/rules/decision-check.ts (the web uses the same). */
export { departuresOf };

async function checkDepartures(s: StepCtx, items: ItemIn[], ranges: Map<string, SubjectRange> | null, pathOf: (i: number) => (string | number)[], whole?: DecisionCheck): Promise<string[][]> {
  const names = await peopleByIds(s.tx, items.map((i) => i.subjectPersonId));
  return items.map((it, idx) => {
    const dep = whole?.items[idx]?.departures ?? departuresOf(it, ranges?.get(it.subjectPersonId));
    if (dep.length && !it.departureReason) {
      const who = names.get(it.subjectPersonId)?.name ?? it.subjectPersonId;
      const forms = dep.map((d) => (d === 'NO_ACCOUNTABILITY' ? '不予追究' : d === 'FL-13' ? 'FL-13（追偿国家赔偿费用）' : d === 'FL-12' ? 'FL-12（未移送司法机关）' : d)).join('、');
      const unranged = ranges?.get(it.subjectPersonId)?.unranged === true;
      throw new AppError(
        'DEPARTURE_REASON_REQUIRED',
        unranged
          ? { zh: `${who}：规则引擎对此人没有可用的建议范围（如认定的行为日期不在规则包施行期内，或规则冲突），${forms} 须书面说明理由`, en: `${who}: the rules engine gave no usable recommended range for this person (e.g. the conduct date is outside the rule pack's period, or rules conflict); ${dep.join(', ')} needs a written reason` }
          : { zh: `${who}：${forms} 超出规则引擎建议范围，须书面说明理由`, en: `${who}: ${dep.join(', ')} is outside the recommended range; give a written reason` },
        { subjectPersonId: it.subjectPersonId, subjectName: who, forms: dep, path: pathOf(idx) },
      );
    }
    return dep;
  });
}

async function insertDecision(
  s: StepCtx,
  args: { origin: 'meeting' | 'appeal'; appealId: string | null; meeting: unknown; decidedOn: string; items: ItemIn[]; departures: string[][]; ranges: Map<string, SubjectRange> | null; evaluationId: string | null; supersedes: { id: string; seq: number } | null },
): Promise<string> {
  const id = newId();
  if (args.supersedes) await supersedeDecision(s.tx, args.supersedes.id);
  await insertDecisionRow(s.tx, {
    id,
    case_id: s.row.id,
    seq: (args.supersedes?.seq ?? 0) + 1,
    status: 'in_force',
    supersedes_id: args.supersedes?.id ?? null,
    origin: args.origin,
    appeal_id: args.appealId,
    meeting: JSON.stringify(args.meeting),
    decided_on: args.decidedOn,
    rule_evaluation_id: args.evaluationId,
    recorded_by: s.ctx.actor.userId,
    recorded_at: s.now,
  });
  for (const [idx, it] of args.items.entries()) {
    const range = args.ranges?.get(it.subjectPersonId);
    await insertDecisionItem(s.tx, {
      id: newId(),
      decision_id: id,
      case_id: s.row.id,
      subject_person_id: it.subjectPersonId,
      no_accountability: it.noAccountability ? 1 : 0,
      forms: JSON.stringify(it.noAccountability ? [] : it.forms),
      recommended: range ? JSON.stringify(range) : null,
      departed_forms: JSON.stringify(args.departures[idx] ?? []),
      departure_reason: it.departureReason ?? null,
      transfer_judicial: it.transferJudicial ? 1 : 0,
      transfer_discipline: it.transferDiscipline ? 1 : 0,
      compensation_fen: it.compensationFen ?? null,
      reason: it.reason ?? null,
      execution_started_on: it.executionStartedOn ?? null,
    });
  }
  return id;
}

/** Each subject's range; a subject the engine gave no usable range has NO_RANGE: every choice for him needs its reason. */
const onlyFor = (ranges: Map<string, SubjectRange>, subjectIds: readonly string[]): Map<string, SubjectRange> => new Map(subjectIds.map((k) => [k, ranges.get(k) ?? NO_RANGE]));

const decide: StepHandler = async (s) => {
  const i = s.input as ActionInput<'DecideInput'>;
  const findings = await currentFindings(s.tx, s.row.id);
  const expected = [...new Set(findings.map((f) => f.subject_person_id))];
  const seen = new Set<string>();
  for (const [idx, it] of i.items.entries()) {
    if (!expected.includes(it.subjectPersonId)) throw field(['items', idx, 'subjectPersonId'], '此人不是有责任认定的被调查人', 'this person is not a subject with a finding');
    if (seen.has(it.subjectPersonId)) throw field(['items', idx, 'subjectPersonId'], '同一被调查人只能有一项处理', 'one decision item per subject');
    seen.add(it.subjectPersonId);
    if (it.noAccountability && it.forms.length) throw field(['items', idx, 'forms'], '不予追究时不能同时选择追究形式', 'no accountability cannot have forms');
    if (!it.noAccountability && !it.forms.length) throw field(['items', idx, 'forms'], '请选择追究形式，或选择不予追究', 'choose the forms, or no accountability');
  }
  const missing = expected.filter((p) => !seen.has(p));
  if (missing.length) {
    const names = await peopleByIds(s.tx, missing);
    throw new AppError('PRECONDITION_FAILED', {
      zh: `处理决定须逐人作出，缺少：${missing.map((p) => names.get(p)?.name ?? p).join('、')}（WC-9(3)）`,
      en: `the decision must cover every subject; missing ${missing.length} (WC-9(3))`,
    });
  }
  // FL-15 / WC-9(3): the decision carries out a closed, quorate meeting's majority result.
  const meeting = (await carryOutMeeting(s, 'decide', i.meetingId, 'decision', true))!;
  // The meeting must have deliberated on the findings as they are now.
  if (findings.some((f) => f.recorded_at > meeting.createdAt)) {
    throw new AppError('MEETING_NOT_EFFECTIVE', { zh: '会议召开后责任认定有变更，须重新召开会议（FL-15）', en: 'the findings changed after the meeting was convened; hold a new meeting (FL-15)' }, { citation: 'FL-15' });
  }
  const result = decisionResultOf(meeting);
  for (const [idx, it] of i.items.entries()) {
    const r = result.get(it.subjectPersonId);
    if (!r || formsKey(r.noAccountability, r.forms) !== formsKey(it.noAccountability, it.forms)) {
      const names = await peopleByIds(s.tx, [it.subjectPersonId]);
      throw new AppError(
        'MEETING_RESULT_MISMATCH',
        { zh: `${names.get(it.subjectPersonId)?.name ?? it.subjectPersonId}：会议过半数意见为${r ? (r.noAccountability ? '不予追究' : r.forms.join('、')) : '（无）'}（FL-5(4)）`, en: `the meeting's majority for this subject is ${r ? (r.noAccountability ? 'no accountability' : r.forms.join(', ')) : 'none'} (FL-5(4))` },
        { subjectPersonId: it.subjectPersonId, path: ['items', idx, 'forms'], citation: 'FL-5(4)' },
      );
    }
  }
  const date = meeting.heldOn;
  if (date < (s.row.investigation_started_on ?? '')) throw field(['meetingId'], '会议日期不能早于调查开始日期', 'the meeting cannot precede the investigation');
  // Issue 7 point 4: the step evaluates the rules on the current findings itself; the receipt is
  // part of the decision, and only subjects with findings are recommended for.
  const rec = await evaluateForCaseInTx(s.tx, s.ctx, s.row);
  const ranges = onlyFor(rangesFromOutput(rec.output as Parameters<typeof rangesFromOutput>[0]), expected);
  // The case as a whole (total recovery ≤ amount paid, shares, referrals): src/rules/decision-check.ts.
  // WC-9(3)/FL-12 referrals: recorded ahead (case_referrals) or in the items themselves.
  const recorded = await referralsForDecision(s.tx, s.ctx, s.row, i.items);
  const whole = await checkDecisionAsWhole(s, i.items.map((it) => ({ ...it, referrals: recorded.get(it.subjectPersonId) })), { ranges, output: rec.output, inputs: rec.inputs }, (idx) => ['items', idx]);
  whole.items.forEach((w, idx) => (i.items[idx]!.compensationFen = w.compensationFen));
  const departures = await checkDepartures(s, i.items, ranges, (idx) => ['items', idx, 'departureReason'], whole);
  const id = await insertDecision(s, { origin: 'meeting', appealId: null, meeting: meeting.record, decidedOn: date, items: i.items, departures, ranges, evaluationId: rec.id, supersedes: null });
  await storeDecisionReferrals(s.tx, s.ctx, s.row, id, dutiesOf(rec.output, expected), i.items, s.now);
  // FL-5(4): the decision sets the scope and channel of publication; the redacted notice and the
  // date it was published are recorded later (POST /cases/:id/publications), never beyond this scope.
  await insertDecidedPublication(s.tx, { id: newId(), caseId: s.row.id, scope: i.publicationScope, channel: i.publicationChannel, actorId: s.ctx.actor.userId, now: s.now });
  // FL-16: 处理完毕 — the decision completes the handling.
  await meetDeadline(s.tx, s.row.id, 'handling', date, s.now);
  return {
    patch: { decided_on: date },
    data: { decisionId: id, meetingId: meeting.id, publication: { scope: i.publicationScope, channel: i.publicationChannel }, meeting: { date, chair: meeting.record.chair, attendees: (meeting.record.attendees as unknown[]).length, quorum: meeting.quorum }, items: i.items, departures, ruleEvaluationId: rec.id },
    created: { kind: 'decision', id },
  };
};

const notify: StepHandler = async (s) => {
  const i = s.input as ActionInput<'NotifyInput'>;
  const d = await inForceDecision(s.tx, s.row.id);
  if (!d || !s.facts.decisionSubjectIds.includes(i.subjectPersonId)) throw field(['subjectPersonId'], '此人不在处理决定中', 'this person is not in the decision');
  // WC-11: served with the decision in force — a service of an older decision counts only while
  // no later decision changed this subject's part (src/domain/cases/service-in-force.ts)
  if (s.facts.notifiedSubjectIds.includes(i.subjectPersonId)) throw field(['subjectPersonId'], '已向此人送达现行处理决定', 'the decision in force was already served on this person');
  if (i.notifiedOn < d.decided_on) throw field(['notifiedOn'], '送达日期不能早于决定日期', 'service cannot precede the decision');
  const waived = i.defenceWaived === true;
  if (waived && !i.waiverNote) throw field(['waiverNote'], '放弃陈述申辩须注明书面依据（如送达回证上本人签署）', 'a waiver of the defence names where it is written (e.g. signed on the proof of service)');
  const id = newId();
  await insertNotification(s.tx, {
    id,
    case_id: s.row.id,
    decision_id: d.id,
    subject_person_id: i.subjectPersonId,
    notified_on: i.notifiedOn,
    method: i.method,
    rights_text: RIGHTS_TEXT,
    recorded_by: s.ctx.actor.userId,
    recorded_at: s.now,
    defence_waived: waived ? 1 : 0,
    defence_waiver_note: waived ? (i.waiverNote ?? null) : null,
  });
  return {
    data: { notificationId: id, decisionId: d.id, subjectPersonId: i.subjectPersonId, notifiedOn: i.notifiedOn, method: i.method, ...(waived ? { defenceWaived: true, waiverNote: i.waiverNote } : {}) },
    created: { kind: 'notification', id },
  };
};

/**
 * WC-11: a subject's 陈述申辩 or 申诉 against the decision in force (file_defence), or a 申诉 after
 * closure (file_appeal): the same record, checked alike.
 */
async function recordDefence(s: StepCtx, i: Omit<ActionInput<'DefenceInput'>, 'expectedVersion' | 'backdateReason'>): Promise<StepResult> {
  const actor = s.ctx.actor;
  // A subject speaks for themself only; a clerk may record on a subject's behalf.
  if (!actor.roles.includes('clerk') && actor.personId !== i.subjectPersonId) {
    throw new AppError('TRANSITION_ROLE', { zh: '只能为本人提出陈述申辩或申诉（WC-11）', en: 'you may state a defence or appeal for yourself only (WC-11)' }, { citation: 'WC-11' });
  }
  // FL-5(1): speaking for oneself is a right whatever one's grounds (impartiality.ts#ownStep);
  // recording it for someone else is casework, which nobody who must stand aside does — a clerk
  // who is himself a subject of the case included
  if (actor.personId !== i.subjectPersonId) await assertNotRecused(s.tx, s.ctx, s.row.id, { zh: '为他人登记陈述申辩或申诉', en: "record another person's defence or appeal" });
  if (!s.facts.notifiedSubjectIds.includes(i.subjectPersonId)) throw field(['subjectPersonId'], '处理决定尚未向此人送达', 'the decision has not been served on this person');
  if (i.kind === 'appeal' && !i.appealBody) throw field(['appealBody'], '申诉须注明受理机关（执法监督部门或纪检、监察部门）', 'an appeal names the body it goes to');
  // WC-11: one of each kind at a time — a second defence while the first awaits its outcome would
  // be decided against whatever decision the first leaves in force (found by a red-team walk); a
  // 陈述申辩 (decided here) and a 申诉 (to the outside body) are separate procedures
  const pending = (await pendingAppealsOf(s.tx, s.row.id, i.subjectPersonId)).filter((a) => a.kind === i.kind);
  if (pending.length) {
    throw new AppError('PRECONDITION_FAILED', { zh: `此人的${pending[0]!.kind === 'appeal' ? '申诉' : '陈述申辩'}（${pending[0]!.filed_on} 提出）尚待处理，处理后方可再次提出（WC-11）`, en: `this person's ${pending[0]!.kind} filed on ${pending[0]!.filed_on} awaits its outcome; another may be filed after it (WC-11)` }, { citation: 'WC-11', appealId: pending[0]!.id });
  }
  const d = await inForceDecision(s.tx, s.row.id);
  const id = newId();
  await insertAppeal(s.tx, {
    id,
    case_id: s.row.id,
    decision_id: d!.id,
    subject_person_id: i.subjectPersonId,
    kind: i.kind,
    appeal_body: i.appealBody ?? null,
    filed_on: i.filedOn,
    statement: i.statement,
    outcome: 'pending',
    outcome_on: null,
    outcome_reason: null,
    new_decision_id: null,
    filed_by: actor.userId,
    filed_at: s.now,
  });
  return { data: { appealId: id, subjectPersonId: i.subjectPersonId, kind: i.kind, filedOn: i.filedOn, appealBody: i.appealBody ?? null }, created: { kind: 'appeal', id } };
}

const fileDefence: StepHandler = async (s) => recordDefence(s, s.input as ActionInput<'DefenceInput'>);

/** WC-11: a 申诉 after closure (no period for it), recorded as any appeal and sent to the outside body. */
const fileAppeal: StepHandler = async (s) => recordDefence(s, { ...(s.input as ActionInput<'AppealInput'>), kind: 'appeal' });

const decideAppeal: StepHandler = async (s) => {
  const i = s.input as ActionInput<'AppealOutcomeInput'>;
  const appeal = await appealOfCase(s.tx, s.row.id, i.appealId);
  if (!appeal) throw field(['appealId'], '本案无此陈述申辩或申诉', 'no such defence or appeal in this case');
  if (appeal.outcome !== 'pending') throw new AppError('PRECONDITION_FAILED', { zh: '该陈述申辩或申诉已复核（WC-11）', en: 'that defence or appeal was already decided (WC-11)' });
  // WC-11: 申诉 goes to the enforcement-supervision department or the discipline bodies, outside
  // the commission: it is sent to them (refer_appeal) and their decision executed, never decided here.
  if (appeal.kind === 'appeal') {
    throw new AppError('PRECONDITION_FAILED', { zh: '申诉由行政执法监督部门或纪检、监察部门决定，请移送（WC-11）', en: 'an appeal is decided by the outside supervisory body: send it there (WC-11)' }, { citation: 'WC-11' });
  }
  // The commission's own decision on a defence (陈述申辩) is taken at a meeting of the body too.
  const meeting = (await carryOutMeeting(s, 'decide_appeal', i.meetingId, 'appeal', true))!;
  const won = matterResultOf(meeting);
  const asked = i.outcome === 'changed' ? `changed:${formsKey(false, i.forms ?? [])}` : i.outcome;
  if ((await meetingAppealId(s.tx, meeting.id)) !== appeal.id) throw field(['meetingId'], '该会议讨论的不是此项陈述申辩或申诉', 'that meeting was not about this defence or appeal');
  if (won !== asked) {
    const w = won.startsWith('changed:') ? `变更为${parseFormsKey(won.slice(8)).forms.join('、')}` : won === 'upheld' ? '维持' : '撤销';
    throw new AppError('MEETING_RESULT_MISMATCH', { zh: `会议过半数意见为：${w}（FL-5(4)）`, en: `the meeting's majority is ${won} (FL-5(4))` }, { citation: 'FL-5(4)' });
  }
  if (i.decidedOn < meeting.heldOn) throw field(['decidedOn'], '复核日期不能早于会议日期', 'the decision cannot precede the meeting');
  // WC-11 read with APL-45 / CSR-48 (the pack's): the commission's own change on the person's
  // defence is never heavier than the decision it changes
  const newDecisionId = await applyAppealOutcome(s, appeal, { outcome: i.outcome, decidedOn: i.decidedOn, reason: i.reason, forms: i.forms, compensationFen: i.compensationFen, departureReason: i.departureReason, meeting: { ...meeting.record, appealReview: true, reason: i.reason }, refuseHeavier: true });
  const to = stateAfterChange(s, newDecisionId);
  return {
    data: { appealId: appeal.id, meetingId: meeting.id, outcome: i.outcome, decidedOn: i.decidedOn, reason: i.reason, newDecisionId, forms: i.forms ?? null, ...(newDecisionId ? { toBeServed: appeal.subject_person_id } : {}) },
    ...(newDecisionId ? { created: { kind: 'decision', id: newDecisionId } } : {}),
    ...(to ? { to } : {}),
  };
};

export interface AppealOutcomeArgs {
  outcome: 'upheld' | 'changed' | 'revoked';
  decidedOn: string;
  reason: string;
  forms?: string[] | undefined;
  compensationFen?: number | undefined;
  departureReason?: string | undefined;
  /** recorded as the new decision's meeting (who decided and how) */
  meeting: Record<string, unknown>;
  /**
   * WC-11: the commission's own review of the person's defence — a change heavier than the
   * decision it changes is refused (DECISION_HEAVIER_ON_DEFENCE). The outside body's decision on
   * an appeal (execute_supervision_decision) is that body's, executed as it stands.
   */
  refuseHeavier?: boolean;
}

/**
 * WC-11: a decision changed or revoked on a defence or appeal is served on the subject it changes
 * before it is executed: a case whose decision was served goes back to be served (`decided`); a
 * case executing stays so, the changed part's execution waiting for its service
 * (start_execution); a closed case (an appeal after closure, file_appeal) leaves `closed` for
 * `executing` the same way, and is closed again once the change is served and executed.
 * Null: the state is the one ACTION_DEFS says.
 */
export function stateAfterChange(s: StepCtx, newDecisionId: string | null): CaseState | null {
  if (!newDecisionId) return null;
  if (s.row.state === 'notified') return 'decided';
  if (s.row.state === 'closed') return 'executing';
  return null;
}

/** Whether the decision's execution has begun (a closed case's was carried out): a change adjusts what was executed. */
const executionBegun = (s: StepCtx): boolean => s.row.state === 'executing' || s.row.state === 'closed';

/**
 * Records the outcome of a defence or appeal (WC-11): a changed or revoked outcome creates a new
 * decision that supersedes the one in force (both kept) and, during execution, adjusts what was
 * executed. Shared by the commission's review (decide_appeal) and the execution of an outside
 * body's decision (execute_supervision_decision). Returns the new decision id, if any.
 */
export async function applyAppealOutcome(s: StepCtx, appeal: { id: string; subject_person_id: string }, i: AppealOutcomeArgs): Promise<string | null> {
  let newDecisionId: string | null = null;
  if (i.outcome !== 'upheld') {
    const old = (await inForceDecision(s.tx, s.row.id))!;
    const oldItems = await decisionItemRows(s.tx, old.id);
    if (i.outcome === 'changed' && !i.forms?.length) throw field(['forms'], '变更决定须给出新的追究形式', 'a changed decision needs the new forms');
    const items: ItemIn[] = oldItems.map((it) => {
      const base: ItemIn = {
        subjectPersonId: it.subject_person_id,
        noAccountability: Number(it.no_accountability) === 1,
        forms: parseJson<string[]>(it.forms, []),
        departureReason: it.departure_reason ?? undefined,
        transferJudicial: Number(it.transfer_judicial) === 1,
        transferDiscipline: Number(it.transfer_discipline) === 1,
        compensationFen: it.compensation_fen ?? undefined,
        reason: it.reason ?? undefined,
        executionStartedOn: it.execution_started_on ?? null,
      };
      // Items the appeal does not touch are carried over as decided; measured against the re-run
      // recommendation they may now depart — recorded, with this note as their reason.
      if (it.subject_person_id !== appeal.subject_person_id) return { ...base, departureReason: base.departureReason ?? '原决定事项，未经本次申诉变更（原决定所依据的建议见原决定的收据）。' };
      // The appeal outcome's written reason (required) stands as the reason of a departure from
      // the re-run recommendation unless a separate one is given; the departure is still recorded.
      // WC-11: the changed part is served and executed anew (carried-over parts keep their start);
      // a part revoked during execution has nothing left to execute, only to be served.
      const started = i.outcome === 'revoked' && executionBegun(s) ? i.decidedOn : null;
      if (i.outcome === 'revoked') return { ...base, noAccountability: true, forms: [], compensationFen: undefined, transferJudicial: false, transferDiscipline: false, departureReason: i.departureReason ?? i.reason, reason: i.reason, executionStartedOn: started };
      return { ...base, noAccountability: false, forms: i.forms!, compensationFen: i.compensationFen ?? base.compensationFen, departureReason: i.departureReason ?? i.reason, reason: i.reason, executionStartedOn: started };
    });
    const rec = await evaluateForCaseInTx(s.tx, s.ctx, s.row);
    if (i.refuseHeavier) await refuseHeavierOnDefence(s.tx, oldItems.find((it) => it.subject_person_id === appeal.subject_person_id), items.find((it) => it.subjectPersonId === appeal.subject_person_id), (rec.output as { pack?: { id?: string } } | null)?.pack?.id);
    const ranges = onlyFor(rangesFromOutput(rec.output as Parameters<typeof rangesFromOutput>[0]), items.map((x) => x.subjectPersonId));
    const recorded = await referralsForDecision(s.tx, s.ctx, s.row, items);
    const whole = await checkDecisionAsWhole(s, items.map((it) => ({ ...it, referrals: recorded.get(it.subjectPersonId) })), { ranges, output: rec.output, inputs: rec.inputs }, () => []);
    const departures = await checkDepartures(s, items, ranges, () => ['departureReason'], whole);
    newDecisionId = await insertDecision(s, {
      origin: 'appeal',
      appealId: appeal.id,
      meeting: i.meeting,
      decidedOn: i.decidedOn,
      items,
      departures,
      ranges,
      evaluationId: rec.id,
      supersedes: { id: old.id, seq: old.seq },
    });
    // Execution already under way: the changed subject's execution follows the new decision —
    // open items cancelled, what was carried out reversed in the registers with history
    // (steps-execution.ts#adjustExecutionAfterSupersede).
    // What the new decision no longer orders is ended now (in the subject's favour); what it orders
    // anew is executed only after it is served on the subject and their period to state a defence
    // has run (WC-11: start_execution during execution). The year's bars (FL-14, FL-11, WC-10(3))
    // stand until then and follow the change when it starts (a revocation lifts them at once).
    if (executionBegun(s)) await adjustExecutionAfterSupersede(s, appeal.subject_person_id, newDecisionId, i.decidedOn, i.reason, { createNew: false });
  }
  await setAppealOutcome(s.tx, appeal.id, { outcome: i.outcome, on: i.decidedOn, reason: i.reason, newDecisionId });
  return newDecisionId;
}

export const DECISION_STEPS = {
  decide,
  notify,
  file_defence: fileDefence,
  file_appeal: fileAppeal,
  decide_appeal: decideAppeal,
};
