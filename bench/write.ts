// Write benchmark (`npm run bench:write`): case transitions per second through the HTTP layer
// against the same SQL done directly in the same process.
//
// The transition is `record_evidence` on a case under investigation (WC-9(2)): it can be
// repeated, and it is a full lifecycle step (version check, guard, evidence row, case version
// bump, step row, hash-chained audit record). Writes are spread over many cases so no case
// grows unusually large.
//
//   raw      the same row writes in one transaction, straight through Kysely: lock/read the case,
//            insert the evidence, bump the version, insert the step, index the evidence text for
//            full-text search, append the audit record.
//   service  performAction() called in process (validation, authorization, facts, guard).
//   svc+view performAction() and then caseViewAfterWrite(), the case view the action route returns.
//   api      POST /api/v1/cases/:id/actions/record_evidence through Fastify (app.inject): session
//            lookup, zod, the service, then the case view the route returns, serialized.
//   apiMin   the same with `Prefer: return=minimal`: the answer is {caseId, version, state, created}.
//            ratio = apiMin / raw (the transition through the HTTP layer); ratioFullView = api / raw.
// and, to show where the API's time goes, the case view read alone (in process and over HTTP);
// `view` is the audited read (getCase: one small audit transaction per read, 等保2.0 安全审计),
// `view-noaudit` the same view without its read record — the difference is the cost of auditing reads.
// Each phase also prints its time in SQL (`Db.sqlMs`: SQLite's own execution of the statements;
// on PostgreSQL the time with a statement awaiting its answer):
// the rest of its time is JavaScript. From it, the "ratio ceilings": what a ratio could reach if the
// product's path spent no more time in JavaScript than the raw phase does.
//
// SQLite: a file in a temp folder, WAL, synchronous=FULL (durable, as in production).
// PostgreSQL: when DATABASE_URL or TEST_DATABASE_URL is set (a fresh schema, dropped after).
// Single client, sequential, each phase time-bounded (BENCH_SECONDS, default 3).
// The last line printed is one JSON object with the figures. Target: api ≥ ½ raw.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { appendAudit } from '../src/audit/audit-writer';
import { verifyAuditChain } from '../src/audit/audit-verify';
import { openDatabase, type Db, type DialectName } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { inTransaction } from '../src/db/tx';
import { Readable } from 'node:stream';
import { DatabaseFileStore } from '../src/files/database-store';
import { LocalFileStore, MemoryFileStore, type FileStore } from '../src/files/file-store';
import { newId } from '../src/lib/ids';
import { AppError } from '../src/errors';
import { FixedClock } from '../src/lib/clock';
import { loadDemo } from '../src/ops/demo';
import { buildApp } from '../src/server/app';
import { demoSignIn } from './sign-in';
import { caseViewAfterWrite, createCase, driveCaseTo, getCase, performAction, type DriveActors } from '../src/services/cases';
import type { Ctx, Deps } from '../src/services/context';
import { indexEvidence } from '../src/services/cases/search';
import type { Actor, Role } from '../src/policies/roles';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CASES = Number(process.env.BENCH_CASES ?? 60);
const PG_URL = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
const NOW = '2026-11-29T02:00:00.000Z';
const TODAY = '2026-11-29';

interface Phase {
  ops: number;
  seconds: number;
  perSecond: number;
  meanMs: number;
  /** process CPU (user + system) per operation: steadier than wall time on a shared machine */
  cpuMs: number;
  /** time spent in the database per operation (`Db.sqlMs`): the rest is JavaScript */
  sqlMs: number;
}

/** Milliseconds spent in the database so far (the engine's `Db.sqlMs`, opened with `timeSql`). */
let sqlMsNow: () => number = () => 0;

