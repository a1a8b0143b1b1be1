import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines, PG_URL } from '../../test/db';
import { blobsPresent, closeOpsTestDb, createExtraTable, EXTRA_TABLE, openOpsTestDb, seedOpsFixture } from '../../test/factories/ops';
import { verifyAuditChain } from '../audit/audit-verify';
import { openDatabase, type Db, type DialectName } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { MemoryFileStore, LocalFileStore } from '../files/file-store';
import { FixedClock } from '../lib/clock';
import type { Deps } from '../services/context';
import { createBackup } from './backup';
import { encodeValue, type BackupManifest, type Value } from './backup-format';
import { restoreBackup, verifyBackup } from './restore';
import { emptyTrust, generateSigningKey, trustKey } from './backup-signing';
import { openSnapshot } from './snapshot';
import { FILE_STORE_TABLES } from './db-catalog';
import { loadDemo } from './demo';

const clock = new FixedClock('2026-11-29T02:00:00.000Z');
// Backups are signed (等保2.0 数据备份恢复); the signature itself is tested in backup-signing.test.ts.
const KEY = generateSigningKey('ed25519');
const TRUST = { trusted: trustKey(emptyTrust(), KEY, '2026-11-29T00:00:00Z') };
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-backup-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const open: Db[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await closeOpsTestDb(db);
});


async function freshDeps(engine: DialectName, extraTable = true): Promise<Deps> {
  const db = await openOpsTestDb(engine);
  open.push(db);
  if (extraTable) await createExtraTable(db);
  return { db, clock, files: new MemoryFileStore() };
}

/** Every table, every row, as column → value objects (from a consistent snapshot). */
async function dump(db: Db): Promise<Record<string, Record<string, Value>[]>> {
  const snap = await openSnapshot(db);
  try {
    const out: Record<string, Record<string, Value>[]> = {};
    for (const t of snap.catalog.tables) {
      const rows: Record<string, Value>[] = [];
      for await (const r of snap.rows(t)) rows.push(Object.fromEntries(t.columns.map((c, i) => [c.name, encodeValue(r[i])])));
      out[t.name] = rows;
    }
    return out;
  } finally {
    await snap.close();
  }
}

let n = 0;
const file = (name: string): string => path.join(tmp, `${++n}-${name}.wbk`);

function rewrite(src: string, dst: string, edit: (lines: string[]) => string[]): void {
  const lines = zlib.gunzipSync(fs.readFileSync(src)).toString('utf8').split('\n');
  fs.writeFileSync(dst, zlib.gzipSync(edit(lines).join('\n')));
}

async function expectInvalid(p: Promise<unknown>): Promise<void> {
  await expect(p).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
}

