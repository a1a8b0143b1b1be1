// Supervision campaigns (WC-5(1) 例行或专项执法监督, run as 案卷评查 with 双随机; issue 12 part 1).
// The clerk or leader creates a campaign (scope, reviewer pool, checklist frozen from the
// setting), draws it (seeded, recorded, replayable), reviewers score their files, and a file
// judged wrong opens a WC-5(1) signal: an outcome event on the original case naming the campaign
// and the review, which the clerks' WC-5 signal list then shows until a case is opened from it.
import { ctxForRecord } from '../orgs/acting-in';
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { checklistSchema, DEFAULT_CHECKLIST, GRADE_LABELS, gradeOf, itemScoreSchema, maxScoreOf, scoreReview, ScoringError, type Checklist, type Grade, type ItemScore } from '../../domain/campaigns/checklist';
import { drawCampaign, sampleSizeOf, type DrawCandidate, type DrawReviewer, type DrawnFile } from '../../domain/campaigns/draw';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { newSeed, SEED_PATTERN } from '../../lib/prng';
import { parseInput, validationError } from '../../lib/validation';
import { actorOrgId } from '../../policies/org-scope';
import { authorize, can, type Actor } from '../../policies/roles';
import { nowIso, type Ctx } from '../context';
import { getOriginalCaseFull, loadUnits, ORIGINAL_CASE_KINDS, recordOutcomeInTx, txActorOf, unitAndDescendantIds, type OriginalCaseFull } from '../registers';
import { campaignCounts, campaignFiles, campaignReviews, fileOrdinal, findCampaign, findReview, hasPendingReview, insertCampaign, insertDrawnFile, listCampaignRows, markClosed, markDrawn, markSignalOpened, originalCaseNumber, poolOf, reviewerAccounts, reviewsOfReviewer, scopeCandidates, submitReviewRow, unitIdsInOrg, type CampaignRow } from '../../repositories/campaigns/campaigns-repo';
import { readSetting, writeSetting } from '../../repositories/settings/settings-repo';

export const CHECKLIST_SETTING_KEY = 'campaigns.checklist';
const DRAW_ALGORITHM = 'splitmix64/fisher-yates/least-loaded v1';

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式应为 YYYY-MM-DD', 'Date must be YYYY-MM-DD'));
const idSchema = z.string().trim().min(1).max(64);

export const campaignScopeSchema = z
  .object({
    /** units (with their subunits when includeSubunits); empty: every unit */
    unitIds: z.array(idSchema).max(200).default([]),
    includeSubunits: z.boolean().default(true),
    periodFrom: isoDate,
    periodTo: isoDate,
    /** kinds of original case; empty: every kind */
    kinds: z.array(z.enum(ORIGINAL_CASE_KINDS)).max(4).default([]),
    count: z.number().int().min(1).max(10_000).nullish().transform((v) => v ?? null),
    percent: z.number().int().min(1).max(100).nullish().transform((v) => v ?? null),
  })
  .superRefine((s, ctx) => {
    if (s.periodFrom > s.periodTo) ctx.addIssue({ code: 'custom', path: ['periodTo'], ...bi('结束日期不得早于开始日期', 'the end date may not precede the start') });
    if ((s.count === null) === (s.percent === null)) ctx.addIssue({ code: 'custom', path: ['count'], ...bi('抽取件数与抽取比例须填写其中一项', 'give either a number of files or a percentage') });
  });
export type CampaignScope = z.output<typeof campaignScopeSchema>;

export const campaignCreateSchema = z.object({
  name: z.string().trim().min(2).max(100),
  /** 例行 / 专项 */
  kind: z.enum(['routine', 'special']),
  scope: campaignScopeSchema,
  reviewerUserIds: z.array(idSchema).min(1).max(200),
  reviewersPerFile: z.number().int().min(1).max(5).default(1),
});

export const drawInputSchema = z.object({
  /** 16 hex digits; omitted: a fresh random seed (recorded either way) */
  seed: z.string().trim().regex(SEED_PATTERN, bi('种子应为 16 位十六进制数', 'the seed is 16 hex digits')).optional(),
  expectedVersion: z.number().int().optional(),
});

