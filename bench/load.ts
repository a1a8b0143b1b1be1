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
// keeps p99 < 100 ms: runs of --step seconds (default 20) at fixed rates, halving from the
// full-speed rate and then bisecting (at most 6 steps). A fixed rate is an open-loop run of our own
// (`paced`): requests evenly spaced at 1/rate, each timed from when it was due, so a server that
// falls behind is charged for the wait it caused. (autocannon's `overallRate` sends each
// connection's per-second budget back to back at each second's start: bursts, not a rate.)
//
// Per request kind (the queue, the case list, the open-case list, the Chinese search, the case
// page, the original cases register, the new original case): p50/p99/max of every run, so a slow
// kind is named (`byKind` in the JSON). The server's memory every ~15 s of the full-speed run:
// RSS and the V8 heap used after a forced GC (the child runs with --expose-gc), so "memory flat"
// is judged from the live heap, not only from RSS (which also holds SQLite's page cache and
// whatever the allocator keeps).
//
// The full-speed run is closed loop (autocannon, `--connections` each waiting for its answer):
// its p50/p99 include the queueing of those connections at the server's highest throughput.
//
// Options: --duration S, --connections N (default 10), --engines sqlite,postgres (postgres needs
// TEST_DATABASE_URL or DATABASE_URL; a throw-away schema), --step S, --no-search, --mem-every S
// (default 15), --statements (PostgreSQL: every statement's duration through the pool, and the
// wait for a pooled connection; the slowest statements by total and by max are printed),
// --keep-schema (PostgreSQL: the schema is left for EXPLAIN; its name is printed).
// Last line: one JSON object.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pool, PoolClient } from 'pg';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { LatencyByKind } from './load-stats';
import { pacedRun, type MixRequest, type RunResult } from './paced';

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
  const { loadDemo } = await import('../src/ops/demo');
  const { buildApp } = await import('../src/server/app');
  const { demoSignIn } = await import('./sign-in');
  const db = engine === 'postgres' ? await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 10 }) : await openDatabase({ dataDir: dir });
  await migrateToLatest(db);
  const deps = { db, clock: new FixedClock(NOW), files: new LocalFileStore(path.join(dir, 'files')) };
  await loadDemo(deps, { today: NOW.slice(0, 10) });
  const app = await buildApp({ deps, logger: false });
  const statements = engine === 'postgres' && process.argv.includes('--statements') ? recordStatements(db.pool!) : null;
  if (statements) {
    // Each statement counted against the kind of request that ran it. The app is ready (no hooks
    // can be added), so: the server's request listener runs inside a context naming the kind, and
    // the app's own request context (entered at onRequest and again at preValidation, because a
    // body's parsing runs outside the request's async context) carries that kind on.
    const { requestContext } = await import('../src/lib/request-context');
    const kindOfStore = new WeakMap<object, { kind: string }>();
    const run = requestContext.run.bind(requestContext) as (store: unknown, fn: (...a: unknown[]) => unknown, ...a: unknown[]) => unknown;
    (requestContext as unknown as { run: typeof run }).run = (store, fn, ...a) => {
      let k = kindOfStore.get(store as object);
      if (!k && (k = statements.context.getStore())) kindOfStore.set(store as object, k);
      return run(store, () => (k ? statements.context.run(k, () => fn(...a)) : fn(...a)));
    };
    const listeners = app.server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    app.server.removeAllListeners('request');
    app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const [p, qs] = (req.url ?? '').split('?');
      const keys = ['q', 'open'].filter((k) => new URLSearchParams(qs ?? '').has(k));
      const store = { kind: `${req.method} ${p!.replace(/\/[0-9A-Z]{26}(?=\/|$)/g, '/:id')}${keys.length ? `?${keys.join('&')}` : ''}` };
      res.on('finish', () => statements.answered(store.kind));
      statements.context.run(store, () => {
        for (const l of listeners) l(req, res);
      });
    });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const signed = await demoSignIn(deps, 'fazhike');
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
  statements?.reset();
  const addr = app.server.address();
  const ready: Ready = { port: typeof addr === 'object' && addr ? addr.port : 0, token: signed.token, caseIds, unitId: part.unit_id, handlerId: part.person_id };
  process.on('message', async (m: string) => {
    if (m === 'rss') process.send!({ rss: process.memoryUsage().rss });
    if (m === 'mem') {
      // the live heap: after a full collection (the child runs with --expose-gc)
      (globalThis as { gc?: () => void }).gc?.();
      const u = process.memoryUsage();
      process.send!({ mem: { rss: u.rss, heapUsed: u.heapUsed, heapTotal: u.heapTotal, external: u.external, arrayBuffers: u.arrayBuffers } });
    }
    if (m === 'statements-reset') statements?.reset();
    if (m === 'statements') process.send!({ statements: statements?.report() ?? null });
    if (m === 'stop') {
      await app.close();
      if (engine === 'postgres' && !process.argv.includes('--keep-schema')) {
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

interface StatementStat {
  sql: string;
  n: number;
  totalMs: number;
  maxMs: number;
}

/**
 * Every statement through the pool with its duration (from the query's send to its result) and
 * the time spent waiting for a pooled connection: `--statements` (PostgreSQL). The statements are
 * keyed by their text (parameters apart), so a page's statements show with their counts.
 */
function recordStatements(pool: Pool) {
  let byText = new Map<string, StatementStat>();
  let waits: number[] = [];
  /** per request kind (the server's route and query keys): requests answered, statements run, their time */
  let byKind = new Map<string, { requests: number; statements: number; dbMs: number; texts: Map<string, number> }>();
  const context = new AsyncLocalStorage<{ kind: string }>();
  const kindStat = (kind: string) => {
    let k = byKind.get(kind);
    if (!k) byKind.set(kind, (k = { requests: 0, statements: 0, dbMs: 0, texts: new Map() }));
    return k;
  };
  const wrapped = new WeakSet<object>();
  const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
  (pool as unknown as { connect: () => Promise<PoolClient> }).connect = async () => {
    const t0 = performance.now();
    const client = await connect();
    waits.push(performance.now() - t0);
    if (!wrapped.has(client)) {
      wrapped.add(client);
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
        const text = typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string })?.text ?? '?');
        const kind = context.getStore()?.kind ?? '(outside a request)';
        const t = performance.now();
        const r = query(...a);
        if (r && typeof (r as Promise<unknown>).then === 'function') {
          void (r as Promise<unknown>).then(
            () => note(text, kind, performance.now() - t),
            () => note(text, kind, performance.now() - t),
          );
        }
        return r;
      };
    }
    return client;
  };
  const note = (text: string, kind: string, ms: number) => {
    const k = kindStat(kind);
    k.statements++;
    k.dbMs += ms;
    k.texts.set(text, (k.texts.get(text) ?? 0) + 1);
    let s = byText.get(text);
    if (!s) byText.set(text, (s = { sql: text, n: 0, totalMs: 0, maxMs: 0 }));
    s.n++;
    s.totalMs += ms;
    s.maxMs = Math.max(s.maxMs, ms);
  };
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    context,
    answered(kind: string) {
      kindStat(kind).requests++;
    },
    reset() {
      byText = new Map();
      waits = [];
      byKind = new Map();
    },
    report() {
      const all = [...byText.values()].map((x) => ({ ...x, totalMs: round(x.totalMs), maxMs: round(x.maxMs), meanMs: round(x.totalMs / x.n), sql: x.sql.replace(/\s+/g, ' ').slice(0, 400) }));
      const w = [...waits].sort((a, b) => a - b);
      return {
        statements: all.reduce((n, x) => n + x.n, 0),
        perRequest: Object.fromEntries(
          [...byKind].map(([k, v]) => [
            k,
            {
              requests: v.requests,
              statementsPerRequest: round(v.statements / Math.max(1, v.requests)),
              dbMsPerRequest: round(v.dbMs / Math.max(1, v.requests)),
              // the statements of this kind by how many times one request runs them
              each: [...v.texts]
                .sort((a, b) => b[1] - a[1])
                .map(([t, n]) => `${round(n / Math.max(1, v.requests))}× ${t.replace(/\s+/g, ' ').slice(0, 160)}`),
            },
          ]),
        ),
        distinct: all.length,
        byTotal: [...all].sort((a, b) => b.totalMs - a.totalMs).slice(0, 12),
        byMax: [...all].sort((a, b) => b.maxMs - a.maxMs).slice(0, 8),
        poolWait: { n: w.length, p50: round(w[Math.floor(w.length / 2)] ?? 0), p99: round(w[Math.ceil(w.length * 0.99) - 1] ?? 0), max: round(w[w.length - 1] ?? 0) },
      };
    },
  };
}

