// SQL over document_signing_keys: one active key per organisation (0610); a new one retires the
// organisation's previous one (documents it signed keep its id and still verify).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { DocumentSigningKeyTable } from '../../db/tables/documents';

type Q = Kysely<Database>;

/** Retire the active key(s) of `key.org_id` and insert `key`; returns the ids retired. */
export async function replaceSigningKey(q: Q, key: DocumentSigningKeyTable, now: string): Promise<string[]> {
  const previous = await q.selectFrom('document_signing_keys').select(['id']).where('org_id', '=', key.org_id).where('retired_at', 'is', null).execute();
  await q.updateTable('document_signing_keys').set({ retired_at: now }).where('org_id', '=', key.org_id).where('retired_at', 'is', null).execute();
  await q.insertInto('document_signing_keys').values(key).execute();
  return previous.map((p) => p.id);
}
