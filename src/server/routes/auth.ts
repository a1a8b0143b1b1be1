// Sign in/out (password, then a TOTP code), the current user, first-run setup of the three
// administrators, own password / sessions / second factor, user management (系统管理员) and the
// security administrator's routes (roles, locks, settings, grant history).
import { z } from 'zod';
import * as auth from '../../services/auth-service';
import * as accounts from '../../services/accounts/accounts-service';
import { approvePasswordReset, rejectPasswordReset } from '../../services/accounts/password-reset';
import { getSecuritySettings, securitySettingsSchema, updateSecuritySettings } from '../../services/accounts/security-settings';
import { ROLE_LABELS, ROLES, PERMISSIONS, can, type Permission } from '../../policies/roles';
import { actorOrgId } from '../../policies/org-scope';
import { findOrg } from '../../services/orgs/org-repo';
import { myOrgs } from '../../services/orgs/org-service';
import { ctxOf, metaOf, SESSION_COOKIE, setSessionCookie, tokenOf } from '../plugins/auth';
import { cookieOptions } from '../plugins/cookie-options';
import type { RouteModule } from '../types';

const userOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  personId: z.string().nullable(),
  disabled: z.boolean(),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  /** issue 11: the home organisation */
  orgId: z.string().optional(),
  /** issue 11: every organisation of the account and its roles there (user lists) */
  memberships: z.array(z.object({ orgId: z.string(), roles: z.array(z.enum(ROLES)) })).optional(),
  /** 0540: the last session opened (null: never signed in) */
  lastSignInAt: z.string().nullable().optional(),
  /** 0540: a reset waiting for the security administrator's approval (双人复核), or null */
  passwordReset: z.object({ requestedBy: z.string(), requestedAt: z.string(), expiresAt: z.string() }).nullable().optional(),
  /** FL-5(1): the linked register person as the register names it (user lists, for register readers) */
  person: z.object({ name: z.string(), unitName: z.string(), employeeNo: z.string().nullable() }).nullable().optional(),
});

const loginOut = z.object({
  status: z.enum(['signed_in', 'totp_required']),
  token: z.string().optional(),
  pendingToken: z.string().optional(),
  expiresAt: z.string(),
  user: userOut.optional(),
});

const restricted = { restricted: true } as const;