export const reviewSubmitSchema = z.object({
  scores: z.array(itemScoreSchema).min(1).max(200),
  /** the reviewer judges the original decision wrong (错案, WC-5(1)) */
  judgedWrong: z.boolean().default(false),
  conclusion: z.string().trim().max(4000).nullable().default(null),
  expectedVersion: z.number().int().optional(),
}).superRefine((v, ctx) => {
  if (v.judgedWrong && !v.conclusion) ctx.addIssue({ code: 'custom', path: ['conclusion'], ...bi('认定为错案须写明评查结论', 'a file judged wrong needs a conclusion') });
});

export const closeInputSchema = z.object({ expectedVersion: z.number().int().optional() });

export type DrawRecord = {
  algorithm: string;
  seed: string;
  sampleSize: number;
  reviewersPerFile: number;
  candidates: DrawCandidate[];
  pool: DrawReviewer[];
  files: DrawnFile[];
}

// ---------- checklist setting ----------

export async function readChecklistSetting(q: Ctx['db']['kysely']): Promise<Checklist> {
  const value = await readSetting(q, CHECKLIST_SETTING_KEY);
  if (value === undefined) return DEFAULT_CHECKLIST;
  const parsed = checklistSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_CHECKLIST;
}

export async function getChecklist(ctx: Ctx): Promise<{ checklist: Checklist; isDefault: boolean; maxScore: number }> {
  if (!can(ctx.actor, 'campaigns.manage')) authorize(ctx.actor, 'campaigns.read');
  const checklist = await readChecklistSetting(ctx.db.kysely);
  return { checklist, isDefault: checklist === DEFAULT_CHECKLIST, maxScore: maxScoreOf(checklist) };
}

/** 案卷评查标准: replaces the template new campaigns take (running campaigns keep theirs). Audited. */
export async function setChecklist(ctx: Ctx, raw: unknown): Promise<{ checklist: Checklist; isDefault: boolean; maxScore: number }> {
  authorize(ctx.actor, 'campaigns.manage');
  const checklist = parseInput(checklistSchema, raw);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const before = await readSetting(tx, CHECKLIST_SETTING_KEY);
    await writeSetting(tx, CHECKLIST_SETTING_KEY, checklist, now);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'campaign.checklist.set', entityType: 'setting', entityId: CHECKLIST_SETTING_KEY, before: before ?? null, after: checklist, at: now });
  });
  return { checklist, isDefault: false, maxScore: maxScoreOf(checklist) };
}

// ---------- reading ----------

export type CampaignSummary = {
  id: string;
  name: string;
  kind: 'routine' | 'special';
  status: 'draft' | 'drawn' | 'closed';
  scope: CampaignScope;
  reviewersPerFile: number;
  seed: string | null;
  drawnAt: string | null;
  closedAt: string | null;
  files: number;
  reviewsSubmitted: number;
  reviewsTotal: number;
  version: number;
  createdAt: string;
}

function summaryOf(r: CampaignRow, counts: { files: number; submitted: number; total: number }): CampaignSummary {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as CampaignSummary['kind'],
    status: r.status as CampaignSummary['status'],
    scope: JSON.parse(r.scope) as CampaignScope,
    reviewersPerFile: Number(r.reviewers_per_file),
    seed: r.seed,
    drawnAt: r.drawn_at,
    closedAt: r.closed_at,
    files: counts.files,
    reviewsSubmitted: counts.submitted,
    reviewsTotal: counts.total,
    version: Number(r.version),
    createdAt: r.created_at,
  };
}

const mayReadAll = (a: Actor): boolean => can(a, 'campaigns.manage') || can(a, 'campaigns.read');

export async function listCampaigns(ctx: Ctx): Promise<CampaignSummary[]> {
  if (!can(ctx.actor, 'campaigns.manage')) authorize(ctx.actor, 'campaigns.read');
  const k = ctx.db.kysely;
  const rows = await listCampaignRows(k, ctx.actor);
  const { files, reviews } = await campaignCounts(k, ctx.actor);
  return rows.map((r) => {
    const rv = reviews.filter((x) => x.campaign_id === r.id);
    return summaryOf(r, {
      files: Number(files.find((f) => f.campaign_id === r.id)?.n ?? 0),
      submitted: Number(rv.find((x) => x.status === 'submitted')?.n ?? 0),
      total: rv.reduce((s, x) => s + Number(x.n), 0),
    });
  });
}

export type ReviewOut = {
  id: string;
  fileId: string;
  reviewerUserId: string;
  reviewerName: string;
  status: 'pending' | 'submitted';
  scores: ItemScore[] | null;
  score: number | null;
  veto: boolean;
  grade: Grade | null;
  judgedWrong: boolean;
  conclusion: string | null;
  submittedAt: string | null;
  signalOutcomeId: string | null;
  signalOpenedAt: string | null;
  version: number;
}

