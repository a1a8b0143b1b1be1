// Supervision campaigns (案卷评查, WC-5(1) 例行或专项执法监督; issue 12 part 1): the checklist
// setting, campaigns (create, draw, replay the draw, close, results, report), reviewers' own
// tasks and scoring, and the one-click WC-5(1) signal from a review judged wrong.
import { z } from 'zod';
import { checklistSchema } from '../../domain/campaigns/checklist';
import {
  campaignCreateSchema,
  closeCampaign,
  closeInputSchema,
  createCampaign,
  drawCampaignFiles,
  drawInputSchema,
  getCampaign,
  getChecklist,
  getReview,
  listCampaigns,
  listMyReviews,
  listReviewerCandidates,
  openSignalFromReview,
  reviewSubmitSchema,
  setChecklist,
  submitReview,
  verifyDraw,
} from '../../services/campaigns/campaign-service';
import { campaignReportPdf, campaignReportXlsx } from '../../services/campaigns/campaign-report';
import { XLSX_MIME } from '../../services/excel/workbook';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

const id = z.string().min(1).max(64);
const attachment = (name: string): string => `attachment; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;

const checklistOut = z.object({ checklist: z.looseObject({ name: z.string() }), isDefault: z.boolean(), maxScore: z.number() });
const summaryShape = {
  id: z.string(),
  name: z.string(),
  kind: z.enum(['routine', 'special']),
  status: z.enum(['draft', 'drawn', 'closed']),
  scope: z.looseObject({ periodFrom: z.string(), periodTo: z.string() }),
  reviewersPerFile: z.number(),
  seed: z.string().nullable(),
  drawnAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  files: z.number(),
  reviewsSubmitted: z.number(),
  reviewsTotal: z.number(),
  version: z.number(),
  createdAt: z.string(),
};
const summaryOut = z.object(summaryShape);
const detailOut = z.looseObject({
  ...summaryShape,
  checklist: z.looseObject({ name: z.string() }),
  maxScore: z.number(),
  reviewerPool: z.array(z.looseObject({ userId: z.string() })),
  fileResults: z.array(z.looseObject({ fileId: z.string() })),
  byUnit: z.array(z.looseObject({ unitId: z.string() })),
  byReviewer: z.array(z.looseObject({ userId: z.string() })),
  abilities: z.object({ draw: z.boolean(), close: z.boolean(), openSignal: z.boolean() }),
});
const reviewOut = z.looseObject({
  review: z.looseObject({ id: z.string(), status: z.string() }),
  campaignId: z.string(),
  campaignName: z.string(),
  campaignStatus: z.string(),
  checklist: z.looseObject({ name: z.string() }),
  maxScore: z.number(),
  originalCase: z.looseObject({ id: z.string() }),
});

export const campaignRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/campaigns/checklist', { schema: { tags: ['campaigns'], summary: '案卷评查标准 / The file-review checklist', response: { 200: checklistOut } } }, async (req) => getChecklist(ctxOf(req, deps)));
  app.put(
    '/api/v1/campaigns/checklist',
    { schema: { tags: ['campaigns'], summary: '设置案卷评查标准 / Set the file-review checklist', body: checklistSchema, response: { 200: checklistOut } } },
    async (req) => setChecklist(ctxOf(req, deps), req.body),
  );
  app.get(
    '/api/v1/campaigns/reviewers',
    {
      schema: {
        tags: ['campaigns'],
        summary: '可选评查人员 / Reviewer accounts',
        response: { 200: z.object({ items: z.array(z.object({ userId: z.string(), name: z.string(), personId: z.string().nullable(), personName: z.string().nullable(), unitName: z.string().nullable(), usable: z.boolean() })) }) },
      },
    },
    async (req) => ({ items: await listReviewerCandidates(ctxOf(req, deps)) }),
  );
  app.get('/api/v1/campaigns', { schema: { tags: ['campaigns'], summary: '评查活动 / Supervision campaigns', response: { 200: z.object({ items: z.array(summaryOut) }) } } }, async (req) => ({
    items: await listCampaigns(ctxOf(req, deps)),
  }));
  app.post('/api/v1/campaigns', { schema: { tags: ['campaigns'], summary: '新建评查活动（WC-5(1)） / Create a campaign', body: campaignCreateSchema, response: { 200: detailOut } } }, async (req) =>
    createCampaign(ctxOf(req, deps), req.body),
  );
  app.get('/api/v1/campaigns/:id', { schema: { tags: ['campaigns'], summary: '评查活动及结果 / A campaign and its results', params: z.object({ id }), response: { 200: detailOut } } }, async (req) =>
    getCampaign(ctxOf(req, deps), req.params.id),
  );
  app.post(
    '/api/v1/campaigns/:id/draw',
    { schema: { tags: ['campaigns'], summary: '双随机抽取 / Draw files and reviewers', params: z.object({ id }), body: drawInputSchema, response: { 200: detailOut } } },
    async (req) => drawCampaignFiles(ctxOf(req, deps), req.params.id, req.body),
  );
  app.get(
    '/api/v1/campaigns/:id/draw/verify',
    {
      schema: {
        tags: ['campaigns'],
        summary: '按种子复现抽取 / Replay the draw from its seed',
        params: z.object({ id }),
        response: { 200: z.object({ seed: z.string(), algorithm: z.string(), reproducible: z.boolean(), files: z.array(z.object({ originalCaseId: z.string(), unitId: z.string(), reviewerUserIds: z.array(z.string()) })) }) },
      },
    },
    async (req) => verifyDraw(ctxOf(req, deps), req.params.id),
  );
  app.post(
    '/api/v1/campaigns/:id/close',
    { schema: { tags: ['campaigns'], summary: '结束评查活动 / Close a campaign', params: z.object({ id }), body: closeInputSchema, response: { 200: detailOut } } },
    async (req) => closeCampaign(ctxOf(req, deps), req.params.id, req.body),
  );
  app.get('/api/v1/campaigns/:id/report.xlsx', { schema: { tags: ['campaigns'], summary: '评查结果 Excel / Campaign results (.xlsx)', params: z.object({ id }) } }, async (req, reply) => {
    const r = await campaignReportXlsx(ctxOf(req, deps), req.params.id);
    return reply.type(XLSX_MIME).header('content-disposition', attachment(r.name)).send(r.buffer);
  });
  app.get('/api/v1/campaigns/:id/report.pdf', { schema: { tags: ['campaigns'], summary: '评查情况报告 PDF / Campaign report (.pdf)', params: z.object({ id }) } }, async (req, reply) => {
    const r = await campaignReportPdf(ctxOf(req, deps), req.params.id);
    return reply.type('application/pdf').header('content-disposition', attachment(r.name)).send(r.buffer);
  });

  app.get(
    '/api/v1/reviews',
    {
      schema: {
        tags: ['campaigns'],
        summary: '我的评查任务 / My review tasks',
        response: { 200: z.object({ items: z.array(z.looseObject({ id: z.string(), campaignId: z.string(), status: z.enum(['pending', 'submitted']) })) }) },
      },
    },
    async (req) => ({ items: await listMyReviews(ctxOf(req, deps)) }),
  );
  app.get('/api/v1/reviews/:id', { schema: { tags: ['campaigns'], summary: '评查任务 / A review task', params: z.object({ id }), response: { 200: reviewOut } } }, async (req) => getReview(ctxOf(req, deps), req.params.id));
  app.post(
    '/api/v1/reviews/:id/submit',
    { schema: { tags: ['campaigns'], summary: '提交评查评分 / Submit the scores', params: z.object({ id }), body: reviewSubmitSchema, response: { 200: reviewOut } } },
    async (req) => submitReview(ctxOf(req, deps), req.params.id, req.body),
  );
  app.post(
    '/api/v1/reviews/:id/open-signal',
    { schema: { tags: ['campaigns'], summary: '据评查启动错案信号（WC-5(1)） / Open a WC-5(1) signal from the review', params: z.object({ id }), response: { 200: reviewOut } } },
    async (req) => openSignalFromReview(ctxOf(req, deps), req.params.id),
  );
};
