// Security by default, across every route of the OpenAPI document (Definition of done #6):
//  - a subject reaches only their own cases: another person's case answers exactly like a
//    missing id (404 NOT_FOUND), on every case route;
//  - a reporter's identity never reaches anyone but the clerks (FL-7(7) makes retaliating
//    against a reporter a fault, FL-10(3) an aggravating circumstance): every GET route, every
//    role, every real id — and for the clerks only through the one audited route;
//  - sessions: logout, expiry and disabling end them; the cookie is httpOnly + SameSite=Strict;
//  - an internal failure answers INTERNAL with no stack trace and no SQL.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { driveCaseTo } from '../../src/services/cases';
import { DOCUMENT_KINDS, KIND_DEFS } from '../../src/services/documents/kinds';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../app';
import { engines } from '../db';
import { makeCase, setupCaseWorld, versionOf } from '../factories/cases';
import { docxText, hasPdftotext, pdfText } from '../factories/documents';
import { makePerson } from '../factories/registers';
import { toJsonText, valueFor } from './arbitraries';
import { expectCodedError, expectNoLeak, spreadsheetText } from './checks';
import { dumpDatabase } from './db-digest';
import { fillPath, readApiDoc, resolve, type ApiDoc, type Operation, type Param } from './openapi';
import { isPublicRoute } from './public-routes';
import { addEvidence, draftAllDocuments, makeCaseWithEvidence, seedApiWorld, type SeededWorld } from './seed';
import { sendJsonReport } from '../factories/reporter';
import { readableText as openStoredText } from '../../src/services/cases/report-text';

const API: ApiDoc = await readApiDoc();

const GETS = API.ops.filter((o) => o.method === 'GET' && o.path !== '/openapi.json');

/** A named reporter with every identifying field, an anonymous one who left a phone, and an online report. */
const NAMED = { anonymous: false, name: '钱保密', phone: '13698765432', idNumber: '500113198801011234', address: '巴南区龙洲湾街道保密路8号', email: 'qian.baomi@example.cn', organisation: '重庆保密科技有限公司' };
const ANON = { anonymous: true, phone: '13511112222' };
const ONLINE = { anonymous: false, name: '孙网报', phone: '13933334444', idNumber: '500113199002023456', address: '巴南区李家沱网报小区3栋' };
/** what the case factory's reports carry (makeCase) */
const FACTORY = ['张举报', '13800000000', '巴南区鱼洞街道某小区'];
const SECRETS = [...Object.values(NAMED).filter((v): v is string => typeof v === 'string'), ANON.phone, ...Object.values(ONLINE).filter((v): v is string => typeof v === 'string'), ...FACTORY];

/** Required query parameters get a sensible value; optional ones are left out. */
function queryFor(doc: ApiDoc, params: Param[]): string {
  const qs = new URLSearchParams();
  for (const p of params.filter((x) => x.in === 'query' && x.required)) {
    const s = resolve(doc, p.schema);
    const v =
      s.enum?.[0] ??
      (p.name === 'year' ? 2025 : p.name === 'month' ? 9 : /start|date|on$/i.test(p.name) ? '2025-09-01' : s.type === 'integer' || s.type === 'number' ? (s.minimum ?? 1) : s.type === 'boolean' ? true : 'x');
    qs.set(p.name, String(v));
  }
  const q = qs.toString();
  return q ? `?${q}` : '';
}

/** Path values worth trying per route: the ids of the records that route is about. */
function pathValues(op: Operation, known: Record<string, string[]>): Record<string, string>[] {
  const names = op.params.filter((p) => p.in === 'path').map((p) => p.name);
  if (!names.length) return [{}];
  let combos: Record<string, string>[] = [{}];
  for (const name of names) {
    const pool = name === 'id' ? (known[op.path.split('/')[3] ?? ''] ?? known.id ?? []) : (known[name] ?? ['x']);
    combos = combos.flatMap((c) => pool.map((v) => ({ ...c, [name]: v })));
  }
  return combos;
}

