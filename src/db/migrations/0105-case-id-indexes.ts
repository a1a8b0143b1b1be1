// Indexes for reading a case's rows by case_id where 0030/0010 created none, and for finding
// superseded findings: the case page and
// the yearly statistics read decision items, notifications, appeals and payments per case, and
// the certificate history per case; without these every such read scans the whole table, which
// grows with the number of cases (found by bench/scale.ts at 10,000 cases). Both engines.
import type { Kysely } from 'kysely';

const INDEXES: [name: string, table: string, column: string][] = [
  ['case_decision_items_case', 'case_decision_items', 'case_id'],
  ['case_notifications_case', 'case_notifications', 'case_id'],
  ['case_appeals_case', 'case_appeals', 'case_id'],
  ['case_payments_case', 'case_payments', 'case_id'],
  ['certificate_status_changes_case', 'certificate_status_changes', 'case_id'],
  // "current findings" = those no later finding supersedes (loadFacts, statistics): a lookup by
  // supersedes_id for every finding
  ['case_findings_supersedes', 'case_findings', 'supersedes_id'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, column] of INDEXES) await db.schema.createIndex(name).ifNotExists().on(table).column(column).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).ifExists().execute();
}