export type FileResult = {
  fileId: string;
  ordinal: number;
  originalCaseId: string;
  number: string;
  title: string;
  kind: string;
  decisionDate: string;
  unitId: string;
  unitName: string;
  reviews: ReviewOut[];
  /** mean of the submitted reviews' scores, rounded to one decimal; null until one is submitted */
  score: number | null;
  veto: boolean;
  grade: Grade | null;
  judgedWrong: boolean;
}

export type CampaignDetail = CampaignSummary & {
  checklist: Checklist;
  maxScore: number;
  reviewerPool: { userId: string; name: string; personName: string | null; unitName: string | null }[];
  fileResults: FileResult[];
  byUnit: { unitId: string; unitName: string; files: number; reviewed: number; meanScore: number | null; excellent: number; pass: number; fail: number; wrong: number }[];
  byReviewer: { userId: string; name: string; assigned: number; submitted: number; meanScore: number | null }[];
  abilities: { draw: boolean; close: boolean; openSignal: boolean };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const mean = (xs: number[]): number | null => (xs.length ? round1(xs.reduce((s, x) => s + x, 0) / xs.length) : null);

function reviewOut(r: Awaited<ReturnType<typeof campaignReviews>>[number]): ReviewOut {
  return {
    id: r.id,
    fileId: r.file_id,
    reviewerUserId: r.reviewer_user_id,
    reviewerName: r.reviewer_name,
    status: r.status as ReviewOut['status'],
    scores: r.scores ? (JSON.parse(r.scores) as ItemScore[]) : null,
    score: r.score === null ? null : Number(r.score),
    veto: Number(r.veto) === 1,
    grade: (r.grade ?? null) as Grade | null,
    judgedWrong: Number(r.judged_wrong) === 1,
    conclusion: r.conclusion,
    submittedAt: r.submitted_at,
    signalOutcomeId: r.signal_outcome_id,
    signalOpenedAt: r.signal_opened_at,
    version: Number(r.version),
  };
}

/** A campaign with its files, reviews and results per file, per unit and per reviewer. */
export async function getCampaign(ctx: Ctx, id: string): Promise<CampaignDetail> {
  if (!can(ctx.actor, 'campaigns.manage')) authorize(ctx.actor, 'campaigns.read');
  return campaignDetail(ctx, id);
}

async function campaignDetail(ctx: Ctx, id: string): Promise<CampaignDetail> {
  const k = ctx.db.kysely;
  const row = await findCampaign(k, id, ctx.actor);
  if (!row) throw new AppError('NOT_FOUND', { zh: `评查活动 ${id}`, en: `campaign ${id}` });
  const checklist = JSON.parse(row.checklist) as Checklist;
  const files = await campaignFiles(k, id);
  const reviews = (await campaignReviews(k, id)).map(reviewOut);
  const fileResults: FileResult[] = files.map((f) => {
    const rs = reviews.filter((r) => r.fileId === f.id);
    const done = rs.filter((r) => r.status === 'submitted');
    const score = mean(done.map((r) => r.score!));
    const veto = done.some((r) => r.veto);
    return {
      fileId: f.id,
      ordinal: Number(f.ordinal),
      originalCaseId: f.original_case_id,
      number: f.number,
      title: f.title,
      kind: f.kind,
      decisionDate: f.decision_date,
      unitId: f.unit_id,
      unitName: f.unit_name,
      reviews: rs,
      score,
      veto,
      // the file's grade once every drawn reviewer has scored it: a veto by any of them fails it
      grade: done.length === rs.length && score !== null ? gradeOf(checklist, score, veto) : null,
      judgedWrong: done.some((r) => r.judgedWrong),
    };
  });
  const units = new Map<string, CampaignDetail['byUnit'][number] & { scores: number[] }>();
  for (const f of fileResults) {
    const u = units.get(f.unitId) ?? { unitId: f.unitId, unitName: f.unitName, files: 0, reviewed: 0, meanScore: null, excellent: 0, pass: 0, fail: 0, wrong: 0, scores: [] };
    u.files++;
    if (f.grade) {
      u.reviewed++;
      u.scores.push(f.score!);
      u[f.grade]++;
    }
    if (f.judgedWrong) u.wrong++;
    units.set(f.unitId, u);
  }
  const pool = JSON.parse(row.reviewer_pool) as string[];
  const accounts = await reviewerAccounts(k, row.org_id, pool);
  const byReviewer = accounts.map((a) => {
    const mine = reviews.filter((r) => r.reviewerUserId === a.id);
    const done = mine.filter((r) => r.status === 'submitted');
    return { userId: a.id, name: a.display_name, assigned: mine.length, submitted: done.length, meanScore: mean(done.map((r) => r.score!)) };
  });
  const counts = { files: files.length, submitted: reviews.filter((r) => r.status === 'submitted').length, total: reviews.length };
  const manage = can(ctx.actor, 'campaigns.manage');
  return {
    ...summaryOf(row, counts),
    checklist,
    maxScore: maxScoreOf(checklist),
    reviewerPool: accounts.map((a) => ({ userId: a.id, name: a.display_name, personName: a.person_name, unitName: a.unit_name })),
    fileResults,
    byUnit: [...units.values()].map(({ scores, ...u }) => ({ ...u, meanScore: mean(scores) })),
    byReviewer,
    abilities: { draw: manage && row.status === 'draft', close: manage && row.status === 'drawn', openSignal: manage && row.status !== 'draft' },
  };
}

/** Reviewer accounts a campaign may draw from (role `reviewer`, linked to a register person). */
export async function listReviewerCandidates(ctx: Ctx) {
  authorize(ctx.actor, 'campaigns.manage');
  const all = await reviewerAccounts(ctx.db.kysely, actorOrgId(ctx.actor));
  return all.filter((a) => a.isReviewer).map((a) => ({ userId: a.id, name: a.display_name, personId: a.person_id, personName: a.person_name, unitName: a.unit_name, usable: a.person_id !== null && a.unit_id !== null }));
}

// ---------- writing ----------

export async function createCampaign(ctx: Ctx, raw: unknown): Promise<CampaignDetail> {
  authorize(ctx.actor, 'campaigns.manage');
  const input = parseInput(campaignCreateSchema, raw);
  const pool = [...new Set(input.reviewerUserIds)];
  const now = nowIso(ctx);
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    const orgId = actorOrgId(ctx.actor);
    const accounts = await reviewerAccounts(tx, orgId, pool);
    pool.forEach((uid, i) => {
      const a = accounts.find((x) => x.id === uid);
      if (!a || !a.isReviewer) throw validationError([{ code: 'custom', path: ['reviewerUserIds', i], message: '该账号不是案卷评查人员（reviewer） / not a reviewer account' }]);
      // 回避 needs the reviewer's unit and person: an unlinked account could not be checked
      if (!a.person_id || !a.unit_id) throw validationError([{ code: 'custom', path: ['reviewerUserIds', i], message: `${a.display_name} 的账号未关联人员台账，无法判断回避 / the account is not linked to a register person` }]);
    });
    if (input.scope.unitIds.length) {
      const known = await unitIdsInOrg(tx, input.scope.unitIds, orgId);
      const i = input.scope.unitIds.findIndex((u) => !known.has(u));
      if (i >= 0) throw validationError([{ code: 'custom', path: ['scope', 'unitIds', i], message: '单位不存在 / no such unit' }]);
    }
    const checklist = await readChecklistSetting(tx);
    await insertCampaign(tx, { id, org_id: orgId, name: input.name, kind: input.kind, scope: input.scope, reviewerPool: pool, reviewers_per_file: input.reviewersPerFile, checklist, created_by: ctx.actor.userId, now });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'campaign.create', entityType: 'campaign', entityId: id, after: { ...input, reviewerUserIds: pool, checklist: checklist.name, citation: 'WC-5(1)' }, at: now });
  });
  return campaignDetail(ctx, id);
}

