// Issue 14 point 5 (third pass): the queue stays flat as data grows — its counts are exact up to
// a cap and "more than the cap" above it (the web shows "999+"), and each list is read in a
// stable index order (ties on the due date broken by case id, then deadline id), page after page.
// The cap is lowered here instead of making 1,000 cases. Both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { QUEUE_BOUNDS } from '../../services/cases/list';

type Q = {
  counts: { waiting: number; dueSoon: number; overdue: number };
  countsCapped: { waiting: boolean; dueSoon: boolean; overdue: boolean };
  countCap: number;
  waiting: { caseId: string }[];
  overdue: { caseId: string; deadline: { kind: string; dueDate: string } }[];
};

describe.each(engines)('queue bounds: capped counts, stable order (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  const cap = QUEUE_BOUNDS.countCap;
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-09-02T02:00:00.000Z');
    w = await setupCaseWorld(t);
  });
  afterEach(async () => {
    QUEUE_BOUNDS.countCap = cap;
    await t.close();
  });
  const queue = async (user: string, qs = ''): Promise<Q> => {
    const r = await t.as(user, { method: 'GET', url: `/api/v1/queue${qs}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Q;
  };

  it('issue 14(5): the waiting and overdue counts are exact up to the cap and capped ("more than") one above it', async () => {
    expect(cap).toBe(999);
    for (let i = 0; i < 3; i++) await makeCase(w, { to: 'reported' });
    const exact = await queue('leader');
    expect(exact.counts.waiting).toBe(3);
    expect(exact.countsCapped).toEqual({ waiting: false, dueSoon: false, overdue: false });
    expect(exact.countCap).toBe(999);
    QUEUE_BOUNDS.countCap = 3; // exactly at the cap: still exact
    expect(await queue('leader')).toMatchObject({ counts: { waiting: 3 }, countsCapped: { waiting: false }, countCap: 3 });
    QUEUE_BOUNDS.countCap = 2; // one above: the cap, marked as more
    const capped = await queue('leader');
    expect(capped).toMatchObject({ counts: { waiting: 2 }, countsCapped: { waiting: true }, countCap: 2 });
    // the page itself is not cut by the cap
    expect(capped.waiting).toHaveLength(3);

    // overdue: investigations whose handling deadline (FL-16) has passed
    QUEUE_BOUNDS.countCap = cap;
    for (let i = 0; i < 2; i++) await makeCase(w, { to: 'investigating' });
    t.clock.set('2025-12-20T02:00:00.000Z');
    t.tokens.clerk = await t.signIn('clerk'); // (the session idled out over the months)
    const all = await queue('clerk', '?pageSize=200');
    const n = all.overdue.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(all.counts.overdue).toBe(n);
    QUEUE_BOUNDS.countCap = n;
    expect(await queue('clerk')).toMatchObject({ counts: { overdue: n }, countsCapped: { overdue: false } });
    QUEUE_BOUNDS.countCap = n - 1;
    expect(await queue('clerk')).toMatchObject({ counts: { overdue: n - 1 }, countsCapped: { overdue: true } });
  });

  it('issue 14(5): overdue deadlines are listed most days late first, ties on the due date by case id — the same order page after page', async () => {
    const early = await makeCase(w, { to: 'investigating', receivedOn: '2025-08-20' });
    const same = [await makeCase(w, { to: 'investigating' }), await makeCase(w, { to: 'investigating' }), await makeCase(w, { to: 'investigating' })];
    t.clock.set('2025-12-20T02:00:00.000Z');
    t.tokens.clerk = await t.signIn('clerk'); // (the session idled out over the months)
    const all = (await queue('clerk', '?pageSize=200')).overdue;
    const handling = all.filter((o) => o.deadline.kind === 'handling');
    expect(handling.map((o) => o.caseId)).toEqual([early.caseId, ...same.map((c) => c.caseId).sort()]);
    expect(new Set(handling.slice(1).map((o) => o.deadline.dueDate)).size).toBe(1); // the three share a due date
    const key = (o: Q['overdue'][number]) => `${o.deadline.dueDate}|${o.caseId}`;
    expect(all.map(key)).toEqual(all.map(key).sort());
    // one deadline per page: the pages, put together, are the whole list once, in the same order
    const paged: Q['overdue'] = [];
    for (let p = 1; p <= all.length + 1; p++) paged.push(...(await queue('clerk', `?page=${p}&pageSize=1`)).overdue);
    expect(paged).toEqual(all);
  });

  it('issue 14(5): a person with two roles gets one waiting list in case order across both, each case once, paged', async () => {
    await t.addUser('clerklead', ['clerk', 'leader']);
    const a = await makeCase(w, { to: 'intake' }); // waits on the clerk (accept)
    const b = await makeCase(w, { to: 'reported' }); // waits on the leader (appoint the team)
    const c = await makeCase(w, { to: 'intake' });
    const d = await makeCase(w, { to: 'reported' });
    const order = [a, b, c, d].map((x) => x.caseId);
    const all = await queue('clerklead', '?pageSize=200');
    expect(all.waiting.map((x) => x.caseId)).toEqual(order);
    expect(all.counts.waiting).toBe(4);
    const p1 = await queue('clerklead', '?page=1&pageSize=3');
    const p2 = await queue('clerklead', '?page=2&pageSize=3');
    expect([...p1.waiting, ...p2.waiting].map((x) => x.caseId)).toEqual(order);
    expect((await queue('clerklead', '?page=3&pageSize=3')).waiting).toEqual([]);
  });
});
