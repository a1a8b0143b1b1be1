// Collective meetings of the decision body (委党委会): FL-15 立案、处理决定由委党委会会议确定;
// WC-9(3) 经委领导集体讨论; FL-5(4) 民主集中制. A meeting is a record: date, chair, the members of
// the body as at the meeting (present, absent, recused and why), each present member's opinion,
// each member's own confirmation (co-signature), the quorum and the majority result. The case
// steps register / decline_registration / decide / decide_appeal carry out a closed meeting's
// result (carry-out.ts). One account can never make a meeting alone: quorum counts accounts,
// a member confirms only with their own account, and one present member is no meeting.
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import { formsKey, meetingResultOf, quorumOf, type MeetingOpinion, type MeetingResult, type QuorumResult } from '../../domain/meetings/tally';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { parseInput, validationError } from '../../lib/validation';
import { chinaDate } from '../../lib/clock';
import { conflictsOf, groundsAsShownToOthers, impartialityParams } from '../../policies/recusal';
import { assertNotRecused, checkMeetingDate, standAsideError } from '../cases/impartiality';
import { refuseGroundsNow } from './grounds';
import { insertRecusal, listRecusalRows } from '../../repositories/impartiality/impartiality-repo';
import { loadRecusalFacts } from '../../policies/recusal-repo';
import { personRowsByIds } from '../../repositories/registers/people-repo';
import { memberEligibility, meetingParameters, recusalAsShown, type MeetingParameters, type MeetingPurpose, type Reason } from '../../policies/meeting-eligibility';
import { authorize, type Actor } from '../../policies/roles';
import { actorOrgId } from '../../policies/org-scope';
import { casePacksOn } from '../orgs/org-settings';
import { nowIso, type Ctx } from '../context';
import { canSeeCase, currentFindings, findCase, notFound, parseJson, type Q } from '../cases/repo';
import { perspectiveOf } from '../cases/views';
import { peopleByIds } from '../cases/registers-adapter';
import { evaluateForCaseInTx } from '../cases/recommendation-service';
import { refuseHeavierMeetingResult } from '../cases/heavier-on-defence';
import {
  appealOfCase,
  bodyMemberInScope,
  bodyRowOfUser,
  casesAwaitingBody,
  casesAwaitingBodyStoodAsideBy,
  caseFactsForMeeting,
  currentBody,
  deciderAccountsOfOrg,
  findMeeting,
  insertBodyMember,
  insertMeeting,
  insertMeetingMember,
  listBodyMembers,
  lockMeeting,
  markCarriedOut,
  meetingMembers,
  meetingsOfCase,
  memberInOrg,
  nextBodySortOrder,
  personIdsOfUsers,
  updateBodyMember,
  updateMeeting,
  updateMeetingMember,
} from '../../repositories/meetings/meetings-repo';
import { attendanceSchema, closeSchema, meetingCreateSchema, memberAddSchema, memberUpdateSchema, minutesSchema, opinionSchema, type MeetingOut } from './schemas';
import { ctxForCase, ctxForMeeting, rawId } from '../orgs/acting-in';

const field = (path: (string | number)[], zh: string, en: string): AppError => validationError([{ code: 'custom', path, message: `${zh} / ${en}` }]);

// ---------------------------------------------------------------- the register of members

export async function listDecisionBody(ctx: Ctx) {
  authorize(ctx.actor, 'registers.read');
  const rows = await listBodyMembers(ctx.db.kysely, { orgScope: ctx.actor.orgScope });
  const people = await registerPeopleOf(ctx.db.kysely, rows.map((r) => r.person_id));
  return {
    items: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      userId: r.user_id,
      displayName: r.display_name,
      person: r.person_id ? (people.get(r.person_id) ?? null) : null,
      title: r.title,
      sortOrder: Number(r.sort_order),
      onRoster: Number(r.active) === 1,
      active: Number(r.active) === 1 && Number(r.disabled) !== 1,
      hasDeciderRole: parseJson<string[]>(r.roles, []).includes('decider'),
      addedAt: r.added_at,
      deactivatedAt: Number(r.active) === 1 ? null : r.deactivated_at,
      deactivatedByName: Number(r.active) === 1 ? null : (r.deactivated_by_name ?? null),
      deactivationReason: Number(r.active) === 1 ? null : r.deactivation_reason,
    })),
  };
}

/** The register person (name, unit, post) of each account's person id. */
async function registerPeopleOf(q: Q, ids: readonly (string | null)[]) {
  const rows = await personRowsByIds(q, [...new Set(ids.filter((x): x is string => Boolean(x)))]);
  return new Map(rows.map((p) => [p.id, { name: p.name, unitName: p.unit_name, post: p.post }]));
}

/**
 * FL-15: whom the clerk may put on the roster — exactly those addDecisionBodyMember accepts: an
 * active account of the clerk's organisation holding the decider role there, not on the roster
 * now, and not the clerk himself (SELF_GRANT). A former member comes back on the same row.
 */
