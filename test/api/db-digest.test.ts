// The digest the fuzz test relies on must actually notice a change, or "nothing stored changed"
// would pass vacuously.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { createTestApp, type TestApp } from '../app';
import { engines, openSecondPool, openTestDb, closeTestDb, PG_URL } from '../db';
import { changedTables, digestDatabase, dumpDatabase } from './db-digest';

describe.each(engines)('database digest (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('clerk', ['clerk']);
  });
  afterEach(async () => t.close());

  it('covers every table of the schema, and is stable when nothing changes', async () => {
    const tables = (await dumpDatabase(t.deps.db)).map((d) => d.table);
    for (const name of ['users', 'sessions', 'audit_log', 'audit_head', 'cases', 'case_reporters', 'people', 'calendar_years']) expect(tables).toContain(name);
    const a = await digestDatabase(t.deps.db);
    const b = await digestDatabase(t.deps.db);
    expect(b).toEqual(a);
    expect(Object.keys(a.perTable).sort()).toEqual([...tables].sort());
  });

  it('names the table whose row changed, was added or was removed', async () => {
    const before = await digestDatabase(t.deps.db);
    await sql`UPDATE users SET display_name = ${'改过的名字'} WHERE username = ${'clerk'}`.execute(t.deps.db.kysely);
    const afterUpdate = await digestDatabase(t.deps.db);
    expect(changedTables(before, afterUpdate)).toEqual(['users']);
    await sql`DELETE FROM sessions`.execute(t.deps.db.kysely);
    expect(changedTables(afterUpdate, await digestDatabase(t.deps.db))).toEqual(['sessions']);
  });
});

// SQLite reuses the last digest while nothing was written (total_changes() and data_version): a
// write must still be noticed however it was made, or the fuzzers' "nothing changed" would pass
// vacuously.
describe('database digest on SQLite: a write is noticed however it was made', () => {
  it('a write after a rolled-back one, and a write committed by another connection to the same file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-digest-'));
    const db = await openDatabase({ dataDir: dir, fileName: 'd.db' });
    try {
      await migrateToLatest(db);
      await sql`INSERT INTO settings (key, value, updated_at) VALUES ('digest.a', '1', '2026-01-01T00:00:00.000Z')`.execute(db.kysely);
      const first = await digestDatabase(db);
      expect(await digestDatabase(db)).toEqual(first);
      // rolled back: nothing changed, and the digest says so
      db.sqlite!.exec('BEGIN');
      db.sqlite!.exec('DELETE FROM settings');
      db.sqlite!.exec('ROLLBACK');
      expect(changedTables(first, await digestDatabase(db))).toEqual([]);
      // another connection commits a row: seen through data_version
      const other = new Database(path.join(dir, 'd.db'));
      other.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('digest.b', '2', '2026-01-01T00:00:00.000Z');
      other.close();
      const afterOther = await digestDatabase(db);
      expect(changedTables(first, afterOther)).toEqual(['settings']);
      // and this connection's own write
      await sql`DELETE FROM settings WHERE key = ${'digest.b'}`.execute(db.kysely);
      expect(changedTables(afterOther, await digestDatabase(db))).toEqual(['settings']);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// PostgreSQL reuses the last digest while the schema's log of writing transactions has not grown
// (db-digest.ts): a committed write must still be noticed however it was made.
describe.skipIf(!PG_URL)('database digest on PostgreSQL: a committed write is noticed however it was made', () => {
  it('a rolled-back write is no change; a write by another pool, one that was still open while the digest was taken, and a TRUNCATE are', async () => {
    const db = await openTestDb('postgres');
    const other = await openSecondPool(db);
    try {
      await sql`INSERT INTO settings (key, value, updated_at) VALUES ('digest.a', '1', '2026-01-01T00:00:00.000Z')`.execute(db.kysely);
      const first = await digestDatabase(db);
      expect(await digestDatabase(db)).toEqual(first);
      // rolled back: nothing changed, and the digest says so
      await expect(
        db.kysely.transaction().execute(async (tx) => {
          await sql`DELETE FROM settings`.execute(tx);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(changedTables(first, await digestDatabase(db))).toEqual([]);
      // another pool commits a row
      await sql`INSERT INTO settings (key, value, updated_at) VALUES ('digest.b', '2', '2026-01-01T00:00:00.000Z')`.execute(other.kysely);
      const afterOther = await digestDatabase(db);
      expect(changedTables(first, afterOther)).toEqual(['settings']);
      // a transaction that wrote before the digest was taken and commits after it
      const client = await other.pool!.connect();
      let duringOpen: Awaited<ReturnType<typeof digestDatabase>>;
      try {
        await client.query('BEGIN');
        await client.query(`DELETE FROM settings WHERE key = 'digest.b'`);
        duringOpen = await digestDatabase(db);
        expect(changedTables(afterOther, duringOpen)).toEqual([]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      const afterCommit = await digestDatabase(db);
      expect(changedTables(duringOpen, afterCommit)).toEqual(['settings']);
      // TRUNCATE
      await sql`TRUNCATE login_failures`.execute(db.kysely);
      await sql`INSERT INTO settings (key, value, updated_at) VALUES ('digest.c', '3', '2026-01-01T00:00:00.000Z')`.execute(db.kysely);
      const beforeTruncate = await digestDatabase(db);
      await sql`TRUNCATE settings`.execute(other.kysely);
      expect(changedTables(beforeTruncate, await digestDatabase(db))).toEqual(['settings']);
    } finally {
      await other.close();
      await closeTestDb(db);
    }
  });
});
