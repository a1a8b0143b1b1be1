// The reporter channel (issue 9). Public: the proof-of-work challenge, the report with files, the
// follow-up by receipt code (in a POST body, never in a URL) and the reporter's messages — all
// rate limited (plugins/rate-limits.ts) and reviewed in test/api/public-routes.ts. For the
// clerks: the thread on the case, replies and questions, outcome drafts, attachments.
import { z } from 'zod';
import { publicReportSchema } from '../../domain/cases';
import { AppError } from '../../errors';
import { ProofOfWork, type PowSolution } from '../../lib/proof-of-work';
import * as cases from '../../services/cases';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';
import { readMemoryUpload } from '../upload-memory';

const tags = ['public'];
const staffTags = ['reporter channel'];

const challengeOut = z.object({ algorithm: z.literal('SHA-256'), challenge: z.string(), maxNumber: z.number(), salt: z.string(), signature: z.string() });
const attachmentOut = z.object({ id: z.string(), name: z.string(), mime: z.string(), size: z.number() });
const messageOut = z.object({
  id: z.string(),
  from: z.enum(['reporter', 'commission']),
  kind: z.enum(['report', 'message', 'question', 'outcome']),
  body: z.string(),
  at: z.string(),
  attachments: z.array(attachmentOut),
});
export const followUpOut = z.object({
  receivedOn: z.string(),
  status: z.string(),
  statusZh: z.string(),
  statusEn: z.string(),
  transferredTo: z.string().nullable(),
  replies: z.array(z.object({ kind: z.string(), repliedOn: z.string(), text: z.string() })),
  messages: z.array(messageOut),
});
const threadOut = z.object({
  details: z.object({ who: z.string().nullable(), when: z.string().nullable(), where: z.string().nullable() }).nullable(),
  messages: z.array(messageOut.extend({ status: z.enum(['draft', 'sent']), outcomeOf: z.string().nullable() })),
});
const idParams = z.object({ id: z.string().min(1).max(64) });
const messageParams = idParams.extend({ messageId: z.string().min(1).max(64) });

function parseJsonField(fields: Record<string, string>, name: string): unknown {
  const raw = fields[name];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new AppError('VALIDATION_FAILED', { zh: `${name} 须为 JSON`, en: `${name} must be JSON` }, { fields: [{ path: name, code: 'invalid_json', zh: '须为 JSON', en: 'must be JSON' }] });
  }
}

const powSolutionSchema = z.object({ algorithm: z.string().max(20), challenge: z.string().max(128), number: z.number().int(), salt: z.string().max(128), signature: z.string().max(128) });