/** 双随机: draws the files and their reviewers with a recorded seed. Once per campaign. */
export async function drawCampaignFiles(callerCtx: Ctx, id: string, raw: unknown = {}): Promise<CampaignDetail> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'supervision_campaigns', id);
  authorize(ctx.actor, 'campaigns.manage');
  const input = parseInput(drawInputSchema, raw ?? {});
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const row = await findCampaign(tx, id, ctx.actor);
    if (!row) throw new AppError('NOT_FOUND', { zh: `评查活动 ${id}`, en: `campaign ${id}` });
    if (input.expectedVersion !== undefined && input.expectedVersion !== Number(row.version)) throw new AppError('CONFLICT_STALE');
    if (row.status !== 'draft') throw new AppError('TRANSITION_NOT_ALLOWED', { zh: '该评查活动已抽取', en: 'the campaign has already been drawn' });
    const scope = JSON.parse(row.scope) as CampaignScope;
    let unitIds: string[] | null = null;
    if (scope.unitIds.length) {
      const units = await loadUnits(tx, [row.org_id]);
      unitIds = scope.includeSubunits ? [...new Set(scope.unitIds.flatMap((u) => [...unitAndDescendantIds(units, u)]))] : scope.unitIds;
    }
    const candidates = await scopeCandidates(tx, { orgId: row.org_id, unitIds, from: scope.periodFrom, to: scope.periodTo, kinds: scope.kinds });
    if (!candidates.length) throw new AppError('PRECONDITION_FAILED', { zh: '评查范围内没有原执法案件', en: 'no original case falls within the scope' });
    const pool = poolOf(await reviewerAccounts(tx, row.org_id, JSON.parse(row.reviewer_pool) as string[]));
    const seed = input.seed ?? newSeed();
    const sampleSize = sampleSizeOf(scope, candidates.length);
    const reviewersPerFile = Number(row.reviewers_per_file);
    const out = drawCampaign({ seed, candidates, pool, sampleSize, reviewersPerFile });
    if (!out.ok) {
      const number = (await originalCaseNumber(tx, out.originalCaseId)) ?? out.originalCaseId;
      throw new AppError('PRECONDITION_FAILED', {
        zh: `原执法案件 ${number} 只有 ${out.eligible} 名评查人员无需回避（本单位人员及办案参与人不得评查），不足 ${reviewersPerFile} 名：请扩充评查人员库`,
        en: `only ${out.eligible} reviewer(s) are free of conflict for ${number} (own unit and participants are excluded); ${reviewersPerFile} needed: enlarge the pool`,
      });
    }
    const record: DrawRecord = { algorithm: DRAW_ALGORITHM, seed, sampleSize, reviewersPerFile, candidates, pool, files: out.files };
    const personOf = new Map(pool.map((p) => [p.userId, p.personId]));
    let ordinal = 0;
    for (const f of out.files) {
      const fileId = newId();
      const reviewers = f.reviewerUserIds.map((uid) => ({ id: newId(), userId: uid, personId: personOf.get(uid) ?? null }));
      await insertDrawnFile(tx, { id: fileId, campaignId: id, orgId: row.org_id, originalCaseId: f.originalCaseId, unitId: f.unitId, ordinal: ++ordinal, reviewers });
    }
    await markDrawn(tx, row, { seed, record, actorId: ctx.actor.userId, now });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'campaign.draw', entityType: 'campaign', entityId: id, after: { seed, algorithm: DRAW_ALGORITHM, candidates: candidates.length, pool: pool.map((p) => p.userId), files: out.files }, at: now });
  });
  return campaignDetail(ctx, id);
}

