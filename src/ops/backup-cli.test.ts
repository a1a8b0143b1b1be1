// The commands as an operator runs them: `wenze backup`, `wenze backup verify`, `wenze restore`,
// `wenze audit verify`, each a separate process on a --data folder (SQLite; the engine-neutral
// paths are covered in backup.test.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { LocalFileStore } from '../files/file-store';
import { FixedClock } from '../lib/clock';
import { seedOpsFixture } from '../../test/factories/ops';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let tmp: string;

function wenze(...args: string[]): { code: number | null; out: string } {
  const env = { ...process.env };
  delete env.DATABASE_URL; // these runs are about the embedded engine
  // the signing key and the trusted keys of these runs, outside every --data folder
  env.WENZE_BACKUP_KEY = path.join(tmp, 'keys', 'backup-signing.pem');
  env.WENZE_BACKUP_TRUSTED_KEYS = path.join(tmp, 'keys', 'trusted.json');
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'wenze.mjs'), ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-backup-cli-'));
  const dir = path.join(tmp, 'source');
  const db = await openDatabase({ dataDir: dir });
  await migrateToLatest(db);
  await seedOpsFixture({ db, clock: new FixedClock('2026-11-29T02:00:00Z'), files: new LocalFileStore(path.join(dir, 'files')) }, 'A', { tree: false });
  await db.close();
  expect(wenze('backup', 'keygen').code).toBe(0);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('wenze backup / restore (CLI)', () => {
  it('backup, verify, restore into a new data folder, then audit verify passes; a second restore needs --force', () => {
    const file = path.join(tmp, 'nightly.wbk');
    const b = wenze('backup', file, '--data', path.join(tmp, 'source'));
    expect(b.out).toContain('backup written');
    expect(b.code).toBe(0);
    expect(wenze('backup', 'verify', file).code).toBe(0);

    const target = path.join(tmp, 'target');
    const r = wenze('restore', file, '--data', target);
    expect(r.out).toContain('audit chain intact');
    expect(r.code).toBe(0);
    const v = wenze('audit', 'verify', '--json', '--data', target);
    expect(v.code).toBe(0);
    // every audit record of the source, chain intact
    const source = JSON.parse(wenze('audit', 'verify', '--json', '--data', path.join(tmp, 'source')).out.trim().split('\n').pop()!) as { records: number };
    expect(source.records).toBeGreaterThanOrEqual(4);
    expect(JSON.parse(v.out.trim().split('\n').pop()!)).toMatchObject({ ok: true, records: source.records });
    expect(fs.readdirSync(path.join(target, 'files'))).not.toHaveLength(0);

    const again = wenze('restore', file, '--data', target);
    expect(again.code).toBe(2);
    expect(again.out).toContain('PRECONDITION_FAILED');
    expect(wenze('restore', file, '--force', '--data', target).code).toBe(0);
  });

  it('a truncated backup is refused with BACKUP_INVALID, exit code 2, and no data folder is created', () => {
    const file = path.join(tmp, 'whole.wbk');
    expect(wenze('backup', file, '--data', path.join(tmp, 'source')).code).toBe(0);
    const cut = path.join(tmp, 'cut.wbk');
    fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, 300));
    const target = path.join(tmp, 'never');
    const r = wenze('restore', cut, '--data', target);
    expect(r.code).toBe(2);
    expect(r.out).toContain('BACKUP_INVALID');
    expect(fs.existsSync(target)).toBe(false);
  });

  it('数据备份恢复: an unsigned backup is refused by verify and restore (BACKUP_UNSIGNED, exit 2) unless --allow-unsigned; a key inside --data is refused', () => {
    const source = path.join(tmp, 'source');
    const file = path.join(tmp, 'unsigned.wbk');
    const w = wenze('backup', file, '--data', source, '--key', path.join(tmp, 'no-such-key.pem'), '--allow-unsigned');
    expect(w.code).toBe(0);
    expect(w.out).toContain('NOT signed');
    const v = wenze('backup', 'verify', file);
    expect([v.code, v.out.includes('BACKUP_UNSIGNED')]).toEqual([2, true]);
    const target = path.join(tmp, 'unsigned-target');
    const r = wenze('restore', file, '--data', target);
    expect([r.code, r.out.includes('BACKUP_UNSIGNED')]).toEqual([2, true]);
    expect(fs.existsSync(target)).toBe(false);
    const allowed = wenze('backup', 'verify', file, '--allow-unsigned');
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain('--allow-unsigned');
    // without a key and without --allow-unsigned, no backup is written
    const none = wenze('backup', path.join(tmp, 'x.wbk'), '--data', source, '--key', path.join(tmp, 'no-such-key.pem'));
    expect([none.code, none.out.includes('BACKUP_KEY')]).toEqual([2, true]);
    const inside = wenze('backup', 'keygen', '--data', source, '--key', path.join(source, 'k.pem'));
    expect([inside.code, inside.out.includes('BACKUP_KEY')]).toEqual([2, true]);
  }, 180_000);

  it('数据备份恢复: key rotate --sm2 — a backup signed before still verifies, the new one is SM2', () => {
    const source = path.join(tmp, 'source');
    const before = path.join(tmp, 'before.wbk');
    expect(wenze('backup', before, '--data', source).code).toBe(0);
    const rot = wenze('backup', 'key', 'rotate', '--sm2');
    expect(rot.code).toBe(0);
    const after = path.join(tmp, 'after.wbk');
    expect(wenze('backup', after, '--data', source).code).toBe(0);
    const v1 = wenze('backup', 'verify', before);
    expect(v1.code).toBe(0);
    expect(v1.out).toContain('signature valid: ed25519');
    const v2 = wenze('backup', 'verify', after);
    expect(v2.code).toBe(0);
    expect(v2.out).toContain('signature valid: sm2');
  }, 180_000);

  it('数据完整性 / 数据备份恢复 (国密): `wenze hardening set security.guomi true` — new audit records are SM3, and a backup signed with an Ed25519 key is refused (SM2 only)', () => {
    const source = path.join(tmp, 'source');
    expect(wenze('hardening', 'set', 'security.guomi', 'true', '--data', source).code).toBe(0);
    const v = wenze('audit', 'verify', '--json', '--data', source);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.out.trim().split('\n').pop()!)).toMatchObject({ ok: true, algorithms: { sm3: 1 } });
    const edKey = path.join(tmp, 'keys2', 'ed.pem');
    expect(wenze('backup', 'keygen', '--key', edKey, '--trusted-keys', path.join(tmp, 'keys2', 't.json')).code).toBe(0);
    const refused = wenze('backup', path.join(tmp, 'gm-ed.wbk'), '--data', source, '--key', edKey);
    expect([refused.code, refused.out.includes('BACKUP_KEY')]).toEqual([2, true]);
    // the default key was rotated to SM2 above
    expect(wenze('backup', path.join(tmp, 'gm-sm2.wbk'), '--data', source).code).toBe(0);
  }, 180_000);
});
