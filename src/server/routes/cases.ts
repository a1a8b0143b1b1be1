// The accountability case API. Thin: parse, call one service function, present the result.
// Every lifecycle step is its own route, POST /api/v1/cases/:id/actions/<action>, whose body
// schema is the step's input schema (the `needs` named in allowedActions), so OpenAPI documents
// each step exactly; all of them go through the same service command (performAction).
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACTION_DEFS, ACTION_SCHEMAS, CASE_ACTIONS, intakeSchema, type CaseAction } from '../../domain/cases';
import * as cases from '../../services/cases';
import { listQuerySchema, queueQuerySchema } from '../../services/cases/list';
import { actionMinimalOut, actionResultOut, caseListOut, caseOut, evidenceListOut, findingOut, intakeOut, queueOut, timelineOut } from '../../services/cases/schemas-out';
import { uploadAllowance } from '../../services/hardening-settings';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';
import { readUpload } from '../upload';
import { caseRulesRoutes } from './cases-rules';

const idParams = z.object({ id: z.string().min(1).max(64) });

const prefersMinimal = (prefer: string | undefined): boolean => /(^|[,;\s])return=minimal\b/i.test(prefer ?? '');
const tags = ['cases'];

/**
 * The serializer of a step's answer (documented as the union of the full and the minimal answer):
 * the full answer ({case, created}) is checked and cut to its schema, any other to the minimal
 * one ({caseId, version, state, created}), through fastify-type-provider-zod's serializer like
 * every route — one schema tried instead of the union's first option failing on every minimal
 * answer. What is outside the schema never reaches the client (cases-response-schema.test.ts).
 */
export const actionAnswerSerializer = ({ method, url }: { method: string; url: string }): ((data: unknown) => string) => {
  const full = serializerCompiler({ schema: actionResultOut, method, url } as never) as (data: unknown) => string;
  const minimal = serializerCompiler({ schema: actionMinimalOut, method, url } as never) as (data: unknown) => string;
  return (data) => (data !== null && typeof data === 'object' && 'case' in data ? full(data) : minimal(data));
};

