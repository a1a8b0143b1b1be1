// Organisations (issue 11 point 3): isolation, proven over every route of /openapi.json. Users of
// organisation A (every role, administrators included) try every route with a path id against
// the ids of organisation B (the seeded Banan commission: cases, evidence, documents, people,
// units, certificates, original cases, users, meetings, decision body, relationships, sessions,
// the WC-11 appeal file referred to the outside body and its hand-off letter):
// each answers exactly like a missing id (after the id itself is masked), nothing of B changes,
// and no list, report, export or search of A names anything of B or any reporter.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../app';
import { engines } from '../db';
import { versionOf } from '../factories/cases';
import { makePerson } from '../factories/registers';
import { setupDistrict, type District } from '../factories/orgs';
import { toJsonText, valueFor } from './arbitraries';
import { expectNoLeak, spreadsheetText } from './checks';
import { changedTables, digestDatabase } from './db-digest';
import { fillPath, readApiDoc, resolve, type ApiDoc, type Operation, type Param } from './openapi';
import { isPublicRoute } from './public-routes';
import { seedApiWorld, type SeededWorld } from './seed';

const API: ApiDoc = await readApiDoc();

const MISSING = '01ZZZZZZZZZZZZZZZZZZZZZZZZ';
/** Deployment-wide data, the same for every organisation by design: the working-day calendar and the rule packs. */
const SHARED = ['/api/v1/calendar/', '/api/v1/rules/packs/'];
/** path parameters that name no record (a spreadsheet kind, a file name) */
const NOT_IDS = new Set(['kind', 'file', 'year', 'packId', 'receiptCode']);
/** the attackers: one account per role in organisation A (a_supervisor: registered with the same outside body B referred its appeal to, WC-11) */
const ATTACKERS = ['a_clerk', 'a_leader', 'a_decider', 'a_investigator', 'a_subject', 'a_admin', 'a_secadmin', 'a_auditor', 'a_supervisor'] as const;
const FACTORY_SECRETS = ['张举报', '13800000000', '巴南区鱼洞街道某小区'];

const isSwept = (op: Operation): boolean =>
  !isPublicRoute(op.key) && !SHARED.some((p) => op.path.startsWith(p)) && op.params.some((p) => p.in === 'path' && !NOT_IDS.has(p.name));

function queryFor(params: Param[]): string {
  const qs = new URLSearchParams();
  for (const p of params.filter((x) => x.in === 'query' && x.required)) {
    const s = resolve(API, p.schema);
    // the seeded year (2025) for a year, and for a range of years (from/to: the repeat subjects)
    qs.set(p.name, String(s.enum?.[0] ?? (['year', 'from', 'to'].includes(p.name) ? 2025 : p.name === 'month' ? 9 : /start|date|on$/i.test(p.name) ? '2025-09-01' : s.type === 'integer' || s.type === 'number' ? (s.minimum ?? 1) : 'x')));
  }
  const q = qs.toString();
  return q ? `?${q}` : '';
}

async function readableText(res: LightMyRequestResponse): Promise<string> {
  const ct = String(res.headers['content-type'] ?? '');
  if (ct.includes('spreadsheetml') && res.statusCode === 200) return spreadsheetText(res.rawPayload);
  return res.body;
}

const mask = (body: string, id: string): string => (id ? body.split(id).join('<id>').split(encodeURIComponent(id)).join('<id>') : body);

