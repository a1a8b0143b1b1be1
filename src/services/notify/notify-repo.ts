// SQL of notifications: in-app rows, preferences, the outbox (claimed with a lease), fired
// thresholds. Engine differences are here only: PostgreSQL claims with FOR UPDATE SKIP LOCKED,
// SQLite with a conditional update (one writer at a time, the update either takes the row or not).
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { Tx } from '../../db/tx';
import type { NotificationOutboxTable, NotificationPrefTable } from '../../db/tables/notifications';
import type { Q } from '../cases/repo';

export async function prefsOf(q: Q, userIds: readonly string[]): Promise<Map<string, NotificationPrefTable>> {
  if (!userIds.length) return new Map();
  const rows = await q.selectFrom('notification_prefs').selectAll().where('user_id', 'in', [...userIds]).execute();
  return new Map(rows.map((r) => [r.user_id, r]));
}

export async function activeUsers(q: Q, userIds: readonly string[]) {
  if (!userIds.length) return [];
  return q.selectFrom('users').select(['id', 'display_name', 'roles']).where('id', 'in', [...userIds]).where('disabled', '=', 0).execute();
}

/** Records a threshold; true only for the first caller (each threshold fires once). */
export async function recordFire(tx: Tx, key: string, caseId: string | null, at: string): Promise<boolean> {
  const r = await tx.insertInto('notification_fires').values({ key, case_id: caseId, fired_at: at }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function firedKeys(q: Q, caseIds: readonly string[]): Promise<Set<string>> {
  if (!caseIds.length) return new Set();
  const rows = await q.selectFrom('notification_fires').select('key').where('case_id', 'in', [...caseIds]).execute();
  return new Set(rows.map((r) => r.key));
}

export type OutboxRow = NotificationOutboxTable;

/**
 * Claims up to `limit` due rows for `owner` until `leaseUntil`. A row is due when pending, its
 * next attempt has come and no live lease holds it (a lease of a worker that died expires).
 */
export async function claimOutbox(db: Db, owner: string, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
  const k = db.kysely;
  if (db.dialect === 'postgres') {
    const r = await sql<OutboxRow>`
      UPDATE notification_outbox SET lease_owner = ${owner}, lease_until = ${leaseUntil}
      WHERE id IN (
        SELECT id FROM notification_outbox
        WHERE status = 'pending' AND next_attempt_at <= ${now} AND (lease_until IS NULL OR lease_until < ${now})
        ORDER BY created_at, id LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(k);
    return r.rows.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  }
  const candidates = await k
    .selectFrom('notification_outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  const out: OutboxRow[] = [];
  for (const c of candidates) {
    const upd = await k
      .updateTable('notification_outbox')
      .set({ lease_owner: owner, lease_until: leaseUntil })
      .where('id', '=', c.id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    if (Number(upd.numUpdatedRows) === 1) out.push(await k.selectFrom('notification_outbox').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow());
  }
  return out;
}

/** Marks a row sent, only while this worker still holds it. */
export async function markSent(db: Db, id: string, owner: string, at: string): Promise<boolean> {
  const r = await db.kysely
    .updateTable('notification_outbox')
    .set((eb) => ({ status: 'sent', sent_at: at, lease_owner: null, lease_until: null, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A failed attempt: try again at `nextAt`, or give up (`dead`) after the last attempt. */
export async function markFailed(db: Db, id: string, owner: string, error: string, nextAt: string, dead: boolean): Promise<void> {
  await db.kysely
    .updateTable('notification_outbox')
    .set((eb) => ({ status: dead ? 'dead' : 'pending', next_attempt_at: nextAt, lease_owner: null, lease_until: null, attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500) }))
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

/** A worker stopping in order gives back the rows it claimed but did not send. */
export async function releaseLeases(db: Db, owner: string, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await db.kysely.updateTable('notification_outbox').set({ lease_owner: null, lease_until: null }).where('id', 'in', [...ids]).where('lease_owner', '=', owner).where('status', '=', 'pending').execute();
}

export async function outboxCounts(q: Q): Promise<Record<string, number>> {
  const rows = await q.selectFrom('notification_outbox').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
