// Organisations (issue 11): the tree the caller sees; adding one (system administrator).
import { createOrg, listOrgs, listReportableOrgs, orgCreateSchema, orgOut, orgUpdateSchema, publicOrgOut, updateOrg } from '../../services/orgs/org-service';
import { z } from 'zod';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

export const orgRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/v1/orgs',
    { schema: { tags: ['orgs'], summary: '可见的机构 / Organisations the caller sees', response: { 200: z.object({ ownId: z.string(), items: z.array(orgOut), packIds: z.array(z.string()) }) } } },
    async (req) => listOrgs(ctxOf(req, deps)),
  );
  app.post(
    '/api/v1/orgs',
    { schema: { tags: ['orgs'], summary: '新增下级机构 / Add an organisation below one of the caller’s', body: orgCreateSchema, response: { 200: orgOut } } },
    async (req) => createOrg(ctxOf(req, deps), req.body),
  );
  app.patch(
    '/api/v1/orgs/:id',
    {
      schema: {
        tags: ['orgs'],
        summary: '修改机构（系统管理员；版本校验；留痕）/ Edit an organisation (system administrator; version-checked; audited)',
        params: z.object({ id: z.string() }),
        body: orgUpdateSchema,
        response: { 200: orgOut },
      },
    },
    async (req) => updateOrg(ctxOf(req, deps), req.params.id, req.body),
  );
  app.get(
    '/api/v1/public/orgs',
    {
      config: { public: true },
      schema: { tags: ['public'], summary: '受理网上举报的机构 / Organisations accepting online reports', response: { 200: z.object({ items: z.array(publicOrgOut) }) } },
    },
    async () => ({ items: await listReportableOrgs(deps) }),
  );
};