/** The text a person would read in the response: JSON as is, spreadsheets cell by cell. */
async function readableText(res: LightMyRequestResponse): Promise<string> {
  const ct = String(res.headers['content-type'] ?? '');
  if (ct.includes('spreadsheetml') && res.statusCode === 200) return spreadsheetText(res.rawPayload);
  if (ct.includes('wordprocessingml') && res.statusCode === 200) return docxText(res.rawPayload);
  // (an uploaded evidence file only labelled as PDF is read as it is)
  if (ct.includes('pdf') && res.statusCode === 200 && hasPdftotext && res.rawPayload.subarray(0, 5).toString('latin1') === '%PDF-') return pdfText(res.rawPayload);
  return res.body;
}

/** Nothing an API answer carries stays in a browser or proxy cache; uploaded files are never sniffed into HTML. */
function expectPrivateHeaders(res: LightMyRequestResponse, what: string): void {
  expect(String(res.headers['cache-control'] ?? ''), `${what}: cache-control`).toMatch(/no-store/);
  expect(res.headers['x-content-type-options'], `${what}: nosniff`).toBe('nosniff');
  expect(res.headers['x-frame-options'], `${what}: framing`).toBe('DENY');
}

/** Audit actions that record a read of the reporter's identity (the identity itself, or a document addressed to the reporter). */
const IDENTITY_READS = ['case.reporter.read', 'case.document.read', 'case.document.download'];

