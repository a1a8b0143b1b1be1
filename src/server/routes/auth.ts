// Sign in/out, the current user, first-run setup and user management.
import { z } from 'zod';
import * as auth from '../../services/auth-service';
import { ROLE_LABELS, ROLES, PERMISSIONS, can, type Permission } from '../../policies/roles';
import { ctxOf, SESSION_COOKIE, tokenOf } from '../plugins/auth';
import { cookieOptions } from '../plugins/cookie-options';
import type { RouteModule } from '../types';

const userOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  personId: z.string().nullable(),
  disabled: z.boolean(),
});

export const authRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/v1/setup/status',
    { config: { public: true }, schema: { tags: ['auth'], summary: '是否需要创建首个管理员 / Whether first-run setup is needed', response: { 200: z.object({ needsSetup: z.boolean() }) } } },
    async () => ({ needsSetup: (await auth.countUsers(deps)) === 0 }),
  );

  app.post(
    '/api/v1/setup',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: '创建首个管理员 / Create the first administrator', body: auth.createUserSchema.omit({ roles: true, personId: true }), response: { 201: userOut } },
    },
    async (req, reply) => reply.status(201).send(await auth.setupFirstAdmin(deps, req.body)),
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '登录 / Sign in',
        body: auth.loginSchema,
        response: { 200: z.object({ token: z.string(), expiresAt: z.string(), user: userOut }) },
      },
    },
    async (req, reply) => {
      const r = await auth.login(deps, req.body);
      reply.setCookie(SESSION_COOKIE, r.token, cookieOptions(req, new Date(r.expiresAt)));
      return r;
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: '退出 / Sign out' } }, async (req, reply) => {
    const token = tokenOf(req);
    if (token) await auth.logout(deps, token);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(req));
    return reply.status(204).send();
  });

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: '当前用户及其权限 / Current user and permissions',
        response: {
          200: z.object({
            user: z.object({ id: z.string(), username: z.string(), displayName: z.string(), roles: z.array(z.enum(ROLES)), personId: z.string().nullable() }),
            roleLabels: z.record(z.string(), z.object({ zh: z.string(), en: z.string() })),
            permissions: z.array(z.string()),
          }),
        },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      const a = ctx.actor;
      return {
        user: { id: a.userId, username: a.username, displayName: a.displayName, roles: a.roles, personId: a.personId },
        roleLabels: ROLE_LABELS,
        permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(a, p)),
      };
    },
  );

  app.get('/api/v1/users', { schema: { tags: ['users'], summary: '用户列表 / Users', response: { 200: z.object({ items: z.array(userOut) }) } } }, async (req) => ({
    items: await auth.listUsers(ctxOf(req, deps)),
  }));

  app.post('/api/v1/users', { schema: { tags: ['users'], summary: '新建用户 / Create user', body: auth.createUserSchema, response: { 201: userOut } } }, async (req, reply) =>
    reply.status(201).send(await auth.createUser(ctxOf(req, deps), req.body)),
  );

  app.patch(
    '/api/v1/users/:id',
    { schema: { tags: ['users'], summary: '修改用户 / Update user', params: z.object({ id: z.string() }), body: auth.updateUserSchema, response: { 200: userOut } } },
    async (req) => auth.updateUser(ctxOf(req, deps), req.params.id, req.body),
  );
};
