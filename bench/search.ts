// `npm run bench search [-- --docs N] [--queries Q] [--pg]`: Chinese full-text search at scale.
// Indexes N synthetic documents (default 20,000; 10k–100k is the useful range) of domain text,
// segmented with jieba as in production, into a fresh database — an SQLite file (WAL,
// synchronous=FULL) by default, or with --pg a new schema on DATABASE_URL / TEST_DATABASE_URL —
// then runs Q two-term top-20 queries of each of two kinds through `searchDocuments` (query
// segmentation, the SQL, snippets) and reports indexing throughput and latency percentiles. Reproducible: a
// seeded generator. The last line printed is one JSON object.
// The synthetic vocabulary is small on purpose: each query term occurs in ~40% of documents and
// a two-term query matches ~20% (20,000 of 100,000) — every one of them is ranked. That is the
// pessimistic case (a search for 行政处罚 in a penalty-case archive), not a typical one.
// Reference (architecture.md, a corpus with fewer matches per query): SQLite FTS5, 100k
// documents, two-term top-20: p50 21 ms / p95 34 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { inTransaction } from '../src/db/tx';
import { indexDocument, searchDocuments } from '../src/search/search-index';
import { PARTY_NAMES, partyName, syntheticDocument } from '../test/factories/search';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

/** mulberry32: a small seeded generator, so every run indexes the same corpus. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const TERMS = ['行政处罚', '罚款', '占道经营', '停产整治', '扬尘污染', '违法建筑', '行政复议', '执法人员', '程序违法', '证据不足', '生态环境局', '群众', '举报', '滥用职权', '国家赔偿', '噪音', '行政许可', '建筑垃圾'];

async function main(): Promise<void> {
  const docs = arg('docs', 20_000);
  const queries = arg('queries', 200);
  const usePg = process.argv.includes('--pg');
  const pgUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (usePg && !pgUrl) throw new Error('--pg needs DATABASE_URL or TEST_DATABASE_URL');

  let db: Db;
  let cleanup: () => Promise<void>;
  if (usePg) {
    const schema = `bench_search_${randomBytes(4).toString('hex')}`;
    db = await openDatabase({ databaseUrl: pgUrl, pgSchema: schema, poolSize: 4 });
    cleanup = async () => {
      await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
      await db.close();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-bench-search-'));
    db = await openDatabase({ dataDir: dir });
    cleanup = async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await migrateToLatest(db);
    const rand = seeded(20251001);
    const BATCH = 1000;
    const t0 = performance.now();
    for (let start = 0; start < docs; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, docs - start) }, (_, k) => syntheticDocument(start + k, rand));
      await inTransaction(db, async (tx) => {
        for (const d of batch) await indexDocument(tx, db.dialect, d);
      });
    }
    const indexSeconds = (performance.now() - t0) / 1000;
    console.log(`indexed ${docs} documents on ${db.dialect} in ${indexSeconds.toFixed(1)} s (${Math.round(docs / indexSeconds)} docs/s)`);

    const qrand = seeded(7);
    const pick = () => TERMS[Math.floor(qrand() * TERMS.length)]!;
    const commonPairs = Array.from({ length: queries }, () => {
      const a = pick();
      let b = pick();
      while (b === a) b = pick();
      return `${a} ${b}`;
    });
    // A party's name (a few documents) with a frequent term: what a clerk looking for one case types.
    const selectivePairs = Array.from({ length: queries }, () => `${partyName(Math.floor(qrand() * PARTY_NAMES))} ${pick()}`);

    const run = async (pairs: string[]) => {
      for (const q of pairs.slice(0, 20)) await searchDocuments(db, { query: q, limit: 20 }); // warm-up
      const times: number[] = [];
      let hits = 0;
      for (const q of pairs) {
        const t = performance.now();
        const r = await searchDocuments(db, { query: q, limit: 20 });
        times.push(performance.now() - t);
        hits += r.hits.length;
      }
      times.sort((a, b) => a - b);
      const ms = (p: number) => Number(percentile(times, p).toFixed(2));
      return { p50Ms: ms(50), p95Ms: ms(95), p99Ms: ms(99), meanHits: Number((hits / pairs.length).toFixed(1)) };
    };
    const common = await run(commonPairs);
    const selective = await run(selectivePairs);
    const result = {
      bench: 'search',
      engine: db.dialect,
      docs,
      queries,
      indexDocsPerSecond: Math.round(docs / indexSeconds),
      // two frequent terms: ~20% of all documents match and are ranked
      p50Ms: common.p50Ms,
      p95Ms: common.p95Ms,
      common,
      // a name + a frequent term: a handful of matches
      selective,
      cpus: os.availableParallelism(),
      loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
    };
    console.log(`two-term top-20, frequent terms: p50 ${common.p50Ms} ms, p95 ${common.p95Ms} ms, p99 ${common.p99Ms} ms`);
    console.log(`two-term top-20, a name + a term: p50 ${selective.p50Ms} ms, p95 ${selective.p95Ms} ms, p99 ${selective.p99Ms} ms (mean ${selective.meanHits} hits)`);
    console.log(JSON.stringify(result));
  } finally {
    await cleanup();
  }
}

await main();