/** Replays the recorded draw from its seed and recorded inputs: the same files and reviewers? */
export async function verifyDraw(ctx: Ctx, id: string): Promise<{ seed: string; algorithm: string; reproducible: boolean; files: DrawnFile[] }> {
  if (!can(ctx.actor, 'campaigns.manage')) authorize(ctx.actor, 'campaigns.read');
  const row = await findCampaign(ctx.db.kysely, id, ctx.actor);
  if (!row) throw new AppError('NOT_FOUND', { zh: `评查活动 ${id}`, en: `campaign ${id}` });
  if (!row.draw) throw new AppError('PRECONDITION_FAILED', { zh: '该评查活动尚未抽取', en: 'the campaign has not been drawn' });
  const rec = JSON.parse(row.draw) as DrawRecord;
  const again = drawCampaign({ seed: rec.seed, candidates: rec.candidates, pool: rec.pool, sampleSize: rec.sampleSize, reviewersPerFile: rec.reviewersPerFile });
  const stored = (await campaignFiles(ctx.db.kysely, id)).map((f) => f.original_case_id);
  const reproducible = again.ok && JSON.stringify(again.files) === JSON.stringify(rec.files) && JSON.stringify(again.files.map((f) => f.originalCaseId)) === JSON.stringify(stored);
  return { seed: rec.seed, algorithm: rec.algorithm, reproducible, files: again.ok ? again.files : [] };
}

