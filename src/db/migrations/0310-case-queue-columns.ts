// Issue 14 point 5 (pages stay flat as data grows): the staff queue read every open case's facts
// and filtered them in JS (2.7 s at 10,000 cases). The case row now carries whom it waits on
// (cases.waits_*: clerk, leader, decider, the case's team, the case's subjects), rewritten by
// the step writer in every step's transaction; this migration adds the columns, backfills them
// from each case's facts (the same function the step writer uses) and adds the indexes the
// queue, the case list and the statistics read through. Both engines.
import type { Kysely } from 'kysely';

const WAITS = ['waits_clerk', 'waits_leader', 'waits_decider', 'waits_team', 'waits_subject'] as const;

const INDEXES: [name: string, table: string, columns: string[]][] = [
  // the queue: cases waiting on a role, in case order
  ['cases_waits_clerk', 'cases', ['waits_clerk', 'year', 'seq']],
  ['cases_waits_leader', 'cases', ['waits_leader', 'year', 'seq']],
  ['cases_waits_decider', 'cases', ['waits_decider', 'year', 'seq']],
  // the same within an organisation (org-scoped users): the page in order, the count from the index alone
  ['cases_org_waits_clerk', 'cases', ['org_id', 'waits_clerk', 'year', 'seq', 'state']],
  ['cases_org_waits_leader', 'cases', ['org_id', 'waits_leader', 'year', 'seq', 'state']],
  ['cases_org_waits_decider', 'cases', ['org_id', 'waits_decider', 'year', 'seq', 'state']],
  // the queue's deadline lists join each deadline to its case: organisation, state and number from the index alone
  ['cases_id_queue', 'cases', ['id', 'org_id', 'state', 'year', 'seq', 'number']],
  // the case list: newest first, per state, per year (statistics), per organisation; (year, seq)
  // alone is the unique constraint cases_year_seq of 0030, whose index both engines already have
  ['cases_state_year_seq', 'cases', ['state', 'year', 'seq']],
  ['cases_org_year_seq', 'cases', ['org_id', 'year', 'seq']],
  // the queue's impartiality pre-check (who accepted which case) and its deadlines
  ['case_steps_actor', 'case_steps', ['actor_id', 'action']],
  ['case_internal_targets_due', 'case_internal_targets', ['met_on', 'due_date']],
  ['declared_relationships_user', 'declared_relationships', ['user_id']],
  ['declared_relationships_person', 'declared_relationships', ['person_id']],
  ['case_recusals_user', 'case_recusals', ['user_id']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const c of WAITS) await db.schema.alterTable('cases').addColumn(c, 'integer', (col) => col.notNull().defaultTo(0)).execute();
  // the backfill reads the case facts with today's code, which may name columns later migrations
  // add: it runs last, in 0620-case-waits-refresh
  for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).ifExists().execute();
  for (const c of WAITS) await db.schema.alterTable('cases').dropColumn(c).execute();
}
