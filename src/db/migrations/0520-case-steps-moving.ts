// What a step reads about its case (loadStepFacts, src/repositories/cases/case-aggregate.ts), on
// every step and every case view: the steps that moved the case (`from_state <> to_state`, the
// honest-dates check's lower bound) and who accepted it (`action = 'accept'`, impartiality). The
// (case_id, at) index of 0030 gave every step of the case, and a case's steps grow with each
// repeatable step (record_evidence, WC-9(2)): the read visited every one (0.8 ms of the 0.85 ms
// statement for a case with 86 steps, of which five moved it). A partial index of the moving
// steps and a (case_id, action, at) index make both reads a few index entries. Both engines.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS case_steps_moving ON case_steps (case_id) WHERE from_state <> to_state`.execute(db);
  await db.schema.createIndex('case_steps_case_action').ifNotExists().on('case_steps').columns(['case_id', 'action', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_steps_case_action').ifExists().execute();
  await db.schema.dropIndex('case_steps_moving').ifExists().execute();
}
