// 等保2.0 数据备份恢复: backups are signed (Ed25519 by default, SM2 with the 国密 option) with a key
// kept outside the data folder; verify and restore refuse an unsigned or wrongly signed file
// unless --allow-unsigned is given; the signature covers the manifest, which covers every
// checksum, so a file edited and its checksums recomputed is refused.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/db';
import { closeOpsTestDb, openOpsTestDb, seedOpsFixture } from '../../test/factories/ops';
import type { Db, DialectName } from '../db/database';
import { MemoryFileStore } from '../files/file-store';
import { FixedClock } from '../lib/clock';
import type { Deps } from '../services/context';
import { createBackup } from './backup';
import type { BackupManifest } from './backup-format';
import { emptyTrust, generateSigningKey, keygen, readSigningKey, readTrustedKeys, rotateKey, trustKey, type SigningKey } from './backup-signing';
import { restoreBackup, signatureStatusOf, verifyBackup } from './restore';

const clock = new FixedClock('2026-11-29T02:00:00.000Z');
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-signing-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const open: Db[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await closeOpsTestDb(db);
});
let n = 0;
const file = (name: string): string => path.join(tmp, `${++n}-${name}.wbk`);
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

async function freshDeps(engine: DialectName): Promise<Deps> {
  const db = await openOpsTestDb(engine);
  open.push(db);
  return { db, clock, files: new MemoryFileStore() };
}

/** Reads a backup as its manifest and body lines. */
function readLines(f: string): { manifest: BackupManifest; body: string[] } {
  const lines = zlib.gunzipSync(fs.readFileSync(f)).toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return { manifest: JSON.parse(lines[0]!) as BackupManifest, body: lines.slice(1) };
}
function writeLines(f: string, manifest: BackupManifest, body: string[]): void {
  fs.writeFileSync(f, Buffer.concat([zlib.gzipSync(JSON.stringify(manifest) + '\n'), zlib.gzipSync(body.map((l) => l + '\n').join(''))]));
}

/** The forger's edit: a user's name changed, the table's and the body's checksums recomputed to match. */
function forge(src: string, dst: string): void {
  const { manifest, body } = readLines(src);
  const start = body.findIndex((l) => l.startsWith('{"t":"table","name":"users"'));
  let end = start + 1;
  while (end < body.length && !body[end]!.startsWith('{"t":')) end++;
  for (let i = start + 1; i < end; i++) body[i] = body[i]!.replace('王建国', '王建军');
  const t = manifest.tables.find((x) => x.name === 'users')!;
  t.sha256 = sha(body.slice(start + 1, end).reduce((acc, l) => acc + l + '\n', JSON.stringify(t.columns) + '\n'));
  manifest.bodySha256 = sha(body.map((l) => l + '\n').join(''));
  writeLines(dst, manifest, body);
}