// ------------------------------------------------------------------------------------------
// the load (parent)
// ------------------------------------------------------------------------------------------

function ask<T>(child: ChildProcess, msg: string, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const exit = (code: number | null) => {
      child.off('message', on);
      reject(new Error(`server exited (${code})`));
    };
    const on = (m: Record<string, unknown>) => {
      if (key in m) {
        child.off('message', on);
        child.off('exit', exit);
        resolve(m[key] as T);
      }
    };
    child.on('message', on);
    child.once('exit', exit);
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
/** the kind of the request whose response autocannon is reporting (set by its onResponse, read by the 'response' event right after) */
let answered: string | null = null;

/** The mix, cycled in this order: 9 reads of staff pages and 1 write (a new original case). */
function mix(r: Ready): MixRequest[] {
  let pick = 1;
  const get = (kind: string, p: () => string): MixRequest => ({ kind, method: 'GET', path: p, route: (path) => `GET ${path.split('?')[0]!.replace(/[0-9A-Z]{26}$/, ':id')}` });
  const casePage = () => `/api/v1/cases/${r.caseIds[(pick = (pick * 7919) % r.caseIds.length)]!}`;
  const runId = randomBytes(3).toString('hex');
  return [
    get('queue', () => '/api/v1/queue'),
    get('case list', () => '/api/v1/cases?page=1&pageSize=20'),
    get('case page', casePage),
    get('search 罚款', () => `/api/v1/cases?q=${encodeURIComponent('罚款')}&page=1&pageSize=20`),
    get('open-case list', () => '/api/v1/cases?open=true&page=1&pageSize=20'),
    get('case page', casePage),
    get('original cases', () => '/api/v1/original-cases?page=1&pageSize=20'),
    get('queue', () => '/api/v1/queue'),
    get('case page', casePage),
    {
      kind: 'POST original case',
      method: 'POST',
      path: () => '/api/v1/original-cases',
      route: () => 'POST /api/v1/original-cases',
      body: () =>
        JSON.stringify({
          number: `压测〔2026〕${runId}-${++written}号`,
          kind: 'penalty',
          title: '未取得施工许可证擅自施工',
          unitId: r.unitId,
          decisionDate: '2026-11-01',
          counterpart: { name: '重庆某建筑工程有限公司', type: 'organisation', idNo: null },
          handlers: [{ personId: r.handlerId }],
        }),
    },
  ];
}

const headersOf = (r: Ready) => ({ authorization: `Bearer ${r.token}`, 'content-type': 'application/json' });

/** The mix as autocannon requests (closed loop: each connection sends its next request when the last is answered). */
function requests(r: Ready): autocannon.Request[] {
  const headers = headersOf(r);
  return mix(r).map((m) => {
    let sent = '';
    return {
      method: m.method,
      headers,
      setupRequest: (req) => ({ ...req, path: (sent = m.path()), ...(m.body ? { body: m.body() } : {}) }),
      onResponse: (status, body) => {
        answered = m.kind;
        onResponse(m.route(sent))(status, body);
      },
    };
  });
}

/** Full speed: autocannon, `connections` connections each sending its next request as soon as the last is answered. */
async function load(r: Ready, seconds: number, connections: number): Promise<RunResult> {
  const byKind = new LatencyByKind();
  const run = autocannon({ url: `http://127.0.0.1:${r.port}`, connections, duration: seconds, requests: requests(r) });
  run.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    byKind.record(answered ?? 'unknown', ms);
    answered = null;
  });
  const res = await run;
  return {
    seconds,
    rate: null,
    requestsPerSecond: Math.round(res.requests.average * 10) / 10,
    p50: res.latency.p50,
    p99: res.latency.p99,
    errors: res.errors,
    timeouts: res.timeouts,
    non2xx: res.non2xx,
    total: res.requests.total,
    byKind: byKind.summary(),
  };
}

