// Mutation fuzzing from valid exemplars: a body that the route accepts (read back from the
// resource itself, or a known-good template) with ONE leaf replaced by a hostile string. Random
// bodies rarely pass validation of rich schemas, so this is what reaches the renderers and the
// database with odd text: document editing (DOCX/PDF rendering), register edits, case intake.
// Never a 5xx — neither on the write nor on reading back or downloading what was written — and
// a refusal changes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { NASTY_STRINGS } from './arbitraries';
import { expectCodedError, expectNoLeak } from './checks';
import { changedTables, digestDatabase } from './db-digest';
import { seedApiWorld, type SeededWorld } from './seed';

const RUNS = { sqlite: Number(process.env.WENZE_FUZZ_RUNS ?? 0) || 20, postgres: Number(process.env.WENZE_FUZZ_RUNS ?? 0) || 6 } as const;

const HOSTILE_TEXT = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom('\u0001\u0002\u0007\u001b[31m', '\u202e反转文字', '👨‍👩‍👧‍👦🧨', '<w:t>x</w:t>&amp;]]>', '\ufffe\uffff', '\u200b\u200d\u2028\u2029', '𠮷'.repeat(2000), '字'.repeat(7999), 'x'.repeat(8001), '\\', '%s%n%x') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Paths of the string leaves of a JSON value. */
function stringLeaves(v: Json, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringLeaves(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...path, k]));
  return [];
}

function withLeaf(v: Json, path: (string | number)[], value: string): Json {
  const copy = structuredClone(v);
  let cur = copy as Record<string | number, Json>;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string | number, Json>;
  cur[path[path.length - 1]!] = value;
  return copy;
}

type World = SeededWorld & { draftDocId: string };

interface Target {
  name: string;
  /** the request with a valid body, fetched fresh (live versions) */
  exemplar(t: TestApp, s: World): Promise<{ method: 'POST' | 'PUT' | 'PATCH'; url: string; body: Json; user: string }>;
  /** reads that must still work after an accepted write */
  readBack(t: TestApp, s: World, res: Json): string[] | Promise<string[]>;
}

const pick = (o: Record<string, Json>, keys: string[]): Json => Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]!]));

const TARGETS: Target[] = [
  {
    name: 'PUT /api/v1/documents/{docId} (edit a draft, then render DOCX and PDF)',
    async exemplar(t, s) {
      const id = s.draftDocId;
      const d = (await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${id}` })).json() as { currentVersion: number; versions: { content: Json }[] };
      return { method: 'PUT', url: `/api/v1/documents/${id}`, body: { expectedVersion: d.currentVersion, content: d.versions[d.versions.length - 1]!.content }, user: 'clerk' };
    },
    readBack: (_t, s, res) => {
      const v = (res as { currentVersion: number }).currentVersion;
      return [`/api/v1/documents/${s.draftDocId}`, `/api/v1/documents/${s.draftDocId}/versions/${v}.docx`, `/api/v1/documents/${s.draftDocId}/versions/${v}.pdf`, `/api/v1/cases/${s.cases.notified.caseId}/documents`];
    },
  },
  ...(['units', 'people', 'certificates'] as const).map(
    (area): Target => ({
      name: `PATCH /api/v1/${area}/{id} (edit a register record, then list and export)`,
      async exemplar(t, s) {
        const id = s.byArea[area]![1]!;
        const g = (await t.as('clerk', { method: 'GET', url: `/api/v1/${area}/${id}` })).json() as Record<string, Json>;
        const keys = { units: ['name', 'shortCode', 'kind', 'sortOrder', 'version'], people: ['name', 'unitId', 'post', 'employeeNo', 'phone', 'email', 'version'], certificates: ['number', 'issuingAuthority', 'validFrom', 'validTo', 'version'] }[area];
        return { method: 'PATCH', url: `/api/v1/${area}/${id}`, body: pick(g, keys), user: 'clerk' };
      },
      readBack: (_t, s) => [`/api/v1/${area}/${s.byArea[area]![1]!}`, `/api/v1/${area}`, '/api/v1/excel/people/export', '/api/v1/excel/original-cases/export'],
    }),
  ),
  {
    name: 'POST /api/v1/cases (intake, then the case, the list, search and the queue)',
    async exemplar(_t, s) {
      return {
        method: 'POST',
        url: '/api/v1/cases',
        body: {
          source: 'report',
          channel: 'visit',
          receivedOn: '2025-09-01',
          summary: '反映某执法支队罚款明显不当。',
          reporter: { anonymous: false, name: '周某', phone: '13700000000', address: '巴南区某街道', email: 'zhou@example.cn', organisation: '某公司', idNumber: '500113199001011234' },
          originalCaseId: s.w.fx.originalCase.id,
          subjectPersonIds: [s.w.fx.handler.id],
        },
        user: 'clerk',
      };
    },
    readBack: async (t, _s, res) => {
      const id = (res as { case: { id: string } }).case.id;
      // 身份保管 (issue 9 §4): the clerk reads the (sealed, hostile) identity back through the
      // emergency path, the one grant that needs no second account
      const grant = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${id}/reporter/identity-requests`, payload: { reason: '变异测试读回举报人信息', emergency: true } });
      expect(grant.statusCode, grant.body).toBe(200);
      return [`/api/v1/cases/${id}`, `/api/v1/cases/${id}/timeline`, `/api/v1/cases/${id}/reporter`, '/api/v1/cases?q=%E7%BD%9A%E6%AC%BE', '/api/v1/queue', '/api/v1/stats'];
    },
  },
];