export async function decisionBodyCandidates(ctx: Ctx) {
  authorize(ctx.actor, 'decisionBody.manage');
  const orgId = actorOrgId(ctx.actor);
  const [accounts, rows] = await Promise.all([deciderAccountsOfOrg(ctx.db.kysely, orgId), listBodyMembers(ctx.db.kysely, { orgId })]);
  const onRoster = new Set(rows.filter((r) => Number(r.active) === 1).map((r) => r.user_id));
  const former = new Set(rows.filter((r) => Number(r.active) !== 1).map((r) => r.user_id));
  const open = accounts.filter((a) => !onRoster.has(a.id) && a.id !== ctx.actor.userId);
  const people = await registerPeopleOf(ctx.db.kysely, open.map((a) => a.person_id));
  return {
    items: open.map((a) => ({ userId: a.id, displayName: a.display_name, person: a.person_id ? (people.get(a.person_id) ?? null) : null, formerMember: former.has(a.id) })),
  };
}

/**
 * FL-15: whether a case of the clerk's organisation waits for the body now — then taking a member
 * off needs a reason (updateDecisionBodyMember asks the same, and decides).
 */
export async function decisionBodyAwaiting(ctx: Ctx): Promise<{ reasonRequired: boolean; caseNumbers: string[]; more: boolean }> {
  authorize(ctx.actor, 'decisionBody.manage');
  const shown = 5;
  const numbers = await casesAwaitingBody(ctx.db.kysely, actorOrgId(ctx.actor), shown + 1);
  return { reasonRequired: numbers.length > 0, caseNumbers: numbers.slice(0, shown), more: numbers.length > shown };
}

/** Nobody puts himself on the body or takes himself off it, nor changes his own place in it. */
function checkNotOwnMembership(actor: Actor, userId: string): void {
  if (userId === actor.userId) throw new AppError('SELF_GRANT', { zh: '不得变更本人的委党委会成员身份', en: 'nobody changes their own membership of the decision body' });
}

/**
 * FL-5(1), FL-15: who sits on the body decides quorum, chair and majority of every case waiting for
 * it; the keeper of the roster who must stand aside from one of those cases (subject, participant of
 * its original case, relative, reporter, stood aside) does not change the membership meanwhile —
 * another clerk does, or it waits until the body has dealt with the case. The case is not named.
 */
async function refuseRosterChangeWhileStandingAside(tx: Tx, actor: Actor, orgId: string): Promise<void> {
  const aside = await casesAwaitingBodyStoodAsideBy(tx, orgId, { userId: actor.userId, personId: actor.personId ?? null });
  if (aside.length) throw standAsideError({ zh: '在其应当回避的案件待委党委会审议期间变更委党委会成员', en: 'change the decision body’s membership while a case they stand aside from waits for it' });
}

/** An active account of the organisation holding the decider role there (its membership, not its home organisation): else VALIDATION_FAILED on `path`. */
async function requireDeciderAccount(tx: Tx, userId: string, orgId: string, path: string[]) {
  const u = await memberInOrg(tx, userId, orgId);
  if (!u || u.disabled || !u.roles.includes('decider')) throw field(path, '须为具有委党委会成员角色的有效用户', 'must be an active user with the decider role');
  return u;
}

export async function addDecisionBodyMember(ctx: Ctx, raw: unknown): Promise<{ id: string }> {
  // FL-15 / 三员分立: the roster is casework (who sits decides quorum, chair and majority), kept by
  // the legal-affairs section — not by an administrator (registers.write is not enough)
  authorize(ctx.actor, 'decisionBody.manage');
  const i = parseInput(memberAddSchema, raw);
  checkNotOwnMembership(ctx.actor, i.userId);
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    // issue 11: a member of the organisation holding the decider role there (its membership, not its home organisation)
    const orgId = actorOrgId(ctx.actor);
    await refuseRosterChangeWhileStandingAside(tx, ctx.actor, orgId);
    const u = await requireDeciderAccount(tx, i.userId, orgId, ['userId']);
    const existing = await bodyRowOfUser(tx, i.userId, orgId);
    if (existing && Number(existing.active) === 1) throw new AppError('CONFLICT_DUPLICATE', { zh: `${u.display_name} 已是委党委会成员`, en: `${u.display_name} is already a member` });
    const order = i.sortOrder ?? (await nextBodySortOrder(tx, orgId));
    const id = existing?.id ?? newId();
    if (existing) await updateBodyMember(tx, id, { active: 1, title: i.title ?? null, sort_order: order, added_by: ctx.actor.userId, added_at: now, updated_at: now, deactivated_at: null, deactivated_by: null, deactivation_reason: null });
    else await insertBodyMember(tx, { id, org_id: orgId, user_id: i.userId, title: i.title ?? null, sort_order: order, active: 1, added_by: ctx.actor.userId, added_at: now, updated_at: now });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'decision_body.add', entityType: 'decision_body_member', entityId: id, after: { userId: i.userId, title: i.title ?? null, sortOrder: order }, at: now });
    return { id };
  });
}

/**
 * Edits a member's title, place or membership. Taking a member off while a case of the
 * organisation waits for the body (casesAwaitingBody) needs a reason: it changes who may chair and
 * vote on that case. The reason is kept on the roster record and in the audit.
 */
