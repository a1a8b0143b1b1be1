// 等保2.0 安全审计: audit records are kept — the application has no code path that deletes or
// rewrites them (等保 asks for at least six months; we keep everything). The only exception is
// restore (src/ops/restore.ts), which replaces the whole database with a verified backup, and
// the `down` of migrations, which no command runs. And one backfill: migration 0510 fills the new
// `org_id` column of the records written before it (issue 11) — a column their hash does not cover
// (`org_in_hash` = 0), no hashed content changed (test/api/org-audit.test.ts verifies the chain).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '..');
const ALLOWED = new Set([path.join('ops', 'restore.ts')]);
/** 0510's backfill of the organisation of the records from before: `UPDATE audit_log SET org_id = (…)` and nothing else. */
const ORG_BACKFILL = path.join('db', 'migrations', '0510-audit-org.ts');
const ORG_BACKFILL_UPDATE = /\bUPDATE\s+audit_log\s+SET\s+org_id\s*=\s*\((?:(?!`)[^;])*?\)\s*WHERE\b/gi;

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
      if (rel === ORG_BACKFILL) text = text.replace(ORG_BACKFILL_UPDATE, '');
      for (const re of DESTRUCTIVE) if (re.test(text)) offenders.push(`${rel}: ${re}`);
    }
    expect(offenders).toEqual([]);
  });

  it('安全审计 (issue 11): the one backfill, migration 0510, sets the organisation alone (no hashed column), and the scan still finds any other update there', () => {
    const text = fs.readFileSync(path.join(SRC, ORG_BACKFILL), 'utf8').split(/export async function down/)[0]!;
    const updates = text.match(/\bUPDATE\s+audit_log\b/gi) ?? [];
    expect(updates.length).toBe(3);
    expect(text.match(ORG_BACKFILL_UPDATE)?.length).toBe(3);
    const other = "await sql`UPDATE audit_log SET org_id = (SELECT 1) WHERE seq = 1`; await sql`UPDATE audit_log SET hash = 'x' WHERE seq = 1`;".replace(ORG_BACKFILL_UPDATE, '');
    expect(DESTRUCTIVE.some((re) => re.test(other))).toBe(true);
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
