// Issue 10 point 14: the web reads the legal vocabulary from the API (GET /api/v1/rules/vocabulary)
// and bundles no rule pack. The step schemas (this folder's schemas.ts) run in the web before a
// step is sent and check only the form of a citation; the server checks the items against the
// pack of the case's organisation and date (src/services/cases/legal-input-check.ts).
// This test follows the static (value) imports of every web/src file — what the bundler pulls in —
// and fails if any path reaches the pack, the registry or the item vocabulary built from it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FORBIDDEN = [/^src\/rules\/packs\//, /^src\/rules\/registry\.ts$/, /^src\/domain\/cases\/citations\.ts$/, /^src\/rules\/index\.ts$/, /^src\/rules\/engine\.ts$/];

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null; // a package (zod, react, antd …)
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

/** Value imports and re-exports of a module (type-only ones are erased and bundle nothing). */
function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  for (const m of src.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

/** Every module reachable from `entries`, with the path by which it was first reached. */
function graph(entries: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue: [string, string[]][] = entries.map((e) => [e, [e]]);
  while (queue.length) {
    const [file, via] = queue.shift()!;
    if (seen.has(file)) continue;
    seen.set(file, via);
    for (const spec of importsOf(file)) {
      const to = resolveImport(file, spec);
      if (to && !seen.has(to)) queue.push([to, [...via, to]]);
    }
  }
  return seen;
}

const rel = (f: string): string => path.relative(ROOT, f).split(path.sep).join('/');

function webFiles(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) webFiles(p, out);
    else if (/\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n) && !n.startsWith('test-')) out.push(p);
  }
  return out;
}

describe('the web bundles no rule pack (issue 10 point 14)', () => {
  it('WC-9(3)/FL-7 vocabulary: the step schemas the web runs import nothing of the pack (checked on the server instead)', () => {
    const reached = graph([path.join(ROOT, 'src/domain/cases/schemas.ts')]);
    const bad = [...reached.entries()].filter(([f]) => FORBIDDEN.some((re) => re.test(rel(f)))).map(([, via]) => via.map(rel).join(' → '));
    expect(bad).toEqual([]);
    // the walk does follow imports: it reaches the state lists the schemas use
    expect([...reached.keys()].map(rel)).toContain('src/domain/cases/states.ts');
  });

  it('no web/src module reaches the rule pack, the registry or the item vocabulary by a value import', () => {
    const reached = graph(webFiles(path.join(ROOT, 'web', 'src')));
    const bad = [...reached.entries()].filter(([f]) => FORBIDDEN.some((re) => re.test(rel(f)))).map(([, via]) => via.map(rel).join(' → '));
    expect(bad).toEqual([]);
    expect([...reached.keys()].map(rel)).toContain('src/domain/cases/schemas.ts');
  });

  it('the check would catch it: the server-side vocabulary module does reach the pack', () => {
    const reached = graph([path.join(ROOT, 'src/services/cases/legal-vocabulary.ts')]);
    expect([...reached.keys()].map(rel).some((f) => f.startsWith('src/rules/packs/'))).toBe(true);
  });
});
