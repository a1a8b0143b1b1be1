// build() is separate from listen(): tests call buildApp(...).inject() with no port.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../services/context';
import { installAuth } from './plugins/auth';
import { installBodyTypes } from './plugins/csrf';
import { frameworkErrors, installErrorHandling } from './plugins/errors';
import { installInputHygiene } from './plugins/input-hygiene';
import { installRateLimits, rateLimitStoreFor, type RateLimitStoreKind } from './plugins/rate-limits';
import { installRequestContext } from './plugins/request-context';
import { installSecurityHeaders } from './plugins/security-headers';
import './plugins/cookie-options';
import { routeModules } from './routes/index';
import { installHealth } from './plugins/health';
import { installMetrics } from './plugins/metrics';
import { loggerOptions } from './logging';
import { wireServices } from '../services/wiring';
import type { App } from './types';

export interface AppOptions {
  deps: Deps;
  /** pino logging; off in tests */
  logger?: boolean | object;
  /** folder of the built web app (web/dist); served with SPA fallback when present */
  webRoot?: string;
  /** largest accepted upload, bytes */
  maxUploadBytes?: number;
  /** shared with the shutdown handler: readiness answers 503 once `closing` is set */
  lifecycle?: { closing: boolean };
  /** bearer token for /metrics (default env METRICS_TOKEN; unset: loopback only) */
  metricsToken?: string;
  /**
   * Behind a reverse proxy (TRUST_PROXY): which proxies' X-Forwarded-For/-Proto to believe —
   * true (any), a hop count, or addresses/CIDRs. Default false: the socket's address is the client.
   */
  trustProxy?: boolean | number | string;
  /**
   * PUBLIC_ORIGIN: the origins the site is served at (`https://wenze.example.gov.cn`); a request
   * signed in by the cookie that changes something must come from one of them. Unset: from the
   * request's own host (plugins/csrf.ts).
   */
  publicOrigins?: readonly string[];
  /** COOKIE_SECURE: the session cookie is always `Secure` (the site is served over HTTPS) */
  cookieSecure?: boolean;
  /** RATE_LIMIT_STORE: where the rate-limit counters live; default the database on PostgreSQL (shared by every server), memory on SQLite */
  rateLimitStore?: RateLimitStoreKind;
}

export const VERSION = '0.1.0';

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { deps } = opts;
  const lifecycle = opts.lifecycle ?? { closing: false };
  const app = Fastify({
    // pino with redaction of secrets and personal data (src/server/logging.ts)
    logger: opts.logger ? loggerOptions(opts.logger === true ? {} : opts.logger) : false,
    bodyLimit: 2 * 1024 * 1024,
    // a hop count is accepted at run time (proxy-addr) though Fastify's types omit it
    trustProxy: (opts.trustProxy ?? false) as boolean | string,
    // router-level refusals (bad URL encoding, over-long path parameter) in the coded error shape
    frameworkErrors,
    // Fastify's own ajv is not used: zod validates (fastify-type-provider-zod).
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // First: every audit record written while handling a request carries its source address.
  installRequestContext(app as unknown as FastifyInstance);
  installErrorHandling(app as unknown as FastifyInstance);
  // explicit wiring of cross-area listeners for this database (undone on close)
  const unwire = wireServices(deps);
  app.addHook('onClose', async () => unwire());
  app.addHook('preClose', async () => {
    lifecycle.closing = true;
  });
  installMetrics(app as unknown as FastifyInstance, deps, opts.metricsToken !== undefined ? { token: opts.metricsToken } : {});
  app.decorate('wenzeCookieSecure', opts.cookieSecure === true);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: opts.maxUploadBytes ?? 50 * 1024 * 1024, files: 10 } });
  // Headers before authentication: a refused (401) answer carries them too.
  await installSecurityHeaders(app as unknown as FastifyInstance);
  installAuth(app as unknown as FastifyInstance, deps, { publicOrigins: opts.publicOrigins ?? [] });
  // no text/plain body; multipart only where a route takes an upload (CSRF: plugins/csrf.ts)
  installBodyTypes(app as unknown as FastifyInstance);
  installInputHygiene(app as unknown as FastifyInstance);
  await installRateLimits(app as unknown as FastifyInstance, { db: deps.db, clock: deps.clock, store: opts.rateLimitStore ?? rateLimitStoreFor(undefined, deps.db.dialect) });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Wenze 问责 API', description: '行政执法过错责任追究与错案责任倒查问责 / Enforcement accountability casework', version: VERSION },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas registered with an id (`.meta({ id })`) become components/schemas with $refs.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: '健康检查 / Health', response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['sqlite', 'postgres']), version: z.string() }) } },
    },
    async () => {
      await deps.db.kysely.selectFrom('audit_head').select('seq').limit(1).execute();
      return { status: 'ok' as const, db: deps.db.dialect, version: VERSION };
    },
  );

  installHealth(app, deps, lifecycle);

  for (const mod of routeModules) await mod(app, deps);

  const webRoot = opts.webRoot;
  if (webRoot && fs.existsSync(path.join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
    // SPA fallback: any GET outside /api that is not a file gets index.html.
    app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.callNotFound();
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    });
  }

  await app.ready();
  return app as unknown as FastifyInstance;
}
