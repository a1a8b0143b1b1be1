// Fuzzes every route of the OpenAPI document (Definition of done #4 and #6). For each operation:
//  (a) anonymous → 401 UNAUTHENTICATED, unless the route is in PUBLIC_ROUTES (public-routes.ts) — a route
//      that becomes public fails this test until someone reviews it and adds it here;
//  (b) as each role, property-generated hostile input: never a 5xx, always the coded error shape
//      with a code from src/errors.ts, no stack trace or SQL text, and on every 4xx nothing
//      already stored has changed (a digest of every table before and after).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { requestFor, type FuzzRequest } from './arbitraries';
import { expectCodedError, expectNoLeak } from './checks';
import { changedTables, digestDatabase } from './db-digest';
import { fillPath, readApiDoc, type ApiDoc, type Operation } from './openapi';
import { PUBLIC_ROUTES } from './public-routes';
import { allowedWritesOn4xx } from './refusal-writes';
import { ROLE_USERS, seedApiWorld, type SeededWorld } from './seed';

// Bounded so the file stays well under a minute; WENZE_FUZZ_RUNS raises it for a longer hunt.
const EXTRA = Number(process.env.WENZE_FUZZ_RUNS ?? 0);
const RUNS = { sqlite: EXTRA || 12, postgres: EXTRA || 3 } as const;

function describeReq(role: string | null, req: FuzzRequest): string {
  const body = typeof req.payload === 'string' ? req.payload.slice(0, 400) : req.payload ? `<${req.payload.length} bytes>` : '';
  return `${role ?? 'anonymous'} ${req.method} ${req.url.slice(0, 300)} ${req.headers['content-type'] ?? ''} ${body}`;
}

/** Real ids for a path parameter: the records the route is about (`/cases/{id}` → case ids). */
function pathPoolOf(s: SeededWorld, op: Operation, name: string): readonly string[] {
  if (name === 'id') return s.byArea[op.path.split('/')[3] ?? ''] ?? s.ids;
  return s.known[name] ?? [];
}

const VERSIONED: Record<string, 'cases' | 'units' | 'people' | 'enforcement_certificates' | 'original_cases'> = {
  cases: 'cases',
  units: 'units',
  people: 'people',
  certificates: 'enforcement_certificates',
  'original-cases': 'original_cases',
};

