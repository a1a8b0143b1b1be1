import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestDb, engines, openTestDb } from '../../../test/db';
import { makeCampaign, makeReviewer } from '../../../test/factories/campaigns';
import { ctxAs, makeOriginalCase, makeUnit, type OriginalCaseFixture } from '../../../test/factories/registers';
import { verifyAuditChain } from '../../audit/audit-verify';
import { DEFAULT_CHECKLIST, scoreReview, type ItemScore } from '../../domain/campaigns/checklist';
import { drawCampaign, reviewerConflict } from '../../domain/campaigns/draw';
import { MemoryFileStore } from '../../files/file-store';
import { FixedClock } from '../../lib/clock';
import { pendingWc5Signals } from '../cases/wc5-signals';
import type { Ctx, Deps } from '../context';
import ExcelJS from 'exceljs';
import { checkRoleSet } from '../../policies/accounts';
import { campaignReportPdf, campaignReportXlsx } from './campaign-report';
import { closeCampaign, drawCampaignFiles, getCampaign, getReview, listMyReviews, openSignalFromReview, submitReview, verifyDraw } from './campaign-service';

const fullMarks = (): ItemScore[] => DEFAULT_CHECKLIST.items.map((it) => ({ itemId: it.id, deducted: 0, vetoHit: false, comment: null }));

describe('案卷评查标准: scores and grades (pure)', () => {
  it('full marks are 100 and 优秀; deductions to 75 are 合格; below 70 is 不合格', () => {
    expect(scoreReview(DEFAULT_CHECKLIST, fullMarks())).toMatchObject({ score: 100, maxScore: 100, grade: 'excellent', veto: false });
    const minus25 = fullMarks().map((s) => (s.itemId === 'F3' ? { ...s, deducted: 10 } : s.itemId === 'L2' ? { ...s, deducted: 10 } : s.itemId === 'D1' ? { ...s, deducted: 5 } : s));
    expect(scoreReview(DEFAULT_CHECKLIST, minus25)).toMatchObject({ score: 75, grade: 'pass' });
    const minus31 = minus25.map((s) => (s.itemId === 'P1' ? { ...s, deducted: 5 } : s.itemId === 'P4' ? { ...s, deducted: 1 } : s));
    expect(scoreReview(DEFAULT_CHECKLIST, minus31)).toMatchObject({ score: 69, grade: 'fail' });
  });

  it('a 否决项 hit makes the file 不合格 whatever its score; only veto items can be hit', () => {
    const vetoed = fullMarks().map((s) => (s.itemId === 'L1' ? { ...s, deducted: 5, vetoHit: true, comment: '适用已废止的规章' } : s));
    expect(scoreReview(DEFAULT_CHECKLIST, vetoed)).toMatchObject({ score: 95, veto: true, grade: 'fail', vetoItems: ['L1'] });
    expect(() => scoreReview(DEFAULT_CHECKLIST, fullMarks().map((s) => (s.itemId === 'D2' ? { ...s, vetoHit: true } : s)))).toThrow(/not a veto item/);
  });

  it('every item is scored once and no more than its points are deducted', () => {
    expect(() => scoreReview(DEFAULT_CHECKLIST, fullMarks().slice(1))).toThrow(/not scored/);
    expect(() => scoreReview(DEFAULT_CHECKLIST, [...fullMarks(), fullMarks()[0]!])).toThrow(/twice/);
    expect(() => scoreReview(DEFAULT_CHECKLIST, fullMarks().map((s) => (s.itemId === 'S3' ? { ...s, deducted: 6 } : s)))).toThrow(/points/);
  });
});

