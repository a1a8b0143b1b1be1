// Counts for the operator's metrics (not per user: no authorization, never served to users).
import { TERMINAL_STATES } from '../../domain/cases';
import type { Db } from '../../db/database';

/** Unmet deadlines past due on `today` (China date) of cases still open, per kind. */
export async function countOverdueDeadlines(db: Db, today: string): Promise<{ kind: string; n: number }[]> {
  const rows = await db.kysely
    .selectFrom('case_deadlines')
    .innerJoin('cases', 'cases.id', 'case_deadlines.case_id')
    .select(['case_deadlines.kind as kind', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
    .where('case_deadlines.met_on', 'is', null)
    .where('case_deadlines.due_date', '<', today)
    .where('cases.state', 'not in', [...TERMINAL_STATES])
    .groupBy('case_deadlines.kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, n: Number(r.n) }));
}

/** Notification outbox rows by status (pending = the depth still to deliver; dead = given up), issue 14. */
export async function countOutbox(db: Db): Promise<{ status: string; n: number }[]> {
  const rows = await db.kysely
    .selectFrom('notification_outbox')
    .select(['status', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
    .where('status', 'in', ['pending', 'dead'])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}
