// Scale benchmark (`npm run bench:scale`): read latency of the pages staff use most, at growing
// numbers of accountability cases, on SQLite (a file, WAL, as in production) and PostgreSQL.
//
//   npm run bench:scale -- --sizes 1000,10000,100000 --engine both
//   (or BENCH_SCALE_SIZES=…, BENCH_SCALE_CASES=N for one size, BENCH_ENGINES=sqlite|postgres|both;
//    PostgreSQL from BENCH_DATABASE_URL / TEST_DATABASE_URL, in a schema `bench_scale` it drops
//    and recreates; without a URL only SQLite runs)
//
// Data: the demo commission is loaded through the real services (17 cases in every state of
// both tracks in several organisations, 60 original cases, participants, findings, decisions,
// documents, audit records); then its accountability cases are cloned until there are N: every
// row that belongs to a case (a `case_id` column, or a foreign key to such a row) is copied with
// fresh ids and the references among the copied rows rewritten, search documents and the case's
// audit records included (the copies keep the template's hashes: the audit chain of a bench
// database does not verify). Sealed report values (report-seal.ts: bound to the case id) are
// re-sealed under each clone's id with the template's data key, wrapped again for the clone, so
// every cloned report case opens (sealed files on disk are shared with the template and are not). The original-case registers stay at the demo's size (the 1M
// original cases are bench:load's / the CSV import's). Sizes grow in one SQLite file; for
// PostgreSQL the SQLite rows are copied over with COPY at each size (same data on both engines).
//
// Measured through Fastify (app.inject, the real routes, session, zod) as the 法制科 clerk, who
// sees every case of the commission: queue, case list (page 1, and filtered by state + page 5),
// Chinese search, the case page of a random case, yearly statistics. BENCH_ROUNDS requests each
// (default 40), interleaved (BENCH_PAGES=list,stats,… for some only). Prints p50/p99 per page,
// size and engine, and a last JSON line. Target (issue 14): p99 < 100 ms.
//
// --keep DIR (or BENCH_SCALE_DIR=DIR): the SQLite file is made in DIR and kept after the run; a
// later run with the same DIR reuses it (pending migrations applied, the demo not loaded again,
// cases cloned only up to a size it does not have yet), so 100k cases are generated once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase, type Db } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { LocalFileStore } from '../src/files/file-store';
import { FixedClock } from '../src/lib/clock';
import { newId } from '../src/lib/ids';
import { loadDemo } from '../src/ops/demo';
import { sqliteCatalog, type TableInfo } from '../src/ops/db-catalog';
import { buildApp } from '../src/server/app';
import { demoSignIn } from './sign-in';
import { resealForCase, unwrapDataKey, wrapDataKey, type SealAlg } from '../src/crypto/report-seal';
import { masterKeyById } from '../src/crypto/report-keyring';
import { drainStatsDirty } from '../src/repositories/stats/stats-counters';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
};
const SIZES = (arg('sizes') ?? process.env.BENCH_SCALE_SIZES ?? process.env.BENCH_SCALE_CASES ?? '10000')
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((x) => Number.isInteger(x) && x > 0)
  .sort((a, b) => a - b);
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const ENGINE_ARG = arg('engine') ?? process.env.BENCH_ENGINES ?? 'both';
const ENGINES = (ENGINE_ARG === 'both' ? ['sqlite', 'postgres'] : ENGINE_ARG.split(',')).filter((e) => e === 'sqlite' || (e === 'postgres' && PG_URL)) as ('sqlite' | 'postgres')[];
if (ENGINE_ARG !== 'sqlite' && !PG_URL) console.log('PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL)');
const PG_SCHEMA = 'bench_scale';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const NOW = '2026-11-29T02:00:00.000Z';
// --keep DIR / BENCH_SCALE_DIR: make the SQLite file there, keep it, reuse it next time
const KEEP_DIR = arg('keep') ?? process.env.BENCH_SCALE_DIR;
const STATE_FILE = KEEP_DIR ? path.join(path.resolve(KEEP_DIR), 'bench-scale.json') : null;
/** What a kept bench database needs to be reused: its report key, the demo's case ids (the clone templates), sign-ins so far. */
interface KeptState {
  reportKeys: string;
  templateIds: string[];
  sittings: number;
}
const kept: KeptState | null = STATE_FILE && fs.existsSync(STATE_FILE) ? (JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as KeptState) : null;
// the report master key of the bench database (the demo seals reporters' identities with it)
process.env.WENZE_REPORT_KEYS ??= kept?.reportKeys ?? `bench:${randomBytes(32).toString('base64')}`;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

