// 督办 escalation threshold (issue 12; red-team walk of 2026-12-07, "Escalation threshold"): how
// many working days an overdue step of a commission waits before it goes on to the supervisors of
// the district above (`escalateToSupervisorAfterWorkingDays`) is set by the district, the
// organisation that receives the escalation — not by the commission it watches. The commission's
// own value (set before, or restored) does not hold back the escalation; its attempts to set it
// are refused on every route and nothing is stored; the district's value applies to the
// commissions below it. Both engines, through HTTP and the real deadline scan.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { seedCalendar } from '../factories/calendar';
import { makeCase, setupCaseWorld, type CaseWorld } from '../factories/cases';
import { setupDistrict, type District } from '../factories/orgs';
import { changedTables, digestDatabase } from './db-digest';
import { inTransaction } from '../../src/db/tx';
import { writeSettingAt } from '../../src/services/orgs/org-settings-repo';
import { scanDeadlines } from '../../src/services/notify/scanner';

/** what a refused request may still leave behind: the caller's session use, the audit of the refusal, rate-limit counters */
const BOOKKEEPING = ['sessions', 'audit_log', 'audit_head', 'rate_limit_hits'];

describe.each(engines)('督办 escalation threshold set by the supervising organisation (%s)', (engine) => {
  let t: TestApp;
  let d: District;
  let b: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-08-01T02:00:00.000Z');
    await seedCalendar(t.deps);
    d = await setupDistrict(t.deps);
    b = await setupCaseWorld(t); // the Banan commission, below the district
    await t.addUser('d_sys', ['sysadmin'], null, d.districtId); // the district's administrator (top of the tree)
    await t.addUser('b_sys', ['sysadmin']); // the commission's own administrator
    await t.addUser('jiandu', ['oversight'], null, d.districtId); // the district's supervising account
  }, 300_000);
  afterEach(async () => t?.close());

  /** FL-16: investigation started 2025-08-05, handling due 2025-10-04 (60 calendar days); the case waits on the team. */
  const overdueCase = async () => {
    t.clock.set('2025-08-06T02:00:00.000Z');
    return makeCase(b, { to: 'investigating', receivedOn: '2025-07-20', drive: { on: '2025-08-01', dates: { start_investigation: '2025-08-05' } } });
  };
  /** the 督办 the district's supervisor has received about the case */
  const toSupervisor = async (caseId: string) =>
    t.deps.db.kysely.selectFrom('notifications').select('id').where('kind', '=', 'escalation').where('case_id', '=', caseId).where('user_id', '=', t.userIds.jiandu!).execute();
  const settingsOf = async (user: string) => {
    const r = await t.as(user, { method: 'GET', url: '/api/v1/notifications/settings' });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { escalateToSupervisorAfterWorkingDays: number; escalation: { editable: boolean; setBy: { id: string; name: string } | null }; internalTargetDays: Record<string, number> };
  };
  const orgVersion = async (orgId: string): Promise<number> => ((await t.as('d_sys', { method: 'GET', url: '/api/v1/orgs' })).json().items as { id: string; version: number }[]).find((o) => o.id === orgId)!.version;

  it('督办 (issue 12): the watched commission’s own threshold of 60 does not stop the escalation to the district supervisor after the district’s 5 working days', async () => {
    // the commission's own level holds 60 (stored before this rule, or restored from a backup)
    await inTransaction(t.deps.db, (tx) => writeSettingAt(tx, { base: 'notify.settings', orgId: d.bananId }, { escalateToSupervisorAfterWorkingDays: 60 }, t.clock.now().toISOString()));
    // the commission's page shows the threshold in force, read-only, and who sets it
    expect(await settingsOf('b_sys')).toMatchObject({ escalateToSupervisorAfterWorkingDays: 5, escalation: { editable: false, setBy: { id: d.districtId } } });
    const c = await overdueCase();
    t.clock.set('2025-10-13T02:00:00.000Z'); // four working days late (10-09, 10-10, 10-11 adjusted workday, 10-13)
    await scanDeadlines(t.deps);
    expect(await toSupervisor(c.caseId)).toHaveLength(0);
    t.clock.set('2025-10-14T02:00:00.000Z'); // five: the deployment default the district follows
    await scanDeadlines(t.deps);
    expect(await toSupervisor(c.caseId)).toHaveLength(1);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('after_json').where('action', '=', 'notify.escalation').where('entity_id', '=', c.caseId).orderBy('seq').execute();
    expect(audit.map((a) => JSON.parse(a.after_json!) as { level: string; supervisingOrgId?: string }).find((a) => a.level === 'supervisor')).toMatchObject({ supervisingOrgId: d.districtId });
  });

  it('督办 (issue 12): the watched commission may not set its own threshold — the settings route and the organisation edit refuse it (ESCALATION_THRESHOLD_SET_ABOVE, zh/en), whoever edits the commission; nothing stored changes; its other settings stay its own', async () => {
    // a value left at the commission's level from before this rule
    await inTransaction(t.deps.db, (tx) => writeSettingAt(tx, { base: 'notify.settings', orgId: d.bananId }, { escalateToSupervisorAfterWorkingDays: 60 }, t.clock.now().toISOString()));
    const before = await digestDatabase(t.deps.db);
    const put = await t.as('b_sys', { method: 'PUT', url: '/api/v1/notifications/settings', payload: { escalateToSupervisorAfterWorkingDays: 60, internalTargetDays: { accept: 2 } } });
    expect([put.statusCode, put.json().error.code]).toEqual([403, 'ESCALATION_THRESHOLD_SET_ABOVE']);
    expect(put.json().error.messageZh).toContain('上级监督机关');
    expect(put.json().error.messageEn).toContain('supervising organisation');
    expect(put.json().error.details).toMatchObject({ fields: [{ path: 'escalateToSupervisorAfterWorkingDays' }], setBy: { id: d.districtId } });
    const v = await orgVersion(d.bananId);
    // the commission's administrator through its own organisation's record, and the district's administrator on the commission's level
    for (const who of ['b_sys', 'd_sys']) {
      const patch = await t.as(who, { method: 'PATCH', url: `/api/v1/orgs/${d.bananId}`, payload: { version: v, settings: { 'notify.settings': { escalateToSupervisorAfterWorkingDays: 60 } } } });
      expect([patch.statusCode, patch.json().error?.code], `${who}: ${patch.body}`).toEqual([403, 'ESCALATION_THRESHOLD_SET_ABOVE']);
    }
    expect(changedTables(before, await digestDatabase(t.deps.db)).filter((x) => !BOOKKEEPING.includes(x))).toEqual([]);
    expect(await settingsOf('b_sys')).toMatchObject({ escalateToSupervisorAfterWorkingDays: 5, internalTargetDays: { accept: 3 } });
    // the reminders and channels remain the commission's own
    const own = await t.as('b_sys', { method: 'PUT', url: '/api/v1/notifications/settings', payload: { internalTargetDays: { accept: 2 }, orgWebhookKinds: ['escalation', 'deadline'] } });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ internalTargetDays: { accept: 2 }, orgWebhookKinds: ['escalation', 'deadline'], escalateToSupervisorAfterWorkingDays: 5 });
    // and the value left at its level is not written back
    const row = await t.deps.db.kysely.selectFrom('organisations').select('settings').where('id', '=', d.bananId).executeTakeFirstOrThrow();
    expect((JSON.parse(row.settings) as Record<string, Record<string, unknown>>)['notify.settings']).toEqual({ internalTargetDays: { accept: 2 }, orgWebhookKinds: ['escalation', 'deadline'] });
  });

  it('督办 (issue 12): the district (the supervising organisation) sets the threshold for the commissions below it — after its 2 working days the commission’s overdue case reaches its supervisors', async () => {
    const set = await t.as('d_sys', { method: 'PUT', url: '/api/v1/notifications/settings', payload: { escalateToSupervisorAfterWorkingDays: 2 } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ escalateToSupervisorAfterWorkingDays: 2, escalation: { editable: true, setBy: { id: d.districtId } } });
    expect(await settingsOf('b_sys')).toMatchObject({ escalateToSupervisorAfterWorkingDays: 2, escalation: { editable: false, setBy: { id: d.districtId } } });
    const c = await overdueCase();
    t.clock.set('2025-10-09T02:00:00.000Z'); // one working day late (10-09): the leader only
    await scanDeadlines(t.deps);
    expect(await toSupervisor(c.caseId)).toHaveLength(0);
    t.clock.set('2025-10-10T02:00:00.000Z'); // two (10-09, 10-10)
    await scanDeadlines(t.deps);
    expect(await toSupervisor(c.caseId)).toHaveLength(1);
  });
});
