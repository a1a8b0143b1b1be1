// Supervisors (issue 11 point 4) are read-only over their subtree, proven over every route of
// /openapi.json that writes: a district supervisor (role oversight) sends every POST, PUT, PATCH
// and DELETE route — with the ids of the commission below (cases, documents, registers, users,
// meetings), schema-shaped bodies, and the case's live version where a step asks for it — and is
// refused every time (4xx in the coded shape, never a 5xx); afterwards nothing of the database
// has changed but the supervisor's own session bookkeeping and the audit records of the refusals.
// Routes about one's own account (sign-out, password, second factor, own notifications) are the
// supervisor's to use and are left out; the rules engine's computations may answer, storing nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { setupDistrict } from '../factories/orgs';
import { toJsonText, valueFor } from './arbitraries';
import { expectCodedError } from './checks';
import { changedTables, digestDatabase } from './db-digest';
import { fillPath, readApiDoc, type ApiDoc, type Operation } from './openapi';
import { isPublicRoute } from './public-routes';
import { seedApiWorld, type SeededWorld } from './seed';

const API: ApiDoc = await readApiDoc();
const MISSING = '01ZZZZZZZZZZZZZZZZZZZZZZZZ';
/** one's own account and one's own notifications: the supervisor's to use */
const OWN_ACCOUNT = /^(POST|DELETE) \/api\/v1\/auth\/|^(POST|PUT) \/api\/v1\/notifications\/(\{id\}\/read|read-all|preferences)$/;
/** what a refused write may still leave behind: the caller's session use, the audit of the refusal, rate-limit counters */
const BOOKKEEPING = ['sessions', 'audit_log', 'audit_head', 'rate_limit_hits'];
/** computations that store nothing (the rules engine on a body): answered, and still nothing changes */
const PURE = new Set(['POST /api/v1/rules/evaluate', 'POST /api/v1/rules/departures']);

/** Every date-shaped string of a body made a real date, so the body's shape passes and the policy answers. */
function withRealDates(v: unknown): unknown {
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}/.test(v) ? '2025-09-01' : v;
  if (Array.isArray(v)) return v.map(withRealDates);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withRealDates(x)]));
  return v;
}

/**
 * Bodies an administrator or clerk would send, for the sensitive routes whose schema a generated
 * body rarely passes: with them the supervisor's request reaches the policy (403), not the shape check.
 */
const VALID: Record<string, (s: SeededWorld, districtId: string) => unknown> = {
  'POST /api/v1/users': () => ({ username: 'sweep_user', displayName: '新账号', password: 'Sweep-Passw0rd-2025!' }),
  'PUT /api/v1/notifications/settings': () => ({ escalateToSupervisorAfterWorkingDays: 5, internalTargetDays: { accept: 2 } }),
  'POST /api/v1/orgs': (_s, districtId) => ({ parentId: districtId, kind: 'department', name: '重庆市巴南区新设部门', shortName: '新设部门', casePrefix: '巴新问' }),
  'PATCH /api/v1/orgs/{id}': () => ({ version: 1, name: '重庆市巴南区住房和城乡建设委员会（改）' }),
  // a person's name holds only a name's characters (FL-5(1), one officer one record): generated names rarely pass
  'POST /api/v1/people': (s) => ({ name: '督查新人', unitId: s.byArea.units![0], post: '科员' }),
  'POST /api/v1/original-cases': (s) => ({
    number: '巴住建罚〔2025〕999号',
    kind: 'penalty',
    title: '某公司违法建设案',
    unitId: s.byArea.units![0],
    decisionDate: '2025-08-01',
    counterpart: { name: '某建设公司', type: 'organisation' },
    handlers: [{ personId: s.byArea.people![0] }],
  }),
};
/**
 * Routes the sweep reaches only with bodies refused for their shape (400): the rules engine's
 * computations, uploads (multipart) and bodies with cross-field rules. Reviewed: each is refused
 * by its service's authorize() too (src/policies/roles.ts has no write permission for oversight);
 * a new route that the sweep cannot bring to its policy joins this list only after the same review.
 */
