// Drives a case through its lifecycle programmatically, one real command per step (every step
// authorized, guarded, audited exactly as over HTTP). For demo data, benchmarks and tests:
//
//   const { caseId } = await createCase(clerk, { source: 'report', … });
//   await driveCaseTo({ clerk, leader, decider, investigator }, caseId, 'closed');
//
// The actors are service contexts of real users (the investigator must be an active user with
// the investigator role; team appointment checks conflicts of interest against the register).
import type { CaseState, Track } from '../../domain/cases';
import { chinaDate } from '../../lib/clock';
import type { Ctx } from '../context';
import { performAction } from './commands';
import { latestRecommendation } from './recommendation';
import { AppError } from '../../errors';
import type { MeetingPurpose } from '../../policies/meeting-eligibility';
import { addDecisionBodyMember, closeMeeting, createMeeting, listDecisionBody, recordOpinion, setAttendance } from '../meetings/meeting-service';
import { currentFindings, findCase, parseJson } from './repo';
import { loadCaseAggregate } from '../../repositories/cases/case-aggregate';
import { defaultExecutionInput } from './steps-execution';

export interface DriveActors {
  clerk: Ctx;
  leader: Ctx;
  decider: Ctx;
  investigator: Ctx;
  /**
   * The members of the decision body who attend its meetings (FL-15; default [decider], which
   * alone is no meeting). Missing ones are added to the body's register by the clerk.
   */
  deciders?: Ctx[];
}

export interface MeetingPlan {
  /** the meeting date */
  on: string;
  /** members who attend (default: a.deciders) */
  attendees?: Ctx[];
  /** members who declare recusal (自行回避) with their reason */
  recusals?: { member: Ctx; reason: string }[];
  /** members whose opinion the clerk records and who do not confirm it (the chair lists them) */
  unconfirmed?: Ctx[];
  appealId?: string;
  minutes?: string;
  /** why the body meets again while an earlier meeting of the matter was not carried out (FL-15) */
  reconveneReason?: string;
}

/**
 * Holds a real meeting of the decision body through the services: the clerk convenes it (the
 * first attendee who may chair presides), records attendance, each member records — and so
 * confirms — their own opinion, the chair closes. Returns the meeting id for the case step.
 */
export async function holdMeeting(a: DriveActors, caseId: string, purpose: MeetingPurpose, opinionOf: (member: Ctx) => Record<string, unknown> | Promise<Record<string, unknown>>, plan: MeetingPlan): Promise<string> {
  const attendees = plan.attendees ?? a.deciders ?? [a.decider];
  const body = (await listDecisionBody(a.clerk)).items;
  for (const m of [...attendees, ...(plan.recusals ?? []).map((r) => r.member)]) {
    if (!body.some((b) => b.userId === m.actor.userId && b.active)) await addDecisionBodyMember(a.clerk, { userId: m.actor.userId });
  }
  let meeting: Awaited<ReturnType<typeof createMeeting>> | null = null;
  let chair: Ctx | null = null;
  for (const c of attendees) {
    try {
      meeting = await createMeeting(a.clerk, { caseId, purpose, heldOn: plan.on, chairUserId: c.actor.userId, ...(plan.appealId ? { appealId: plan.appealId } : {}), ...(plan.reconveneReason ? { reconveneReason: plan.reconveneReason } : {}) });
      chair = c;
      break;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'MEETING_INELIGIBLE')) throw e;
    }
  }
  if (!meeting || !chair) throw new Error('no attendee may chair this meeting');
  const recused = new Set(meeting.members.filter((m) => m.attendance === 'recused').map((m) => m.userId));
  for (const r of plan.recusals ?? []) {
    if (!recused.has(r.member.actor.userId)) await setAttendance(r.member, meeting.id, { userId: r.member.actor.userId, attendance: 'recused', recusalReason: r.reason });
    recused.add(r.member.actor.userId);
  }
  const present = attendees.filter((m) => !recused.has(m.actor.userId));
  for (const m of present) if (m !== chair) await setAttendance(a.clerk, meeting.id, { userId: m.actor.userId, attendance: 'present' });
  const unconfirmed = new Set((plan.unconfirmed ?? []).map((m) => m.actor.userId));
  for (const m of present) {
    const opinion = await opinionOf(m);
    await recordOpinion(unconfirmed.has(m.actor.userId) ? a.clerk : m, meeting.id, { ...opinion, userId: m.actor.userId });
  }
  await closeMeeting(chair, meeting.id, { closeWithMissingConfirmations: unconfirmed.size > 0, ...(plan.minutes ? { minutes: plan.minutes } : {}) });
  return meeting.id;
}

/** The decision opinion drive.ts uses: the lightest recommended form per subject with a finding. */
async function defaultDecisionItems(a: DriveActors, caseId: string, tracks: Track[], opts: DriveOptions) {
  const findings = await currentFindings(a.clerk.db.kysely, caseId);
  const rec = await latestRecommendation(a.clerk.db.kysely, caseId);
  return [...new Set(findings.map((f) => f.subject_person_id))].map((p) => {
    const range = rec?.ranges.get(p);
    const fallback = tracks.includes('FL') ? ['FL-6(2)'] : ['WC-10(1)'];
    const forms = opts.forms?.[p] ?? (range?.permitted.length ? [range.permitted[0]!] : fallback);
    return { subjectPersonId: p, forms, noAccountability: forms.length === 0 };
  });
}

