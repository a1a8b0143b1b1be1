// The SQL statements of one case step (`record_evidence`, the bench:write step) through HTTP,
// listed one per line, SQLite in a temp folder: `node --import tsx bench/step-statements.ts`.
// What `npm run bench:write` counts, with the texts (to see which statement belongs to what).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kysely, SqliteDialect } from 'kysely';
import { cachedStatements, openDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { MemoryFileStore } from '../src/files/file-store';
import { FixedClock } from '../src/lib/clock';
import { loadDemo } from '../src/ops/demo';
import { buildApp } from '../src/server/app';
import { demoSignIn } from './sign-in';
import { createCase, driveCaseTo, type DriveActors } from '../src/services/cases';
import type { Ctx, Deps } from '../src/services/context';
import type { Actor, Role } from '../src/policies/roles';
import type { Database } from '../src/db/schema';

process.env.WENZE_REPORT_KEYS ??= `rk-bench:${randomBytes(32).toString('base64')}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-stmts-'));
const db = await openDatabase({ dataDir: dir, fileName: 'bench.db' });
await migrateToLatest(db);
const texts: string[] = [];
const cached = cachedStatements(db.sqlite!);
let logging = false;
const timing = process.env.TIMING === '1';
const times = new Map<string, { n: number; ns: bigint }>();
const explained = new Set<string>();
db.kysely = new Kysely<Database>({
  dialect: new SqliteDialect({
    database: {
      prepare: (t: string) => {
        const short = t.replace(/\s+/g, ' ').slice(0, 220);
        if (logging) texts.push(short);
        const stmt = cached.prepare(t);
        if (!timing) return stmt;
        // time the run of each statement (TIMING=1): all / run / get / iterate
        return new Proxy(stmt, {
          get(target, prop, recv) {
            const v = Reflect.get(target, prop, recv) as unknown;
            if (typeof v !== 'function' || !['all', 'run', 'get'].includes(String(prop))) return typeof v === 'function' ? v.bind(target) : v;
            return (...args: unknown[]) => {
              if (process.env.EXPLAIN && short.startsWith(' SELECT') && !explained.has(short)) {
                explained.add(short);
                console.log(`\nPLAN ${short.slice(0, 80)}`);
                for (const r of db.sqlite!.prepare(`EXPLAIN QUERY PLAN ${t}`).all(...(args as unknown[][])) as { detail: string }[]) console.log(`  ${r.detail}`);
              }
              const t0 = process.hrtime.bigint();
              try {
                return (v as (...a: unknown[]) => unknown).apply(target, args);
              } finally {
                const k = short.slice(0, 90);
                const e = times.get(k) ?? { n: 0, ns: 0n };
                e.n++;
                e.ns += process.hrtime.bigint() - t0;
                times.set(k, e);
              }
            };
          },
        });
      },
      close: () => cached.close(),
    },
  }),
});
const clock = new FixedClock('2026-11-29T02:00:00.000Z');
const deps: Deps = { db, clock, files: new MemoryFileStore() };
await loadDemo(deps, { today: '2026-11-29' });
const userOf = async (username: string): Promise<Ctx> => {
  const u = await db.kysely.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  const actor: Actor = { userId: u.id, username: u.username, displayName: u.display_name, roles: JSON.parse(u.roles) as Role[], personId: u.person_id };
  return { ...deps, actor };
};
const decider = await userOf('decider1');
const actors: DriveActors = { clerk: await userOf('fazhike'), leader: await userOf('leader'), decider, investigator: await userOf('investigator1'), deciders: [decider, await userOf('decider2'), await userOf('decider3')] };
const originals = await db.kysely.selectFrom('original_cases').select('id').where('kind', '=', 'penalty').orderBy('number').execute();
let caseId = '';
for (const oc of originals) {
  const handler = await db.kysely.selectFrom('original_case_participants').select('person_id').where('case_id', '=', oc.id).where('role', '=', 'handler').executeTakeFirstOrThrow();
  const r = await createCase(actors.clerk, { source: 'report', receivedOn: '2026-11-02', backdateReason: '基准测试：按书面记录补录', summary: '基准测试举报：反映执法人员处罚认定事实不清。', channel: 'letter', reporter: { anonymous: true }, originalCaseId: oc.id, subjectPersonIds: [handler.person_id] });
  try {
    await driveCaseTo(actors, r.caseId, 'investigating', { on: '2026-11-16' });
    caseId = r.caseId;
    break;
  } catch {
    /* next */
  }
}
const app = await buildApp({ deps });
const signed = await demoSignIn(deps, 'investigator1');
const step = async (i: number, minimal: boolean): Promise<void> => {
  const v = (await db.kysely.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow()).version;
  texts.length = 0;
  logging = true;
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/actions/record_evidence`,
    headers: { authorization: `Bearer ${signed.token}`, ...(minimal ? { prefer: 'return=minimal' } : {}) },
    payload: { expectedVersion: v, kind: 'interview_record', title: `询问笔录（第 ${i} 次）`, source: '调查组询问', collectedOn: '2026-11-27', textContent: '问：你在办理该案时是否对现场进行了勘验？答：去过现场一次。' },
  });
  logging = false;
  if (res.statusCode !== 200) throw new Error(res.body);
  console.log(`\n${minimal ? 'minimal' : 'full view'}: ${texts.length} statements`);
  texts.forEach((t, n) => console.log(`${String(n + 1).padStart(3)} ${t}`));
};
await step(1, false);
await step(2, false);
await step(3, true);
if (timing) {
  // steady state: 100 full steps, then the mean run time of each statement (µs)
  const log = console.log;
  console.log = () => undefined;
  times.clear();
  for (let i = 0; i < 100; i++) await step(10 + i, false);
  console.log = log;
  for (const [k, e] of [...times].sort((a, b) => Number(b[1].ns - a[1].ns))) console.log(`${String(Math.round(Number(e.ns) / e.n / 1000)).padStart(6)} µs x${String(e.n).padStart(4)}  ${k}`);
}
await app.close();
await db.close();
fs.rmSync(dir, { recursive: true, force: true });
