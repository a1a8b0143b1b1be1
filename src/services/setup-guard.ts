// 等保2.0 访问控制: first-run setup creates the administrators once, ever. Called first inside
// the setup transaction: it inserts the single row of `setup_once` (migration 0091) with
// ON CONFLICT DO NOTHING and refuses when the row was already there or any account exists.
// Of any number of concurrent setup requests exactly one gets past it, on both engines:
// PostgreSQL makes the others wait on the primary key and then find the row; SQLite's
// BEGIN IMMEDIATE serializes the transactions. The rest get 409 SETUP_DONE.
import type { Tx } from '../db/tx';
import { AppError } from '../errors';
import { countUsers, insertSetupOnce } from '../repositories/users/setup-repo';

export async function claimFirstRunSetup(tx: Tx, at: string): Promise<void> {
  if (!(await insertSetupOnce(tx, at))) throw new AppError('SETUP_DONE');
  if ((await countUsers(tx)) > 0) throw new AppError('SETUP_DONE');
}