export async function closeCampaign(callerCtx: Ctx, id: string, raw: unknown = {}): Promise<CampaignDetail> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'supervision_campaigns', id);
  authorize(ctx.actor, 'campaigns.manage');
  const input = parseInput(closeInputSchema, raw ?? {});
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const row = await findCampaign(tx, id, ctx.actor);
    if (!row) throw new AppError('NOT_FOUND', { zh: `评查活动 ${id}`, en: `campaign ${id}` });
    if (input.expectedVersion !== undefined && input.expectedVersion !== Number(row.version)) throw new AppError('CONFLICT_STALE');
    if (row.status !== 'drawn') throw new AppError('TRANSITION_NOT_ALLOWED', { zh: '只有已抽取的评查活动可以结束', en: 'only a drawn campaign can be closed' });
    if (await hasPendingReview(tx, id)) throw new AppError('PRECONDITION_FAILED', { zh: '尚有案卷未完成评查', en: 'some files are not yet reviewed' });
    await markClosed(tx, row, ctx.actor.userId, now);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'campaign.close', entityType: 'campaign', entityId: id, after: { status: 'closed' }, at: now });
  });
  return campaignDetail(ctx, id);
}

// ---------- reviewing ----------

export async function listMyReviews(ctx: Ctx) {
  authorize(ctx.actor, 'campaigns.review');
  const rows = await reviewsOfReviewer(ctx.db.kysely, ctx.actor.userId, ctx.actor);
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    campaignStatus: r.campaign_status,
    ordinal: Number(r.ordinal),
    number: r.number,
    title: r.title,
    unitName: r.unit_name,
    status: r.status as 'pending' | 'submitted',
    score: r.score === null ? null : Number(r.score),
    grade: (r.grade ?? null) as Grade | null,
    submittedAt: r.submitted_at,
  }));
}

/**
 * One review with the file to score: the drawn reviewer (their own only) or the campaign's
 * managers. The reviewer sees the original case as the register holds it — never an
 * accountability case, never a reporter.
 */
export async function getReview(callerCtx: Ctx, reviewId: string): Promise<{ review: ReviewOut; campaignId: string; campaignName: string; campaignStatus: string; checklist: Checklist; maxScore: number; originalCase: OriginalCaseFull }> {
  // issue 11: read with the roles held in the campaign's organisation, as it is scored
  const ctx = await ctxForRecord(callerCtx, 'campaign_reviews', reviewId);
  const row = await reviewVisibleTo(ctx, reviewId);
  const campaign = (await findCampaign(ctx.db.kysely, row.campaign_id, {}))!;
  const [r] = (await campaignReviews(ctx.db.kysely, row.campaign_id)).filter((x) => x.id === reviewId).map(reviewOut);
  const checklist = JSON.parse(campaign.checklist) as Checklist;
  return { review: r!, campaignId: campaign.id, campaignName: campaign.name, campaignStatus: campaign.status, checklist, maxScore: maxScoreOf(checklist), originalCase: (await getOriginalCaseFull(ctx.db, row.original_case_id))! };
}

async function reviewVisibleTo(ctx: Ctx, reviewId: string) {
  const actor = ctx.actor;
  if (!can(actor, 'campaigns.review') && !mayReadAll(actor)) authorize(actor, 'campaigns.review');
  const row = await findReview(ctx.db.kysely, reviewId, ctx.actor);
  const mine = row && row.reviewer_user_id === actor.userId && can(actor, 'campaigns.review');
  if (!row || (!mine && !mayReadAll(actor))) throw new AppError('NOT_FOUND', { zh: `评查任务 ${reviewId}`, en: `review ${reviewId}` });
  return row;
}

/**
 * The drawn reviewer scores the file (again, while the campaign runs and no signal was opened).
 * issue 11, reviewers from other organisations: the reviewer acts with the roles held in the
 * campaign's organisation (src/services/orgs/acting-in.ts) — a `reviewer` membership there, the
 * one that put them in the pool — never a reviewer role held at home or in the organisation above;
 * and must be the reviewer drawn for this file and named in the campaign's pool (docs/ARCHITECTURE.md,
 * "Campaign reviewers from other organisations").
 */