describe.each(engines)('backup and restore (%s)', (engine) => {
  it('backup → restore into a fresh database gives every table row for row, the blobs, and an intact audit chain', async () => {
    const src = await freshDeps(engine);
    const fx = await seedOpsFixture(src);
    const f = file('full');
    const b = await createBackup(src, f, { sign: KEY });
    expect(b.auditChainOk).toBe(true);
    const m = b.manifest;
    expect(m.sourceEngine).toBe(engine);
    expect(m.migrations).toContain('0001-core');
    expect(m.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['users', 'audit_log', 'stored_files', EXTRA_TABLE]));
    expect(m.tables.find((t) => t.name === EXTRA_TABLE)?.rows).toBe(3);
    expect(m.tables.map((t) => t.name)).not.toContain('kysely_migration');
    expect(m.auditHead.seq).toBe((await verifyAuditChain(src.db)).records);
    expect(m.blobs).toHaveLength(2);

    const dst = await freshDeps(engine);
    const r = await restoreBackup(dst, f, { signature: TRUST });
    expect(r.audit.ok).toBe(true);
    expect(r.audit.records).toBe(m.auditHead.seq);
    expect(await dump(dst.db)).toEqual(await dump(src.db));
    expect(await blobsPresent(dst.files, fx.blobs)).toBe(true);
  });

  it('restore into an unmigrated database brings it to the backup schema, then to the latest', async () => {
    const src = await freshDeps(engine, false);
    await seedOpsFixture(src, 'A', { tree: false });
    const f = file('unmigrated');
    await createBackup(src, f, { sign: KEY });
    // As a brand-new data folder opens: no tables at all, no migrations applied.
    const dst = await freshDeps(engine, false);
    if (engine === 'sqlite') {
      // FTS5 virtual tables (derived search indexes) first; their shadow tables go with them.
      const virtual = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`.execute(dst.db.kysely);
      for (const v of virtual.rows) await sql.raw(`DROP TABLE ${v.name}`).execute(dst.db.kysely);
    }
    // the file store's tables are not in the catalog (file contents travel as blobs): dropped by name
    for (const t of [...(await tableNames(dst.db)).reverse(), ...FILE_STORE_TABLES, 'kysely_migration', 'kysely_migration_lock']) {
      await sql.raw(`DROP TABLE ${t}`).execute(dst.db.kysely);
    }
    const r = await restoreBackup(dst, f, { signature: TRUST });
    expect(r.audit.ok).toBe(true);
    expect(await dump(dst.db)).toEqual(await dump(src.db));
  });

  it('a database that already holds data is refused without --force and left as it was; --force replaces everything', async () => {
    const src = await freshDeps(engine);
    await seedOpsFixture(src, 'A');
    const f = file('force');
    await createBackup(src, f, { sign: KEY });
    const dst = await freshDeps(engine);
    await seedOpsFixture(dst, 'B');
    const before = await dump(dst.db);
    await expect(restoreBackup(dst, f, { signature: TRUST })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await dump(dst.db)).toEqual(before);
    const r = await restoreBackup(dst, f, { force: true, signature: TRUST });
    expect(r.audit.ok).toBe(true);
    const after = await dump(dst.db);
    expect(after).toEqual(await dump(src.db));
    expect(after.users!.map((u) => u.username)).not.toContain('fazhikeB');
  });

  describe('a tampered or damaged backup is refused with BACKUP_INVALID and nothing changes', () => {
    let good: string;
    let target: Deps;
    let before: Awaited<ReturnType<typeof dump>>;
    const check = async (bad: string): Promise<void> => {
      await expectInvalid(verifyBackup(bad));
      // --force, so the refusal comes from verification and not from the non-empty check.
      await expectInvalid(restoreBackup(target, bad, { force: true, signature: TRUST }));
      expect(await dump(target.db)).toEqual(before);
      expect((await verifyAuditChain(target.db)).ok).toBe(true);
    };

    it.each([
      ['a flipped byte', (g: string, b: string) => {
        const buf = fs.readFileSync(g);
        buf[Math.floor(buf.length * 0.6)]! ^= 0x01;
        fs.writeFileSync(b, buf);
      }],
      ['a truncated file', (g: string, b: string) => fs.writeFileSync(b, fs.readFileSync(g).subarray(0, Math.floor(fs.statSync(g).size * 0.7)))],
      ['an edited row', (g: string, b: string) => rewrite(g, b, (ls) => ls.map((l) => l.replace('王建国', '王建军')))],
      ['a dropped row', (g: string, b: string) => rewrite(g, b, (ls) => ls.filter((l) => !l.includes('王建国')))],
      ['an edited audit record with the manifest checksums recomputed to match', (g: string, b: string) => rewrite(g, b, (ls) => forgeAuditEdit(ls))],
      ['a dropped blob', (g: string, b: string) => rewrite(g, b, (ls) => dropBlob(ls))],
      ['not a backup at all', (_g: string, b: string) => fs.writeFileSync(b, zlib.gzipSync('{"hello":"world"}\n'))],
    ])('%s', async (_what, tamper) => {
      const src = await freshDeps(engine);
      await seedOpsFixture(src, 'A');
      good = file('good');
      await createBackup(src, good, { sign: KEY });
      target = await freshDeps(engine);
      await seedOpsFixture(target, 'T');
      before = await dump(target.db);
      const bad = file('bad');
      tamper(good, bad);
      await check(bad);
    });
  });
});

describe.skipIf(!PG_URL)('backup and restore across engines', () => {
  it.each([
    ['sqlite', 'postgres'],
    ['postgres', 'sqlite'],
  ] as const)('%s → %s: same rows, intact chain, and a backup of the copy has the same table checksums', async (from, to) => {
    const src = await freshDeps(from);
    const fx = await seedOpsFixture(src);
    const f1 = file(`${from}-out`);
    const b1 = await createBackup(src, f1, { sign: KEY });
    const dst = await freshDeps(to);
    const r = await restoreBackup(dst, f1, { signature: TRUST });
    expect(r.audit.ok).toBe(true);
    expect(await dump(dst.db)).toEqual(await dump(src.db));
    expect(await blobsPresent(dst.files, fx.blobs)).toBe(true);
    const b2 = await createBackup(dst, file(`${to}-again`), { sign: KEY });
    const sums = (m: BackupManifest): [string, string][] => m.tables.map((t) => [t.name, t.sha256]);
    expect(sums(b2.manifest)).toEqual(sums(b1.manifest));
    expect(b2.manifest.bodySha256).toBe(b1.manifest.bodySha256);
  });
});

describe.skipIf(!PG_URL)('backup and restore across engines: the whole demo commission', () => {
  it('every table of every area (registers, cases, calendar, search, audit) moves sqlite → postgres → sqlite unchanged, files included', async () => {
    const src = await freshDeps('sqlite', false);
    await loadDemo(src, { today: '2026-11-29' });
    const f1 = file('demo-sqlite');
    const b1 = await createBackup(src, f1, { sign: KEY });
    expect(b1.manifest.blobs.length).toBeGreaterThan(0);
    const pg = await freshDeps('postgres', false);
    expect((await restoreBackup(pg, f1, { signature: TRUST })).audit.ok).toBe(true);
    expect(await dump(pg.db)).toEqual(await dump(src.db));
    const f2 = file('demo-postgres');
    await createBackup(pg, f2, { sign: KEY });
    const back = await freshDeps('sqlite', false);
    expect((await restoreBackup(back, f2, { signature: TRUST })).audit.ok).toBe(true);
    expect(await dump(back.db)).toEqual(await dump(src.db));
    for (const b of b1.manifest.blobs) expect(await back.files.has(b.sha256)).toBe(true);
  });
});

describe('online backup', () => {
  it('SQLite file: a snapshot does not see writes committed after it was opened', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'online-'));
    const db = await openDatabase({ dataDir: dir });
    await migrateToLatest(db);
    const deps: Deps = { db, clock, files: new LocalFileStore(path.join(dir, 'files')) };
    await createExtraTable(db);
    await seedOpsFixture(deps, 'A');
    const snap = await openSnapshot(db);
    let rows = 0;
    try {
      await seedOpsFixture(deps, 'B'); // the server keeps writing
      const audit = snap.catalog.tables.find((t) => t.name === 'audit_log')!;
      for await (const _ of snap.rows(audit)) rows++;
    } finally {
      await snap.close();
    }
    const all = await db.kysely.selectFrom('audit_log').select('seq').execute();
    expect(rows).toBeLessThan(all.length);
    const b = await createBackup(deps, file('online'), { sign: KEY });
    expect(b.manifest.auditHead.seq).toBe(all.length);
    await db.close();
  });

  it.skipIf(!PG_URL)('PostgreSQL: a snapshot does not see writes committed after it was opened', async () => {
    const src = await freshDeps('postgres');
    await seedOpsFixture(src, 'A');
    const snap = await openSnapshot(src.db);
    let rows = 0;
    try {
      await seedOpsFixture(src, 'B');
      const users = snap.catalog.tables.find((t) => t.name === 'users')!;
      for await (const _ of snap.rows(users)) rows++;
    } finally {
      await snap.close();
    }
    expect(rows).toBe(2);
    expect((await src.db.kysely.selectFrom('users').select('id').execute()).length).toBe(4);
  });
});

// ------------------------------------------------------------------------------ helpers

async function tableNames(db: Db): Promise<string[]> {
  const snap = await openSnapshot(db);
  const names = snap.catalog.tables.map((t) => t.name);
  await snap.close();
  return names;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Edits an audit record and recomputes the table and body checksums, as a careful forger would. */
function forgeAuditEdit(lines: string[]): string[] {
  const manifest = JSON.parse(lines[0]!) as BackupManifest;
  const body = lines.slice(1);
  const start = body.findIndex((l) => l.startsWith('{"t":"table","name":"audit_log"'));
  const i = start + 2; // the second audit record
  const rec = JSON.parse(body[i]!) as Value[];
  body[i] = JSON.stringify(rec.map((v) => (typeof v === 'string' && v.startsWith('{') ? v.replace('}', ',"forged":true}') : v)));
  const audit = manifest.tables.find((t) => t.name === 'audit_log')!;
  let end = start + 1;
  while (end < body.length && !body[end]!.startsWith('{"t":')) end++;
  audit.sha256 = sha(body.slice(start + 1, end).reduce((acc, l) => acc + l + '\n', JSON.stringify(audit.columns) + '\n'));
  const text = body.filter((l, k) => k < body.length - 1 || l !== '');
  manifest.bodySha256 = sha(text.map((l) => l + '\n').join(''));
  return [JSON.stringify(manifest), ...text, ''];
}

function dropBlob(lines: string[]): string[] {
  const k = lines.findIndex((l) => l.startsWith('{"t":"blob"'));
  const parts = (JSON.parse(lines[k]!) as { parts: number }).parts;
  return [...lines.slice(0, k), ...lines.slice(k + 1 + parts)];
}
