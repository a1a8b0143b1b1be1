// SQL of the outside supervisory bodies (WC-11; src/services/supervision/service.ts): a supervisor
// account's body, the appeal files sent to a body (snapshot and outcome decoded here), the body's
// decision, the hand-off letters, and the assignment of an account to its body. An appeal file is
// the case's organisation's (issue 11): it is read by body AND within the organisations where the
// reader holds the body's role (`orgIds`, src/services/orgs/acting-in.ts#orgsPermitting; the
// policy is src/policies/case-visibility.ts `mayReadReferral`) — every read and the decision carry
// that scope; the account assignment is org-scoped like every user edit.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import type { SupervisorMembershipTable } from '../../db/tables/impartiality-execution';
import { orgScopeFilter } from '../../policies/org-scope';
import type { AppealOutcome, ReferralRecord } from '../cases/case-rows';
import { parseJson } from '../cases/case-rows';

type Q = Kysely<Database>;

const OUTCOMES: readonly AppealOutcome[] = ['pending', 'upheld', 'changed', 'revoked'];

/** An appeal file as the body reads it: the referral, its case and the frozen snapshot. */
export interface SupervisionReferral extends ReferralRecord {
  id: string;
  caseId: string;
  /** the organisation of the case (issue 11: the file is that organisation's) */
  orgId: string;
  snapshot: Record<string, unknown>;
}

/**
 * The organisations a read is limited to: the cases' organisations where the reader holds the
 * body's role; null only for an unscoped in-process actor (system, seeding).
 */
export type ReferralOrgs = readonly string[] | null;

const inOrgs = (orgIds: ReferralOrgs) => orgScopeFilter({ orgScope: orgIds ?? undefined }, 'cases.org_id');

/** The referrals joined to their case, limited to `orgIds`. */
const referralsIn = (q: Q, orgIds: ReferralOrgs) =>
  q.selectFrom('appeal_referrals').innerJoin('cases', 'cases.id', 'appeal_referrals.case_id').selectAll('appeal_referrals').select('cases.org_id as case_org_id').where(inOrgs(orgIds));

function decodeReferral(r: Selectable<Database['appeal_referrals']> & { case_org_id: string }): SupervisionReferral {
  return {
    id: r.id,
    caseId: r.case_id,
    orgId: r.case_org_id,
    appealId: r.appeal_id,
    body: r.body,
    bodyName: r.body_name,
    letterNo: r.letter_no,
    letterDocumentId: r.letter_document_id,
    sentOn: r.sent_on,
    outcome: OUTCOMES.includes(r.outcome as AppealOutcome) ? (r.outcome as AppealOutcome) : 'pending',
    outcomeOn: r.outcome_on,
    outcomeReason: r.outcome_reason,
    outcomeForms: r.outcome_forms ? parseJson<string[]>(r.outcome_forms, []) : null,
    outcomeCompensationFen: r.outcome_compensation_fen === null ? null : Number(r.outcome_compensation_fen),
    executedOn: r.executed_on,
    snapshot: parseJson<Record<string, unknown>>(r.snapshot, {}),
  };
}

/** The body a supervisor account belongs to, if any. */
export async function membershipOf(q: Q, userId: string): Promise<{ body: string; bodyName: string } | undefined> {
  const m = await q.selectFrom('supervisor_memberships').select(['body', 'body_name']).where('user_id', '=', userId).executeTakeFirst();
  return m && { body: m.body, bodyName: m.body_name };
}

/** The appeal files sent to a body from cases of `orgIds`, newest first. */
export async function referralsToBody(q: Q, body: string, orgIds: ReferralOrgs): Promise<SupervisionReferral[]> {
  return (await referralsIn(q, orgIds).where('appeal_referrals.body', '=', body).orderBy('appeal_referrals.sent_at', 'desc').orderBy('appeal_referrals.id').execute()).map(decodeReferral);
}

/** One appeal file, when its case is of `orgIds` (otherwise undefined, like a missing one). */
export async function referralById(q: Q, id: string, orgIds: ReferralOrgs): Promise<SupervisionReferral | undefined> {
  const r = await referralsIn(q, orgIds).where('appeal_referrals.id', '=', id).executeTakeFirst();
  return r && decodeReferral(r);
}

/** The issued version, number and title of these hand-off letters (letters not issued are left out). */
export async function issuedLetters(q: Q, documentIds: readonly string[]): Promise<Map<string, { version: number; docNumber: string | null; title: string }>> {
  if (!documentIds.length) return new Map();
  const docs = await q.selectFrom('documents').select(['id', 'issued_version', 'doc_number', 'title']).where('id', 'in', [...documentIds]).execute();
  return new Map(docs.filter((d) => d.issued_version !== null).map((d) => [d.id, { version: d.issued_version!, docNumber: d.doc_number, title: d.title }]));
}

/** Records the body's decision while the file is still pending; false when it no longer is. */
export async function decideReferral(
  q: Q,
  id: string,
  orgIds: ReferralOrgs,
  d: { outcome: Exclude<AppealOutcome, 'pending'>; decidedOn: string; reason: string; forms: readonly string[] | null; compensationFen: number | null; actorId: string; now: string },
): Promise<boolean> {
  const upd = await q
    .updateTable('appeal_referrals')
    .set({ outcome: d.outcome, outcome_on: d.decidedOn, outcome_reason: d.reason, outcome_forms: d.forms ? JSON.stringify(d.forms) : null, outcome_compensation_fen: d.compensationFen, decided_by: d.actorId, decided_at: d.now })
    .where('id', '=', id)
    .where('outcome', '=', 'pending')
    .where('case_id', 'in', q.selectFrom('cases').select('cases.id').where(inOrgs(orgIds)))
    .executeTakeFirst();
  return Number(upd.numUpdatedRows) === 1;
}

/**
 * An account's roles in the organisations of the scope (issue 11: its memberships there,
 * `user_org_roles`, not its home organisation's roles), all of them together; undefined when it
 * is a member of none of them (out of scope answers like missing). Unscoped: every membership.
 */
export async function accountRolesInScope(q: Q, userId: string, orgScope: readonly string[] | undefined): Promise<string[] | undefined> {
  const rows = await q.selectFrom('user_org_roles').select(['roles']).where('user_id', '=', userId).where(orgScopeFilter({ orgScope }, 'user_org_roles.org_id')).execute();
  return rows.length ? [...new Set(rows.flatMap((r) => parseJson<string[]>(r.roles, [])))] : undefined;
}

/** Assigns the account to its body (or moves it); returns the membership before. */
export async function setMembership(q: Q, m: { userId: string; body: string; bodyName: string; now: string }): Promise<Selectable<SupervisorMembershipTable> | undefined> {
  const before = await q.selectFrom('supervisor_memberships').selectAll().where('user_id', '=', m.userId).executeTakeFirst();
  if (before) await q.updateTable('supervisor_memberships').set({ body: m.body, body_name: m.bodyName }).where('user_id', '=', m.userId).execute();
  else await q.insertInto('supervisor_memberships').values({ user_id: m.userId, body: m.body, body_name: m.bodyName, created_at: m.now }).execute();
  return before;
}