export async function updateDecisionBodyMember(ctx: Ctx, id: string, raw: unknown): Promise<{ id: string }> {
  authorize(ctx.actor, 'decisionBody.manage');
  const i = parseInput(memberUpdateSchema, raw);
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const m = await bodyMemberInScope(tx, id, ctx.actor);
    if (!m) throw new AppError('NOT_FOUND');
    checkNotOwnMembership(ctx.actor, m.user_id);
    const deactivating = i.active === false && Number(m.active) === 1;
    const reason = i.reason || null;
    let awaiting: string[] = [];
    if (deactivating) {
      awaiting = await casesAwaitingBody(tx, m.org_id);
      if (awaiting.length && !reason) {
        throw validationError([
          {
            code: 'custom',
            path: ['reason'],
            message: `本单位有案件待委党委会审议（${awaiting.join('、')}），减少成员须写明理由 / A case of the organisation waits for the decision body (${awaiting.join(', ')}): taking a member off needs a reason`,
          },
        ]);
      }
    }
    const reactivating = i.active === true && Number(m.active) !== 1;
    if (deactivating || reactivating) await refuseRosterChangeWhileStandingAside(tx, ctx.actor, m.org_id);
    // back on the roster only as addDecisionBodyMember would put him on: an active account holding the decider role there
    if (reactivating) await requireDeciderAccount(tx, m.user_id, m.org_id, ['active']);
    const patch = {
      ...(i.title !== undefined ? { title: i.title || null } : {}),
      ...(i.sortOrder !== undefined ? { sort_order: i.sortOrder } : {}),
      ...(i.active !== undefined ? { active: i.active ? 1 : 0 } : {}),
      ...(deactivating ? { deactivated_at: now, deactivated_by: ctx.actor.userId, deactivation_reason: reason } : {}),
      // a member back on the roster is one since now (the earlier membership stays in the audit)
      ...(reactivating ? { added_at: now, added_by: ctx.actor.userId, deactivated_at: null, deactivated_by: null, deactivation_reason: null } : {}),
    };
    await updateBodyMember(tx, id, { ...patch, updated_at: now });
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'decision_body.update',
      entityType: 'decision_body_member',
      entityId: id,
      before: { title: m.title, sortOrder: m.sort_order, active: m.active, ...(reactivating ? { deactivationReason: m.deactivation_reason } : {}) },
      after: { ...patch, ...(deactivating ? { reason, casesAwaiting: awaiting } : {}) },
      at: now,
    });
    return { id };
  });
}

// ---------------------------------------------------------------- meetings

type MeetingRow = NonNullable<Awaited<ReturnType<typeof lockMeeting>>>;
type MemberRow = Awaited<ReturnType<typeof meetingMembers>>[number];

const isClerk = (a: Actor): boolean => a.roles.includes('clerk');

const meetingNotFound = (): AppError => new AppError('NOT_FOUND', { zh: '会议不存在', en: 'no such meeting' });

/** Whether the meeting's case is one the actor may read in full: otherwise the meeting does not exist for them. */
async function mayReadMeetingCase(q: Q, actor: Actor, caseId: string): Promise<boolean> {
  return (await canSeeCase(q, actor, caseId)) && (await perspectiveOf(q, actor, caseId)) === 'full';
}

/** A write's caller and what it does: a member of staff who must stand aside is told so, not that the meeting is missing. */
type OnWrite = { ctx: Ctx; what: { zh: string; en: string } };

async function requireCaseFull(q: Q, actor: Actor, caseId: string, onWrite?: OnWrite) {
  const row = await findCase(q, caseId);
  if (!row || !(await canSeeCase(q, actor, caseId))) throw notFound();
  if ((await perspectiveOf(q, actor, caseId)) !== 'full') {
    // FL-5(1): the case is seen, from the subject's perspective, by one who must stand aside
    if (onWrite) {
      await assertNotRecused(q, onWrite.ctx, caseId, onWrite.what);
      throw standAsideError(onWrite.what);
    }
    throw notFound();
  }
  return row;
}

const STATE_OF_PURPOSE: Record<MeetingPurpose, string[]> = {
  registration: ['accepted'],
  decision: ['findings_submitted'],
  appeal: ['decided', 'notified', 'executing'],
};

