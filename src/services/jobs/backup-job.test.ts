// Scheduled backups with retention (issue 14, operations): due at the set China time, once a day,
// by one server of several on one database (the job's lease row), verified before the older ones
// are pruned, recorded in the audit trail and in /metrics; a failure alerts the system
// administrators. A fixed clock throughout: nothing sleeps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines } from '../../../test/db';
import { closeOpsTestDb, openOpsTestDb, seedOpsFixture } from '../../../test/factories/ops';
import { openDatabase, type Db, type DialectName } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { MemoryFileStore, type FileStore } from '../../files/file-store';
import { FixedClock } from '../../lib/clock';
import { emptyTrust, generateSigningKey, trustKey } from '../../ops/backup-signing';
import { verifyBackup } from '../../ops/restore';
import { readJob } from '../../repositories/jobs/jobs-repo';
import { buildApp } from '../../server/app';
import { createUserAsSystem, hashPassword } from '../auth-service';
import type { Deps } from '../context';
import { BACKUP_JOB, dueKey, pruneScheduledBackups, runScheduledBackup, scheduledBackupName, type BackupSchedule } from './backup-job';
import { backupScheduleFromEnv } from './runtime';

const KEY = generateSigningKey('ed25519');
const TRUST = trustKey(emptyTrust(), KEY, '2026-01-01T00:00:00Z');
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-backup-job-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const open: Db[] = [];
const extra: Db[] = [];
afterEach(async () => {
  for (const db of extra.splice(0)) await db.close();
  for (const db of open.splice(0)) await closeOpsTestDb(db);
});

let n = 0;
const folderOf = (): string => path.join(tmp, `f${++n}`);
const schedule = (folder: string, over: Partial<BackupSchedule> = {}): BackupSchedule => ({ folder, at: '02:30', keep: 14, keepDays: null, sign: KEY, allowUnsigned: false, trust: TRUST, ...over });
const wbk = (folder: string): string[] => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.wbk')).sort() : []);

async function world(engine: DialectName, now: string): Promise<{ deps: Deps; clock: FixedClock; sysadmin: string }> {
  const db = await openOpsTestDb(engine);
  open.push(db);
  const clock = new FixedClock(now);
  const deps: Deps = { db, clock, files: new MemoryFileStore() };
  await seedOpsFixture(deps, 'A', { tree: false });
  const admin = await createUserAsSystem(deps, { username: 'sysadmin1', displayName: '系统管理员', password: 'Wenze-test-2026!', roles: ['sysadmin'] }, await hashPassword('Wenze-test-2026!'));
  return { deps, clock, sysadmin: admin.id };
}

