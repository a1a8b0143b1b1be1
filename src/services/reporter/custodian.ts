// 身份保管 — the identity custodian (issue 9 §4; FL-7(7), FL-10(3)). A clerk on the case asks to
// read the reporter's identity, with a reason; the configured second person (安全管理员 by
// default, or 委主要负责人) approves or refuses; an approval lets that clerk read that case's
// identity until it expires. An emergency request is granted at once (short validity) and audited
// as such for the 安全审计员. Every request, approval, refusal and refused read is an audit row
// under entity 'case_reporter' (off the case timeline, in the audit viewer); the read itself stays
// `case.reporter.read` on the case, so the case timeline shows who read the identity and when.
// The rules are in src/policies/reporter-identity.ts.
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { grantAllowsRead, grantMinutes, mayDecideIdentityRequest, mayRequestIdentity } from '../../policies/reporter-identity';
import { authorize, can } from '../../policies/roles';
import { nowIso, type Ctx } from '../context';
import { identityCustodySettings } from '../hardening-settings';
import { assertNotRecused } from '../cases/impartiality';
import { canSeeCase, findCase, notFound } from '../cases/repo';
import * as repo from './custodian-repo';
import { staffLinkOf, type StaffLinkView } from './staff-match';
import { loadReporterIdentity, reporterPresence, type ReporterIdentity } from './identity-repo';
import { ctxForCase } from '../orgs/acting-in';

export const identityRequestInputSchema = z.object({
  reason: z.string().trim().min(4).max(2000),
  /** the emergency path: granted at once, short validity, audited as an emergency */
  emergency: z.boolean().optional(),
});
export const identityDecisionInputSchema = z.object({ note: z.string().trim().max(2000).optional() });

export interface IdentityRequestView {
  id: string;
  caseId: string;
  requestedBy: string;
  requestedByName: string | null;
  reason: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'refused' | 'emergency' | 'expired';
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  validMinutes: number;
  expiresAt: string | null;
}

const addMinutes = (iso: string, m: number): string => new Date(Date.parse(iso) + m * 60_000).toISOString();

function viewOf(r: repo.RequestListRow, now: string): IdentityRequestView {
  const live = (r.status === 'approved' || r.status === 'emergency') && r.expires_at !== null && r.expires_at <= now ? 'expired' : r.status;
  return {
    id: r.id,
    caseId: r.case_id,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    reason: r.reason,
    requestedAt: r.requested_at,
    status: live as IdentityRequestView['status'],
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    validMinutes: Number(r.valid_minutes),
    expiresAt: r.expires_at,
  };
}

const notClerkOnCase = (): AppError => new AppError('FORBIDDEN', { zh: '仅办理本案的委法制科人员可申请查看举报人身份', en: 'only a legal-affairs clerk on the case may ask to read the reporter’s identity' });

/** POST /cases/:id/reporter/identity-requests — a clerk on the case asks, with a reason. */
export async function requestIdentity(callerCtx: Ctx, caseId: string, raw: unknown): Promise<IdentityRequestView> {
  // issue 11: the roles held in the case's organisation (a supervising clerk reads below as supervisor)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'reporter.read');
  if (!mayRequestIdentity(ctx.actor)) throw notClerkOnCase();
  const input = parseInput(identityRequestInputSchema, raw);
  const emergency = input.emergency === true;
  const now = nowIso(ctx);
  const id = await inTransaction(ctx.db, async (tx) => {
    const c = await findCase(tx, caseId);
    if (!c || !(await canSeeCase(tx, ctx.actor, caseId))) throw notFound();
    await assertNotRecused(tx, ctx, caseId, { zh: '申请查看举报人身份', en: 'Ask to read the reporter’s identity' });
    if (!(await reporterPresence(tx, caseId))) throw new AppError('PRECONDITION_FAILED', { zh: '本案没有举报人信息', en: 'this case has no reporter' });
    const settings = await identityCustodySettings(tx);
    const minutes = grantMinutes(settings.validMinutes, emergency);
    const rid = newId();
    await repo.insertRequest(tx, {
      id: rid,
      case_id: caseId,
      requested_by: ctx.actor.userId,
      reason: input.reason,
      requested_at: now,
      status: emergency ? 'emergency' : 'pending',
      decided_by: emergency ? ctx.actor.userId : null,
      decided_at: emergency ? now : null,
      decision_note: null,
      valid_minutes: minutes,
      expires_at: emergency ? addMinutes(now, minutes) : null,
    });
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: emergency ? 'case_reporter.identity.emergency' : 'case_reporter.identity.request',
      entityType: 'case_reporter',
      entityId: caseId,
      after: emergency
        ? { requestId: rid, reason: input.reason, emergency: true, warning: '紧急查看举报人身份，未经审批，须事后审查 / EMERGENCY read of a reporter identity without approval: to be reviewed', validMinutes: minutes }
        : { requestId: rid, reason: input.reason, approver: settings.approver, validMinutes: minutes },
      at: now,
    });
    return rid;
  });
  const row = (await repo.listRequests(ctx.db.kysely, { caseId })).find((r) => r.id === id)!;
  return viewOf(row, now);
}

