// SQL over case_publications (FL-5(4)): the scope and channel the decision sets, and the later
// record of the redacted notice and its publication date.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Q = Kysely<Database>;

/** The decision step records the scope and channel of publication (no notice or date yet). */
export async function insertDecidedPublication(q: Q, row: { id: string; caseId: string; scope: string; channel: string; actorId: string | null; now: string }): Promise<void> {
  await q
    .insertInto('case_publications')
    .values({ id: row.id, case_id: row.caseId, document_id: null, scope: row.scope, channel: row.channel, published_on: null, created_by: row.actorId, created_at: row.now, updated_at: row.now })
    .execute();
}

/** The scope the decision set (the first record of the case), if any. */
export async function decidedPublicationScope(q: Q, caseId: string): Promise<string | null> {
  const r = await q.selectFrom('case_publications').select('scope').where('case_id', '=', caseId).orderBy('created_at').orderBy('id').executeTakeFirst();
  return r?.scope ?? null;
}