describe.each(engines)('FL-7(7) / FL-10(3): the reporter’s identity reaches only the clerks (%s)', (engine) => {
  let t: TestApp;
  let s: SeededWorld;
  let namedCaseId = '';
  let anonCaseId = '';
  let known: Record<string, string[]> = {};
  const counts = { requests: 0 };

  beforeAll(async () => {
    t = await createTestApp(engine);
    s = await seedApiWorld(t);
    const w = s.w;
    const summary = '反映某执法支队对建筑公司罚款明显不当。';
    const intake = (reporter: object) =>
      t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: { source: 'report', channel: 'visit', receivedOn: '2025-09-01', summary, reporter, originalCaseId: w.fx.originalCase.id, subjectPersonIds: [w.fx.handler.id] } });
    const named = await intake(NAMED);
    const anon = await intake(ANON);
    expect([named.statusCode, anon.statusCode]).toEqual([201, 201]);
    namedCaseId = named.json().case.id;
    anonCaseId = anon.json().case.id;
    // Taken through investigation, decision and notification, so every view has content.
    await driveCaseTo(w.ctx, namedCaseId, 'investigating');
    await addEvidence(w, namedCaseId);
    await driveCaseTo(w.ctx, namedCaseId, 'notified');
    // WC-11: the subject's appeal sent to the outside body, whose account sweeps the routes too.
    const appeal = await t.as('subject', { method: 'POST', url: `/api/v1/cases/${namedCaseId}/actions/file_defence`, payload: { expectedVersion: await versionOf(w, namedCaseId), subjectPersonId: w.fx.handler.id, kind: 'appeal', appealBody: 'supervision', filedOn: '2025-09-01', statement: '不服处理决定，申诉。' } });
    const referral = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${namedCaseId}/actions/refer_appeal`, payload: { expectedVersion: await versionOf(w, namedCaseId), appealId: appeal.json().created.id, sentOn: '2025-09-01', letterNo: '巴住建问移〔2025〕9号' } });
    expect(referral.statusCode, referral.body).toBe(200);
    // the sweep signs in under each administrator role's own name too (三员分立: sysadmin, secadmin, auditor)
    for (const role of ['sysadmin', 'secadmin', 'auditor'] as const) if (!t.tokens[role]) await t.addUser(role, [role]);
    const supervisorId = await t.addUser('supervisor', ['supervisor']);
    expect((await t.as('admin', { method: 'PUT', url: `/api/v1/supervision/members/${supervisorId}`, payload: { body: 'supervision' } })).statusCode).toBe(200);
    await driveCaseTo(w.ctx, anonCaseId, 'registered');
    // Every kind of 公文 the case allows: the reply letter and receipt are addressed to the
    // reporter (clerks only), the others are not.
    const docIds = await draftAllDocuments(t, namedCaseId, w.fx.handler.id);
    expect(docIds.length, 'documents drafted for the sweep').toBeGreaterThan(5);
    const online = await sendJsonReport(t, { summary: '网上举报：执法人员违规收费。', reporter: ONLINE });
    expect(online.statusCode).toBe(201);
    // 身份保管 (issue 9 §4): the clerk's reads of the identity rely on requests the security
    // administrator approved (valid for the whole sweep: the test clock barely moves).
    for (const caseId of [namedCaseId, anonCaseId]) {
      const req = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/reporter/identity-requests`, payload: { reason: '核实举报人身份，回访' } });
      expect(req.statusCode, req.body).toBe(200);
      const ok = await t.as('secadmin', { method: 'POST', url: `/api/v1/identity-requests/${req.json().id}/approve`, payload: {} });
      expect(ok.statusCode, ok.body).toBe(200);
    }
    const k = t.deps.db.kysely;
    const ids = async (table: 'cases' | 'people' | 'units' | 'original_cases' | 'enforcement_certificates' | 'users' | 'case_evidence') => (await k.selectFrom(table).select('id').execute()).map((r) => r.id);
    known = {
      cases: await ids('cases'),
      people: await ids('people'),
      units: await ids('units'),
      'original-cases': await ids('original_cases'),
      certificates: await ids('enforcement_certificates'),
      users: await ids('users'),
      evidenceId: await ids('case_evidence'),
      receiptCode: [...s.known.receiptCode!, online.json().receiptCode as string],
      kind: ['people', 'original-cases'],
      year: ['2025'],
      docId: docIds,
      file: ['1.docx', '1.pdf'],
      documents: docIds,
      supervision: [referral.json().created.id as string],
    };
  }, 180_000);
  afterAll(async () => {
    console.info(`[authz ${engine}] reporter sweep: ${GETS.length} GET routes, ${counts.requests} requests`);
    await t?.close();
  });

  it('the identity is stored apart: no table holds it in clear, not even the versions of the clerks-only documents addressed to the reporter (sealed with the report\'s key, issue 9 §3)', async () => {
    const sensitiveKinds = DOCUMENT_KINDS.filter((k) => KIND_DEFS[k].reporterSensitive);
    const sensitiveDocs = (await t.deps.db.kysely.selectFrom('documents').select('id').where('kind', 'in', sensitiveKinds).execute()).map((r) => r.id);
    expect(sensitiveDocs.length, 'a reply letter or receipt was drafted').toBeGreaterThan(0);
    for (const table of await dumpDatabase(t.deps.db)) {
      const text = table.rows.join('\n');
      for (const secret of SECRETS) expect(text.includes(secret), `${secret} stored in ${table.table}`).toBe(false);
    }
  });

  const identityReads = async (): Promise<number> =>
    Number((await t.deps.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'in', IDENTITY_READS).executeTakeFirstOrThrow()).n);

  for (const role of ['subject', 'investigator', 'leader', 'decider', 'sysadmin', 'secadmin', 'auditor', 'supervisor', null] as const) {
    it(`${role ?? 'anonymous'}: no GET route returns any identifying string of any reporter`, async () => {
      for (const op of GETS) {
        if (role === null && !isPublicRoute(op.key)) continue;
        for (const values of pathValues(op, known)) {
          const url = fillPath(op.path, values) + queryFor(API, op.params);
          const res = await t.as(role, { method: 'GET', url });
          counts.requests++;
          const what = `${role ?? 'anonymous'} GET ${url}`;
          expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
          expectNoLeak(res, what);
          expectPrivateHeaders(res, what);
          const text = await readableText(res);
          for (const secret of SECRETS) expect(text.includes(secret), `${what} returned the reporter’s ${secret}`).toBe(false);
        }
      }
    });
  }

  it('访问控制 三员分立: no administrator role (sysadmin, secadmin, auditor) reads case content — no GET route returns a case number or a case summary', async () => {
    const cases = await t.deps.db.kysely.selectFrom('cases').select(['id', 'number', 'summary']).execute();
    // a report's text is sealed at rest (issue 9 §3): compare with what it says, not its ciphertext
    const opened = await Promise.all(cases.map(async (c) => [c.number, await openStoredText(t.deps.db.kysely, c.id, c.summary)]));
    const content = [...new Set(opened.flat().filter((x): x is string => typeof x === 'string' && x.length > 4))];
    expect(content.length).toBeGreaterThan(4);
    for (const role of ['admin', 'secadmin', 'auditor'] as const) {
      for (const op of GETS) {
        for (const values of pathValues(op, known)) {
          const url = fillPath(op.path, values) + queryFor(API, op.params);
          const res = await t.as(role, { method: 'GET', url });
          counts.requests++;
          const text = await readableText(res);
          for (const c of content) expect(text.includes(c), `${role} GET ${url} returned case content “${c}”`).toBe(false);
        }
      }
    }
  });

  it('clerk: wherever a GET route shows a reporter’s identity, that very read is audited', async () => {
    let shown = 0;
    for (const op of GETS) {
      for (const values of pathValues(op, known)) {
        const url = fillPath(op.path, values) + queryFor(API, op.params);
        const before = await identityReads();
        const res = await t.as('clerk', { method: 'GET', url });
        counts.requests++;
        expect(res.statusCode, `clerk GET ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
        expectPrivateHeaders(res, `clerk GET ${url}`);
        const text = await readableText(res);
        if (SECRETS.some((secret) => text.includes(secret))) {
          shown++;
          expect(await identityReads(), `clerk GET ${url} showed the identity without an audit record`).toBe(before + 1);
        }
      }
    }
    // the reporter route and the reporter-addressed documents (JSON, DOCX) at least
    expect(shown).toBeGreaterThanOrEqual(3);
  });

  it('searching by a reporter’s name, phone or id number tells a non-clerk nothing: same answer as a string nobody wrote', async () => {
    const searchable = GETS.filter((o) => o.params.some((p) => p.in === 'query' && p.name === 'q'));
    expect(searchable.map((o) => o.key)).toContain('GET /api/v1/cases');
    for (const role of ['subject', 'investigator', 'leader', 'decider', 'admin', 'secadmin', 'auditor'] as const) {
      for (const op of searchable) {
        const base = fillPath(op.path, {}) + queryFor(API, op.params);
        const sep = base.includes('?') ? '&' : '?';
        const control = await t.as(role, { method: 'GET', url: `${base}${sep}q=${encodeURIComponent('无此人名字')}` });
        for (const secret of [NAMED.name, NAMED.phone, NAMED.idNumber, ONLINE.name, ANON.phone]) {
          const res = await t.as(role, { method: 'GET', url: `${base}${sep}q=${encodeURIComponent(secret)}` });
          // (the case list export answers a spreadsheet: compared cell by cell)
          expect([res.statusCode, await readableText(res)], `${role} ${op.key} q=${secret}`).toEqual([control.statusCode, await readableText(control)]);
        }
      }
    }
  });

  it('the clerk reads the identity on the dedicated route (with an approved request), and every read is audited (who, which case, when)', async () => {
    const auditCount = async () =>
      Number(
        (
          await t.deps.db.kysely
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'case.reporter.read')
            .where('entity_id', '=', namedCaseId)
            .where('actor_id', '=', t.userIds.clerk!)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await auditCount();
    for (let i = 1; i <= 2; i++) {
      const res = await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${namedCaseId}/reporter` });
      expect(res.statusCode).toBe(200);
      expect(res.json().reporter).toMatchObject({ anonymous: false, name: NAMED.name, phone: NAMED.phone, idNumber: NAMED.idNumber, address: NAMED.address, email: NAMED.email, organisation: NAMED.organisation });
      expect(await auditCount()).toBe(before + i);
    }
    // The anonymous reporter left only a phone: no name is kept.
    const anon = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${anonCaseId}/reporter` })).json().reporter;
    expect(anon).toMatchObject({ anonymous: true, name: null, phone: ANON.phone });
    // Every other role is refused outright, and the refusal leaves no read on record.
    for (const role of ['subject', 'investigator', 'leader', 'decider', 'admin', 'secadmin', 'auditor'] as const) {
      const res = await t.as(role, { method: 'GET', url: `/api/v1/cases/${namedCaseId}/reporter` });
      expect(res.statusCode, role).toBe(403);
      expect(expectCodedError(res, role)).toBe('FORBIDDEN');
    }
    expect(await auditCount()).toBe(before + 2);
  });
});

describe.each(engines)('a subject (and an investigator off the team) reaches only their own cases; another’s answers exactly like a missing id (%s)', (engine) => {
  let t: TestApp;
  let own = '';
  let theirs = '';
  let theirEvidence = '';
  let theirNumber = '';
  let ownDocs: string[] = [];
  let theirDocs: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(engine);
    const w = await setupCaseWorld(t);
    const other = await makePerson(t.deps, { name: '别的执法人员' });
    own = (await makeCase(w, { to: 'notified' })).caseId;
    const made = await makeCaseWithEvidence(w, 'notified', { subjects: [other.id] });
    theirs = made.caseId;
    theirNumber = made.number;
    theirEvidence = made.evidenceId;
    // an investigator of the same section, on no team
    await t.addUser('outsider', ['investigator'], (await makePerson(t.deps, { name: '另一调查员' })).id);
    ownDocs = await draftAllDocuments(t, own, w.fx.handler.id);
    theirDocs = await draftAllDocuments(t, theirs, other.id);
    // two notified cases with every document drafted: about a minute on a loaded machine
  }, 300_000);
  afterAll(async () => t?.close());

  const caseOps = API.ops.filter((o) => o.path.startsWith('/api/v1/cases/{id}'));
  const docOps = API.ops.filter((o) => o.path.startsWith('/api/v1/documents/{docId}'));

  it('documents: the subject reads the issued notice addressed to them; every document of another’s case answers like a missing one', async () => {
    expect(docOps.length).toBeGreaterThan(0);
    const readable = [];
    for (const id of ownDocs) if ((await t.as('subject', { method: 'GET', url: `/api/v1/documents/${id}` })).statusCode === 200) readable.push(id);
    expect(readable.length, 'the subject reads at least their decision notice').toBeGreaterThan(0);
    expect(theirDocs.length).toBeGreaterThan(3);
    const missing = '01ZZZZZZZZZZZZZZZZZZZZZZZZ';
    for (const op of docOps) {
      const bodies: (string | undefined)[] = op.body ? fc.sample(valueFor(API, op.body, 'body', theirDocs), { numRuns: 4, seed: 7 }).map(toJsonText) : [undefined];
      for (const docId of theirDocs) {
        for (const payload of bodies) {
          const opts = payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } };
          const a = await t.as('subject', { method: op.method, url: fillPath(op.path, { docId, file: '1.pdf' }), ...opts });
          const b = await t.as('subject', { method: op.method, url: fillPath(op.path, { docId: missing, file: '1.pdf' }), ...opts });
          expect(a.statusCode, `${op.key} on another’s document answered ${a.statusCode}`).toBeGreaterThanOrEqual(400);
          expect([a.statusCode, a.body], `${op.key}: another’s document is distinguishable from a missing one`).toEqual([b.statusCode, b.body]);
        }
      }
    }
  });

  it('covers the case routes', () => {
    expect(caseOps.length).toBeGreaterThan(20);
  });

  for (const op of caseOps) {
    it(op.key, async () => {
      const missing = '01ZZZZZZZZZZZZZZZZZZZZZZZZ';
      // The same bodies for both ids: plausible ones (sometimes valid) from the route's schema.
      const bodies: (string | undefined)[] = op.body ? fc.sample(valueFor(API, op.body, 'body', [own, theirs, theirEvidence]), { numRuns: 8, seed: 42 }).map(toJsonText) : [undefined];
      const targets: [Record<string, string>, Record<string, string>][] = [[{ id: theirs, evidenceId: theirEvidence }, { id: missing, evidenceId: missing }]];
      // Own case with the other case's evidence: still not found.
      if (op.path.includes('{evidenceId}')) targets.push([{ id: own, evidenceId: theirEvidence }, { id: own, evidenceId: missing }]);
      for (const [a, b] of targets) {
        for (const payload of bodies) {
          const opts = payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } };
          const ra = await t.as('subject', { method: op.method, url: fillPath(op.path, a), ...opts });
          const rb = await t.as('subject', { method: op.method, url: fillPath(op.path, b), ...opts });
          expect(ra.statusCode, `${op.key} on another’s case answered ${ra.statusCode}: ${ra.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect([ra.statusCode, ra.body], `${op.key}: another’s case is distinguishable from a missing one`).toEqual([rb.statusCode, rb.body]);
        }
      }
      // WC-9(2): an investigator reaches only the cases whose team they sit on — the same rule.
      for (const payload of bodies.slice(0, 3)) {
        const opts = payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } };
        const ra = await t.as('outsider', { method: op.method, url: fillPath(op.path, { id: theirs, evidenceId: theirEvidence }), ...opts });
        const rb = await t.as('outsider', { method: op.method, url: fillPath(op.path, { id: missing, evidenceId: missing }), ...opts });
        expect([ra.statusCode, ra.body], `${op.key}: a case off the investigator’s teams is distinguishable from a missing one`).toEqual([rb.statusCode, rb.body]);
      }
    });
  }

  it('no GET route names the other case to the subject (lists, queue, search, reports)', async () => {
    for (const op of GETS) {
      if (op.params.some((p) => p.in === 'path')) continue;
      const url = op.path + queryFor(API, op.params);
      for (const u of [url, `${url}${url.includes('?') ? '&' : '?'}q=${encodeURIComponent(theirNumber)}`]) {
        const res = await t.as('subject', { method: 'GET', url: u });
        expect(res.body.includes(theirs) || res.body.includes(theirNumber), `subject GET ${u} names another’s case`).toBe(false);
      }
    }
    const mine = (await t.as('subject', { method: 'GET', url: '/api/v1/cases' })).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([own]);
  });
});

