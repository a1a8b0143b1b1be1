// Issue 14 point 5 (fourth pass): the queue of a person who sees only their own cases (an
// investigator: their teams' cases, FL-16 handling deadlines) reads its deadline lists from those
// few open cases by case, instead of walking every overdue deadline of the commission in due
// order and dropping the cases the person cannot see. Both ways give the same lists, counts and
// order; the walk stays for a person with more open cases than QUEUE_BOUNDS.ownCasesMax. Both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { ctxOfUser, makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { QUEUE_BOUNDS } from '../../services/cases/list';
import { ownOpenCases } from '../../repositories/cases/queue-repo';

type Q = {
  counts: { waiting: number; dueSoon: number; overdue: number };
  countsCapped: { waiting: boolean; dueSoon: boolean; overdue: boolean };
  overdue: { caseId: string; deadline: { kind: string; dueDate: string; daysLate: number } }[];
  dueSoon: { caseId: string; deadline: { kind: string; dueDate: string } }[];
};

describe.each(engines)('queue of a person who sees only their own cases (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let other: CaseWorld;
  const bounds = { ...QUEUE_BOUNDS };
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-09-02T02:00:00.000Z');
    w = await setupCaseWorld(t);
    // a second investigator (b_investigator) appointed to cases of their own, in the same organisation
    await t.addUser('b_investigator', ['investigator']);
    other = { ...w, ctx: { ...w.ctx, investigator: ctxOfUser(t, 'b_investigator', ['investigator']) } };
  });
  afterEach(async () => {
    Object.assign(QUEUE_BOUNDS, bounds);
    await t.close();
  });
  const queue = async (user: string, qs = ''): Promise<Q> => {
    const r = await t.as(user, { method: 'GET', url: `/api/v1/queue${qs}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Q;
  };

  it('issue 14(5), FL-16: an investigator\'s overdue list is read from their own open cases — only theirs, the same lists, counts and order as the walk through every overdue deadline', async () => {
    // FL-16: handling within 60 days of the start of investigation; two start dates, so the list has an order
    const mine = [
      await makeCase(w, { to: 'investigating', receivedOn: '2025-08-20' }),
      await makeCase(w, { to: 'investigating' }),
      await makeCase(w, { to: 'investigating' }),
    ];
    const theirs = [await makeCase(other, { to: 'investigating', receivedOn: '2025-08-10' }), await makeCase(other, { to: 'investigating' })];
    // a closed case of the investigator's team is not one of their open cases
    const closed = await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-09-01' } });
    const q = t.deps.db.kysely;
    const own = { teamUserId: t.userIds.investigator!, subjectPersonId: null };
    expect((await ownOpenCases(q, own))?.sort()).toEqual(mine.map((c) => c.caseId).sort());
    expect(await ownOpenCases(q, own)).not.toContain(closed.caseId);
    expect(await ownOpenCases(q, own, 2)).toBeNull(); // more than the bound: walk instead

    t.clock.set('2025-12-20T02:00:00.000Z');
    for (const u of ['investigator', 'b_investigator', 'clerk']) t.tokens[u] = await t.signIn(u); // (the sessions idled out)
    const byCase = await queue('investigator', '?pageSize=200');
    const handling = byCase.overdue.filter((o) => o.deadline.kind === 'handling');
    // most days late first, then by case id (ids are in registration order)
    expect(handling.map((o) => o.caseId)).toEqual([mine[0]!.caseId, ...mine.slice(1).map((c) => c.caseId).sort()]);
    expect(byCase.overdue.map((o) => o.caseId)).not.toContain(theirs[0]!.caseId);
    expect(byCase.overdue.map((o) => o.caseId)).not.toContain(theirs[1]!.caseId);
    expect(byCase.counts.overdue).toBe(byCase.overdue.length);
    // the clerk sees every case: the other investigator's deadlines are overdue too (and first)
    const clerk = await queue('clerk', '?pageSize=200');
    expect(clerk.overdue.filter((o) => o.deadline.kind === 'handling')[0]!.caseId).toBe(theirs[0]!.caseId);

    // page after page, the same order
    const paged: Q['overdue'] = [];
    for (let p = 1; p <= byCase.overdue.length + 1; p++) paged.push(...(await queue('investigator', `?page=${p}&pageSize=1`)).overdue);
    expect(paged).toEqual(byCase.overdue);

    // with more open cases than the bound the deadlines are walked in due order: the same answer
    QUEUE_BOUNDS.ownCasesMax = 2;
    expect(await queue('investigator', '?pageSize=200')).toEqual(byCase);
    // and the counts stay capped the same way on either path
    QUEUE_BOUNDS.countCap = 1;
    const cappedWalk = await queue('investigator');
    QUEUE_BOUNDS.ownCasesMax = bounds.ownCasesMax;
    const cappedOwn = await queue('investigator');
    expect(cappedOwn.counts.overdue).toBe(1);
    expect(cappedOwn.countsCapped.overdue).toBe(true);
    expect(cappedOwn).toEqual(cappedWalk);
  });

  it('issue 14(5), FL-16: an investigator\'s due-soon list is read from their own open cases, the same as the walk', async () => {
    const mine = await makeCase(w, { to: 'investigating' });
    await makeCase(other, { to: 'investigating' });
    // the one open case of their team is what the lists are read from
    expect(await ownOpenCases(t.deps.db.kysely, { teamUserId: t.userIds.investigator!, subjectPersonId: null })).toEqual([mine.caseId]);
    // handling due 60 days after 2025-09-01: in its warning window a few days before
    t.clock.set('2025-10-29T02:00:00.000Z');
    t.tokens.investigator = await t.signIn('investigator');
    const byCase = await queue('investigator', '?pageSize=200');
    expect(byCase.dueSoon.map((d) => d.caseId)).toEqual([mine.caseId]);
    expect(byCase.counts.dueSoon).toBe(1);
    QUEUE_BOUNDS.ownCasesMax = 0;
    expect(await queue('investigator', '?pageSize=200')).toEqual(byCase);
  });
});
