// 等保2.0 访问控制: first-run setup creates the administrators once, ever. Called first inside
// the setup transaction: it inserts the single row of `setup_once` (migration 0091) with
// ON CONFLICT DO NOTHING and refuses when the row was already there or any account exists.
// Of any number of concurrent setup requests exactly one gets past it, on both engines:
// PostgreSQL makes the others wait on the primary key and then find the row; SQLite's
// BEGIN IMMEDIATE serializes the transactions. The rest get 409 SETUP_DONE.
import type { Tx } from '../db/tx';
import { AppError } from '../errors';

export async function claimFirstRunSetup(tx: Tx, at: string): Promise<void> {
  const r = await tx
    .insertInto('setup_once')
    .values({ id: 1, done_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) throw new AppError('SETUP_DONE');
  const users = await tx.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(users.n) > 0) throw new AppError('SETUP_DONE');
}
