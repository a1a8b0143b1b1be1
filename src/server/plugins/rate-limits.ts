// Rate limits through @fastify/rate-limit (等保2.0 入侵防范), per client address (req.ip, so
// behind a proxy configure trustProxy). The routes an anonymous caller can reach and hammer are
// listed here in one table; a refusal is 429 RATE_LIMITED with Retry-After.
//
// Store (RATE_LIMIT_STORE, AppOptions rateLimitStore): on PostgreSQL the counters live in the
// database by default (table rate_limit_hits, migration 0092), so several app servers on one
// database limit a client together; on SQLite (one server) in memory by default. Either may be
// asked for explicitly (`memory` | `database`).
//
// Sign-in: two layers answer one address. This flood limit (20 requests a minute, whatever their
// outcome; not audited per request, so a flood fills neither the log nor the audit trail) and
// the 身份鉴别 failure policy of the accounts module (20 failed sign-ins within its window block
// the address: audited once as auth.source_blocked, listed for the 安全管理员, who may lift it;
// thresholds are the 安全管理员's settings). Once the policy has blocked an address, that block
// is the answer of record — 429 SOURCE_THROTTLED — also when the flood limit is what stops the
// request, so the caller and the administrator see the one block that an audited decision made.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { AppError } from '../../errors';
import type { Clock } from '../../lib/clock';
import { activeLock } from '../../services/accounts/throttle-repo';
import { currentMasterKey } from '../../crypto/report-keyring';
import { chinaDate } from '../../lib/clock';

export interface RouteLimit {
  max: number;
  /** milliseconds */
  timeWindow: number;
}

/** method + URL pattern (Fastify's) → limit per client address. */
export const RATE_LIMITS: Record<string, RouteLimit> = {
  // FL-4: anyone may report without an account — slow enough that flooding the channel is hard
  'POST /api/v1/public/reports': { max: 10, timeWindow: 600_000 },
  'POST /api/v1/public/reports/form': { max: 10, timeWindow: 600_000 },
  'GET /api/v1/public/reports/challenge': { max: 30, timeWindow: 600_000 },
  // guessing receipt codes (each attempt is also an argon2 verification)
  'POST /api/v1/public/reports/follow-up': { max: 30, timeWindow: 600_000 },
  'POST /api/v1/public/reports/messages': { max: 20, timeWindow: 600_000 },
  // issue 13: checking a copy of an issued document (number + hash; nothing to guess in bulk)
  'GET /api/v1/public/documents/verify': { max: 30, timeWindow: 60_000 },
  'GET /api/v1/public/notices': { max: 60, timeWindow: 60_000 },
  // issue 11: the commissions accepting reports (names only)
  'GET /api/v1/public/orgs': { max: 60, timeWindow: 60_000 },
  // password guessing from one address (the account lockout is the auth work's)
  'POST /api/v1/auth/login': { max: 20, timeWindow: 60_000 },
  'POST /api/v1/setup': { max: 20, timeWindow: 60_000 },
};

/**
 * The reporter's channel (issue 9 §5): its counters are keyed by a keyed hash of the address,
 * never the address. The key changes every (China) day, so yesterday's counters cannot be linked
 * to today's. With the database store (several servers) the day's key is derived from the report
 * master key so the servers agree; with the memory store it is a random secret of this process.
 */
export const isReporterRoute = (url: string): boolean => url.startsWith('/api/v1/public/');

const processSecret = randomBytes(32);

export function dailyAddressKey(ip: string, day: string, shared: boolean): string {
  let secret: Buffer = processSecret;
  if (shared) {
    try {
      secret = Buffer.from(hkdfSync('sha256', currentMasterKey().key, Buffer.alloc(0), 'wenze-rate-limit-address', 32));
    } catch {
      // no master key: this process's secret (counters are then per server)
    }
  }
  const dayKey = createHmac('sha256', secret).update(`day:${day}`).digest();
  return `h:${createHmac('sha256', dayKey).update(ip).digest('base64url')}`;
}

/** Routes whose refusal names the 身份鉴别 policy's block of the source address when there is one. */
const SIGN_IN_ROUTES = new Set(['POST /api/v1/auth/login']);
const SOURCE_BLOCKED = Symbol('wenze.sourceBlocked');
type FlaggedRequest = FastifyRequest & { [SOURCE_BLOCKED]?: boolean };