export async function createMeeting(callerCtx: Ctx, raw: unknown): Promise<MeetingOut> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, rawId(raw, 'caseId'));
  authorize(ctx.actor, 'cases.act');
  const i = parseInput(meetingCreateSchema, raw);
  const now = nowIso(ctx);
  const id = await inTransaction(ctx.db, async (tx) => {
    const row = await requireCaseFull(tx, ctx.actor, i.caseId, { ctx, what: { zh: '召集会议', en: 'Convene a meeting' } });
    await assertNotRecused(tx, ctx, row.id, { zh: '召集会议', en: 'Convene a meeting' });
    // The clerk convenes on the body's behalf; a member convenes a meeting they chair.
    if (!isClerk(ctx.actor) && ctx.actor.userId !== i.chairUserId) {
      throw new AppError('FORBIDDEN', { zh: '会议由委法制科或会议主持人召集（FL-15）', en: 'a meeting is convened by the clerk or by its chair (FL-15)' });
    }
    if (!STATE_OF_PURPOSE[i.purpose].includes(row.state)) {
      throw new AppError('TRANSITION_NOT_ALLOWED', { zh: `案件当前状态不能召开此类会议（${row.state}）`, en: `the case's state (${row.state}) does not call for this meeting` }, { citation: 'FL-15' });
    }
    if (i.purpose === 'appeal') {
      const ap = i.appealId ? await appealOfCase(tx, i.appealId, row.id) : undefined;
      if (!ap || ap.outcome !== 'pending') throw field(['appealId'], '须指定本案待复核的陈述申辩或申诉', 'name a pending defence or appeal of this case');
    }
    // Honest dates (FL-5(1)): a meeting is not dated in the future, nor before the case's last moving step
    const today = chinaDate(ctx.clock.now());
    const backdated = await checkMeetingDate(tx, row, i.heldOn, today, i.backdateReason);
    // FL-15: the body's result binds. A meeting of the same matter not yet carried out (open, or
    // closed with its result) is not set aside by convening another whose result suits better:
    // meeting again needs its reason, and the earlier meeting is then marked as set aside for it.
    const earlier = (await meetingsOfCase(tx, row.id)).filter((x) => x.purpose === i.purpose && !x.carried_out_by_step && (i.purpose !== 'appeal' || x.appeal_id === (i.appealId ?? null)));
    if (earlier.length && !i.reconveneReason) {
      throw new AppError(
        'MEETING_RESULT_PENDING',
        { zh: `本案已有同一事项的会议（${earlier.map((x) => `${x.held_on}，${x.status === 'closed' ? '已闭会' : '进行中'}`).join('；')}）尚未执行；重新召开须写明理由（FL-15）`, en: `a meeting on this matter (${earlier.map((x) => `${x.held_on}, ${x.status}`).join('; ')}) has not been carried out; meeting again needs its reason (reconveneReason, FL-15)` },
        { meetingIds: earlier.map((x) => x.id), field: 'reconveneReason', citation: 'FL-15' },
      );
    }
    for (const x of earlier) await markCarriedOut(tx, x.id, 'reconvened');
    // the rule pack of the case's organisation on the meeting's date (issue 11)
    const packs = await casePacksOn(tx, row.id, i.heldOn);
    const params = meetingParameters(i.heldOn, packs);
    const cf = await caseFactsForMeeting(tx, row.id, i.purpose);
    const body = await currentBody(tx, row.org_id);
    const chair = body.find((m) => m.user_id === i.chairUserId);
    if (!chair) throw field(['chairUserId'], '主持人须为委党委会成员', 'the chair must be a member of the decision body');
    const dual: (Reason & { userId: string })[] = [];
    // 回避: every recusal ground of each member on this case, as the step guard sees it
    const rf = await loadRecusalFacts(tx, row.id);
    const imp = impartialityParams(i.heldOn, packs);
    const members = body.map((m) => {
      const conflicts = groundsAsShownToOthers(conflictsOf(rf, { userId: m.user_id, personId: m.person_id, name: m.display_name }, imp));
      const e = memberEligibility({ userId: m.user_id, personId: m.person_id, conflicts }, cf, params);
      for (const d of e.dualRoles) dual.push({ ...d, userId: m.user_id });
      return { m, e };
    });
    const chairE = members.find((x) => x.m.user_id === i.chairUserId)!.e;
    if (chairE.chairBar) {
      throw new AppError('MEETING_INELIGIBLE', { zh: `${chair.display_name}：${chairE.chairBar.zh}（${chairE.chairBar.citation}）`, en: `${chair.display_name}: ${chairE.chairBar.en} (${chairE.chairBar.citation})` }, { userId: chair.user_id, citation: chairE.chairBar.citation });
    }
    const mid = newId();
    let evaluationId: string | null = null;
    if (i.purpose === 'decision' && row.original_case_id) evaluationId = (await evaluateForCaseInTx(tx, ctx, row)).id;
    await insertMeeting(tx, {
      id: mid,
      org_id: row.org_id,
      case_id: row.id,
      purpose: i.purpose,
      appeal_id: i.appealId ?? null,
      held_on: i.heldOn,
      chair_user_id: i.chairUserId,
      status: 'open',
      minutes: null,
      quorum_json: null,
      result_json: null,
      missing_confirmations: null,
      dual_roles: JSON.stringify(dual),
      rule_evaluation_id: evaluationId,
      carried_out_by_step: null,
      version: 1,
      created_by: ctx.actor.userId,
      created_at: now,
      closed_by: null,
      closed_at: null,
    });
    for (const { m, e } of members) {
      await insertMeetingMember(tx, {
        id: newId(),
        meeting_id: mid,
        user_id: m.user_id,
        display_name: m.display_name,
        title: m.title,
        sort_order: Number(m.sort_order),
        attendance: e.recusal ? 'recused' : m.user_id === i.chairUserId ? 'present' : 'absent',
        recusal_kind: e.recusal ? 'automatic' : null,
        recusal_reason: e.recusal ? `${e.recusal.zh}（${e.recusal.citation}）` : null,
        opinion_json: null,
        opinion_by: null,
        opinion_at: null,
        confirmed_at: null,
      });
    }
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'case.meeting.create',
      entityType: 'case',
      entityId: row.id,
      after: { meetingId: mid, purpose: i.purpose, heldOn: i.heldOn, ...backdated, ...(earlier.length ? { setAside: earlier.map((x) => x.id), reconveneReason: i.reconveneReason } : {}), chairUserId: i.chairUserId, appealId: i.appealId ?? null, recused: members.filter((x) => x.e.recusal).map((x) => ({ userId: x.m.user_id, reason: x.e.recusal!.zh })), dualRoles: dual, ruleEvaluationId: evaluationId },
      at: now,
    });
    return mid;
  });
  return getMeeting(ctx, id);
}