export const caseRoutes: RouteModule = (app, deps) => {
  app.post(
    '/api/v1/cases',
    { schema: { tags, summary: '线索登记（举报或 WC-5 错案来源） / Intake (report or WC-5 source)', body: intakeSchema, response: { 201: intakeOut } } },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const r = await cases.createCase(ctx, req.body);
      return reply.status(201).send({ case: await cases.caseViewAfterWrite(ctx, r.caseId), receiptCode: r.receiptCode });
    },
  );

  // The vocabulary of the lifecycle, for the UI and integrators: every step with its label,
  // citation, who may take it and the JSON Schema of its input (`needs`).
  app.get(
    '/api/v1/case-actions',
    {
      schema: {
        tags,
        summary: '办案步骤及其输入结构 / Case steps and their input schemas',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                action: z.string(),
                labelZh: z.string(),
                labelEn: z.string(),
                citation: z.string().nullable().describe('null when it depends on the track'),
                from: z.array(z.string()),
                who: z.array(z.string()).nullable().describe('null when it depends on the track'),
                needs: z.string(),
                inputSchema: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      items: CASE_ACTIONS.map((a) => {
        const d = ACTION_DEFS[a];
        return {
          action: a,
          labelZh: d.labelZh,
          labelEn: d.labelEn,
          citation: typeof d.citation === 'string' ? d.citation : null,
          from: [...d.from],
          who: typeof d.who === 'function' ? null : [...d.who],
          needs: d.needs,
          inputSchema: z.toJSONSchema(ACTION_SCHEMAS[d.needs], { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
        };
      }),
    }),
  );

  app.get('/api/v1/cases', { schema: { tags, summary: '案件列表 / Cases', querystring: listQuerySchema, response: { 200: caseListOut } } }, async (req) =>
    cases.listCases(ctxOf(req, deps), req.query),
  );

  app.get('/api/v1/cases/:id', { schema: { tags, summary: '案件详情（含可执行操作） / A case, with the caller’s next actions', params: idParams, response: { 200: caseOut } } }, async (req) =>
    cases.getCase(ctxOf(req, deps), req.params.id),
  );

  app.get(
    '/api/v1/cases/:id/team-candidates',
    {
      schema: {
        tags,
        summary: '可指派的调查人员及利害关系（WC-9(2)） / Investigators the leader may appoint, with conflicts of interest',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                userId: z.string(),
                username: z.string(),
                displayName: z.string(),
                personId: z.string().nullable(),
                conflicts: z.array(z.object({ zh: z.string(), en: z.string() })),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await cases.teamCandidates(ctxOf(req, deps), req.params.id) }),
  );

  for (const action of CASE_ACTIONS) {
    const def = ACTION_DEFS[action];
    app.post(
      `/api/v1/cases/:id/actions/${action}`,
      {
        schema: {
          tags: ['case actions'],
          summary: `${def.labelZh} / ${def.labelEn}`,
          description: `依据 / citation: ${typeof def.citation === 'string' ? def.citation : 'depends on the track'}. Input schema: ${def.needs}.`,
          params: idParams,
          body: ACTION_SCHEMAS[def.needs],
          headers: z.object({ prefer: z.string().optional().describe('return=minimal: answer {caseId, version, state, created} only (RFC 7240)') }),
          response: { 200: z.union([actionResultOut, actionMinimalOut]) },
        },
        // the answer checked against the one schema of its shape, not tried against the union
        serializerCompiler: actionAnswerSerializer,
      },
      async (req, reply) => {
        const ctx = ctxOf(req, deps);
        const r = await cases.performAction(ctx, req.params.id, action as CaseAction, req.body);
        if (prefersMinimal(req.headers.prefer)) {
          reply.header('preference-applied', 'return=minimal');
          return { caseId: r.caseId, version: r.version, state: r.state, created: r.created };
        }
        return { case: await cases.caseViewAfterWrite(ctx, r.caseId, r), created: r.created };
      },
    );
  }

  app.post(
    '/api/v1/cases/:id/evidence',
    {
      schema: {
        tags: ['case actions'],
        summary: '上传证据文件（multipart） / Upload evidence (multipart)',
        description: 'multipart/form-data: fields of EvidenceInput (expectedVersion, kind, title, source, collectedOn, description?, textContent?, supersedesId?, correctionReason?, disclosable? as true/false) and one `file`.',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 200: actionResultOut },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      // Authorized, the case visible, the version current, the step allowed and the quota not
      // spent — all before the first byte of the file is read (src/server/upload.ts).
      const up = await readUpload(req, reply, deps.files, {
        beforeFile: async (early) => {
          await cases.precheckAction(ctx, req.params.id, 'record_evidence', early.expectedVersion);
          const allowance = await uploadAllowance(deps.db.kysely, ctx.actor.userId);
          if (allowance.bytes <= 0) throw allowance.refusal();
          return { limit: allowance.bytes, overLimit: allowance.refusal };
        },
      });
      const fields: Record<string, unknown> = { ...up.fields };
      if (typeof fields.expectedVersion === 'string' && /^\d{1,15}$/.test(fields.expectedVersion)) fields.expectedVersion = Number(fields.expectedVersion);
      // multipart fields arrive as text: the form's switch (WC-11 disclosure) sends 'true' / 'false'
      if (fields.disclosable === 'true' || fields.disclosable === 'false') fields.disclosable = fields.disclosable === 'true';
      for (const k of Object.keys(fields)) if (fields[k] === '') delete fields[k];
      const r = await cases.performAction(ctx, req.params.id, 'record_evidence', fields, up.file ? { file: up.file } : {});
      return { case: await cases.caseViewAfterWrite(ctx, r.caseId, r), created: r.created };
    },
  );

  app.get(
    '/api/v1/cases/:id/evidence/:evidenceId/file',
    {
      schema: {
        tags,
        summary: '下载证据文件（附 SHA-256） / Download an evidence file (with its SHA-256)',
        params: z.object({ id: z.string(), evidenceId: z.string() }),
      },
    },
    async (req, reply) => {
      const f = await cases.downloadEvidenceFile(ctxOf(req, deps), req.params.id, req.params.evidenceId);
      return reply
        .header('content-type', f.mimeType)
        .header('x-content-sha256', f.sha256)
        .header('etag', `"${f.sha256}"`)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('content-length', String(f.size))
        .send(f.stream);
    },
  );

  // The evidence a page at a time, newest first (the case view carries the first page). The query
  // is checked by the service after the case's policy (a hidden case: 404 whatever the query).
  app.get(
    '/api/v1/cases/:id/evidence',
    {
      schema: {
        tags,
        summary: '证据列表（分页，最新在前） / Evidence, a page at a time (newest first)',
        params: idParams,
        querystring: z.object({
          cursor: z.string().optional().describe('the previous page’s nextCursor (absent: the newest page)'),
          limit: z.string().optional().describe(`items per page, 1–${cases.EVIDENCE_PAGE_MAX} (default ${cases.EVIDENCE_PAGE_SIZE})`),
        }),
        response: { 200: evidenceListOut },
      },
    },
    async (req) => cases.listCaseEvidence(ctxOf(req, deps), req.params.id, req.query),
  );

  app.get(
    '/api/v1/cases/:id/evidence/:evidenceId/text',
    { schema: { tags, summary: '证据文字内容 / Evidence text', params: z.object({ id: z.string(), evidenceId: z.string() }), response: { 200: z.object({ id: z.string(), textContent: z.string().nullable() }) } } },
    async (req) => cases.evidenceText(ctxOf(req, deps), req.params.id, req.params.evidenceId),
  );

  app.get(
    '/api/v1/cases/:id/findings',
    {
      schema: {
        tags,
        summary: '全部责任认定（含被更正的） / Every finding, superseded ones included',
        params: idParams,
        response: { 200: z.object({ items: z.array(findingOut.extend({ supersededById: z.string().nullable(), recordedBy: z.string().nullable() })) }) },
      },
    },
    async (req) => ({ items: await cases.findingHistory(ctxOf(req, deps), req.params.id) }),
  );

  app.get('/api/v1/cases/:id/timeline', { schema: { tags, summary: '案件时间线（来自审计记录） / Case timeline (from the audit trail)', params: idParams, response: { 200: timelineOut } } }, async (req) => ({
    items: await cases.caseTimeline(ctxOf(req, deps), req.params.id),
  }));

  app.get('/api/v1/queue', { schema: { tags, summary: '我的待办：待我办理、即将到期、已逾期 / My queue', querystring: queueQuerySchema, response: { 200: queueOut } } }, async (req) =>
    cases.myQueue(ctxOf(req, deps), req.query),
  );

  caseRulesRoutes(app, deps);

  // The public JSON report (POST /api/v1/public/reports) lives with the reporter channel
  // (reporter-channel.ts), where the proof of work it needs is checked.
  // The follow-up by receipt code is POST /api/v1/public/reports/follow-up (reporter-channel.ts):
  // the code never travels in a URL, where logs and proxies would keep it.
};
