// Impartiality (回避) over HTTP: the register of declared relationships, self-recusal and
// challenges on a case, the staff reporter link, and the deputy setting. Thin: zod validates,
// one service call (which authorizes), the response schema serializes.
import { z } from 'zod';
import * as svc from '../../services/impartiality/service';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

const tags = ['impartiality'];
const idParams = z.object({ id: z.string().min(1).max(64) });
const recusalParams = z.object({ id: z.string().min(1).max(64), rid: z.string().min(1).max(64) });

const relationshipOut = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  relatedPersonId: z.string(),
  relatedPersonName: z.string(),
  kind: z.string(),
  kindZh: z.string(),
  kindEn: z.string(),
  note: z.string().nullable(),
  declaredBy: z.string(),
  declaredByName: z.string().nullable(),
  declaredAt: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
});
const recusalOut = z.object({
  id: z.string(),
  kind: z.enum(['self', 'challenge']),
  userId: z.string(),
  name: z.string(),
  reason: z.string(),
  filedByName: z.string(),
  filedAt: z.string(),
  status: z.enum(['in_effect', 'pending', 'granted', 'refused']),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  actingFor: z.string().nullable(),
});
const recusalsOut = z.object({ items: z.array(recusalOut) });
const deputyOut = z.object({ userId: z.string().nullable(), displayName: z.string().nullable() });
const listQuery = z.object({ userId: z.string().min(1).max(64).optional(), personId: z.string().min(1).max(64).optional(), includeWithdrawn: z.enum(['true', 'false']).optional() });

export const impartialityRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/relationships', { schema: { tags, summary: '申报的近亲属及其他利害关系 / Declared relationships', querystring: listQuery, response: { 200: z.object({ items: z.array(relationshipOut) }) } } }, async (req) => ({
    items: await svc.listRelationships(ctxOf(req, deps), { userId: req.query.userId, personId: req.query.personId, includeWithdrawn: req.query.includeWithdrawn === 'true' }),
  }));
  app.post('/api/v1/relationships', { schema: { tags, summary: '申报关系（回避） / Declare a relationship', body: svc.relationshipInputSchema, response: { 201: relationshipOut } } }, async (req, reply) =>
    reply.status(201).send(await svc.declareRelationship(ctxOf(req, deps), req.body)),
  );
  app.post('/api/v1/relationships/:id/withdraw', { schema: { tags, summary: '撤回申报的关系 / Withdraw a declared relationship', params: idParams, body: svc.withdrawInputSchema, response: { 200: relationshipOut } } }, async (req) =>
    svc.withdrawRelationship(ctxOf(req, deps), req.params.id, req.body),
  );

  app.get('/api/v1/cases/:id/recusals', { schema: { tags, summary: '本案的回避（自行回避、申请回避） / Recusals and challenges on a case', params: idParams, response: { 200: recusalsOut } } }, async (req) => ({
    items: await svc.listRecusals(ctxOf(req, deps), req.params.id),
  }));
  app.post('/api/v1/cases/:id/recusals/self', { schema: { tags, summary: '自行回避 / Recuse oneself from a case (FL-5(1))', params: idParams, body: svc.selfRecusalInputSchema, response: { 200: recusalsOut } } }, async (req) => ({
    items: await svc.selfRecuse(ctxOf(req, deps), req.params.id, req.body),
  }));
  app.post('/api/v1/cases/:id/recusals/challenge', { schema: { tags, summary: '申请回避（被调查人） / A subject challenges a person (FL-5(1))', params: idParams, body: svc.challengeInputSchema, response: { 200: recusalsOut } } }, async (req) => ({
    items: await svc.fileChallenge(ctxOf(req, deps), req.params.id, req.body),
  }));
  app.post(
    '/api/v1/cases/:id/recusals/:rid/decide',
    { schema: { tags, summary: '决定回避申请（委主要负责人或分管负责人） / Decide a challenge', params: recusalParams, body: svc.decideChallengeInputSchema, response: { 200: recusalsOut } } },
    async (req) => ({ items: await svc.decideChallenge(ctxOf(req, deps), req.params.id, req.params.rid, req.body) }),
  );
  app.put(
    '/api/v1/cases/:id/reporter-link',
    {
      schema: {
        tags,
        summary: '登记举报人为本单位工作人员（仅法制科） / Link the reporter to a member of staff (clerks only)',
        params: idParams,
        body: svc.reporterLinkInputSchema,
        response: { 200: z.object({ caseId: z.string(), userId: z.string().nullable(), personId: z.string().nullable() }) },
      },
    },
    async (req) => svc.linkReporter(ctxOf(req, deps), req.params.id, req.body),
  );

  app.get('/api/v1/settings/recusal-deputy', { schema: { tags, summary: '分管负责人（主要负责人回避时代行） / The deputy for a conflicted main leader', response: { 200: deputyOut } } }, async (req) => svc.getDeputy(ctxOf(req, deps)));
  app.put('/api/v1/settings/recusal-deputy', { schema: { tags, summary: '设置分管负责人（管理员） / Designate the deputy (administrator)', body: svc.deputyInputSchema, response: { 200: deputyOut } } }, async (req) =>
    svc.setDeputy(ctxOf(req, deps), req.body),
  );
};