export interface DriveOptions {
  /** the date every step is dated (default: today in China, from the clerk's clock) */
  on?: string;
  /** per step date overrides, e.g. { accept: '2025-09-30', start_investigation: '2025-08-05' } */
  dates?: Partial<Record<string, string>>;
  /** forms per subject person id for the decision (default: the lightest recommended, else FL-6(2) / WC-10(1)) */
  forms?: Record<string, string[]>;
  /** compensation to recover per subject, in fen (FL-13) */
  compensationFen?: Record<string, number>;
  /** the reason given for steps dated more than the pack's limit before today (default: 按书面记录补录) */
  backdateReason?: string;
  /** when the path must go through transfer: accept as outside competence */
  transfer?: boolean;
  /** the meetings' attendance (recusals, unconfirmed opinions); dated by the step's date */
  meeting?: Omit<MeetingPlan, 'on' | 'appealId'>;
  /** departure reasons per subject, when the forms chosen lie outside the recommended range */
  departureReasons?: Record<string, string>;
  /** serve without the written waiver of the defence: execution waits for the period (WC-11) */
  keepDefencePeriod?: boolean;
}

const MAIN_LINE: CaseState[] = ['intake', 'accepted', 'registered', 'reported', 'team_appointed', 'investigating', 'findings_submitted', 'decided', 'notified', 'executing', 'closed'];

async function current(ctx: Ctx, caseId: string) {
  const row = await findCase(ctx.db.kysely, caseId);
  if (!row) throw new Error(`no case ${caseId}`);
  return row;
}

