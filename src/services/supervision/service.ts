// Outside supervisory bodies (WC-11; issue 7 point 9). A `supervisor` account belongs to one body
// (行政执法监督部门 or 纪检、监察部门, `supervisor_memberships`) and sees ONLY the appeal files sent
// to that body: the list and each frozen snapshot, read-only — never a live case, a register or
// the reporter. It records the body's decision (upheld / changed with the new forms / revoked,
// with reasons); the commission then executes it (case step execute_supervision_decision).
// Issue 11: an appeal file is its case's organisation's. The account reads and decides only the
// files of the organisations where it holds the supervisor role THERE (`orgsPermitting`): a role
// held in another organisation — a sibling commission, one below, or the supervising one above —
// reaches nothing (roles are held per organisation, never lent; SECURITY.md). A body that serves
// several commissions holds the role in each (a membership), as the notifications' recipients do
// (notify-repo.ts#enabledMembersOfBody).
// Anything else, including another body's files or another organisation's, is NOT_FOUND, like a
// missing record.
import { chinaDate } from '../../lib/clock';
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { dateSchema, FORM_IDS } from '../../domain/cases';
import { AppError } from '../../errors';
import { parseInput } from '../../lib/validation';
import { mayReadReferral } from '../../policies/case-visibility';
import { authorize } from '../../policies/roles';
import { accountRolesInScope, decideReferral, issuedLetters, membershipOf, referralById, referralsToBody, setMembership, type SupervisionReferral } from '../../repositories/supervision/supervision-repo';
import { SUPERVISORY_BODIES, type SupervisoryBody } from '../cases/steps-supervision';
import { nowIso, type Ctx } from '../context';
import { orgsPermitting } from '../orgs/acting-in';
import type { Q } from '../cases/repo';

const notFound = (): AppError => new AppError('NOT_FOUND', { zh: '未找到该申诉材料', en: 'no such appeal file' });

export interface ReferralSummary {
  id: string;
  caseNumber: string;
  appellantName: string;
  body: string;
  bodyName: string;
  letterNo: string;
  sentOn: string;
  outcome: 'pending' | 'upheld' | 'changed' | 'revoked';
  outcomeOn: string | null;
  executedOn: string | null;
  /** the issued 申诉移送函 sent with the appeal, readable by the body (GET /api/v1/documents/:id/versions/<n>.pdf) */
  letter: { documentId: string; version: number; docNumber: string | null; title: string } | null;
}

type Letters = Awaited<ReturnType<typeof issuedLetters>>;

/** The issued hand-off letters recorded on these referrals (the version the body reads). */
async function lettersOf(q: Q, rows: SupervisionReferral[]): Promise<Letters> {
  return issuedLetters(q, rows.map((r) => r.letterDocumentId).filter((x): x is string => Boolean(x)));
}

const summary = (r: SupervisionReferral, letters: Letters): ReferralSummary => {
  const snap = r.snapshot as { case?: { number?: string }; appellant?: { name?: string } };
  const l = r.letterDocumentId ? letters.get(r.letterDocumentId) : undefined;
  return {
    id: r.id,
    caseNumber: snap.case?.number ?? '',
    appellantName: snap.appellant?.name ?? '',
    body: r.body,
    bodyName: r.bodyName,
    letterNo: r.letterNo,
    sentOn: r.sentOn,
    outcome: r.outcome,
    outcomeOn: r.outcomeOn,
    executedOn: r.executedOn,
    letter: l && r.letterDocumentId ? { documentId: r.letterDocumentId, ...l } : null,
  };
};

/** The appeal files sent to my body, newest first. */
export async function listMyReferrals(ctx: Ctx): Promise<{ body: string | null; bodyName: string | null; items: ReferralSummary[] }> {
  authorize(ctx.actor, 'supervision.act');
  const q = ctx.db.kysely;
  const m = await membershipOf(q, ctx.actor.userId);
  if (!m) return { body: null, bodyName: null, items: [] };
  const orgs = await orgsPermitting(ctx, 'supervision.act');
  const rows = await referralsToBody(q, m.body, orgs);
  const mine = rows.filter((r) => mayReadReferral(ctx.actor, m.body, r, orgs));
  const letters = await lettersOf(q, mine);
  return { body: m.body, bodyName: m.bodyName, items: mine.map((r) => summary(r, letters)) };
}

/** The file when the caller's body reads it (`orgs`: where it holds the role; see the head of this file); otherwise NOT_FOUND. */
async function readable(ctx: Ctx, q: Q, id: string, orgs: readonly string[] | null) {
  const m = await membershipOf(q, ctx.actor.userId);
  const r = await referralById(q, id, orgs);
  if (!r || !mayReadReferral(ctx.actor, m?.body ?? null, r, orgs)) throw notFound();
  return r;
}

