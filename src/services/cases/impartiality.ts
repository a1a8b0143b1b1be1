// The impartiality guard every case step passes (performAction), and the list of steps offered
// to a user with the ones they must stand aside from and why. Decisions come from
// src/policies/recusal.ts (one rule for every caller); this file applies them to a step:
//
// - recusal (回避): a conflicted actor is refused (RECUSAL_REQUIRED, naming person, reason, basis);
// - the deputy (分管负责人, settings `recusal.deputyUserId`) takes the main leader's steps only
//   on cases where every main leader is conflicted, and the step records `actingFor`;
// - separation (调查与决定分离): a team member / the accepter may not take decision steps;
//   when the parameter is off the dual role is recorded on the step (`dualRoles`);
// - honest dates: a step's date is not in the future (China time, injected clock), not before
//   the previous step or the date received, and needs `backdateReason` when more than N days
//   (pack parameter) before the day of recording — then the step is marked `backdated`.
import { actorOrgId } from '../../policies/org-scope';
import { addDays } from '../../calendar/dates';
import type { Tx } from '../../db/tx';
import { ACTION_DEFS, actorships, CASE_ACTIONS, checkTransition, citationOf, whoOf, type ActorFacts, type AllowedAction, type CaseAction, type CaseFacts } from '../../domain/cases';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { activeLeaders, loadRecusalFacts, personActorAndDeputy, personActorOf } from '../../policies/recusal-repo';
import { SYSTEM_ACTOR } from '../../policies/roles';
import {
  conflictsOf,
  dualRoles,
  impartialityParams,
  NEUTRAL_GROUND,
  recusalError,
  separationConflicts,
  separationError,
  type Conflict,
  type ImpartialityParams,
  type PersonActor,
  type RecusalFacts,
} from '../../policies/recusal';
import type { Ctx } from '../context';
import { actorFactsOf, type CaseRow, type Q } from './repo';
import { casePacksOn, orgPacksOn } from '../orgs/org-settings';
import { findOrg, type Organisation } from '../orgs/org-repo';
import { movingSteps } from '../../repositories/cases/case-repo';
import { unmetDueBefore } from '../../repositories/cases/deadlines-repo';
import { findMeeting } from '../../repositories/meetings/meetings-repo';
import { DEADLINE_RULES, type DeadlineKind } from '../../calendar/deadlines';
import { INTERNAL_TARGETS, INTERNAL_TARGET_STEPS, type InternalTargetStep } from '../notify/settings';

export interface ActingFor {
  role: 'leader';
  zh: string;
  en: string;
  leaders: { name: string; reasonZh: string; reasonEn: string }[];
}

export interface StepImpartiality {
  params: ImpartialityParams;
  facts: RecusalFacts;
  who: PersonActor;
  /** the actor as the state machine sees them (the deputy gains the leader's actorship when acting for) */
  actorFacts: ActorFacts;
  actingFor: ActingFor | null;
  /** set when the actor is the deputy on a case whose leader is not conflicted */
  deputyRefusal: { zh: string; en: string } | null;
  /** what it was worked out from about the actor (the case view after the step reuses it) */
  actor: ActorImpartiality;
}

/** A step that moved the case, with its data (`movingSteps`). */
type MovingStep = { action: string; data: Record<string, unknown> };

const whoOfActor = (ctx: Ctx): PersonActor => ({ userId: ctx.actor.userId, personId: ctx.actor.personId, name: ctx.actor.displayName });

/** The case's organisation row when the caller has it (or is reading it): its rule packs need no second read. */
export interface KnownCaseOrg {
  org: Organisation | undefined | Promise<Organisation | undefined>;
  /** the case's impartiality facts when the caller read them already (the step: `loadStepFacts`) */
  recusal?: RecusalFacts;
  /** the actor's register person and the deputy when the caller read them already (the step: `loadStepFacts` with `deputyOrgOf`) */
  actor?: { userId: string; deputyOrgId: string | null; person: PersonActor | null; deputy: string | null } | null;
}

/** Whose deputy setting the actor's impartiality reads: none for a main leader, else the actor's organisation's. */
export const deputyOrgOf = (ctx: Ctx): string | null => (ctx.actor.roles.includes('leader') ? null : actorOrgId(ctx.actor));

