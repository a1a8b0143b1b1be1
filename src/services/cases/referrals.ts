// WC-9(3) / FL-12 referral duties as first-class records (issue 10 point 3). The duties come from
// the recommendation (each subject's mandatory consequences with a receiving body and their
// citations); each is recorded as made (date + the letter: a document of the case or its number)
// or waived with a reason, in case_referrals (src/repositories/cases/referrals-repo.ts), audited.
// The decision step refuses (REFERRAL_NOT_RECORDED) until every duty is dealt with, whether
// recorded here ahead of the decision or in the decision's own items.
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { validationError } from '../../lib/validation';
import { requireCaseAccess, caseHidden } from '../../policies/cases';
import { actorOrgId } from '../../policies/org-scope';
import { authorize } from '../../policies/roles';
import { evaluate, type Recommendation } from '../../rules';
import { checkSubjectsFromOutput, type ReferralDuty, type ReferralRecord } from '../../rules/decision-check';
import type { ReferralBody } from '../../rules/schema';
import { attachReferralsToDecision, documentOfCase, referralsOfCase, upsertReferral, type ReferralRow } from '../../repositories/cases/referrals-repo';
import { nowIso, type Ctx } from '../context';
import { trackReferralExecution } from './referral-execution';
import { buildCaseFacts } from './recommendation-service';
import { currentFindings, lockCase, type CaseRow } from './repo';

/** The roles that record a referral (the legal-affairs clerk, the deciding body and its leader). */
const RECORDERS = ['clerk', 'decider', 'leader'] as const;

export interface ReferralInput {
  subjectPersonId: string;
  body: ReferralBody;
  status: 'made' | 'waived';
  madeOn?: string | undefined;
  documentRef?: string | undefined;
  documentId?: string | undefined;
  waivedReason?: string | undefined;
}

export interface ReferralView {
  subjectPersonId: string;
  body: ReferralBody;
  ruleIds: string[];
  /** pending: neither made nor waived yet (the decision cannot be recorded) */
  status: 'pending' | 'made' | 'waived';
  madeOn: string | null;
  documentRef: string | null;
  documentId: string | null;
  waivedReason: string | null;
  decisionId: string | null;
  recordedAt: string | null;
}

/** The referral duties of a recommendation (subjects with a finding only). */
export function dutiesOf(output: unknown, subjectIds?: readonly string[]): ReferralDuty[] {
  return checkSubjectsFromOutput(output, () => undefined)
    .filter((s) => !subjectIds || subjectIds.includes(s.subjectId))
    .flatMap((s) => s.referrals);
}

/** The duties on the case's current findings (evaluated now, not stored). */
async function currentDuties(tx: Tx, row: CaseRow, today: string): Promise<ReferralDuty[]> {
  if (!row.original_case_id) return [];
  const subjects = [...new Set((await currentFindings(tx, row.id)).map((f) => f.subject_person_id))];
  if (subjects.length === 0) return [];
  const rec: Recommendation = evaluate(await buildCaseFacts(tx, row, today));
  return dutiesOf(rec, subjects);
}

/** Duties merged with their records: one line per duty, plus records of duties no longer listed. */
export function mergeReferrals(duties: readonly ReferralDuty[], rows: readonly ReferralRow[]): ReferralView[] {
  const out: ReferralView[] = duties.map((d) => {
    const r = rows.find((x) => x.subjectPersonId === d.subjectPersonId && x.body === d.body);
    return {
      subjectPersonId: d.subjectPersonId,
      body: d.body,
      ruleIds: d.ruleIds,
      status: r?.status ?? 'pending',
      madeOn: r?.madeOn ?? null,
      documentRef: r?.documentRef ?? null,
      documentId: r?.documentId ?? null,
      waivedReason: r?.waivedReason ?? null,
      decisionId: r?.decisionId ?? null,
      recordedAt: r?.recordedAt ?? null,
    };
  });
  for (const r of rows) {
    if (out.some((o) => o.subjectPersonId === r.subjectPersonId && o.body === r.body)) continue;
    out.push({ subjectPersonId: r.subjectPersonId, body: r.body as ReferralBody, ruleIds: r.ruleIds, status: r.status, madeOn: r.madeOn, documentRef: r.documentRef, documentId: r.documentId, waivedReason: r.waivedReason, decisionId: r.decisionId, recordedAt: r.recordedAt });
  }
  return out;
}