/** Loads the meeting for a change: visible case, open meeting, locked. */
async function openMeetingForChange(tx: Tx, actor: Actor, meetingId: string, onWrite: OnWrite): Promise<MeetingRow> {
  const m = await lockMeeting(tx, meetingId);
  // a meeting of a case the actor may not see (another organisation's, issue 11) is a missing meeting
  if (!m || !(await canSeeCase(tx, actor, m.case_id))) throw meetingNotFound();
  await requireCaseFull(tx, actor, m.case_id, onWrite);
  if (m.status !== 'open') throw new AppError('MEETING_CLOSED');
  // set aside when the body met again on the matter (FL-15): it takes no more records
  if (m.carried_out_by_step) throw new AppError('MEETING_CLOSED', { zh: '该会议已另行召开或已据此办理，不能再修改', en: 'this meeting was set aside or carried out and cannot be changed' });
  return m;
}

/** The clerk (recording the minutes) or the chair records attendance and opinions. */
function requireRecorder(actor: Actor, m: MeetingRow): void {
  if (!isClerk(actor) && actor.userId !== m.chair_user_id) {
    throw new AppError('FORBIDDEN', { zh: '只有会议记录人（委法制科）或主持人可以登记', en: 'only the recorder (clerk) or the chair records this' });
  }
}

/** A member's recusal declared at a meeting, kept on the case (once: an existing one in effect stands). */
async function recuseOnCase(tx: Tx, ctx: Ctx, caseId: string, userId: string, name: string, reason: string, now: string): Promise<void> {
  const existing = (await listRecusalRows(tx, caseId)).some((r) => r.user_id === userId && (r.status === 'in_effect' || r.status === 'granted'));
  if (existing) return;
  const id = newId();
  await insertRecusal(tx, { id, case_id: caseId, user_id: userId, kind: 'self', reason, filed_by: ctx.actor.userId, filed_at: now, status: 'in_effect', decided_by: null, decided_at: null, decision_reason: null, acting_for: null });
  await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.recusal.self', entityType: 'case', entityId: caseId, after: { citation: 'FL-5(1)', data: { recusalId: id, userId, name, reason, at: 'meeting' } }, at: now });
}

async function touch(tx: Tx, m: MeetingRow): Promise<void> {
  await updateMeeting(tx, m.id, { version: m.version + 1 });
}

function memberOf(members: MemberRow[], userId: string): MemberRow {
  const mm = members.find((x) => x.user_id === userId);
  if (!mm) throw field(['userId'], '此人不是本次会议的委党委会成员', 'this person is not a member at this meeting');
  return mm;
}

export async function setAttendance(callerCtx: Ctx, meetingId: string, raw: unknown): Promise<MeetingOut> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForMeeting(callerCtx, meetingId);
  authorize(ctx.actor, 'cases.act');
  const i = parseInput(attendanceSchema, raw);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const m = await openMeetingForChange(tx, ctx.actor, meetingId, { ctx, what: { zh: '登记会议出席', en: 'Record attendance' } });
    const self = ctx.actor.userId === i.userId;
    // A member may declare their own recusal (自行回避); otherwise the recorder records.
    if (!(self && i.attendance === 'recused')) {
      requireRecorder(ctx.actor, m);
      await assertNotRecused(tx, ctx, m.case_id, { zh: '登记会议出席', en: 'Record attendance' });
    }
    const mm = memberOf(await meetingMembers(tx, meetingId), i.userId);
    if (mm.recusal_kind === 'automatic') {
      throw new AppError('MEETING_INELIGIBLE', { zh: `${mm.display_name}：${recusalAsShown(mm.recusal_kind, mm.recusal_reason) ?? ''}，不能改为出席`, en: `${mm.display_name} is recused automatically and cannot be marked present` }, { userId: mm.user_id });
    }
    if (i.attendance === 'recused' && !i.recusalReason) throw field(['recusalReason'], '回避须说明理由', 'a recusal needs its reason');
    if (i.attendance === 'present') await refuseGroundsNow(tx, m, [i.userId], 'MEETING_INELIGIBLE');
    if (i.userId === m.chair_user_id && i.attendance !== 'present') throw field(['attendance'], '主持人须出席；如需回避，请另行召集会议', 'the chair attends; if the chair must recuse, convene the meeting with another chair');
    await updateMeetingMember(tx, mm.id, {
      attendance: i.attendance,
      recusal_kind: i.attendance === 'recused' ? 'declared' : null,
      recusal_reason: i.attendance === 'recused' ? i.recusalReason! : null,
      ...(i.attendance !== 'present' ? { opinion_json: null, opinion_by: null, opinion_at: null, confirmed_at: null } : {}),
    });
    // FL-5(1): standing aside at a meeting is standing aside on the case — recorded as the member's
    // self-recusal there, so no step, and no later meeting, counts them in
    if (i.attendance === 'recused') await recuseOnCase(tx, ctx, m.case_id, mm.user_id, mm.display_name, i.recusalReason!, now);
    await touch(tx, m);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.meeting.attendance', entityType: 'case', entityId: m.case_id, before: { meetingId, userId: i.userId, attendance: mm.attendance }, after: { meetingId, userId: i.userId, attendance: i.attendance, recusalReason: i.recusalReason ?? null }, at: now });
  });
  // a member who has just stood aside no longer reads the meeting (FL-5(1), FL-7(7)); the answer
  // to their own recusal is the meeting as it was recorded, grounds read neutrally
  if (ctx.actor.userId === i.userId && i.attendance === 'recused') return toOut(ctx.db.kysely, (await findMeeting(ctx.db.kysely, meetingId))!);
  return getMeeting(ctx, meetingId);
}

