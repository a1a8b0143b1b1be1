// 等保2.0 安全审计: audit records are kept — the application has no code path that deletes or
// rewrites them (等保 asks for at least six months; we keep everything). The only exception is
// restore (src/ops/restore.ts), which replaces the whole database with a verified backup, and
// the `down` of migrations, which no command runs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '..');
const ALLOWED = new Set([path.join('ops', 'restore.ts')]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Statements that remove or change audit rows or the chain head. */
const DESTRUCTIVE = [
  /deleteFrom\(\s*['"`]audit_(log|head)['"`]/,
  /updateTable\(\s*['"`]audit_log['"`]/,
  /\bDELETE\s+FROM\s+["`]?audit_(log|head)\b/i,
  /\bUPDATE\s+["`]?audit_log\b/i,
  /\bTRUNCATE\b[^;'"`]*\baudit_(log|head)\b/i,
  /\bDROP\s+TABLE\b[^;'"`]*\baudit_(log|head)\b/i,
  /dropTable\(\s*['"`]audit_(log|head)['"`]/,
];

describe('安全审计: retention — no application code path deletes or rewrites audit records', () => {
  it('安全审计: no source file outside restore deletes, truncates, drops or updates audit_log (migration down() excepted)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const rel = path.relative(SRC, file);
      if (ALLOWED.has(rel)) continue;
      let text = fs.readFileSync(file, 'utf8');
      // a migration's down() is never run by the application (no command rolls back)
      if (rel.startsWith(path.join('db', 'migrations'))) text = text.split(/export async function down/)[0]!;
      for (const re of DESTRUCTIVE) if (re.test(text)) offenders.push(`${rel}: ${re}`);
    }
    expect(offenders).toEqual([]);
  });

  it('安全审计: the scan finds such a statement when one is there (it can fail)', () => {
    const sample = "await tx.deleteFrom('audit_log').where('seq', '<', 10).execute();\nawait sql`TRUNCATE audit_log`;";
    expect(DESTRUCTIVE.filter((re) => re.test(sample)).length).toBe(2);
  });

  it('安全审计: the one exception, restore, replaces every table at once (not audit rows selectively)', () => {
    const restore = fs.readFileSync(path.join(SRC, 'ops', 'restore.ts'), 'utf8');
    expect(restore).not.toMatch(/audit_log['"`]\s*\)\s*\.where/);
    expect(restore).toMatch(/catalog\.tables/);
  });
});
