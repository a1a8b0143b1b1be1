// Issue 12 part 3 — notifications and escalation, against a real SMTP server (smtp-server) and
// an HTTP receiver on 127.0.0.1. Both engines; the two-server test uses two connection pools on
// one PostgreSQL database (on SQLite, two workers on one handle).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines, openSecondPool } from '../../../test/db';
import { seedCalendar } from '../../../test/factories/calendar';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { startSmtpSink, startWebhookSink, type HookSink, type MailSink } from '../../../test/factories/mail';
import { inTransaction } from '../../db/tx';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { getCase } from '../cases/views';
import { myQueue } from '../cases/list';
import { setSupervisorBody } from '../supervision/service';
import { addOriginalCaseOutcome } from '../registers';
import { makeOriginalCase } from '../../../test/factories/registers';
import type { Ctx } from '../context';
import { notify } from './notify';
import { scanDeadlines } from './scanner';
import { listMyNotifications, markRead, setWebhookAllowList, updateMyPrefs, updateNotifySettings } from './service';
import { readNotifySettings } from './settings';
import { backfillInternalTargets } from './internal-targets';
import { writeSettingAt } from '../orgs/org-settings-repo';
import { performAction } from '../cases';
import { webhookAllowed } from './webhook-allow';
import { setupDistrict, addOrg } from '../../../test/factories/orgs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboxWorker } from './worker';
import { startNotificationRuntime } from './runtime';

const REPORTER = ['张举报', '13800000000', '巴南区鱼洞街道某小区'];
const REPORT_TEXT = '举报：某执法支队对某建筑公司的处罚认定事实不清，罚款明显不当。';

