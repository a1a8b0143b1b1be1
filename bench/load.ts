// Load benchmark (`npm run bench:load`, issue 14 point 6): autocannon against a running server.
//
// The server runs in a child process (so its RSS and event loop are its own, not the load
// generator's): the demo commission loaded through the services (17 accountability cases in every
// state, 60 original cases, people, documents, audit records), then `buildApp` listening on
// 127.0.0.1. The load is mixed, cycled per connection: staff pages read as the 法制科 clerk — the
// queue, the case list (page 1 and a filtered page), a Chinese search, a case page, the original
// cases register — and writes: a new original case (validated, audited) in 1 of 10 requests.
//
// First a run at full speed for --duration seconds (default 180): requests/s, p50/p99, errors,
// non-2xx, the server's RSS at start and end. Then, unless --no-search, the highest rate that
// keeps p99 < 100 ms: runs of --step seconds (default 20) at fixed rates (autocannon overallRate),
// halving from the full-speed rate and then bisecting (at most 6 steps).
//
// Options: --duration S, --connections N (default 10), --engines sqlite,postgres (postgres needs
// TEST_DATABASE_URL or DATABASE_URL; a throw-away schema), --step S, --no-search.
// Last line: one JSON object.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const NOW = '2026-11-29T02:00:00.000Z';
const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

// ------------------------------------------------------------------------------------------
// the server (child process)
// ------------------------------------------------------------------------------------------

interface Ready {
  port: number;
  token: string;
  caseIds: string[];
  unitId: string;
  handlerId: string;
}

async function serve(engine: string, dir: string, schema: string): Promise<void> {
  // the demo's reports are sealed: a throw-away master key unless one is configured
  process.env.WENZE_REPORT_KEYS ??= `rk-bench:${randomBytes(32).toString('base64')}`;
  const { openDatabase } = await import('../src/db/database');
  const { migrateToLatest } = await import('../src/db/migrate');
  const { LocalFileStore } = await import('../src/files/file-store');
  const { FixedClock } = await import('../src/lib/clock');
  const { loadDemo, DEMO_PASSWORD, DEMO_TOTP_SECRET } = await import('../src/ops/demo');
  const { buildApp } = await import('../src/server/app');
  const { login, loginWithTotp } = await import('../src/services/auth-service');
  const { generateSync } = await import('otplib');
  const db = engine === 'postgres' ? await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 10 }) : await openDatabase({ dataDir: dir });
  await migrateToLatest(db);
  const deps = { db, clock: new FixedClock(NOW), files: new LocalFileStore(path.join(dir, 'files')) };
  await loadDemo(deps, { today: NOW.slice(0, 10) });
  const app = await buildApp({ deps, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const first = await login(deps, { username: 'fazhike', password: DEMO_PASSWORD });
  const signed = first.status === 'signed_in' ? first : await loginWithTotp(deps, { pendingToken: first.pendingToken, code: generateSync({ secret: DEMO_TOTP_SECRET, epoch: Math.floor(deps.clock.now().getTime() / 1000) }) });
  if (signed.status !== 'signed_in') throw new Error('bench: the clerk could not sign in');
  // the cases the clerk may open (the demo has some of other organisations)
  const caseIds: string[] = [];
  for (const { id } of await db.kysely.selectFrom('cases').select('id').execute()) {
    if ((await app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: { authorization: `Bearer ${signed.token}` } })).statusCode === 200) caseIds.push(id);
  }
  const part = await db.kysely
    .selectFrom('original_case_participants')
    .innerJoin('original_cases', 'original_cases.id', 'original_case_participants.case_id')
    .select(['original_cases.unit_id', 'original_case_participants.person_id'])
    .where('original_case_participants.role', '=', 'handler')
    .executeTakeFirstOrThrow();
  const addr = app.server.address();
  const ready: Ready = { port: typeof addr === 'object' && addr ? addr.port : 0, token: signed.token, caseIds, unitId: part.unit_id, handlerId: part.person_id };
  process.on('message', async (m: string) => {
    if (m === 'rss') process.send!({ rss: process.memoryUsage().rss });
    if (m === 'stop') {
      await app.close();
      if (engine === 'postgres') {
        const { sql } = await import('kysely');
        await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
      }
      await db.close();
      process.send!({ stopped: true });
      process.exit(0);
    }
  });
  process.send!({ ready });
}

// ------------------------------------------------------------------------------------------
// the load (parent)
// ------------------------------------------------------------------------------------------

function ask<T>(child: ChildProcess, msg: string, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: Record<string, unknown>) => {
      if (key in m) {
        child.off('message', on);
        resolve(m[key] as T);
      }
    };
    child.on('message', on);
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    if (msg) child.send(msg);
  });
}