async function validateOpinion(tx: Tx, m: MeetingRow, i: ReturnType<typeof opinionSchema.parse>): Promise<MeetingOpinion> {
  const purpose = m.purpose as MeetingPurpose;
  if (purpose === 'registration') {
    if (i.register === undefined) throw field(['register'], '请表明是否同意立案', 'say whether to register');
    return { purpose, register: i.register };
  }
  if (purpose === 'appeal') {
    if (!i.outcome) throw field(['outcome'], '请表明复核意见（维持、变更或撤销）', 'give the outcome (upheld, changed or revoked)');
    if (i.outcome === 'changed' && !i.forms?.length) throw field(['forms'], '变更须给出新的追究形式', 'a change names the new forms');
    return { purpose, outcome: i.outcome, ...(i.outcome === 'changed' ? { forms: [...new Set(i.forms)].sort() } : {}) };
  }
  const expected = [...new Set((await currentFindings(tx, m.case_id)).map((f) => f.subject_person_id))];
  const items = i.items ?? [];
  for (const [idx, it] of items.entries()) {
    if (!expected.includes(it.subjectPersonId)) throw field(['items', idx, 'subjectPersonId'], '此人不是有责任认定的被调查人', 'this person is not a subject with a finding');
    if (it.noAccountability && it.forms.length) throw field(['items', idx, 'forms'], '不予追究时不能同时选择追究形式', 'no accountability cannot have forms');
    if (!it.noAccountability && !it.forms.length) throw field(['items', idx, 'forms'], '请选择追究形式，或选择不予追究', 'choose the forms, or no accountability');
  }
  const missing = expected.filter((p) => !items.some((x) => x.subjectPersonId === p));
  if (missing.length || new Set(items.map((x) => x.subjectPersonId)).size !== items.length) {
    throw field(['items'], '意见须对每名被调查人各表明一次', 'the opinion covers every subject once');
  }
  return { purpose, items: items.map((x) => ({ subjectPersonId: x.subjectPersonId, noAccountability: x.noAccountability, forms: x.noAccountability ? [] : [...new Set(x.forms)].sort() })) };
}

export async function recordOpinion(callerCtx: Ctx, meetingId: string, raw: unknown): Promise<MeetingOut> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForMeeting(callerCtx, meetingId);
  authorize(ctx.actor, 'cases.act');
  const i = parseInput(opinionSchema, raw);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const m = await openMeetingForChange(tx, ctx.actor, meetingId, { ctx, what: { zh: '记录会议意见', en: 'Record an opinion' } });
    const self = ctx.actor.userId === i.userId;
    if (!self) requireRecorder(ctx.actor, m);
    await assertNotRecused(tx, ctx, m.case_id, { zh: '记录会议意见', en: 'Record an opinion' });
    const mm = memberOf(await meetingMembers(tx, meetingId), i.userId);
    if (mm.attendance !== 'present') throw field(['userId'], `${mm.display_name} 未出席或已回避，不能发表意见`, `${mm.display_name} is not present or is recused`);
    await refuseGroundsNow(tx, m, [mm.user_id], 'MEETING_INELIGIBLE');
    const opinion = await validateOpinion(tx, m, i);
    const stored = { ...opinion, ...(i.remark ? { remark: i.remark } : {}) };
    // A member's own record is their confirmation; a record by the recorder awaits it.
    await updateMeetingMember(tx, mm.id, { opinion_json: JSON.stringify(stored), opinion_by: ctx.actor.userId, opinion_at: now, confirmed_at: self ? now : null });
    await touch(tx, m);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.meeting.opinion', entityType: 'case', entityId: m.case_id, after: { meetingId, userId: i.userId, opinion: stored, confirmedBySelf: self }, at: now });
  });
  return getMeeting(ctx, meetingId);
}

/** Co-signature: a member confirms their own recorded opinion, with their own account only. */
export async function confirmOpinion(callerCtx: Ctx, meetingId: string): Promise<MeetingOut> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForMeeting(callerCtx, meetingId);
  authorize(ctx.actor, 'cases.act');
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const m = await openMeetingForChange(tx, ctx.actor, meetingId, { ctx, what: { zh: '确认会议意见', en: 'Confirm an opinion' } });
    const mm = (await meetingMembers(tx, meetingId)).find((x) => x.user_id === ctx.actor.userId);
    if (!mm || mm.attendance !== 'present') throw new AppError('FORBIDDEN', { zh: '只能确认本人在本次会议上的意见', en: 'you can confirm only your own opinion at this meeting' });
    if (!mm.opinion_json) throw new AppError('PRECONDITION_FAILED', { zh: '您的意见尚未记录', en: 'your opinion has not been recorded yet' });
    await updateMeetingMember(tx, mm.id, { confirmed_at: now });
    await touch(tx, m);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.meeting.confirm', entityType: 'case', entityId: m.case_id, after: { meetingId, userId: mm.user_id, opinion: parseJson(mm.opinion_json, {}) }, at: now });
  });
  return getMeeting(ctx, meetingId);
}

