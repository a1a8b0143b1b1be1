// WC-9(3) / FL-12 referral records (issue 10 point 3): one row per duty of a subject (case,
// subject, receiving body). Org-scoped: rows carry the case's org_id and every read filters by
// the actor's readable organisations (src/policies/org-scope.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { CaseReferralTable } from '../../db/tables/cases';
import { orgScopeFilter } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';
import { parseJson } from './case-rows';

type Q = Kysely<Database>;

export interface ReferralRow {
  id: string;
  caseId: string;
  subjectPersonId: string;
  body: string;
  ruleIds: string[];
  status: 'made' | 'waived';
  madeOn: string | null;
  documentRef: string | null;
  documentId: string | null;
  waivedReason: string | null;
  decisionId: string | null;
  recordedBy: string | null;
  recordedAt: string;
}

const decode = (r: CaseReferralTable): ReferralRow => ({
  id: r.id,
  caseId: r.case_id,
  subjectPersonId: r.subject_person_id,
  body: r.body,
  ruleIds: parseJson<string[]>(r.rule_ids, []),
  status: r.status,
  madeOn: r.made_on,
  documentRef: r.document_ref,
  documentId: r.document_id,
  waivedReason: r.waived_reason,
  decisionId: r.decision_id,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});

/** The referral records of a case the actor may read (org scope), by subject and body. */
export async function referralsOfCase(q: Q, actor: Pick<Actor, 'orgScope'>, caseId: string): Promise<ReferralRow[]> {
  const rows = await q
    .selectFrom('case_referrals')
    .selectAll()
    .where('case_id', '=', caseId)
    .where(orgScopeFilter(actor, 'case_referrals.org_id'))
    .orderBy('subject_person_id')
    .orderBy('body')
    .execute();
  return rows.map(decode);
}

/** a referral record to write: the row, with the case's organisation */
export type ReferralWrite = Omit<ReferralRow, 'ruleIds'> & { orgId: string; ruleIds: readonly string[] };

/**
 * Records a duty as made or waived, replacing an earlier record of the same duty (case, subject,
 * body). Returns the record it replaced (for the audit trail), if any.
 */
export async function upsertReferral(tx: Q, w: ReferralWrite): Promise<ReferralRow | null> {
  const old = await tx
    .selectFrom('case_referrals')
    .selectAll()
    .where('case_id', '=', w.caseId)
    .where('subject_person_id', '=', w.subjectPersonId)
    .where('body', '=', w.body)
    .executeTakeFirst();
  const values = {
    org_id: w.orgId,
    rule_ids: JSON.stringify(w.ruleIds),
    status: w.status,
    made_on: w.madeOn,
    document_ref: w.documentRef,
    document_id: w.documentId,
    waived_reason: w.waivedReason,
    decision_id: w.decisionId,
    recorded_by: w.recordedBy,
    recorded_at: w.recordedAt,
  };
  if (old) await tx.updateTable('case_referrals').set(values).where('id', '=', old.id).execute();
  else await tx.insertInto('case_referrals').values({ id: w.id, case_id: w.caseId, subject_person_id: w.subjectPersonId, body: w.body, ...values }).execute();
  return old ? decode(old) : null;
}

/** Marks the case's records still without a decision as checked by this decision. */
export async function attachReferralsToDecision(tx: Q, caseId: string, decisionId: string): Promise<void> {
  await tx.updateTable('case_referrals').set({ decision_id: decisionId }).where('case_id', '=', caseId).where('decision_id', 'is', null).execute();
}

/** Whether a document record belongs to the case (a referral letter issued in the system). */
export async function documentOfCase(q: Q, caseId: string, documentId: string): Promise<{ id: string; doc_number: string | null; status: string } | undefined> {
  return q.selectFrom('documents').select(['id', 'doc_number', 'status']).where('id', '=', documentId).where('case_id', '=', caseId).executeTakeFirst();
}

/** The case's referral duties recorded as made (server-side: the caller has checked access). */
export async function madeReferralsOfCase(q: Q, caseId: string): Promise<ReferralRow[]> {
  const rows = await q.selectFrom('case_referrals').selectAll().where('case_id', '=', caseId).where('status', '=', 'made').orderBy('subject_person_id').orderBy('body').execute();
  return rows.map(decode);
}