describe.each(engines)('notifications and escalation (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let smtp: MailSink;
  let hooks: HookSink;
  const workers: OutboxWorker[] = [];
  const worker = (opts: ConstructorParameters<typeof OutboxWorker>[1] = {}, deps: TestApp['deps'] = t.deps): OutboxWorker => {
    const x = new OutboxWorker(deps, { smtp: smtp.url, backoffMs: 60_000, ...opts });
    workers.push(x);
    return x;
  };
  const emailMe = (ctx: Ctx, email: string) => updateMyPrefs(ctx, { email, emailEnabled: true, webhookUrl: null, webhookEnabled: false, mutedKinds: [] });
  const sent = async () => t.deps.db.kysely.selectFrom('notification_outbox').selectAll().execute();

  beforeEach(async () => {
    t = await createTestApp(engine, '2025-08-01T02:00:00.000Z');
    await seedCalendar(t.deps);
    w = await setupCaseWorld(t);
    smtp = await startSmtpSink();
    hooks = await startWebhookSink();
    // issue 12: webhooks go only to the administrator's allow-list — here, the local receiver
    await setWebhookAllowList({ ...t.deps, actor: SYSTEM_ACTOR }, { entries: [new URL(hooks.url).host] });
  });
  afterEach(async () => {
    for (const x of workers.splice(0)) await x.stop();
    await smtp.close();
    await hooks.close();
    await t.close();
  });

  /** FL-16: investigation started 2025-08-05, handling due 2025-10-04 (60 calendar days); the case waits on the team. */
  const investigatingCase = async () => {
    await emailMe(w.ctx.investigator, 'investigator@wenze.test');
    await emailMe(w.ctx.leader, 'leader@wenze.test');
    t.clock.set('2025-08-06T02:00:00.000Z');
    const c = await makeCase(w, { to: 'investigating', receivedOn: '2025-07-20', drive: { on: '2025-08-01', dates: { start_investigation: '2025-08-05' } } });
    await worker().drain();
    smtp.mails.length = 0;
    return c;
  };

  it('FL-16 deadline at 80% sends once: one e-mail to the person the case waits on, however often the scan runs', async () => {
    const c = await investigatingCase();
    t.clock.set('2025-09-10T02:00:00.000Z'); // 36 of 60 days: past half
    expect((await scanDeadlines(t.deps)).reminders).toBe(1);
    t.clock.set('2025-09-23T02:00:00.000Z'); // 49 of 60 days: past 80 %
    expect((await scanDeadlines(t.deps)).reminders).toBe(1);
    expect((await scanDeadlines(t.deps)).reminders).toBe(0);
    t.clock.set('2025-09-24T02:00:00.000Z');
    expect((await scanDeadlines(t.deps)).reminders).toBe(0);
    await worker().drain();
    const eighty = smtp.mails.filter((m) => m.subject.includes('80%'));
    expect(eighty).toHaveLength(1);
    expect(eighty[0]).toMatchObject({ to: 'investigator@wenze.test' });
    expect(eighty[0]!.subject).toContain(c.number);
    expect(eighty[0]!.text).toContain('2025-10-04');
    expect(smtp.mails.filter((m) => m.subject.includes('过半'))).toHaveLength(1);
    const bell = await listMyNotifications(w.ctx.investigator, {});
    expect(bell.items.filter((n) => n.kind === 'deadline').map((n) => n.titleZh)).toEqual([expect.stringContaining('80%'), expect.stringContaining('过半')]);
  });

  it('FL-16 overdue step escalates as 督办 to the main leader, then to the supervisory body after 5 working days late', async () => {
    await t.addUser('supervisor', ['supervisor']);
    await setSupervisorBody({ ...t.deps, actor: SYSTEM_ACTOR }, t.userIds.supervisor!, { body: 'supervision' });
    const c = await investigatingCase();
    t.clock.set('2025-10-08T02:00:00.000Z'); // 4 days late, 0 working days (National Day)
    expect(await scanDeadlines(t.deps)).toEqual({ reminders: 1, escalations: 1 });
    await worker().drain();
    const toLeader = smtp.mails.filter((m) => m.to === 'leader@wenze.test');
    expect(toLeader).toHaveLength(1);
    expect(toLeader[0]!.subject).toContain('【督办】');
    expect(toLeader[0]!.subject).toContain(c.number);
    expect(toLeader[0]!.text).toContain('investigator'); // who it waits on
    const leaderBell = await listMyNotifications(w.ctx.leader, {});
    expect(leaderBell.items[0]).toMatchObject({ kind: 'escalation', level: 'urgent', caseId: c.caseId });
    expect(await scanDeadlines(t.deps)).toEqual({ reminders: 0, escalations: 0 });
    // 10-09, 10-10, 10-11 (adjusted workday), 10-13, 10-14: five working days late
    t.clock.set('2025-10-15T02:00:00.000Z');
    expect(await scanDeadlines(t.deps)).toEqual({ reminders: 0, escalations: 1 });
    const supBell = await listMyNotifications({ ...t.deps, actor: { userId: t.userIds.supervisor!, username: 'supervisor', displayName: 'supervisor', roles: ['supervisor'], personId: null } }, {});
    expect(supBell.items).toEqual([expect.objectContaining({ kind: 'escalation', titleZh: expect.stringContaining('督办') })]);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'after_json']).where('action', '=', 'notify.escalation').orderBy('seq').execute();
    expect(audit.map((a) => (JSON.parse(a.after_json!) as { level: string }).level)).toEqual(['leader', 'supervisor']);
    expect(await scanDeadlines(t.deps)).toEqual({ reminders: 0, escalations: 0 });
  });

  it('a step now waits on me: appointing the team puts it in the investigator’s bell; mark read clears the count', async () => {
    const c = await makeCase(w, { to: 'team_appointed', receivedOn: '2025-07-20', drive: { on: '2025-08-01' } });
    const res = await t.as('investigator', { method: 'GET', url: '/api/v1/notifications' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { unread: number; items: { id: string; kind: string; caseId: string; bodyZh: string }[] };
    expect(body.unread).toBe(1);
    expect(body.items[0]).toMatchObject({ kind: 'step_waiting', caseId: c.caseId, bodyZh: expect.stringContaining('开始调查') });
    const read = await t.as('investigator', { method: 'POST', url: `/api/v1/notifications/${body.items[0]!.id}/read` });
    expect(read.json()).toEqual({ unread: 0 });
    // not one's own: not found
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/notifications/${body.items[0]!.id}/read` })).statusCode).toBe(404);
  });

  it('内部时限: 及时报告 gets an internal working-day target shown beside the statutory deadlines, reminded and marked internal', async () => {
    await updateNotifySettings({ ...t.deps, actor: SYSTEM_ACTOR }, { internalTargetDays: { report_to_leader: 2, appoint_team: 3, notify: 5 } });
    const c = await makeCase(w, { to: 'registered', receivedOn: '2025-07-28', drive: { on: '2025-08-01' } });
    const view = await getCase(w.ctx.clerk, c.caseId);
    const internal = view.deadlines.find((d) => d.internal);
    // registered Friday 2025-08-01; two working days: Mon 08-04, Tue 08-05
    expect(internal).toMatchObject({ kind: 'internal:report_to_leader', citation: 'WC-9(2)', dueDate: '2025-08-05', dayKind: 'working', labelZh: expect.stringContaining('内部时限') });
    t.clock.set('2025-08-06T02:00:00.000Z');
    const q = await myQueue(w.ctx.clerk, {});
    expect(q.overdue.find((x) => x.caseId === c.caseId)?.deadline).toMatchObject({ internal: true, daysLate: 1 });
    await scanDeadlines(t.deps);
    const clerkBell = await listMyNotifications(w.ctx.clerk, {});
    expect(clerkBell.items.find((n) => n.kind === 'deadline')?.titleZh).toMatch(/^【内部时限】.*已超期/);
  });

  it('内部时限, WC-9(2) 及时组成调查组展开调查: a target starts when the team is appointed and is met only by starting the investigation (FL-16’s 60 days start then) — overdue, the team is reminded', async () => {
    const c = await makeCase(w, { to: 'team_appointed', receivedOn: '2025-07-28', drive: { on: '2025-08-01' } });
    const internal = (await getCase(w.ctx.clerk, c.caseId)).deadlines.filter((d) => d.internal);
    // appointed Friday 2025-08-01; the default three working days: Mon 08-04, Tue 08-05, Wed 08-06
    expect(internal).toEqual([expect.objectContaining({ kind: 'internal:start_investigation', citation: 'WC-9(2)', dueDate: '2025-08-06', dayKind: 'working', labelZh: expect.stringContaining('及时展开调查') })]);
    t.clock.set('2025-08-08T02:00:00.000Z');
    await scanDeadlines(t.deps);
    const teamBell = await listMyNotifications(w.ctx.investigator, {});
    expect(teamBell.items.find((n) => n.kind === 'deadline' && n.caseId === c.caseId)?.titleZh).toMatch(/^【内部时限】.*及时展开调查.*已超期/);
    const version = (await getCase(w.ctx.clerk, c.caseId)).version;
    await performAction(w.ctx.investigator, c.caseId, 'start_investigation', { expectedVersion: version, startedOn: '2025-08-08' });
    const after = (await getCase(w.ctx.clerk, c.caseId)).deadlines;
    expect(after.filter((d) => d.internal), 'met by the start of the investigation').toEqual([]);
    expect(after.find((d) => d.kind === 'handling')).toMatchObject({ citation: 'FL-16', startDate: '2025-08-08' });
  });

  it('内部时限, WC-9(1) 及时受理并答复: a target starts on the day a report is received and is met by accepting it or declining it — left waiting, the clerks are reminded', async () => {
    const waiting = await makeCase(w, { receivedOn: '2025-08-01' });
    const declined = await makeCase(w, { receivedOn: '2025-08-01' });
    // received Friday 2025-08-01; the default three working days: Mon 08-04, Tue 08-05, Wed 08-06
    expect((await getCase(w.ctx.clerk, waiting.caseId)).deadlines.filter((d) => d.internal)).toEqual([
      expect.objectContaining({ kind: 'internal:accept', citation: 'WC-9(1)', startDate: '2025-08-01', dueDate: '2025-08-06', labelZh: expect.stringContaining('及时受理') }),
    ]);
    t.clock.set('2025-08-04T02:00:00.000Z');
    const v = (await getCase(w.ctx.clerk, declined.caseId)).version;
    await performAction(w.ctx.clerk, declined.caseId, 'not_accept', { expectedVersion: v, decidedOn: '2025-08-04', reason: '不属于本委管辖范围的信访事项', reply: '您反映的事项不属于本委受理范围。' });
    expect((await getCase(w.ctx.clerk, declined.caseId)).deadlines.filter((d) => d.internal), 'met by declining').toEqual([]);
    const accepted = await makeCase(w, { receivedOn: '2025-08-01', to: 'accepted', drive: { on: '2025-08-04' } });
    expect((await getCase(w.ctx.clerk, accepted.caseId)).deadlines.filter((d) => d.internal), 'met by accepting').toEqual([]);
    t.clock.set('2025-08-08T02:00:00.000Z');
    await scanDeadlines(t.deps);
    const bell = await listMyNotifications(w.ctx.clerk, {});
    expect(bell.items.filter((n) => n.kind === 'deadline').map((n) => n.caseId)).toEqual([waiting.caseId]);
    expect(bell.items.find((n) => n.kind === 'deadline')?.titleZh).toMatch(/^【内部时限】.*及时受理.*已超期/);
  });

  it('内部时限 after an upgrade: a case already waiting in a target’s starting state gets the target at start, from the date of the step that brought it there; once only; a case past that state is left alone', async () => {
    const parked = await makeCase(w, { to: 'team_appointed', receivedOn: '2025-07-28', drive: { on: '2025-08-01' } });
    const done = await makeCase(w, { to: 'investigating', receivedOn: '2025-07-28', drive: { on: '2025-08-01' } });
    // a database made before the targets of WC-9(1) and WC-9(2) 展开调查 existed
    await t.deps.db.kysely.deleteFrom('case_internal_targets').where('case_id', '=', parked.caseId).execute();
    const metBefore = await t.deps.db.kysely.selectFrom('case_internal_targets').selectAll().where('case_id', '=', done.caseId).execute();
    expect((await getCase(w.ctx.clerk, parked.caseId)).deadlines.filter((d) => d.internal)).toEqual([]);
    t.clock.set('2025-08-08T02:00:00.000Z');
    expect(await backfillInternalTargets(t.deps)).toBe(1);
    expect((await getCase(w.ctx.clerk, parked.caseId)).deadlines.filter((d) => d.internal)).toEqual([
      expect.objectContaining({ kind: 'internal:start_investigation', startDate: '2025-08-01', dueDate: '2025-08-06' }),
    ]);
    expect(await backfillInternalTargets(t.deps), 'a second start adds nothing').toBe(0);
    expect(await t.deps.db.kysely.selectFrom('case_internal_targets').selectAll().where('case_id', '=', done.caseId).execute()).toEqual(metBefore);
  });

  it('内部时限: settings stored before a target existed keep every value they set; the new target takes its default', async () => {
    const old = { internalTargetDays: { report_to_leader: 2, appoint_team: 4, notify: 6 }, escalateToSupervisorAfterWorkingDays: 9, orgWebhookUrl: null, orgWebhookKinds: ['escalation'], appUrl: 'https://wenze.example.gov.cn' };
    await inTransaction(t.deps.db, (tx) => writeSettingAt(tx, { base: 'notify.settings', orgId: null }, old, t.clock.now().toISOString()));
    const read = await readNotifySettings(t.deps.db.kysely, null);
    expect(read).toMatchObject({ internalTargetDays: { accept: 3, report_to_leader: 2, appoint_team: 4, start_investigation: 3, notify: 6 }, escalateToSupervisorAfterWorkingDays: 9, appUrl: 'https://wenze.example.gov.cn' });
    // a change of one target keeps the others
    await updateNotifySettings({ ...t.deps, actor: SYSTEM_ACTOR }, { internalTargetDays: { start_investigation: 5 } }, { scope: 'deployment' });
    expect((await readNotifySettings(t.deps.db.kysely, null)).internalTargetDays).toEqual({ accept: 3, report_to_leader: 2, appoint_team: 4, start_investigation: 5, notify: 6 });
  });

  it('webhooks: JSON in the shape group robots take, retried with backoff after a failure, delivered once', async () => {
    await updateMyPrefs(w.ctx.leader, { email: null, emailEnabled: false, webhookUrl: `${hooks.url}/robot/send?access_token=x`, webhookEnabled: true, mutedKinds: [] });
    await inTransaction(t.deps.db, (tx) =>
      notify(tx, { kind: 'alert', level: 'warning', userIds: [t.userIds.leader!], message: { titleZh: '预警：测试', titleEn: 'Alert: test', bodyZh: '正文', bodyEn: 'body', link: null }, at: t.clock.now().toISOString() }),
    );
    hooks.failNext(1);
    const x = worker();
    expect(await x.drain()).toBe(0);
    const [row] = await sent();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'webhook HTTP 500' });
    expect(row!.next_attempt_at > t.clock.now().toISOString()).toBe(true);
    expect(await x.drain()).toBe(0); // not yet due
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    expect(await x.drain()).toBe(1);
    expect(hooks.bodies).toHaveLength(1);
    expect(hooks.bodies[0]).toMatchObject({ path: '/robot/send?access_token=x', json: { msgtype: 'text', text: { content: expect.stringContaining('预警：测试') } } });
    expect(await x.drain()).toBe(0);
  });

  it('a killed worker (stopped mid-batch) resumes on the next one without duplicates', async () => {
    await emailMe(w.ctx.clerk, 'clerk@wenze.test');
    await inTransaction(t.deps.db, async (tx) => {
      for (let i = 0; i < 10; i++) {
        await notify(tx, { kind: 'alert', level: 'info', userIds: [t.userIds.clerk!], message: { titleZh: `第${i}条`, titleEn: `No. ${i}`, bodyZh: '…', bodyEn: '…', link: null }, at: t.clock.now().toISOString() });
      }
    });
    let n = 0;
    const a = worker({ batchSize: 10, leaseMs: 60_000, onSent: () => (++n === 3 ? a.kill() : undefined) });
    await a.runOnce();
    expect(smtp.mails).toHaveLength(3);
    // the dead worker's leases hold the other rows until they expire
    const b = worker({ batchSize: 4 });
    expect(await b.drain()).toBe(0);
    t.clock.set(new Date(t.clock.now().getTime() + 61_000));
    expect(await b.drain()).toBe(7);
    expect(smtp.mails).toHaveLength(10);
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(10);
    expect((await sent()).every((r) => r.status === 'sent')).toBe(true);
  });

  it('two app servers on one database send each message exactly once', async () => {
    await emailMe(w.ctx.clerk, 'clerk@wenze.test');
    await inTransaction(t.deps.db, async (tx) => {
      for (let i = 0; i < 60; i++) {
        await notify(tx, { kind: 'alert', level: 'info', userIds: [t.userIds.clerk!], message: { titleZh: `第${i}条`, titleEn: `No. ${i}`, bodyZh: '…', bodyEn: '…', link: null }, at: t.clock.now().toISOString() });
      }
    });
    const second = engine === 'postgres' ? await openSecondPool(t.deps.db) : t.deps.db;
    try {
      const a = worker({ batchSize: 5, owner: 'server-a' });
      const b = worker({ batchSize: 5, owner: 'server-b' }, { ...t.deps, db: second });
      const [na, nb] = await Promise.all([a.drain(), b.drain()]);
      expect(na + nb).toBe(60);
      expect(smtp.mails).toHaveLength(60);
      expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(60);
    } finally {
      if (second !== t.deps.db) await second.close();
    }
  });

  it('FL-4 / WC-9(1): no message carries the reporter’s identity or the report text — not even from a careless caller', async () => {
    for (const u of ['clerk', 'leader', 'decider', 'investigator'] as const) await emailMe(w.ctx[u], `${u}@wenze.test`);
    await updateMyPrefs(w.ctx.clerk, { email: 'clerk@wenze.test', emailEnabled: true, webhookUrl: `${hooks.url}/clerk`, webhookEnabled: true, mutedKinds: [] });
    const c = await makeCase(w, { to: 'findings_submitted', receivedOn: '2025-07-20', drive: { on: '2025-08-01' } });
    await inTransaction(t.deps.db, (tx) =>
      notify(tx, { kind: 'alert', level: 'warning', userIds: [t.userIds.clerk!], caseId: c.caseId, message: { titleZh: `举报人${REPORTER[0]}（${REPORTER[1]}）`, titleEn: 'x', bodyZh: REPORT_TEXT, bodyEn: REPORTER[2]!, link: null }, at: t.clock.now().toISOString() }),
    );
    t.clock.set('2025-12-01T02:00:00.000Z');
    await scanDeadlines(t.deps);
    await worker().drain();
    expect(smtp.mails.length).toBeGreaterThan(3);
    expect(hooks.bodies.length).toBeGreaterThan(1);
    const rows = await t.deps.db.kysely.selectFrom('notifications').selectAll().execute();
    const everything = [...smtp.mails.map((m) => m.subject + m.text + m.raw), ...hooks.bodies.map((b) => JSON.stringify(b.json)), ...rows.map((r) => JSON.stringify(r)), ...(await sent()).map((r) => r.payload)].join('\n');
    expect(everything).toContain(c.number);
    for (const secret of [...REPORTER, REPORT_TEXT]) expect(everything).not.toContain(secret);
    expect(everything).toContain('＊＊＊');
  });

  it('preferences: enabling e-mail without an address is refused with a field error; muted kinds are not sent', async () => {
    await expect(updateMyPrefs(w.ctx.clerk, { email: null, emailEnabled: true, webhookUrl: null, webhookEnabled: false, mutedKinds: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await updateMyPrefs(w.ctx.clerk, { email: 'clerk@wenze.test', emailEnabled: true, webhookUrl: null, webhookEnabled: false, mutedKinds: ['intake'] });
    await makeCase(w, { to: 'intake', receivedOn: '2025-07-28' }); // tells the other clerks; this clerk created it
    await t.addUser('clerk2', ['clerk']);
    const clerk2: Ctx = { ...t.deps, actor: { userId: t.userIds.clerk2!, username: 'clerk2', displayName: 'clerk2', roles: ['clerk'], personId: t.personIds.clerk2 ?? null } };
    await makeCase({ ...w, ctx: { ...w.ctx, clerk: clerk2 } }, { to: 'intake', receivedOn: '2025-07-28' });
    const bell = await listMyNotifications(w.ctx.clerk, {});
    expect(bell.items.map((n) => n.kind)).toEqual(['intake']);
    expect(await sent()).toEqual([]);
    await markRead(w.ctx.clerk, 'all');
    expect((await listMyNotifications(w.ctx.clerk, { unread: 'true' })).items).toEqual([]);
  });

  it('WC-5(3): a new outcome on an original case with no accountability case tells the clerks (a signal), by case number only', async () => {
    const oc = await makeOriginalCase(t.deps);
    await addOriginalCaseOutcome({ ...t.deps, actor: SYSTEM_ACTOR }, oc.originalCase.id, { source: 'WC-5(3)', effect: 'revoked', issuer: '重庆市巴南区人民政府', referenceNo: '巴南府复〔2025〕31号', referenceDate: '2025-07-30' });
    const bell = await listMyNotifications(w.ctx.clerk, {});
    expect(bell.items[0]).toMatchObject({ kind: 'signal', level: 'warning', titleZh: expect.stringContaining('WC-5'), bodyZh: expect.stringContaining('巴南府复〔2025〕31号') });
    expect((await listMyNotifications(w.ctx.investigator, {})).items.filter((n) => n.kind === 'signal')).toEqual([]);
  });

  it('the server runtime sends what waits in the outbox (SMTP_URL) and stops in order; NOTIFY_WORKER=off sends nothing', async () => {
    await emailMe(w.ctx.clerk, 'clerk@wenze.test');
    await inTransaction(t.deps.db, (tx) => notify(tx, { kind: 'alert', level: 'info', userIds: [t.userIds.clerk!], message: { titleZh: '运行时', titleEn: 'runtime', bodyZh: '…', bodyEn: '…', link: null }, at: t.clock.now().toISOString() }));
    const off = startNotificationRuntime(t.deps, { NOTIFY_WORKER: 'off', SMTP_URL: smtp.url });
    expect(off.worker).toBeNull();
    await off.stop();
    const rt = startNotificationRuntime(t.deps, { SMTP_URL: smtp.url, NOTIFY_POLL_MS: '20' });
    try {
      while (smtp.mails.length === 0) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await rt.stop();
    }
    expect(smtp.mails.map((m) => m.subject)).toEqual([expect.stringContaining('运行时')]);
    expect((await sent())[0]).toMatchObject({ status: 'sent', lease_owner: null });
  });
  it('督办 reaches only the leader of the case’s organisation, then the supervisors of the supervising organisation above it — not every supervisor', async () => {
    const { districtId, otherId } = await setupDistrict(t.deps);
    const elsewhere = await addOrg(t.deps, { name: '重庆市江北区司法局', kind: 'supervision' });
    await t.addUser('jiandu', ['oversight'], null, districtId); // the district's supervising account: reached
    await t.addUser('farSupervisor', ['oversight'], null, elsewhere); // another district's: not reached
    await t.addUser('otherLeader', ['leader'], null, otherId); // the leader of the commission beside it: not reached
    await t.addUser('localSupervisor', ['supervisor']); // a WC-11 body account of the commission itself: not reached when a supervising org is above
    await setSupervisorBody({ ...t.deps, actor: SYSTEM_ACTOR }, t.userIds.localSupervisor!, { body: 'supervision' });
    const c = await investigatingCase();
    t.clock.set('2025-10-15T02:00:00.000Z'); // five working days late: leader and supervisors at once
    expect(await scanDeadlines(t.deps)).toEqual({ reminders: 1, escalations: 2 });
    const esc = await t.deps.db.kysely.selectFrom('notifications').select(['user_id', 'kind']).where('kind', '=', 'escalation').where('case_id', '=', c.caseId).execute();
    expect(esc.map((n) => n.user_id).sort()).toEqual([t.userIds.leader!, t.userIds.jiandu!].sort());
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('after_json').where('action', '=', 'notify.escalation').orderBy('seq').execute();
    const after = audit.map((a) => JSON.parse(a.after_json!) as { level: string; recipients: string[]; supervisingOrgId?: string });
    expect(after.map((a) => [a.level, a.recipients])).toEqual([
      ['leader', [t.userIds.leader!]],
      ['supervisor', [t.userIds.jiandu!]],
    ]);
    expect(after[1]!.supervisingOrgId).toBe(districtId);
    // the supervising account reads its 督办 in its own bell
    const bell = await listMyNotifications({ ...t.deps, actor: { userId: t.userIds.jiandu!, username: 'jiandu', displayName: 'jiandu', roles: ['oversight'], personId: null, orgId: districtId, orgScope: [districtId] } }, {});
    expect(bell.items[0]).toMatchObject({ kind: 'escalation', caseId: c.caseId });
  });

  it('内部时限 per organisation: a case takes its own organisation’s target; an organisation without its own takes the deployment default', async () => {
    const { otherId } = await setupDistrict(t.deps);
    const a = await setupCaseWorld(t, { prefix: 'a_', orgId: otherId });
    await updateNotifySettings({ ...t.deps, actor: SYSTEM_ACTOR }, { internalTargetDays: { report_to_leader: 2, appoint_team: 3, notify: 5 } }, { scope: 'deployment' });
    await updateNotifySettings({ ...t.deps, actor: { ...SYSTEM_ACTOR, orgId: otherId, orgScope: [otherId] } }, { internalTargetDays: { report_to_leader: 4, appoint_team: 3, notify: 5 } });
    const here = await makeCase(w, { to: 'registered', receivedOn: '2025-07-28', drive: { on: '2025-08-01' } });
    const there = await makeCase(a, { to: 'registered', receivedOn: '2025-07-28', drive: { on: '2025-08-01' } });
    // registered Friday 2025-08-01: two working days → Tue 08-05; four → Thu 08-07
    expect((await getCase(w.ctx.clerk, here.caseId)).deadlines.find((d) => d.internal)).toMatchObject({ dueDate: '2025-08-05' });
    expect((await getCase(a.ctx.clerk, there.caseId)).deadlines.find((d) => d.internal)).toMatchObject({ dueDate: '2025-08-07' });
  });

  it('webhook allow-list: a URL off the list is refused on save (coded, zh/en) and not sent at send time; redirects are not followed', async () => {
    const allowed = new URL(hooks.url).host;
    expect(webhookAllowed(`${hooks.url}/robot`, [allowed])).toBe(true);
    expect(webhookAllowed(`http://evil.test@${allowed}/x`, [allowed])).toBe(false);
    expect(webhookAllowed('https://oapi.dingtalk.com/robot/send?access_token=1', ['oapi.dingtalk.com'])).toBe(true);
    expect(webhookAllowed('https://oapi.dingtalk.com.evil.test/robot/send', ['oapi.dingtalk.com'])).toBe(false);
    expect(webhookAllowed('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1', ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send'])).toBe(true);
    expect(webhookAllowed('https://qyapi.weixin.qq.com/cgi-bin/webhook/sendmore', ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send'])).toBe(false);
    expect(webhookAllowed('https://a.robot.example/x', ['*.robot.example'])).toBe(true);

    const refused = await t.as('leader', { method: 'PUT', url: '/api/v1/notifications/preferences', payload: { email: null, emailEnabled: false, webhookUrl: 'http://10.0.0.8/internal', webhookEnabled: true, mutedKinds: [] } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'WEBHOOK_NOT_ALLOWED', messageZh: expect.stringContaining('10.0.0.8'), messageEn: expect.stringContaining('allow-list') });
    await expect(updateNotifySettings({ ...t.deps, actor: SYSTEM_ACTOR }, { orgWebhookUrl: 'http://10.0.0.8/robot' })).rejects.toMatchObject({ code: 'WEBHOOK_NOT_ALLOWED' });

    // saved while allowed, then taken off the list: the worker does not send it
    await updateMyPrefs(w.ctx.leader, { email: null, emailEnabled: false, webhookUrl: `${hooks.url}/leader`, webhookEnabled: true, mutedKinds: [] });
    const one = () => inTransaction(t.deps.db, (tx) => notify(tx, { kind: 'alert', level: 'info', userIds: [t.userIds.leader!], message: { titleZh: '名单', titleEn: 'list', bodyZh: '…', bodyEn: '…', link: null }, at: t.clock.now().toISOString() }));
    await one();
    await setWebhookAllowList({ ...t.deps, actor: SYSTEM_ACTOR }, { entries: ['oapi.dingtalk.com'] });
    await worker().drain();
    expect(hooks.bodies).toEqual([]);
    expect((await sent())[0]).toMatchObject({ status: 'dead', last_error: expect.stringContaining('WEBHOOK_NOT_ALLOWED') });

    // an allowed receiver that redirects elsewhere: the redirect is not followed
    const target = await startWebhookSink();
    const redirector = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(302, { location: `${target.url}/stolen` }).end());
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const rHost = `127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    try {
      await setWebhookAllowList({ ...t.deps, actor: SYSTEM_ACTOR }, { entries: [rHost, new URL(target.url).host] });
      await updateMyPrefs(w.ctx.leader, { email: null, emailEnabled: false, webhookUrl: `http://${rHost}/robot`, webhookEnabled: true, mutedKinds: [] });
      await one();
      await worker().drain();
      expect(target.bodies).toEqual([]);
      const row = (await sent()).find((r) => r.target.includes(rHost));
      expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringContaining('302') });
    } finally {
      redirector.closeAllConnections();
      await new Promise<void>((resolve) => redirector.close(() => resolve()));
      await target.close();
    }
  });
});
