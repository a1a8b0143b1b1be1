// Data for backup/restore tests: accounts, a session, a setting, a stored file with its blob,
// audited writes, and a table "another area added" (a tree with a self-reference, binary,
// Chinese text, nulls, big integers) created the same way on both engines.
import { makePerson } from './registers';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { appendAudit } from '../../src/audit/audit-writer';
import { openDatabase, type Db, type DialectName } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { closeTestDb, openTestDb, PG_URL } from '../db';
import { inTransaction } from '../../src/db/tx';
import type { FileStore } from '../../src/files/file-store';
import { createUserAsSystem, hashPassword } from '../../src/services/auth-service';
import type { Deps } from '../../src/services/context';
import { nowIso } from '../../src/services/context';

export const EXTRA_TABLE = 'ops_test_tree';
const PASSWORD = 'Correct horse battery 9';
let cachedHash: Promise<string> | undefined;

/** A table no backup code knows about, as another area's migration would add it. */
export async function createExtraTable(db: Db): Promise<void> {
  const blob = db.dialect === 'postgres' ? 'bytea' : 'blob';
  await sql
    .raw(
      `CREATE TABLE ${EXTRA_TABLE} (
        id text PRIMARY KEY,
        parent_id text REFERENCES ${EXTRA_TABLE}(id),
        label text NOT NULL,
        n bigint,
        amount_fen integer,
        data ${blob}
      )`,
    )
    .execute(db.kysely);
}

export interface OpsFixture {
  blobs: Buffer[];
  userIds: string[];
}

/**
 * Fills a migrated database (with the extra table) through audited writes. `users: false` leaves
 * out the accounts and their session: a schema of an earlier release cannot take accounts made by
 * today's services (e.g. before 0350 there is no membership table).
 */
export async function seedOpsFixture(deps: Deps, label = 'A', opts: { tree?: boolean; users?: boolean } = {}): Promise<OpsFixture> {
  cachedHash ??= hashPassword(PASSWORD);
  const hash = await cachedHash;
  const userIds: string[] = [];
  for (const [username, name] of opts.users === false ? [] : [
    [`fazhike${label}`, '李明'],
    [`leader${label}`, '王建国'],
  ] as const) {
    // a casework account is linked to its holder (FL-5(1))
    const person = await makePerson(deps, { name });
    const u = await createUserAsSystem(deps, { username, displayName: name, password: PASSWORD, roles: ['clerk'], personId: person.id }, hash);
    userIds.push(u.id);
  }
  const blobs = [Buffer.from(`调查笔录 ${label}：当事人陈述……`), Buffer.concat([Buffer.from(label), Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256))])];
  const now = nowIso(deps);
  await inTransaction(deps.db, async (tx) => {
    for (const [i, b] of blobs.entries()) {
      const { sha256, size } = await deps.files.put(b);
      await tx.insertInto('stored_files').values({ sha256, size, mime_type: 'application/octet-stream', original_name: `证据${i}.bin`, created_at: now }).execute();
      await appendAudit(tx, { actorId: 'system', action: 'file.store', entityType: 'stored_file', entityId: sha256, after: { size }, at: now });
    }
    await tx.insertInto('settings').values({ key: `demo.label.${label}`, value: JSON.stringify({ 单位: '法制科', n: 1 }), updated_at: now }).execute();
    if (userIds[0]) await tx.insertInto('sessions').values({ token_hash: createHash('sha256').update(`session ${label}`).digest('hex'), user_id: userIds[0]!, created_at: now, expires_at: now, last_seen_at: now }).execute();
    // Children whose ids sort before their parents: a restore must still insert parents first.
    const tree = [
      { id: `z-root-${label}`, parent_id: null, label: '巴南区住房城乡建委', n: 2 ** 40, amount_fen: 0, data: null },
      { id: `m-child-${label}`, parent_id: `z-root-${label}`, label: '法制科', n: null, amount_fen: 123456, data: Buffer.from([0, 1, 2, 255]) },
      { id: `a-grandchild-${label}`, parent_id: `m-child-${label}`, label: "引号 ' \" 与换行\n测试", n: -7, amount_fen: null, data: Buffer.alloc(0) },
    ];
    for (const r of opts.tree === false ? [] : tree) {
      await sql`INSERT INTO ${sql.table(EXTRA_TABLE)} (id, parent_id, label, n, amount_fen, data) VALUES (${r.id}, ${r.parent_id}, ${r.label}, ${r.n}, ${r.amount_fen}, ${r.data})`.execute(tx);
      await appendAudit(tx, { actorId: 'system', action: 'tree.create', entityType: EXTRA_TABLE, entityId: r.id, after: { label: r.label }, at: now });
    }
  });
  return { blobs, userIds };
}

export async function blobsPresent(files: FileStore, blobs: Buffer[]): Promise<boolean> {
  const { sha256Hex } = await import('../../src/files/file-store');
  for (const b of blobs) if (!(await files.has(sha256Hex(b)))) return false;
  return true;
}

const pgSchemas = new Map<Db, string>();

/**
 * test/db.ts openTestDb, except that on PostgreSQL Kysely's bookkeeping tables are created in
 * the new schema first: Kysely's Migrator (src/db/migrate.ts passes no migrationTableSchema)
 * looks for them in every schema, so while another test schema exists (a parallel test file,
 * or a second database in the same test) it skips creating ours and migrating fails.
 */
export async function openOpsTestDb(engine: DialectName): Promise<Db> {
  if (engine === 'sqlite') return openTestDb(engine);
  const schema = `t_ops_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 4 });
  await sql.raw(`CREATE TABLE ${schema}.kysely_migration (name varchar(255) PRIMARY KEY, timestamp varchar(255) NOT NULL)`).execute(db.kysely);
  await sql.raw(`CREATE TABLE ${schema}.kysely_migration_lock (id varchar(255) PRIMARY KEY, is_locked integer NOT NULL DEFAULT 0)`).execute(db.kysely);
  await migrateToLatest(db);
  pgSchemas.set(db, schema);
  return db;
}

export async function closeOpsTestDb(db: Db): Promise<void> {
  const schema = pgSchemas.get(db);
  if (!schema) return closeTestDb(db);
  pgSchemas.delete(db);
  await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
  await db.close();
}