async function decide(ctx: Ctx, requestId: string, raw: unknown, approve: boolean): Promise<IdentityRequestView> {
  authorize(ctx.actor, 'reporter.identity.decide');
  const input = parseInput(identityDecisionInputSchema, raw);
  const now = nowIso(ctx);
  const caseId = await inTransaction(ctx.db, async (tx) => {
    const req = await repo.findRequest(tx, requestId, ctx.actor);
    if (!req) throw new AppError('NOT_FOUND');
    const settings = await identityCustodySettings(tx);
    if (!mayDecideIdentityRequest(ctx.actor, settings.approver, { caseId: req.case_id, requestedBy: req.requested_by, status: req.status, expiresAt: req.expires_at })) {
      throw new AppError('FORBIDDEN', {
        zh: `举报人身份查看申请由${settings.approver === 'leader' ? '委主要负责人' : '安全管理员'}审批，且不得由申请人本人审批`,
        en: `identity requests are decided by the ${settings.approver === 'leader' ? 'main leader' : 'security administrator'}, never by the requester`,
      });
    }
    if (req.status !== 'pending') throw new AppError('IDENTITY_REQUEST_CLOSED');
    // FL-5(1), FL-10(3): the main leader approving stands aside from a case he or she stands in —
    // a subject, a participant of the original case (the instructing leader), a relative: nobody
    // decides who reads the identity of the person who reported them. (The security administrator
    // holds no case and no register person: 三员分立.)
    if (settings.approver === 'leader') await assertNotRecused(tx, ctx, req.case_id, { zh: '审批查看举报人身份申请', en: 'Decide a request to read the reporter’s identity' });
    const n = await repo.decideRequest(tx, requestId, {
      status: approve ? 'approved' : 'refused',
      decided_by: ctx.actor.userId,
      decided_at: now,
      decision_note: input.note ?? null,
      expires_at: approve ? addMinutes(now, Number(req.valid_minutes)) : null,
    });
    if (n !== 1) throw new AppError('IDENTITY_REQUEST_CLOSED');
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: approve ? 'case_reporter.identity.approve' : 'case_reporter.identity.refuse',
      entityType: 'case_reporter',
      entityId: req.case_id,
      after: { requestId, requestedBy: req.requested_by, note: input.note ?? null, ...(approve ? { expiresAt: addMinutes(now, Number(req.valid_minutes)) } : {}) },
      at: now,
    });
    return req.case_id;
  });
  const row = (await repo.listRequests(ctx.db.kysely, { caseId })).find((r) => r.id === requestId)!;
  return viewOf(row, now);
}

export const approveIdentityRequest = (ctx: Ctx, requestId: string, raw: unknown): Promise<IdentityRequestView> => decide(ctx, requestId, raw, true);
export const refuseIdentityRequest = (ctx: Ctx, requestId: string, raw: unknown): Promise<IdentityRequestView> => decide(ctx, requestId, raw, false);

/**
 * GET /identity-requests — the approver's list (pending by default). Shows the requester, the
 * reason and the case id only: the approver does not read case content or the identity.
 */
