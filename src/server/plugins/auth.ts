// Authentication by default: every route requires a valid session unless its config says
// `public: true`. The session token comes as `Authorization: Bearer …` or the `wenze_session`
// cookie (httpOnly, SameSite=Strict) set at login.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors';
import { actorForToken } from '../../services/auth-service';
import type { Deps } from '../../services/context';
import type { Ctx } from '../../services/context';

export const SESSION_COOKIE = 'wenze_session';

export function tokenOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || null;
  const c = req.cookies?.[SESSION_COOKIE];
  return c || null;
}

export function installAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const token = tokenOf(req);
    if (token) req.actor = await actorForToken(deps, token);
    const isPublic = req.routeOptions.config?.public === true;
    // Static files of the web app and unknown routes (404) are not API routes.
    const isApi = req.url.startsWith('/api/');
    if (!isPublic && isApi && req.routeOptions.url && !req.actor) throw new AppError('UNAUTHENTICATED');
  });
}

/** The service context for a request: throws UNAUTHENTICATED if there is no actor. */
export function ctxOf(req: FastifyRequest, deps: Deps): Ctx {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return { ...deps, actor: req.actor };
}