export async function setMinutes(callerCtx: Ctx, meetingId: string, raw: unknown): Promise<MeetingOut> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForMeeting(callerCtx, meetingId);
  authorize(ctx.actor, 'cases.act');
  const i = parseInput(minutesSchema, raw);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const m = await openMeetingForChange(tx, ctx.actor, meetingId, { ctx, what: { zh: '记录会议纪要', en: 'Write the minutes' } });
    requireRecorder(ctx.actor, m);
    await assertNotRecused(tx, ctx, m.case_id, { zh: '记录会议纪要', en: 'Write the minutes' });
    await updateMeeting(tx, m.id, { minutes: i.minutes || null, version: m.version + 1 });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.meeting.minutes', entityType: 'case', entityId: m.case_id, after: { meetingId, length: i.minutes.length }, at: now });
  });
  return getMeeting(ctx, meetingId);
}

/** The meeting's parameters: the rule pack of its case's organisation on the day it is held (issue 11). */
async function paramsOfMeeting(q: Q, m: MeetingRow): Promise<MeetingParameters> {
  return meetingParameters(m.held_on, await casePacksOn(q, m.case_id, m.held_on));
}

function quorumFrom(members: MemberRow[], params: MeetingParameters): QuorumResult {
  const p = params.quorum;
  return quorumOf({ members: members.length, recused: members.filter((x) => x.attendance === 'recused').length, present: members.filter((x) => x.attendance === 'present').length }, p);
}

function resultFrom(m: MeetingRow, members: MemberRow[], subjectIds: string[]): MeetingResult {
  const opinions = members.filter((x) => x.attendance === 'present' && x.opinion_json).map((x) => parseJson<MeetingOpinion>(x.opinion_json, { purpose: 'registration', register: false }));
  return meetingResultOf(m.purpose as MeetingPurpose, opinions, subjectIds);
}

/** The chair closes the meeting: quorate, every present member's opinion recorded, co-signed or listed. */
export async function closeMeeting(callerCtx: Ctx, meetingId: string, raw: unknown): Promise<MeetingOut> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForMeeting(callerCtx, meetingId);
  authorize(ctx.actor, 'cases.act');
  const i = parseInput(closeSchema, raw);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const m = await openMeetingForChange(tx, ctx.actor, meetingId, { ctx, what: { zh: '宣布闭会', en: 'Close the meeting' } });
    if (ctx.actor.userId !== m.chair_user_id) throw new AppError('FORBIDDEN', { zh: '只有会议主持人可以宣布闭会（FL-15）', en: 'only the chair closes the meeting (FL-15)' });
    const members = await meetingMembers(tx, meetingId);
    const params = await paramsOfMeeting(tx, m);
    const q = quorumFrom(members, params);
    if (q.soleMember) throw new AppError('MEETING_SOLE_MEMBER', { zh: `出席 ${q.present} 人（FL-15、FL-5(4)）`, en: `${q.present} present (FL-15, FL-5(4))` }, { quorum: q, citation: 'FL-15' });
    if (!q.quorate) {
      throw new AppError('MEETING_NOT_QUORATE', { zh: `应到 ${q.eligible} 人（已扣除回避 ${q.recused} 人），实到 ${q.present} 人，至少须 ${q.required} 人（FL-15、FL-5(4)）`, en: `${q.present} of ${q.eligible} eligible present (${q.recused} recused counted out); ${q.required} needed (FL-15, FL-5(4))` }, { quorum: q, citation: 'FL-15' });
    }
    const present = members.filter((x) => x.attendance === 'present');
    await refuseGroundsNow(tx, m, present.map((x) => x.user_id), 'MEETING_INELIGIBLE');
    const noOpinion = present.filter((x) => !x.opinion_json);
    if (noOpinion.length) throw new AppError('PRECONDITION_FAILED', { zh: `尚未记录意见：${noOpinion.map((x) => x.display_name).join('、')}`, en: `no opinion recorded for ${noOpinion.length} present member(s)` }, { userIds: noOpinion.map((x) => x.user_id) });
    const unconfirmed = present.filter((x) => !x.confirmed_at);
    if (unconfirmed.length && !i.closeWithMissingConfirmations) {
      throw new AppError('MEETING_NOT_CONFIRMED', { zh: `未确认：${unconfirmed.map((x) => x.display_name).join('、')}`, en: `not confirmed: ${unconfirmed.map((x) => x.display_name).join(', ')}` }, { userIds: unconfirmed.map((x) => x.user_id) });
    }
    // Even when closing with confirmations missing, the meeting rests on at least as many members'
    // own confirmations as a meeting needs members (one account never makes a meeting alone).
    const minOwn = params.quorum.minPresent;
    if (present.length - unconfirmed.length < minOwn) {
      throw new AppError('MEETING_NOT_CONFIRMED', { zh: `至少须有 ${minOwn} 名出席成员以本人账号确认意见（FL-15）`, en: `at least ${minOwn} present members must confirm their own opinion (FL-15)` }, { userIds: unconfirmed.map((x) => x.user_id) });
    }
    const subjectIds = m.purpose === 'decision' ? [...new Set((await currentFindings(tx, m.case_id)).map((f) => f.subject_person_id))] : [];
    const result = resultFrom(m, members, subjectIds);
    // WC-11 (APL-45, CSR-48): a change on the subject's own defence or appeal heavier than the
    // decision in force is never carried out (decide_appeal refuses it): the body does not close on it
    if (m.purpose === 'appeal') await refuseHeavierMeetingResult(tx, m.case_id, m.appeal_id, result.matter?.winner);
    await updateMeeting(tx, m.id, {
      status: 'closed',
      minutes: i.minutes ?? m.minutes,
      quorum_json: JSON.stringify(q),
      result_json: JSON.stringify(result),
      missing_confirmations: JSON.stringify(unconfirmed.map((x) => x.user_id)),
      closed_by: ctx.actor.userId,
      closed_at: now,
      version: m.version + 1,
    });
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'case.meeting.close',
      entityType: 'case',
      entityId: m.case_id,
      after: { meetingId, quorum: q, result, missingConfirmations: unconfirmed.map((x) => ({ userId: x.user_id, name: x.display_name })) },
      at: now,
    });
  });
  return getMeeting(ctx, meetingId);
}