/** GET /api/v1/cases/:id/referrals: every duty of the current findings and how it was dealt with. */
export async function listReferrals(ctx: Ctx, caseId: string): Promise<{ items: ReferralView[] }> {
  authorize(ctx.actor, 'cases.read');
  return inTransaction(ctx.db, async (tx) => {
    const { row, perspective } = await requireCaseAccess(tx, ctx.actor, caseId);
    if (perspective !== 'full') throw caseHidden();
    const duties = await currentDuties(tx, row, chinaDate(ctx.clock.now()));
    return { items: mergeReferrals(duties, await referralsOfCase(tx, ctx.actor, caseId)) };
  });
}

const field = (path: string, zh: string, en: string): AppError => validationError([{ code: 'custom', path: [path], message: `${zh} / ${en}` }]);

/** The record of one duty, checked: made needs its date and letter, waived its reason. */
async function checkedWrite(tx: Tx, row: CaseRow, i: ReferralInput, today: string): Promise<{ madeOn: string | null; documentRef: string | null; documentId: string | null; waivedReason: string | null }> {
  if (i.status === 'waived') {
    const reason = i.waivedReason?.trim();
    if (!reason) throw field('waivedReason', '不报告/不移送须说明理由', 'a referral not made needs its reason');
    return { madeOn: null, documentRef: null, documentId: null, waivedReason: reason };
  }
  if (!i.madeOn) throw field('madeOn', '须填写报告/移送日期', 'give the date the referral was made');
  if (i.madeOn > today) throw new AppError('DATE_IN_FUTURE');
  let documentRef = i.documentRef?.trim() || null;
  let documentId: string | null = null;
  if (i.documentId) {
    const doc = await documentOfCase(tx, row.id, i.documentId);
    if (!doc) throw field('documentId', '本案没有该公文', 'no such document in this case');
    documentId = doc.id;
    documentRef ??= doc.doc_number;
  }
  if (!documentRef && !documentId) throw field('documentRef', '已报告/移送须附文书（公文或文号）', 'a referral made needs its document (a document of the case or its number)');
  return { madeOn: i.madeOn, documentRef, documentId, waivedReason: null };
}

/** POST /api/v1/cases/:id/referrals: record one duty as made or waived (replaces an earlier record; audited). */
export async function recordReferral(ctx: Ctx, caseId: string, i: ReferralInput): Promise<ReferralView> {
  authorize(ctx.actor, 'cases.act');
  if (!ctx.actor.roles.some((r) => (RECORDERS as readonly string[]).includes(r))) {
    throw new AppError('TRANSITION_ROLE', { zh: '报告/移送由法制机构或决定机关登记（WC-9(3)）', en: 'referrals are recorded by the legal-affairs office or the deciding body (WC-9(3))' }, { citation: 'WC-9(3)' });
  }
  const today = chinaDate(ctx.clock.now());
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const { perspective } = await requireCaseAccess(tx, ctx.actor, caseId);
    if (perspective !== 'full') throw caseHidden();
    const row = (await lockCase(tx, caseId))!;
    const duty = (await currentDuties(tx, row, today)).find((d) => d.subjectPersonId === i.subjectPersonId && d.body === i.body);
    if (!duty) {
      throw new AppError('PRECONDITION_FAILED', { zh: '按现有认定，此人没有向该机关报告/移送的义务（WC-9(3)、FL-12）', en: 'on the current findings this subject has no referral duty to that body (WC-9(3), FL-12)' }, { subjectPersonId: i.subjectPersonId, body: i.body });
    }
    const w = await checkedWrite(tx, row, i, today);
    const before = await upsertReferral(tx, { id: newId(), orgId: row.org_id ?? actorOrgId(ctx.actor), caseId, subjectPersonId: i.subjectPersonId, body: i.body, ruleIds: duty.ruleIds, status: i.status, ...w, decisionId: null, recordedBy: ctx.actor.userId, recordedAt: now });
    const view = mergeReferrals([duty], (await referralsOfCase(tx, ctx.actor, caseId)).filter((r) => r.subjectPersonId === i.subjectPersonId && r.body === i.body))[0]!;
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.referral.record', entityType: 'case', entityId: caseId, before: before ?? undefined, after: view, at: now });
    // Made after the decision: tracked on the execution tab at once (before it: by the decision).
    if (i.status === 'made') await trackReferralExecution(tx, caseId, now);
    return view;
  });
}