describe('scheduled backup: due time and file names (China time)', () => {
  it('the day’s backup is due from the set China time on, keyed by the China date', () => {
    // 2026-12-01T18:29Z is 02:29 on 2 December in China
    expect(dueKey(new Date('2026-12-01T18:29:00Z'), '02:30')).toBeNull();
    expect(dueKey(new Date('2026-12-01T18:30:00Z'), '02:30')).toBe('2026-12-02');
    expect(dueKey(new Date('2026-12-02T15:59:00Z'), '02:30')).toBe('2026-12-02');
    expect(dueKey(new Date('2026-12-02T16:00:00Z'), '02:30')).toBeNull();
    expect(scheduledBackupName(new Date('2026-12-01T18:31:00Z'))).toBe('wenze-20261202-0231.wbk');
  });

  it('settings from the environment: unset folder = off; a bad time, count or days stops the start with a clear message', () => {
    expect(backupScheduleFromEnv({})).toBeNull();
    const base = { BACKUP_DIR: '/var/backups/wenze', BACKUP_ALLOW_UNSIGNED: '1', WENZE_BACKUP_KEY: path.join(tmp, 'no-key.pem') };
    process.env.WENZE_BACKUP_KEY = base.WENZE_BACKUP_KEY;
    try {
      const s = backupScheduleFromEnv({ ...base, BACKUP_AT: '03:15', BACKUP_KEEP: '7', BACKUP_KEEP_DAYS: '30' })!;
      expect(s).toMatchObject({ folder: '/var/backups/wenze', at: '03:15', keep: 7, keepDays: 30, sign: null, allowUnsigned: true });
      expect(() => backupScheduleFromEnv({ ...base, BACKUP_AT: '25:00' })).toThrow(/BACKUP_AT/);
      expect(() => backupScheduleFromEnv({ ...base, BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
      expect(() => backupScheduleFromEnv({ ...base, BACKUP_KEEP_DAYS: 'x' })).toThrow(/BACKUP_KEEP_DAYS/);
      // without a signing key and without BACKUP_ALLOW_UNSIGNED: refused at start
      expect(() => backupScheduleFromEnv({ BACKUP_DIR: '/var/backups/wenze' })).toThrow(/signing key|签名私钥/);
    } finally {
      delete process.env.WENZE_BACKUP_KEY;
    }
  });
});

describe('scheduled backup: retention', () => {
  it('keeps exactly the newest N scheduled backups, and with days also drops the old ones but never the newest; other files untouched', () => {
    const folder = folderOf();
    fs.mkdirSync(folder, { recursive: true });
    const days = ['20261120', '20261125', '20261128', '20261129', '20261130', '20261201', '20261202'];
    for (const d of days) fs.writeFileSync(path.join(folder, `wenze-${d}-0230.wbk`), d);
    for (const other of ['manual-before-upgrade.wbk', 'wenze-20261101-0230.wbk.tmp', 'notes.txt']) fs.writeFileSync(path.join(folder, other), 'x');
    const now = new Date('2026-12-01T18:31:00Z');
    const gone = pruneScheduledBackups(folder, { keep: 5, keepDays: null, now }).map((p) => path.basename(p)).sort();
    expect(gone).toEqual(['wenze-20261120-0230.wbk', 'wenze-20261125-0230.wbk']);
    // by days: made more than 3 days before 2 Dec 02:31 → 28 Nov and 29 Nov 02:30 (older by a minute) go
    const byDays = pruneScheduledBackups(folder, { keep: 5, keepDays: 3, now }).map((p) => path.basename(p));
    expect(byDays).toEqual(['wenze-20261128-0230.wbk', 'wenze-20261129-0230.wbk']);
    expect(fs.readdirSync(folder).sort()).toEqual(['manual-before-upgrade.wbk', 'notes.txt', 'wenze-20261101-0230.wbk.tmp', 'wenze-20261130-0230.wbk', 'wenze-20261201-0230.wbk', 'wenze-20261202-0230.wbk']);
    // the newest is kept even when every backup is older than the days
    expect(pruneScheduledBackups(folder, { keep: 5, keepDays: 1, now: new Date('2027-06-01T00:00:00Z') }).map((p) => path.basename(p))).toEqual(['wenze-20261130-0230.wbk', 'wenze-20261201-0230.wbk']);
    expect(wbk(folder)).toEqual(['manual-before-upgrade.wbk', 'wenze-20261202-0230.wbk']);
  });
});

describe.each(engines)('scheduled backup through the job (%s)', (engine) => {
  it('runs when due, once a day: before the time nothing, then one verified signed backup, audited; the next day the next; retention prunes the old ones', async () => {
    const { deps, clock } = await world(engine, '2026-12-01T18:29:00Z');
    const folder = folderOf();
    fs.mkdirSync(folder, { recursive: true });
    for (const d of ['20261127', '20261128', '20261129', '20261130']) fs.writeFileSync(path.join(folder, `wenze-${d}-0230.wbk`), 'older');
    const s = schedule(folder, { keep: 3 });
    expect(await runScheduledBackup(deps, s, 'server-1')).toEqual({ status: 'not_due' });
    expect(wbk(folder)).toHaveLength(4);

    clock.set('2026-12-01T18:31:00Z');
    const r = await runScheduledBackup(deps, s, 'server-1');
    expect(r.status).toBe('done');
    if (r.status !== 'done') return;
    expect(path.basename(r.file)).toBe('wenze-20261202-0231.wbk');
    expect(r.pruned.map((p) => path.basename(p))).toEqual(['wenze-20261127-0230.wbk', 'wenze-20261128-0230.wbk']);
    expect(wbk(folder)).toEqual(['wenze-20261129-0230.wbk', 'wenze-20261130-0230.wbk', 'wenze-20261202-0231.wbk']);
    const m = await verifyBackup(r.file, { trusted: TRUST });
    expect(m.tables.find((t) => t.name === 'users')!.rows).toBeGreaterThan(0);
    const audit = await deps.db.kysely.selectFrom('audit_log').select(['action', 'entity_id', 'after_json']).where('action', 'like', 'backup.%').execute();
    expect(audit.map((a) => [a.action, a.entity_id])).toEqual([['backup.scheduled', 'wenze-20261202-0231.wbk']]);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ signed: true, occurrence: '2026-12-02', pruned: ['wenze-20261127-0230.wbk', 'wenze-20261128-0230.wbk'] });

    // later the same day (another check, or another server): done already
    clock.set('2026-12-02T09:00:00Z');
    expect(await runScheduledBackup(deps, s, 'server-2')).toEqual({ status: 'taken' });
    // the next day at the time: the next one, and the oldest goes
    clock.set('2026-12-02T18:30:00Z');
    const next = await runScheduledBackup(deps, s, 'server-2');
    expect(next.status).toBe('done');
    expect(wbk(folder)).toEqual(['wenze-20261130-0230.wbk', 'wenze-20261202-0231.wbk', 'wenze-20261203-0230.wbk']);
    expect((await readJob(deps.db.kysely, BACKUP_JOB))).toMatchObject({ done_key: '2026-12-03', lease_owner: null, consecutive_failures: 0, last_success_at: '2026-12-02T18:30:00.000Z' });
  });

  it('a failure is audited, alerts the system administrators, shows in /metrics, deletes nothing, and is retried after an hour', async () => {
    const { deps, clock, sysadmin } = await world(engine, '2026-12-01T18:31:00Z');
    const parent = folderOf();
    fs.mkdirSync(parent, { recursive: true });
    fs.writeFileSync(path.join(parent, 'wenze-20261130-0230.wbk'), 'older');
    // the target "folder" is a file: the backup cannot be written
    const blocked = path.join(parent, 'not-a-folder');
    fs.writeFileSync(blocked, 'x');
    const s = schedule(blocked, { keep: 1 });
    const r = await runScheduledBackup(deps, s, 'server-1');
    expect(r.status).toBe('failed');
    if (r.status !== 'failed') return;
    expect(r.consecutiveFailures).toBe(1);
    expect(wbk(parent)).toEqual(['wenze-20261130-0230.wbk']);
    const audit = await deps.db.kysely.selectFrom('audit_log').select(['action', 'after_json']).where('action', 'like', 'backup.%').execute();
    expect(audit.map((a) => a.action)).toEqual(['backup.scheduled_failed']);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ occurrence: '2026-12-02', consecutiveFailures: 1 });
    const alerts = await deps.db.kysely.selectFrom('notifications').select(['user_id', 'kind', 'level', 'title_zh']).execute();
    expect(alerts).toEqual([{ user_id: sysadmin, kind: 'alert', level: 'urgent', title_zh: '定时备份失败' }]);

    const app = await buildApp({ deps });
    try {
      const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(body).toMatch(/^wenze_backup_consecutive_failures 1$/m);
      expect(body).toMatch(new RegExp(`^wenze_backup_last_failure_timestamp_seconds ${Date.parse('2026-12-01T18:31:00Z') / 1000}$`, 'm'));
      expect(body).toMatch(/^wenze_backup_last_success_timestamp_seconds 0$/m);
    } finally {
      await app.close();
    }

    // no new attempt within the hour, by any server
    clock.set('2026-12-01T19:00:00Z');
    expect(await runScheduledBackup(deps, schedule(parent), 'server-2')).toEqual({ status: 'taken' });
    // after it, with the folder fixed: done, and the counter back to 0
    clock.set('2026-12-01T19:32:00Z');
    expect((await runScheduledBackup(deps, schedule(parent, { keep: 1 }), 'server-2')).status).toBe('done');
    expect(wbk(parent)).toEqual(['wenze-20261202-0332.wbk']);
    expect(await readJob(deps.db.kysely, BACKUP_JOB)).toMatchObject({ consecutive_failures: 0, done_key: '2026-12-02', last_error: null });
  });

  it('two servers on one database checking at the same moment make one backup', async () => {
    const { deps, clock } = await world(engine, '2026-12-01T18:30:00Z');
    let other: Db;
    if (engine === 'postgres') {
      const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(deps.db.kysely)).rows[0]!.s;
      other = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL, pgSchema: schema, poolSize: 2 });
    } else {
      // two handles need a file: the same data written into one
      const dir = path.join(tmp, `db${++n}`);
      const file = await openDatabase({ dataDir: dir });
      await migrateToLatest(file);
      extra.push(file);
      const fdeps: Deps = { db: file, clock, files: new MemoryFileStore() };
      await seedOpsFixture(fdeps, 'B', { tree: false });
      deps.db = file;
      deps.files = fdeps.files;
      other = await openDatabase({ dataDir: dir });
    }
    extra.push(other);
    const folder = folderOf();
    const s = schedule(folder);
    const files: FileStore = deps.files;
    const runs = await Promise.all([runScheduledBackup(deps, s, 'server-1'), runScheduledBackup({ db: other, clock, files }, s, 'server-2')]);
    expect(runs.map((r) => r.status).sort()).toEqual(['done', 'taken']);
    expect(wbk(folder)).toEqual(['wenze-20261202-0230.wbk']);
    expect(await deps.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'backup.scheduled').execute()).toHaveLength(1);
  });
});