describe.each(engines)('sessions and cookies (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('admin', ['sysadmin']);
    await t.addUser('clerk', ['clerk']);
  });
  afterEach(async () => t.close());

  const signIn = async (username: string) => {
    const res = await t.httpSignIn(username);
    expect(res.statusCode).toBe(200);
    return res;
  };
  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
  const expect401 = (res: LightMyRequestResponse, what: string) => {
    expect(res.statusCode, what).toBe(401);
    expect(expectCodedError(res, what)).toBe('UNAUTHENTICATED');
  };

  it('the session cookie is httpOnly and SameSite=Strict, scoped to the site, and works in place of the bearer token', async () => {
    const res = await signIn('clerk');
    const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('wenze_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    const value = cookie!.split(';')[0]!.slice('wenze_session='.length);
    expect(value).toBe(res.json().token);
    const viaCookie = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { wenze_session: value } });
    expect(viaCookie.statusCode).toBe(200);
    expect(viaCookie.json().user.username).toBe('clerk');
  });

  it('only a digest of the token is stored: a copy of the sessions table cannot be replayed', async () => {
    const { token } = (await signIn('clerk')).json();
    const rows = await t.deps.db.kysely.selectFrom('sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    for (const r of rows) expect((await me(r.token_hash)).statusCode).toBe(401);
  });

  it('logout invalidates the token (bearer and cookie) at once', async () => {
    const { token } = (await signIn('clerk')).json();
    expect((await me(token)).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${token}` } });
    expect(out.statusCode).toBe(204);
    expect([out.headers['set-cookie']].flat().join(';')).toMatch(/wenze_session=;/);
    expect401(await me(token), 'bearer after logout');
    expect401(await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { wenze_session: token } }), 'cookie after logout');
    expect401(await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` } }), 'another route after logout');
  });

  it('身份鉴别: a session in use ends after its absolute lifetime of 12 hours: 401 from then on', async () => {
    const { token, expiresAt } = (await signIn('clerk')).json();
    expect(Date.parse(expiresAt) - t.clock.now().getTime()).toBe(12 * 3_600_000);
    // Used every 20 minutes (within the idle timeout) it lives until the absolute end.
    while (t.clock.now().getTime() + 20 * 60_000 < Date.parse(expiresAt)) {
      t.clock.set(new Date(t.clock.now().getTime() + 20 * 60_000));
      expect((await me(token)).statusCode).toBe(200);
    }
    t.clock.set(new Date(Date.parse(expiresAt) - 1000));
    expect((await me(token)).statusCode).toBe(200);
    t.clock.set(expiresAt);
    expect401(await me(token), 'at expiry');
    t.clock.advanceDays(30);
    expect401(await me(token), 'long after');
  });

  it('disabling a user ends their sessions at once and refuses a new sign-in; a password reset ends them too once the security administrator approves it (双人复核)', async () => {
    const { token } = (await signIn('clerk')).json();
    const clerkId = t.userIds.clerk!;
    const off = await t.as('admin', { method: 'PATCH', url: `/api/v1/users/${clerkId}`, payload: { disabled: true } });
    expect(off.statusCode).toBe(200);
    expect401(await me(token), 'disabled user');
    expect401(await t.as('clerk', { method: 'GET', url: '/api/v1/cases' }), 'disabled user, older session');
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'clerk', password: TEST_PASSWORD } });
    expect(again.statusCode).toBe(401);
    expect(expectCodedError(again, 'login while disabled')).toBe('LOGIN_FAILED');
    // Even a session row that somehow survived is refused while the account is disabled.
    await t.deps.db.kysely.updateTable('users').set({ disabled: 0 }).where('id', '=', clerkId).execute();
    const fresh = (await signIn('clerk')).json().token as string;
    await t.deps.db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', clerkId).execute();
    expect401(await me(fresh), 'disabled flag set directly');
    await t.deps.db.kysely.updateTable('users').set({ disabled: 0 }).where('id', '=', clerkId).execute();
    expect((await me(fresh)).statusCode).toBe(200);
    const pw = await t.as('admin', { method: 'PATCH', url: `/api/v1/users/${clerkId}`, payload: { password: 'A new long password 2' } });
    expect(pw.statusCode).toBe(200);
    // the reset of a used account waits for the security administrator: the session lives until then
    expect((await me(fresh)).statusCode).toBe(200);
    await t.addUser('sec', ['secadmin']);
    expect((await t.as('sec', { method: 'POST', url: `/api/v1/users/${clerkId}/password-reset/approve` })).statusCode).toBe(200);
    expect401(await me(fresh), 'after a password reset');
  });

  it('a failed sign-in says the same for an unknown user, a wrong password and a disabled account', async () => {
    await t.as('admin', { method: 'PATCH', url: `/api/v1/users/${t.userIds.clerk!}`, payload: { disabled: true } });
    const bodies = [];
    for (const payload of [
      { username: 'nobody-here', password: TEST_PASSWORD },
      { username: 'admin', password: 'wrong password!' },
      { username: 'clerk', password: TEST_PASSWORD },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
      bodies.push(res.body);
    }
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!).error.code).toBe('LOGIN_FAILED');
  });

  it('a non-admin cannot manage users or read them (default deny), whatever the body', async () => {
    for (const req of [
      { method: 'GET' as const, url: '/api/v1/users' },
      { method: 'POST' as const, url: '/api/v1/users', payload: { username: 'mallory', displayName: 'M', password: 'long enough pw', roles: ['sysadmin'] } },
      { method: 'PATCH' as const, url: `/api/v1/users/${t.userIds.clerk!}`, payload: { roles: ['sysadmin'] } },
      { method: 'PUT' as const, url: `/api/v1/users/${t.userIds.clerk!}/roles`, payload: { roles: ['sysadmin'] } },
    ]) {
      const res = await t.as('clerk', req);
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(403);
      expect(expectCodedError(res, req.url)).toBe('FORBIDDEN');
    }
    expect((await me(t.tokens.clerk!)).json().user.roles).toEqual(['clerk']);
  });
});

