// Organisations (issue 11): deadline periods come from the rule pack the case's organisation (or,
// for the due-date calculator, the caller's organisation) applies on the start date — days,
// citation and the last-day-on-holiday reading — not from the deployment's default pack; the
// deadline scan's reminders name the period set for the deadline. A test pack (registered here
// beside the Banan pack, chosen by the second commission) handles in 30 days, rolls a last day on
// a holiday forward, and cites APL-85 first for the transfer.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { seedCalendar } from '../factories/calendar';
import { makeCase, type CaseWorld } from '../factories/cases';
import { chooseRulePacks, setupTwoCommissions, type District } from '../factories/orgs';
import { scanDeadlines } from '../../src/services/notify/scanner';
import type * as Registry from '../../src/rules/registry';

const PACK_ID = 'banan-periods-test';

vi.mock('../../src/rules/registry', async (importOriginal) => {
  const real = await importOriginal<typeof Registry>();
  const { bananHousing2019 } = await import('../../src/rules/packs/banan-housing-2019');
  const P = bananHousing2019.parameters as unknown as { deadlines: { values: { value: Record<string, unknown> }[] } };
  const v = P.deadlines.values[0]!;
  const deadlines = {
    ...P.deadlines,
    values: [{ ...v, value: { ...v.value, handlingDays: 30, transferCitations: ['APL-85', 'WC-9(1)'], lastDayOnHoliday: { ...(v.value.lastDayOnHoliday as object), handling: 'roll_forward' } } }],
  };
  const pack = { ...bananHousing2019, id: 'banan-periods-test', validity: { ...bananHousing2019.validity, from: '2019-11-27' }, parameters: { ...bananHousing2019.parameters, deadlines } };
  // registered first: the deployment's default pack (the last registered) stays the Banan pack
  return { ...real, REGISTERED_PACKS: [pack, ...real.REGISTERED_PACKS] };
});

describe.each(engines)('Organisations: deadline periods from the pack of the case’s organisation (%s)', (engine) => {
  let t: TestApp;
  let d: District;
  let b: CaseWorld;
  let a: CaseWorld;
  beforeAll(async () => {
    t = await createTestApp(engine, '2025-09-10T02:00:00.000Z');
    ({ d, b, a } = await setupTwoCommissions(t));
    // the holidays of 2025 (国庆节 10-01..10-08), so a last day on a holiday can be moved
    await seedCalendar(t.deps);
    await chooseRulePacks(t, { [d.bananId]: 'banan-housing-2019', [d.otherId]: PACK_ID });
  }, 300_000);
  afterAll(async () => t?.close());

  it('FL-16 due-date calculator: the handling period is that of the caller’s organisation’s pack on the start date (30 days rolled off the National Day holiday), not the default pack’s 60 days', async () => {
    const due = async (user: string) => {
      const r = await t.as(user, { method: 'GET', url: '/api/v1/calendar/due-date?kind=handling&start=2025-09-01' });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    expect(await due('clerk')).toMatchObject({ days: 60, dayKind: 'calendar', citation: 'FL-16', date: '2025-10-31' });
    // day 30 is 2025-10-01, a holiday: this pack moves the last day to the next working day
    expect(await due('a_clerk')).toMatchObject({ days: 30, dayKind: 'calendar', citation: 'FL-16', date: '2025-10-09' });
  });

  it('WC-9(1) transfer deadline: a case’s stored deadline cites its organisation’s pack (APL-85 first there), not the default pack', async () => {
    const citation = async (w: CaseWorld) => {
      const c = await makeCase(w, { to: 'to_transfer', drive: { transfer: true } });
      const row = await t.deps.db.kysely.selectFrom('case_deadlines').select(['kind', 'citation', 'days']).where('case_id', '=', c.caseId).executeTakeFirstOrThrow();
      return row;
    };
    expect(await citation(b)).toEqual({ kind: 'transfer', citation: 'WC-9(1)', days: 2 });
    expect(await citation(a)).toEqual({ kind: 'transfer', citation: 'APL-85', days: 2 });
  });

  it('FL-16 handling deadline and its reminder: the deadline runs the 30 days of its organisation’s pack, rolled off the holiday by that pack, and the scan’s reminder names 30 days, not the default pack’s 60', async () => {
    const c = await makeCase(a, { to: 'investigating', tracks: ['FL'], drive: { on: '2025-09-01' } });
    const row = await t.deps.db.kysely.selectFrom('case_deadlines').select(['days', 'due_date', 'citation']).where('case_id', '=', c.caseId).where('kind', '=', 'handling').executeTakeFirstOrThrow();
    expect(row).toEqual({ days: 30, due_date: '2025-10-09', citation: 'FL-16' });
    t.clock.set('2025-09-26T02:00:00.000Z');
    const r = await scanDeadlines(t.deps);
    expect(r.reminders).toBeGreaterThan(0);
    const titles = (await t.deps.db.kysely.selectFrom('notifications').select('title_zh').where('case_id', '=', c.caseId).where('kind', '=', 'deadline').execute()).map((n) => n.title_zh);
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) {
      expect(title).toContain('自调查之日起30天内');
      expect(title).not.toContain('60天');
    }
  });
});