export interface ReferralDetail extends ReferralSummary {
  snapshot: Record<string, unknown>;
  outcomeReason: string | null;
  outcomeForms: string[] | null;
  /** FL-13: the amount to recover the body decided when it changed the decision (fen); null: unchanged */
  outcomeCompensationFen: number | null;
}

/** One appeal file sent to my body: the frozen snapshot, read-only. */
export async function getMyReferral(ctx: Ctx, id: string): Promise<ReferralDetail> {
  authorize(ctx.actor, 'supervision.act');
  const r = await readable(ctx, ctx.db.kysely, id, await orgsPermitting(ctx, 'supervision.act'));
  return { ...summary(r, await lettersOf(ctx.db.kysely, [r])), snapshot: r.snapshot, outcomeReason: r.outcomeReason, outcomeForms: r.outcomeForms, outcomeCompensationFen: r.outcomeCompensationFen ?? null };
}

export const supervisionDecisionSchema = z
  .object({
    outcome: z.enum(['upheld', 'changed', 'revoked']),
    decidedOn: dateSchema,
    reason: z.string().trim().min(2).max(20_000),
    /** when changed: the appellant's new forms */
    forms: z.array(z.enum(FORM_IDS as [string, ...string[]])).min(1).max(10).optional(),
    /** when changed: the amount of state compensation to recover from the appellant (FL-13), in fen; 0 drops the recovery; absent: unchanged */
    compensationFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .refine((v) => v.outcome !== 'changed' || v.forms?.length, { message: '变更决定须给出新的追究形式 / a changed decision needs the new forms', path: ['forms'] })
  .refine((v) => v.outcome === 'changed' || v.compensationFen === undefined, { message: '只有变更决定可以给出新的追偿金额 / only a changed decision gives a new recovery amount', path: ['compensationFen'] });

/** The body's decision on the appeal (set once). The commission executes it afterwards. Audited on the case. */
export async function decideMyReferral(ctx: Ctx, id: string, raw: unknown): Promise<ReferralDetail> {
  authorize(ctx.actor, 'supervision.act');
  const input = parseInput(supervisionDecisionSchema, raw);
  const orgs = await orgsPermitting(ctx, 'supervision.act');
  await inTransaction(ctx.db, async (tx) => {
    const r = await readable(ctx, tx, id, orgs);
    if (r.outcome !== 'pending') throw new AppError('PRECONDITION_FAILED', { zh: '该申诉已作出决定', en: 'that appeal was already decided' });
    if (input.decidedOn < r.sentOn) throw new AppError('VALIDATION_FAILED', { zh: '决定日期不能早于移送日期', en: 'the decision cannot precede the referral' });
    const today = chinaDate(ctx.clock.now());
    if (input.decidedOn > today) throw new AppError('DATE_IN_FUTURE', { zh: `决定日期 ${input.decidedOn} 晚于今天（${today}）`, en: `the date decided ${input.decidedOn} is after today (${today})` }, { field: 'decidedOn', limit: today });
    const now = nowIso(ctx);
    const decided = await decideReferral(tx, id, orgs, { outcome: input.outcome, decidedOn: input.decidedOn, reason: input.reason, forms: input.forms ?? null, compensationFen: input.compensationFen ?? null, actorId: ctx.actor.userId, now });
    if (!decided) throw new AppError('CONFLICT_STALE');
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'case.supervision.decision',
      entityType: 'case',
      entityId: r.caseId,
      after: { citation: 'WC-11', data: { referralId: id, body: r.body, bodyName: r.bodyName, outcome: input.outcome, decidedOn: input.decidedOn, reason: input.reason, forms: input.forms ?? null, compensationFen: input.compensationFen ?? null } },
      at: now,
    });
  });
  return getMyReferral(ctx, id);
}

export const membershipSchema = z.object({ body: z.enum(['supervision', 'discipline']), bodyName: z.string().trim().min(2).max(200).optional() });

/** Assigns a supervisor account to its body (user administration). Audited. */
export async function setSupervisorBody(ctx: Ctx, userId: string, raw: unknown): Promise<{ userId: string; body: string; bodyName: string }> {
  authorize(ctx.actor, 'users.manage');
  const input = parseInput(membershipSchema, raw);
  return inTransaction(ctx.db, async (tx) => {
    const roles = await accountRolesInScope(tx, userId, ctx.actor.orgScope);
    if (!roles) throw new AppError('NOT_FOUND', { zh: '无此用户', en: 'no such user' });
    if (!roles.includes('supervisor')) {
      throw new AppError('PRECONDITION_FAILED', { zh: '该用户不是外部监督机关账号', en: 'that user does not have the supervisor role' });
    }
    const bodyName = input.bodyName ?? SUPERVISORY_BODIES[input.body as SupervisoryBody].zh;
    const now = nowIso(ctx);
    const before = await setMembership(tx, { userId, body: input.body, bodyName, now });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'user.supervisor_body', entityType: 'user', entityId: userId, before: before ?? null, after: { body: input.body, bodyName }, at: now });
    return { userId, body: input.body, bodyName };
  });
}