describe('routes outside the OpenAPI document', () => {
  it('/openapi.json is public (the API’s shape is no secret); the interactive API console needs a session', async () => {
    const t = await createTestApp('sqlite');
    try {
      expect((await t.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
      for (const url of ['/api/docs', '/api/docs/', '/api/docs/json', '/api/docs/static/index.html']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(401);
        expect(expectCodedError(res, url)).toBe('UNAUTHENTICATED');
      }
    } finally {
      await t.close();
    }
  });
});

describe.each(engines)('errors never carry a stack trace or SQL (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
    await t.addUser('clerk', ['clerk']);
  });
  afterAll(async () => t?.close());

  it('a failing query answers INTERNAL with only the catalog message', async () => {
    // Break the database under a read route: the engine's error names the table and the SQL.
    await sql`DROP TABLE calendar_years`.execute(t.deps.db.kysely);
    const res = await t.as('clerk', { method: 'GET', url: '/api/v1/calendar/years' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: '系统内部错误', messageZh: '系统内部错误', messageEn: 'Internal error' } });
    expect(res.body).not.toMatch(/calendar_years|select|sqlite|relation|stack|\.ts:/i);
  });

  it('malformed JSON, a wrong content type and an unknown route all answer in the coded shape', async () => {
    const cases: [Parameters<TestApp['as']>[1], string][] = [
      [{ method: 'POST', url: '/api/v1/cases', payload: '{"summary":', headers: { 'content-type': 'application/json' } }, 'BAD_REQUEST'],
      [{ method: 'POST', url: '/api/v1/cases', payload: 'summary=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 'MEDIA_TYPE_REFUSED'],
      [{ method: 'POST', url: '/api/v1/cases', payload: '{"__proto__":{"isAdmin":true}}', headers: { 'content-type': 'application/json' } }, 'BAD_REQUEST'],
      [{ method: 'GET', url: '/api/v1/cases/%zz' }, 'BAD_REQUEST'],
      [{ method: 'GET', url: `/api/v1/cases/${'x'.repeat(500)}` }, 'BAD_REQUEST'],
      [{ method: 'GET', url: '/api/v1/no-such-thing' }, 'ROUTE_NOT_FOUND'],
    ];
    for (const [req, code] of cases) {
      const res = await t.as('clerk', req);
      const what = `${req.method} ${String(req.url).slice(0, 60)}`;
      expect(expectCodedError(res, what), what).toBe(code);
      expectNoLeak(res, what);
    }
  });
});