export async function submitReview(callerCtx: Ctx, reviewId: string, raw: unknown) {
  const ctx = await ctxForRecord(callerCtx, 'campaign_reviews', reviewId);
  authorize(ctx.actor, 'campaigns.review');
  const input = parseInput(reviewSubmitSchema, raw);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const row = await findReview(tx, reviewId, ctx.actor);
    if (!row || row.reviewer_user_id !== ctx.actor.userId) throw new AppError('NOT_FOUND', { zh: `评查任务 ${reviewId}`, en: `review ${reviewId}` });
    if (input.expectedVersion !== undefined && input.expectedVersion !== Number(row.version)) throw new AppError('CONFLICT_STALE');
    const campaign = (await findCampaign(tx, row.campaign_id, {}))!;
    if (!(JSON.parse(campaign.reviewer_pool) as string[]).includes(ctx.actor.userId)) throw new AppError('NOT_FOUND', { zh: `评查任务 ${reviewId}`, en: `review ${reviewId}` });
    if (campaign.status !== 'drawn') throw new AppError('TRANSITION_NOT_ALLOWED', { zh: '评查活动已结束', en: 'the campaign is closed' });
    if (row.signal_outcome_id) throw new AppError('TRANSITION_NOT_ALLOWED', { zh: '已据此评查启动错案信号，评分不能再修改', en: 'a WC-5(1) signal was opened from this review; it can no longer change' });
    const checklist = JSON.parse(campaign.checklist) as Checklist;
    let result;
    try {
      result = scoreReview(checklist, input.scores);
    } catch (err) {
      if (err instanceof ScoringError) throw validationError([{ code: 'custom', path: ['scores', ...err.path], message: `${err.zh} / ${err.en}` }]);
      throw err;
    }
    await submitReviewRow(tx, row, { scores: input.scores, score: result.score, veto: result.veto, grade: result.grade, judgedWrong: input.judgedWrong, conclusion: input.conclusion, now });
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'campaign.review.submit',
      entityType: 'campaign',
      entityId: row.campaign_id,
      after: { reviewId, originalCaseId: row.original_case_id, score: result.score, grade: result.grade, veto: result.vetoItems, judgedWrong: input.judgedWrong, gradeLabel: GRADE_LABELS[result.grade].zh },
      at: now,
    });
  });
  return getReview(ctx, reviewId);
}

/**
 * One click: a file the review judged wrong becomes a WC-5(1) signal — an outcome event
 * 例行或专项执法监督 on the original case, naming the campaign and the review (its reference
 * number), which the clerks' WC-5 signal list shows until a case is opened or dismissed.
 */
export async function openSignalFromReview(callerCtx: Ctx, reviewId: string) {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'campaign_reviews', reviewId);
  authorize(ctx.actor, 'campaigns.manage');
  const by = txActorOf(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const row = await findReview(tx, reviewId, ctx.actor);
    if (!row) throw new AppError('NOT_FOUND', { zh: `评查任务 ${reviewId}`, en: `review ${reviewId}` });
    if (row.signal_outcome_id) throw new AppError('CONFLICT_DUPLICATE', { zh: '已据此评查启动错案信号', en: 'a WC-5(1) signal was already opened from this review' });
    if (row.status !== 'submitted' || Number(row.judged_wrong) !== 1) throw new AppError('PRECONDITION_FAILED', { zh: '只有评查认定为错案的案卷可以启动 WC-5(1) 信号', en: 'only a file the review judged wrong can open a WC-5(1) signal' });
    const campaign = (await findCampaign(tx, row.campaign_id, {}))!;
    const ordinal = await fileOrdinal(tx, row.file_id);
    const outcome = await recordOutcomeInTx(tx, by, row.original_case_id, {
      source: 'WC-5(1)',
      issuer: `${campaign.kind === 'special' ? '专项' : '例行'}执法监督（案卷评查）：${campaign.name}`.slice(0, 200),
      referenceNo: `评查〔${campaign.id}〕第${ordinal}号/${reviewId}`.slice(0, 100),
      referenceDate: chinaDate(new Date(by.now)),
      note: `案卷评查认定错案：${row.conclusion ?? ''}（评查活动 ${campaign.id}，评查 ${reviewId}）`.slice(0, 2000),
    });
    await markSignalOpened(tx, row, { outcomeId: outcome.id, actorId: by.actorId, now: by.now });
    await appendAudit(tx, { actorId: by.actorId, action: 'campaign.review.signal', entityType: 'campaign', entityId: campaign.id, after: { reviewId, originalCaseId: row.original_case_id, outcomeId: outcome.id, citation: 'WC-5(1)' }, at: by.now });
  });
  return getReview(ctx, reviewId);
}