/** Takes one step toward `target`; returns false when the case is there. */
export async function stepToward(a: DriveActors, caseId: string, target: CaseState, opts: DriveOptions = {}): Promise<boolean> {
  const row = await current(a.clerk, caseId);
  const state = row.state as CaseState;
  if (state === target) return false;
  const on = opts.on ?? chinaDate(a.clerk.clock.now());
  const d = (step: string): string => opts.dates?.[step] ?? on;
  // A step dated more than the pack's limit before the clock's today needs a reason (honest dates);
  // it is used only when needed, and such a step is marked back-dated on the timeline.
  const v = { expectedVersion: row.version, backdateReason: opts.backdateReason ?? '按书面记录补录' };
  const tracks = parseJson<Track[]>(row.tracks, []);
  const reply = row.source === 'report' ? { reply: '您反映的问题已收到，我委将依规办理。' } : {};

  if (state === 'intake') {
    if (target === 'not_accepted') return !!(await performAction(a.clerk, caseId, 'not_accept', { ...v, decidedOn: d('not_accept'), reason: '不属于行政执法过错', ...reply }));
    const outside = opts.transfer || target === 'to_transfer' || target === 'transferred';
    await performAction(a.clerk, caseId, 'accept', { ...v, acceptedOn: d('accept'), withinCompetence: !outside, ...reply });
    return true;
  }
  if (state === 'to_transfer' || (state === 'accepted' && target === 'transferred')) {
    await performAction(a.clerk, caseId, 'transfer', { ...v, transferredOn: d('transfer'), competentBody: '区城市管理局', letterNo: '巴住建转〔2025〕1号', ...reply });
    return true;
  }
  if (state === 'accepted') {
    const decline = target === 'not_registered';
    const on2 = d(decline ? 'decline_registration' : 'register');
    // FL-15: on the fault track 立案 is decided at a meeting of the body.
    const meetingId = tracks.includes('FL') ? await holdMeeting(a, caseId, 'registration', () => ({ register: !decline }), { ...opts.meeting, on: on2 }) : undefined;
    const v2 = { ...v, expectedVersion: (await current(a.clerk, caseId)).version };
    if (decline) {
      await performAction(a.decider, caseId, 'decline_registration', { ...v2, ...(meetingId ? { meetingId } : {}), decidedOn: on2, reason: '经初核，反映问题不属实' });
      return true;
    }
    await performAction(a.decider, caseId, 'register', { ...v2, ...(meetingId ? { meetingId } : {}), registeredOn: on2 });
    return true;
  }
  if (state === 'registered') {
    await performAction(a.clerk, caseId, 'report_to_leader', { ...v, reportedOn: d('report_to_leader') });
    return true;
  }
  if (state === 'reported') {
    await performAction(a.leader, caseId, 'appoint_team', { ...v, appointedOn: d('appoint_team'), members: [{ userId: a.investigator.actor.userId, lead: true }] });
    return true;
  }
  if (state === 'team_appointed') {
    await performAction(a.investigator, caseId, 'start_investigation', { ...v, startedOn: d('start_investigation') });
    return true;
  }
  if (state === 'investigating') {
    const agg = await loadCaseAggregate(a.clerk.db.kysely, row);
    const done = new Set(agg.findings.map((f) => f.subjectPersonId));
    const todo = agg.subjects.map((s) => s.personId).find((p) => !done.has(p));
    if (todo) {
      const faults = [...(tracks.includes('FL') ? ['FL-7(3)'] : []), ...(tracks.includes('WC') ? ['WC-6(4)'] : [])];
      await performAction(a.investigator, caseId, 'record_finding', {
        ...v,
        subjectPersonId: todo,
        faults,
        culpability: 'negligence',
        roleInOriginalCase: 'handler',
        circumstances: [],
        consequences: { harm: 'minor', influence: 'none', crimeSuspected: false },
        narrative: '认定事实不清，主要证据不足，导致处罚决定错误。',
      });
      return true;
    }
    await performAction(a.investigator, caseId, 'submit_findings', {
      ...v,
      submittedOn: d('submit_findings'),
      summary: '调查终结，责任认定如附。',
      ...(tracks.includes('WC') ? { wrongCase: { isWrongCase: true, wc5Item: row.wc5_item ?? 3, reference: row.wc5_reference_no ?? undefined } } : {}),
    });
    return true;
  }
  if (state === 'findings_submitted') {
    // FL-15 / WC-9(3): a meeting of the body decides; each member states the forms per subject.
    const meetingId = await holdMeeting(a, caseId, 'decision', async () => ({ items: (await defaultDecisionItems(a, caseId, tracks, opts)).map(({ subjectPersonId, forms, noAccountability }) => ({ subjectPersonId, forms, noAccountability })) }), { ...opts.meeting, on: d('decide') });
    const items = (await defaultDecisionItems(a, caseId, tracks, opts)).map((it) => ({
      ...it,
      ...(opts.compensationFen?.[it.subjectPersonId] ? { compensationFen: opts.compensationFen[it.subjectPersonId] } : {}),
      // Forms the caller chose may lie outside the recommended range: the departure needs a written reason.
      ...(opts.departureReasons?.[it.subjectPersonId] || opts.forms?.[it.subjectPersonId] ? { departureReason: opts.departureReasons?.[it.subjectPersonId] ?? '会议集体讨论后决定，理由见会议纪要。' } : {}),
    }));
    await performAction(a.decider, caseId, 'decide', { ...v, publicationScope: 'commission', publicationChannel: '委内会议通报', expectedVersion: (await current(a.clerk, caseId)).version, meetingId, items });
    return true;
  }
  // WC-11: every subject is served the decision in force — after the decision, and after a later
  // decision changed their part (then also during execution, before its new items are executed)
  const agg0 = ['decided', 'notified', 'executing'].includes(state) ? await loadCaseAggregate(a.clerk.db.kysely, row) : null;
  const unserved = agg0 ? agg0.facts.decisionSubjectIds.find((p) => !agg0.facts.notifiedSubjectIds.includes(p)) : undefined;
  if (unserved) {
    // WC-11: the driven subject waives the defence in writing at service (execution may then follow at
    // once); `keepDefencePeriod` leaves the period to run, as a test of the period wants.
    const waiver = opts.keepDefencePeriod ? {} : { defenceWaived: true, waiverNote: '送达回证上本人签署：放弃陈述申辩' };
    await performAction(a.clerk, caseId, 'notify', { ...v, subjectPersonId: unserved, notifiedOn: d('notify'), method: 'in_person', ...waiver });
    return true;
  }
  if (state === 'notified' || (state === 'executing' && (agg0?.facts.unexecutedSubjectIds ?? []).length)) {
    await performAction(a.clerk, caseId, 'start_execution', { ...v, startedOn: d('start_execution') });
    return true;
  }
  if (state === 'executing') {
    // execution items in the order they were created
    const agg = agg0!;
    const open = agg.executionItems.find((i) => i.status === 'open');
    if (open) {
      if (open.kind === 'compensation_recovery') {
        const paid = agg.payments.filter((p) => p.executionItemId === open.id).reduce((sum, p) => sum + p.amountFen, 0);
        await performAction(a.clerk, caseId, 'record_payment', { ...v, itemId: open.id, amountFen: Number(open.amountFen) - paid, paidOn: d('record_payment') });
      } else {
        await performAction(a.clerk, caseId, 'complete_execution_item', { ...v, itemId: open.id, doneOn: d('complete_execution_item'), ...defaultExecutionInput(open.kind, d('complete_execution_item'), open.amountFen) });
      }
      return true;
    }
    await performAction(a.clerk, caseId, 'close', { ...v, closedOn: d('close'), summary: '处理决定已执行完毕，结案归档。' });
    return true;
  }
  throw new Error(`cannot drive a case from ${state} to ${target}`);
}

/** Drives the case, step by step, until it is in `target` (which must lie ahead on its path). */
export async function driveCaseTo(a: DriveActors, caseId: string, target: CaseState, opts: DriveOptions = {}): Promise<void> {
  if (!MAIN_LINE.includes(target) && !['not_accepted', 'to_transfer', 'transferred', 'not_registered'].includes(target)) throw new Error(`unknown target ${target}`);
  for (let i = 0; i < 200; i++) if (!(await stepToward(a, caseId, target, opts))) return;
  throw new Error(`case ${caseId} did not reach ${target}`);
}