/** A fixed rate: the mix, open loop (bench/paced.ts). */
const paced = (r: Ready, seconds: number, rate: number): Promise<RunResult> => pacedRun({ port: r.port, cycle: mix(r), headers: headersOf(r), seconds, rate, onAnswer: (m, path, status, body) => onResponse(m.route(path))(status, body) });

const kindLines = (engine: string, x: RunResult): string =>
  Object.entries(x.byKind)
    .map(([k, v]) => `[${engine}]       ${k.padEnd(20)} n ${String(v.n).padStart(6)}  p50 ${String(v.p50).padStart(6)} ms  p99 ${String(v.p99).padStart(6)} ms  max ${String(v.max).padStart(6)} ms`)
    .join('\n');

const line = (x: RunResult): string =>
  `${x.rate ? `rate ${String(x.rate).padStart(5)}/s` : 'full speed  '} ${String(x.requestsPerSecond).padStart(7)} req/s  p50 ${String(x.p50).padStart(5)} ms  p99 ${String(x.p99).padStart(6)} ms  errors ${x.errors}  timeouts ${x.timeouts}  non-2xx ${x.non2xx}  (${x.total} requests)`;

interface MemSample {
  atS: number;
  rssMb: number;
  heapUsedMb: number;
  /** the heap V8 holds (used or not): what RSS follows */
  heapTotalMb: number;
  externalMb: number;
}

