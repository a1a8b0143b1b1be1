// Issue 12 parts 2–3: an alert is sent through notify() (bell, e-mail, webhook by preferences) —
// to its owner when raised, or to the organisation's clerks when it has none, and to the person
// it is assigned to — once per alert, in the transaction that raises or assigns it. Alert rules
// and notification settings are per organisation over a deployment default.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestDb, engines, openTestDb } from '../../../test/db';
import { makeStaffUser } from '../../../test/factories/campaigns';
import { setupDistrict } from '../../../test/factories/orgs';
import { ctxAs, makePersonWithCertificate } from '../../../test/factories/registers';
import { MemoryFileStore } from '../../files/file-store';
import { FixedClock } from '../../lib/clock';
import type { Role } from '../../policies/roles';
import type { Ctx, Deps } from '../context';
import { listMyNotifications, getNotifySettings, resetOrgNotifySettings, updateMyPrefs, updateNotifySettings } from '../notify/service';
import { readNotifySettings } from '../notify/settings';
import { DEFAULT_ALERT_RULES } from './alert-rules';
import { actOnAlert, evaluateAlerts, getAlertRules, listAlerts, resetAlertRules, setAlertRules } from './alerts-service';

describe.each(engines)('alerts through notifications, rules per organisation (%s)', (engine) => {
  let deps: Deps;
  let clock: FixedClock;
  beforeEach(async () => {
    clock = new FixedClock('2025-09-01T02:00:00.000Z');
    deps = { db: await openTestDb(engine), clock, files: new MemoryFileStore() };
  });
  afterEach(async () => closeTestDb(deps.db));

  const emailMe = (ctx: Ctx, email: string) => updateMyPrefs(ctx, { email, emailEnabled: true, webhookUrl: null, webhookEnabled: false, mutedKinds: [] });
  const alertMails = async () => (await deps.db.kysely.selectFrom('notification_outbox').select(['target', 'payload']).where('channel', '=', 'email').orderBy('created_at').orderBy('id').execute()).map((r) => ({ to: r.target, subject: (JSON.parse(r.payload) as { subject: string }).subject }));
  const orgCtx = (roles: Role[], orgId: string, userId = `u-${orgId}-${roles.join('-')}`): Ctx => ({ ...deps, actor: { userId, username: userId, displayName: userId, roles, personId: null, orgId, orgScope: [orgId] } });

  it('a raised alert tells its owner (bell and e-mail) once; unowned, the clerks of its organisation; evaluating again sends nothing', async () => {
    const owner = await makeStaffUser(deps, ['clerk']);
    const clerk2 = await makeStaffUser(deps, ['clerk']);
    await emailMe(owner.actor, 'owner@wenze.test');
    await emailMe(clerk2.actor, 'clerk2@wenze.test');
    await setAlertRules(owner.actor, { ...DEFAULT_ALERT_RULES, defaultOwnerUserId: owner.userId });
    await makePersonWithCertificate(deps, { certificate: { validTo: '2025-09-20' } });
    expect((await evaluateAlerts(deps, clock.now())).raised).toBe(1);
    const [a] = await listAlerts(owner.actor, {});
    expect(a).toMatchObject({ ownerUserId: owner.userId, level: 'yellow' });
    const bell = await listMyNotifications(owner.actor, {});
    expect(bell.items).toEqual([expect.objectContaining({ kind: 'alert', level: 'warning', titleZh: expect.stringContaining('黄牌'), link: '/alerts' })]);
    expect(bell.items[0]!.titleZh).toContain(a!.titleZh);
    // written with the alert: same instant, one e-mail, to the owner only
    const n = await deps.db.kysely.selectFrom('notifications').select(['user_id', 'created_at']).execute();
    expect(n).toEqual([{ user_id: owner.userId, created_at: a!.raisedAt }]);
    expect(await alertMails()).toEqual([{ to: 'owner@wenze.test', subject: expect.stringContaining('新预警') }]);
    expect((await evaluateAlerts(deps, clock.now())).raised).toBe(0);
    expect(await alertMails()).toHaveLength(1);

    // without an owner: the organisation's clerks
    await setAlertRules(owner.actor, { ...DEFAULT_ALERT_RULES, defaultOwnerUserId: null });
    await makePersonWithCertificate(deps, { certificate: { validTo: '2025-09-25' } });
    expect((await evaluateAlerts(deps, clock.now())).raised).toBe(1);
    expect((await alertMails()).slice(1).map((m) => m.to).sort()).toEqual(['clerk2@wenze.test', 'owner@wenze.test']);
  });

  it('assigning an alert tells the person it is assigned to (with the note), once; assigning it to oneself tells nobody', async () => {
    const clerk = await makeStaffUser(deps, ['clerk']);
    const leader = await makeStaffUser(deps, ['leader']);
    await emailMe(leader.actor, 'leader@wenze.test');
    await makePersonWithCertificate(deps, { certificate: { validTo: '2025-09-20' } });
    await evaluateAlerts(deps, clock.now());
    const [a] = await listAlerts(clerk.actor, {});
    const before = (await listMyNotifications(leader.actor, {})).items.length;
    await actOnAlert(clerk.actor, a!.id, 'assign', { ownerUserId: leader.userId, note: '请督促换证' });
    const mine = (await listMyNotifications(leader.actor, {})).items;
    expect(mine).toHaveLength(before + 1);
    expect(mine[0]).toMatchObject({ kind: 'alert', titleZh: expect.stringContaining('指派给您'), bodyZh: expect.stringContaining('请督促换证') });
    expect((await alertMails()).filter((m) => m.to === 'leader@wenze.test' && m.subject.includes('指派'))).toHaveLength(1);
    await actOnAlert(leader.actor, a!.id, 'assign', { ownerUserId: leader.userId });
    expect((await listMyNotifications(leader.actor, {})).items).toHaveLength(before + 1);
    // a refused assignment sends nothing
    await expect(actOnAlert(clerk.actor, a!.id, 'assign', { ownerUserId: leader.userId, expectedVersion: 1 })).rejects.toMatchObject({ code: 'CONFLICT_STALE' });
    expect((await listMyNotifications(leader.actor, {})).items).toHaveLength(before + 1);
  });

  it('alert rules per organisation: each organisation’s alerts are raised by its own rules; without its own, by the deployment default', async () => {
    const { otherId } = await setupDistrict(deps);
    const other = orgCtx(['clerk', 'sysadmin'], otherId);
    const here = ctxAs(deps, ['clerk']);
    // the other commission switches certificate expiry off; the default organisation keeps the default
    await setAlertRules(other, { ...DEFAULT_ALERT_RULES, certificateExpiry: { ...DEFAULT_ALERT_RULES.certificateExpiry, enabled: false } });
    expect(await getAlertRules(other)).toMatchObject({ orgId: otherId, inherited: false, certificateExpiry: { enabled: false } });
    expect(await getAlertRules(here)).toMatchObject({ inherited: true, certificateExpiry: { enabled: true } });
    const mine = await makePersonWithCertificate(here, { certificate: { validTo: '2025-09-20' } });
    const theirs = await makePersonWithCertificate(other, { certificate: { validTo: '2025-09-20' } });
    const r = await evaluateAlerts(deps, clock.now());
    expect(r.keys.filter((k) => k.startsWith('certificate_expiry:'))).toHaveLength(1);
    expect((await listAlerts(here, {})).map((x) => x.personId)).toEqual([mine.person.id]);
    expect(await listAlerts(other, {})).toEqual([]);
    // back to the default: the other commission's certificate now raises its alert
    expect(await resetAlertRules(other)).toMatchObject({ inherited: true });
    await evaluateAlerts(deps, clock.now());
    expect((await listAlerts(other, {})).map((x) => x.personId)).toEqual([theirs.person.id]);
    // the default owner must be an account of the organisation whose rules these are
    const hereClerk = await makeStaffUser(deps, ['clerk']);
    await expect(setAlertRules(other, { ...DEFAULT_ALERT_RULES, defaultOwnerUserId: hereClerk.userId })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // the deployment default is set only from the top of the tree
    await expect(setAlertRules(other, DEFAULT_ALERT_RULES, { scope: 'deployment' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('notification settings per organisation: its own values over the deployment default; the others keep the default', async () => {
    const { otherId, districtId } = await setupDistrict(deps);
    const otherAdmin = orgCtx(['sysadmin'], otherId);
    const topAdmin = orgCtx(['sysadmin'], districtId);
    await updateNotifySettings(topAdmin, { escalateToSupervisorAfterWorkingDays: 7 }, { scope: 'deployment' });
    await updateNotifySettings(otherAdmin, { internalTargetDays: { report_to_leader: 2, appoint_team: 2, notify: 4 } });
    expect(await getNotifySettings(otherAdmin)).toMatchObject({ orgId: otherId, inherited: false, escalateToSupervisorAfterWorkingDays: 7, internalTargetDays: { report_to_leader: 2 } });
    expect(await readNotifySettings(deps.db.kysely, 'org-default')).toMatchObject({ escalateToSupervisorAfterWorkingDays: 7, internalTargetDays: { report_to_leader: 3 } });
    await expect(updateNotifySettings(otherAdmin, { escalateToSupervisorAfterWorkingDays: 1 }, { scope: 'deployment' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await resetOrgNotifySettings(otherAdmin)).toMatchObject({ inherited: true, internalTargetDays: { report_to_leader: 3 } });
  });
});
