import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hypothetical2027, seedCalendar } from '../../test/factories/calendar';
import { closeTestDb, engines, openTestDb, PG_URL } from '../../test/db';
import { verifyAuditChain } from '../audit/audit-verify';
import { calendarEvents, type CalendarYearLoadedEvent } from '../calendar/events';
import { openDatabase, type Db, type DialectName } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { MemoryFileStore } from '../files/file-store';
import { FixedClock } from '../lib/clock';
import { SYSTEM_ACTOR, type Actor, type Role } from '../policies/roles';
import {
  calendarMonth,
  computeDeadline,
  deadlineDescriber,
  describeDeadline,
  getCalendarYear,
  getDeadlineSettings,
  getWorkingCalendar,
  listCalendarYears,
  loadCalendarYear,
  seedCalendarFromPackage,
  uncoveredYearsReport,
  updateDeadlineSettings,
} from './calendar-service';
import type { Ctx, Deps } from './context';

const actor = (roles: Role[], userId = `u-${roles.join('-')}`): Actor => ({ userId, username: userId, displayName: userId, roles, personId: null });

const auditActions = async (db: Db) => (await db.kysely.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);
const yearRow = (db: Db, year: number) => db.kysely.selectFrom('calendar_years').selectAll().where('year', '=', year).executeTakeFirst();

