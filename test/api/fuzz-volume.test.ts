// 等保2.0 入侵防范: the volume fuzz — at least 10,000 hostile requests (FUZZ_RUNS, default 10,000 on
// SQLite; FUZZ_RUNS_PG, default 2,000 on PostgreSQL) over every route of the OpenAPI document,
// about a third of them multipart (./arbitraries.ts hostileMultipart: malformed boundaries,
// truncated bodies, huge declared sizes, several files, files just past the upload limit, wrong
// content types) against both upload routes and routes that take no upload. Never a 5xx; every
// refusal in the coded shape, without leaks; a sample of refusals checked to change nothing; and
// afterwards no upload temporary left behind and no blob in the store without its record.
// fuzz.test.ts and mutation.test.ts remain the deeper, per-route checks (digest after every request).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileStore } from '../../src/files/file-store';
import { buildApp } from '../../src/server/app';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { hostileMultipart, requestFor, type FuzzRequest } from './arbitraries';
import { expectCodedError, expectNoLeak } from './checks';
import { changedTables, digestDatabase } from './db-digest';
import { allowedWritesOn4xx } from './refusal-writes';
import { readOpenApi, type ApiDoc, type Operation } from './openapi';
import { PUBLIC_ROUTES } from './public-routes';
import { makeCase } from '../factories/cases';
import { ROLE_USERS, seedApiWorld, type SeededWorld } from './seed';

const TOTAL = { sqlite: Number(process.env.FUZZ_RUNS ?? 0) || 10_000, postgres: Number(process.env.FUZZ_RUNS_PG ?? 0) || 2_000 } as const;
const MAX_UPLOAD = 8 * 1024;
/** one refusal in this many is checked against a digest of the whole database */
const DIGEST_EVERY = 40;