// Phases are registered, then run interleaved in ROUNDS rounds (raw, service, …, raw, service, …)
// so that disk and CPU noise from anything else on the machine falls on every phase alike; each
// phase's figure is its total operations over its total time.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const registered: Array<{ label: string; step: (i: number) => Promise<void>; result: Phase; i: number; ns: bigint; cpuUs: number; sqlMs: number }> = [];

function phase(label: string, step: (i: number) => Promise<void>): Phase {
  const result: Phase = { ops: 0, seconds: 0, perSecond: 0, meanMs: 0, cpuMs: 0, sqlMs: 0 };
  registered.push({ label, step, result, i: 0, ns: 0n, cpuUs: 0, sqlMs: 0 });
  return result;
}

// BENCH_PHASES=api,apiMin runs only those phases (to profile one path: node --cpu-prof); the
// ratios then print as NaN for the phases left out.
const ONLY = process.env.BENCH_PHASES ? new Set(process.env.BENCH_PHASES.split(',')) : null;

/**
 * Run between rounds, outside the timed slices: on PostgreSQL, what autovacuum does in production
 * (docs/OPERATIONS.md) and this machine's PostgreSQL does not — each round adds about a thousand
 * rows to a few tables, past autovacuum's thresholds (50 rows + 10 % to analyze). Without it the
 * planner kept the statistics of the world before the first write, chose sequential scans for
 * tables that had been small, and the case view slowed from 0.4 to 7 ms across the run.
 */
let betweenRounds: () => Promise<void> = async () => undefined;

async function runInterleaved(): Promise<void> {
  if (ONLY) registered.splice(0, registered.length, ...registered.filter((r) => ONLY.has(r.label)));
  for (const r of registered) for (; r.i < 30; r.i++) await r.step(r.i); // warm-up: JIT, statement caches, pool
  const slice = BigInt(Math.round((SECONDS / ROUNDS) * 1e9));
  for (let round = 0; round < ROUNDS; round++) {
    await betweenRounds();
    for (const r of registered) {
      const start = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      const sql0 = sqlMsNow();
      let now = start;
      while (now - start < slice) {
        await r.step(r.i++);
        r.result.ops++;
        now = process.hrtime.bigint();
      }
      r.ns += now - start;
      const cpu = process.cpuUsage(cpu0);
      r.cpuUs += cpu.user + cpu.system;
      r.sqlMs += sqlMsNow() - sql0;
    }
  }
  for (const r of registered) {
    const seconds = Number(r.ns) / 1e9;
    Object.assign(r.result, {
      seconds: round(seconds, 2),
      perSecond: round(r.result.ops / seconds, 1),
      meanMs: round((seconds * 1000) / r.result.ops, 3),
      cpuMs: round(r.cpuUs / 1000 / r.result.ops, 3),
      sqlMs: round(r.sqlMs / r.result.ops, 3),
    });
    console.log(`  ${r.label.padEnd(8)} ${String(r.result.perSecond).padStart(8)} transitions/s  (${r.result.ops} in ${r.result.seconds}s, mean ${r.result.meanMs} ms, CPU ${r.result.cpuMs} ms, in SQL ${r.result.sqlMs} ms)`);
  }
  registered.length = 0;
}

const round = (n: number, d: number): number => Math.round(n * 10 ** d) / 10 ** d;
const ran = (...ps: Phase[]): boolean => ps.every((p) => p.ops > 0);
/** a ÷ b in transitions per second; null when either phase did not run (BENCH_PHASES) */
const ratioOf = (a: Phase, b: Phase): number | null => (ran(a, b) ? round(a.perSecond / b.perSecond, 3) : null);

