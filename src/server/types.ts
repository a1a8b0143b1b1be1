import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../policies/roles';
import type { Deps } from '../services/context';

/** The Fastify instance with the zod type provider: route schemas type the handlers. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A route module: registers its routes on `app`; every route is authenticated unless its config says `public: true`. */
export type RouteModule = (app: App, deps: Deps) => Promise<void> | void;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** the id of the caller's session (to mark it in the sessions list and keep it on a password change) */
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** mark a route as reachable without a session (login, health, setup, public report channel) */
    public?: boolean;
    /**
     * reachable by a session that must first change its password or enrol a second factor
     * (the self-service account routes only)
     */
    restricted?: boolean;
  }
}
