import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { holdMeeting, performAction } from '../../services/cases';
import { makePerson } from '../../../test/factories/registers';
import { CASE_ACTIONS } from '../../domain/cases';
import { findCase, refreshWaitsMany, waitsOf } from '../../repositories/cases/case-repo';
import { loadCaseFacts } from '../../repositories/cases/case-aggregate';
import { sql } from 'kysely';
import { addOrg } from '../../../test/factories/orgs';
import { inTransaction } from '../../db/tx';
import { indexDocument } from '../../search/search-index';
import { caseSearchSubquery } from '../../services/cases/search';
import { SEARCH_BOUNDS } from '../../services/cases/list';

describe.each(engines)('case API: OpenAPI, list, queue (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-09-02T02:00:00.000Z');
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('OpenAPI documents every case route, one per step with its input schema', async () => {
    const spec = (await t.as(null, { method: 'GET', url: '/openapi.json' })).json();
    for (const a of CASE_ACTIONS) {
      const op = spec.paths[`/api/v1/cases/{id}/actions/${a}`]?.post;
      expect(op, a).toBeDefined();
      expect(op.requestBody.content['application/json'].schema.properties.expectedVersion).toBeDefined();
    }
    for (const p of ['/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/cases/{id}/timeline', '/api/v1/queue', '/api/v1/public/reports', '/api/v1/public/reports/follow-up', '/api/v1/public/reports/form', '/api/v1/cases/{id}/recommendation', '/api/v1/reports/departures', '/api/v1/rules/evaluate']) {
      expect(spec.paths[p], p).toBeDefined();
    }
    expect(spec.paths['/api/v1/public/reports'].post.security ?? null).not.toEqual([{ bearer: [] }]);
    const vocab = (await t.as('clerk', { method: 'GET', url: '/api/v1/case-actions' })).json().items;
    expect(vocab.map((a: { action: string }) => a.action)).toEqual([...CASE_ACTIONS]);
    expect(vocab.find((a: { action: string }) => a.action === 'accept')).toMatchObject({ citation: 'WC-9(1)', who: ['clerk'], needs: 'AcceptInput' });
    expect(vocab.find((a: { action: string }) => a.action === 'accept').inputSchema.properties.acceptedOn).toBeDefined();
  });

  it('an action answers with the whole case view, or only what changed with Prefer: return=minimal (RFC 7240)', async () => {
    const c = await makeCase(w, { to: 'intake' });
    const v = await versionOf(w, c.caseId);
    const full = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/accept`, payload: { expectedVersion: v, acceptedOn: '2025-09-01', withinCompetence: true, reply: '已受理，将依法处理。' } });
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json().case).toMatchObject({ id: c.caseId, version: v + 1, state: 'accepted' });
    expect(full.json().case.allowedActions.length).toBeGreaterThan(0);
    const meetingId = await holdMeeting(w.ctx, c.caseId, 'registration', () => ({ register: true }), { on: '2025-09-02' });
    const min = await t.as('decider', {
      method: 'POST',
      url: `/api/v1/cases/${c.caseId}/actions/register`,
      headers: { prefer: 'return=minimal' },
      payload: { expectedVersion: v + 1, meetingId, registeredOn: '2025-09-02' },
    });
    expect(min.statusCode, min.body).toBe(200);
    expect(min.headers['preference-applied']).toBe('return=minimal');
    expect(min.json()).toEqual({ caseId: c.caseId, version: v + 2, state: 'registered', created: null });
  });

  it('the list filters by state, track, source, subject, unit and year, with paging', async () => {
    const other = await makePerson(t.deps, { name: '另一执法人员' });
    const a = await makeCase(w, { to: 'registered' });
    const b = await makeCase(w, { source: 'wc5', tracks: ['WC'], subjects: [other.id] });
    const get = async (qs: string) => ((await t.as('clerk', { method: 'GET', url: `/api/v1/cases?${qs}` })).json().items as { id: string }[]).map((i) => i.id);
    expect(await get('state=registered')).toEqual([a.caseId]);
    expect(await get('track=WC')).toEqual([b.caseId]);
    expect(await get('source=wc5')).toEqual([b.caseId]);
    expect(await get(`subjectPersonId=${other.id}`)).toEqual([b.caseId]);
    expect(await get(`unitId=${w.fx.unit.id}`)).toEqual([a.caseId]);
    expect(await get('year=2025')).toEqual([b.caseId, a.caseId]);
    expect(await get('year=2024')).toEqual([]);
    const page = (await t.as('clerk', { method: 'GET', url: '/api/v1/cases?pageSize=1&page=2' })).json();
    expect(page).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page.items.map((i: { id: string }) => i.id)).toEqual([a.caseId]);
  });

  it('text search (Chinese, segmented) finds cases by evidence text and by number — not by the sealed report text (issue 9 §3) — only among cases the caller may see', async () => {
    const a = await makeCase(w, { to: 'investigating' });
    const b = await makeCase(w, { to: 'registered' });
    await performAction(w.ctx.investigator, a.caseId, 'record_evidence', {
      expectedVersion: await versionOf(w, a.caseId),
      kind: 'interview_record',
      title: '询问笔录',
      source: '调查组',
      collectedOn: '2025-09-02',
      textContent: '当事人称其工地已按要求停产整治，执法队员仍处以罚款。',
    });
    const ids = async (user: string, q: string) => ((await t.as(user, { method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent(q)}` })).json().items as { id: string }[]).map((i) => i.id).sort();
    expect(await ids('clerk', '停产整治')).toEqual([a.caseId]);
    // '罚款' is in both reports' text, but only in a's evidence: the report text is not indexed
    expect(await ids('clerk', '罚款')).toEqual([a.caseId]);
    expect(await ids('clerk', '认定事实不清')).toEqual([]);
    expect(await ids('clerk', '巴住建问〔2025〕2号')).toEqual([b.caseId]);
    // The investigator sits on neither team here except a's: b is not found for them.
    expect(await ids('investigator', '罚款')).toEqual([a.caseId]);
    expect(await ids('investigator', '巴住建问〔2025〕2号')).toEqual([]);
  });

  it('issue 14 point 5: bounded search stays correct when most matches are hidden from the caller (another organisation): the window widens; the total is exact; no reporter identity is found', async () => {
    const mine = await makeCase(w, { to: 'registered' });
    const theirs = await makeCase(w, { to: 'registered' });
    const other = await addOrg(t.deps, { name: '另一委员会' });
    await t.deps.db.kysely.updateTable('cases').set({ org_id: other }).where('id', '=', theirs.caseId).execute();
    await t.addUser('o_clerk', ['clerk'], null, other);
    // one matching document of mine, then 300 newer ones of the other organisation's case
    await inTransaction(t.deps.db, async (tx) => {
      await indexDocument(tx, t.deps.db.dialect, { entityType: 'evidence', entityId: 'my-ev', caseId: mine.caseId, title: '询问笔录', body: `当事人称其工地已按要求停产整治，${'执法队员到场检查，'.repeat(30)}仍处以罚款。` });
      for (let i = 0; i < 300; i++) await indexDocument(tx, t.deps.db.dialect, { entityType: 'evidence', entityId: `their-ev-${i}`, caseId: theirs.caseId, title: '罚款', body: '罚款 罚款 罚款' });
    });
    // the newest 200 matching documents hold none of my cases: the test is not vacuous
    const inWindow = await sql<{ case_id: string }>`${caseSearchSubquery({ ...w.ctx.clerk }, { tokens: ['罚款'] }, 200)}`.execute(t.deps.db.kysely);
    expect(new Set(inWindow.rows.map((r) => r.case_id))).toEqual(new Set([theirs.caseId]));
    const page = async (user: string, q: string) => (await t.as(user, { method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent(q)}` })).json() as { total: number; totalCapped: boolean; items: { id: string }[] };
    const cap = SEARCH_BOUNDS.totalCap;
    try {
      // a cap of 2: the first window is the newest 4 documents (all the other organisation's), widened until every match
      SEARCH_BOUNDS.totalCap = 2;
      const r = await page('clerk', '罚款');
      expect([r.items.map((i) => i.id), r.total, r.totalCapped]).toEqual([[mine.caseId], 1, false]);
      const o = await page('o_clerk', '罚款');
      expect([o.items.map((i) => i.id), o.total, o.totalCapped]).toEqual([[theirs.caseId], 1, false]);
      // three visible matching cases over a cap of 2: "2+" (totalCapped), every one still listed
      const more = [await makeCase(w, { to: 'registered' }), await makeCase(w, { to: 'registered' })];
      await inTransaction(t.deps.db, async (tx) => {
        for (const m of more) await indexDocument(tx, t.deps.db.dialect, { entityType: 'evidence', entityId: `ev-${m.caseId}`, caseId: m.caseId, title: '笔录', body: '处以罚款' });
      });
      const c = await page('clerk', '罚款');
      expect([c.items.map((i) => i.id).sort(), c.total, c.totalCapped]).toEqual([[mine.caseId, ...more.map((m) => m.caseId)].sort(), 2, true]);
      SEARCH_BOUNDS.totalCap = cap;
      const d = await page('clerk', '罚款');
      expect([d.items.length, d.total, d.totalCapped]).toEqual([3, 3, false]);
    } finally {
      SEARCH_BOUNDS.totalCap = cap;
    }
    // the reporter's name (sealed, never indexed) finds nothing
    expect((await page('clerk', '张举报')).items).toEqual([]);
    expect(await t.deps.db.kysely.selectFrom('search_documents').select('id').where((eb) => eb.or([eb('title', 'like', '%张举报%'), eb('body', 'like', '%张举报%')])).execute()).toEqual([]);
  });

  it('issue 14 point 5: with more visible matches than the window, the search lists the cases of the newest matching documents (no ranking), "cap+" total, filters applied', async () => {
    const made: Awaited<ReturnType<typeof makeCase>>[] = [];
    for (let i = 0; i < 6; i++) made.push(await makeCase(w, { to: i % 2 ? 'registered' : 'accepted' }));
    // one matching document per case, the first cases' strongest by rank, indexed first
    await inTransaction(t.deps.db, async (tx) => {
      for (const [i, m] of made.entries()) await indexDocument(tx, t.deps.db.dialect, { entityType: 'evidence', entityId: `fine-${i}`, caseId: m.caseId, title: i < 2 ? '罚款决定' : '笔录', body: i < 2 ? '罚款 罚款 罚款' : `${'到场检查，'.repeat(20)}处以罚款` });
    });
    const page = async (q: string) => (await t.as('clerk', { method: 'GET', url: `/api/v1/cases?${q}` })).json() as { total: number; totalCapped: boolean; items: { id: string }[] };
    const cap = SEARCH_BOUNDS.totalCap;
    try {
      SEARCH_BOUNDS.totalCap = 2;
      // the first window: the newest ceil(3 × 1.25) = 4 documents, i.e. cases 2–5; the two best-ranked (0, 1) are not in it
      const r = await page(`q=${encodeURIComponent('罚款')}&pageSize=10`);
      expect([r.items.map((i) => i.id).sort(), r.total, r.totalCapped]).toEqual([made.slice(2).map((m) => m.caseId).sort(), 2, true]);
      // a filter leaving 2 of those 4 (registered: cases 3, 5): widened to every match, exact
      const f = await page(`q=${encodeURIComponent('罚款')}&state=registered&pageSize=10`);
      expect([f.items.map((i) => i.id).sort(), f.total, f.totalCapped]).toEqual([[made[1]!, made[3]!, made[5]!].map((m) => m.caseId).sort(), 2, true]);
      const g = await page(`q=${encodeURIComponent('罚款决定')}&pageSize=10`);
      expect([g.items.map((i) => i.id).sort(), g.total, g.totalCapped]).toEqual([[made[0]!, made[1]!].map((m) => m.caseId).sort(), 2, false]);
    } finally {
      SEARCH_BOUNDS.totalCap = cap;
    }
    const all = await page(`q=${encodeURIComponent('罚款')}&pageSize=10`);
    expect([all.items.length, all.total, all.totalCapped]).toEqual([6, 6, false]);
  });

  it('my queue lists what waits on me; the clerk and the leader may ask for someone else’s queue, others may not', async () => {
    const c = await makeCase(w, { to: 'reported' });
    const leaderQ = (await t.as('leader', { method: 'GET', url: '/api/v1/queue' })).json();
    expect(leaderQ.waiting).toEqual([expect.objectContaining({ caseId: c.caseId, actions: [expect.objectContaining({ action: 'appoint_team', citation: 'WC-9(2)' })] })]);
    expect(leaderQ.counts.waiting).toBe(1);
    const clerkQ = (await t.as('clerk', { method: 'GET', url: '/api/v1/queue' })).json();
    expect(clerkQ.waiting).toEqual([]);
    const asLeader = (await t.as('clerk', { method: 'GET', url: `/api/v1/queue?userId=${t.userIds.leader}` })).json();
    expect(asLeader.userId).toBe(t.userIds.leader);
    expect(asLeader.counts.waiting).toBe(1);
    expect((await t.as('investigator', { method: 'GET', url: `/api/v1/queue?userId=${t.userIds.leader}` })).statusCode).toBe(403);
    // WC-11: once served, the subject's queue shows the defence/appeal; the clerk's does not.
    const served = await makeCase(w, { to: 'notified' });
    const subjectQ = (await t.as('subject', { method: 'GET', url: '/api/v1/queue' })).json();
    expect(subjectQ.waiting).toEqual([expect.objectContaining({ caseId: served.caseId, actions: [expect.objectContaining({ action: 'file_defence' })] })]);
    expect(subjectQ.overdue).toEqual([]);
    const clerkWaiting = (await t.as('clerk', { method: 'GET', url: '/api/v1/queue' })).json().waiting;
    expect(clerkWaiting.find((x: { caseId: string }) => x.caseId === served.caseId).actions.map((a: { action: string }) => a.action)).toEqual(['start_execution']);
  });

  it('issue 14(5) scale: the queue counts every waiting case and pages them in case order; each case row says whom it waits on as its facts do (step writer and backfill alike)', async () => {
    const made = [await makeCase(w, { to: 'reported' }), await makeCase(w, { to: 'reported' }), await makeCase(w, { to: 'reported' })];
    const served = await makeCase(w, { to: 'notified' });
    const page = async (n: number) => (await t.as('leader', { method: 'GET', url: `/api/v1/queue?page=${n}&pageSize=2` })).json();
    const p1 = await page(1);
    expect(p1).toMatchObject({ page: 1, pageSize: 2, counts: { waiting: 3 } });
    expect(p1.waiting.map((x: { caseId: string }) => x.caseId)).toEqual([made[0]!.caseId, made[1]!.caseId]);
    expect((await page(2)).waiting.map((x: { caseId: string }) => x.caseId)).toEqual([made[2]!.caseId]);
    expect((await page(3)).waiting).toEqual([]);
    const db = t.deps.db.kysely;
    const stored = async () => {
      const rows = await db.selectFrom('cases').selectAll().where('id', 'in', [...made, served].map((c) => c.caseId)).orderBy('seq').execute();
      return rows.map((r) => ({ id: r.id, waits: { waits_clerk: r.waits_clerk, waits_leader: r.waits_leader, waits_decider: r.waits_decider, waits_team: r.waits_team, waits_subject: r.waits_subject } }));
    };
    const byStepWriter = await stored();
    for (const r of byStepWriter) expect(r.waits, r.id).toEqual(waitsOf(await loadCaseFacts(db, (await findCase(db, r.id))!)));
    expect(byStepWriter.find((r) => r.id === served.caseId)!.waits).toMatchObject({ waits_subject: 1, waits_leader: 0 });
    expect(byStepWriter.find((r) => r.id === made[0]!.caseId)!.waits).toMatchObject({ waits_leader: 1, waits_subject: 0 });
    // the backfill of migration 0310 computes the same
    await db.updateTable('cases').set({ waits_clerk: 0, waits_leader: 0, waits_decider: 0, waits_team: 0, waits_subject: 0 }).execute();
    await refreshWaitsMany(db, await db.selectFrom('cases').selectAll().execute());
    expect(await stored()).toEqual(byStepWriter);
  });
});