async function openBenchDb(engine: DialectName, dir: string): Promise<{ db: Db; cleanup: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const db = await openDatabase({ dataDir: dir, fileName: 'bench.db', timeSql: true });
    const mode = db.sqlite!.pragma('journal_mode', { simple: true });
    const sync = db.sqlite!.pragma('synchronous', { simple: true });
    console.log(`  SQLite ${db.file} journal_mode=${String(mode)} synchronous=${sync === 2 ? 'FULL' : String(sync)}`);
    await migrateToLatest(db);
    return { db, cleanup: async () => db.close() };
  }
  const schema = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const db = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, timeSql: true }); // the production pool size
  // Kysely's migrator looks for its tables in every schema; create ours first (see test/factories/ops.ts).
  await sql.raw(`CREATE TABLE ${schema}.kysely_migration (name varchar(255) PRIMARY KEY, timestamp varchar(255) NOT NULL)`).execute(db.kysely);
  await sql.raw(`CREATE TABLE ${schema}.kysely_migration_lock (id varchar(255) PRIMARY KEY, is_locked integer NOT NULL DEFAULT 0)`).execute(db.kysely);
  await migrateToLatest(db);
  console.log(`  PostgreSQL schema ${schema}`);
  return {
    db,
    cleanup: async () => {
      await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
      await db.close();
    },
  };
}

