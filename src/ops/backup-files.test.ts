// Shared files (issue 11 part 5): backup and restore carry the file contents on every store —
// the database store (PostgreSQL), the data folder — and across them: a backup lists each
// recorded file once as a blob (never the store's chunk rows), a restore puts every blob into
// the target's store, and a file missing from the store aborts the backup.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL } from '../../test/db';
import { closeOpsTestDb, openOpsTestDb, seedOpsFixture } from '../../test/factories/ops';
import type { Db } from '../db/database';
import { DatabaseFileStore, CHUNK_BYTES } from '../files/database-store';
import { LocalFileStore, MemoryFileStore, sha256Hex, type FileStore } from '../files/file-store';
import { Migrator, sql, type Kysely } from 'kysely';
import { GENESIS_HASH, hashRecord } from '../audit/audit-writer';
import type { AuditLogTable } from '../db/tables/core';
import { migrations } from '../db/migrations/index';
import { FixedClock } from '../lib/clock';
import type { Deps } from '../services/context';
import { createBackup } from './backup';
import { restoreBackup } from './restore';
import { emptyTrust, generateSigningKey, trustKey } from './backup-signing';
import { FILE_STORE_TABLES } from './db-catalog';

const clock = new FixedClock('2026-12-01T02:00:00.000Z');
const KEY = generateSigningKey('ed25519');
const TRUST = { trusted: trustKey(emptyTrust(), KEY, '2026-11-30T00:00:00Z') };

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-backup-files-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const dbs: Db[] = [];
const stores: DatabaseFileStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const db of dbs.splice(0)) await closeOpsTestDb(db);
});

async function depsOn(engine: 'sqlite' | 'postgres'): Promise<Deps> {
  const db = await openOpsTestDb(engine);
  dbs.push(db);
  let files: FileStore;
  if (engine === 'postgres') {
    const s = new DatabaseFileStore(db);
    stores.push(s);
    files = s;
  } else files = new LocalFileStore(fs.mkdtempSync(path.join(tmp, 'files-')));
  return { db, clock, files };
}

/** A recorded file larger than a backup part (1 MiB) and than a store chunk. */
async function storeLarge(deps: Deps, content: Buffer): Promise<void> {
  const { sha256, size } = await deps.files.put(content);
  await deps.db.kysely.insertInto('stored_files').values({ sha256, size, mime_type: 'application/pdf', original_name: '卷宗扫描件.pdf', created_at: '2026-12-01T02:00:00.000Z' }).execute();
}

async function sameBytes(files: FileStore, blobs: Buffer[]): Promise<boolean> {
  for (const b of blobs) {
    const got = await files.get(sha256Hex(b));
    if (!got || !got.equals(b)) return false;
  }
  return true;
}