/**
 * The actor's impartiality as a step worked it out, handed to the case view that answers the
 * step (computed once per step): valid for the same account, the same case organisation and the
 * same day only (`reusableActorImpartiality`).
 */
export interface StepActorImpartiality {
  userId: string;
  orgId: string;
  value: ActorImpartiality;
}

/** The step's actor impartiality if it holds for this reader of this case today, else null (read again). */
export function reusableActorImpartiality(ctx: Ctx, orgId: string, known: StepActorImpartiality | undefined): ActorImpartiality | null {
  if (!known || known.userId !== ctx.actor.userId || known.orgId !== orgId || known.value.today !== chinaDate(ctx.clock.now())) return null;
  return known.value;
}

/** What the impartiality checks need about the actor, read once per request (not per case). */
export interface ActorImpartiality {
  today: string;
  params: ImpartialityParams;
  who: PersonActor;
  /** the designated deputy (分管负责人) when that is this actor, with the other main leaders */
  deputyLeaders: PersonActor[] | null;
}

/**
 * `caseId`: the safeguards are those of the rule pack of that case's organisation today (issue 11);
 * without it (a list of the actor's own organisation's cases), those of the actor's organisation.
 */
export async function actorImpartiality(q: Q, ctx: Ctx, caseId?: string, known?: KnownCaseOrg): Promise<ActorImpartiality> {
  const today = chinaDate(ctx.clock.now());
  const packs = known ? orgPacksOn(await known.org, today) : caseId ? await casePacksOn(q, caseId, today) : orgPacksOn(await findOrg(q, actorOrgId(ctx.actor)), today);
  const params = impartialityParams(today, packs);
  // Named as the register person when the account is linked to one (the refusal names the person).
  // the register person and the designated deputy side by side (one wait on PostgreSQL)
  const leader = ctx.actor.roles.includes('leader');
  const deputyOrgId = deputyOrgOf(ctx);
  const k = known?.actor;
  const { person, deputy } = k && k.userId === ctx.actor.userId && k.deputyOrgId === deputyOrgId ? k : await personActorAndDeputy(q, ctx.actor.userId, deputyOrgId);
  const who = person ?? whoOfActor(ctx);
  let deputyLeaders: PersonActor[] | null = null;
  if (!leader) {
    if (deputy && deputy === ctx.actor.userId) deputyLeaders = (await activeLeaders(q, actorOrgId(ctx.actor))).filter((l) => l.userId !== deputy);
  }
  return { today, params, who, deputyLeaders };
}

/** Works out, from the case's recusal facts, whether the actor acts for a conflicted main leader (pure). */
export function impartialityOn(ctx: Ctx, a: ActorImpartiality, rf: RecusalFacts): StepImpartiality {
  const { params, who } = a;
  const base = actorFactsOf(ctx.actor);
  let actorFacts = base;
  let actingFor: ActingFor | null = null;
  let deputyRefusal: StepImpartiality['deputyRefusal'] = null;
  if (a.deputyLeaders) {
    const leaders = a.deputyLeaders;
    const conflicted = leaders.map((l) => ({ l, cs: conflictsOf(rf, l, params) }));
    if (leaders.length > 0 && conflicted.every((x) => x.cs.length > 0)) {
      // The reporter's identity reaches only the clerks: on the timeline every ground reads alike,
      // without its reason (FL-7(7): a reason withheld for the reporter's ground alone named him)
      const list = conflicted.map((x) => ({ name: x.l.name, reasonZh: NEUTRAL_GROUND.zh, reasonEn: NEUTRAL_GROUND.en }));
      actingFor = {
        role: 'leader',
        zh: `分管负责人${who.name}代委主要负责人办理：${list.map((x) => `${x.name}（${x.reasonZh}）`).join('；')}应当回避`,
        en: `deputy ${who.name} acts for the main leader: ${list.map((x) => `${x.name} (${x.reasonEn})`).join('; ')} must recuse`,
        leaders: list,
      };
      actorFacts = { ...base, roles: [...base.roles, 'leader'] };
    } else {
      deputyRefusal = {
        zh: '分管负责人仅在委主要负责人应当回避的案件上代为办理；本案委主要负责人无须回避',
        en: 'the deputy acts only on cases where the main leader must recuse; on this case the main leader need not',
      };
    }
  }
  return { params, facts: rf, who, actorFacts, actingFor, deputyRefusal, actor: a };
}

