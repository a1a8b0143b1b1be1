// The queue's "waits on" columns (0310) computed for every case. The computation reads the case
// facts with today's code (src/repositories/cases/case-aggregate.ts), which names columns that
// migrations after 0310 add (0580's execution_started_on): it must run after all of them. Keep
// this the last migration that reads cases through repository code; a later migration adding a
// column those facts read goes before it (renumber this one), or recomputes again after itself.
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { refreshWaitsMany } from '../../repositories/cases/case-repo';

export async function up(db: Kysely<unknown>): Promise<void> {
  const q = db as unknown as Kysely<Database>;
  // in batches of 500 cases (a constant number of statements per batch)
  let after = '';
  for (;;) {
    const rows = await q.selectFrom('cases').selectAll().where('id', '>', after).orderBy('id').limit(500).execute();
    if (!rows.length) break;
    await refreshWaitsMany(q, rows);
    after = rows[rows.length - 1]!.id;
  }
}

export async function down(): Promise<void> {
  // nothing to undo: the columns are 0310's
}
