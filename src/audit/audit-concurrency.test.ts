// Two app processes sharing one database must never interleave the hash chain.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { inTransaction } from '../db/tx';
import { PG_URL } from '../../test/db';
import { appendAudit } from './audit-writer';
import { verifyAuditChain } from './audit-verify';

async function hammer(db: Db, who: string, n: number): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      inTransaction(db, (tx) => appendAudit(tx, { actorId: who, action: 'w', entityType: 't', entityId: `${who}${i}`, at: new Date().toISOString() })),
    ),
  );
}

describe('audit chain under two writers sharing one database', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  // better-sqlite3 is synchronous: two handles in one process would block each other's event
  // loop while waiting for the lock, so the two writers are real processes, as in production.
  it('SQLite: two processes on one file (WAL, BEGIN IMMEDIATE) keep one intact chain', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-conc-'));
    const a = await openDatabase({ dataDir: dir });
    await migrateToLatest(a);
    cleanups.push(async () => {
      await a.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const script = path.resolve(__dirname, '../../test/fixtures/append-audit-proc.ts');
    const runProc = (who: string) =>
      new Promise<number | null>((resolve) => {
        const p = spawn(process.execPath, ['--import', 'tsx', script, dir, who, '60'], { stdio: 'inherit' });
        p.on('exit', resolve);
      });
    expect(await Promise.all([runProc('a'), runProc('b')])).toEqual([0, 0]);
    const r = await verifyAuditChain(a);
    expect(r).toMatchObject({ ok: true, records: 120 });
    const actors = await a.kysely.selectFrom('audit_log').select('actor_id').execute();
    expect(actors.filter((r) => r.actor_id === 'a')).toHaveLength(60);
  });

  it.skipIf(!PG_URL)('PostgreSQL: two pools on one schema keep one intact chain', async () => {
    const schema = `t_conc_${randomBytes(4).toString('hex')}`;
    const a = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 5 });
    await migrateToLatest(a);
    const b = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 5 });
    cleanups.push(async () => {
      await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(a.kysely);
      await a.close();
      await b.close();
    });
    await Promise.all([hammer(a, 'a', 40), hammer(b, 'b', 40)]);
    expect(await verifyAuditChain(b)).toMatchObject({ ok: true, records: 80 });
  });
});
