// The options of the session cookie, in one place. `Secure` when the site is served over HTTPS:
// always with COOKIE_SECURE=1 (AppOptions.cookieSecure), or when the request itself came over
// HTTPS — directly, or through a trusted proxy that says so in X-Forwarded-Proto (Fastify's
// req.protocol honours it only when trustProxy is configured; see docs/security-audit-defaults.md).
import type { FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';

declare module 'fastify' {
  interface FastifyInstance {
    /** COOKIE_SECURE: mark the session cookie Secure on every response */
    wenzeCookieSecure: boolean;
  }
}

export function cookieOptions(req: FastifyRequest, expires?: Date): CookieSerializeOptions {
  const secure = req.server.wenzeCookieSecure === true || req.protocol === 'https';
  return { httpOnly: true, sameSite: 'strict', path: '/', secure, ...(expires ? { expires } : {}) };
}