describe.each(engines)('Organisations: users of organisation A find nothing of organisation B on any route — same as missing (%s)', (engine) => {
  let t: TestApp;
  let s: SeededWorld;
  let d: District;
  /** B's ids per path parameter name (and per area for `id`) */
  const pools: Record<string, string[]> = {};
  /** every id and number of B that must never appear in an answer to A */
  let markers: string[] = [];
  let victimSessions = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    s = await seedApiWorld(t);
    d = await setupDistrict(t.deps);
    const k = t.deps.db.kysely;
    // B's impartiality records and a decision body, so that those routes have real ids to try
    await t.as('clerk', { method: 'POST', url: '/api/v1/relationships', payload: { personId: s.w.fx.handler.id, relatedPersonId: s.w.investigatorPerson.id, kind: 'other_interest', note: '同学' } });
    const aCtx = { ...t.deps, actor: { userId: 'system', username: 'system', displayName: '系统', roles: ['sysadmin' as const], personId: null, orgId: d.otherId, orgScope: [d.otherId] } };
    const aPerson = await makePerson(aCtx, { name: '交通委执法人员' });
    await t.addUser('a_clerk', ['clerk'], null, d.otherId);
    await t.addUser('a_leader', ['leader'], null, d.otherId);
    await t.addUser('a_decider', ['decider'], null, d.otherId);
    await t.addUser('a_investigator', ['investigator'], null, d.otherId);
    await t.addUser('a_subject', ['subject'], aPerson.id, d.otherId);
    await t.addUser('a_admin', ['sysadmin'], null, d.otherId);
    await t.addUser('a_secadmin', ['secadmin'], null, d.otherId);
    await t.addUser('a_auditor', ['auditor'], null, d.otherId);
    // WC-11: B refers an appeal to the enforcement-supervision body with its issued hand-off letter;
    // A's supervisor account is registered with that same body
    const bCase = s.cases.notified.caseId;
    const bAct = async (user: string, action: string, body: Record<string, unknown>) =>
      t.as(user, { method: 'POST', url: `/api/v1/cases/${bCase}/actions/${action}`, payload: { expectedVersion: await versionOf(s.w, bCase), ...body } });
    const appeal = await bAct('subject', 'file_defence', { subjectPersonId: s.w.fx.handler.id, kind: 'appeal', appealBody: 'supervision', filedOn: '2025-09-01', statement: '处理过重，请求撤销。' });
    expect(appeal.statusCode, appeal.body).toBe(200);
    const letterId = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${bCase}/documents`, payload: { kind: 'appeal_referral_letter', subjectId: s.w.fx.handler.id } })).json().id as string;
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${letterId}/issue`, payload: { expectedVersion: 1 } })).statusCode).toBe(200);
    expect((await bAct('clerk', 'refer_appeal', { appealId: appeal.json().created.id, sentOn: '2025-09-01', letterDocumentId: letterId })).statusCode).toBe(200);
    const aSupervisor = await t.addUser('a_supervisor', ['supervisor'], null, d.otherId);
    expect((await t.as('a_admin', { method: 'PUT', url: `/api/v1/supervision/members/${aSupervisor}`, payload: { body: 'supervision' } })).statusCode).toBe(200);

    const ids = async (table: 'meetings' | 'decision_body_members' | 'declared_relationships' | 'appeal_referrals' | 'case_recusals', max = 2): Promise<string[]> =>
      (await k.selectFrom(table).select('id').limit(max).execute()).map((r) => r.id);
    const bUsers = (await k.selectFrom('users').select('id').where('org_id', '=', d.bananId).execute()).map((r) => r.id);
    const two = (xs: string[]): string[] => xs.slice(0, 2);
    // B's records of the areas merged beside the organisations work (campaigns and their reviews,
    // alerts, identity requests, notifications): written directly, owned by B
    const at = '2025-09-01T00:00:00.000Z';
    const oc = await k.selectFrom('original_cases').select(['id', 'unit_id']).where('org_id', '=', d.bananId).executeTakeFirstOrThrow();
    const campaignId = '01JCAMPAIGNB0000000000000A';
    const fileId = '01JCAMPAIGNFILEB00000000AA';
    const reviewId = '01JCAMPAIGNREVIEWB000000AA';
    const alertId = '01JALERTB00000000000000AAA';
    const requestId = '01JIDREQUESTB0000000000AAA';
    await k
      .insertInto('supervision_campaigns')
      .values({ id: campaignId, org_id: d.bananId, name: '巴南评查活动', kind: 'routine', scope: JSON.stringify({ unitIds: [], includeSubunits: true, periodFrom: '2025-01-01', periodTo: '2025-12-31', kinds: [], sample: { count: 1 } }), reviewer_pool: JSON.stringify([bUsers[0]]), reviewers_per_file: 1, checklist: JSON.stringify({ name: 'x', items: [] }), status: 'drawn', seed: null, draw: null, drawn_at: at, drawn_by: null, closed_at: null, closed_by: null, version: 1, created_by: null, created_at: at, updated_at: at })
      .execute();
    await k.insertInto('campaign_files').values({ id: fileId, campaign_id: campaignId, org_id: d.bananId, original_case_id: oc.id, unit_id: oc.unit_id, ordinal: 1 }).execute();
    await k
      .insertInto('campaign_reviews')
      .values({ id: reviewId, campaign_id: campaignId, org_id: d.bananId, file_id: fileId, original_case_id: oc.id, reviewer_user_id: bUsers[0]!, reviewer_person_id: null, status: 'submitted', scores: '[]', score: 50, veto: 0, grade: 'fail', judged_wrong: 1, conclusion: '错案', submitted_at: at, signal_outcome_id: null, signal_opened_by: null, signal_opened_at: null, version: 1 })
      .execute();
    await k
      .insertInto('alerts')
      .values({ id: alertId, key: `test:${alertId}`, org_id: d.bananId, rule: 'compensation', level: 'red', subject_type: 'original_case', subject_id: oc.id, person_id: null, unit_id: oc.unit_id, title_zh: '巴南预警', title_en: 'alert of B', detail: '{}', status: 'open', owner_user_id: null, raised_at: at, updated_at: at, version: 1 })
      .execute();
    await k
      .insertInto('identity_requests')
      .values({ id: requestId, case_id: s.cases.notified.caseId, requested_by: bUsers[0]!, reason: '核实举报人', requested_at: at, status: 'pending', decided_by: null, decided_at: null, decision_note: null, valid_minutes: 30, expires_at: null })
      .execute();
    const bNotes = (await k.selectFrom('notifications').select('id').where('user_id', 'in', bUsers).limit(2).execute()).map((r) => r.id);
    Object.assign(pools, {
      cases: two([s.cases.notified.caseId, s.cases.named.caseId]),
      people: two(s.byArea.people ?? []),
      units: two(s.byArea.units ?? []),
      'original-cases': two(s.byArea['original-cases'] ?? []),
      certificates: two(s.byArea.certificates ?? []),
      users: two(bUsers),
      meetings: await ids('meetings'),
      'decision-body': await ids('decision_body_members'),
      relationships: await ids('declared_relationships'),
      'supervision/referrals': await ids('appeal_referrals'),
      evidenceId: (s.known.evidenceId ?? []).slice(0, 1),
      docId: [...(s.known.docId ?? []).slice(0, 1), letterId],
      userId: two(bUsers),
      originalCaseId: two(s.byArea['original-cases'] ?? []),
      rid: await ids('case_recusals'),
      campaigns: [campaignId],
      reviews: [reviewId],
      alerts: [alertId],
      'identity-requests': [requestId],
      // issue 11: PATCH /api/v1/orgs/{id} — A's system administrator edits only A's own
      orgs: [d.bananId],
      notifications: bNotes,
      'auth/sessions': (await k.selectFrom('sessions').select('id').where('user_id', 'in', bUsers).limit(2).execute()).map((r) => r.id ?? '').filter(Boolean),
    });
    victimSessions = (await k.selectFrom('sessions').select('token_hash').where('user_id', 'in', bUsers).execute()).length;
    const numbers = (await k.selectFrom('cases').select('number').execute()).map((r) => r.number);
    const originalNumbers = (await k.selectFrom('original_cases').select('number').execute()).map((r) => r.number);
    markers = [...new Set([...s.ids.filter((x) => x.length >= 20), ...numbers, ...originalNumbers, ...bUsers, ...pools.meetings!, ...pools['decision-body']!, ...pools.relationships!, ...pools['supervision/referrals']!, letterId, campaignId, reviewId, alertId, requestId])];
  }, 240_000);
  afterAll(async () => t?.close());

  const swept = API.ops.filter(isSwept);

  it('covers every route with a record id in its path (cases, documents, registers, users, meetings, decision body, relationships, sessions)', () => {
    expect(swept.length).toBeGreaterThan(80);
    const areas = new Set(swept.map((o) => o.path.split('/')[3]));
    for (const a of ['cases', 'documents', 'people', 'units', 'original-cases', 'certificates', 'users', 'meetings', 'decision-body', 'relationships', 'auth', 'supervision', 'wc5-signals']) expect(areas, a).toContain(a);
    // WC-11: the supervision routes are tried with B's real appeal file, not only with a missing one
    expect(pools['supervision/referrals']!.length, 'B has a referred appeal file').toBeGreaterThan(0);
  });

  it('Organisations: every route with a path id answers A’s users for B’s records exactly as for a missing one, and changes nothing of B', async () => {
    const before = await digestDatabase(t.deps.db);
    const seqBefore = Number((await t.deps.db.kysely.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    let compared = 0;
    for (const op of swept) {
      const names = op.params.filter((p) => p.in === 'path').map((p) => p.name);
      const area = op.path.startsWith('/api/v1/supervision/referrals') ? 'supervision/referrals' : op.path.startsWith('/api/v1/auth/sessions') ? 'auth/sessions' : (op.path.split('/')[3] ?? '');
      // one combination per id of the route's main record; other path ids from their own pools
      const main = names.find((n) => !NOT_IDS.has(n))!;
      const mainPool = (main === 'id' ? pools[area] : pools[main]) ?? [];
      const bodies: (string | undefined)[] = op.body ? fc.sample(valueFor(API, op.body, 'body', markers.slice(0, 20), 0, false), { numRuns: 1, seed: 11 }).map(toJsonText) : [undefined];
      for (const victim of mainPool.length ? mainPool : []) {
        const theirs: Record<string, string> = { file: '1.pdf', kind: 'people' };
        const missing: Record<string, string> = { file: '1.pdf', kind: 'people' };
        for (const n of names) {
          if (n === main) {
            theirs[n] = victim;
            missing[n] = MISSING;
          } else if (!NOT_IDS.has(n)) {
            theirs[n] = pools[n]?.[0] ?? MISSING;
            missing[n] = MISSING;
          }
        }
        for (const who of ATTACKERS) {
          for (const payload of bodies) {
            const opts = payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } };
            const ra = await t.as(who, { method: op.method, url: fillPath(op.path, theirs) + queryFor(op.params), ...opts });
            const rb = await t.as(who, { method: op.method, url: fillPath(op.path, missing) + queryFor(op.params), ...opts });
            const what = `${who} ${op.key} with B’s ${main}`;
            expect(ra.statusCode, `${what} answered ${ra.statusCode}: ${ra.body.slice(0, 200)}`).toBeLessThan(500);
            expectNoLeak(ra, what);
            let masked = mask(ra.body, victim);
            for (const n of names) if (n !== main && theirs[n] && theirs[n] !== MISSING) masked = mask(masked, theirs[n]!);
            expect([ra.statusCode, masked], `${what}: distinguishable from a missing one`).toEqual([rb.statusCode, mask(rb.body, MISSING)]);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
    const after = await digestDatabase(t.deps.db);
    // Session bookkeeping (last-seen) and audit records of A's own refused reads are the only writes.
    expect(changedTables(before, after).filter((x) => !['sessions', 'audit_log', 'audit_head'].includes(x))).toEqual([]);
    const newAudit = await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'entity_id']).where('seq', '>', seqBefore).execute();
    expect(newAudit.filter((r) => markers.includes(r.entity_id)), 'an audit record of A names a record of B').toEqual([]);
    const bUsers = (await t.deps.db.kysely.selectFrom('users').select('id').where('org_id', '=', d.bananId).execute()).map((r) => r.id);
    expect((await t.deps.db.kysely.selectFrom('sessions').select('token_hash').where('user_id', 'in', bUsers).execute()).length, 'B’s sessions survive').toBe(victimSessions);
  }, 900_000);

  it('Organisations: no list, queue, report, statistics, export or search of A names anything of B or any reporter', async () => {
    const gets = API.ops.filter((o) => o.method === 'GET' && !o.params.some((p) => p.in === 'path' && !NOT_IDS.has(p.name)) && !isPublicRoute(o.key) && o.path !== '/openapi.json');
    expect(gets.length).toBeGreaterThan(25);
    const someNumber = (await t.deps.db.kysely.selectFrom('cases').select('number').executeTakeFirstOrThrow()).number;
    for (const op of gets) {
      const base = fillPath(op.path, { kind: 'people' }) + queryFor(op.params);
      const urls = [base, `${base}${base.includes('?') ? '&' : '?'}q=${encodeURIComponent(someNumber)}`];
      if (op.path.includes('{kind}')) urls.push(fillPath(op.path, { kind: 'original-cases' }) + queryFor(op.params));
      for (const who of ATTACKERS) {
        for (const url of urls) {
          const res = await t.as(who, { method: 'GET', url });
          expect(res.statusCode, `${who} GET ${url}`).toBeLessThan(500);
          const text = await readableText(res);
          for (const m of [...markers, ...FACTORY_SECRETS]) expect(text.includes(m), `${who} GET ${url} names ${m} of organisation B`).toBe(false);
        }
      }
    }
  }, 600_000);

  it('Organisations: users of A cannot switch into B, sign in into B, or be given roles in B by A’s security administrator — same as a missing organisation', async () => {
    const before = await digestDatabase(t.deps.db);
    for (const who of ATTACKERS) {
      const ra = await t.as(who, { method: 'POST', url: '/api/v1/auth/org', payload: { orgId: d.bananId } });
      const rb = await t.as(who, { method: 'POST', url: '/api/v1/auth/org', payload: { orgId: MISSING } });
      expect(ra.statusCode, `${who} switching into B: ${ra.body.slice(0, 200)}`).toBe(400);
      expect(ra.body).toBe(rb.body);
    }
    const aClerk = (await t.deps.db.kysely.selectFrom('users').select('id').where('username', '=', 'a_clerk').executeTakeFirstOrThrow()).id;
    const ga = await t.as('a_secadmin', { method: 'PUT', url: `/api/v1/users/${aClerk}/roles`, payload: { roles: ['clerk'], orgId: d.bananId } });
    const gb = await t.as('a_secadmin', { method: 'PUT', url: `/api/v1/users/${aClerk}/roles`, payload: { roles: ['clerk'], orgId: MISSING } });
    expect([ga.statusCode, ga.body]).toEqual([gb.statusCode, gb.body]);
    expect(ga.statusCode).toBe(400);
    const li = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a_leader', password: TEST_PASSWORD, orgId: d.bananId } });
    expect(li.statusCode).toBe(400);
    expect(changedTables(before, await digestDatabase(t.deps.db)).filter((x) => !['sessions', 'audit_log', 'audit_head', 'rate_limit_hits'].includes(x))).toEqual([]);
    expect(await t.deps.db.kysely.selectFrom('user_org_roles').select('org_id').where('user_id', '=', aClerk).execute()).toEqual([{ org_id: d.otherId }]);
  });

  it('Organisations: a clerk of A cannot put B’s people, units or original cases into A’s records (a reference to them fails like a missing one)', async () => {
    const person = s.byArea.people![0]!;
    const unit = s.byArea.units![0]!;
    const original = s.byArea['original-cases']![0]!;
    const tries: [string, string, (id: string) => unknown][] = [
      ['POST', '/api/v1/cases', (id) => ({ source: 'report', channel: 'letter', receivedOn: '2025-09-01', summary: '举报某执法人员滥用职权。', reporter: { anonymous: true }, subjectPersonIds: [id] })],
      ['POST', '/api/v1/cases', (id) => ({ source: 'report', channel: 'letter', receivedOn: '2025-09-01', summary: '举报某执法人员滥用职权。', reporter: { anonymous: true }, originalCaseId: id })],
      ['POST', '/api/v1/people', (id) => ({ name: '新人员', unitId: id })],
      ['POST', '/api/v1/units', (id) => ({ name: '新科室', shortCode: 'NEWX1', kind: 'section', parentId: id })],
      ['POST', '/api/v1/certificates', (id) => ({ number: '渝执2025999999', personId: id, issuingAuthority: '重庆市人民政府', validFrom: '2024-01-01', validTo: '2029-01-01' })],
    ];
    const idFor = (url: string, i: number): string => (url.endsWith('/people') ? unit : url.endsWith('/units') ? unit : url.endsWith('/certificates') ? person : i === 0 ? person : original);
    const before = await digestDatabase(t.deps.db);
    for (const [i, [method, url, body]] of tries.entries()) {
      const who = url === '/api/v1/cases' ? 'a_clerk' : 'a_admin';
      const victim = idFor(url, i);
      const ra = await t.as(who, { method: method as 'POST', url, payload: body(victim) as object });
      const rb = await t.as(who, { method: method as 'POST', url, payload: body(MISSING) as object });
      expect(ra.statusCode, `${who} ${url} with B’s ${victim}: ${ra.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect([ra.statusCode, mask(ra.body, victim)]).toEqual([rb.statusCode, mask(rb.body, MISSING)]);
    }
    expect(changedTables(before, await digestDatabase(t.deps.db)).filter((x) => x !== 'sessions')).toEqual([]);
  }, 120_000);
});