/**
 * For the decision step: the stored records of the case as decision-item referrals (so the whole
 * check counts them), and the inline ones of the decision's items written to the table (audited).
 */
export async function referralsForDecision(tx: Tx, ctx: Ctx, row: CaseRow, items: readonly { subjectPersonId: string; referrals?: ReferralRecord[] | undefined }[]): Promise<Map<string, ReferralRecord[]>> {
  const rows = await referralsOfCase(tx, ctx.actor, row.id);
  const out = new Map<string, ReferralRecord[]>();
  for (const it of items) {
    const stored: ReferralRecord[] = rows
      .filter((r) => r.subjectPersonId === it.subjectPersonId)
      .map((r) => ({ body: r.body as ReferralBody, madeOn: r.madeOn ?? undefined, documentRef: r.documentRef ?? (r.documentId ? r.documentId : undefined), waivedReason: r.waivedReason ?? undefined }));
    // Given in the decision itself: it stands over an earlier record of the same duty.
    const inline = (it.referrals ?? []).filter((r) => r.documentRef?.trim() || r.waivedReason?.trim());
    out.set(it.subjectPersonId, [...inline, ...stored.filter((s) => !inline.some((x) => x.body === s.body))]);
  }
  return out;
}

/** Writes the decision's inline referral records and marks every open record as checked by the decision. */
export async function storeDecisionReferrals(
  tx: Tx,
  ctx: Ctx,
  row: CaseRow,
  decisionId: string,
  duties: readonly ReferralDuty[],
  items: readonly { subjectPersonId: string; referrals?: ReferralRecord[] | undefined }[],
  now: string,
): Promise<void> {
  for (const it of items) {
    for (const r of it.referrals ?? []) {
      const made = Boolean(r.documentRef?.trim());
      if (!made && !r.waivedReason?.trim()) continue;
      const duty = duties.find((d) => d.subjectPersonId === it.subjectPersonId && d.body === r.body);
      const before = await upsertReferral(tx, {
        id: newId(),
        orgId: row.org_id ?? actorOrgId(ctx.actor),
        caseId: row.id,
        subjectPersonId: it.subjectPersonId,
        body: r.body,
        ruleIds: duty?.ruleIds ?? [],
        status: made ? 'made' : 'waived',
        madeOn: made ? (r.madeOn ?? null) : null,
        documentRef: made ? r.documentRef!.trim() : null,
        documentId: null,
        waivedReason: made ? null : r.waivedReason!.trim(),
        decisionId,
        recordedBy: ctx.actor.userId,
        recordedAt: now,
      });
      await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.referral.record', entityType: 'case', entityId: row.id, before: before ?? undefined, after: { subjectPersonId: it.subjectPersonId, body: r.body, status: made ? 'made' : 'waived', decisionId }, at: now });
    }
  }
  await attachReferralsToDecision(tx, row.id, decisionId);
  // A referral made becomes a tracked execution item of the decision (WC-9(3), FL-12).
  await trackReferralExecution(tx, row.id, now, decisionId);
}
