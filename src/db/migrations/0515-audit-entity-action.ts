// The case view's staleness check of the rules receipt (issue 14): the latest audit record of one
// action on one case — `max(seq) … WHERE entity_type = 'case' AND entity_id = ? AND action = ?`,
// in the case aggregate statement (src/repositories/cases/case-aggregate.ts), on every case page
// of a case with a receipt. The (entity_type, entity_id, seq) index of 0001 has no action: the
// read walks back through every record of the case after the last one of that action — and every
// case page writes one (`case.read`, 等保2.0 安全审计), so the walk grew with each read of the
// case; PostgreSQL even preferred walking the whole trail backwards by seq (3.5 ms after 20,000
// reads of one case, growing without bound). With the action in the index the answer is one index
// entry. Both engines.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_entity_action').ifNotExists().on('audit_log').columns(['entity_type', 'entity_id', 'action', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_entity_action').ifExists().execute();
}
