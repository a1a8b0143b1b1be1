// The audit viewer of the 安全审计员 (permission audit.read): the trail with filters, its Excel
// export and the chain verification. Thin: parse, call one service function, present.
import { z } from 'zod';
import { auditQuerySchema, exportAuditXlsx, listAudit, verifyAudit } from '../../services/audit/audit-service';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';
import { attachmentHeader } from './documents';

const tags = ['audit'];
const itemOut = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  sourceIp: z.string().nullable().describe('client address of the request that caused the record; null before migration 0090 and outside requests'),
  orgId: z.string().nullable().describe('issue 11: the organisation the record belongs to (that of the record acted on); null: deployment-wide (migration 0510)'),
  before: z.unknown().describe('payload, for accounts and settings only'),
  after: z.unknown().describe('payload, for accounts and settings only'),
  hash: z.string(),
});
const verifyOut = z.object({
  ok: z.boolean(),
  records: z.number().int(),
  headSeq: z.number().int(),
  firstBroken: z
    .object({ seq: z.number().int(), reason: z.enum(['gap', 'prev_hash', 'hash', 'head']), zh: z.string(), en: z.string() })
    .optional(),
});

export const auditRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags,
        summary: '审计记录（按人员、操作、案件、日期筛选，最新在前） / The audit trail, filtered, newest first',
        querystring: auditQuerySchema,
        response: { 200: z.object({ items: z.array(itemOut), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }) },
      },
    },
    async (req) => listAudit(ctxOf(req, deps), req.query),
  );

  app.get(
    '/api/v1/audit/export.xlsx',
    { schema: { tags, summary: '导出审计记录为 Excel / Export the audit trail (.xlsx)', querystring: auditQuerySchema.omit({ page: true, pageSize: true }) } },
    async (req, reply) => {
      const f = await exportAuditXlsx(ctxOf(req, deps), req.query);
      return reply.type(f.mimeType).header('content-disposition', attachmentHeader(f.fileName)).header('x-row-count', String(f.rows)).send(f.buffer);
    },
  );

  app.post(
    '/api/v1/audit/verify',
    { schema: { tags, summary: '校验审计哈希链（返回首个损坏的记录） / Verify the audit hash chain (first broken record, if any)', response: { 200: verifyOut } } },
    async (req) => verifyAudit(ctxOf(req, deps)),
  );
};
