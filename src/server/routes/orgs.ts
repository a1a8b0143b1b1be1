// Organisations (issue 11): the tree the caller sees; adding one (system administrator).
import { createOrg, listOrgs, orgCreateSchema, orgOut } from '../../services/orgs/org-service';
import { z } from 'zod';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

export const orgRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/v1/orgs',
    { schema: { tags: ['orgs'], summary: '可见的机构 / Organisations the caller sees', response: { 200: z.object({ ownId: z.string(), items: z.array(orgOut) }) } } },
    async (req) => listOrgs(ctxOf(req, deps)),
  );
  app.post(
    '/api/v1/orgs',
    { schema: { tags: ['orgs'], summary: '新增下级机构 / Add an organisation below one of the caller’s', body: orgCreateSchema, response: { 200: orgOut } } },
    async (req) => createOrg(ctxOf(req, deps), req.body),
  );
};