describe.skipIf(!PG_URL)('Shared files: backup and restore carry the blobs on every store', () => {
  it('Shared files: a backup of the database store carries each file as a blob (not its chunk rows); restore puts them into the database store and into the data folder (SQLite), and back', async () => {
    const src = await depsOn('postgres');
    const { blobs } = await seedOpsFixture(src, 'A', { tree: false });
    const large = randomBytes(2 * 1024 * 1024 + 777);
    await storeLarge(src, large);
    const all = [...blobs, large];
    expect(Number((await src.db.kysely.selectFrom('file_chunks').select(({ fn }) => fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(2 + Math.ceil(large.length / CHUNK_BYTES));

    const f1 = path.join(tmp, 'pg-database-store.wzbak');
    const b1 = await createBackup(src, f1, { sign: KEY });
    expect(b1.manifest.blobs.map((b) => b.sha256).sort()).toEqual(all.map((b) => sha256Hex(b)).sort());
    expect(b1.manifest.tables.map((t) => t.name).filter((n) => FILE_STORE_TABLES.includes(n))).toEqual([]);
    expect(b1.manifest.excluded.tables).toEqual(expect.arrayContaining(FILE_STORE_TABLES));

    // PostgreSQL → PostgreSQL, database store to database store
    const pg2 = await depsOn('postgres');
    const r2 = await restoreBackup(pg2, f1, { signature: TRUST });
    expect([r2.blobs, r2.audit.ok]).toEqual([3, true]);
    expect(await sameBytes(pg2.files, all)).toBe(true);

    // PostgreSQL → SQLite: into the data folder
    const lite = await depsOn('sqlite');
    expect((await restoreBackup(lite, f1, { signature: TRUST })).audit.ok).toBe(true);
    expect(await sameBytes(lite.files, all)).toBe(true);

    // SQLite (folder) → PostgreSQL (database store) that already holds data: --force replaces the
    // rows while the blobs go in through the store's own connections (its tables are not locked)
    const extra = Buffer.from('仅在 SQLite 中登记的文件');
    await storeLarge(lite, extra);
    const f2 = path.join(tmp, 'sqlite-folder.wzbak');
    await createBackup(lite, f2, { sign: KEY });
    const r3 = await restoreBackup(pg2, f2, { signature: TRUST, force: true });
    expect([r3.blobs, r3.audit.ok]).toEqual([4, true]);
    expect(await sameBytes(pg2.files, [...all, extra])).toBe(true);
    expect(await pg2.db.kysely.selectFrom('stored_files').select('sha256').where('sha256', '=', sha256Hex(extra)).executeTakeFirst()).toBeDefined();
  });

  it('Shared files: a backup made before the database store existed restores into it (its files are put in once its tables are there)', async () => {
    // the source: a SQLite installation at the schema before migration 0160, files in memory
    const old = await openOpsTestDb('sqlite');
    dbs.push(old);
    const { error } = await new Migrator({ db: old.kysely as unknown as Kysely<unknown>, provider: { getMigrations: async () => migrations } }).migrateTo('0150-organisations');
    expect(error).toBeUndefined();
    const src: Deps = { db: old, clock, files: new MemoryFileStore() };
    // This release's audit writer records each entry's organisation (0510), a column the schema of
    // 0150 lacks: the seeding writes with the two columns added, then the trail is put back as the
    // release of 0150 left it — every record hashed without an organisation, the columns gone.
    await sql`ALTER TABLE audit_log ADD COLUMN org_id TEXT`.execute(old.kysely);
    await sql`ALTER TABLE audit_log ADD COLUMN org_in_hash INTEGER NOT NULL DEFAULT 0`.execute(old.kysely);
    const { blobs } = await seedOpsFixture(src, 'A', { tree: false, users: false });
    let prev = GENESIS_HASH;
    for (const r of (await old.kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute()) as AuditLogTable[]) {
      const { hash: _h, ...rest } = r;
      const hash = hashRecord({ ...rest, seq: Number(r.seq), prev_hash: prev, org_id: null, org_in_hash: 0 });
      await sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${hash} WHERE seq = ${r.seq}`.execute(old.kysely);
      prev = hash;
    }
    await sql`UPDATE audit_head SET hash = ${prev} WHERE id = 1`.execute(old.kysely);
    await sql`ALTER TABLE audit_log DROP COLUMN org_in_hash`.execute(old.kysely);
    await sql`ALTER TABLE audit_log DROP COLUMN org_id`.execute(old.kysely);
    const f = path.join(tmp, 'before-0160.wzbak');
    const b = await createBackup(src, f, { sign: KEY });
    expect(b.manifest.migrations).not.toContain('0160-file-store');

    const pg = await depsOn('postgres');
    const r = await restoreBackup(pg, f, { signature: TRUST });
    expect(r.audit.ok).toBe(true);
    expect(r.migratedAfter).toContain('0160-file-store');
    expect(await sameBytes(pg.files, blobs)).toBe(true);
  });

  it('数据完整性: a file whose chunk is missing from the database store aborts the backup and names it', async () => {
    const src = await depsOn('postgres');
    const large = randomBytes(CHUNK_BYTES * 3);
    await storeLarge(src, large);
    await src.db.kysely.deleteFrom('file_chunks').where('owner', '=', sha256Hex(large)).where('idx', '=', 1).execute();
    const f = path.join(tmp, 'broken.wzbak');
    await expect(createBackup(src, f, { sign: KEY })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', details: { missing: [sha256Hex(large)] } });
    expect(fs.existsSync(f)).toBe(false);
  });
});
