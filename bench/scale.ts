// Scale benchmark (`npm run bench:scale`, BENCH_SCALE_CASES=N, default 10000): read latency of
// the pages staff use most, at N accountability cases, on SQLite (a file, WAL, as in production).
//
// Data: the demo commission is loaded through the real services (17 cases in every state of
// both tracks, 60 original cases, participants, findings, decisions, documents, audit records);
// then its accountability cases are cloned until there are N: every row that belongs to a
// case (a `case_id` column, or a foreign key to such a row) is copied with fresh ids and the
// references among the copied rows rewritten, search documents included. Audit records are NOT
// cloned (the hash chain stays the demo's), and the original-case registers stay at the demo's
// size: this measures the accountability-case pages, not the registers.
//
// Measured through Fastify (app.inject, the real routes, session, zod) as the 法制科 clerk, who
// sees every case: queue, case list (page 1, and filtered by state + page 5), Chinese search,
// the case page of a random case, yearly statistics. BENCH_ROUNDS requests each (default 40),
// interleaved (BENCH_PAGES=list,stats,… for some only). Prints p50/p99 per page and a last JSON
// line. Target (issue 14): p99 < 100 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { LocalFileStore } from '../src/files/file-store';
import { FixedClock } from '../src/lib/clock';
import { newId } from '../src/lib/ids';
import { generateSync } from 'otplib';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, loadDemo } from '../src/ops/demo';
import { sqliteCatalog, type TableInfo } from '../src/ops/db-catalog';
import { buildApp } from '../src/server/app';
import { login, loginWithTotp } from '../src/services/auth-service';

