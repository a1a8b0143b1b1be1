// Node-only: find the tests that cite provisions, by scanning test files for `it('FL-8(2): …')`
// / `test("WC-7(3): …")` names. Static string names only (a name built at run time cannot be
// read from the source, so citation tests use literal names).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { indexTests, type TestIndex, type TestRef } from './coverage';
import { packageRoot } from '../lib/package-root';

const REPO_ROOT = packageRoot();
const DEFAULT_ROOTS = ['src', 'test'].map((d) => path.join(REPO_ROOT, d));
const TEST_FILE = /\.test\.(ts|tsx|mts|js|mjs)$/;
const TEST_CALL = /\b(?:it|test)(?:\.(?:only|skip|todo|fails|concurrent))?\s*\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;

function walk(dir: string, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (n === 'node_modules' || n.startsWith('.')) continue;
    const p = path.join(dir, n);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (TEST_FILE.test(n)) out.push(p);
  }
}

/** Test names (with their files, relative to the repo root) found under `roots`. */
export function scanTestNames(roots: readonly string[] = DEFAULT_ROOTS): TestRef[] {
  const files: string[] = [];
  for (const r of roots) walk(r, files);
  files.sort();
  const refs: TestRef[] = [];
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(TEST_CALL)) {
      const name = m[2]!;
      if (m[1] === '`' && name.includes('${')) continue;
      refs.push({ file: path.relative(REPO_ROOT, f), name });
    }
  }
  return refs;
}

export function scanTests(roots?: readonly string[]): TestIndex {
  return indexTests(scanTestNames(roots));
}