// ---------------------------------------------------------------- reading

async function toOut(q: Q, m: MeetingRow): Promise<MeetingOut> {
  const members = await meetingMembers(q, m.id);
  const params = await paramsOfMeeting(q, m);
  const cf = await caseFactsForMeeting(q, m.case_id, m.purpose as MeetingPurpose);
  const personOf = await personIdsOfUsers(q, members.map((x) => x.user_id));
  const quorum = m.quorum_json ? parseJson<QuorumResult>(m.quorum_json, quorumFrom(members, params)) : quorumFrom(members, params);
  const subjectIds = m.purpose === 'decision' ? [...new Set((await currentFindings(q, m.case_id)).map((f) => f.subject_person_id))] : [];
  return {
    id: m.id,
    caseId: m.case_id,
    purpose: m.purpose as MeetingOut['purpose'],
    appealId: m.appeal_id,
    heldOn: m.held_on,
    chairUserId: m.chair_user_id,
    chairName: members.find((x) => x.user_id === m.chair_user_id)?.display_name ?? m.chair_user_id,
    status: m.status as 'open' | 'closed',
    minutes: m.minutes,
    members: members.map((x) => ({
      userId: x.user_id,
      displayName: x.display_name,
      title: x.title,
      attendance: x.attendance as 'present' | 'absent' | 'recused',
      recusalKind: x.recusal_kind as 'automatic' | 'declared' | null,
      recusalReason: recusalAsShown(x.recusal_kind, x.recusal_reason),
      opinion: x.opinion_json ? parseJson<Record<string, unknown>>(x.opinion_json, {}) : null,
      opinionBy: x.opinion_by,
      confirmed: Boolean(x.confirmed_at),
      mayChair: !memberEligibility({ userId: x.user_id, personId: personOf.get(x.user_id) ?? null }, cf, params).chairBar,
    })),
    quorum,
    result: m.result_json ? parseJson<MeetingResult>(m.result_json, {}) : m.status === 'open' ? resultFrom(m, members, subjectIds) : null,
    missingConfirmations: parseJson<string[]>(m.missing_confirmations, []),
    dualRoles: parseJson<(Reason & { userId: string })[]>(m.dual_roles, []),
    ruleEvaluationId: m.rule_evaluation_id,
    carriedOutByStep: m.carried_out_by_step,
    createdAt: m.created_at,
    closedAt: m.closed_at,
  };
}

export async function getMeeting(callerCtx: Ctx, meetingId: string): Promise<MeetingOut> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForMeeting(callerCtx, meetingId);
  authorize(ctx.actor, 'cases.read');
  const q = ctx.db.kysely;
  const m = await findMeeting(q, meetingId);
  if (!m || !(await mayReadMeetingCase(q, ctx.actor, m.case_id))) throw meetingNotFound();
  await requireCaseFull(q, ctx.actor, m.case_id);
  return toOut(q, m);
}

export async function listCaseMeetings(callerCtx: Ctx, caseId: string): Promise<{ items: MeetingOut[] }> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'cases.read');
  const q = ctx.db.kysely;
  await requireCaseFull(q, ctx.actor, caseId);
  const rows = await meetingsOfCase(q, caseId);
  return { items: await Promise.all(rows.map((r) => toOut(q, r))) };
}

/** For the minutes and the decision record: names of the subjects in a decision result. */
export async function subjectNames(q: Q, ids: string[]): Promise<Map<string, string>> {
  const p = await peopleByIds(q, ids);
  return new Map(ids.map((id) => [id, p.get(id)?.name ?? id]));
}

export { formsKey };
