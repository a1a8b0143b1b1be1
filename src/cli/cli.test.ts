// The CLI as an operator uses it: a real data folder, the real `wenze` entry point.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { inTransaction } from '../db/tx';
import { appendAudit } from '../audit/audit-writer';

const root = path.resolve(__dirname, '../..');
const wenze = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [path.join(root, 'bin/wenze.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', ...env },
    timeout: 60_000,
  });

describe('wenze CLI: migrate and audit verify', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-cli-'));
    const m = wenze(['migrate', '--data', dir]);
    expect(m.status, m.stderr).toBe(0);
    const db = await openDatabase({ dataDir: dir });
    for (let i = 0; i < 3; i++) {
      await inTransaction(db, (tx) =>
        appendAudit(tx, { actorId: 'u', action: 'demo', entityType: 'x', entityId: String(i), after: { i }, at: '2025-01-01T00:00:00Z' }),
      );
    }
    await db.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('migrate on an up-to-date database says so', () => {
    const r = wenze(['migrate', '--data', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('up to date');
  });

  it('audit verify passes on an intact chain (exit 0)', () => {
    const r = wenze(['audit', 'verify', '--data', dir, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ ok: true });
  });

  it('audit verify names the first tampered record and exits non-zero', async () => {
    const db = await openDatabase({ dataDir: dir });
    db.sqlite!.prepare("UPDATE audit_log SET actor_id = 'mallory' WHERE seq = ?").run(
      (db.sqlite!.prepare('SELECT max(seq) - 1 AS s FROM audit_log').get() as { s: number }).s,
    );
    const target = (db.sqlite!.prepare('SELECT max(seq) - 1 AS s FROM audit_log').get() as { s: number }).s;
    await db.close();
    const r = wenze(['audit', 'verify', '--data', dir]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain(`BROKEN at record ${target}`);
  });

  it('an unknown command is refused with help, not a stack trace', () => {
    const r = wenze(['frobnicate']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('wenze rules', () => {
  it('rules coverage: every FL/WC article item is accounted for (exit 0)', () => {
    const r = wenze(['rules', 'coverage', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('FL-8(2)');
  });

  it('rules evaluate: worked example E1 names the approver primarily responsible (FL-8(2))', () => {
    const r = wenze(['rules', 'evaluate', path.join(root, 'docs/rules/examples/e1-approver-missed-handler-error.json')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/主要责任（FL-8\(2\)）/);
  });

  it('rules evaluate: a file that is not facts exits 2 with a bilingual message', () => {
    const bad = path.join(os.tmpdir(), `wenze-bad-facts-${process.pid}.json`);
    fs.writeFileSync(bad, '{"subjects": 3}');
    const r = wenze(['rules', 'evaluate', bad]);
    fs.rmSync(bad);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/[\u4e00-\u9fa5]/);
  });
});
