// Sign-in failure counters and locks, in the database so several app servers agree.
// Keys: kind 'user' = the user name as typed (lowercased; known or not, so a lock says nothing
// about whether the account exists), kind 'source' = the client address.
import type { Db } from '../../db/database';
import type { Tx } from '../../db/tx';
import { newId } from '../../lib/ids';
import type { SecuritySettings } from './security-settings';

export type LockKind = 'user' | 'source';

export const userKey = (typed: string): string => typed.trim().toLowerCase().slice(0, 200);

const minutesBefore = (iso: string, minutes: number): string => new Date(new Date(iso).getTime() - minutes * 60_000).toISOString();
const minutesAfter = (iso: string, minutes: number): string => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

/** The lock on a key still in force at `now`, if any. */
export async function activeLock(db: Db | Tx, kind: LockKind, key: string, now: string): Promise<{ lockedUntil: string } | null> {
  const q = 'kysely' in db ? db.kysely : db;
  const row = await q
    .selectFrom('login_locks')
    .select('locked_until')
    .where('kind', '=', kind)
    .where('key', '=', key)
    .where('locked_until', '>', now)
    .executeTakeFirst();
  return row ? { lockedUntil: row.locked_until } : null;
}

/**
 * Records one failure for the key and locks it when the count within the window reaches the
 * threshold. Call inside the transaction that appends the failure's audit row (which serializes
 * writers), so two servers counting at once do not both miss the threshold.
 * Returns the new lock's end, or null.
 */
export async function recordFailure(tx: Tx, kind: LockKind, key: string, now: string, s: SecuritySettings): Promise<string | null> {
  await tx.insertInto('login_failures').values({ id: newId(), kind, key, at: now }).execute();
  const since = minutesBefore(now, s.lockoutWindowMinutes);
  const r = await tx
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', kind)
    .where('key', '=', key)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  const threshold = kind === 'user' ? s.lockoutThreshold : s.sourceThreshold;
  if (Number(r.n) < threshold) return null;
  const until = minutesAfter(now, s.lockoutMinutes);
  await tx.deleteFrom('login_locks').where('kind', '=', kind).where('key', '=', key).execute();
  await tx.insertInto('login_locks').values({ kind, key, locked_at: now, locked_until: until }).execute();
  // The count starts again after the lock ends.
  await tx.deleteFrom('login_failures').where('kind', '=', kind).where('key', '=', key).execute();
  return until;
}

/** A successful sign-in clears the user name's failures (not the source's). */
export async function clearFailures(tx: Tx, kind: LockKind, key: string): Promise<void> {
  await tx.deleteFrom('login_failures').where('kind', '=', kind).where('key', '=', key).execute();
}

/** Removes a lock and its failures (unlock by the security administrator). Returns whether one was in force. */
export async function removeLock(tx: Tx, kind: LockKind, key: string, now: string): Promise<boolean> {
  const had = await activeLock(tx, kind, key, now);
  await tx.deleteFrom('login_locks').where('kind', '=', kind).where('key', '=', key).execute();
  await clearFailures(tx, kind, key);
  return had !== null;
}

export async function listActiveLocks(db: Db, now: string): Promise<{ kind: LockKind; key: string; lockedAt: string; lockedUntil: string }[]> {
  const rows = await db.kysely.selectFrom('login_locks').selectAll().where('locked_until', '>', now).orderBy('locked_at', 'desc').execute();
  return rows.map((r) => ({ kind: r.kind as LockKind, key: r.key, lockedAt: r.locked_at, lockedUntil: r.locked_until }));
}