/** Loads the facts and works out whether the actor acts for a conflicted main leader. */
export async function impartialityFor(q: Q, ctx: Ctx, caseId: string, facts: CaseFacts, known?: KnownCaseOrg): Promise<StepImpartiality> {
  void facts;
  const [a, rf] = [await actorImpartiality(q, ctx, caseId, known), known?.recusal ?? (await loadRecusalFacts(q, caseId))];
  return impartialityOn(ctx, a, rf);
}

const hasFL = (f: CaseFacts): boolean => f.tracks.includes('FL');

/** The seat a decision step gives its actor, for separation: chair or voter; null for other steps. */
export function decisionSeat(action: CaseAction, f: CaseFacts): 'chair' | 'voter' | null {
  if (action === 'decide' || action === 'decide_appeal') return 'chair';
  if (action === 'register' || action === 'decline_registration') return hasFL(f) ? 'chair' : 'voter';
  if (action === 'return_for_investigation') return 'voter';
  return null;
}

/**
 * A subject's own step (陈述申辩 / 申诉, WC-11) is a right, not a function: recusal does not bar the
 * subject from defending themselves.
 */
function ownStep(imp: Pick<StepImpartiality, 'actorFacts'>, action: CaseAction, f: CaseFacts): boolean {
  const who = whoOf(ACTION_DEFS[action], f);
  return who.includes('case_subject') && actorships(f, imp.actorFacts).includes('case_subject');
}

/** Why this actor may not take this step on this case (recusal first, then separation), or null. */
export function impartialityRefusal(imp: Pick<StepImpartiality, 'facts' | 'who' | 'params'>, action: CaseAction, f: CaseFacts): { kind: 'recusal' | 'separation'; conflicts: Conflict[] } | null {
  const rc = conflictsOf(imp.facts, imp.who, imp.params);
  if (rc.length) return { kind: 'recusal', conflicts: rc };
  const seat = decisionSeat(action, f);
  if (seat) {
    const sc = separationConflicts(imp.facts, imp.who, seat, imp.params);
    if (sc.length) return { kind: 'separation', conflicts: sc };
  }
  return null;
}

/**
 * Whether an account must stand aside from this step on the case (recusal, or separation for a
 * decision seat) — the step's own refusal (`precheckImpartiality`) without acting for a
 * conflicted leader: for whom a step is announced as waiting on them (src/services/notify/recipients.ts),
 * as the queue leaves such a step out.
 */
export function standsAsideFrom(imp: Pick<StepImpartiality, 'facts' | 'who' | 'params' | 'actorFacts'>, action: CaseAction, f: CaseFacts): boolean {
  return !ownStep(imp, action, f) && impartialityRefusal(imp, action, f) !== null;
}

/** The recusal/separation refusal of one step for this actor, or null (also used before an upload's body is read). */
export function precheckImpartiality(imp: StepImpartiality, action: CaseAction, f: CaseFacts): AppError | null {
  const def = ACTION_DEFS[action];
  const label = { zh: def.labelZh, en: def.labelEn };
  const refusal = ownStep(imp, action, f) ? null : impartialityRefusal(imp, action, f);
  if (!refusal) return null;
  return refusal.kind === 'recusal' ? recusalError(refusal.conflicts, label) : separationError(refusal.conflicts, label);
}

/**
 * The guard of one step, after the state machine allowed it: refuses a conflicted actor, checks
 * the step's date, and returns what the step records about impartiality (actingFor, dual roles,
 * the step date and a back-dating mark).
 */
