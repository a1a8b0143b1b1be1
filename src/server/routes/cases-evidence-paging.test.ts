// The case's evidence a page at a time (the case view's newest page, GET /cases/:id/evidence):
// page size bound, the count, every item exactly once in the newest-first order, WC-11 (a subject
// sees, pages and counts only the disclosed evidence and their own statements), a hidden case is
// the same 404, bad cursors and limits are refused, supersededById across pages, the step's answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { makePerson } from '../../../test/factories/registers';
import { newId } from '../../lib/ids';
import { loadCaseAggregate } from '../../repositories/cases/case-aggregate';
import { findCase } from '../../repositories/cases/case-repo';
import { EVIDENCE_PAGE_SIZE } from '../../services/cases';

interface Seeded {
  id: string;
  at: string;
  disclosable: boolean;
  sourcePersonId: string | null;
}

type Item = { id: string; supersedesId: string | null; supersededById: string | null; disclosable: boolean; sourcePersonId: string | null; recordedBy: string | null };
type Page = { items: Item[]; total: number; nextCursor: string | null };

describe.each(engines)('WC-9(2) the case\'s evidence, a page at a time (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-30T02:00:00.000Z'));
    caseId = (await makeCase(w, { to: 'investigating', subjects: [w.fx.handler.id] })).caseId;
  });
  afterEach(async () => t.close());

  /**
   * `n` evidence rows written straight to the table (the read path is under test): one a minute,
   * every fifth pair at the same instant (the id breaks the tie); every third disclosable; every
   * seventh the subject's own statement (not disclosable).
   */
  const seed = async (n: number, over: (i: number) => Partial<{ supersedes_id: string }> = () => ({})): Promise<Seeded[]> => {
    const out: Seeded[] = [];
    for (let i = 0; i < n; i++) {
      const minute = i - (i % 5 === 1 ? 1 : 0);
      const at = new Date(Date.UTC(2025, 8, 10, 1, 0) + minute * 60_000).toISOString();
      const own = i % 7 === 3;
      const disclosable = !own && i % 3 === 0;
      const id = newId();
      await t.deps.db.kysely
        .insertInto('case_evidence')
        .values({
          id, case_id: caseId, kind: own ? 'statement' : 'document', title: `证据${i}`, source: own ? '本人' : '调查组', collected_on: '2025-09-10', description: null, text_content: null,
          file_sha256: null, file_name: null, file_size: null, mime_type: null, supersedes_id: null, correction_reason: null,
          recorded_by: own ? null : w.t.userIds.investigator!, recorded_at: at, disclosable: disclosable ? 1 : 0, source_person_id: own ? w.fx.handler.id : null, ...over(i),
        })
        .execute();
      out.push({ id, at, disclosable, sourcePersonId: own ? w.fx.handler.id : null });
    }
    return out;
  };
  const newestFirst = (xs: Seeded[]): string[] => [...xs].sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.id < b.id ? 1 : -1)).map((x) => x.id);
  const view = async (user: string) => (await t.as(user, { method: 'GET', url: `/api/v1/cases/${caseId}` })).json();
  const list = (user: string | null, query = '', id = caseId) => t.as(user, { method: 'GET', url: `/api/v1/cases/${id}/evidence${query}` });
  /** every page after the view's, following the cursors */
  const pageThrough = async (user: string, first: string | null, limit: number): Promise<string[]> => {
    const ids: string[] = [];
    let cursor = first;
    while (cursor) {
      const r = await list(user, `?cursor=${cursor}&limit=${limit}`);
      expect(r.statusCode).toBe(200);
      const p = r.json() as Page;
      expect(p.items.length).toBeLessThanOrEqual(limit);
      ids.push(...p.items.map((e) => e.id));
      cursor = p.nextCursor;
    }
    return ids;
  };

  it('the case view carries the newest EVIDENCE_PAGE_SIZE items only, with the count of all and a cursor; paging through the endpoint gives every item exactly once, newest first (ties by id)', async () => {
    const seeded = await seed(45);
    const expected = newestFirst(seeded);
    const v = await view('investigator');
    expect(EVIDENCE_PAGE_SIZE).toBe(20);
    expect(v.evidence.map((e: Item) => e.id)).toEqual(expected.slice(0, EVIDENCE_PAGE_SIZE));
    expect(v.evidenceTotal).toBe(45);
    expect(v.evidenceNextCursor).toEqual(expect.any(String));
    const rest = await pageThrough('investigator', v.evidenceNextCursor, 7);
    expect([...v.evidence.map((e: Item) => e.id), ...rest]).toEqual(expected);
    // from the start: the default page is the view's; the largest page holds them all and ends the list
    const first = (await list('investigator')).json() as Page;
    expect(first.items.map((e) => e.id)).toEqual(expected.slice(0, EVIDENCE_PAGE_SIZE));
    expect(first.total).toBe(45);
    const all = (await list('investigator', '?limit=100')).json() as Page;
    expect(all.items.map((e) => e.id)).toEqual(expected);
    expect(all.nextCursor).toBeNull();
    // the other readers of the aggregate (documents' and rules' facts) still have every item
    const row = (await findCase(t.deps.db.kysely, caseId))!;
    expect((await loadCaseAggregate(t.deps.db.kysely, row, { documents: true })).evidence).toHaveLength(45);
    expect((await loadCaseAggregate(t.deps.db.kysely, row)).evidence).toHaveLength(45);
  });

  it('WC-11: a subject sees, pages through and counts only the disclosed evidence and their own statements — in the view and the endpoint', async () => {
    const seeded = await seed(40);
    const visible = seeded.filter((s) => s.disclosable || s.sourcePersonId === w.fx.handler.id);
    expect(visible.length).toBeGreaterThan(EVIDENCE_PAGE_SIZE / 2);
    expect(visible.length).toBeLessThan(seeded.length);
    const expected = newestFirst(visible);
    const v = await view('subject');
    expect(v.evidenceTotal).toBe(visible.length);
    expect(v.evidence.map((e: Item) => e.id)).toEqual(expected.slice(0, EVIDENCE_PAGE_SIZE));
    expect(v.evidence.every((e: Item) => e.recordedBy === null)).toBe(true);
    const rest = await pageThrough('subject', v.evidenceNextCursor, 4);
    expect([...v.evidence.map((e: Item) => e.id), ...rest]).toEqual(expected);
    const all = (await list('subject', '?limit=100')).json() as Page;
    expect(all.total).toBe(visible.length);
    expect(all.items.map((e) => e.id)).toEqual(expected);
    // the staff count everything
    expect((await view('clerk')).evidenceTotal).toBe(40);
  });

  it('the evidence list of a case the caller may not see is the same 404 as a missing case, whatever the query (authorization first), and writes no read record', async () => {
    await seed(3);
    await t.addUser('outsider', ['investigator'], (await makePerson(t.deps, { name: '另一调查员' })).id);
    const audits = async () => (await t.deps.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'case.evidence.list').execute()).length;
    const hidden = await list('outsider');
    const missing = await list('outsider', '', 'no-such-case');
    expect(hidden.statusCode).toBe(404);
    // the route is there: the team's investigator reads the same list
    expect((await list('investigator')).statusCode).toBe(200);
    expect(hidden.json()).toEqual(missing.json());
    expect((await list('outsider', '?cursor=!!&limit=0')).statusCode).toBe(404);
    // one read record: the investigator's, none for the refused reads
    expect(await audits()).toBe(1);
    expect((await list(null)).statusCode).toBe(401);
  });

  it('a malformed cursor is refused with 400 CURSOR_INVALID, a limit out of 1–100 with 400 VALIDATION_FAILED, both in Chinese and English', async () => {
    await seed(3);
    const garbage = Buffer.from('{"a":1}', 'utf8').toString('base64url');
    for (const q of ['?cursor=not!valid', `?cursor=${garbage}`, '?cursor=abc']) {
      const r = await list('investigator', q);
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'CURSOR_INVALID', messageZh: expect.stringContaining('翻页'), messageEn: expect.stringContaining('cursor') });
    }
    for (const q of ['?limit=0', '?limit=101', '?limit=abc', '?limit=2.5']) {
      const r = await list('investigator', q);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
      expect(r.json().error.messageZh).toBeTruthy();
      expect(r.json().error.messageEn).toBeTruthy();
    }
  });

  it('FL-10(2): an item on a later page shows the correction that supersedes it, though the correction is on the first page', async () => {
    const seeded = await seed(30);
    const oldest = seeded[0]!.id;
    // the newest item corrects the oldest (which is on the second page)
    const correction = newId();
    await t.deps.db.kysely
      .insertInto('case_evidence')
      .values({
        id: correction, case_id: caseId, kind: 'document', title: '更正', source: '调查组', collected_on: '2025-09-11', description: null, text_content: null, file_sha256: null, file_name: null, file_size: null, mime_type: null,
        supersedes_id: oldest, correction_reason: '原记录笔误', recorded_by: w.t.userIds.investigator!, recorded_at: '2025-09-11T01:00:00.000Z',
      })
      .execute();
    const v = await view('investigator');
    expect(v.evidence[0]).toMatchObject({ id: correction, supersedesId: oldest, supersededById: null });
    expect(v.evidence.some((e: Item) => e.id === oldest)).toBe(false);
    const later = (await list('investigator', `?cursor=${v.evidenceNextCursor}&limit=100`)).json() as Page;
    expect(later.items.find((e) => e.id === oldest)).toMatchObject({ supersededById: correction });
    expect(later.items.filter((e) => e.id !== oldest).every((e) => e.supersededById === null)).toBe(true);
  });

  it('WC-11: a correction the subject may not see is not named to them — the disclosed item it corrects shows no supersededById in the view or the list; the staff see it', async () => {
    const seeded = await seed(6);
    const disclosed = seeded.find((s) => s.disclosable)!.id;
    const correct = async (disclosable: boolean, at: string): Promise<string> => {
      const id = newId();
      await t.deps.db.kysely
        .insertInto('case_evidence')
        .values({
          id, case_id: caseId, kind: 'document', title: '更正', source: '调查组', collected_on: '2025-09-11', description: null, text_content: null, file_sha256: null, file_name: null, file_size: null, mime_type: null,
          supersedes_id: disclosed, correction_reason: '原记录笔误', recorded_by: w.t.userIds.investigator!, recorded_at: at, disclosable: disclosable ? 1 : 0, source_person_id: null,
        })
        .execute();
      return id;
    };
    const hidden = await correct(false, '2025-09-11T01:00:00.000Z');
    const supersededBy = async (user: string): Promise<Array<string | null>> => [
      ((await view(user)).evidence as Item[]).find((e) => e.id === disclosed)!.supersededById,
      ((await list(user, '?limit=100')).json() as Page).items.find((e) => e.id === disclosed)!.supersededById,
    ];
    expect(await supersededBy('investigator')).toEqual([hidden, hidden]);
    expect(await supersededBy('subject')).toEqual([null, null]);
    expect(JSON.stringify((await view('subject')).evidence)).not.toContain(hidden);
    // once a later correction is disclosed, the subject is told of that one
    const shown = await correct(true, '2025-09-12T01:00:00.000Z');
    expect(await supersededBy('subject')).toEqual([shown, shown]);
    expect(await supersededBy('investigator')).toEqual([shown, shown]);
  });

  it('WC-11: a disclosed correction of an item the subject may not see does not name that item to them; the staff see it', async () => {
    const seeded = await seed(6);
    const internal = seeded.find((s) => !s.disclosable && !s.sourcePersonId)!.id;
    const id = newId();
    await t.deps.db.kysely
      .insertInto('case_evidence')
      .values({
        id, case_id: caseId, kind: 'document', title: '更正（公开）', source: '调查组', collected_on: '2025-09-11', description: null, text_content: null, file_sha256: null, file_name: null, file_size: null, mime_type: null,
        supersedes_id: internal, correction_reason: '原记录笔误', recorded_by: w.t.userIds.investigator!, recorded_at: '2025-09-11T01:00:00.000Z', disclosable: 1, source_person_id: null,
      })
      .execute();
    const supersedes = async (user: string): Promise<Array<string | null>> => [
      ((await view(user)).evidence as Item[]).find((e) => e.id === id)!.supersedesId,
      ((await list(user, '?limit=100')).json() as Page).items.find((e) => e.id === id)!.supersedesId,
    ];
    expect(await supersedes('investigator')).toEqual([internal, internal]);
    expect(await supersedes('subject')).toEqual([null, null]);
    expect(JSON.stringify((await list('subject', '?limit=100')).json())).not.toContain(internal);
  });

  it('WC-9(2): the answer to record_evidence carries the newest page with the new item first and the count; the list endpoint\'s read is audited, not on the case timeline', async () => {
    await seed(25);
    const r = await t.as('investigator', {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/actions/record_evidence`,
      payload: { expectedVersion: await versionOf(w, caseId), kind: 'document', title: '新证据', source: '调查组', collectedOn: '2025-09-29', description: '复印件' },
    });
    expect(r.statusCode).toBe(200);
    const c = r.json().case;
    expect(c.evidence).toHaveLength(EVIDENCE_PAGE_SIZE);
    expect(c.evidence[0]).toMatchObject({ id: r.json().created.id, title: '新证据' });
    expect(c.evidenceTotal).toBe(26);
    expect(c.evidenceNextCursor).toEqual(expect.any(String));

    expect((await list('investigator', '?limit=5')).statusCode).toBe(200);
    const reads = await t.deps.db.kysely.selectFrom('audit_log').select(['actor_id', 'entity_id']).where('action', '=', 'case.evidence.list').execute();
    expect(reads).toEqual([{ actor_id: w.t.userIds.investigator, entity_id: caseId }]);
    const tl = (await t.as('investigator', { method: 'GET', url: `/api/v1/cases/${caseId}/timeline` })).json().items;
    expect(tl.some((e: { action: string }) => e.action === 'case.evidence.list')).toBe(false);
  });
});