describe('WC-5(1) 双随机 draw (pure)', () => {
  const candidates = Array.from({ length: 12 }, (_, i) => ({ originalCaseId: `c${String(i).padStart(2, '0')}`, unitId: `u${i % 3}`, participantPersonIds: [`p-handler-${i}`, ...(i === 4 ? ['p-r2'] : [])] }));
  const pool = [0, 1, 2, 3].map((i) => ({ userId: `r${i}`, personId: `p-r${i}`, unitId: `u${i}` }));

  it('the same seed gives the same draw; reviewers are spread evenly; conflicts are never drawn', () => {
    const a = drawCampaign({ seed: '0123456789abcdef', candidates, pool, sampleSize: 6, reviewersPerFile: 2 });
    const b = drawCampaign({ seed: '0123456789abcdef', candidates: [...candidates].reverse(), pool: [...pool].reverse(), sampleSize: 6, reviewersPerFile: 2 });
    expect(a).toEqual(b);
    if (!a.ok) throw new Error('draw failed');
    expect(a.files).toHaveLength(6);
    for (const f of a.files) {
      const c = candidates.find((x) => x.originalCaseId === f.originalCaseId)!;
      for (const uid of f.reviewerUserIds) expect(reviewerConflict(c, pool.find((r) => r.userId === uid)!)).toBeNull();
    }
    const loads = pool.map((r) => a.files.filter((f) => f.reviewerUserIds.includes(r.userId)).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(2);
    const other = drawCampaign({ seed: 'fedcba9876543210', candidates, pool, sampleSize: 6, reviewersPerFile: 2 });
    expect(other).not.toEqual(a);
    // c04 is in u1 and r2 (of u2) took part in it: r2 is excluded for that file alone
    const all = drawCampaign({ seed: '0123456789abcdef', candidates, pool, sampleSize: 12, reviewersPerFile: 2 });
    if (!all.ok) throw new Error('draw failed');
    expect(all.files.find((f) => f.originalCaseId === 'c04')!.reviewerUserIds).not.toContain('r2');
    expect(all.files.find((f) => f.originalCaseId === 'c04')!.reviewerUserIds).not.toContain('r1');
    expect(drawCampaign({ seed: '0123456789abcdef', candidates, pool, sampleSize: 12, reviewersPerFile: 4 })).toMatchObject({ ok: false });
  });
});

describe.each(engines)('supervision campaigns, WC-5(1) 例行或专项执法监督 (%s)', (engine) => {
  let deps: Deps;
  let clerk: Ctx;
  let files: OriginalCaseFixture[];
  beforeEach(async () => {
    deps = { db: await openTestDb(engine), clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() };
    clerk = ctxAs(deps, ['clerk']);
    files = [];
    for (let i = 0; i < 4; i++) files.push(await makeOriginalCase(deps));
  });
  afterEach(async () => closeTestDb(deps.db));

  it('WC-5(1) 双随机: the draw is recorded with its seed, replays identically, and no file goes to a reviewer of its unit or who took part in it', async () => {
    const outside = await makeUnit(deps, { name: '法制科' });
    const r1 = await makeReviewer(deps, { unitId: outside.id });
    const r2 = await makeReviewer(deps, { unitId: outside.id });
    // one reviewer of file 0's unit; one of another unit who instructed (授意) a fifth case
    const sameUnit = await makeReviewer(deps, { unitId: files[0]!.unit.id });
    const participant = await makeReviewer(deps, { unitId: (await makeUnit(deps, { name: '分管领导' })).id });
    files.push(await makeOriginalCase(deps, { instructingLeaders: [{ personId: participant.person.id, note: '授意' }] }));
    const pool = [r1, r2, sameUnit, participant].map((r) => r.userId);
    const c = await makeCampaign(clerk, pool, { count: 5, reviewersPerFile: 2 });
    expect(c.status).toBe('draft');
    const drawn = await drawCampaignFiles(clerk, c.id, { seed: '00c0ffee00c0ffee' });
    expect(drawn).toMatchObject({ status: 'drawn', seed: '00c0ffee00c0ffee', files: 5, reviewsTotal: 10 });
    for (const f of drawn.fileResults) {
      const fx = files.find((x) => x.originalCase.id === f.originalCaseId)!;
      const reviewers = f.reviews.map((r) => r.reviewerUserId);
      if (fx === files[0]) expect(reviewers).not.toContain(sameUnit.userId);
      if (fx === files[4]) expect(reviewers).not.toContain(participant.userId);
      expect(f.reviews).toHaveLength(2);
    }
    const replay = await verifyDraw(clerk, c.id);
    expect(replay).toMatchObject({ seed: '00c0ffee00c0ffee', reproducible: true });
    // a second campaign with the same seed over the same scope draws the same files and reviewers
    const again = await drawCampaignFiles(clerk, (await makeCampaign(clerk, pool, { count: 5, reviewersPerFile: 2 })).id, { seed: '00c0ffee00c0ffee' });
    const shape = (d: typeof drawn) => d.fileResults.map((f) => [f.originalCaseId, f.reviews.map((r) => r.reviewerUserId).sort()]);
    expect(shape(again)).toEqual(shape(drawn));
    const audit = await deps.db.kysely.selectFrom('audit_log').select('after_json').where('action', '=', 'campaign.draw').where('entity_id', '=', c.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ seed: '00c0ffee00c0ffee' });
    await expect(drawCampaignFiles(clerk, c.id, {})).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    expect((await verifyAuditChain(deps.db)).ok).toBe(true);
  });

  it('WC-5(1) 回避: a draw that would need a conflicted reviewer is refused and writes nothing', async () => {
    const only = await makeReviewer(deps, { unitId: files[0]!.unit.id });
    const c = await makeCampaign(clerk, [only.userId], { count: 4 });
    await expect(drawCampaignFiles(clerk, c.id, { seed: '1111111111111111' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await deps.db.kysely.selectFrom('campaign_files').select('id').execute()).toHaveLength(0);
    expect((await getCampaign(clerk, c.id)).status).toBe('draft');
  });

  it('WC-5(1): only reviewer accounts linked to a register person can be in the pool; only the clerk or leader runs campaigns', async () => {
    const r = await makeReviewer(deps);
    await expect(makeCampaign(clerk, [r.userId, 'nobody'])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(makeCampaign(ctxAs(deps, ['investigator']), [r.userId])).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(makeCampaign(r.actor, [r.userId])).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('WC-5(1): reviewers score their own files; grades per file, unit and reviewer; a 否决项 fails the file', async () => {
    const outside = await makeUnit(deps, { name: '法制科' });
    const r1 = await makeReviewer(deps, { unitId: outside.id });
    const r2 = await makeReviewer(deps, { unitId: outside.id });
    const c = await makeCampaign(clerk, [r1.userId, r2.userId], { count: 2 });
    await drawCampaignFiles(clerk, c.id, { seed: 'abcdefabcdefabcd' });
    const mine1 = await listMyReviews(r1.actor);
    const mine2 = await listMyReviews(r2.actor);
    expect(mine1.length + mine2.length).toBe(2);
    const [first] = mine1.length ? mine1 : mine2;
    const owner = mine1.length ? r1 : r2;
    const stranger = mine1.length ? r2 : r1;
    await expect(getReview(stranger.actor, first!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(submitReview(stranger.actor, first!.id, { scores: fullMarks() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const vetoed = fullMarks().map((s) => (s.itemId === 'P2' ? { ...s, deducted: 5, vetoHit: true, comment: '未告知听证权利' } : s));
    const out = await submitReview(owner.actor, first!.id, { scores: vetoed, judgedWrong: false });
    expect(out.review).toMatchObject({ status: 'submitted', score: 95, veto: true, grade: 'fail' });
    const all = [...mine1, ...mine2];
    const second = all.find((x) => x.id !== first!.id)!;
    const secondOwner = mine1.some((x) => x.id === second.id) ? r1 : r2;
    await submitReview(secondOwner.actor, second.id, { scores: fullMarks().map((s) => (s.itemId === 'L2' ? { ...s, deducted: 8, comment: '裁量偏重' } : s)) });
    const detail = await getCampaign(clerk, c.id);
    const grades = detail.fileResults.map((f) => [f.score, f.grade]).sort();
    expect(grades).toEqual([[92, 'excellent'], [95, 'fail']]);
    expect(detail.byUnit.reduce((s, u) => s + u.excellent + u.fail, 0)).toBe(2);
    expect(detail.byReviewer.reduce((s, r) => s + r.submitted, 0)).toBe(2);
    const closed = await closeCampaign(clerk, c.id);
    expect(closed.status).toBe('closed');
    await expect(submitReview(owner.actor, first!.id, { scores: fullMarks() })).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('WC-5(1): a file judged wrong opens a WC-5 signal with one click, linked to the campaign and the review', async () => {
    const outside = await makeUnit(deps, { name: '法制科' });
    const r1 = await makeReviewer(deps, { unitId: outside.id });
    const c = await makeCampaign(clerk, [r1.userId], { count: 1 });
    await drawCampaignFiles(clerk, c.id, { seed: '0000000000000042' });
    const [task] = await listMyReviews(r1.actor);
    const review = await getReview(r1.actor, task!.id);
    await expect(openSignalFromReview(clerk, task!.id)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const wrong = fullMarks().map((s) => (s.itemId === 'F2' ? { ...s, deducted: 10, vetoHit: true, comment: '主要证据不足' } : s));
    await expect(submitReview(r1.actor, task!.id, { scores: wrong, judgedWrong: true })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await submitReview(r1.actor, task!.id, { scores: wrong, judgedWrong: true, conclusion: '认定违法事实的主要证据不足，属错案' });
    await expect(openSignalFromReview(r1.actor, task!.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const opened = await openSignalFromReview(clerk, task!.id);
    expect(opened.review.signalOutcomeId).toBeTruthy();
    const signals = await pendingWc5Signals(deps.db.kysely);
    const signal = signals.find((s) => s.originalCaseId === review.originalCase.id);
    expect(signal).toMatchObject({ source: 'WC-5(1)', outcomeId: opened.review.signalOutcomeId });
    expect(signal!.referenceNo).toContain(task!.id);
    expect(signal!.issuer).toContain(c.name);
    await expect(openSignalFromReview(clerk, task!.id)).rejects.toMatchObject({ code: 'CONFLICT_DUPLICATE' });
    await expect(submitReview(r1.actor, task!.id, { scores: fullMarks() })).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    // the report: Excel with the file, and a PDF
    const xlsx = await campaignReportXlsx(clerk, c.id);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['案卷', '单位', '评查人员', '评查明细']);
    expect(JSON.stringify(wb.worksheets[0]!.getSheetValues())).toContain(review.originalCase.number);
    const pdf = await campaignReportPdf(clerk, c.id);
    expect(pdf.buffer.subarray(0, 5).toString()).toBe('%PDF-');
    await expect(campaignReportPdf(r1.actor, c.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await verifyAuditChain(deps.db)).ok).toBe(true);
  });
});

describe('三员分立: the reviewer role', () => {
  it('is a business role: never held with an administrator role', () => {
    expect(() => checkRoleSet(['reviewer', 'clerk'])).not.toThrow();
    expect(() => checkRoleSet(['reviewer', 'sysadmin'])).toThrow(/business role/);
  });
});