const SHAPE_ONLY = [
  'POST /api/v1/cases/{id}/actions/decide_appeal',
  'POST /api/v1/cases/{id}/evidence',
  'POST /api/v1/rules/departures',
  'POST /api/v1/rules/evaluate',
  'PUT /api/v1/documents/{docId}',
  'POST /api/v1/documents/{docId}/preview',
  'POST /api/v1/excel/{kind}/import',
  'PUT /api/v1/original-cases/{id}',
  'POST /api/v1/original-cases/{id}/outcomes',
  'PUT /api/v1/campaigns/checklist',
  'POST /api/v1/campaigns',
  'POST /api/v1/campaigns/{id}/draw',
  'POST /api/v1/reviews/{id}/submit',
];

const writes = API.ops.filter((o: Operation) => o.method !== 'GET' && !isPublicRoute(o.key) && !OWN_ACCOUNT.test(o.key));

describe.each(engines)('Supervisors: read-only over the subtree on every route that writes (%s)', (engine) => {
  let t: TestApp;
  let s: SeededWorld;
  let districtId = '';
  beforeAll(async () => {
    t = await createTestApp(engine);
    s = await seedApiWorld(t);
    const d = await setupDistrict(t.deps);
    districtId = d.districtId;
    await t.addUser('overseer', ['oversight'], null, d.districtId);
  }, 240_000);
  afterAll(async () => t?.close());

  it('the sweep covers every kind of write: case steps, documents, registers, meetings, accounts, settings', () => {
    expect(writes.length).toBeGreaterThan(90);
    const areas = new Set(writes.map((o) => o.path.split('/')[3]));
    for (const a of ['cases', 'documents', 'people', 'units', 'original-cases', 'certificates', 'users', 'meetings', 'decision-body', 'orgs', 'campaigns', 'alerts', 'excel']) expect(areas, a).toContain(a);
    expect(writes.some((o) => o.key === 'POST /api/v1/auth/password'), 'own-account routes are left out').toBe(false);
  });

  it('Supervisors: every POST/PUT/PATCH/DELETE as a district supervisor on the commission below is refused (4xx, coded) and changes nothing', async () => {
    const before = await digestDatabase(t.deps.db);
    const caseId = s.cases.notified.caseId;
    const statuses: Record<number, number> = {};
    const policyAnswered = new Set<string>();
    let sent = 0;
    for (const op of writes) {
      const area = op.path.split('/')[3] ?? '';
      const values: Record<string, string> = {};
      for (const p of op.params.filter((x) => x.in === 'path')) {
        values[p.name] = p.name === 'id' ? ((area === 'cases' ? caseId : s.byArea[area]?.[0]) ?? MISSING) : (s.known[p.name]?.[0] ?? MISSING);
      }
      const url = fillPath(op.path, values);
      const sampled: unknown[] = op.body ? fc.sample(valueFor(API, op.body, 'body', s.ids.slice(0, 20), 0, false), { numRuns: 4, seed: 7 }).map(withRealDates) : [undefined];
      const bodies = VALID[op.key] ? [VALID[op.key]!(s, districtId), ...sampled] : sampled;
      for (const body of bodies) {
        // a step names the version it was read at: the live one, so only the policy can refuse it
        if (body && typeof body === 'object' && 'expectedVersion' in body && area === 'cases') {
          (body as Record<string, unknown>).expectedVersion = (await t.as('overseer', { method: 'GET', url: `/api/v1/cases/${caseId}` })).json().version;
        }
        const r = await t.as('overseer', { method: op.method, url, ...(body === undefined ? {} : { payload: toJsonText(body), headers: { 'content-type': 'application/json' } }) });
        expect(r.statusCode, `${op.key}: ${r.body.slice(0, 300)}`).toBeLessThan(500);
        if (PURE.has(op.key)) continue;
        expect(r.statusCode, `${op.key}: ${r.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expectCodedError(r, op.key);
        statuses[r.statusCode] = (statuses[r.statusCode] ?? 0) + 1;
        if (r.statusCode !== 400) policyAnswered.add(op.key);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(300);
    // every other route was refused by the policy (403 forbidden, 404 hidden) at least once, not only for the body's shape
    expect(writes.filter((o) => !policyAnswered.has(o.key)).map((o) => o.key), JSON.stringify(statuses)).toEqual(SHAPE_ONLY);
    expect(changedTables(before, await digestDatabase(t.deps.db)).filter((x) => !BOOKKEEPING.includes(x))).toEqual([]);
  }, 300_000);
});