describe.each(engines)('等保2.0 入侵防范: volume API fuzz incl. hostile multipart (%s)', (engine) => {
  let t: TestApp;
  let s: SeededWorld;
  let app: FastifyInstance;
  let api: ApiDoc;
  let dir: string;
  const stats = { requests: 0, multipart: 0, byStatus: {} as Record<string, number>, ms: 0 };

  beforeAll(async () => {
    t = await createTestApp(engine);
    s = await seedApiWorld(t);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-fuzz-store-'));
    // the same database and sessions; a store on disk and a small upload limit, so "past the limit" is cheap
    const store = new LocalFileStore(dir);
    // the seeded files (evidence, documents) copied into it — the blobs themselves: a row that
    // names a sealed document file's real hash has no blob of its own (migration 0470)
    for (const { sha256 } of await t.deps.db.kysely.selectFrom('stored_files').select('sha256').where('sealed_sha256', 'is', null).execute()) await store.put((await t.deps.files.get(sha256))!);
    app = await buildApp({ deps: { ...t.deps, files: store }, maxUploadBytes: MAX_UPLOAD });
    api = await readOpenApi(app);
  }, 120_000);
  afterAll(async () => {
    console.info(`[fuzz-volume ${engine}] ${stats.requests} hostile requests (${stats.multipart} multipart) in ${(stats.ms / 1000).toFixed(1)} s, statuses ${JSON.stringify(stats.byStatus)}`);
    await app?.close();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const pathPool = (op: Operation, name: string): readonly string[] => (name === 'id' ? (s.byArea[op.path.split('/')[3] ?? ''] ?? s.ids) : (s.known[name] ?? []));

  it(`入侵防范: ${TOTAL[engine]} hostile requests, multipart included — 0 × 5xx, coded refusals, no orphan upload`, async () => {
    const started = Date.now();
    const uploadOps = api.ops.filter((o) => o.multipart);
    expect(uploadOps.map((o) => o.key).sort()).toEqual(['POST /api/v1/cases/{id}/evidence', 'POST /api/v1/excel/{kind}/import', 'POST /api/v1/public/reports/form', 'POST /api/v1/public/reports/messages']);
    // a case under investigation: the investigator's uploads to it get past the checks into streaming
    const investigating = (await makeCase(s.w, { to: 'investigating' })).caseId;
    // live leading fields: the current version of a case, so some uploads reach streaming and the step
    const liveFields = (): [string, string][] => [['expectedVersion', String(versions.get(investigating) ?? 1)]];
    const versions = new Map<string, number>();
    const refreshVersions = async (): Promise<void> => {
      for (const r of await t.deps.db.kysely.selectFrom('cases').select(['id', 'version']).execute()) versions.set(r.id, r.version);
    };
    await refreshVersions();
    const hostile = hostileMultipart(s.ids, liveFields, MAX_UPLOAD);
    const anyOp = fc.constantFrom(...api.ops);
    const requestArb: fc.Arbitrary<{ op: Operation; req: FuzzRequest; multipart: boolean }> = fc.oneof(
      { weight: 2, arbitrary: anyOp.chain((op) => requestFor(api, op, s.ids, pathPool).map((req) => ({ op, req, multipart: false }))) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...uploadOps) }, { weight: 1, arbitrary: anyOp }), hostile, fc.boolean()).chain(([op, body, live]) =>
          requestFor(api, op, s.ids, pathPool).map((req) => ({
            op,
            req: { ...req, ...(live && op.key === 'POST /api/v1/cases/{id}/evidence' ? { url: `/api/v1/cases/${investigating}/evidence` } : {}), headers: { ...req.headers, 'content-type': body.contentType }, payload: body.payload },
            multipart: true,
          })),
        ),
      },
    );
    const callers = [...ROLE_USERS, null] as const;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...callers), requestArb, async (role, { op, req, multipart }) => {
        n++;
        const isPublic = (PUBLIC_ROUTES as readonly string[]).includes(op.key);
        const who = role && t.tokens[role] ? { authorization: `Bearer ${t.tokens[role]}` } : {};
        const what = `${role ?? 'anonymous'} ${req.method} ${req.url.slice(0, 200)} ${req.headers['content-type'] ?? ''}`;
        const sample = n % DIGEST_EVERY === 0;
        const before = sample ? await digestDatabase(t.deps.db) : null;
        const res = await app.inject({ method: req.method, url: req.url, headers: { ...req.headers, ...who }, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
        stats.requests++;
        if (multipart) stats.multipart++;
        stats.byStatus[res.statusCode] = (stats.byStatus[res.statusCode] ?? 0) + 1;
        expect(res.statusCode, `5xx for ${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
        expectNoLeak(res, what);
        // anonymous on a non-public route: refused (401), unless the URL reached no route at all
        if (!role && !isPublic) expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
        if (res.statusCode >= 400) {
          const code = expectCodedError(res, what);
          if (!role && !isPublic) expect(['UNAUTHENTICATED', 'ROUTE_NOT_FOUND', 'BAD_REQUEST'], what).toContain(code);
          if (before) {
            const allowed = allowedWritesOn4xx(op, res);
            expect(changedTables(before, await digestDatabase(t.deps.db)).filter((x) => !allowed.includes(x)), `${what} refused but changed data`).toEqual([]);
          }
        } else if ((op.key === 'POST /api/v1/auth/logout' || op.key === 'POST /api/v1/auth/logout-everywhere') && role) {
          // signing out ends the session: a fresh one for the rest of the run
          await t.deps.db.kysely.deleteFrom('login_locks').execute();
          await t.deps.db.kysely.deleteFrom('login_failures').execute();
          t.tokens[role] = await t.signIn(role);
        }
        if (n % 200 === 0) await refreshVersions();
      }),
      { numRuns: TOTAL[engine], endOnFailure: true },
    );
    stats.ms = Date.now() - started;
    expect(stats.requests).toBe(TOTAL[engine]);
    // No upload temporary left, and every blob in the store has its stored_files row.
    const staging = path.join(dir, '.staging');
    expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([]);
    const recorded = new Set((await t.deps.db.kysely.selectFrom('stored_files').select('sha256').execute()).map((r) => r.sha256));
    const blobs = fs.readdirSync(dir).filter((d) => /^[0-9a-f]{2}$/.test(d)).flatMap((d) => fs.readdirSync(path.join(dir, d)).map((f) => d + f));
    expect(blobs.filter((b) => !recorded.has(b))).toEqual([]);
  }, 900_000);
});
