// Issue 14 point 5 (pages stay flat as data grows): the year's statistics are SQL aggregates
// (src/repositories/stats/stats-repo.ts#yearAggregates) grouped from indexes that hold what they
// count, so each figure reads index entries of the year's cases instead of the rows. Back-dated
// steps (issue 7) are the few whose data names a back-dating: a partial index holds only those,
// so counting them does not read every step of the year. Both engines.
import { sql, type Kysely } from 'kysely';

const INDEXES: [name: string, table: string, columns: string[]][] = [
  // cases by state, source, WC-5 item, organisation; days to close — from the index alone
  ['cases_year_stats', 'cases', ['year', 'org_id', 'state', 'source', 'wc5_item', 'closed_on', 'received_on']],
  // cases per unit of their subjects
  ['case_subjects_case_unit', 'case_subjects', ['case_id', 'unit_id']],
  // deadlines overdue or met late, by kind
  ['case_deadlines_case_stats', 'case_deadlines', ['case_id', 'kind', 'due_date', 'met_on']],
  // appeal outcomes
  ['case_appeals_case_outcome', 'case_appeals', ['case_id', 'outcome']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
  // the statistics' query repeats this condition literally (not as a parameter), so both engines use it
  await sql`CREATE INDEX IF NOT EXISTS case_steps_backdated ON case_steps (case_id, action) WHERE data LIKE '%"backdated"%'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).ifExists().execute();
  await db.schema.dropIndex('case_steps_backdated').ifExists().execute();
}
