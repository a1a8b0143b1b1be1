// Liveness and readiness for an orchestrator or a load balancer (public, no personal data):
//   GET /api/health/live   200 while the process serves HTTP at all (no database access)
//   GET /api/health/ready  200 when the database answers and every migration of this build is
//                          applied; 503 with the reasons otherwise, and while shutting down
import { sql } from 'kysely';
import { z } from 'zod';
import { pendingMigrations } from '../../db/migrate';
import type { Deps } from '../../services/context';
import type { App } from '../types';

const DB_CHECK_MS = 3000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export function installHealth(app: App, deps: Deps, state: { closing: boolean }): void {
  const ok = z.object({ status: z.literal('ok') });
  const ready = z.object({ status: z.enum(['ok', 'unavailable']), db: z.enum(['sqlite', 'postgres']), reasons: z.array(z.string()) });
  app.get(
    '/api/health/live',
    { config: { public: true }, schema: { tags: ['system'], summary: '存活检查 / Liveness', response: { 200: ok } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/api/health/ready',
    { config: { public: true }, schema: { tags: ['system'], summary: '就绪检查 / Readiness', response: { 200: ready, 503: ready } } },
    async (_req, reply) => {
      const reasons: string[] = [];
      if (state.closing) reasons.push('shutting down');
      else {
        try {
          await withTimeout(sql`SELECT 1`.execute(deps.db.kysely), DB_CHECK_MS);
          const pending = await withTimeout(pendingMigrations(deps.db), DB_CHECK_MS);
          if (pending.length) reasons.push(`migrations not applied: ${pending.join(', ')}`);
        } catch (err) {
          // details to the log, not to an unauthenticated caller
          _req.log.warn({ err }, 'readiness: database check failed');
          reasons.push('database unavailable');
        }
      }
      const body = { status: reasons.length ? ('unavailable' as const) : ('ok' as const), db: deps.db.dialect, reasons };
      return reply.code(reasons.length ? 503 : 200).send(body);
    },
  );
}
