// One transaction per command. `Tx` is a branded handle that only `inTransaction` produces, so
// code that must run inside a transaction (the audit writer above all) says so in its type.
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';
import type { Db } from './database';

declare const txBrand: unique symbol;
export type Tx = Kysely<Database> & { readonly [txBrand]: true };

const SERIALIZATION_FAILURE = '40001';
const DEADLOCK = '40P01';

/**
 * Runs `fn` in one write transaction. SQLite: `BEGIN IMMEDIATE` so two processes serialize on
 * the write lock instead of failing on upgrade. PostgreSQL: READ COMMITTED; writers serialize on
 * the audit head row lock (taken by the audit writer) and retry on serialization failures.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.dialect === 'sqlite') {
    return db.kysely.connection().execute(async (conn) => {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const result = await fn(conn as Tx);
        await sql`COMMIT`.execute(conn);
        return result;
      } catch (err) {
        await sql`ROLLBACK`.execute(conn).catch(() => undefined);
        throw err;
      }
    });
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.kysely.transaction().execute((trx: Transaction<Database>) => fn(trx as unknown as Tx));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if ((code === SERIALIZATION_FAILURE || code === DEADLOCK) && attempt < 5) continue;
      throw err;
    }
  }
}