/** The request with `expectedVersion` / `version` in its JSON body set to the target record's current version. */
async function withLiveVersion(t: TestApp, req: FuzzRequest): Promise<FuzzRequest> {
  const [, , , area, rawId] = req.url.split('?')[0]!.split('/');
  const table = VERSIONED[area ?? ''];
  if (!table || !rawId || typeof req.payload !== 'string') return req;
  let body: unknown;
  let id: string;
  try {
    body = JSON.parse(req.payload);
    id = decodeURIComponent(rawId);
  } catch {
    return req;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return req;
  // ids the engine cannot even compare (NUL) are the server's to refuse, not this helper's
  if (id.includes('\u0000')) return req;
  const row = await t.deps.db.kysely.selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
  if (!row) return req;
  const o = body as Record<string, unknown>;
  if ('expectedVersion' in o || table === 'cases') o.expectedVersion = row.version;
  if ('version' in o) o.version = row.version;
  return { ...req, payload: JSON.stringify(o) };
}

const API: ApiDoc = await readApiDoc();

describe.each(engines)('API fuzzing from the OpenAPI document (%s)', (engine) => {
  let t: TestApp;
  let s: SeededWorld;
  const stats = { requests: 0, byStatus: {} as Record<string, number> };

  beforeAll(async () => {
    t = await createTestApp(engine);
    s = await seedApiWorld(t);
  });
  afterAll(async () => {
    console.info(`[fuzz ${engine}] ${API.ops.length} operations, ${stats.requests} hostile requests, statuses ${JSON.stringify(stats.byStatus)}`);
    await t?.close();
  });

  it('the document lists the API (sanity: the fuzzer is not running over nothing)', () => {
    expect(API.ops.length).toBeGreaterThan(40);
    for (const key of PUBLIC_ROUTES) expect(API.ops.map((o) => o.key), `public route ${key} no longer exists: review PUBLIC_ROUTES`).toContain(key);
  });

  describe('(a) anonymous callers get 401 everywhere but the reviewed public routes', () => {
    for (const op of API.ops) {
      it(op.key, async () => {
        const url = fillPath(op.path, Object.fromEntries(op.params.filter((p) => p.in === 'path').map((p) => [p.name, s.known[p.name]?.[0] ?? 'x'])));
        const payload = op.body ? { payload: '{}', headers: { 'content-type': 'application/json' } } : {};
        for (const authorization of [undefined, 'Bearer not-a-session-token', 'Bearer ', 'Basic YWRtaW46YWRtaW4=']) {
          const before = await digestDatabase(t.deps.db);
          const res = await t.app.inject({ method: op.method, url, ...payload, headers: { ...(payload.headers ?? {}), ...(authorization ? { authorization } : {}) } });
          const what = `anonymous (${authorization ?? 'no token'}) ${op.key}`;
          expect(res.statusCode, what).toBeLessThan(500);
          if ((PUBLIC_ROUTES as readonly string[]).includes(op.key)) {
            if (res.statusCode >= 400) expect(expectCodedError(res, what)).not.toBe('UNAUTHENTICATED');
          } else {
            expect(res.statusCode, `${what}: a route not listed in PUBLIC_ROUTES answered an anonymous caller`).toBe(401);
            expect(expectCodedError(res, what)).toBe('UNAUTHENTICATED');
            expect(changedTables(before, await digestDatabase(t.deps.db)), what).toEqual([]);
          }
        }
      });
    }
  });

  describe('(b) hostile input from every role: coded 4xx, never 5xx, nothing stored changes on refusal', () => {
    for (const op of API.ops) {
      const isPublic = (PUBLIC_ROUTES as readonly string[]).includes(op.key);
      it(op.key, async () => {
        const callers = isPublic ? [...ROLE_USERS, null] : [...ROLE_USERS];
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...callers), requestFor(API, op, s.ids, (o, name) => pathPoolOf(s, o, name)), fc.boolean(), async (role, generated, live) => {
            // Half the time the body carries the record's current version, so a request gets past
            // optimistic locking into the state machine and the step's own checks.
            const req = live ? await withLiveVersion(t, generated) : generated;
            const what = describeReq(role, req);
            const before = await digestDatabase(t.deps.db);
            const res = await t.as(role, { method: req.method, url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
            stats.requests++;
            stats.byStatus[res.statusCode] = (stats.byStatus[res.statusCode] ?? 0) + 1;
            const after = res.statusCode >= 400 ? await digestDatabase(t.deps.db) : before;
            // Signing out ends the caller's session: give the fuzzer a fresh one.
            if ((op.key === 'POST /api/v1/auth/logout' || op.key === 'POST /api/v1/auth/logout-everywhere') && role) {
              // hostile password changes may have locked the name (身份鉴别): the fuzzer's own sign-in starts clean
              await t.deps.db.kysely.deleteFrom('login_locks').execute();
              await t.deps.db.kysely.deleteFrom('login_failures').execute();
              t.tokens[role] = await t.signIn(role);
            }
            expect(res.statusCode, `5xx for ${what}: ${res.body.slice(0, 500)}`).toBeLessThan(500);
            expectNoLeak(res, what);
            if (res.statusCode >= 400) {
              expectCodedError(res, what);
              const changed = changedTables(before, after).filter((tb) => !allowedWritesOn4xx(op, res).includes(tb));
              expect(changed, `${what} answered ${res.statusCode} but changed stored data`).toEqual([]);
            }
          }),
          { numRuns: RUNS[engine], endOnFailure: true },
        );
      }, 30_000 + RUNS[engine] * 1_000);
    }

    it('no request polluted Object.prototype', () => {
      const probe = {} as Record<string, unknown>;
      expect([probe.polluted, probe.isAdmin]).toEqual([undefined, undefined]);
    });
  });
});
