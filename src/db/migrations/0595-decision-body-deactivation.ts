// FL-15 / 三员分立: a member taken off the decision body's roster (委党委会成员名册) keeps, on the
// roster record, when, by whom and why — a reason is required while a case of the organisation
// waits for the body (src/services/meetings/meeting-service.ts#updateDecisionBodyMember). Both engines.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('decision_body_members').addColumn('deactivated_at', 'text').execute();
  await db.schema.alterTable('decision_body_members').addColumn('deactivated_by', 'text').execute();
  await db.schema.alterTable('decision_body_members').addColumn('deactivation_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('decision_body_members').dropColumn('deactivation_reason').execute();
  await db.schema.alterTable('decision_body_members').dropColumn('deactivated_by').execute();
  await db.schema.alterTable('decision_body_members').dropColumn('deactivated_at').execute();
}