export async function guardStep(
  tx: Tx,
  ctx: Ctx,
  row: CaseRow,
  f: CaseFacts,
  action: CaseAction,
  input: Record<string, unknown>,
  imp: StepImpartiality,
  /** the steps that moved the case, when the caller read them with its facts (`loadStepFacts`) */
  moving?: readonly MovingStep[],
): Promise<Record<string, unknown>> {
  const refusal = precheckImpartiality(imp, action, f);
  if (refusal) throw refusal;
  const out: Record<string, unknown> = {};
  if (imp.actingFor) out.actingFor = imp.actingFor;
  const seat = decisionSeat(action, f);
  if (seat) {
    const dual = dualRoles(imp.facts, imp.who, seat, imp.params);
    if (dual.length) out.dualRoles = dual;
  }
  Object.assign(out, await checkStepDate(tx, ctx, row, action, input, imp.params, moving));
  return out;
}

/** The actor's grounds to stand aside on the case today (FL-5(1)), under the pack of its organisation. */
async function groundsOfActor(q: Q, ctx: Ctx, caseId: string) {
  return groundsOf(q, (await personActorOf(q, ctx.actor.userId)) ?? whoOfActor(ctx), chinaDate(ctx.clock.now()), caseId);
}

async function groundsOf(q: Q, who: PersonActor, today: string, caseId: string) {
  const rf = await loadRecusalFacts(q, caseId);
  return conflictsOf(rf, who, impartialityParams(today, await casePacksOn(q, caseId, today)));
}

/**
 * assertNotRecused for an account known by its id only — a register write inside its transaction
 * (the original case's participants an open case rests on). The system itself has no grounds.
 */
export async function assertAccountNotRecused(q: Q, userId: string, today: string, caseId: string, what: { zh: string; en: string }): Promise<void> {
  if (userId === SYSTEM_ACTOR.userId) return;
  const cs = await groundsOf(q, (await personActorOf(q, userId)) ?? { userId, personId: null, name: userId }, today, caseId);
  if (cs.length) throw recusalError(cs, what);
}

/** Whether the actor must stand aside on the case (FL-5(1)): assertNotRecused without the error. */
export async function mustStandAside(q: Q, ctx: Ctx, caseId: string): Promise<boolean> {
  return (await groundsOfActor(q, ctx, caseId)).length > 0;
}

/**
 * For case writes and reads outside performAction (documents, meetings, the reporter thread,
 * disclosure, publication): a person with a recusal ground on the case does none of them either.
 */
export async function assertNotRecused(q: Q, ctx: Ctx, caseId: string, what: { zh: string; en: string }): Promise<void> {
  const cs = await groundsOfActor(q, ctx, caseId);
  if (cs.length) throw recusalError(cs, what);
}

/**
 * RECUSAL_REQUIRED on a ground the case's pack does not switch on for acting (its switches govern
 * acting, not reading what the reporter wrote): the person is not told which ground.
 */
export function standAsideError(what: { zh: string; en: string }): AppError {
  return new AppError('RECUSAL_REQUIRED', { zh: `${NEUTRAL_GROUND.zh}，不得办理「${what.zh}」（FL-5(1)）`, en: `${NEUTRAL_GROUND.en}: may not "${what.en}" (FL-5(1))` });
}

// ---------------------------------------------------------------- honest dates

