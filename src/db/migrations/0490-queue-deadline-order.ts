// Queue at scale, third pass (issue 14 point 5): the overdue and due-soon pages are read in
// (due date, case id, deadline id) order straight from the (met_on, due_date, case_id, id)
// index with a LIMIT — ties on the due date are broken by indexed columns, so no page sorts every
// deadline sharing the earliest due date. The index replaces 0411's (same leading columns; the
// capped counts use it as before). Both engines.
import type { Kysely } from 'kysely';

const TABLES = [
  ['case_deadlines', 'case_deadlines_due_case'],
  ['case_internal_targets', 'case_internal_targets_due_case'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, old] of TABLES) {
    await db.schema.createIndex(`${table}_due_order`).on(table).columns(['met_on', 'due_date', 'case_id', 'id']).execute();
    await db.schema.dropIndex(old).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, old] of TABLES) {
    await db.schema.createIndex(old).on(table).columns(['met_on', 'due_date', 'case_id']).execute();
    await db.schema.dropIndex(`${table}_due_order`).execute();
  }
}