describe.each(engines)('等保2.0 数据备份恢复: signed backups (%s)', (engine) => {
  let ed: SigningKey;
  let sm: SigningKey;
  beforeAll(() => {
    ed = generateSigningKey('ed25519');
    sm = generateSigningKey('sm2');
  });
  const trust = (...keys: SigningKey[]) => ({ trusted: keys.reduce((t, k) => trustKey(t, k, '2026-11-29T00:00:00Z'), emptyTrust()) });

  it('数据备份恢复: a forged backup (a row edited, checksums recomputed) passes the checksums but is refused by its signature, and nothing is restored', async () => {
    const src = await freshDeps(engine);
    await seedOpsFixture(src, 'A', { tree: false });
    const good = file('good');
    await createBackup(src, good, { sign: ed });
    const bad = file('forged');
    forge(good, bad);
    // The checksums alone no longer catch it: with signatures waived, the forgery would pass.
    await expect(verifyBackup(bad, { trusted: emptyTrust(), allowUnsigned: true })).resolves.toMatchObject({ t: 'manifest' });
    await expect(verifyBackup(bad, trust(ed))).rejects.toMatchObject({ code: 'BACKUP_SIGNATURE_INVALID' });
    const target = await freshDeps(engine);
    await expect(restoreBackup(target, bad, { signature: trust(ed) })).rejects.toMatchObject({ code: 'BACKUP_SIGNATURE_INVALID' });
    expect(await target.db.kysely.selectFrom('users').selectAll().execute()).toHaveLength(0);
    // the genuine file verifies and restores
    expect(signatureStatusOf(await verifyBackup(good, trust(ed)))).toMatchObject({ status: 'valid', alg: 'ed25519', keyId: ed.keyId });
    expect((await restoreBackup(target, good, { signature: trust(ed) })).audit.ok).toBe(true);
  });

  it('数据备份恢复: an unsigned backup — or a signed one with its signature stripped — is refused with BACKUP_UNSIGNED unless unsigned is explicitly allowed', async () => {
    const src = await freshDeps(engine);
    await seedOpsFixture(src, 'A', { tree: false });
    const unsigned = file('unsigned');
    await createBackup(src, unsigned);
    await expect(verifyBackup(unsigned, trust(ed))).rejects.toMatchObject({ code: 'BACKUP_UNSIGNED' });
    await expect(verifyBackup(unsigned)).rejects.toMatchObject({ code: 'BACKUP_UNSIGNED' });
    const target = await freshDeps(engine);
    await expect(restoreBackup(target, unsigned)).rejects.toMatchObject({ code: 'BACKUP_UNSIGNED' });
    expect(await target.db.kysely.selectFrom('users').selectAll().execute()).toHaveLength(0);
    expect(signatureStatusOf(await verifyBackup(unsigned, { ...trust(ed), allowUnsigned: true }))).toMatchObject({ status: 'unsigned', allowed: true });

    const signed = file('signed');
    await createBackup(src, signed, { sign: ed });
    const { manifest, body } = readLines(signed);
    delete manifest.signature;
    const stripped = file('stripped');
    writeLines(stripped, manifest, body);
    await expect(verifyBackup(stripped, trust(ed))).rejects.toMatchObject({ code: 'BACKUP_UNSIGNED' });
  });

  it('数据备份恢复: an SM2-signed backup (国密) verifies with the trusted SM2 public key; a key that is not trusted is refused', async () => {
    const src = await freshDeps(engine);
    await seedOpsFixture(src, 'A', { tree: false });
    const f = file('sm2');
    const b = await createBackup(src, f, { sign: sm });
    expect(b.manifest.signature).toMatchObject({ alg: 'sm2', keyId: sm.keyId });
    expect(signatureStatusOf(await verifyBackup(f, trust(sm)))).toMatchObject({ status: 'valid', alg: 'sm2' });
    await expect(verifyBackup(f, trust(ed, generateSigningKey('sm2')))).rejects.toMatchObject({ code: 'BACKUP_SIGNATURE_INVALID' });
    const forged = file('sm2-forged');
    forge(f, forged);
    await expect(verifyBackup(forged, trust(sm))).rejects.toMatchObject({ code: 'BACKUP_SIGNATURE_INVALID' });
  });

  it('数据备份恢复: key rotation keeps older backups verifiable (the old public key stays trusted, retired)', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'keys-'));
    const keyPath = path.join(dir, 'backup-signing.pem');
    const trustPath = path.join(dir, 'trusted.json');
    const k1 = keygen({ alg: 'ed25519', keyPath, trustPath, now: '2026-01-01T00:00:00Z' });
    expect(fs.statSync(keyPath).mode & 0o077).toBe(0);
    const src = await freshDeps(engine);
    await seedOpsFixture(src, 'A', { tree: false });
    const old = file('before-rotation');
    await createBackup(src, old, { sign: readSigningKey(keyPath) });
    const { next } = rotateKey({ alg: 'sm2', keyPath, trustPath, now: '2026-06-01T00:00:00Z' });
    expect(readSigningKey(keyPath).keyId).toBe(next.keyId);
    const newer = file('after-rotation');
    await createBackup(src, newer, { sign: readSigningKey(keyPath) });
    const policy = { trusted: readTrustedKeys(trustPath) };
    expect(policy.trusted.keys.map((k) => [k.keyId, k.retiredAt])).toEqual([
      [k1.keyId, '2026-06-01T00:00:00Z'],
      [next.keyId, null],
    ]);
    expect(signatureStatusOf(await verifyBackup(old, policy))).toMatchObject({ status: 'valid', keyId: k1.keyId, retired: true });
    expect(signatureStatusOf(await verifyBackup(newer, policy))).toMatchObject({ status: 'valid', keyId: next.keyId, alg: 'sm2', retired: false });
    // keygen does not silently replace a key (that is rotation)
    expect(() => keygen({ alg: 'ed25519', keyPath, trustPath, now: '2026-07-01T00:00:00Z' })).toThrow(expect.objectContaining({ code: 'BACKUP_KEY' }));
  });
});

describe('等保2.0 数据备份恢复: the signing key stays outside the data folder', () => {
  it('数据备份恢复: keygen refuses a key or trusted-keys path inside --data', () => {
    const data = fs.mkdtempSync(path.join(tmp, 'data-'));
    for (const [keyPath, trustPath] of [
      [path.join(data, 'k.pem'), path.join(tmp, 'ok.json')],
      [path.join(tmp, 'ok.pem'), path.join(data, 'sub', 't.json')],
    ] as const) {
      expect(() => keygen({ alg: 'ed25519', keyPath, trustPath, dataDir: data, now: '2026-01-01T00:00:00Z' })).toThrow(expect.objectContaining({ code: 'BACKUP_KEY' }));
      expect(fs.existsSync(keyPath)).toBe(false);
    }
  });
});
