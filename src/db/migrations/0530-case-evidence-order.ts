// The case's evidence a page at a time, newest first (src/repositories/cases/evidence-page.ts),
// on every case view and every step's answer: the (case_id) index of 0030 gave every item of the
// case, sorted in a temporary B-tree before the page's LIMIT, and the "superseded by" of each
// item was a pass over every correction of the case. Evidence grows with each record_evidence
// step (WC-9(2), repeatable): for a case with 200 items the page took about 180 µs on SQLite.
// A (case_id, recorded_at, id) index reads the page in order and stops after it; a
// (supersedes_id, recorded_at, id) index answers "the newest correction of this item" for the
// page's items only (and record_evidence's check that an item is not corrected yet). The
// (case_id) index goes: the new one serves every look-up by case, and with both PostgreSQL
// without statistics chose the old one and sorted. Both engines.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('case_evidence_case_order').ifNotExists().on('case_evidence').columns(['case_id', 'recorded_at', 'id']).execute();
  await db.schema.createIndex('case_evidence_supersedes').ifNotExists().on('case_evidence').columns(['supersedes_id', 'recorded_at', 'id']).execute();
  await db.schema.dropIndex('case_evidence_case').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('case_evidence_case').ifNotExists().on('case_evidence').column('case_id').execute();
  await db.schema.dropIndex('case_evidence_supersedes').ifExists().execute();
  await db.schema.dropIndex('case_evidence_case_order').ifExists().execute();
}
