// Authentication by default: every route requires a valid session unless its config says
// `public: true`. The session token comes as `Authorization: Bearer …` or the `wenze_session`
// cookie (httpOnly, SameSite=Strict, Secure when configured or served over HTTPS) set at login.
// A session that must first change its password or enrol a second factor reaches only the
// routes marked `restricted: true` (and `authorize()` refuses every permission besides).
// A state-changing request signed in by the cookie must come from this site's own pages
// (Origin / Sec-Fetch-Site / Referer: ./csrf.ts), before anything else is looked at.
import { cookieOptions } from './cookie-options';
import { crossSiteRefusal, type CsrfOptions } from './csrf';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors';
import { sessionForToken, type RequestMeta } from '../../services/auth-service';
import { cookieSecureFromEnv, readSecuritySettings } from '../../services/accounts/security-settings';
import type { Deps } from '../../services/context';
import type { Ctx } from '../../services/context';

export const SESSION_COOKIE = 'wenze_session';

export function tokenOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || null;
  const c = req.cookies?.[SESSION_COOKIE];
  return c || null;
}

/** Whether the request signs in with the session cookie (a browser sends it on its own) rather than a bearer token. */
export function cookieSessionOf(req: FastifyRequest): boolean {
  return !req.headers.authorization?.startsWith('Bearer ') && Boolean(req.cookies?.[SESSION_COOKIE]);
}

/** Source address (Fastify's `req.ip`, which honours trustProxy) and user agent, for sessions and audit rows. */
export const metaOf = (req: FastifyRequest): RequestMeta => ({
  sourceIp: req.ip ?? null,
  userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
});

/** Sets the session cookie: Secure when the security setting or COOKIE_SECURE says so, or the request came over HTTPS. */
export async function setSessionCookie(req: FastifyRequest, reply: FastifyReply, deps: Deps, token: string, expiresAt: string): Promise<void> {
  const base = cookieOptions(req, new Date(expiresAt));
  const secure = base.secure === true || cookieSecureFromEnv() || (await readSecuritySettings(deps.db)).cookieSecure;
  reply.setCookie(SESSION_COOKIE, token, { ...base, secure });
}

export function installAuth(app: FastifyInstance, deps: Deps, csrf: CsrfOptions = {}): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.addHook('onRequest', async (req) => {
    const isPublic = req.routeOptions.config?.public === true;
    // Static files of the web app and unknown routes (404) are not API routes.
    const isApi = req.url.startsWith('/api/');
    // CSRF: public routes act for no one; every other API route refuses a cross-site cookie request.
    if (isApi && !isPublic) {
      const refusal = crossSiteRefusal(req, cookieSessionOf(req), csrf);
      if (refusal) throw refusal;
    }
    const token = tokenOf(req);
    if (token) {
      const s = await sessionForToken(deps, token);
      req.actor = s?.actor ?? null;
      req.sessionId = s?.sessionId ?? null;
    }
    if (!isPublic && isApi && req.routeOptions.url && !req.actor) throw new AppError('UNAUTHENTICATED');
    const restriction = req.actor?.restriction;
    if (restriction && isApi && req.routeOptions.url && !isPublic && req.routeOptions.config?.restricted !== true) {
      throw new AppError(restriction === 'password_change' ? 'PASSWORD_CHANGE_REQUIRED' : 'TOTP_ENROLMENT_REQUIRED');
    }
  });
}

/** The service context for a request: throws UNAUTHENTICATED if there is no actor. */
export function ctxOf(req: FastifyRequest, deps: Deps): Ctx {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return { ...deps, actor: req.actor };
}
