// Queue at scale (issue 14): the overdue and due-soon deadlines are counted through their
// (met_on, due_date) index and joined to their case by `case_id`; with `case_id` in the index the
// count reads no table row of the deadlines (one row lookup per overdue deadline less). The
// index replaces the narrower one of 0030/0310 (same leading columns). Both engines.
import type { Kysely } from 'kysely';

const TABLES = [
  ['case_deadlines', 'case_deadlines_due'],
  ['case_internal_targets', 'case_internal_targets_due'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, old] of TABLES) {
    await db.schema.createIndex(`${table}_due_case`).on(table).columns(['met_on', 'due_date', 'case_id']).execute();
    await db.schema.dropIndex(old).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, old] of TABLES) {
    await db.schema.createIndex(old).on(table).columns(['met_on', 'due_date']).execute();
    await db.schema.dropIndex(`${table}_due_case`).execute();
  }
}