const N = Number(process.env.BENCH_SCALE_CASES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const NOW = '2026-11-29T02:00:00.000Z';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-scale-'));
  const db = await openDatabase({ dataDir: dir });
  try {
    await migrateToLatest(db);
    const deps = { db, clock: new FixedClock(NOW), files: new LocalFileStore(path.join(dir, 'files')) };
    let t0 = performance.now();
    await loadDemo(deps, { today: '2026-11-29' });
    const demoSeconds = (performance.now() - t0) / 1000;
    const h = db.sqlite!;

    // Which tables belong to a case: a case_id column, or a foreign key to such a table.
    const catalog = sqliteCatalog(h);
    const owned: { t: TableInfo; via: { col: string; ref: string } | null }[] = [];
    const ownedNames = new Set<string>(['cases']);
    // the registers (people, certificates, original cases) and the audit log are not a case's
    const NOT_OWNED = /^(certificate|people|person|units|original|audit|users|sessions|settings|calendar)/;
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
    console.log(`cloned per case: ${owned.map((o) => o.t.name).join(', ')}, search_documents`);
    // search documents are outside the catalog (FTS5 content table): add them by hand
    const searchCols = (h.prepare(`PRAGMA table_info(search_documents)`).all() as { name: string }[]).map((c) => c.name);

    const templates = h.prepare(`SELECT * FROM cases ORDER BY year, seq`).all() as Record<string, unknown>[];
    const maxSeq = (h.prepare(`SELECT max(seq) AS m FROM cases`).get() as { m: number }).m;
    const copies = Math.max(0, Math.ceil((N - templates.length) / templates.length));
    type Stmt = { run: (...params: unknown[]) => unknown };
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
    // the template rows per case, read once
    const rowsOf = templates.map((c) => {
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
      return { c, byTable, search };
    });

    t0 = performance.now();
    let made = templates.length;
    let seq = maxSeq;
    let rowsWritten = 0;
    const cloneAll = h.transaction(() => {
      for (let k = 0; k < copies && made < N; k++) {
        for (const tpl of rowsOf) {
          if (made >= N) break;
          const map = new Map<unknown, unknown>();
          const caseId = newId();
          map.set(tpl.c.id, caseId);
          for (const [name, rows] of tpl.byTable) {
            const t = owned.find((o) => o.t.name === name)!.t;
            if (t.pk.length === 1 && t.textPk.length === 1 && t.pk[0] !== 'case_id') for (const r of rows) map.set(r[t.pk[0]!], newId());
          }
          const sub = (v: unknown): unknown => (typeof v === 'string' && map.has(v) ? map.get(v) : v);
          seq += 1;
          const c = { ...tpl.c, id: caseId, seq, number: `${String(tpl.c.number).replace(/\d+号?$/, '')}${seq}号`, year: tpl.c.year };
          const cols = Object.keys(c);
          ins('cases', cols).run(...cols.map((k2) => (c as Record<string, unknown>)[k2] as unknown));
          rowsWritten++;
          for (const { t } of owned) {
            for (const r of tpl.byTable.get(t.name) ?? []) {
              const out: Record<string, unknown> = {};
              for (const [k2, v] of Object.entries(r)) {
                if (t.pk.length === 1 && k2 === t.pk[0] && !t.textPk.length) continue; // integer key: new one
                out[k2] = k2 === 'receipt_hash' && v != null ? randomBytes(16).toString('hex') : sub(v);
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
          made++;
        }
      }
    });
    // rows are inserted table by table in dependency order; checked as a whole afterwards
    h.pragma('foreign_keys = OFF');
    cloneAll();
    h.pragma('foreign_keys = ON');
    const fkRows = h.pragma('foreign_key_check') as { table: string; parent: string }[];
    const fkProblems = fkRows.length;
    if (fkProblems) {
      const by = new Map<string, number>();
      for (const r of fkRows) by.set(`${r.table}→${r.parent}`, (by.get(`${r.table}→${r.parent}`) ?? 0) + 1);
      console.log('foreign-key problems:', Object.fromEntries(by));
    }
    h.pragma('optimize');
    const cloneSeconds = (performance.now() - t0) / 1000;
    const total = (h.prepare(`SELECT count(*) AS n FROM cases`).get() as { n: number }).n;
    const open = (h.prepare(`SELECT count(*) AS n FROM cases WHERE state NOT IN ('closed','not_accepted','transferred','not_registered')`).get() as { n: number }).n;
    console.log(`data: ${total} cases (${open} open), ${rowsWritten} rows cloned in ${r1(cloneSeconds)} s (foreign-key check: ${fkProblems} problems); demo loaded in ${r1(demoSeconds)} s`);

    const app = await buildApp({ deps });
    // the clerk reads reporters' identities, so signs in with the demo second factor (身份鉴别)
    const first = await login(deps, { username: 'fazhike', password: DEMO_PASSWORD });
    const signed = first.status === 'signed_in' ? first : await loginWithTotp(deps, { pendingToken: first.pendingToken, code: generateSync({ secret: DEMO_TOTP_SECRET, epoch: Math.floor(deps.clock.now().getTime() / 1000) }) });
    if (signed.status !== 'signed_in') throw new Error('bench: the clerk could not sign in');
    const { token } = signed;
    const ids = (h.prepare(`SELECT id FROM cases`).all() as { id: string }[]).map((r) => r.id);
    let pick = 1;
    const pages: Record<string, () => string> = {
      queue: () => '/api/v1/queue',
      list: () => '/api/v1/cases?page=1&pageSize=20',
      listFiltered: () => '/api/v1/cases?state=investigating&open=true&page=5&pageSize=20',
      search: () => `/api/v1/cases?q=${encodeURIComponent('罚款')}&page=1&pageSize=20`,
      casePage: () => `/api/v1/cases/${ids[(pick = (pick * 7919) % ids.length)]!}`,
      stats: () => '/api/v1/stats?year=2026',
    };
    // BENCH_PAGES=list,search,… measures only those pages
    const only = process.env.BENCH_PAGES?.split(',').filter(Boolean);
    if (only) for (const k of Object.keys(pages)) if (!only.includes(k)) delete pages[k];
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(pages).map((k) => [k, []]));
    for (const [name, url] of Object.entries(pages)) {
      const r = await app.inject({ method: 'GET', url: url(), headers: { authorization: `Bearer ${token}` } });
      if (r.statusCode !== 200) throw new Error(`${name}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    }
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, url] of Object.entries(pages)) {
        const s = performance.now();
        const r = await app.inject({ method: 'GET', url: url(), headers: { authorization: `Bearer ${token}` } });
        times[name]!.push(performance.now() - s);
        if (r.statusCode !== 200) throw new Error(`${name}: ${r.statusCode}`);
      }
    }
    await app.close();
    const result: Record<string, { p50: number; p99: number }> = {};
    console.log(`\nSQLite, ${total} cases, ${ROUNDS} requests each (ms):`);
    for (const [name, xs] of Object.entries(times)) {
      result[name] = { p50: r1(pct(xs, 50)), p99: r1(pct(xs, 99)) };
      console.log(`  ${name.padEnd(13)} p50 ${String(result[name]!.p50).padStart(8)}  p99 ${String(result[name]!.p99).padStart(8)}${result[name]!.p99 < 100 ? '' : '   (over the 100 ms target)'}`);
    }
    console.log(JSON.stringify({ bench: 'scale', engine: 'sqlite', cases: total, open, rounds: ROUNDS, cloneSeconds: r1(cloneSeconds), fkProblems, ms: result }));
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
