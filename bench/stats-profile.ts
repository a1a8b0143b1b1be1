// `npm run bench stats-profile`: one page of the kept PostgreSQL bench schema (`bench_scale`, left by
// `BENCH_KEEP_PG_SCHEMA=1 npm run bench:scale -- --engine postgres …`) requested ROUNDS times through
// the real routes as the 法制科 clerk, every statement logged with its duration (a Kysely log hook):
// p50/p99 of the request, and with VERBOSE=1 each round's statement count and the last round's
// statements, slowest first — to find which statement of a page grows with the data, then EXPLAIN it.
//   BENCH_DATABASE_URL=postgres://…/test_a PAGE='/api/v1/stats?year=2026' ROUNDS=40 VERBOSE=1 \
//     BENCH_SCALE_DIR=/tmp/k100 npm run bench stats-profile
// Each run signs in with the demo second factor on a fixed clock one minute later per wall-clock
// second (BENCH_MINUTE sets the offset): a one-time code is not accepted twice.
// SQLite: without a URL, the kept SQLite file of BENCH_SCALE_DIR (a COPY of a kept bench dir: the
// sign-in writes a session) is opened instead, its report key read from DIR/bench-scale.json:
//   PAGE=/api/v1/queue ROUNDS=40 VERBOSE=1 BENCH_SCALE_DIR=/tmp/q-k100 npm run bench stats-profile
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { cachedStatements, openDatabase, type Db } from '../src/db/database';
import type { Database } from '../src/db/schema';
import { LocalFileStore } from '../src/files/file-store';
import { FixedClock } from '../src/lib/clock';
import { buildApp } from '../src/server/app';
import { demoSignIn } from './sign-in';

const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const dir = process.env.BENCH_SCALE_DIR;
if (!url && !dir) throw new Error('stats-profile: set BENCH_DATABASE_URL (PostgreSQL) or BENCH_SCALE_DIR (a copy of a kept SQLite bench dir)');
if (!url) process.env.WENZE_REPORT_KEYS ??= (JSON.parse(fs.readFileSync(path.join(dir!, 'bench-scale.json'), 'utf8')) as { reportKeys: string }).reportKeys;
const base = url ? await openDatabase({ databaseUrl: url, pgSchema: 'bench_scale' }) : await openDatabase({ dataDir: dir });
const log: { ms: number; sql: string; params: unknown[] }[] = [];
let on = false;
const kysely = new Kysely<Database>({
  // SQLite: the same prepared-statement cache as the product's handle (database.ts#cachedStatements)
  dialect: url ? new PostgresDialect({ pool: base.pool! }) : new SqliteDialect({ database: cachedStatements(base.sqlite!) }),
  log: (e) => {
    if (on) log.push({ ms: e.queryDurationMillis, sql: e.query.sql, params: [...e.query.parameters] });
  },
});
const db: Db = { ...base, kysely };
const minute = Number(process.env.BENCH_MINUTE ?? Math.floor(Date.now() / 1000) % 1_000_000);
const clock = new FixedClock(new Date(Date.parse('2026-11-29T02:00:00Z') + (1000 + minute) * 60_000).toISOString());
const deps = { db, clock, files: new LocalFileStore(path.join(process.env.BENCH_SCALE_DIR ?? '.', 'files')) };
const app = await buildApp({ deps });
try {
  const signed = await demoSignIn(deps, 'fazhike');
  const page = process.env.PAGE ?? '/api/v1/stats?year=2026';
  const rounds = Number(process.env.ROUNDS ?? 10);
  const ts: number[] = [];
  for (let i = 0; i < rounds; i++) {
    log.length = 0;
    on = true;
    const s = performance.now();
    const r = await app.inject({ method: 'GET', url: page, headers: { authorization: `Bearer ${signed.token}` } });
    const t = performance.now() - s;
    on = false;
    ts.push(t);
    if (r.statusCode !== 200) throw new Error(`stats-profile: ${r.statusCode} ${r.body.slice(0, 300)}`);
    if (process.env.VERBOSE) console.log(`round ${i}: ${t.toFixed(1)} ms, ${log.length} statements, ${log.reduce((a, x) => a + x.ms, 0).toFixed(1)} ms in them`);
  }
  // DUMP=file: the last round's statements in full (SQL and parameters), slowest first, for EXPLAIN (ANALYZE)
  if (process.env.DUMP) fs.writeFileSync(process.env.DUMP, JSON.stringify([...log].sort((a, b) => b.ms - a.ms), null, 1));
  if (process.env.VERBOSE) for (const x of [...log].sort((a, b) => b.ms - a.ms)) console.log(x.ms.toFixed(1).padStart(7), x.sql.slice(0, 300).replace(/\s+/g, ' '), JSON.stringify(x.params).slice(0, 160));
  const sorted = [...ts].sort((a, b) => a - b);
  const pct = (p: number): string => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1);
  console.log(`${page}: ${rounds} requests, p50 ${pct(50)} ms, p99 ${pct(99)} ms, ${log.length} statements each`);
} finally {
  await app.close();
  await base.close();
}
