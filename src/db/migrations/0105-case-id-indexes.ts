// Indexes for reading a case's rows by case_id where 0030/0010 created none: the case page and
// the yearly statistics read decision items, notifications, appeals and payments per case, and
// the certificate history per case; without these every such read scans the whole table, which
// grows with the number of cases (found by bench/scale.ts at 10,000 cases). Both engines.
import type { Kysely } from 'kysely';

const INDEXES: [name: string, table: string][] = [
  ['case_decision_items_case', 'case_decision_items'],
  ['case_notifications_case', 'case_notifications'],
  ['case_appeals_case', 'case_appeals'],
  ['case_payments_case', 'case_payments'],
  ['certificate_status_changes_case', 'certificate_status_changes'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table] of INDEXES) await db.schema.createIndex(name).ifNotExists().on(table).column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).ifExists().execute();
}