/** The date field of each step's input (dotted path) and its label. Steps absent have no date. */
export const STEP_DATE_FIELDS: Partial<Record<CaseAction, { path: string; zh: string; en: string }>> = {
  accept: { path: 'acceptedOn', zh: '受理日期', en: 'date of acceptance' },
  not_accept: { path: 'decidedOn', zh: '不予受理日期', en: 'date of non-acceptance' },
  transfer: { path: 'transferredOn', zh: '转送日期', en: 'date of transfer' },
  register: { path: 'registeredOn', zh: '立案日期', en: 'date of registration' },
  decline_registration: { path: 'decidedOn', zh: '不予立案日期', en: 'date of declining registration' },
  report_to_leader: { path: 'reportedOn', zh: '报告日期', en: 'date reported' },
  appoint_team: { path: 'appointedOn', zh: '指派日期', en: 'date of appointment' },
  start_investigation: { path: 'startedOn', zh: '调查开始日期', en: 'start of investigation' },
  record_evidence: { path: 'collectedOn', zh: '取证日期', en: 'date collected' },
  submit_findings: { path: 'submittedOn', zh: '提交认定日期', en: 'date submitted' },
  // decide: its date is the meeting's (checked when the meeting is convened, meeting-service.ts)
  notify: { path: 'notifiedOn', zh: '送达日期', en: 'date served' },
  file_defence: { path: 'filedOn', zh: '提出日期', en: 'date filed' },
  // a paper appeal recorded by a clerk: the date it was received
  file_appeal: { path: 'filedOn', zh: '申诉提出（收到）日期', en: 'date the appeal was filed (received)' },
  decide_appeal: { path: 'decidedOn', zh: '复核决定日期', en: 'date decided' },
  refer_appeal: { path: 'sentOn', zh: '移送日期', en: 'date sent' },
  execute_supervision_decision: { path: 'executedOn', zh: '执行监督决定日期', en: 'date the supervising body’s decision was carried out' },
  start_execution: { path: 'startedOn', zh: '开始执行日期', en: 'start of execution' },
  complete_execution_item: { path: 'doneOn', zh: '执行完成日期', en: 'date done' },
  record_payment: { path: 'paidOn', zh: '缴纳日期', en: 'date paid' },
  reply: { path: 'repliedOn', zh: '答复日期', en: 'date of reply' },
  close: { path: 'closedOn', zh: '结案日期', en: 'date closed' },
};