async function benchEngine(engine: DialectName): Promise<Record<string, unknown>> {
  console.log(`\n[${engine}]`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-bench-'));
  const { db, cleanup } = await openBenchDb(engine, dir);
  sqlMsNow = db.sqlMs!;
  try {
    const clock = new FixedClock(NOW);
    const deps: Deps = { db, clock, files: new MemoryFileStore() };
    // A realistic database: the demo commission (registers, 17 cases, 300+ audit records) …
    await loadDemo(deps, { today: TODAY });
    const userOf = async (username: string): Promise<Ctx> => {
      const u = await db.kysely.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
      const actor: Actor = { userId: u.id, username: u.username, displayName: u.display_name, roles: JSON.parse(u.roles) as Role[], personId: u.person_id };
      return { ...deps, actor };
    };
    const decider = await userOf('decider1');
    // a meeting of the decision body needs two members or more present (FL-15)
    const actors: DriveActors = { clerk: await userOf('fazhike'), leader: await userOf('leader'), decider, investigator: await userOf('investigator1'), deciders: [decider, await userOf('decider2'), await userOf('decider3')] };
    // … plus CASES cases under investigation by investigator1, about original cases of the register.
    const originals = await db.kysely.selectFrom('original_cases').select('id').where('kind', '=', 'penalty').orderBy('number').execute();
    const caseIds: string[] = [];
    // Original cases in whose handling a leader took part make that leader stand aside (FL-5(1)):
    // those that cannot be driven to investigation by these actors are skipped.
    let skipped = 0;
    for (let i = 0; caseIds.length < CASES; i++) {
      if (skipped > originals.length) throw new Error('bench: no original case can be driven to investigation');
      const oc = originals[i % originals.length]!;
      const handler = await db.kysely.selectFrom('original_case_participants').select('person_id').where('case_id', '=', oc.id).where('role', '=', 'handler').executeTakeFirstOrThrow();
      const r = await createCase(actors.clerk, {
        source: 'report',
        receivedOn: '2026-11-02',
        // older than the back-dating limit (FL-5(1)): the bench world is recorded after the fact
        backdateReason: '基准测试：按书面记录补录',
        summary: `基准测试举报 ${i}：反映执法人员处罚认定事实不清。`,
        channel: 'letter',
        reporter: { anonymous: true },
        originalCaseId: oc.id,
        subjectPersonIds: [handler.person_id],
      });
      try {
        await driveCaseTo(actors, r.caseId, 'investigating', { on: '2026-11-16' });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        skipped++;
        continue;
      }
      caseIds.push(r.caseId);
    }
    console.log(`  world: demo data + ${CASES} cases under investigation`);
    // PostgreSQL plans from table statistics, which autovacuum keeps in production (docs/OPERATIONS.md);
    // this machine runs PostgreSQL without it: the bench schema is vacuumed and analyzed before the
    // run and between its rounds, as autovacuum would (see betweenRounds)
    betweenRounds = async () => undefined;
    if (engine === 'postgres') {
      const tables = (await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()`.execute(db.kysely)).rows.map((r) => r.t);
      betweenRounds = async () => {
        for (const t of tables) await sql`VACUUM (ANALYZE) ${sql.table(t)}`.execute(db.kysely);
      };
    }

    const versions = new Map<string, number>();
    const loadVersions = async (): Promise<void> => {
      for (const r of await db.kysely.selectFrom('cases').select(['id', 'version']).where('id', 'in', caseIds).execute()) versions.set(r.id, r.version);
    };
    const evidence = (i: number) => ({
      kind: 'interview_record' as const,
      title: `询问笔录（第 ${i} 次）`,
      source: '调查组询问',
      collectedOn: '2026-11-27',
      textContent: '问：你在办理该案时是否对现场进行了勘验？答：去过现场一次，拍了照片，但没有制作勘验笔录。',
    });
    const inv = actors.investigator;

    // raw: the rows the step writes, and its audit record, in one transaction.
    await loadVersions();
    const raw = phase('raw', async (i) => {
      const id = caseIds[i % caseIds.length]!;
      const now = clock.now().toISOString();
      await inTransaction(db, async (tx) => {
        let q = tx.selectFrom('cases').selectAll().where('id', '=', id);
        if (engine === 'postgres') q = q.forUpdate();
        const row = await q.executeTakeFirstOrThrow();
        if (row.version !== versions.get(id)) throw new Error('stale');
        const e = evidence(i);
        const evId = newId();
        await tx
          .insertInto('case_evidence')
          .values({ id: evId, case_id: id, kind: e.kind, title: e.title, source: e.source, collected_on: e.collectedOn, description: null, text_content: e.textContent, file_sha256: null, file_name: null, file_size: null, mime_type: null, supersedes_id: null, correction_reason: null, recorded_by: inv.actor.userId, recorded_at: now })
          .execute();
        const version = row.version + 1;
        await tx.updateTable('cases').set({ version, updated_at: now }).where('id', '=', id).where('version', '=', row.version).execute();
        const data = { evidenceId: evId, kind: e.kind, title: e.title };
        await tx.insertInto('case_steps').values({ id: newId(), case_id: id, action: 'record_evidence', from_state: row.state, to_state: row.state, citation: 'WC-9(2)', data: JSON.stringify(data), actor_id: inv.actor.userId, at: now }).execute();
        // The transition also indexes the evidence text for Chinese full-text search: the same SQL.
        await indexEvidence(tx, engine, { id: evId, caseId: id, title: e.title, source: e.source, description: null, text: e.textContent });
        await appendAudit(tx, { actorId: inv.actor.userId, action: 'case.record_evidence', entityType: 'case', entityId: id, before: { state: row.state, version: row.version }, after: { state: row.state, version, citation: 'WC-9(2)', data, created: { kind: 'evidence', id: evId } }, at: now });
        versions.set(id, version);
      });
    });

    // service: the real command, in process.
    await loadVersions();
    const service = phase('service', async (i) => {
      const id = caseIds[i % caseIds.length]!;
      const r = await performAction(inv, id, 'record_evidence', { expectedVersion: versions.get(id)!, ...evidence(i) });
      versions.set(id, r.version);
    });

    // service+view: the command and then the case view the route returns, in process (no HTTP).
    await loadVersions();
    const serviceView = phase('svc+view', async (i) => {
      const id = caseIds[i % caseIds.length]!;
      const r = await performAction(inv, id, 'record_evidence', { expectedVersion: versions.get(id)!, ...evidence(i) });
      versions.set(id, (await caseViewAfterWrite(inv, r.caseId, r)).version);
    });

    // api: over HTTP (in-process inject), as the signed-in investigator.
    const app = await buildApp({ deps });
    const { token } = await demoSignIn(deps, 'investigator1');
    await loadVersions();
    const api = phase('api', async (i) => {
      const id = caseIds[i % caseIds.length]!;
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${id}/actions/record_evidence`,
        headers: { authorization: `Bearer ${token}` },
        payload: { expectedVersion: versions.get(id)!, ...evidence(i) },
      });
      if (res.statusCode !== 200) throw new Error(`api ${res.statusCode}: ${res.body.slice(0, 300)}`);
      versions.set(id, (res.json() as { case: { version: number } }).case.version);
    });
    // apiMin: the same request with `Prefer: return=minimal` (RFC 7240): the transition over HTTP
    // without the full case view in the answer — what a client that re-reads later pays.
    const apiMin = phase('apiMin', async (i) => {
      const id = caseIds[i % caseIds.length]!;
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${id}/actions/record_evidence`,
        headers: { authorization: `Bearer ${token}`, prefer: 'return=minimal' },
        payload: { expectedVersion: versions.get(id)!, ...evidence(i) },
      });
      if (res.statusCode !== 200) throw new Error(`apiMin ${res.statusCode}: ${res.body.slice(0, 300)}`);
      versions.set(id, (res.json() as { version: number }).version);
    });
    // Where the HTTP time goes beyond the service: reading the view alone, in process and over HTTP.
    const view = phase('view', async (i) => {
      await getCase(inv, caseIds[i % caseIds.length]!);
    });
    const viewNoAudit = phase('view-noaudit', async (i) => {
      await caseViewAfterWrite(inv, caseIds[i % caseIds.length]!);
    });
    const viewHttp = phase('GET view', async (i) => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseIds[i % caseIds.length]}`, headers: { authorization: `Bearer ${token}` } });
      if (res.statusCode !== 200) throw new Error(`GET ${res.statusCode}`);
    });
    const sample = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseIds[0]}`, headers: { authorization: `Bearer ${token}` } });
    // How many SQL statements one transition runs, raw, through the service and over HTTP (minimal
    // answer, full case view), both engines (counted through the driver: `Db.statements`; BEGIN and
    // COMMIT included), to show how much "the same SQL" the product adds (session, guards, facts, view).
    const count = db.statements;
    await loadVersions();
    const counted = async (phaseIndex: number, i: number): Promise<number> => {
      await registered[phaseIndex]!.step(i + 100); // once cold (caches filled), then counted
      const n = count();
      await registered[phaseIndex]!.step(i);
      return count() - n;
    };
    const statements = { raw: await counted(0, 10_000), service: await counted(1, 10_001), apiFullView: await counted(3, 10_002), apiMinimal: await counted(4, 10_003) };
    console.log(`  SQL statements per transition: raw ${statements.raw}, service ${statements.service}, api minimal ${statements.apiMinimal}, api full view ${statements.apiFullView}`);
    const loadBefore = os.loadavg()[0]!;
    await runInterleaved();
    const loadAfter = os.loadavg()[0]!;
    console.log(`  load average (1 min) ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`);
    // The cases grow during the run (every transition adds an evidence row to one of CASES cases):
    // the case view the api phase answers is this size by the end, not the size sampled before.
    const sampleEnd = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseIds[0]}`, headers: { authorization: `Bearer ${token}` } });
    // the view carries the newest page of the evidence only; evidenceTotal counts it all
    const evidenceAtEnd = (sampleEnd.json() as { evidenceTotal: number }).evidenceTotal;
    await app.close();
    const audit = await verifyAuditChain(db);
    if (!audit.ok) throw new Error('audit chain broken after the benchmark');
    // The transition through HTTP (minimal answer) against the raw SQL is the figure the target
    // is about; the full-view answer is reported beside it.
    // (null when BENCH_PHASES left either phase out: no ratio, and no target met)
    const ratio = ratioOf(apiMin, raw);
    const ratioFullView = ratioOf(api, raw);
    console.log(
      `  api(minimal)/raw = ${ratio}  api(full view)/raw = ${ratioFullView}  service/raw = ${ratioOf(service, raw)}  (audit chain intact: ${audit.records} records)`,
    );
    const breakdown = {
      rawWrite: raw.meanMs,
      serviceOverRaw: round(service.meanMs - raw.meanMs, 3),
      caseViewAfterWrite: round(serviceView.meanMs - service.meanMs, 3),
      httpAuthZodSerialize: round(api.meanMs - serviceView.meanMs, 3),
      httpMinimalOverService: round(apiMin.meanMs - service.meanMs, 3),
      caseViewReadAlone: view.meanMs,
      readAuditCostMs: round(view.meanMs - viewNoAudit.meanMs, 3),
      caseViewHttpOverhead: round(viewHttp.meanMs - view.meanMs, 3),
      caseViewBytes: sample.body.length,
      caseViewBytesAtEnd: sampleEnd.body.length,
      evidencePerCaseAtEnd: evidenceAtEnd,
    };
    console.log(`  per transition (ms): ${JSON.stringify(breakdown)}`);
    // What the full-view ratio could reach with the view as it is: the minimal answer plus the view
    // read alone (no read record), as if sending the larger answer over HTTP cost nothing more.
    const fullViewBound = ran(raw, apiMin, viewNoAudit) ? round(raw.meanMs / (apiMin.meanMs + viewNoAudit.meanMs), 3) : null;
    console.log(`  full-view ratio bound, minimal answer + the view read alone: ${fullViewBound}`);
    // What each ratio could reach if the product's path spent no more time in JavaScript than the
    // raw phase does (its own SQL time, plus raw's JavaScript): the ceiling the statements alone set.
    const sqlCeiling = (p: Phase): number | null => (ran(raw, p) ? round(raw.meanMs / (p.sqlMs + (raw.meanMs - raw.sqlMs)), 3) : null);
    const sqlBound = { minimal: sqlCeiling(apiMin), fullView: sqlCeiling(api) };
    console.log(
      `  time in SQL per transition (ms): raw ${raw.sqlMs}, api minimal ${apiMin.sqlMs}, api full view ${api.sqlMs}; ratio ceilings with raw's JavaScript time: minimal ${sqlBound.minimal}, full view ${sqlBound.fullView}`,
    );
    return {
      raw: raw.perSecond,
      service: service.perSecond,
      serviceView: serviceView.perSecond,
      api: api.perSecond,
      apiMinimal: apiMin.perSecond,
      ratio,
      ratioFullView,
      serviceRatio: ratioOf(service, raw),
      sqlMs: { raw: raw.sqlMs, service: service.sqlMs, serviceView: serviceView.sqlMs, api: api.sqlMs, apiMinimal: apiMin.sqlMs, viewNoAudit: viewNoAudit.sqlMs },
      sqlBound,
      cpuMs: { raw: raw.cpuMs, service: service.cpuMs, serviceView: serviceView.cpuMs, api: api.cpuMs, apiMinimal: apiMin.cpuMs },
      meanMs: { raw: raw.meanMs, service: service.meanMs, serviceView: serviceView.meanMs, api: api.meanMs, apiMinimal: apiMin.meanMs, view: view.meanMs, viewNoAudit: viewNoAudit.meanMs, viewHttp: viewHttp.meanMs },
      breakdownMs: breakdown,
      fullViewBound,
      statementsPerTransition: statements,
      loadAverage: [round(loadBefore, 2), round(loadAfter, 2)],
    };
  } finally {
    await cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Shared files (issue 11 part 5): one 1 MiB upload (staged from a stream, promoted) and its
 * download (streamed back whole) per operation, on the data folder (a temp folder) and on the
 * database store (PostgreSQL, when set). Fresh bytes each time: nothing is deduplicated.
 */
async function benchFiles(): Promise<Record<string, unknown>> {
  const MB = 1024 * 1024;
  const measure = async (store: FileStore): Promise<{ perSecond: number; meanMs: number; mbPerSecond: number }> => {
    const seed = randomBytes(MB);
    let ops = 0;
    const start = performance.now();
    while (performance.now() - start < SECONDS * 1000) {
      seed.writeUInt32LE(ops, 0);
      const staged = await store.stage(Readable.from([seed.subarray(0, MB / 2), seed.subarray(MB / 2)]), 2 * MB);
      await store.promote(staged);
      const opened = await store.open(staged.sha256);
      let n = 0;
      for await (const c of opened!.stream) n += (c as Buffer).length;
      if (n !== MB) throw new Error('short read');
      ops++;
    }
    const seconds = (performance.now() - start) / 1000;
    // each operation moves 2 MiB (1 in, 1 out)
    return { perSecond: Math.round((ops / seconds) * 10) / 10, meanMs: Math.round((seconds / ops) * 1000 * 10) / 10, mbPerSecond: Math.round(((2 * ops) / seconds) * 10) / 10 };
  };
  console.log('\n[files] 1 MiB upload (stage + promote) and download (streamed), sequential');
  const out: Record<string, unknown> = {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-bench-files-'));
  try {
    out.folder = await measure(new LocalFileStore(dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  folder    ${JSON.stringify(out.folder)}`);
  if (PG_URL) {
    const schema = `bench_files_${Date.now().toString(36)}`;
    const db = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema });
    const store = new DatabaseFileStore(db);
    try {
      await migrateToLatest(db);
      out.database = await measure(store);
    } finally {
      await store.close();
      await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
      await db.close();
    }
    console.log(`  database  ${JSON.stringify(out.database)}`);
  } else out.database = { skipped: 'DATABASE_URL/TEST_DATABASE_URL not set' };
  return out;
}

// the demo's reports are sealed: a throw-away master key unless one is configured
process.env.WENZE_REPORT_KEYS ??= `rk-bench:${randomBytes(32).toString('base64')}`;
const result: Record<string, unknown> = { bench: 'write', transition: 'record_evidence', seconds: SECONDS, cases: CASES, target: 0.5 };
console.log(`Write benchmark: record_evidence transitions/s, single client, ${SECONDS}s per phase (Node ${process.version}, ${os.cpus().length} CPUs)`);
// `npm run bench write files`: the file figure alone
const filesOnly = process.argv.slice(2).includes('files');
if (filesOnly) result.sqlite = result.postgres = { skipped: 'files only' };
else result.sqlite = await benchEngine('sqlite');
if (filesOnly) {
  /* the file figure only */
} else if (PG_URL) result.postgres = await benchEngine('postgres');
else {
  console.log('\n[postgres] skipped: set DATABASE_URL or TEST_DATABASE_URL');
  result.postgres = { skipped: 'DATABASE_URL/TEST_DATABASE_URL not set' };
}
result.files = await benchFiles();
// Issue 14: the target (≥ 0.5 of raw) holds for the minimal answer and for the full case view alike.
// An engine that ran counts; a ratio it could not measure (a phase left out) is a target not met.
const measured = [result.sqlite, result.postgres].filter((r): r is { ratio: number | null; ratioFullView: number | null } => r !== undefined && 'ratio' in (r as object));
const minimalMet = measured.length > 0 && measured.every((r) => r.ratio !== null && r.ratio >= 0.5);
const fullViewMet = measured.length > 0 && measured.every((r) => r.ratioFullView !== null && r.ratioFullView >= 0.5);
result.meetsTarget = { minimal: minimalMet, fullView: fullViewMet, both: minimalMet && fullViewMet };
console.log(`target ≥ 0.5 of raw: minimal answer ${minimalMet ? 'met' : 'NOT met'}, full case view ${fullViewMet ? 'met' : 'NOT met'}`);
console.log(JSON.stringify(result));
