// Reporter protection over HTTP (issue 9 §4, §7): the identity custodian — a clerk's request to
// read a reporter's identity, the approver's list and decision, the read itself — and the
// FL-10(3) retaliation alerts. Thin: zod validates, one service call (which authorizes).
import { z } from 'zod';
import { reporterOut } from '../../services/cases/schemas-out';
import * as custodian from '../../services/reporter/custodian';
import * as retaliation from '../../services/reporter/retaliation';
import * as staffMatch from '../../services/reporter/staff-match';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

const tags = ['reporter'];
const idParams = z.object({ id: z.string().min(1).max(64) });

const requestOut = z.object({
  id: z.string(),
  caseId: z.string(),
  requestedBy: z.string(),
  requestedByName: z.string().nullable(),
  reason: z.string(),
  requestedAt: z.string(),
  status: z.enum(['pending', 'approved', 'refused', 'emergency', 'expired']),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  validMinutes: z.number(),
  expiresAt: z.string().nullable(),
});

const staffLinkOut = z.object({ personId: z.string().nullable(), personName: z.string().nullable(), userId: z.string().nullable(), origin: z.enum(['clerk', 'auto']), confirmed: z.boolean() });

const alertOut = z.object({
  id: z.string(),
  reportCaseId: z.string(),
  reportCaseNumber: z.string().nullable(),
  trigger: z.enum(['made_subject', 'adverse_execution']),
  triggerCaseId: z.string(),
  triggerCaseNumber: z.string().nullable(),
  detail: z.string().nullable(),
  createdAt: z.string(),
  citation: z.string(),
  zh: z.string(),
  en: z.string(),
});

export const reporterRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/v1/cases/:id/reporter',
    {
      schema: {
        tags,
        summary: '举报人身份与联系方式（须经审批且在有效期内，查阅留痕） / Reporter identity (needs an approved, unexpired request; every read audited)',
        params: idParams,
        response: { 200: reporterOut },
      },
    },
    async (req) => ({ reporter: await custodian.readReporter(ctxOf(req, deps), req.params.id) }),
  );

  // issue 9 §7: the staff-reporter link made by the register match at intake, confirmed or undone
  // by a clerk holding an identity grant on the case (staff-match.ts)
  app.post(
    '/api/v1/cases/:id/reporter-link/confirm',
    {
      schema: {
        tags,
        summary: '确认举报人为本单位工作人员（须持有效的身份查阅审批） / Confirm the staff-reporter link (needs a live identity grant)',
        params: idParams,
        response: { 200: staffLinkOut },
      },
    },
    async (req) => staffMatch.confirmStaffLink(ctxOf(req, deps), req.params.id),
  );
  app.post(
    '/api/v1/cases/:id/reporter-link/undo',
    {
      schema: {
        tags,
        summary: '撤销举报人与本单位工作人员的关联（说明理由） / Undo the staff-reporter link, with a reason',
        params: idParams,
        body: staffMatch.undoStaffLinkSchema,
        response: { 200: z.object({ caseId: z.string(), removed: z.literal(true) }) },
      },
    },
    async (req) => staffMatch.undoStaffLink(ctxOf(req, deps), req.params.id, req.body),
  );

  app.get(
    '/api/v1/cases/:id/reporter/identity-requests',
    {
      schema: {
        tags,
        summary: '本人对本案举报人身份的查看申请 / My requests to read this case’s reporter identity',
        params: idParams,
        response: { 200: z.object({ items: z.array(requestOut), canRequest: z.boolean() }) },
      },
    },
    async (req) => custodian.myIdentityRequests(ctxOf(req, deps), req.params.id),
  );

  app.post(
    '/api/v1/cases/:id/reporter/identity-requests',
    {
      schema: {
        tags,
        summary: '申请查看举报人身份（说明理由；紧急查看将被重点审计） / Ask to read the reporter identity (with a reason; the emergency path is loudly audited)',
        params: idParams,
        body: custodian.identityRequestInputSchema,
        response: { 200: requestOut },
      },
    },
    async (req) => custodian.requestIdentity(ctxOf(req, deps), req.params.id, req.body),
  );

  app.get(
    '/api/v1/identity-requests',
    {
      schema: {
        tags,
        summary: '待审批的举报人身份查看申请（安全管理员或委主要负责人） / Identity requests to decide',
        querystring: z.object({ status: z.enum(['pending', 'all']).optional() }),
        response: { 200: z.object({ approver: z.enum(['secadmin', 'leader']), items: z.array(requestOut) }) },
      },
    },
    async (req) => custodian.listIdentityRequests(ctxOf(req, deps), req.query.status ?? 'pending'),
  );

  app.post(
    '/api/v1/identity-requests/:id/approve',
    { schema: { tags, summary: '批准查看举报人身份 / Approve an identity request', params: idParams, body: custodian.identityDecisionInputSchema, response: { 200: requestOut } } },
    async (req) => custodian.approveIdentityRequest(ctxOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/v1/identity-requests/:id/refuse',
    { schema: { tags, summary: '不予批准查看举报人身份 / Refuse an identity request', params: idParams, body: custodian.identityDecisionInputSchema, response: { 200: requestOut } } },
    async (req) => custodian.refuseIdentityRequest(ctxOf(req, deps), req.params.id, req.body),
  );

  app.get(
    '/api/v1/retaliation-alerts',
    {
      schema: {
        tags,
        summary: '打击报复预警（FL-10(3)）：本单位举报人此后被调查或受到不利处理 / Retaliation watch alerts',
        response: { 200: z.object({ items: z.array(alertOut) }) },
      },
    },
    async (req) => ({ items: await retaliation.listRetaliationAlerts(ctxOf(req, deps)) }),
  );

  app.get(
    '/api/v1/cases/:id/retaliation-warning',
    {
      schema: {
        tags,
        summary: '本案是否涉及对举报人的打击报复（FL-10(3)） / Whether FL-10(3) may apply on this case',
        params: idParams,
        response: { 200: z.object({ warning: z.object({ citation: z.string(), zh: z.string(), en: z.string() }).nullable() }) },
      },
    },
    async (req) => ({ warning: await retaliation.caseRetaliationWarning(ctxOf(req, deps), req.params.id) }),
  );
};
