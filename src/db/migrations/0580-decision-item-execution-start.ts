// WC-11: every subject is served the decision in force before its execution starts or goes on. A
// decision changed on a defence or appeal while the case is executing is served on the subject it
// changes, and its new items are executed only after that service and the period to state a
// defence: each decision item records the day its execution started (null: not yet). Items of
// cases already executing or closed are taken as started (the day of their decision). Both engines.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_decision_items').addColumn('execution_started_on', 'text').execute();
  await sql`UPDATE case_decision_items SET execution_started_on = (SELECT d.decided_on FROM case_decisions d WHERE d.id = case_decision_items.decision_id)
            WHERE case_id IN (SELECT c.id FROM cases c WHERE c.state IN ('executing', 'closed'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_decision_items').dropColumn('execution_started_on').execute();
}
