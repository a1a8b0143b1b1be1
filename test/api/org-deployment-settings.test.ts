// Organisations (issue 11): what holds for every organisation of the deployment — the deadline
// rules under every organisation's own (WC-9(1), FL-16 periods' day counting, roll-forward,
// warning) and the national holiday calendar — is changed only by an administrator of the top
// organisation. A commission's system administrator sets its own organisation's rules
// (PATCH /api/v1/orgs/:id `settings`), never another commission's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { hypothetical2027, seedCalendar } from '../factories/calendar';
import { setupDistrict, type District } from '../factories/orgs';

describe.each(engines)('Organisations: deployment-wide deadline rules and holiday calendar from the top organisation only (%s)', (engine) => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await createTestApp(engine, '2026-12-07T02:00:00.000Z');
    d = await setupDistrict(t.deps);
    await seedCalendar(t.deps);
    await t.addUser('b_sys', ['sysadmin'], null, d.bananId);
    await t.addUser('d_sys', ['sysadmin'], null, d.districtId);
    await t.addUser('a_clerk', ['clerk'], null, d.otherId);
  }, 120_000);
  afterAll(async () => t?.close());

  const dueTransfer = async () => (await t.as('a_clerk', { method: 'GET', url: '/api/v1/calendar/due-date?start=2026-12-11&kind=transfer' })).json();
  const stored = async (key: string) => t.deps.db.kysely.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();

  it('WC-9(1), issue 11: a commission’s system administrator cannot change how every organisation’s deadlines are counted (403, nothing stored); the top organisation’s administrator can', async () => {
    const before = await dueTransfer();
    expect(before).toMatchObject({ dayKind: 'working', date: '2026-12-15' });
    const refused = await t.as('b_sys', { method: 'PATCH', url: '/api/v1/calendar/deadline-rules', payload: { dayKind: { transfer: 'calendar' } } });
    expect([refused.statusCode, refused.json().error.code], refused.body).toEqual([403, 'FORBIDDEN']);
    expect(refused.json().error.messageZh).toContain('顶层机构');
    expect(await stored('deadlines.dayKind')).toBeUndefined();
    expect(await dueTransfer()).toEqual(before);
    const ok = await t.as('d_sys', { method: 'PATCH', url: '/api/v1/calendar/deadline-rules', payload: { warningDays: { transfer: 1 } } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().transfer.warningDays).toBe(1);
  });

  it('issue 11: only the top organisation’s administrator loads the national holiday calendar (PUT /calendar/years/{year}); a commission’s is refused (403) and nothing is stored', async () => {
    const year2027 = async () => t.deps.db.kysely.selectFrom('calendar_years').select('year').where('year', '=', 2027).executeTakeFirst();
    const refused = await t.as('b_sys', { method: 'PUT', url: '/api/v1/calendar/years/2027', payload: hypothetical2027() });
    expect([refused.statusCode, refused.json().error.code], refused.body).toEqual([403, 'FORBIDDEN']);
    expect(await year2027()).toBeUndefined();
    const ok = await t.as('d_sys', { method: 'PUT', url: '/api/v1/calendar/years/2027', payload: hypothetical2027() });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await year2027()).toEqual({ year: 2027 });
  });
});