async function runEngine(engine: string, duration: number, connections: number, step: number, search: boolean, memEvery: number, statements: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wenze-bench-load-${engine}-`));
  const schema = `bench_load_${randomBytes(4).toString('hex')}`;
  const keepSchema = process.argv.includes('--keep-schema');
  if (keepSchema && engine === 'postgres') console.log(`[postgres] schema ${schema} kept (--keep-schema): drop it when done`);
  const child = fork(fileURLToPath(import.meta.url), ['--serve', engine, dir, schema, ...(statements ? ['--statements'] : []), ...(keepSchema ? ['--keep-schema'] : [])], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: 'inherit',
  });
  try {
    const ready = await ask<Ready>(child, '', 'ready');
    const mb = async () => Math.round((await ask<number>(child, 'rss', 'rss')) / 2 ** 20);
    const toMb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
    const t0 = Date.now();
    const memSample = async (): Promise<MemSample> => {
      const m = await ask<{ rss: number; heapUsed: number; heapTotal: number; external: number }>(child, 'mem', 'mem');
      return { atS: Math.round((Date.now() - t0) / 1000), rssMb: toMb(m.rss), heapUsedMb: toMb(m.heapUsed), heapTotalMb: toMb(m.heapTotal), externalMb: toMb(m.external) };
    };
    await load(ready, 5, connections); // warm-up
    const rssStart = await mb();
    const memory: MemSample[] = [await memSample()];
    let sampling = Promise.resolve();
    const timer = setInterval(() => {
      sampling = sampling.then(async () => void memory.push(await memSample()));
    }, memEvery * 1000);
    if (statements) child.send('statements-reset');
    let main: RunResult;
    try {
      main = await load(ready, duration, connections);
    } finally {
      clearInterval(timer);
      await sampling;
    }
    const rssEnd = await mb();
    memory.push(await memSample());
    console.log(`[${engine}] ${line(main)}; server RSS ${rssStart} → ${rssEnd} MiB`);
    console.log(kindLines(engine, main));
    console.log(`[${engine}] memory every ~${memEvery} s (after a forced GC): ${memory.map((m) => `${m.atS}s ${m.rssMb}/${m.heapTotalMb}/${m.heapUsedMb}`).join(', ')} (RSS/heapTotal/heapUsed MiB)`);
    const stmts = statements ? await ask<unknown>(child, 'statements', 'statements') : null;
    if (stmts) console.log(`[${engine}] statements: ${JSON.stringify(stmts, null, 1)}`);
    if (failures.size) console.log(`[${engine}] non-2xx answers: ${JSON.stringify(Object.fromEntries(failures))}`);
    const steps: RunResult[] = [];
    let best: number | null = main.p99 < 100 ? main.requestsPerSecond : null;
    if (search && best === null) {
      // halve until p99 < 100 ms, then bisect between the last good and the first bad rate
      let bad = main.requestsPerSecond;
      let good = 0;
      let rate = Math.max(1, Math.floor(bad / 2));
      for (let i = 0; i < 6 && rate >= 1; i++) {
        const x = await paced(ready, step, rate);
        steps.push(x);
        console.log(`[${engine}]   ${line(x)}`);
        console.log(kindLines(engine, x));
        if (x.p99 < 100 && x.non2xx === 0 && x.errors === 0) good = rate;
        else bad = rate;
        if (!good) rate = Math.floor(rate / 2);
        else if (bad - good <= Math.max(2, good / 10)) break;
        else rate = Math.floor((good + bad) / 2);
      }
      best = good || null;
    }
    console.log(`[${engine}] highest rate with p99 < 100 ms: ${best === null ? 'none found' : `${best} req/s`}`);
    return { engine, duration, connections, ...main, rssStartMb: rssStart, rssEndMb: rssEnd, memory, bestRateP99Under100: best, steps };
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
  const memEvery = Number(arg('mem-every', '15'));
  const statements = process.argv.includes('--statements');
  const engines = arg('engines', PG_URL ? 'sqlite,postgres' : 'sqlite')
    .split(',')
    .filter((e) => e === 'sqlite' || (e === 'postgres' && PG_URL));
  console.log(`bench:load — ${duration} s per engine, ${connections} connections, 9 reads : 1 write (new original case); load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const results = [];
  for (const e of engines) results.push(await runEngine(e, duration, connections, step, search, memEvery, statements));
  console.log(JSON.stringify({ bench: 'load', target: { p99Ms: 100 }, loadAverage: os.loadavg()[0], results }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
