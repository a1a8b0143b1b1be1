// SQL of the supervision campaigns (案卷评查). No authorization here: the service authorizes.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import type { CampaignFileTable, CampaignReviewTable, SupervisionCampaignTable } from '../../db/tables/campaigns';
import type { DrawCandidate, DrawReviewer } from '../../domain/campaigns/draw';
import { orgScopeFilter } from '../../policies/org-scope';
import type { Role } from '../../policies/roles';

/** The organisation scope a query runs in (undefined: unrestricted, an in-process actor). */
export type Scope = { orgScope?: readonly string[] | undefined };

type Q = Kysely<Database>;
export type CampaignRow = Selectable<SupervisionCampaignTable>;
export type CampaignFileRow = Selectable<CampaignFileTable>;
export type CampaignReviewRow = Selectable<CampaignReviewTable>;

export async function findCampaign(q: Q, id: string, scope: Scope): Promise<CampaignRow | undefined> {
  return q.selectFrom('supervision_campaigns').selectAll().where('id', '=', id).where(orgScopeFilter(scope, 'supervision_campaigns.org_id')).executeTakeFirst();
}

export async function listCampaignRows(q: Q, scope: Scope): Promise<CampaignRow[]> {
  return q.selectFrom('supervision_campaigns').selectAll().where(orgScopeFilter(scope, 'supervision_campaigns.org_id')).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function campaignFiles(q: Q, campaignId: string) {
  return q
    .selectFrom('campaign_files as f')
    .innerJoin('original_cases as c', 'c.id', 'f.original_case_id')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .selectAll('f')
    .select(['c.number', 'c.title', 'c.kind', 'c.decision_date', 'u.name as unit_name'])
    .where('f.campaign_id', '=', campaignId)
    .orderBy('f.ordinal')
    .execute();
}

export async function campaignReviews(q: Q, campaignId: string) {
  return q
    .selectFrom('campaign_reviews as r')
    .innerJoin('users as us', 'us.id', 'r.reviewer_user_id')
    .selectAll('r')
    .select('us.display_name as reviewer_name')
    .where('r.campaign_id', '=', campaignId)
    .orderBy('r.id')
    .execute();
}

export async function findReview(q: Q, reviewId: string, scope: Scope): Promise<CampaignReviewRow | undefined> {
  return q.selectFrom('campaign_reviews').selectAll().where('id', '=', reviewId).where(orgScopeFilter(scope, 'campaign_reviews.org_id')).executeTakeFirst();
}

/** Counts of files and of reviews by status per campaign, within the scope. */
export async function campaignCounts(q: Q, scope: Scope) {
  const files = await q.selectFrom('campaign_files').select(['campaign_id', (eb) => eb.fn.countAll<number>().as('n')]).where(orgScopeFilter(scope, 'campaign_files.org_id')).groupBy('campaign_id').execute();
  const reviews = await q
    .selectFrom('campaign_reviews')
    .select(['campaign_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where(orgScopeFilter(scope, 'campaign_reviews.org_id'))
    .groupBy(['campaign_id', 'status'])
    .execute();
  return { files, reviews };
}

/** Units by id within one organisation (a campaign's scope). */
export async function unitIdsInOrg(q: Q, unitIds: readonly string[], orgId: string): Promise<Set<string>> {
  if (!unitIds.length) return new Set();
  return new Set((await q.selectFrom('units').select('id').where('id', 'in', [...unitIds]).where('org_id', '=', orgId).execute()).map((u) => u.id));
}

/** The reviews drawn for one reviewer, with their file. */
export async function reviewsOfReviewer(q: Q, userId: string, scope: Scope) {
  return q
    .selectFrom('campaign_reviews as r')
    .innerJoin('supervision_campaigns as k', 'k.id', 'r.campaign_id')
    .innerJoin('campaign_files as f', 'f.id', 'r.file_id')
    .innerJoin('original_cases as c', 'c.id', 'r.original_case_id')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .select(['r.id', 'r.campaign_id', 'r.status', 'r.score', 'r.grade', 'r.submitted_at', 'k.name as campaign_name', 'k.status as campaign_status', 'f.ordinal', 'c.number', 'c.title', 'u.name as unit_name'])
    .where('r.reviewer_user_id', '=', userId)
    .where(orgScopeFilter(scope, 'r.org_id'))
    .orderBy('k.created_at', 'desc')
    .orderBy('f.ordinal')
    .execute();
}

/**
 * Accounts with their register person and unit (null when unlinked), and whether each is a
 * reviewer of the organisation: issue 11, the `reviewer` role held IN that organisation — its
 * membership there (`user_org_roles`, the home membership included), never a reviewer role held
 * elsewhere. Without `userIds`: the organisation's members; with them: those accounts, members or
 * not (a campaign's pool keeps naming a reviewer whose membership was revoked since).
 */
export async function reviewerAccounts(q: Q, orgId: string, userIds?: readonly string[]) {
  let query = q
    .selectFrom('users as us')
    .leftJoin('user_org_roles as m', (j) => j.onRef('m.user_id', '=', 'us.id').on('m.org_id', '=', orgId))
    .leftJoin('people as p', 'p.id', 'us.person_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .select(['us.id', 'us.display_name', 'm.roles as org_roles', 'us.disabled', 'us.person_id', 'p.name as person_name', 'p.unit_id', 'u.name as unit_name']);
  if (userIds) {
    if (!userIds.length) return [];
    query = query.where('us.id', 'in', [...userIds]);
  } else query = query.where('m.user_id', 'is not', null);
  const rows = await query.orderBy('us.display_name').execute();
  return rows.map(({ org_roles, ...r }) => ({ ...r, isReviewer: org_roles !== null && (JSON.parse(org_roles) as Role[]).includes('reviewer') && Number(r.disabled) === 0 }));
}

/** The original cases in a campaign's scope, with who took part in each (the draw's candidates). */
export async function scopeCandidates(q: Q, scope: { orgId: string; unitIds: string[] | null; from: string; to: string; kinds: string[] }): Promise<DrawCandidate[]> {
  let query = q.selectFrom('original_cases').select(['id', 'unit_id']).where('org_id', '=', scope.orgId).where('decision_date', '>=', scope.from).where('decision_date', '<=', scope.to);
  if (scope.unitIds) {
    if (!scope.unitIds.length) return [];
    query = query.where('unit_id', 'in', scope.unitIds);
  }
  if (scope.kinds.length) query = query.where('kind', 'in', scope.kinds as never);
  const cases = await query.orderBy('id').execute();
  const parts = new Map<string, Set<string>>();
  for (let i = 0; i < cases.length; i += 500) {
    const ids = cases.slice(i, i + 500).map((c) => c.id);
    for (const p of await q.selectFrom('original_case_participants').select(['case_id', 'person_id']).where('case_id', 'in', ids).execute()) {
      const s = parts.get(p.case_id) ?? new Set<string>();
      s.add(p.person_id);
      parts.set(p.case_id, s);
    }
  }
  return cases.map((c) => ({ originalCaseId: c.id, unitId: c.unit_id, participantPersonIds: [...(parts.get(c.id) ?? [])].sort() }));
}

export function poolOf(accounts: Awaited<ReturnType<typeof reviewerAccounts>>): DrawReviewer[] {
  return accounts.filter((a) => a.isReviewer && a.person_id && a.unit_id).map((a) => ({ userId: a.id, personId: a.person_id!, unitId: a.unit_id! }));
}

// ---- writes of the campaign's life: creation, the draw, closing, reviews and the WC-5(1) signal ----

export type NewCampaign = Pick<CampaignRow, 'id' | 'org_id' | 'name' | 'kind' | 'reviewers_per_file' | 'created_by'> & { scope: unknown; reviewerPool: readonly string[]; checklist: unknown; now: string };

/** A new campaign in draft, with its scope, reviewer pool and the checklist it freezes (JSON-encoded here). */
export async function insertCampaign(q: Q, c: NewCampaign): Promise<void> {
  await q
    .insertInto('supervision_campaigns')
    .values({
      id: c.id,
      org_id: c.org_id,
      name: c.name,
      kind: c.kind,
      scope: JSON.stringify(c.scope),
      reviewer_pool: JSON.stringify(c.reviewerPool),
      reviewers_per_file: c.reviewers_per_file,
      checklist: JSON.stringify(c.checklist),
      status: 'draft',
      seed: null,
      draw: null,
      drawn_at: null,
      drawn_by: null,
      closed_at: null,
      closed_by: null,
      version: 1,
      created_by: c.created_by,
      created_at: c.now,
      updated_at: c.now,
    })
    .execute();
}

/** The original case's number, if it exists (to name it in a message). */
export async function originalCaseNumber(q: Q, originalCaseId: string): Promise<string | undefined> {
  return (await q.selectFrom('original_cases').select('number').where('id', '=', originalCaseId).executeTakeFirst())?.number;
}

/** A drawn file and its pending reviews, one per drawn reviewer. */
export async function insertDrawnFile(
  q: Q,
  f: { id: string; campaignId: string; orgId: string; originalCaseId: string; unitId: string; ordinal: number; reviewers: readonly { id: string; userId: string; personId: string | null }[] },
): Promise<void> {
  await q.insertInto('campaign_files').values({ id: f.id, campaign_id: f.campaignId, org_id: f.orgId, original_case_id: f.originalCaseId, unit_id: f.unitId, ordinal: f.ordinal }).execute();
  for (const r of f.reviewers) {
    await q
      .insertInto('campaign_reviews')
      .values({ id: r.id, campaign_id: f.campaignId, org_id: f.orgId, file_id: f.id, original_case_id: f.originalCaseId, reviewer_user_id: r.userId, reviewer_person_id: r.personId, status: 'pending', scores: null, score: null, veto: 0, grade: null, judged_wrong: 0, conclusion: null, submitted_at: null, signal_outcome_id: null, signal_opened_by: null, signal_opened_at: null, version: 1 })
      .execute();
  }
}

/** Records the draw (seed and record JSON-encoded) on the campaign. */
export async function markDrawn(q: Q, row: CampaignRow, d: { seed: string; record: unknown; actorId: string; now: string }): Promise<void> {
  await q
    .updateTable('supervision_campaigns')
    .set({ status: 'drawn', seed: d.seed, draw: JSON.stringify(d.record), drawn_at: d.now, drawn_by: d.actorId, version: Number(row.version) + 1, updated_at: d.now })
    .where('id', '=', row.id)
    .execute();
}

export async function hasPendingReview(q: Q, campaignId: string): Promise<boolean> {
  return !!(await q.selectFrom('campaign_reviews').select('id').where('campaign_id', '=', campaignId).where('status', '=', 'pending').executeTakeFirst());
}

export async function markClosed(q: Q, row: CampaignRow, actorId: string, now: string): Promise<void> {
  await q.updateTable('supervision_campaigns').set({ status: 'closed', closed_at: now, closed_by: actorId, version: Number(row.version) + 1, updated_at: now }).where('id', '=', row.id).execute();
}

/** The reviewer's scores and result, written while the review is still at its version. */
export async function submitReviewRow(
  q: Q,
  row: CampaignReviewRow,
  r: { scores: unknown; score: number; veto: boolean; grade: string; judgedWrong: boolean; conclusion: string | null; now: string },
): Promise<void> {
  await q
    .updateTable('campaign_reviews')
    .set({ status: 'submitted', scores: JSON.stringify(r.scores), score: r.score, veto: r.veto ? 1 : 0, grade: r.grade, judged_wrong: r.judgedWrong ? 1 : 0, conclusion: r.conclusion, submitted_at: r.now, version: Number(row.version) + 1 })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .execute();
}

/** The ordinal of a drawn file within its campaign. */
export async function fileOrdinal(q: Q, fileId: string): Promise<number> {
  return Number((await q.selectFrom('campaign_files').select('ordinal').where('id', '=', fileId).executeTakeFirstOrThrow()).ordinal);
}

/** The review opened a WC-5(1) signal: the outcome event it recorded. */
export async function markSignalOpened(q: Q, row: CampaignReviewRow, s: { outcomeId: string; actorId: string | null; now: string }): Promise<void> {
  await q.updateTable('campaign_reviews').set({ signal_outcome_id: s.outcomeId, signal_opened_by: s.actorId, signal_opened_at: s.now, version: Number(row.version) + 1 }).where('id', '=', row.id).execute();
}