describe.each(engines)('mutation fuzzing from valid exemplars (%s)', (engine) => {
  let t: TestApp;
  let s: World;
  const stats = { writes: 0, accepted: 0, reads: 0 };
  beforeAll(async () => {
    t = await createTestApp(engine);
    const seeded = await seedApiWorld(t);
    // a fresh draft (the seeded ones may be issued, which freezes them)
    const r = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${seeded.cases.notified.caseId}/documents`, payload: { kind: 'investigation_report' } });
    expect(r.statusCode).toBe(201);
    s = { ...seeded, draftDocId: r.json().id as string };
  });
  afterAll(async () => {
    console.info(`[mutation ${engine}] ${stats.writes} writes (${stats.accepted} accepted), ${stats.reads} reads back`);
    await t?.close();
  });

  for (const target of TARGETS) {
    it(target.name, async () => {
      const first = await target.exemplar(t, s);
      // the exemplar itself is accepted, or the mutations would prove nothing
      const base = await t.as(first.user, { method: first.method, url: first.url, payload: first.body as object });
      expect(base.statusCode, `exemplar refused: ${base.body.slice(0, 300)}`).toBeLessThan(300);
      const leaves = stringLeaves(first.body);
      expect(leaves.length).toBeGreaterThan(2);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...leaves), HOSTILE_TEXT, async (leaf, value) => {
          const ex = await target.exemplar(t, s);
          const body = withLeaf(ex.body, leaf, value);
          const what = `${ex.method} ${ex.url} with ${leaf.join('.')} = ${JSON.stringify(value.slice(0, 40))}`;
          const before = await digestDatabase(t.deps.db);
          const res = await t.as(ex.user, { method: ex.method, url: ex.url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
          stats.writes++;
          expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
          expectNoLeak(res, what);
          if (res.statusCode >= 400) {
            expectCodedError(res, what);
            expect(changedTables(before, await digestDatabase(t.deps.db)), `${what} refused but changed stored data`).toEqual([]);
            return;
          }
          stats.accepted++;
          for (const url of await target.readBack(t, s, res.json() as Json)) {
            const r = await t.as(ex.user, { method: 'GET', url });
            stats.reads++;
            expect(r.statusCode, `after ${what}: GET ${url} answered ${r.statusCode} ${r.body.slice(0, 200)}`).toBeLessThan(400);
          }
        }),
        { numRuns: RUNS[engine], endOnFailure: true },
      );
      // a document render takes a while; a longer hunt (WENZE_FUZZ_RUNS) gets the time it needs
    }, 30_000 + RUNS[engine] * 1_500);
  }
});