export const reporterChannelRoutes: RouteModule = (app, deps) => {
  // One key per process: a challenge is answered by the server that made it, within its expiry.
  const pow = new ProofOfWork({ now: () => deps.clock.now().getTime() });
  // Every public intake path needs a solved challenge (issue 9 point 1), checked before anything else.
  const checkProof = (raw: unknown): void => {
    const parsed = powSolutionSchema.safeParse(raw);
    if (!parsed.success || !pow.verify(parsed.data as PowSolution)) throw new AppError('CHALLENGE_FAILED');
  };
  const requireProof = (fields: Record<string, string>): void => checkProof(parseJsonField(fields, 'proof'));
  const limits = { maxFiles: cases.ATTACHMENT_LIMITS.files, maxFileBytes: cases.ATTACHMENT_LIMITS.fileBytes };

  app.get(
    '/api/v1/public/reports/challenge',
    { config: { public: true }, schema: { tags, summary: '防滥用校验题（工作量证明） / Anti-abuse challenge (proof of work)', response: { 200: challengeOut } } },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      return pow.create();
    },
  );

  // The plain JSON report (API clients): the same proof of work as the form; rate limited per
  // keyed address hash (plugins/rate-limits.ts). A missing or wrong proof is 400 CHALLENGE_FAILED.
  app.post(
    '/api/v1/public/reports',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '网上举报（无需账号） / Online report (no account)',
        description:
          'FL-4. JSON: `summary`, `reporter`, and `proof` (the solved challenge of GET /api/v1/public/reports/challenge, as for the form). Returns a receipt code, shown once, to read the status and replies later.',
        body: publicReportSchema.extend({ proof: z.unknown().optional() }),
        response: { 201: z.object({ receiptCode: z.string(), receivedOn: z.string() }) },
      },
    },
    async (req, reply) => {
      const { proof, ...report } = req.body as { proof?: unknown };
      checkProof(proof);
      const r = await cases.submitPublicReport(deps, report);
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(r);
    },
  );

  app.post(
    '/api/v1/public/reports/form',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '网上举报（附材料，无需账号） / Online report with files (no account)',
        description:
          'FL-4, WC-9(1). multipart/form-data, in this order: `proof` (JSON: the solved challenge of GET /api/v1/public/reports/challenge), `report` (JSON: what, who?, when?, where?, reporter {anonymous, name?, phone?, …}), then up to 5 files (images, PDF, office documents; 10 MB each; type judged by content). Returns the receipt code, shown once.',
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ receiptCode: z.string(), receivedOn: z.string() }) },
      },
    },
    async (req, reply) => {
      const up = await readMemoryUpload(req, reply, { ...limits, beforeFirstFile: requireProof });
      const r = await cases.submitPublicReportWithFiles(deps, parseJsonField(up.fields, 'report'), up.files);
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(r);
    },
  );

  app.post(
    '/api/v1/public/reports/follow-up',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '凭回执码查看办理情况和消息 / Status and messages by receipt code',
        description: 'The receipt code travels in the body, never in the URL. A wrong code is 404 RECEIPT_CODE_WRONG; attempts are rate limited.',
        body: cases.receiptCodeBody,
        response: { 200: followUpOut },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return cases.reporterFollowUp(deps, req.body);
    },
  );

  app.post(
    '/api/v1/public/reports/messages',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '举报人回复或补充材料 / The reporter answers or adds material',
        description: 'multipart/form-data: `receiptCode`, `body` (may be empty when files are sent), then up to 5 files as for the report.',
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ messageId: z.string(), at: z.string() }) },
      },
    },
    async (req, reply) => {
      // the code is checked by the service (argon2); the files wait in memory until then
      const up = await readMemoryUpload(req, reply, { ...limits, beforeFirstFile: () => undefined });
      const r = await cases.reporterAddsMessage(deps, { receiptCode: up.fields.receiptCode, body: up.fields.body }, up.files);
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/api/v1/cases/:id/reporter-thread',
    { schema: { tags: staffTags, summary: '与举报人的往来消息（委法制科） / The thread with the reporter (clerks)', params: idParams, response: { 200: threadOut } } },
    async (req) => cases.readReporterThread(ctxOf(req, deps), req.params.id),
  );

  app.post(
    '/api/v1/cases/:id/reporter-thread/messages',
    {
      schema: {
        tags: staffTags,
        summary: '向举报人回复或提问 / Reply to or ask the reporter',
        params: idParams,
        body: cases.staffMessageBody,
        response: { 201: z.object({ messageId: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await cases.staffWritesToReporter(ctxOf(req, deps), req.params.id, req.body)),
  );

  app.post(
    '/api/v1/cases/:id/reporter-thread/messages/:messageId/send',
    {
      schema: {
        tags: staffTags,
        summary: '发送（可修改后）办理结果告知草稿 / Send an outcome draft, as edited',
        params: messageParams,
        body: cases.sendDraftBody,
        response: { 200: z.object({ messageId: z.string() }) },
      },
    },
    async (req) => cases.sendReporterDraft(ctxOf(req, deps), req.params.id, req.params.messageId, req.body),
  );

  app.post(
    '/api/v1/cases/:id/reporter-thread/messages/:messageId/discard',
    { schema: { tags: staffTags, summary: '放弃办理结果告知草稿 / Discard an outcome draft', params: messageParams, response: { 200: z.object({ messageId: z.string() }) } } },
    async (req) => cases.discardReporterDraft(ctxOf(req, deps), req.params.id, req.params.messageId),
  );

  app.get(
    '/api/v1/cases/:id/reporter-thread/attachments/:attachmentId',
    { schema: { tags: staffTags, summary: '下载举报人提交的材料（查阅留痕） / Download a reporter’s file (audited)', params: idParams.extend({ attachmentId: z.string().min(1).max(64) }) } },
    async (req, reply) => {
      const f = await cases.downloadReporterAttachment(ctxOf(req, deps), req.params.id, req.params.attachmentId);
      return reply
        .header('content-type', f.mimeType)
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .send(f.content);
    },
  );
};
