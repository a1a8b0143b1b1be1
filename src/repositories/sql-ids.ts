// A list of ids as ONE bound parameter (a JSON array unnested by the engine), for `IN (…)` over
// lists of any length: neither SQLite's 32,766 nor PostgreSQL's 65,535 bound-parameter limit is
// reached, and the statement is the same whatever the length.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isPostgresHandle } from '../db/database';
import type { Database } from '../db/schema';

export function idList(q: Kysely<Database>, ids: readonly string[]): RawBuilder<string> {
  const json = JSON.stringify([...new Set(ids)]);
  return isPostgresHandle(q) ? sql<string>`(SELECT json_array_elements_text(${json}::json))` : sql<string>`(SELECT value FROM json_each(${json}))`;
}
