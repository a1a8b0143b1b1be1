// SQL of first-run setup and the listening guard (src/services/setup-guard.ts,
// src/services/security/listen-guard.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Tx } from '../../db/tx';

/** Inserts the single `setup_once` row; true only for the first caller (ON CONFLICT DO NOTHING). */
export async function insertSetupOnce(tx: Tx, at: string): Promise<boolean> {
  const r = await tx
    .insertInto('setup_once')
    .values({ id: 1, done_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** How many accounts exist (active or not). */
export async function countUsers(q: Kysely<Database>): Promise<number> {
  const users = await q.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(users.n);
}

/** User names and password hashes of the active accounts, by user name. */
export async function activeCredentials(q: Kysely<Database>): Promise<{ username: string; password_hash: string }[]> {
  return q.selectFrom('users').select(['username', 'password_hash']).where('disabled', '=', 0).orderBy('username').execute();
}
