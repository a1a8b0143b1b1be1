// Notification outbox benchmark (`npm run bench -- notify`, issue 12): events per second
// written (notify() inside its own transaction, as a change would: the in-app notification and
// one e-mail row in the outbox) and delivered (outbox workers claiming with leases and sending
// through SMTP to a local smtp-server on 127.0.0.1), on SQLite (a file, WAL, synchronous=FULL)
// and on PostgreSQL when DATABASE_URL or TEST_DATABASE_URL is set (a fresh schema, dropped
// after; two workers on two connection pools, as two app servers). Every delivered message is
// checked: exactly the events written, each once (by Message-ID).
//   BENCH_EVENTS (default 1000), BENCH_WORKERS (default 2), BENCH_BATCH (default 20)
// The last line printed is one JSON object with the figures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type Db, type DialectName } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { inTransaction } from '../src/db/tx';
import { systemClock } from '../src/lib/clock';
import { createUserAsSystem, hashPassword } from '../src/services/auth-service';
import { MemoryFileStore } from '../src/files/file-store';
import { notify } from '../src/services/notify/notify';
import { OutboxWorker } from '../src/services/notify/worker';
import { startSmtpSink } from '../test/factories/mail';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const BATCH = Number(process.env.BENCH_BATCH ?? 20);
const USERS = 20;
const PG_URL = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;

const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;

async function openBenchDb(engine: DialectName, dir: string): Promise<{ db: Db; extra: () => Promise<Db>; cleanup: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const db = await openDatabase({ dataDir: dir, fileName: 'bench.db' });
    await migrateToLatest(db);
    console.log(`  SQLite ${db.file}`);
    return { db, extra: async () => db, cleanup: async () => db.close() };
  }
  const schema = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const db = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema });
  await sql.raw(`CREATE TABLE ${schema}.kysely_migration (name varchar(255) PRIMARY KEY, timestamp varchar(255) NOT NULL)`).execute(db.kysely);
  await sql.raw(`CREATE TABLE ${schema}.kysely_migration_lock (id varchar(255) PRIMARY KEY, is_locked integer NOT NULL DEFAULT 0)`).execute(db.kysely);
  await migrateToLatest(db);
  console.log(`  PostgreSQL schema ${schema}`);
  const pools: Db[] = [];
  return {
    db,
    extra: async () => {
      const p = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema });
      pools.push(p);
      return p;
    },
    cleanup: async () => {
      for (const p of pools) await p.close();
      await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
      await db.close();
    },
  };
}

async function benchEngine(engine: DialectName): Promise<Record<string, unknown>> {
  console.log(`\n[${engine}]`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-bench-notify-'));
  const { db, extra, cleanup } = await openBenchDb(engine, dir);
  const smtp = await startSmtpSink();
  try {
    const deps = { db, clock: systemClock, files: new MemoryFileStore() };
    const hash = await hashPassword('Bench password 9 long enough');
    const userIds: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const u = await createUserAsSystem(deps, { username: `bench${i}`, displayName: `用户${i}`, password: 'Bench password 9 long enough', roles: ['clerk'], personId: null }, hash);
      userIds.push(u.id);
      await db.kysely.insertInto('notification_prefs').values({ user_id: u.id, email: `bench${i}@wenze.test`, email_enabled: 1, webhook_url: null, webhook_enabled: 0, muted_kinds: '[]', updated_at: new Date().toISOString() }).execute();
    }
    // written: one event per transaction
    const t0 = performance.now();
    for (let i = 0; i < EVENTS; i++) {
      await inTransaction(db, (tx) =>
        notify(tx, { kind: 'alert', level: 'info', userIds: [userIds[i % USERS]!], message: { titleZh: `预警 ${i}`, titleEn: `Alert ${i}`, bodyZh: '基准测试', bodyEn: 'bench', link: null }, at: new Date().toISOString() }),
      );
    }
    const writeS = (performance.now() - t0) / 1000;
    console.log(`  written   ${EVENTS} events in ${round(writeS, 2)} s: ${round(EVENTS / writeS)} events/s`);
    // delivered: WORKERS workers (separate pools on PostgreSQL), SMTP connections pooled
    const smtpOpts = { host: '127.0.0.1', port: Number(new URL(smtp.url).port), secure: false, ignoreTLS: true, pool: true, maxConnections: 2 };
    const workers: OutboxWorker[] = [];
    for (let i = 0; i < WORKERS; i++) workers.push(new OutboxWorker({ db: i === 0 ? db : await extra(), clock: systemClock }, { smtp: smtpOpts, batchSize: BATCH, owner: `bench-${i}` }));
    const t1 = performance.now();
    const counts = await Promise.all(workers.map((w) => w.drain()));
    const sendS = (performance.now() - t1) / 1000;
    for (const w of workers) await w.stop();
    const delivered = counts.reduce((a, b) => a + b, 0);
    const unique = new Set(smtp.mails.map((m) => m.messageId)).size;
    console.log(`  delivered ${delivered} e-mails in ${round(sendS, 2)} s by ${WORKERS} worker(s) ${JSON.stringify(counts)}: ${round(delivered / sendS)} messages/s; received ${smtp.mails.length}, unique ${unique}`);
    if (delivered !== EVENTS || smtp.mails.length !== EVENTS || unique !== EVENTS) throw new Error(`delivery mismatch: written ${EVENTS}, delivered ${delivered}, received ${smtp.mails.length}, unique ${unique}`);
    return { engine, events: EVENTS, workers: WORKERS, perWorker: counts, writtenPerSecond: round(EVENTS / writeS), deliveredPerSecond: round(delivered / sendS), exactlyOnce: true };
  } finally {
    await smtp.close();
    await cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<string, unknown>[] = [];
results.push(await benchEngine('sqlite'));
if (PG_URL) results.push(await benchEngine('postgres'));
else console.log('\n(PostgreSQL skipped: set DATABASE_URL or TEST_DATABASE_URL)');
console.log(JSON.stringify({ bench: 'notify', results }));
