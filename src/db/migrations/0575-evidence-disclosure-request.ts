// FL-7(7), FL-10(3), WC-11: evidence reaches the subject only on a clerk's decision. A team
// investigator asks for the disclosure (who, when); a legal-affairs clerk handling the case decides
// it, and the reporter-identity check runs for the clerk then, over every text of the item, its
// file name too (who decided, when). An item disclosed before this migration has no decider: the
// subject is shown a neutral name for its file, never one the check was not run over. Both engines.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_evidence').addColumn('disclosure_requested_by', 'text').execute();
  await db.schema.alterTable('case_evidence').addColumn('disclosure_requested_at', 'text').execute();
  await db.schema.alterTable('case_evidence').addColumn('disclosed_by', 'text').execute();
  await db.schema.alterTable('case_evidence').addColumn('disclosed_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_evidence').dropColumn('disclosed_at').execute();
  await db.schema.alterTable('case_evidence').dropColumn('disclosed_by').execute();
  await db.schema.alterTable('case_evidence').dropColumn('disclosure_requested_at').execute();
  await db.schema.alterTable('case_evidence').dropColumn('disclosure_requested_by').execute();
}