export const authRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/v1/setup/status',
    { config: { public: true }, schema: { tags: ['auth'], summary: '是否需要创建首批管理员 / Whether first-run setup is needed', response: { 200: z.object({ needsSetup: z.boolean() }) } } },
    async () => ({ needsSetup: (await auth.countUsers(deps)) === 0 }),
  );

  app.post(
    '/api/v1/setup',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '创建系统管理员、安全管理员、安全审计员（三员分立）/ Create the three administrators',
        body: auth.setupSchema,
        response: { 201: z.object({ sysadmin: userOut, secadmin: userOut, auditor: userOut }) },
      },
    },
    async (req, reply) => reply.status(201).send(await auth.setupAdministrators(deps, req.body)),
  );

  const signedIn = async (req: Parameters<typeof metaOf>[0], reply: Parameters<typeof setSessionCookie>[1], r: auth.LoginResult) => {
    if (r.status === 'signed_in') await setSessionCookie(req, reply, deps, r.token, r.expiresAt);
    return r;
  };

  app.post(
    '/api/v1/auth/login',
    { config: { public: true }, schema: { tags: ['auth'], summary: '登录（第一步：密码）/ Sign in (step 1: password)', body: auth.loginSchema, response: { 200: loginOut } } },
    async (req, reply) => signedIn(req, reply, await auth.login(deps, req.body, metaOf(req))),
  );

  app.post(
    '/api/v1/auth/login/totp',
    { config: { public: true }, schema: { tags: ['auth'], summary: '登录（第二步：动态验证码或恢复码）/ Sign in (step 2: one-time code)', body: auth.totpLoginSchema, response: { 200: loginOut } } },
    async (req, reply) => signedIn(req, reply, await auth.loginWithTotp(deps, req.body, metaOf(req))),
  );

  app.post('/api/v1/auth/logout', { config: restricted, schema: { tags: ['auth'], summary: '退出 / Sign out' } }, async (req, reply) => {
    const token = tokenOf(req);
    if (token) await auth.logout(deps, token, metaOf(req));
    reply.clearCookie(SESSION_COOKIE, cookieOptions(req));
    return reply.status(204).send();
  });

  app.get(
    '/api/v1/auth/me',
    {
      config: restricted,
      schema: {
        tags: ['auth'],
        summary: '当前用户及其权限 / Current user and permissions',
        response: {
          200: z.object({
            user: z.object({ id: z.string(), username: z.string(), displayName: z.string(), roles: z.array(z.enum(ROLES)), personId: z.string().nullable() }),
            /** issue 11: the account's organisation and how many organisations it reads */
            org: z.object({ id: z.string(), name: z.string(), shortName: z.string(), scopeSize: z.number().int() }).nullable(),
            /** issue 11: every organisation the account belongs to, with its roles there (the header's switcher) */
            orgs: z.array(z.object({ id: z.string(), name: z.string(), shortName: z.string(), roles: z.array(z.enum(ROLES)), current: z.boolean() })),
            roleLabels: z.record(z.string(), z.object({ zh: z.string(), en: z.string() })),
            permissions: z.array(z.string()),
            /** what this session must do before anything else */
            restriction: z.enum(['password_change', 'totp_enrolment']).nullable(),
          }),
        },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      const a = ctx.actor;
      return {
        user: { id: a.userId, username: a.username, displayName: a.displayName, roles: a.roles, personId: a.personId },
        org: await (async () => {
          const o = await findOrg(deps.db.kysely, actorOrgId(a));
          return o ? { id: o.id, name: o.name, shortName: o.shortName, scopeSize: a.orgScope?.length ?? 1 } : null;
        })(),
        orgs: await myOrgs(ctx),
        roleLabels: ROLE_LABELS,
        permissions: a.restriction ? [] : (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(a, p)),
        restriction: a.restriction ?? null,
      };
    },
  );

  app.post(
    '/api/v1/auth/org',
    {
      config: restricted,
      schema: {
        tags: ['auth'],
        summary: '切换当前机构（本会话按该机构的角色办理）/ Switch the organisation this session acts in',
        body: auth.switchOrgSchema,
        response: { 200: z.object({ orgId: z.string() }) },
      },
    },
    async (req) => auth.switchOrg(ctxOf(req, deps), req.sessionId, req.body, metaOf(req)),
  );

  // ---------------------------------------------------------------- own account

  app.post(
    '/api/v1/auth/password',
    { config: restricted, schema: { tags: ['auth'], summary: '修改本人密码（其他会话随之退出）/ Change own password (other sessions end)', body: auth.changePasswordSchema } },
    async (req, reply) => {
      await auth.changeOwnPassword(ctxOf(req, deps), req.body, req.sessionId, metaOf(req));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/account',
    {
      config: restricted,
      schema: {
        tags: ['auth'],
        summary: '本人账户安全状态 / Own account security',
        response: { 200: z.object({ totpEnabled: z.boolean(), totpRequired: z.boolean(), recoveryCodesLeft: z.number(), mustChangePassword: z.boolean() }) },
      },
    },
    async (req) => accounts.accountSecurity(ctxOf(req, deps)),
  );

  const sessionOut = z.object({
    id: z.string(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    sourceIp: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  });
  app.get(
    '/api/v1/auth/sessions',
    { config: restricted, schema: { tags: ['auth'], summary: '本人的会话 / Own sessions', response: { 200: z.object({ items: z.array(sessionOut) }) } } },
    async (req) => ({ items: await auth.listOwnSessions(ctxOf(req, deps), req.sessionId) }),
  );
  app.delete(
    '/api/v1/auth/sessions/:id',
    { config: restricted, schema: { tags: ['auth'], summary: '结束本人的一个会话 / End one of own sessions', params: z.object({ id: z.string().min(1).max(40) }) } },
    async (req, reply) => {
      await auth.revokeOwnSession(ctxOf(req, deps), req.params.id, metaOf(req));
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/auth/logout-everywhere',
    { config: restricted, schema: { tags: ['auth'], summary: '在所有设备上退出 / Sign out everywhere' } },
    async (req, reply) => {
      await auth.signOutEverywhere(ctxOf(req, deps), metaOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/auth/totp/enrol',
    {
      config: restricted,
      schema: { tags: ['auth'], summary: '开始启用双因素认证（二维码）/ Start TOTP enrolment (QR code)', response: { 200: z.object({ secret: z.string(), otpauthUri: z.string(), qrDataUrl: z.string() }) } },
    },
    async (req) => accounts.startTotpEnrolment(ctxOf(req, deps)),
  );
  app.post(
    '/api/v1/auth/totp/confirm',
    {
      config: restricted,
      schema: { tags: ['auth'], summary: '以动态验证码确认启用，返回恢复码 / Confirm with a code; returns recovery codes', body: accounts.confirmTotpSchema, response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) } },
    },
    async (req) => accounts.confirmTotpEnrolment(ctxOf(req, deps), req.body, metaOf(req)),
  );
  app.post(
    '/api/v1/auth/totp/disable',
    { schema: { tags: ['auth'], summary: '停用双因素认证（非必需账户）/ Turn TOTP off (where not required)', body: accounts.disableTotpSchema } },
    async (req, reply) => {
      await accounts.disableOwnTotp(ctxOf(req, deps), req.body, metaOf(req));
      return reply.status(204).send();
    },
  );

  // ---------------------------------------------------------------- users (系统管理员)

  app.get('/api/v1/users', { schema: { tags: ['users'], summary: '用户列表 / Users', response: { 200: z.object({ items: z.array(userOut) }) } } }, async (req) => ({
    items: await auth.listUsers(ctxOf(req, deps)),
  }));

  app.post(
    '/api/v1/users',
    { schema: { tags: ['users'], summary: '新建用户（不含角色；首次登录须改密码）/ Create user (no roles; must change password)', body: auth.createUserSchema, response: { 201: userOut } } },
    async (req, reply) => reply.status(201).send(await auth.createUser(ctxOf(req, deps), req.body)),
  );

  app.patch(
    '/api/v1/users/:id',
    { schema: { tags: ['users'], summary: '修改用户、重置密码、停用 / Update, reset password, disable', params: z.object({ id: z.string() }), body: auth.updateUserSchema, response: { 200: userOut } } },
    async (req) => auth.updateUser(ctxOf(req, deps), req.params.id, req.body, metaOf(req)),
  );

  // ---------------------------------------------------------------- security administrator (安全管理员)

  app.put(
    '/api/v1/users/:id/roles',
    { schema: { tags: ['security'], summary: '授予/撤销角色（安全管理员）/ Set roles (security administrator)', params: z.object({ id: z.string() }), body: accounts.grantRolesSchema, response: { 200: userOut } } },
    async (req) => accounts.setUserRoles(ctxOf(req, deps), req.params.id, req.body, metaOf(req)),
  );

  app.post(
    '/api/v1/users/:id/totp-reset',
    { schema: { tags: ['security'], summary: '重置用户的双因素认证 / Reset a user’s second factor', params: z.object({ id: z.string() }) } },
    async (req, reply) => {
      await accounts.resetUserTotp(ctxOf(req, deps), req.params.id, metaOf(req));
      return reply.status(204).send();
    },
  );

  // 双人复核: the system administrator's reset of a used account waits for the security administrator
  app.post(
    '/api/v1/users/:id/password-reset/approve',
    { schema: { tags: ['security'], summary: '批准系统管理员的密码重置（双人复核）/ Approve the system administrator’s password reset (four eyes)', params: z.object({ id: z.string() }), response: { 200: userOut } } },
    async (req) => approvePasswordReset(ctxOf(req, deps), req.params.id, metaOf(req)),
  );
  app.post(
    '/api/v1/users/:id/password-reset/reject',
    { schema: { tags: ['security'], summary: '驳回密码重置申请 / Refuse a password reset', params: z.object({ id: z.string() }), response: { 200: userOut } } },
    async (req) => rejectPasswordReset(ctxOf(req, deps), req.params.id, metaOf(req)),
  );

  const grantOut = z.object({
    id: z.string(),
    at: z.string(),
    action: z.enum(['grant', 'revoke']),
    role: z.string(),
    userId: z.string(),
    username: z.string().nullable(),
    actorId: z.string(),
    actorUsername: z.string().nullable(),
    sourceIp: z.string().nullable(),
  });
  app.get(
    '/api/v1/security/grants',
    { schema: { tags: ['security'], summary: '角色授予记录 / Role grant history', response: { 200: z.object({ items: z.array(grantOut) }) } } },
    async (req) => ({ items: await accounts.listGrants(ctxOf(req, deps)) }),
  );

  const lockOut = z.object({ kind: z.enum(['user', 'source']), key: z.string(), lockedAt: z.string(), lockedUntil: z.string() });
  app.get(
    '/api/v1/security/locks',
    { schema: { tags: ['security'], summary: '被锁定的用户名与来源地址 / Locked user names and addresses', response: { 200: z.object({ items: z.array(lockOut) }) } } },
    async (req) => ({ items: await accounts.listLocks(ctxOf(req, deps)) }),
  );
  app.post(
    '/api/v1/security/unlock',
    { schema: { tags: ['security'], summary: '解除锁定 / Unlock', body: accounts.unlockSchema, response: { 200: z.object({ unlocked: z.boolean() }) } } },
    async (req) => accounts.unlock(ctxOf(req, deps), req.body, metaOf(req)),
  );

  app.get(
    '/api/v1/security/settings',
    { schema: { tags: ['security'], summary: '安全设置 / Security settings', response: { 200: securitySettingsSchema } } },
    async (req) => getSecuritySettings(ctxOf(req, deps)),
  );
  app.patch(
    '/api/v1/security/settings',
    { schema: { tags: ['security'], summary: '修改安全设置 / Change security settings', body: securitySettingsSchema.partial().strict(), response: { 200: securitySettingsSchema } } },
    async (req) => updateSecuritySettings(ctxOf(req, deps), req.body),
  );
};