let written = 0;
/** non-2xx answers by request kind, status and error code: printed so a failing mix is seen */
const failures = new Map<string, number>();
const onResponse = (kind: string) => (status: number, body: string) => {
  if (status >= 200 && status < 300) return;
  const code = /"code":"([A-Z_]+)"/.exec(body)?.[1] ?? '';
  const k = `${kind} ${status} ${code}`;
  failures.set(k, (failures.get(k) ?? 0) + 1);
};
function requests(r: Ready): autocannon.Request[] {
  let pick = 1;
  const headers = { authorization: `Bearer ${r.token}`, 'content-type': 'application/json' };
  const get = (p: () => string): autocannon.Request => ({ method: 'GET', headers, setupRequest: (req) => ({ ...req, path: p() }), onResponse: onResponse(`GET ${p().split('?')[0]!.replace(/[0-9A-Z]{26}$/, ':id')}`) });
  const runId = randomBytes(3).toString('hex');
  return [
    get(() => '/api/v1/queue'),
    get(() => '/api/v1/cases?page=1&pageSize=20'),
    get(() => `/api/v1/cases/${r.caseIds[(pick = (pick * 7919) % r.caseIds.length)]!}`),
    get(() => `/api/v1/cases?q=${encodeURIComponent('罚款')}&page=1&pageSize=20`),
    get(() => '/api/v1/cases?open=true&page=1&pageSize=20'),
    get(() => `/api/v1/cases/${r.caseIds[(pick = (pick * 7919) % r.caseIds.length)]!}`),
    get(() => '/api/v1/original-cases?page=1&pageSize=20'),
    get(() => '/api/v1/queue'),
    get(() => `/api/v1/cases/${r.caseIds[(pick = (pick * 7919) % r.caseIds.length)]!}`),
    {
      method: 'POST',
      path: '/api/v1/original-cases',
      headers,
      onResponse: onResponse('POST /api/v1/original-cases'),
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({
          number: `压测〔2026〕${runId}-${++written}号`,
          kind: 'penalty',
          title: '未取得施工许可证擅自施工',
          unitId: r.unitId,
          decisionDate: '2026-11-01',
          counterpart: { name: '重庆某建筑工程有限公司', type: 'organisation', idNo: null },
          handlers: [{ personId: r.handlerId }],
        }),
      }),
    },
  ];
}

interface RunResult {
  seconds: number;
  rate: number | null;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  total: number;
}

async function load(r: Ready, seconds: number, connections: number, rate?: number): Promise<RunResult> {
  const res = await autocannon({
    url: `http://127.0.0.1:${r.port}`,
    connections,
    duration: seconds,
    requests: requests(r),
    ...(rate ? { overallRate: rate } : {}),
  });
  return {
    seconds,
    rate: rate ?? null,
    requestsPerSecond: Math.round(res.requests.average * 10) / 10,
    p50: res.latency.p50,
    p99: res.latency.p99,
    errors: res.errors,
    timeouts: res.timeouts,
    non2xx: res.non2xx,
    total: res.requests.total,
  };
}

const line = (x: RunResult): string =>
  `${x.rate ? `rate ${String(x.rate).padStart(5)}/s` : 'full speed  '} ${String(x.requestsPerSecond).padStart(7)} req/s  p50 ${String(x.p50).padStart(5)} ms  p99 ${String(x.p99).padStart(6)} ms  errors ${x.errors}  timeouts ${x.timeouts}  non-2xx ${x.non2xx}  (${x.total} requests)`;

async function runEngine(engine: string, duration: number, connections: number, step: number, search: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wenze-bench-load-${engine}-`));
  const schema = `bench_load_${randomBytes(4).toString('hex')}`;
  const child = fork(fileURLToPath(import.meta.url), ['--serve', engine, dir, schema], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  try {
    const ready = await ask<Ready>(child, '', 'ready');
    const mb = async () => Math.round((await ask<number>(child, 'rss', 'rss')) / 2 ** 20);
    await load(ready, 5, connections); // warm-up
    const rssStart = await mb();
    const main = await load(ready, duration, connections);
    const rssEnd = await mb();
    console.log(`[${engine}] ${line(main)}; server RSS ${rssStart} → ${rssEnd} MiB`);
    if (failures.size) console.log(`[${engine}] non-2xx answers: ${JSON.stringify(Object.fromEntries(failures))}`);
    const steps: RunResult[] = [];
    let best: number | null = main.p99 < 100 ? main.requestsPerSecond : null;
    if (search && best === null) {
      // halve until p99 < 100 ms, then bisect between the last good and the first bad rate
      let bad = main.requestsPerSecond;
      let good = 0;
      let rate = Math.max(1, Math.floor(bad / 2));
      for (let i = 0; i < 6 && rate >= 1; i++) {
        const x = await load(ready, step, connections, rate);
        steps.push(x);
        console.log(`[${engine}]   ${line(x)}`);
        if (x.p99 < 100 && x.non2xx === 0 && x.errors === 0) good = rate;
        else bad = rate;
        if (!good) rate = Math.floor(rate / 2);
        else if (bad - good <= Math.max(2, good / 10)) break;
        else rate = Math.floor((good + bad) / 2);
      }
      best = good || null;
    }
    console.log(`[${engine}] highest rate with p99 < 100 ms: ${best === null ? 'none found' : `${best} req/s`}`);
    return { engine, duration, connections, ...main, rssStartMb: rssStart, rssEndMb: rssEnd, bestRateP99Under100: best, steps };
  } finally {
    if (child.connected) {
      child.send('stop');
      await ask(child, '', 'stopped').catch((e: unknown) => console.warn('server stop:', (e as Error).message));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--serve') return serve(process.argv[3]!, process.argv[4]!, process.argv[5]!);
  const duration = Number(arg('duration', '180'));
  const connections = Number(arg('connections', '10'));
  const step = Number(arg('step', '20'));
  const search = !process.argv.includes('--no-search');
  const engines = arg('engines', PG_URL ? 'sqlite,postgres' : 'sqlite')
    .split(',')
    .filter((e) => e === 'sqlite' || (e === 'postgres' && PG_URL));
  console.log(`bench:load — ${duration} s per engine, ${connections} connections, 9 reads : 1 write (new original case); load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const results = [];
  for (const e of engines) results.push(await runEngine(e, duration, connections, step, search));
  console.log(JSON.stringify({ bench: 'load', target: { p99Ms: 100 }, loadAverage: os.loadavg()[0], results }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