type Stmt = { run: (...params: unknown[]) => unknown };
type Result = { engine: string; cases: number; open: number; ms: Record<string, { p50: number; p99: number }> };

/** The SQLite database rows into PostgreSQL (same schema from the same migrations): COPY per table. */
async function copyToPostgres(h: NonNullable<Db['sqlite']>, pgDb: Db): Promise<number> {
  const client = await pgDb.pool!.connect();
  let rows = 0;
  try {
    await client.query(`SET session_replication_role = replica`); // no FK triggers while copying
    const tables = (await client.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%'`, [PG_SCHEMA])).rows.map((r) => r.t);
    await client.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')}`);
    for (const t of tables) {
      const lite = new Set((h.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).map((c) => c.name));
      if (!lite.size) continue;
      const pgCols = (await client.query<{ c: string; ty: string; ident: string; def: string | null }>(
        `SELECT column_name AS c, data_type AS ty, is_identity AS ident, column_default AS def FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [PG_SCHEMA, t],
      )).rows.filter((c) => lite.has(c.c));
      if (!pgCols.length) continue;
      const cols = pgCols.map((c) => c.c);
      const it = (h.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t}"`).raw() as unknown as { iterate: () => IterableIterator<unknown[]> }).iterate();
      const cell = (v: unknown): string => {
        if (v === null || v === undefined) return '';
        if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
        if (typeof v === 'number' || typeof v === 'bigint') return String(v);
        return `"${String(v).replace(/"/g, '""')}"`;
      };
      async function* lines(): AsyncGenerator<string> {
        let buf = '';
        for (const r of it) {
          buf += r.map(cell).join(',') + '\n';
          rows++;
          if (buf.length > 1 << 20) {
            yield buf;
            buf = '';
          }
        }
        if (buf) yield buf;
      }
      await pipeline(Readable.from(lines()), client.query(copyFrom(`COPY "${t}" (${cols.map((c) => `"${c}"`).join(', ')}) FROM STDIN WITH (FORMAT csv)`)));
      for (const c of pgCols.filter((x) => x.ident === 'YES' || (x.def ?? '').startsWith('nextval'))) {
        await client.query(`SELECT setval(pg_get_serial_sequence('"${t}"', '${c.c}'), coalesce((SELECT max("${c.c}") FROM "${t}"), 0) + 1, false)`);
      }
    }
    await client.query(`SET session_replication_role = origin`);
    // VACUUM as well: after a bulk load only it sets the visibility map, without which PostgreSQL
    // plans no index-only scan (autovacuum does the same on a server soon after such a load)
    await client.query(`VACUUM ANALYZE`);
  } finally {
    client.release();
  }
  return rows;
}

/** The pages through Fastify as the clerk: p50/p99 per page. */
let sitting = kept?.sittings ?? 0;
async function measure(db: Db, dir: string, engine: string, caseIds: string[]): Promise<Record<string, { p50: number; p99: number }>> {
  // each sign-in a minute later: a one-time code is not accepted twice (the used one is in the copied data too)
  sitting += 1;
  const deps = { db, clock: new FixedClock(new Date(Date.parse(NOW) + sitting * 60_000).toISOString()), files: new LocalFileStore(path.join(dir, 'files')) };
  const app = await buildApp({ deps });
  try {
    // the clerk reads reporters' identities, so signs in with the demo second factor (身份鉴别)
    const { token } = await demoSignIn(deps, 'fazhike');
    let pick = 1;
    const pages: Record<string, () => string> = {
      queue: () => '/api/v1/queue',
      list: () => '/api/v1/cases?page=1&pageSize=20',
      listFiltered: () => '/api/v1/cases?state=investigating&open=true&page=5&pageSize=20',
      search: () => `/api/v1/cases?q=${encodeURIComponent('罚款')}&page=1&pageSize=20`,
      casePage: () => `/api/v1/cases/${caseIds[(pick = (pick * 7919) % caseIds.length)]!}`,
      stats: () => '/api/v1/stats?year=2026',
    };
    // BENCH_PAGES=list,search,… measures only those pages
    const only = process.env.BENCH_PAGES?.split(',').filter(Boolean);
    if (only) for (const k of Object.keys(pages)) if (!only.includes(k)) delete pages[k];
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(pages).map((k) => [k, []]));
    for (const [name, url] of Object.entries(pages)) {
      const r = await app.inject({ method: 'GET', url: url(), headers: { authorization: `Bearer ${token}` } });
      if (r.statusCode !== 200) throw new Error(`${engine} ${name}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    }
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, url] of Object.entries(pages)) {
        const s = performance.now();
        const r = await app.inject({ method: 'GET', url: url(), headers: { authorization: `Bearer ${token}` } });
        times[name]!.push(performance.now() - s);
        if (r.statusCode !== 200) throw new Error(`${engine} ${name}: ${r.statusCode}`);
      }
    }
    const result: Record<string, { p50: number; p99: number }> = {};
    for (const [name, xs] of Object.entries(times)) result[name] = { p50: r1(pct(xs, 50)), p99: r1(pct(xs, 99)) };
    return result;
  } finally {
    await app.close();
  }
}

function print(r: Result): void {
  console.log(`\n${r.engine}, ${r.cases} cases (${r.open} open), ${ROUNDS} requests each (ms):`);
  for (const [name, v] of Object.entries(r.ms)) {
    console.log(`  ${name.padEnd(13)} p50 ${String(v.p50).padStart(8)}  p99 ${String(v.p99).padStart(8)}${v.p99 < 100 ? '' : '   (over the 100 ms target)'}`);
  }
}

async function main(): Promise<void> {
  if (!SIZES.length || !ENGINES.length) throw new Error('bench: nothing to measure (--sizes, --engine)');
  const dir = KEEP_DIR ? path.resolve(KEEP_DIR) : fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-scale-'));
  fs.mkdirSync(dir, { recursive: true });
  if (KEEP_DIR) console.log(kept ? `reusing the bench database in ${dir}` : `making the bench database in ${dir} (kept)`);
  const saveState = (templateIds: string[]): void => {
    if (STATE_FILE) fs.writeFileSync(STATE_FILE, JSON.stringify({ reportKeys: process.env.WENZE_REPORT_KEYS!, templateIds, sittings: sitting } satisfies KeptState));
  };
  const db = await openDatabase({ dataDir: dir });
  let pgDb: Db | null = null;
  let templateIds: string[] = kept?.templateIds ?? [];
  const results: Result[] = [];
  const build: { cases: number; cloneSeconds: number; copySeconds?: number; rows: number }[] = [];
  try {
    await migrateToLatest(db);
    const deps = { db, clock: new FixedClock(NOW), files: new LocalFileStore(path.join(dir, 'files')) };
    let t0 = performance.now();
    if (!kept) await loadDemo(deps, { today: '2026-11-29' });
    const demoSeconds = (performance.now() - t0) / 1000;
    console.log(kept ? 'demo already loaded (kept database)' : `demo loaded in ${r1(demoSeconds)} s`);
    const h = db.sqlite!;
    if (ENGINES.includes('postgres')) {
      const admin = await openDatabase({ databaseUrl: PG_URL });
      await sql.raw(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`).execute(admin.kysely);
      await admin.close();
      pgDb = await openDatabase({ databaseUrl: PG_URL, pgSchema: PG_SCHEMA });
      await migrateToLatest(pgDb);
    }

    // Which tables belong to a case: a case_id column, or a foreign key to such a table.
    const catalog = sqliteCatalog(h);
    const owned: { t: TableInfo; via: { col: string; ref: string } | null }[] = [];
    const ownedNames = new Set<string>(['cases']);
    // the registers (people, certificates, original cases) and the audit log are not a case's
    // (stats_*: the statistics' counters and dirty marks are derived — the triggers of migration 0480 mark each clone, the drain below counts it)
    const NOT_OWNED = /^(certificate|people|person|units|original|audit|users|sessions|settings|calendar|stats_)/;
    for (const t of catalog.tables) {
      if (t.name === 'cases' || NOT_OWNED.test(t.name)) continue;
      if (t.columns.some((c) => c.name === 'case_id')) {
        owned.push({ t, via: null });
        ownedNames.add(t.name);
        continue;
      }
      const fk = t.fks.find((f) => ownedNames.has(f.refTable) && f.refTable !== 'cases' && f.columns.length === 1);
      if (fk) {
        owned.push({ t, via: { col: fk.columns[0]!, ref: fk.refTable } });
        ownedNames.add(t.name);
      }
    }
    console.log(`cloned per case: ${owned.map((o) => o.t.name).join(', ')}, search_documents, audit_log (the case's records, negative seq)`);
    // search documents are outside the catalog (FTS5 content table): add them by hand
    const searchCols = (h.prepare(`PRAGMA table_info(search_documents)`).all() as { name: string }[]).map((c) => c.name);
    const auditCols = (h.prepare(`PRAGMA table_info(audit_log)`).all() as { name: string }[]).map((c) => c.name);
    // the copies' audit records take negative sequence numbers: the audit writer's chain (head + 1) stays free
    let auditSeq = 0;

    const templates = (kept
      ? kept.templateIds.map((id) => h.prepare(`SELECT * FROM cases WHERE id = ?`).get(id))
      : h.prepare(`SELECT * FROM cases ORDER BY year, seq`).all()) as Record<string, unknown>[];
    templateIds = templates.map((c) => String(c.id));
    saveState(templateIds);
    let seq = (h.prepare(`SELECT max(seq) AS m FROM cases`).get() as { m: number }).m;
    const insert = new Map<string, Stmt>();
    const ins = (table: string, cols: string[], orIgnore = false): Stmt => {
      const key = `${table}:${cols.join(',')}:${orIgnore}`;
      let s = insert.get(key);
      if (!s) {
        s = h.prepare(`INSERT ${orIgnore ? 'OR IGNORE ' : ''}INTO "${table}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`) as unknown as Stmt;
        insert.set(key, s);
      }
      return s;
    };
    // the template rows per case, read once (only if cases are to be made)
    const rowsOfTemplates = () => templates.map((c) => {
      const byTable = new Map<string, Record<string, unknown>[]>();
      const ids = new Map<string, Set<unknown>>([['cases', new Set([c.id])]]);
      for (const { t, via } of owned) {
        const rows = via
          ? ([...(ids.get(via.ref) ?? [])].length
              ? (h.prepare(`SELECT * FROM "${t.name}" WHERE "${via.col}" IN (${[...ids.get(via.ref)!].map(() => '?').join(',')})`).all(...[...ids.get(via.ref)!]) as Record<string, unknown>[])
              : [])
          : (h.prepare(`SELECT * FROM "${t.name}" WHERE case_id = ?`).all(c.id) as Record<string, unknown>[]);
        byTable.set(t.name, rows);
        if (t.pk.length === 1) ids.set(t.name, new Set(rows.map((r) => r[t.pk[0]!])));
      }
      const search = h.prepare(`SELECT * FROM search_documents WHERE case_id = ?`).all(c.id) as Record<string, unknown>[];
      const audit = h.prepare(`SELECT * FROM audit_log WHERE entity_type = 'case' AND entity_id = ?`).all(c.id) as Record<string, unknown>[];
      // the template's data key: every sealed value is bound to its case id (report-seal.ts), so
      // each clone's sealed values are re-sealed under the clone's id and its key wrapped for it
      const k = h.prepare(`SELECT wrapped_key, key_id, alg FROM report_keys WHERE case_id = ?`).get(c.id) as { wrapped_key: string; key_id: string; alg: SealAlg } | undefined;
      const dataKey = k ? { alg: k.alg, key: unwrapDataKey(String(c.id), k.alg, k.wrapped_key, masterKeyById(k.key_id)), master: masterKeyById(k.key_id) } : null;
      return { c, byTable, search, audit, dataKey };
    });

    let made = (h.prepare(`SELECT count(*) AS n FROM cases`).get() as { n: number }).n;
    let rowsWritten = 0;
    let rowsOf: ReturnType<typeof rowsOfTemplates> | null = null;
    const growTo = h.transaction((n: number) => {
      if (made < n) rowsOf ??= rowsOfTemplates();
      while (made < n) {
        for (const tpl of rowsOf!) {
          if (made >= n) break;
          const map = new Map<unknown, unknown>();
          const caseId = newId();
          map.set(tpl.c.id, caseId);
          for (const [name, rows] of tpl.byTable) {
            const t = owned.find((o) => o.t.name === name)!.t;
            if (t.pk.length === 1 && t.textPk.length === 1 && t.pk[0] !== 'case_id') for (const r of rows) map.set(r[t.pk[0]!], newId());
          }
          const sub = (v: unknown): unknown => (typeof v === 'string' && map.has(v) ? map.get(v) : v);
          const dk = tpl.dataKey;
          const reseal = (v: unknown): unknown => (dk ? resealForCase(v, dk, String(tpl.c.id), caseId) : v);
          seq += 1;
          const c = { ...tpl.c, summary: reseal(tpl.c.summary), id: caseId, seq, number: `${String(tpl.c.number).replace(/\d+号?$/, '')}${seq}号`, year: tpl.c.year };
          const cols = Object.keys(c);
          ins('cases', cols).run(...cols.map((k2) => (c as Record<string, unknown>)[k2] as unknown));
          rowsWritten++;
          for (const { t } of owned) {
            for (const r of tpl.byTable.get(t.name) ?? []) {
              const out: Record<string, unknown> = {};
              for (const [k2, v] of Object.entries(r)) {
                if (t.pk.length === 1 && k2 === t.pk[0] && !t.textPk.length) continue; // integer key: new one
                out[k2] = k2 === 'receipt_hash' && v != null ? randomBytes(16).toString('hex') : sub(reseal(v));
              }
              if (t.name === 'report_keys' && dk) {
                out.wrapped_key = wrapDataKey(caseId, dk.alg, dk.key, dk.master);
                out.rewrapped_at = null;
              }
              const oc = Object.keys(out);
              ins(t.name, oc).run(...oc.map((k2) => out[k2] as unknown));
              rowsWritten++;
            }
          }
          // documents of the copied rows (where a trigger has not written them already)
          for (const r of ownedNames.has('search_documents') ? [] : tpl.search) {
            const oc = searchCols.filter((x) => x !== 'id');
            ins('search_documents', oc, true).run(...oc.map((k2) => (k2 === 'entity_id' ? sub(r[k2]) : k2 === 'case_id' ? caseId : r[k2]) as unknown));
            rowsWritten++;
          }
          // the case's audit records (new, negative sequence numbers; the template's hashes)
          for (const r of tpl.audit) {
            auditSeq -= 1;
            ins('audit_log', auditCols).run(...auditCols.map((k2) => (k2 === 'entity_id' ? caseId : k2 === 'seq' ? auditSeq : r[k2]) as unknown));
            rowsWritten++;
          }
          made++;
        }
      }
    });

    const ids = (): string[] => (h.prepare(`SELECT id FROM cases WHERE org_id = (SELECT org_id FROM users WHERE username = 'fazhike')`).all() as { id: string }[]).map((r) => r.id);
    for (const size of SIZES) {
      t0 = performance.now();
      // rows are inserted table by table in dependency order; checked as a whole afterwards
      h.pragma('foreign_keys = OFF');
      growTo(size);
      h.pragma('foreign_keys = ON');
      const fkRows = h.pragma('foreign_key_check') as { table: string; parent: string }[];
      if (fkRows.length) {
        const by = new Map<string, number>();
        for (const r of fkRows) by.set(`${r.table}→${r.parent}`, (by.get(`${r.table}→${r.parent}`) ?? 0) + 1);
        console.log('foreign-key problems:', Object.fromEntries(by));
      }
      // the statistics' counters (src/repositories/stats/stats-counters.ts): the cloned rows marked
      // their cases dirty through the triggers; count them now, as the writes would have (part of
      // the build time, not of a measured request)
      const tStats = performance.now();
      const recounted = await drainStatsDirty(db);
      console.log(`statistics counters: ${recounted} cases counted in ${r1((performance.now() - tStats) / 1000)} s`);
      h.exec('ANALYZE');
      h.pragma('optimize');
      const cloneSeconds = (performance.now() - t0) / 1000;
      const total = (h.prepare(`SELECT count(*) AS n FROM cases`).get() as { n: number }).n;
      const open = (h.prepare(`SELECT count(*) AS n FROM cases WHERE state NOT IN ('closed','not_accepted','transferred','not_registered')`).get() as { n: number }).n;
      const orgs = (h.prepare(`SELECT count(DISTINCT org_id) AS n FROM cases`).get() as { n: number }).n;
      console.log(`\ndata: ${total} cases (${open} open) in ${orgs} organisations, ${rowsWritten} rows cloned so far; this size in ${r1(cloneSeconds)} s (foreign-key check: ${fkRows.length} problems)`);
      const b: (typeof build)[number] = { cases: total, cloneSeconds: r1(cloneSeconds), rows: rowsWritten };
      build.push(b);
      const caseIds = ids();
      if (ENGINES.includes('sqlite')) {
        const r: Result = { engine: 'sqlite', cases: total, open, ms: await measure(db, dir, 'sqlite', caseIds) };
        print(r);
        results.push(r);
      }
      if (pgDb) {
        t0 = performance.now();
        const copied = await copyToPostgres(h, pgDb);
        b.copySeconds = r1((performance.now() - t0) / 1000);
        console.log(`PostgreSQL: ${copied} rows copied in ${b.copySeconds} s`);
        const r: Result = { engine: 'postgres', cases: total, open, ms: await measure(pgDb, dir, 'postgres', caseIds) };
        print(r);
        results.push(r);
      }
    }
    const over = results.flatMap((r) => Object.entries(r.ms).filter(([, v]) => v.p99 >= 100).map(([k]) => `${r.engine}@${r.cases}:${k}`));
    console.log(`\ntarget p99 < 100 ms: ${over.length ? `missed by ${over.join(', ')}` : 'met everywhere'}`);
    console.log(JSON.stringify({ bench: 'scale', rounds: ROUNDS, demoSeconds: r1(demoSeconds), build, results }));
  } finally {
    await db.close();
    if (pgDb) {
      // BENCH_KEEP_PG_SCHEMA=1: left in place for EXPLAIN (ANALYZE) of the measured statements
      if (!process.env.BENCH_KEEP_PG_SCHEMA) await sql.raw(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`).execute(pgDb.kysely).catch((e: unknown) => console.error('bench: could not drop the bench schema', e));
      await pgDb.close();
    }
    saveState(templateIds);
    if (!KEEP_DIR) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