export async function listIdentityRequests(ctx: Ctx, status: 'pending' | 'all' = 'pending'): Promise<{ approver: 'secadmin' | 'leader'; items: IdentityRequestView[] }> {
  authorize(ctx.actor, 'reporter.identity.decide');
  const settings = await identityCustodySettings(ctx.db.kysely);
  if (!ctx.actor.roles.includes(settings.approver)) return { approver: settings.approver, items: [] };
  const rows = await repo.listRequests(ctx.db.kysely, { orgScope: ctx.actor.orgScope, ...(status === 'pending' ? { status: 'pending' } : {}) });
  const now = nowIso(ctx);
  return { approver: settings.approver, items: rows.filter((r) => r.requested_by !== ctx.actor.userId).map((r) => viewOf(r, now)) };
}

/** GET /cases/:id/reporter/identity-requests — the clerk's own requests on the case (with the timer). */
export async function myIdentityRequests(callerCtx: Ctx, caseId: string): Promise<{ items: IdentityRequestView[]; canRequest: boolean }> {
  // issue 11: the roles held in the case's organisation (a supervising clerk reads below as supervisor)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'reporter.read');
  const q = ctx.db.kysely;
  const c = await findCase(q, caseId);
  if (!c || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  const now = nowIso(ctx);
  const rows = await repo.listRequests(q, { caseId, requestedBy: ctx.actor.userId });
  return { items: rows.map((r) => viewOf(r, now)), canRequest: mayRequestIdentity(ctx.actor) && Boolean(await reporterPresence(q, caseId)) };
}

/** The actor's live grant (approved, unexpired, or emergency) to read this case's reporter, or null. */
export async function liveIdentityGrant(tx: Tx, ctx: Ctx, caseId: string, now: string): Promise<{ id: string; status: string; expiresAt: string } | null> {
  const grants = await repo.liveGrants(tx, caseId, ctx.actor.userId, now);
  const g = grants.find((x) => grantAllowsRead(ctx.actor, caseId, { caseId: x.case_id, requestedBy: x.requested_by, status: x.status, expiresAt: x.expires_at }, now));
  return g ? { id: g.id, status: g.status, expiresAt: g.expires_at! } : null;
}

/**
 * GET /cases/:id/reporter — the identity, for a clerk holding a live grant on this case. Without
 * one: IDENTITY_ACCESS_REQUIRED, and the refused attempt is itself audited.
 */
export async function readReporter(callerCtx: Ctx, caseId: string): Promise<(ReporterIdentity & { grantExpiresAt: string; staffLink: StaffLinkView | null }) | null> {
  // issue 11: the roles held in the case's organisation (a supervising clerk reads below as supervisor)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'reporter.read');
  const now = nowIso(ctx);
  const outcome = await inTransaction(ctx.db, async (tx) => {
    const c = await findCase(tx, caseId);
    if (!c || !(await canSeeCase(tx, ctx.actor, caseId))) throw notFound();
    // FL-5(1): an approved request does not outlive a ground to stand aside that arose after it
    await assertNotRecused(tx, ctx, caseId, { zh: '查看举报人身份', en: 'Read the reporter’s identity' });
    const grant = await liveIdentityGrant(tx, ctx, caseId, now);
    if (!grant) {
      await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case_reporter.identity.read_refused', entityType: 'case_reporter', entityId: caseId, after: { reason: 'no live approved request' }, at: now });
      return { refused: true as const };
    }
    // Decrypt before auditing the read so a missing key (REPORT_KEY_MISSING) records nothing as read.
    const identity = await loadReporterIdentity(tx, caseId);
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'case.reporter.read',
      // on the case (as before the custodian): the case timeline shows who read the identity, when
      entityType: 'case',
      entityId: caseId,
      after: { found: Boolean(identity), requestId: grant.id, emergency: grant.status === 'emergency' },
      at: now,
    });
    // the staff-reporter link (automatic or a clerk's), to confirm or undo (staff-match.ts)
    return { refused: false as const, identity, expiresAt: grant.expiresAt, staffLink: await staffLinkOf(tx, caseId) };
  });
  if (outcome.refused) throw new AppError('IDENTITY_ACCESS_REQUIRED');
  return outcome.identity ? { ...outcome.identity, grantExpiresAt: outcome.expiresAt, staffLink: outcome.staffLink } : null;
}

/** For the UI: may this actor decide identity requests now (the configured approver)? */
export async function isIdentityApprover(ctx: Ctx): Promise<boolean> {
  if (!can(ctx.actor, 'reporter.identity.decide')) return false;
  const s = await identityCustodySettings(ctx.db.kysely);
  return ctx.actor.roles.includes(s.approver);
}