const at = (o: Record<string, unknown>, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * The date before which a step may not be dated: the date received, the dates already on the
 * case row, and the date of every earlier step that moved the case (recording steps — evidence,
 * replies, payments — do not hold later steps back).
 */
async function lowerBound(tx: Tx, row: CaseRow, moving?: readonly MovingStep[]): Promise<{ date: string; zh: string; en: string }> {
  let best = { date: row.received_on, zh: '收到线索日期', en: 'the date received' };
  const take = (d: string | null | undefined, zh: string, en: string): void => {
    if (d && d > best.date) best = { date: d, zh, en };
  };
  take(row.accepted_on, '受理日期', 'the date of acceptance');
  take(row.registered_on, '立案日期', 'the date of registration');
  take(row.investigation_started_on, '调查开始日期', 'the start of the investigation');
  take(row.decided_on, '决定日期', 'the date of the decision');
  for (const s of moving ?? (await movingSteps(tx, row.id))) {
    const d = s.data.stepDate;
    const def = ACTION_DEFS[s.action as CaseAction];
    if (typeof d === 'string' && def) take(d, `上一步骤「${def.labelZh}」的日期`, `the date of the previous step "${def.labelEn}"`);
  }
  return best;
}

/** A date typed for an intake or a step, checked against today (China) and the back-dating limit. */
export function checkTypedDate(date: string, today: string, label: { zh: string; en: string }, field: string, backdateReason: string | undefined, params: ImpartialityParams): Record<string, unknown> {
  if (date > today) {
    throw new AppError('DATE_IN_FUTURE', { zh: `${label.zh} ${date} 晚于今天（${today}）`, en: `${label.en} ${date} is after today (${today})` }, { field, limit: today });
  }
  const days = daysBetween(date, today);
  const limit = params.backdate.days;
  if (days > limit) {
    if (!backdateReason) {
      throw new AppError(
        'BACKDATE_REASON_REQUIRED',
        {
          zh: `${label.zh} ${date} 早于 ${addDays(today, -limit)}（录入之日前 ${limit} 日），须填写补录理由（${params.backdate.basisZh}）`,
          en: `${label.en} ${date} is before ${addDays(today, -limit)} (${limit} days before recording): give a backdateReason (${params.backdate.basisEn})`,
        },
        { field, limit: addDays(today, -limit) },
      );
    }
    return { backdated: { field, date, recordedOn: today, days, reason: backdateReason } };
  }
  return {};
}

/**
 * A meeting's date (FL-15), when it is convened in the system: not in the future, and not before
 * the case's last moving step (a decision meeting is held on the findings as submitted). A meeting
 * is often entered after it was held, once its minutes are agreed: the step that carries out its
 * result is where a late record is caught (a deadline already past when the decision is recorded
 * needs the reason, checkStepDate); a reason given here is kept with the meeting's record.
 */
export async function checkMeetingDate(tx: Tx, row: CaseRow, heldOn: string, today: string, backdateReason: string | undefined): Promise<Record<string, unknown>> {
  if (heldOn > today) {
    throw new AppError('DATE_IN_FUTURE', { zh: `日期不能晚于今天：会议日期 ${heldOn} 晚于今天（${today}）`, en: `The date cannot be in the future: meeting date ${heldOn} is after today (${today})` }, { field: 'heldOn', limit: today });
  }
  const lb = await lowerBound(tx, row);
  if (heldOn < lb.date) {
    throw new AppError('DATE_BEFORE_PREVIOUS_STEP', { zh: `会议日期 ${heldOn} 早于${lb.zh}（${lb.date}）`, en: `meeting date ${heldOn} is before ${lb.en} (${lb.date})` }, { field: 'heldOn', limit: lb.date });
  }
  const reason = backdateReason?.trim();
  return reason && heldOn < today ? { backdated: { field: 'heldOn', date: heldOn, recordedOn: today, days: daysBetween(heldOn, today), reason } } : {};
}

/** The decision's date is its meeting's (FL-15): checked as the step's date when the decision is recorded. */
const DECIDE_DATE = { path: 'meetingId', zh: '决定会议日期', en: 'date of the deciding meeting' };

/** The statutory deadline each step meets (steps.ts `transfer`, steps-decision.ts `decide`). */
export const STATUTORY_MET_BY: Partial<Record<CaseAction, DeadlineKind>> = { transfer: 'transfer', decide: 'handling' };

/**
 * The deadlines and internal targets this step meets that were already past due when it is
 * recorded (`today`), though the step is dated on or before their due date: a late step that
 * would read as on time.
 */
async function overdueClaimedOnTime(tx: Tx, caseId: string, action: CaseAction, date: string, today: string): Promise<{ zh: string; en: string; dueDate: string; kind: string; internal: boolean }[]> {
  const statutory = STATUTORY_MET_BY[action];
  const internal = INTERNAL_TARGET_STEPS.filter((k) => INTERNAL_TARGETS[k].metBy.includes(action));
  if (!statutory && !internal.length) return [];
  const rows = await unmetDueBefore(tx, caseId, today);
  return rows
    .filter((r) => date <= r.dueDate && (r.src === 0 ? r.kind === statutory : (internal as readonly string[]).includes(r.kind)))
    .map((r) => {
      const label = r.src === 0 ? DEADLINE_RULES[r.kind as DeadlineKind] : INTERNAL_TARGETS[r.kind as InternalTargetStep];
      return { zh: `${label.labelZh}（${r.src === 0 ? '' : '内部时限，'}${r.dueDate} 届满）`, en: `${label.labelEn} (${r.src === 0 ? '' : 'internal target, '}due ${r.dueDate})`, dueDate: r.dueDate, kind: r.kind, internal: r.src === 1 };
    });
}

export async function checkStepDate(tx: Tx, ctx: Ctx, row: CaseRow, action: CaseAction, input: Record<string, unknown>, params: ImpartialityParams, moving?: readonly MovingStep[]): Promise<Record<string, unknown>> {
  let spec = STEP_DATE_FIELDS[action];
  let date = spec ? at(input, spec.path) : undefined;
  if (action === 'decide' && typeof input.meetingId === 'string') {
    // (a meeting of another case, or none, is refused by the step itself)
    const m = await findMeeting(tx, input.meetingId);
    if (m && m.case_id === row.id) [spec, date] = [DECIDE_DATE, m.held_on];
  }
  if (!spec || typeof date !== 'string') return {};
  const today = chinaDate(ctx.clock.now());
  const label = { zh: spec.zh, en: spec.en };
  if (date > today) {
    throw new AppError('DATE_IN_FUTURE', { zh: `${label.zh} ${date} 晚于今天（${today}）`, en: `${label.en} ${date} is after today (${today})` }, { field: spec.path, limit: today });
  }
  const lb = await lowerBound(tx, row, moving);
  if (date < lb.date) {
    throw new AppError(
      'DATE_BEFORE_PREVIOUS_STEP',
      { zh: `${label.zh} ${date} 早于${lb.zh}（${lb.date}）`, en: `${label.en} ${date} is before ${lb.en} (${lb.date})` },
      { field: spec.path, limit: lb.date },
    );
  }
  const reason = typeof input.backdateReason === 'string' && input.backdateReason.trim() ? input.backdateReason.trim() : undefined;
  // A step recorded after a deadline it meets had passed, dated on or before the due date, would
  // make a late step read as on time: however recent the date, it is a back-dated entry and needs
  // its reason (FL-16, WC-9(1); the internal targets alike), recorded and counted as such.
  const claimed = await overdueClaimedOnTime(tx, row.id, action, date, today);
  if (claimed.length) {
    const what = { zh: claimed.map((c) => c.zh).join('、'), en: claimed.map((c) => c.en).join('; ') };
    const overdue = claimed.map((c) => ({ kind: c.kind, dueDate: c.dueDate, internal: c.internal }));
    if (!reason) {
      throw new AppError(
        'BACKDATE_REASON_REQUIRED',
        {
          zh: `${what.zh}已过期限，今天（${today}）才录入；${label.zh} ${date} 不晚于期限，须填写补录理由`,
          en: `${what.en} had passed before this step was recorded today (${today}); ${label.en} ${date} is not after the due date: give the reason for the earlier date (backdateReason)`,
        },
        { field: spec.path, limit: today, overdue },
      );
    }
    return { stepDate: date, backdated: { field: spec.path, date, recordedOn: today, days: daysBetween(date, today), reason, overdueWhenRecorded: overdue } };
  }
  // (the deciding meeting's own back-dating was checked when it was convened: checkMeetingDate)
  if (spec === DECIDE_DATE) return { stepDate: date };
  return { stepDate: date, ...checkTypedDate(date, today, label, spec.path, reason, params) };
}

// ---------------------------------------------------------------- steps offered

export interface RecusalBlockedAction {
  action: CaseAction;
  labelZh: string;
  labelEn: string;
  kind: 'recusal' | 'separation';
  reasons: { zh: string; en: string; basisZh: string; basisEn: string }[];
}

/**
 * The steps offered to the actor (never one they must stand aside from), and the ones the state
 * and their role would allow but recusal or separation does not, with why.
 */
export async function offeredActions(q: Q, ctx: Ctx, row: CaseRow, f: CaseFacts): Promise<{ allowed: AllowedAction[]; recusalBlocked: RecusalBlockedAction[]; actingFor: ActingFor | null }> {
  return offeredActionsWith(await impartialityFor(q, ctx, row.id, f), f);
}

/** The same from facts already loaded (the queue loads them for all its cases at once). */
export function offeredActionsWith(imp: StepImpartiality, f: CaseFacts): { allowed: AllowedAction[]; recusalBlocked: RecusalBlockedAction[]; actingFor: ActingFor | null } {
  const allowed: AllowedAction[] = [];
  const recusalBlocked: RecusalBlockedAction[] = [];
  for (const action of CASE_ACTIONS) {
    const def = ACTION_DEFS[action];
    const r = checkTransition(f, action, imp.actorFacts);
    const base = { action, labelZh: def.labelZh, labelEn: def.labelEn, citation: citationOf(def, f), needs: def.needs };
    if (!r.ok && r.code !== 'PRECONDITION_FAILED') continue;
    const refusal = ownStep(imp, action, f) ? null : impartialityRefusal(imp, action, f);
    if (refusal) {
      recusalBlocked.push({
        action,
        labelZh: def.labelZh,
        labelEn: def.labelEn,
        kind: refusal.kind,
        reasons: refusal.conflicts.map((c) => ({ zh: `${c.name}：${c.reasonZh}`, en: `${c.name}: ${c.reasonEn}`, basisZh: c.basisZh, basisEn: c.basisEn })),
      });
      continue;
    }
    if (r.ok) allowed.push(base);
    else allowed.push({ ...base, blocked: { zh: r.zh, en: r.en, citation: r.citation } });
  }
  return { allowed, recusalBlocked, actingFor: imp.actingFor };
}
