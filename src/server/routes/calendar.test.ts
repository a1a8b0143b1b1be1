import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { hypothetical2027, seedCalendar } from '../../../test/factories/calendar';

describe.each(engines)('calendar API (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-09-30T02:00:00.000Z');
    await seedCalendar(t.deps);
    await t.addUser('admin1', ['sysadmin']);
    await t.addUser('clerk1', ['clerk']);
  });
  afterEach(async () => t.close());

  const stored2027 = () => t.deps.db.kysely.selectFrom('calendar_years').select('year').where('year', '=', 2027).executeTakeFirst();

  it('lists the seeded years to anyone signed in, and nobody else', async () => {
    const r = await t.as('clerk1', { method: 'GET', url: '/api/v1/calendar/years' });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { year: number; source: string }[];
    expect(items[0]).toMatchObject({ year: 2004, source: 'chinese-days@1.5.7' });
    expect(items.at(-1)).toMatchObject({ year: 2026 });
    expect((await t.as(null, { method: 'GET', url: '/api/v1/calendar/years' })).statusCode).toBe(401);
  });

  it('shows one year; an unloaded year is a coded 404', async () => {
    const r = await t.as('clerk1', { method: 'GET', url: '/api/v1/calendar/years/2025' });
    expect(r.statusCode).toBe(200);
    expect(r.json().workdays).toContainEqual({ date: '2025-10-11', name: '国庆节' });
    expect(r.json().holidayNames).toContain('中秋节');
    const missing = await t.as('clerk1', { method: 'GET', url: '/api/v1/calendar/years/2027' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.messageZh).toContain('2027 年的节假日数据尚未载入');
  });

  it('a clerk may not load a year (403) and nothing is stored', async () => {
    const r = await t.as('clerk1', { method: 'PUT', url: '/api/v1/calendar/years/2027', payload: hypothetical2027() });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('FORBIDDEN');
    expect(await stored2027()).toBeUndefined();
  });

  it('an administrator loads 2027; WC-9(1) deadlines across New Year stop being provisional', async () => {
    const before = await t.as('clerk1', { method: 'GET', url: '/api/v1/calendar/due-date?start=2026-12-31&kind=transfer' });
    expect(before.json()).toMatchObject({ citation: 'WC-9(1)', date: '2027-01-04', provisional: true, uncoveredYears: [2027] });
    const r = await t.as('admin1', { method: 'PUT', url: '/api/v1/calendar/years/2027', payload: hypothetical2027() });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ year: 2027, source: 'admin', loadedBy: t.userIds.admin1, holidayDays: 28 });
    const after = await t.as('clerk1', { method: 'GET', url: '/api/v1/calendar/due-date?start=2026-12-31&kind=transfer' });
    expect(after.json()).toMatchObject({ date: '2027-01-05', provisional: false, uncoveredYears: [] });
  });

  it('refuses invalid data with 400 and field errors in Chinese and English, storing nothing', async () => {
    const input = hypothetical2027({ workdays: ['2027-03-03', '2027-01-01'] });
    const r = await t.as('admin1', { method: 'PUT', url: '/api/v1/calendar/years/2027', payload: input });
    expect(r.statusCode).toBe(400);
    const e = r.json().error;
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual(['workdays.0:both', 'workdays.1:not_weekend']);
    expect(e.messageZh).toMatch(/[\u4e00-\u9fa5]/);
    expect(e.messageEn).toContain('workdays.0');
    expect(await stored2027()).toBeUndefined();
  });

  it('refuses a malformed body (zod) with 400 and an incomplete year with 422', async () => {
    const bad = await t.as('admin1', { method: 'PUT', url: '/api/v1/calendar/years/2027', payload: { holidays: 'all of them' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['holidays', 'workdays']));
    const few = await t.as('admin1', { method: 'PUT', url: '/api/v1/calendar/years/2027', payload: { holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] } });
    expect(few.statusCode).toBe(422);
    expect(few.json().error.code).toBe('CALENDAR_YEAR_INVALID');
    const year = await t.as('admin1', { method: 'PUT', url: '/api/v1/calendar/years/abc', payload: hypothetical2027() });
    expect(year.statusCode).toBe(400);
    expect(await stored2027()).toBeUndefined();
  });

  it('the month view gives each day’s type and holiday name (October 2025)', async () => {
    const r = await t.as('clerk1', { method: 'GET', url: '/api/v1/calendar/month?year=2025&month=10' });
    expect(r.statusCode).toBe(200);
    const m = r.json();
    expect(m).toMatchObject({ year: 2025, month: 10, covered: true, source: 'chinese-days@1.5.7' });
    const byDate = Object.fromEntries(m.days.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2025-10-01']).toMatchObject({ type: 'holiday', holidayName: '国庆节', working: false, weekday: 3 });
    expect(byDate['2025-10-06']).toMatchObject({ type: 'holiday', holidayName: '中秋节' });
    expect(byDate['2025-10-09']).toMatchObject({ type: 'workday', working: true });
    expect(byDate['2025-10-11']).toMatchObject({ type: 'adjusted_workday', working: true, holidayName: '国庆节' });
    expect(byDate['2025-10-12']).toMatchObject({ type: 'weekend', working: false });
    expect((await t.as('clerk1', { method: 'GET', url: '/api/v1/calendar/month?year=2025&month=13' })).statusCode).toBe(400);
  });

  it('WC-9(1) and FL-16 through the calculator: 2025-09-30 → 10-10, 2025-08-05 → 10-04', async () => {
    const transfer = await t.as('clerk1', { method: 'GET', url: '/api/v1/calendar/due-date?start=2025-09-30&kind=transfer' });
    expect(transfer.json()).toEqual({ start: '2025-09-30', days: 2, dayKind: 'working', citation: 'WC-9(1)', date: '2025-10-10', provisional: false, uncoveredYears: [] });
    const handling = await t.as('clerk1', { method: 'GET', url: '/api/v1/calendar/due-date?start=2025-08-05&kind=handling' });
    expect(handling.json()).toMatchObject({ days: 60, dayKind: 'calendar', citation: 'FL-16', date: '2025-10-04' });
    const bad = await t.as('clerk1', { method: 'GET', url: '/api/v1/calendar/due-date?start=2025-02-30&kind=transfer' });
    expect(bad.statusCode).toBe(400);
  });

  it('deadline rules: everyone reads them, only an administrator changes them', async () => {
    const r = await t.as('clerk1', { method: 'GET', url: '/api/v1/calendar/deadline-rules' });
    expect(r.json().transfer).toMatchObject({ citation: 'WC-9(1)', days: 2, dayKind: 'working', warningDays: 1 });
    expect(r.json().handling).toMatchObject({ citation: 'FL-16', days: 60, dayKind: 'calendar', warningDays: 10 });
    const denied = await t.as('clerk1', { method: 'PATCH', url: '/api/v1/calendar/deadline-rules', payload: { warningDays: { handling: 5 } } });
    expect(denied.statusCode).toBe(403);
    const ok = await t.as('admin1', { method: 'PATCH', url: '/api/v1/calendar/deadline-rules', payload: { warningDays: { handling: 5 } } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().handling.warningDays).toBe(5);
  });

  it('reports years without data that deadlines need (late in 2026, before 2027 is published)', async () => {
    t.clock.set('2026-12-01T02:00:00.000Z');
    await t.addUser('admin2', ['sysadmin']); // a session from today (sessions last 12 hours)
    const r = await t.as('admin2', { method: 'GET', url: '/api/v1/calendar/uncovered-years' });
    expect(r.statusCode).toBe(200);
    expect(r.json().items).toEqual([{ year: 2027, reasons: [expect.objectContaining({ source: 'new_deadline:handling', labelZh: expect.stringContaining('FL-16') })] }]);
  });
});
