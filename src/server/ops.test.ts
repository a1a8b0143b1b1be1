// Operating the server: /metrics, liveness and readiness, graceful shutdown, redacted logs and
// the explicit start-up wiring — as an operator (and an auditor of the logs) sees them.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/app';
import { closeTestDb, engines, openTestDb } from '../../test/db';
import { hypothetical2027 } from '../../test/factories/calendar';
import { makeCase, newCaseWorld, type CaseWorld } from '../../test/factories/cases';
import { buildApp } from './app';
import { gracefulShutdown } from './shutdown';
import { caseDeadlinesWired } from '../services/cases/deadlines';
import { loadCalendarYear } from '../services/calendar-service';
import { SYSTEM_ACTOR } from '../policies/roles';
import { MemoryFileStore } from '../files/file-store';
import { FixedClock } from '../lib/clock';
import { sendJsonReport } from '../../test/factories/reporter';

/** the value of one sample line of the Prometheus text, e.g. `name{a="b"}` */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{')) continue;
    const body = line.slice(name.length + 1, line.indexOf('}'));
    const got = Object.fromEntries([...body.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe.each(engines)('operations: metrics, health, wiring (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    // 2025-10-08 in China: an FL-16 handling deadline started 2025-08-05 is overdue.
    ({ t, w } = await newCaseWorld(engine, '2025-10-08T02:00:00.000Z', { calendar: true }));
  });
  afterEach(async () => t.close());

  it('metrics: requests by route pattern (never the raw URL), committed case steps, FL-16 overdue deadlines', async () => {
    const c = await makeCase(w, { to: 'investigating', receivedOn: '2025-07-20', drive: { on: '2025-08-01', dates: { start_investigation: '2025-08-05' } } });
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).statusCode).toBe(200);
    const m = await t.as(null, { method: 'GET', url: '/metrics' });
    expect(m.statusCode).toBe(200);
    expect(m.headers['content-type']).toContain('text/plain');
    expect(sample(m.body, 'wenze_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/cases/:id', status_code: '200' })).toBe(1);
    expect(m.body).not.toContain(c.caseId);
    expect(sample(m.body, 'wenze_case_transitions_total', { action: 'accept', from: 'intake' })).toBe(1);
    expect(sample(m.body, 'wenze_case_transitions_total', { action: 'start_investigation' })).toBe(1);
    expect(sample(m.body, 'wenze_deadlines_overdue', { kind: 'handling' })).toBe(1);
    expect(m.body).toContain('wenze_process_resident_memory_bytes');
    if (engine === 'postgres') expect(m.body).toMatch(/^wenze_db_pool_total_clients \d+/m);
    else expect(m.body).not.toContain('wenze_db_pool_total_clients');
  });

  it('metrics: the notification outbox depth — rows still to deliver and rows given up — from the table as it is', async () => {
    const q = t.deps.db.kysely;
    const pendingBefore = Number((await q.selectFrom('notification_outbox').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow()).n);
    const row = (id: string, status: string) => ({ id, channel: 'email', target: 'a@example.org', user_id: null, notification_id: null, payload: '{"subject":"s","text":"t"}', status, attempts: 0, next_attempt_at: '2025-09-01T02:00:00.000Z', lease_owner: null, lease_until: null, last_error: null, created_at: '2025-09-01T02:00:00.000Z', sent_at: null });
    await q.insertInto('notification_outbox').values([row('ob-1', 'pending'), row('ob-2', 'pending'), row('ob-3', 'dead'), row('ob-4', 'sent')]).execute();
    const m = await t.as(null, { method: 'GET', url: '/metrics' });
    expect(sample(m.body, 'wenze_outbox_depth', { status: 'pending' })).toBe(pendingBefore + 2);
    expect(sample(m.body, 'wenze_outbox_depth', { status: 'dead' })).toBe(1);
  });

  it('metrics: without METRICS_TOKEN only loopback callers; with it, only the bearer of the token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode).toBe(401);
    const guarded = await buildApp({ deps: t.deps, metricsToken: 's3cret-metrics-token' });
    try {
      expect((await guarded.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      expect((await guarded.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-of-same-len' } })).statusCode).toBe(401);
      const ok = await guarded.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: 'Bearer s3cret-metrics-token' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('wenze_http_request_duration_seconds');
    } finally {
      await guarded.close();
    }
  });

  it('health: liveness; readiness needs the database with every migration applied, and turns 503 on shutdown', async () => {
    expect((await t.as(null, { method: 'GET', url: '/api/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await t.as(null, { method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', db: engine, reasons: [] });
    // a migration of this build missing from the database
    await t.deps.db.kysely.deleteFrom('kysely_migration' as never).where('name' as never, '=', '0065-case-money-bigint' as never).execute();
    const pending = await t.as(null, { method: 'GET', url: '/api/health/ready' });
    expect(pending.statusCode).toBe(503);
    expect(pending.json().reasons).toEqual(['migrations not applied: 0065-case-money-bigint']);
  });

  it('start-up wiring: buildApp wires deadline recomputation for its database; a year loaded over HTTP recomputes provisional deadlines', async () => {
    expect(caseDeadlinesWired(t.deps.db)).toBe(true);
    t.clock.set('2026-12-30T02:00:00.000Z');
    const c = await makeCase(w, { to: 'to_transfer', receivedOn: '2026-12-29', drive: { dates: { accept: '2026-12-30' } } });
    await t.addUser('sysadmin', ['sysadmin']);
    expect((await t.as('sysadmin', { method: 'PUT', url: '/api/v1/calendar/years/2027', payload: hypothetical2027() })).statusCode).toBe(200);
    const d = await t.deps.db.kysely.selectFrom('case_deadlines').select(['due_date', 'provisional']).where('case_id', '=', c.caseId).executeTakeFirstOrThrow();
    expect({ due: d.due_date, provisional: Number(d.provisional) }).toEqual({ due: '2027-01-04', provisional: 0 });
  });

  it('start-up wiring: without it (app closed, nothing else wired) a loaded year leaves stored deadlines alone — importing the module does not wire', async () => {
    t.clock.set('2026-12-30T02:00:00.000Z');
    const c = await makeCase(w, { to: 'to_transfer', receivedOn: '2026-12-29', drive: { dates: { accept: '2026-12-30' } } });
    await t.app.close();
    expect(caseDeadlinesWired(t.deps.db)).toBe(false);
    await loadCalendarYear({ ...t.deps, actor: SYSTEM_ACTOR }, 2027, hypothetical2027());
    const d = await t.deps.db.kysely.selectFrom('case_deadlines').select(['due_date', 'provisional']).where('case_id', '=', c.caseId).executeTakeFirstOrThrow();
    expect({ due: d.due_date, provisional: Number(d.provisional) }).toEqual({ due: '2027-01-01', provisional: 1 });
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM path: a request in flight completes and its write commits; new connections are refused; then the database closes', async () => {
    const db = await openTestDb('sqlite');
    const app = Fastify();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inFlight = new Promise<void>((r) => (entered = r));
    app.get('/slow', async () => {
      entered();
      await gate;
      await db.kysely.insertInto('settings').values({ key: 'shutdown.test', value: '"done"', updated_at: 'x' }).execute();
      return { ok: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const pending = fetch(`http://127.0.0.1:${port}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await inFlight;
    const state = { closing: false };
    let dbClosed = false;
    const shutdown = gracefulShutdown(
      {
        app,
        state,
        closeDb: async () => {
          const row = await db.kysely.selectFrom('settings').select('value').where('key', '=', 'shutdown.test').executeTakeFirst();
          expect(row?.value).toBe('"done"');
          dbClosed = true;
          await closeTestDb(db);
        },
      },
      { timeoutMs: 20_000 },
    );
    expect(state.closing).toBe(true);
    await expect(fetch(`http://127.0.0.1:${port}/slow`)).rejects.toThrow();
    expect(dbClosed).toBe(false);
    release();
    expect(await pending).toEqual({ status: 200, body: { ok: true } });
    expect(await shutdown).toEqual({ drained: true });
    expect(dbClosed).toBe(true);
  });
});

describe('structured logs keep secrets and personal data out', () => {
  let lines: string[];
  let t: TestApp;
  beforeEach(async () => {
    lines = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        cb();
      },
    });
    t = await createTestApp('sqlite', '2025-09-01T02:00:00.000Z', { buildOptions: { logger: { level: 'info', stream } } });
    await t.addUser('clerk', ['clerk']);
  });
  afterEach(async () => t.close());

  it('FL-4/WC-9(1) reporter privacy: no receipt code, reporter text, IP, password, token, cookie or query text in the log', async () => {
    const report = await sendJsonReport(t, { summary: '网上举报：执法人员索要好处。', reporter: { anonymous: false, name: '王举报', phone: '13912345678' } });
    expect(report.statusCode).toBe(201);
    const code = report.json().receiptCode as string;
    expect((await t.as(null, { method: 'POST', url: '/api/v1/public/reports/follow-up', payload: { receiptCode: code }, remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'clerk', password: TEST_PASSWORD }, remoteAddress: '198.51.100.9' });
    expect(login.statusCode).toBe(200);
    await t.app.inject({ method: 'GET', url: '/api/v1/cases?q=王举报', headers: { authorization: `Bearer ${t.tokens.clerk}`, cookie: 'wenze_session=cookie-secret-value' }, remoteAddress: '198.51.100.9' });
    await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: 'Bearer not-a-valid-token-xyz' } });
    await t.app.inject({ method: 'GET', url: '/no/such/page?receipt=203-0-113-7', remoteAddress: '203.0.113.7' });

    const log = lines.join('\n');
    const records = lines.map((l) => JSON.parse(l) as { msg: string; req?: { url: string; remoteAddress?: string; route?: string } });
    // the requests are there, as structured records
    expect(records.some((r) => r.req?.route === '/api/v1/public/reports/follow-up')).toBe(true);
    expect(records.some((r) => r.req?.url === '/api/v1/cases' && r.req.remoteAddress === '198.51.100.9')).toBe(true);
    // and nothing that must stay out of them
    for (const secret of [code, code.replace(/-/g, ''), '王举报', '13912345678', '索要好处', '203.0.113.7', TEST_PASSWORD, t.tokens.clerk!, 'cookie-secret-value', 'not-a-valid-token-xyz']) {
      expect(log, secret).not.toContain(secret);
    }
  });
});

describe('deps wiring is per database', () => {
  it('two apps on two databases: a year loaded into one recomputes only there, and closing one keeps the other wired', async () => {
    const [a, b] = [await openTestDb('sqlite'), await openTestDb('sqlite')];
    const mk = (db: typeof a) => buildApp({ deps: { db, clock: new FixedClock('2026-12-30T02:00:00.000Z'), files: new MemoryFileStore() } });
    const [appA, appB] = [await mk(a), await mk(b)];
    expect([caseDeadlinesWired(a), caseDeadlinesWired(b)]).toEqual([true, true]);
    await appA.close();
    expect([caseDeadlinesWired(a), caseDeadlinesWired(b)]).toEqual([false, true]);
    await appB.close();
    expect(caseDeadlinesWired(b)).toBe(false);
    await closeTestDb(a);
    await closeTestDb(b);
  });
});