describe.each(engines)('calendar service (%s)', (engine) => {
  let db: Db;
  let deps: Deps;
  let clock: FixedClock;
  const as = (roles: Role[]): Ctx => ({ ...deps, actor: actor(roles) });
  const admin = (): Ctx => as(['sysadmin']);

  beforeEach(async () => {
    db = await openTestDb(engine);
    clock = new FixedClock('2025-09-30T02:00:00.000Z');
    deps = { db, clock, files: new MemoryFileStore() };
  });
  afterEach(async () => closeTestDb(db));

  describe('seeding from chinese-days', () => {
    it('loads 2004–2026 once, audited; running again (every start) changes nothing', async () => {
      const first = await seedCalendarFromPackage(deps);
      expect(first.inserted).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
      expect(first.invalid).toEqual([]);
      const second = await seedCalendarFromPackage(deps);
      expect(second.inserted).toEqual([]);
      expect(second.kept).toHaveLength(23);
      expect(await auditActions(db)).toEqual(['calendar.seed']);
      expect(await yearRow(db, 2025)).toMatchObject({ source: 'chinese-days@1.5.7', loaded_by: 'system', revision: 1 });
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });

    it('never overwrites a year an administrator loaded', async () => {
      // An administrator's own 2025 (e.g. a local extra day off) must survive the next start.
      const h2025 = [...Array.from({ length: 12 }, (_, i) => ({ date: `2025-10-${String(i + 1).padStart(2, '0')}`, name: '国庆节' }))];
      await loadCalendarYear(admin(), 2025, { holidays: h2025, workdays: [] });
      const r = await seedCalendarFromPackage(deps);
      expect(r.inserted).not.toContain(2025);
      expect(await yearRow(db, 2025)).toMatchObject({ source: 'admin' });
    });
  });

  describe('deadlines from the stored calendar', () => {
    beforeEach(async () => {
      await seedCalendar(deps);
    });

    it('WC-9(1)/FL-16: days already past counted the deadlines that ran over them — a load that changes them needs its reason, kept in the audit record; future days change freely', async () => {
      const current = await getCalendarYear(admin(), 2025);
      const holidays = current.holidays.map((h) => ({ date: h.date, name: h.name }));
      const workdays = current.workdays.map((w) => ({ date: w.date, name: w.name }));
      // today is 2025-09-30: 2025-09-15 (a Monday) is past
      const past = { holidays: [...holidays, { date: '2025-09-15', name: '临时休假' }], workdays };
      await expect(loadCalendarYear(admin(), 2025, past)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', details: { dates: ['2025-09-15'] } });
      expect((await getCalendarYear(admin(), 2025)).holidays.map((h) => h.date)).not.toContain('2025-09-15');
      await loadCalendarYear(admin(), 2025, { ...past, pastChangeReason: '区政府通知当日全区放假，补正日历' });
      const audit = await db.kysely.selectFrom('audit_log').select('after_json').where('action', '=', 'calendar.year.load').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(JSON.parse(audit.after_json!)).toMatchObject({ pastChanged: ['2025-09-15'], pastChangeReason: '区政府通知当日全区放假，补正日历' });
      // a day still ahead: no reason asked
      await loadCalendarYear(admin(), 2025, { holidays: [...past.holidays, { date: '2025-12-15', name: '临时休假' }], workdays });
    });

    it('WC-9(1): accepted 2025-09-30 → transfer due 2025-10-10 (working days, holidays 10-01..10-08)', async () => {
      expect(await computeDeadline(deps, 'transfer', '2025-09-30')).toEqual({
        kind: 'transfer',
        citation: 'WC-9(1)',
        startDate: '2025-09-30',
        dueDate: '2025-10-10',
        provisional: false,
        uncoveredYears: [],
        days: 2,
        dayKind: 'working',
        warningDays: 1,
      });
    });

    it('FL-16: investigation started 2025-08-05 → handling due 2025-10-04 (60 calendar days, day 1 = 08-06)', async () => {
      expect(await computeDeadline(deps, 'handling', '2025-08-05')).toMatchObject({ citation: 'FL-16', dueDate: '2025-10-04', provisional: false, dayKind: 'calendar' });
    });

    it('WC-9(1): the 调休 working Saturday 2025-10-11 counts (accepted 10-09 → due 10-11)', async () => {
      expect((await computeDeadline(deps, 'transfer', '2025-10-09')).dueDate).toBe('2025-10-11');
    });

    it('refuses a start date no case can have (year 9999) as a validation error, not an internal one', async () => {
      await expect(computeDeadline(deps, 'handling', '9999-12-01')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(computeDeadline(deps, 'transfer', '2025-02-30')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('works inside another service’s transaction (uses the tx, no deadlock on SQLite)', async () => {
      const { inTransaction } = await import('../db/tx');
      const r = await inTransaction(db, (tx) => computeDeadline(deps, 'transfer', '2025-09-30', tx));
      expect(r.dueDate).toBe('2025-10-10');
    });

    it('describeDeadline reports the state on the clock’s China date', async () => {
      clock.set('2025-10-09T01:00:00.000Z'); // 09:00 in China
      expect(await describeDeadline(deps, { kind: 'transfer', start: '2025-09-30', due: '2025-10-10', provisional: false })).toMatchObject({
        state: 'warning',
        workingDaysLeft: 1,
      });
      clock.set('2025-10-10T16:30:00.000Z'); // 00:30 on 10-11 in China: one day late
      expect(await describeDeadline(deps, { kind: 'transfer', start: '2025-09-30', due: '2025-10-10', provisional: false })).toMatchObject({
        state: 'overdue',
        daysLate: 1,
      });
    });

    it('deadlineDescriber describes many stored deadlines with one read; a stored deadline keeps its own counting', async () => {
      clock.set('2025-10-09T01:00:00.000Z');
      await updateDeadlineSettings(admin(), { dayKind: { transfer: 'calendar' } });
      const d = await deadlineDescriber(deps);
      expect(d.today).toBe('2025-10-09');
      // Stored before the setting changed, as 2 working days: still counted in working days.
      expect(d.describe({ kind: 'transfer', start: '2025-09-30', due: '2025-10-10', provisional: false, dayKind: 'working' })).toMatchObject({
        state: 'warning',
        dayKind: 'working',
        workingDaysLeft: 1,
      });
      expect(d.describe({ kind: 'transfer', start: '2025-10-08', due: '2025-10-10', provisional: false })).toMatchObject({ dayKind: 'calendar', workingDaysLeft: null });
      expect(d.describe({ kind: 'handling', start: '2025-08-05', due: '2025-10-04', provisional: false })).toMatchObject({ state: 'overdue', daysLate: 5, citation: 'FL-16' });
    });

    it('settings change the reading: transfer in calendar days, warning windows', async () => {
      await updateDeadlineSettings(admin(), { dayKind: { transfer: 'calendar' }, warningDays: { handling: 15 } });
      expect((await computeDeadline(deps, 'transfer', '2025-09-30')).dueDate).toBe('2025-10-02');
      const s = await getDeadlineSettings(deps);
      expect(s.handling.warningDays).toBe(15);
      expect(s.transfer.warningDays).toBe(1);
      await updateDeadlineSettings(admin(), { dayKind: { transfer: 'working' } });
      expect((await computeDeadline(deps, 'transfer', '2025-09-30')).dueDate).toBe('2025-10-10');
      expect((await getDeadlineSettings(deps)).handling.warningDays).toBe(15);
      expect((await auditActions(db)).filter((a) => a === 'settings.update')).toHaveLength(3);
    });

    it('only an administrator changes deadline settings', async () => {
      await expect(updateDeadlineSettings(as(['clerk']), { warningDays: { transfer: 0 } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(updateDeadlineSettings(admin(), { warningDays: { transfer: -1 } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(updateDeadlineSettings(admin(), { dayKind: { appeal: 'working' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await getDeadlineSettings(deps)).transfer.warningDays).toBe(1);
    });

    it('the month view marks holidays with their names and 调休 days', async () => {
      const m = await calendarMonth(as(['subject']), 2025, 10);
      expect(m).toMatchObject({ year: 2025, month: 10, covered: true, source: 'chinese-days@1.5.7' });
      expect(m.days[5]).toMatchObject({ date: '2025-10-06', type: 'holiday', holidayName: '中秋节', working: false });
      expect(m.days[10]).toMatchObject({ date: '2025-10-11', type: 'adjusted_workday', working: true });
      const jan27 = await calendarMonth(as(['clerk']), 2027, 1);
      expect(jan27).toMatchObject({ covered: false, source: null });
      expect(jan27.days[0]).toMatchObject({ date: '2027-01-01', type: 'workday', covered: false });
    });
  });

  describe('an uncovered year: provisional, reported, final after loading', () => {
    beforeEach(async () => {
      await seedCalendar(deps);
    });

    it('WC-9(1): accepted 2026-12-31 is provisional (2027 weekends only); loading 2027 recomputes it in the same transaction', async () => {
      const before = await computeDeadline(deps, 'transfer', '2026-12-31');
      expect(before).toMatchObject({ dueDate: '2027-01-04', provisional: true, uncoveredYears: [2027] });

      // The case workflow's pattern: a stored deadline with a provisional flag, recomputed by a
      // listener with the loading transaction (here a settings row stands in for its table).
      await db.kysely.insertInto('settings').values({ key: 'test.deadline', value: JSON.stringify(before), updated_at: 'x' }).execute();
      const events: CalendarYearLoadedEvent[] = [];
      const off = calendarEvents.onYearLoaded(async (e) => {
        events.push(e);
        const stored = JSON.parse((await e.tx.selectFrom('settings').select('value').where('key', '=', 'test.deadline').executeTakeFirstOrThrow()).value);
        if (!stored.provisional || !stored.uncoveredYears.includes(e.year)) return;
        const again = await computeDeadline(deps, 'transfer', stored.startDate, e.tx);
        await e.tx.updateTable('settings').set({ value: JSON.stringify(again) }).where('key', '=', 'test.deadline').execute();
      });
      try {
        await loadCalendarYear(admin(), 2027, hypothetical2027());
      } finally {
        off();
      }
      expect(events.map((e) => [e.year, e.previous, e.actorId])).toEqual([[2027, null, 'u-sysadmin']]);
      expect(events[0]!.calendar.covers(2027)).toBe(true);
      const stored = JSON.parse((await db.kysely.selectFrom('settings').select('value').where('key', '=', 'test.deadline').executeTakeFirstOrThrow()).value);
      expect(stored).toMatchObject({ dueDate: '2027-01-05', provisional: false, uncoveredYears: [] });
      expect(await computeDeadline(deps, 'transfer', '2026-12-31')).toMatchObject({ dueDate: '2027-01-05', provisional: false });
    });

    it('a listener that fails rolls the whole load back: nothing stored, nothing audited', async () => {
      const off = calendarEvents.onYearLoaded(() => {
        throw new Error('recompute failed');
      });
      try {
        await expect(loadCalendarYear(admin(), 2027, hypothetical2027())).rejects.toThrow('recompute failed');
      } finally {
        off();
      }
      expect(await yearRow(db, 2027)).toBeUndefined();
      expect(await auditActions(db)).toEqual(['calendar.seed']);
      expect((await computeDeadline(deps, 'transfer', '2026-12-31')).provisional).toBe(true);
    });

    it('the administrator’s report lists years needed by new and stored deadlines until they are loaded', async () => {
      clock.set('2026-11-20T02:00:00.000Z');
      const off = calendarEvents.registerYearDemand({
        id: 'test-deadlines',
        labelZh: '待定的案件期限',
        labelEn: 'provisional case deadlines',
        neededYears: async () => [
          { year: 2027, count: 3 },
          { year: 2026, count: 5 }, // covered: filtered out
        ],
      });
      try {
        const r = await uncoveredYearsReport(as(['sysadmin']));
        expect(r.today).toBe('2026-11-20');
        expect(r.coveredYears.at(-1)).toBe(2026);
        expect(r.items.map((i) => i.year)).toEqual([2027]);
        // 2026-11-20 + 60 days = 2027-01-19 (FL-16); the transfer (2 working days) stays in 2026.
        expect(r.items[0]!.reasons.map((x) => [x.source, x.count])).toEqual([
          ['new_deadline:handling', 1],
          ['test-deadlines', 3],
        ]);
        await loadCalendarYear(admin(), 2027, hypothetical2027());
        expect((await uncoveredYearsReport(as(['sysadmin']))).items).toEqual([]);
      } finally {
        off();
      }
    });

    it('an empty calendar table makes the current year itself a reported need', async () => {
      await db.kysely.deleteFrom('calendar_years').execute();
      const r = await uncoveredYearsReport(as(['clerk']));
      expect(r.items[0]).toMatchObject({ year: 2025, reasons: [expect.objectContaining({ source: 'current_year' })] });
      expect((await computeDeadline(deps, 'transfer', '2025-09-30')).provisional).toBe(true);
    });
  });

  describe('loading a year (administrators)', () => {
    it('stores, audits with before/after, and replaces on a second load', async () => {
      const first = await loadCalendarYear(admin(), 2027, hypothetical2027());
      expect(first).toMatchObject({ year: 2027, source: 'admin', loadedBy: 'u-sysadmin', revision: 1, holidayDays: 28, adjustedWorkdays: 5 });
      expect(first.holidayNames).toEqual(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']);
      expect(first.workdays).toContainEqual({ date: '2027-05-08', name: null });
      const input = hypothetical2027();
      const second = await loadCalendarYear(admin(), 2027, { ...input, workdays: input.workdays.slice(0, 2) });
      expect(second).toMatchObject({ revision: 2, adjustedWorkdays: 2 });
      const audits = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'calendar.year.load').orderBy('seq').execute();
      expect(audits).toHaveLength(2);
      expect(audits[0]!.before_json).toBeNull();
      expect(JSON.parse(audits[1]!.before_json!).workdays).toHaveLength(5);
      expect(JSON.parse(audits[1]!.after_json!).workdays).toHaveLength(2);
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });

    type Input = ReturnType<typeof hypothetical2027>;
    it.each<[string, (b: Input) => Input, string, string, string | undefined]>([
      ['a date outside the year', (b) => ({ ...b, holidays: [{ date: '2026-12-31', name: '元旦' }, ...b.holidays] }), 'VALIDATION_FAILED', 'holidays.0.date', 'outside_year'],
      ['a day both holiday and working day', (b) => ({ ...b, workdays: ['2027-01-02'] }), 'VALIDATION_FAILED', 'workdays.0', 'both'],
      ['an adjusted working day on a weekday', (b) => ({ ...b, workdays: ['2027-03-03'] }), 'VALIDATION_FAILED', 'workdays.0', 'not_weekend'],
      ['an impossible date', (b) => ({ ...b, workdays: ['2027-02-30'] }), 'VALIDATION_FAILED', 'workdays.0', 'bad_date'],
      ['a malformed date', (b) => ({ ...b, workdays: ['27-1-2'] }), 'VALIDATION_FAILED', 'workdays.0', undefined],
      ['a holiday without a name', (b) => ({ ...b, holidays: [{ date: '2027-01-01', name: ' ' }, ...b.holidays.slice(1)] }), 'VALIDATION_FAILED', 'holidays.0.name', undefined],
      ['too few holidays (a truncated upload)', (b) => ({ ...b, holidays: b.holidays.slice(0, 3) }), 'CALENDAR_YEAR_INVALID', 'holidays', 'too_few_holidays'],
    ])('refuses %s and stores nothing', async (_label, patch, code, fieldPath, fieldCode) => {
      const err = await loadCalendarYear(admin(), 2027, patch(hypothetical2027())).catch((e: unknown) => e);
      expect(err).toMatchObject({ code });
      const fields = (err as { details: { fields: { path: string; code: string; zh: string; en: string }[] } }).details.fields;
      expect(fields[0]).toMatchObject({ path: fieldPath, ...(fieldCode ? { code: fieldCode } : {}) });
      expect(fields[0]!.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(await yearRow(db, 2027)).toBeUndefined();
      expect(await auditActions(db)).toEqual([]);
    });

    it('refuses years outside 2000–2100', async () => {
      await expect(loadCalendarYear(admin(), 1999, hypothetical2027())).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('only an administrator may load; everyone signed in may read', async () => {
      for (const roles of [['clerk'], ['leader'], ['subject']] as Role[][]) {
        await expect(loadCalendarYear(as(roles), 2027, hypothetical2027())).rejects.toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(await yearRow(db, 2027)).toBeUndefined();
      await loadCalendarYear({ ...deps, actor: SYSTEM_ACTOR }, 2027, hypothetical2027());
      expect((await listCalendarYears(as(['subject']))).map((y) => y.year)).toEqual([2027]);
      expect((await getCalendarYear(as(['investigator']), 2027)).holidays).toHaveLength(28);
      await expect(getCalendarYear(as(['clerk']), 2030)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('the cached calendar', () => {
    it('is reused while the table is unchanged and rebuilt after a load', async () => {
      await seedCalendar(deps);
      const a = await getWorkingCalendar(deps);
      expect(await getWorkingCalendar(deps)).toBe(a);
      await loadCalendarYear(admin(), 2027, hypothetical2027());
      const b = await getWorkingCalendar(deps);
      expect(b).not.toBe(a);
      expect(b.covers(2027)).toBe(true);
    });

    it('a second process sharing the database sees a year loaded by the first on its next call', async () => {
      // Two handles on one database stand for two app processes (a shared SQLite file, or one
      // PostgreSQL schema).
      const { first, second, cleanup } = await twoHandles(engine, db);
      try {
        const d1: Deps = { db: first, clock, files: new MemoryFileStore() };
        const d2: Deps = { db: second, clock, files: new MemoryFileStore() };
        await seedCalendar(d1);
        expect((await computeDeadline(d2, 'transfer', '2026-12-31')).provisional).toBe(true);
        await loadCalendarYear({ ...d1, actor: actor(['sysadmin']) }, 2027, hypothetical2027());
        expect(await computeDeadline(d2, 'transfer', '2026-12-31')).toMatchObject({ provisional: false, dueDate: '2027-01-05' });
        // A replacement with the same row count is seen too (revision, not count, changed).
        const input = hypothetical2027();
        await loadCalendarYear({ ...d1, actor: actor(['sysadmin']) }, 2027, { ...input, holidays: input.holidays.filter((h) => h.date !== '2027-01-01') });
        expect((await computeDeadline(d2, 'transfer', '2026-12-31')).dueDate).toBe('2027-01-04');
      } finally {
        await cleanup();
      }
    });
  });
});

async function twoHandles(engine: DialectName, db: Db): Promise<{ first: Db; second: Db; cleanup: () => Promise<void> }> {
  if (engine === 'sqlite') {
    // An in-memory database cannot be opened twice: use a file, as two processes would.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-cal-'));
    const first = await openDatabase({ dataDir: dir });
    await migrateToLatest(first);
    const second = await openDatabase({ dataDir: dir });
    return {
      first,
      second,
      cleanup: async () => {
        await first.close();
        await second.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  // A second pool on the test's own (already migrated) schema.
  const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0]!.s;
  const second = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 2 });
  return { first: db, second, cleanup: () => second.close() };
}
