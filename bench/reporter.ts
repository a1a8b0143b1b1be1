// Reporter channel benchmark (`npm run bench -- reporter`, issue 9): the public report with two
// 1 MB files (multipart: proof of work checked, types sniffed, files sealed and staged, the case,
// the details, the thread message, the argon2id receipt hash, the audit records) against the plain
// JSON intake (POST /api/v1/public/reports: proof of work checked, the case, the sealed report
// text and the receipt hash, no files) — both through
// Fastify (app.inject) in the same process, on SQLite (a file in a temp folder, WAL, durable), with
// the local file store in the same temp folder.
//
// The proof of work is the visitor's cost, not the server's: each challenge is fetched and solved
// before its timed request (the solving time is printed apart, as Node solves it). Requests come
// from distinct addresses so the per-address rate limits do not answer instead of the server.
// Sequential, interleaved (json, form, json, form …), BENCH_N of each (default 100).
// Prints p50 and p99 per kind and the ratio form / json; the last line is one JSON object.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { configureReportKeyring } from '../src/crypto/report-keyring';
import { openDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { LocalFileStore } from '../src/files/file-store';
import { systemClock } from '../src/lib/clock';
import { solveProofOfWork, type PowChallenge } from '../src/lib/proof-of-work';
import { buildApp } from '../src/server/app';
import type { Deps } from '../src/services/context';
import { multipartBody, samplePdf, samplePng } from '../test/factories/reporter';

const N = Number(process.env.BENCH_N ?? 100);
const MB = 1024 * 1024;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (x: number): number => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-bench-reporter-'));
  // the master key as the CLI sets it up: a key file in the data folder (issue 9 §3)
  configureReportKeyring({ dataDir: dir, warn: () => undefined });
  const db = await openDatabase({ dataDir: dir });
  await migrateToLatest(db);
  const deps: Deps = { db, clock: systemClock, files: new LocalFileStore(path.join(dir, 'files')) };
  const app = await buildApp({ deps, logger: false });
  // 1 MB each, incompressible after the signature
  const png = samplePng(16);
  const pdf = samplePdf(16);
  const files = () => [
    { name: '现场照片.png', type: 'image/png', content: Buffer.concat([png, randomBytes(MB - png.length)]) },
    { name: '材料.pdf', type: 'application/pdf', content: Buffer.concat([pdf, randomBytes(MB - pdf.length)]) },
  ];
  let ip = 0;
  const nextIp = () => {
    ip++;
    return `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;
  };
  const report = { what: '基准测试：执法人员在检查中索要好处费。', who: '某中队队员', when: '上月', where: '某工地', reporter: { anonymous: true } };

  const json: number[] = [];
  const form: number[] = [];
  const solve: number[] = [];
  for (let i = 0; i < N + 5; i++) {
    const warm = i < 5;
    // plain JSON intake (it needs a solved challenge too; solved before the timed request)
    const jsonAddr = nextIp();
    const jc = (await app.inject({ method: 'GET', url: '/api/v1/public/reports/challenge', remoteAddress: jsonAddr })).json() as PowChallenge;
    const jsonProof = solveProofOfWork(jc);
    let t0 = performance.now();
    const a = await app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: { summary: report.what, reporter: report.reporter, proof: jsonProof }, remoteAddress: jsonAddr });
    const tJson = performance.now() - t0;
    if (a.statusCode !== 201) throw new Error(`json intake: ${a.statusCode} ${a.body}`);
    // the visitor's work: fetch and solve a challenge (not part of the timed submission)
    const addr = nextIp();
    t0 = performance.now();
    const c = (await app.inject({ method: 'GET', url: '/api/v1/public/reports/challenge', remoteAddress: addr })).json() as PowChallenge;
    const proof = JSON.stringify(solveProofOfWork(c));
    const tSolve = performance.now() - t0;
    const m = multipartBody({ proof, report: JSON.stringify(report) }, files());
    t0 = performance.now();
    const b = await app.inject({ method: 'POST', url: '/api/v1/public/reports/form', ...m, remoteAddress: addr });
    const tForm = performance.now() - t0;
    if (b.statusCode !== 201) throw new Error(`form: ${b.statusCode} ${b.body}`);
    if (!warm) {
      json.push(tJson);
      form.push(tForm);
      solve.push(tSolve);
    }
  }
  await app.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const s = (xs: number[]) => {
    const sorted = [...xs].sort((x, y) => x - y);
    return { p50: round(pct(sorted, 50)), p99: round(pct(sorted, 99)) };
  };
  const rj = s(json);
  const rf = s(form);
  const rs = s(solve);
  const out = {
    engine: 'sqlite',
    n: N,
    jsonIntakeMs: rj,
    reportWithTwo1MbFilesMs: rf,
    proofOfWorkSolveMs: rs,
    ratio: { p50: round(rf.p50 / rj.p50), p99: round(rf.p99 / rj.p99) },
  };
  console.log(`reporter channel, SQLite, ${N} of each (sequential, in process via app.inject)`);
  console.log(`  plain JSON intake               p50 ${rj.p50} ms   p99 ${rj.p99} ms`);
  console.log(`  report with two 1 MB files      p50 ${rf.p50} ms   p99 ${rf.p99} ms`);
  console.log(`  ratio (files / JSON)            p50 ${out.ratio.p50}×   p99 ${out.ratio.p99}×`);
  console.log(`  visitor's proof of work (Node)  p50 ${rs.p50} ms   p99 ${rs.p99} ms  (not in the submission time)`);
  console.log(JSON.stringify(out));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
