import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { closeTestDb, engines, openTestDb } from '../../../test/db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { makeStaffUser } from '../../../test/factories/campaigns';
import { ctxAs, makeOriginalCase, makePersonWithCertificate } from '../../../test/factories/registers';
import { verifyAuditChain } from '../../audit/audit-verify';
import { MemoryFileStore } from '../../files/file-store';
import { FixedClock } from '../../lib/clock';
import type { Ctx, Deps } from '../context';
import { addOriginalCaseCompensation, addOriginalCaseOutcome, changeCertificateStatus } from '../registers';
import { DEFAULT_ALERT_RULES } from './alert-rules';
import { actOnAlert, evaluateAlerts, listAlerts, setAlertRules } from './alerts-service';

describe.each(engines)('early-intervention alerts (%s)', (engine) => {
  let deps: Deps;
  let clerk: Ctx;
  let clock: FixedClock;
  beforeEach(async () => {
    clock = new FixedClock('2025-09-01T02:00:00.000Z');
    deps = { db: await openTestDb(engine), clock, files: new MemoryFileStore() };
    clerk = ctxAs(deps, ['clerk']);
  });
  afterEach(async () => closeTestDb(deps.db));

  const count = async () => (await deps.db.kysely.selectFrom('alerts').select('id').execute()).length;

  it('certificates expiring within 60 days raise 提醒, within 30 days 黄牌 (the earlier alert is superseded); each fires once', async () => {
    const { person } = await makePersonWithCertificate(deps, { certificate: { validTo: '2025-10-20' } });
    await makePersonWithCertificate(deps); // valid for years: no alert
    let r = await evaluateAlerts(deps, clock.now());
    expect(r.raised).toBe(1);
    const [first] = await listAlerts(clerk, { status: 'active' });
    expect(first).toMatchObject({ rule: 'certificate_expiry', level: 'notice', personId: person.id, status: 'open' });
    r = await evaluateAlerts(deps, clock.now());
    expect(r.raised).toBe(0);
    expect(await count()).toBe(1);
    clock.set('2025-09-25T02:00:00.000Z');
    r = await evaluateAlerts(deps, clock.now());
    expect(r.raised).toBe(1);
    const active = await listAlerts(clerk, { status: 'active' });
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ level: 'yellow' });
    expect((await listAlerts(clerk, { status: 'closed' }))[0]!.id).toBe(first!.id);
  });

  it('two evaluations at once (two app servers) raise each alert once', async () => {
    await makePersonWithCertificate(deps, { certificate: { validTo: '2025-09-20' } });
    await makePersonWithCertificate(deps, { certificate: { validTo: '2025-10-10' } });
    const [a, b] = await Promise.all([evaluateAlerts(deps, clock.now()), evaluateAlerts(deps, clock.now())]);
    expect(a.raised + b.raised).toBe(2);
    expect(await count()).toBe(2);
    expect((await verifyAuditChain(deps.db)).ok).toBe(true);
  });

  it('acknowledge, assign and close with a note; a closed alert is not raised again; all audited', async () => {
    await makePersonWithCertificate(deps, { certificate: { validTo: '2025-09-20' } });
    await evaluateAlerts(deps, clock.now());
    const [a] = await listAlerts(clerk, {});
    const leader = await makeStaffUser(deps, ['leader']);
    const acked = await actOnAlert(clerk, a!.id, 'acknowledge', { note: '已通知本人' });
    expect(acked.status).toBe('acknowledged');
    await expect(actOnAlert(clerk, a!.id, 'assign', { ownerUserId: 'nobody' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const assigned = await actOnAlert(clerk, a!.id, 'assign', { ownerUserId: leader.userId, note: '请督促换证' });
    expect(assigned.ownerUserId).toBe(leader.userId);
    await expect(actOnAlert(leader.actor, a!.id, 'close', {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const closed = await actOnAlert(leader.actor, a!.id, 'close', { note: '已申请换发新证' });
    expect(closed.status).toBe('closed');
    expect(closed.events.map((e) => e.action)).toEqual(['raise', 'acknowledge', 'assign', 'close']);
    await expect(actOnAlert(clerk, a!.id, 'acknowledge', {})).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    expect((await evaluateAlerts(deps, clock.now())).raised).toBe(0);
    await expect(listAlerts(ctxAs(deps, ['investigator']), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(actOnAlert(ctxAs(deps, ['decider']), a!.id, 'close', { note: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await verifyAuditChain(deps.db)).ok).toBe(true);
  });

  it('FL-5(1): the officer an alert is about does not handle it — a leader cannot acknowledge, assign or close an alert about herself; another leader can', async () => {
    const { person } = await makePersonWithCertificate(deps, { certificate: { validTo: '2025-09-20' } });
    await evaluateAlerts(deps, clock.now());
    const [a] = await listAlerts(clerk, {});
    expect(a).toMatchObject({ personId: person.id });
    const herself: Ctx = { ...deps, actor: { userId: 'u-self-leader', username: 'self', displayName: 'self', roles: ['leader'], personId: person.id } };
    for (const act of ['acknowledge', 'close'] as const) await expect(actOnAlert(herself, a!.id, act, { note: '已核实，无需处理' })).rejects.toMatchObject({ code: 'RECUSAL_REQUIRED' });
    expect((await listAlerts(clerk, {}))[0]).toMatchObject({ status: 'open' });
    expect((await actOnAlert(ctxAs(deps, ['leader']), a!.id, 'close', { note: '已督促本人换证' })).status).toBe('closed');
  });

  it('WC-5 outcomes on two files of one officer raise a 红牌; large compensation raises one per payment', async () => {
    const a = await makeOriginalCase(deps);
    const b = await makeOriginalCase(deps, { handlers: [{ personId: a.handler.id }] });
    await addOriginalCaseOutcome(clerk, a.originalCase.id, { source: 'WC-5(3)', effect: 'revoked', issuer: '区政府', referenceNo: '巴府复〔2025〕1号', referenceDate: '2025-08-01' });
    expect((await evaluateAlerts(deps, clock.now())).keys.filter((k) => k.startsWith('wc5_repeat'))).toHaveLength(0);
    await addOriginalCaseOutcome(clerk, b.originalCase.id, { source: 'WC-5(4)', effect: 'revoked', issuer: '区法院', referenceNo: '(2025)渝0113行初1号', referenceDate: '2025-08-10' });
    const r = await evaluateAlerts(deps, clock.now());
    const repeat = r.keys.filter((k) => k.startsWith(`wc5_repeat:${a.handler.id}:`));
    expect(repeat).toHaveLength(1);
    const alerts = await listAlerts(clerk, { personId: a.handler.id });
    expect(alerts.find((x) => x.rule === 'wc5_repeat')).toMatchObject({ level: 'red' });
    await addOriginalCaseCompensation(clerk, a.originalCase.id, { amountFen: 4_000_000, paidDate: '2025-08-20', decisionNo: '赔1号' });
    expect((await evaluateAlerts(deps, clock.now())).keys.filter((k) => k.startsWith('compensation'))).toHaveLength(0);
    await setAlertRules(clerk, { ...DEFAULT_ALERT_RULES, compensation: { enabled: true, amountFen: 3_000_000, level: 'red' } });
    expect((await evaluateAlerts(deps, clock.now())).keys.filter((k) => k.startsWith('compensation'))).toHaveLength(1);
    expect((await evaluateAlerts(deps, clock.now())).raised).toBe(0);
  });

  it('FL-8(5)/WC-6(2): an original case handled while the handler’s certificate was suspended raises a 红牌', async () => {
    const fx = await makeOriginalCase(deps);
    const cert = (await deps.db.kysely.selectFrom('enforcement_certificates').select(['id', 'version']).where('person_id', '=', fx.handler.id).executeTakeFirstOrThrow());
    await changeCertificateStatus(clerk, cert.id, { to: 'suspended', effectiveDate: '2025-06-01', reason: '暂扣执法证', version: Number(cert.version) });
    const r = await evaluateAlerts(deps, clock.now());
    expect(r.keys.filter((k) => k.startsWith('certificate_suspended_use'))).toHaveLength(1);
    const [alert] = (await listAlerts(clerk, { personId: fx.handler.id })).filter((x) => x.rule === 'certificate_suspended_use');
    expect(alert).toMatchObject({ level: 'red', detail: { number: fx.originalCase.number } });
  });
});

describe.each(engines)('early-intervention alerts on cases (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('WC-9(1): a statutory deadline passed without the step raises one alert naming the case, never the reporter', async () => {
    const c = await makeCase(w, { to: 'to_transfer', receivedOn: '2025-08-01' });
    const r = await evaluateAlerts(t.deps, t.clock.now());
    const keys = r.keys.filter((k) => k.startsWith('step_overdue:'));
    expect(keys).toHaveLength(1);
    const [a] = (await listAlerts(w.ctx.clerk, {})).filter((x) => x.rule === 'step_overdue');
    expect(a).toMatchObject({ level: 'yellow', detail: { caseNumber: c.number } });
    expect(JSON.stringify(a)).not.toContain('张举报');
    expect(JSON.stringify(a)).not.toContain('举报：');
    expect((await evaluateAlerts(t.deps, t.clock.now())).raised).toBe(0);
  });
});
