// `npm run bench:web`: builds the web app if needed (or with --build), then weighs what the
// browser downloads for the login page and for the case page: the HTML, the entry chunk and its
// static import graph (what index.html modulepreloads), plus the route's lazy chunk and its own
// static imports. Sizes are gzip level 9 of each file, each file counted once.
// Budget (issue 4): the first page a user loads is at most 400 KB gzip. The last line printed is
// one JSON object.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist');
const manifestPath = path.join(dist, '.vite', 'manifest.json');
const BUDGET_KB = 400;

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, Chunk>;

function build(): void {
  console.log('building web/dist …');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('web build failed');
}

const gz = new Map<string, { raw: number; gzip: number }>();
function weigh(file: string): { raw: number; gzip: number } {
  let w = gz.get(file);
  if (!w) {
    const buf = fs.readFileSync(path.join(dist, file));
    w = { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
    gz.set(file, w);
  }
  return w;
}

/** Files a chunk pulls in before it runs: itself, its CSS and its static imports, recursively. */
function closure(m: Manifest, key: string, acc: Set<string>): Set<string> {
  const c = m[key];
  if (!c || acc.has(c.file)) return acc;
  acc.add(c.file);
  for (const css of c.css ?? []) acc.add(css);
  for (const i of c.imports ?? []) closure(m, i, acc);
  return acc;
}

function route(m: Manifest, pageSrc: string): { files: number; rawKB: number; gzipKB: number; lazyChunk: string; deferredGzipKB: number } {
  const entryKey = Object.keys(m).find((k) => m[k]!.isEntry);
  if (!entryKey) throw new Error('no entry in the manifest');
  const pageKey = Object.keys(m).find((k) => k === pageSrc || m[k]!.src === pageSrc);
  if (!pageKey) throw new Error(`route chunk ${pageSrc} not in the manifest`);
  const files = closure(m, pageKey, closure(m, entryKey, new Set()));
  files.add('index.html');
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const w = weigh(f);
    raw += w.raw;
    gzip += w.gzip;
  }
  // What the page itself loads later, on demand (the step forms on the case page, ECharts on the
  // statistics page): not part of the first load, reported apart.
  const deferred = new Set<string>();
  for (const d of m[pageKey]!.dynamicImports ?? []) closure(m, d, deferred);
  let deferredGzip = 0;
  for (const f of deferred) if (!files.has(f)) deferredGzip += weigh(f).gzip;
  return { files: files.size, rawKB: +(raw / 1024).toFixed(1), gzipKB: +(gzip / 1024).toFixed(1), lazyChunk: m[pageKey]!.file, deferredGzipKB: +(deferredGzip / 1024).toFixed(1) };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}
// Build when asked, when there is no build, or when a web source is newer than the build.
const stale = !fs.existsSync(manifestPath) || newestMtime(path.join(root, 'web', 'src')) > fs.statSync(manifestPath).mtimeMs;
if (process.argv.includes('--build') || stale) build();
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
const routes: Record<string, string> = {
  login: 'src/pages/login-page.tsx',
  queue: 'src/pages/queue-page.tsx',
  case: 'src/pages/case-page.tsx',
  stats: 'src/pages/stats-page.tsx',
};
const result: Record<string, unknown> = {};
for (const [name, src] of Object.entries(routes)) {
  if (!Object.values(manifest).some((c) => c.src === src)) {
    console.log(`${name.padEnd(6)} (no ${src} in this build)`);
    continue;
  }
  const r = route(manifest, src);
  result[name] = r;
  console.log(`${name.padEnd(6)} ${String(r.files).padStart(3)} files  ${r.rawKB.toFixed(1).padStart(8)} KB raw  ${r.gzipKB.toFixed(1).padStart(7)} KB gzip first load  +${r.deferredGzipKB.toFixed(1)} KB gzip on demand  (${r.lazyChunk})`);
}
const firstPage = (result.login as { gzipKB: number } | undefined)?.gzipKB ?? null;
const worst = Math.max(...Object.values(result).map((r) => (r as { gzipKB: number }).gzipKB));
const ok = worst <= BUDGET_KB;
console.log(ok ? `every measured route ≤ ${BUDGET_KB} KB gzip` : `OVER BUDGET: a route loads ${worst} KB gzip > ${BUDGET_KB} KB`);
console.log(JSON.stringify({ bench: 'web', budgetKB: BUDGET_KB, ok, firstPageGzipKB: firstPage, routes: result }));
if (!ok) process.exitCode = 1;