export type RateLimitStoreKind = 'memory' | 'database';

/** RATE_LIMIT_STORE: `memory` or `database`; unset → the database on PostgreSQL, memory on SQLite. */
export function rateLimitStoreFor(value: string | undefined, dialect: 'sqlite' | 'postgres'): RateLimitStoreKind {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'memory' || v === 'database') return v;
  return dialect === 'postgres' ? 'database' : 'memory';
}

interface StoreResult {
  current: number;
  ttl: number;
}
type StoreCb = (err: Error | null, res?: StoreResult) => void;

/** A @fastify/rate-limit store class over the database: one atomic upsert per request. */
export function databaseStore(db: Db) {
  let calls = 0;
  return class DatabaseRateLimitStore {
    private readonly prefix: string;
    // @fastify/rate-limit constructs the root store with its options; children name their route.
    constructor(_options?: unknown, prefix = '') {
      this.prefix = prefix;
    }

    incr(key: string, cb: StoreCb, timeWindow: number): void {
      const now = Date.now();
      const k = `${this.prefix}|${key}`;
      const resetAt = now + timeWindow;
      sql<{ hits: number | string; reset_at_ms: number | string }>`
        INSERT INTO rate_limit_hits (key, hits, reset_at_ms) VALUES (${k}, 1, ${resetAt})
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN rate_limit_hits.reset_at_ms <= ${now} THEN 1 ELSE rate_limit_hits.hits + 1 END,
          reset_at_ms = CASE WHEN rate_limit_hits.reset_at_ms <= ${now} THEN ${resetAt} ELSE rate_limit_hits.reset_at_ms END
        RETURNING hits, reset_at_ms`
        .execute(db.kysely)
        .then(async (r) => {
          const row = r.rows[0]!;
          if (++calls % 1000 === 0) await db.kysely.deleteFrom('rate_limit_hits').where('reset_at_ms', '<', now).execute();
          cb(null, { current: Number(row.hits), ttl: Math.max(0, Number(row.reset_at_ms) - now) });
        })
        .catch((err: Error) => cb(err));
    }

    child(routeOptions: object): DatabaseRateLimitStore {
      // the merged route options carry the route as `routeInfo`
      const ri = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      return new DatabaseRateLimitStore(undefined, `${[ri.method].flat().join(',')} ${ri.url ?? ''}`);
    }
  };
}

export async function installRateLimits(app: FastifyInstance, opts: { db: Db; clock: Clock; store?: RateLimitStoreKind }): Promise<void> {
  // Before the plugin's own onRoute hook: give the listed routes their limit.
  app.addHook('onRoute', (route: RouteOptions) => {
    for (const m of [route.method].flat()) {
      const key = `${m} ${route.url}`;
      const limit = RATE_LIMITS[key];
      if (!limit || route.config?.rateLimit !== undefined) continue;
      const rl = SIGN_IN_ROUTES.has(key)
        ? {
            ...limit,
            // one indexed read per sign-in request: is this address blocked by the failure policy?
            max: async (req: FastifyRequest) => {
              (req as FlaggedRequest)[SOURCE_BLOCKED] = req.ip ? (await activeLock(opts.db, 'source', req.ip, opts.clock.now().toISOString())) !== null : false;
              return limit.max;
            },
          }
        : isReporterRoute(route.url)
          ? { ...limit, keyGenerator: (req: FastifyRequest) => dailyAddressKey(req.ip ?? '', chinaDate(opts.clock.now()), opts.store === 'database') }
          : { ...limit };
      route.config = { ...(route.config ?? {}), rateLimit: rl };
    }
  });
  await app.register(rateLimit, {
    global: false,
    ...(opts.store === 'database' ? { store: databaseStore(opts.db) } : {}),
    errorResponseBuilder: (req, ctx) => {
      const retryAfterSeconds = Math.ceil(ctx.ttl / 1000);
      if ((req as FlaggedRequest)[SOURCE_BLOCKED]) return new AppError('SOURCE_THROTTLED', undefined, { retryAfterSeconds });
      return new AppError('RATE_LIMITED', { zh: `请 ${retryAfterSeconds} 秒后再试`, en: `try again in ${retryAfterSeconds} s` }, { retryAfterSeconds });
    },
  });
}
