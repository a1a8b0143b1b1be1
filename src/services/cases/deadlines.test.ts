import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { hypothetical2027 } from '../../../test/factories/calendar';
import { makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { loadCalendarYear, updateDeadlineSettings } from '../calendar-service';
import { getDeadlineParameters } from '../../rules';
import { myQueue } from './list';
import { getCase } from './views';
import { performAction } from './commands';
import { stepToward } from './drive';
import { AppError } from '../../errors';

/** The coded error a call is refused with (no code: it was not refused). */
const refusal = async (p: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> } | null> =>
  p.then(
    () => null,
    (e: unknown) => {
      if (e instanceof AppError) return { code: e.code, details: (e.details ?? {}) as Record<string, unknown> };
      throw e;
    },
  );

describe.each(engines)('case deadlines (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    // "Now" is 2025-10-08 10:00 in China, after the 2025 National Day holiday (10-01 … 10-08).
    ({ t, w } = await newCaseWorld(engine, '2025-10-08T02:00:00.000Z', { calendar: true }));
  });
  afterEach(async () => t.close());

  it('WC-9(1): accepted 2025-09-30 as outside competence → transfer due 2025-10-10 (2 working days over National Day), warned, then late', async () => {
    const c = await makeCase(w, { to: 'to_transfer', receivedOn: '2025-09-29', drive: { dates: { accept: '2025-09-30' } } });
    const d = (await getCase(w.ctx.clerk, c.caseId)).deadlines[0]!;
    expect(d).toMatchObject({ kind: 'transfer', citation: 'WC-9(1)', startDate: '2025-09-30', dueDate: '2025-10-10', provisional: false, dayKind: 'working', state: 'ok', daysLate: 0 });
    t.clock.set('2025-10-09T02:00:00.000Z');
    expect((await getCase(w.ctx.clerk, c.caseId)).deadlines[0]).toMatchObject({ state: 'warning', warning: true, daysLeft: 1 });
    t.clock.set('2025-10-13T02:00:00.000Z');
    expect((await getCase(w.ctx.clerk, c.caseId)).deadlines[0]).toMatchObject({ state: 'overdue', daysLate: 3, metOn: null });
    const q = await myQueue(w.ctx.clerk, {});
    expect(q.overdue).toEqual([expect.objectContaining({ caseId: c.caseId, deadline: expect.objectContaining({ kind: 'transfer', daysLate: 3 }) })]);
    expect(q.waiting.find((x) => x.caseId === c.caseId)?.actions.map((a) => a.action)).toEqual(['transfer']);
  });

  it('WC-9(1): the days come from the rule pack in force; an installation that counts the 2 days as calendar days gets 2025-10-02', async () => {
    await updateDeadlineSettings({ ...t.deps, actor: SYSTEM_ACTOR }, { dayKind: { transfer: 'calendar' } });
    const c = await makeCase(w, { to: 'to_transfer', receivedOn: '2025-09-29', drive: { dates: { accept: '2025-09-30' } } });
    expect((await getCase(w.ctx.clerk, c.caseId)).deadlines[0]).toMatchObject({ dueDate: '2025-10-02', dayKind: 'calendar', state: 'overdue' });
    const stored = await t.deps.db.kysely.selectFrom('case_deadlines').select(['days', 'day_kind']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ days: getDeadlineParameters('banan-housing-2019', '2025-09-30').transferDays, day_kind: 'calendar' });
    // counted otherwise than the pack reads it: shown as a policy setting, with the pack's due date (working days over National Day: 10-10)
    expect((await getCase(w.ctx.clerk, c.caseId)).deadlines[0]!.countedByPolicy).toMatchObject({ packDayKind: 'working', packDueDate: '2025-10-10', zh: expect.stringContaining('【政策设置】') });
  });

  it('FL-16: 60 天 counted as working days by a setting is marked a policy setting on the case, with the due date by the pack’s calendar-day reading beside it; by the pack’s reading there is no mark', async () => {
    const plain = await makeCase(w, { to: 'investigating', receivedOn: '2025-07-20', drive: { on: '2025-08-01', dates: { start_investigation: '2025-08-05' } } });
    expect((await getCase(w.ctx.clerk, plain.caseId)).deadlines[0]!.countedByPolicy).toBeUndefined();
    await updateDeadlineSettings({ ...t.deps, actor: SYSTEM_ACTOR }, { dayKind: { handling: 'working' } });
    const c = await makeCase(w, { to: 'investigating', receivedOn: '2025-07-20', drive: { on: '2025-08-01', dates: { start_investigation: '2025-08-05' } } });
    const d = (await getCase(w.ctx.clerk, c.caseId)).deadlines[0]!;
    expect(d).toMatchObject({ kind: 'handling', dayKind: 'working' });
    expect(d.countedByPolicy).toMatchObject({ packDayKind: 'calendar', packDueDate: '2025-10-04' });
    expect(d.dueDate > '2025-10-04').toBe(true);
  });

  it('WC-9(1): transferring on time meets the deadline and ends the case', async () => {
    t.clock.set('2025-10-09T02:00:00.000Z');
    const c = await makeCase(w, { to: 'transferred', receivedOn: '2025-09-29', drive: { dates: { accept: '2025-09-30', transfer: '2025-10-09' } } });
    const v = await getCase(w.ctx.clerk, c.caseId);
    expect(v.state).toBe('transferred');
    expect(v.deadlines[0]).toMatchObject({ state: 'met', metOn: '2025-10-09', daysLate: 0 });
  });

  it('FL-16: investigation started 2025-08-05 → handling due 2025-10-04 (60 calendar days); on 2025-10-08 it is 4 days late', async () => {
    const c = await makeCase(w, { to: 'investigating', receivedOn: '2025-07-20', drive: { on: '2025-08-01', dates: { start_investigation: '2025-08-05' } } });
    const res = await t.as('investigator', { method: 'GET', url: `/api/v1/cases/${c.caseId}` });
    expect(res.json().deadlines).toEqual([
      expect.objectContaining({ kind: 'handling', citation: 'FL-16', startDate: '2025-08-05', dueDate: '2025-10-04', dayKind: 'calendar', state: 'overdue', daysLate: 4, provisional: false }),
    ]);
    const q = (await t.as('investigator', { method: 'GET', url: '/api/v1/queue' })).json();
    expect(q.counts.overdue).toBe(1);
    expect(q.overdue[0].deadline).toMatchObject({ kind: 'handling', daysLate: 4 });
    // Listing by overdue finds it.
    const list = (await t.as('clerk', { method: 'GET', url: '/api/v1/cases?overdue=true' })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([c.caseId]);
  });

  it('FL-16: a due date moved off a holiday by the roll-forward setting is labelled a policy setting, with the pack-reading due date beside it', async () => {
    await updateDeadlineSettings({ ...t.deps, actor: SYSTEM_ACTOR }, { rollForwardToWorkingDay: { handling: true } });
    const c = await makeCase(w, { to: 'investigating', receivedOn: '2025-07-20', drive: { on: '2025-08-01', dates: { start_investigation: '2025-08-05' } } });
    const d = (await getCase(w.ctx.clerk, c.caseId)).deadlines[0]!;
    expect(d.dueDate).toBe('2025-10-09');
    expect(d.movedByHolidayRule).toMatchObject({ policy: true, unmovedDueDate: '2025-10-04', citations: ['FL-16', 'CC-203'] });
    expect(d.movedByHolidayRule?.zh).toContain('【政策设置】');
    // the queue (due soon: one day left) shows the case page's view of it, label included (issue 14(5): described from the row it read)
    expect((await myQueue(w.ctx.clerk, {})).dueSoon.find((x) => x.caseId === c.caseId)?.deadline).toEqual(d);
    // Not moved: no label.
    const other = await makeCase(w, { to: 'investigating', receivedOn: '2025-07-20', drive: { on: '2025-08-01', dates: { start_investigation: '2025-08-14' } } });
    expect((await getCase(w.ctx.clerk, other.caseId)).deadlines[0]!.movedByHolidayRule).toBeUndefined();
  });

  it('WC-9(1) honest dates: a transfer recorded after its deadline passed, dated on the due date, needs a reason and is marked back-dated; dated today it is met late', async () => {
    const c = await makeCase(w, { to: 'to_transfer', receivedOn: '2025-09-29', drive: { dates: { accept: '2025-09-30' } } });
    t.clock.set('2025-10-13T02:00:00.000Z');
    const transfer = async (on: string, backdateReason?: string) =>
      performAction(w.ctx.clerk, c.caseId, 'transfer', { expectedVersion: (await getCase(w.ctx.clerk, c.caseId)).version, transferredOn: on, competentBody: '区城市管理局', reply: '已转送。', ...(backdateReason ? { backdateReason } : {}) });
    // 10-10 is the due date and 10-13 is within the 3-day back-dating limit: before, no reason was asked
    const r = await refusal(transfer('2025-10-10'));
    expect(r).toMatchObject({ code: 'BACKDATE_REASON_REQUIRED', details: { field: 'transferredOn', overdue: [{ kind: 'transfer', dueDate: '2025-10-10', internal: false }] } });
    expect((await getCase(w.ctx.clerk, c.caseId)).deadlines[0]).toMatchObject({ state: 'overdue', metOn: null });
    await transfer('2025-10-10', '10月10日已寄出转送函，今日补录');
    const v = await getCase(w.ctx.clerk, c.caseId);
    expect(v.deadlines[0]).toMatchObject({ state: 'met', metOn: '2025-10-10' });
    const step = await t.deps.db.kysely.selectFrom('case_steps').select('data').where('case_id', '=', c.caseId).where('action', '=', 'transfer').executeTakeFirstOrThrow();
    expect(JSON.parse(step.data)).toMatchObject({ backdated: { field: 'transferredOn', date: '2025-10-10', recordedOn: '2025-10-13', reason: '10月10日已寄出转送函，今日补录', overdueWhenRecorded: [{ kind: 'transfer', dueDate: '2025-10-10' }] } });
    // the honest late date needs no reason, and shows the deadline met late
    const late = await makeCase(w, { to: 'to_transfer', receivedOn: '2025-09-29', drive: { dates: { accept: '2025-09-30' }, on: '2025-09-30' } });
    await performAction(w.ctx.clerk, late.caseId, 'transfer', { expectedVersion: (await getCase(w.ctx.clerk, late.caseId)).version, transferredOn: '2025-10-13', competentBody: '区城市管理局', reply: '已转送。' });
    expect((await getCase(w.ctx.clerk, late.caseId)).deadlines[0]).toMatchObject({ state: 'met', metOn: '2025-10-13', daysLate: 3 });
  });

  it('FL-16 honest dates: a decision meeting cannot be dated before the findings it decides on; a decision recorded after the deadline passed, on a meeting dated before it, needs a reason', async () => {
    const drive = { on: '2025-08-01', dates: { start_investigation: '2025-08-05', submit_findings: '2025-10-03' } };
    const c = await makeCase(w, { to: 'findings_submitted', receivedOn: '2025-07-20', drive });
    // handling due 2025-10-04, today 2025-10-08: overdue
    expect((await getCase(w.ctx.clerk, c.caseId)).deadlines[0]).toMatchObject({ dueDate: '2025-10-04', state: 'overdue' });
    const early = await refusal(stepToward(w.ctx, c.caseId, 'decided', { dates: { decide: '2025-10-02' } }));
    expect(early).toMatchObject({ code: 'DATE_BEFORE_PREVIOUS_STEP', details: { field: 'heldOn', limit: '2025-10-03' } });
    const noReason = await refusal(stepToward(w.ctx, c.caseId, 'decided', { dates: { decide: '2025-10-04' }, backdateReason: '' }));
    expect(noReason).toMatchObject({ code: 'BACKDATE_REASON_REQUIRED', details: { field: 'meetingId', overdue: [{ kind: 'handling', dueDate: '2025-10-04' }] } });
    expect((await getCase(w.ctx.clerk, c.caseId)).state).toBe('findings_submitted');
  });

  it('FL-16: the decision meets the handling deadline (met late shows days late)', async () => {
    const c = await makeCase(w, { to: 'decided', receivedOn: '2025-07-20', drive: { on: '2025-08-01', dates: { start_investigation: '2025-08-05', submit_findings: '2025-10-06', decide: '2025-10-06' } } });
    expect((await getCase(w.ctx.clerk, c.caseId)).deadlines[0]).toMatchObject({ state: 'met', metOn: '2025-10-06', daysLate: 2 });
  });

  it('a deadline reaching an uncovered year is provisional, and recomputed when the administrator loads that year', async () => {
    t.clock.set('2026-12-30T02:00:00.000Z');
    const c = await makeCase(w, { to: 'to_transfer', receivedOn: '2026-12-29', drive: { dates: { accept: '2026-12-30' } } });
    const before = (await getCase(w.ctx.clerk, c.caseId)).deadlines[0]!;
    // Weekends only: 2026-12-31 (Thu), 2027-01-01 (Fri).
    expect(before).toMatchObject({ dueDate: '2027-01-01', provisional: true });
    await loadCalendarYear({ ...t.deps, actor: SYSTEM_ACTOR }, 2027, hypothetical2027());
    // The (hypothetical) 2027 元旦 holiday runs 01-01 … 01-03: the second working day is 01-04.
    expect((await getCase(w.ctx.clerk, c.caseId)).deadlines[0]).toMatchObject({ dueDate: '2027-01-04', provisional: false });
  });
});
