// PostgreSQL named prepared statements for the few big statements of fixed text (the case
// aggregate, a step's facts: src/db/compiled-once.ts). PostgreSQL plans a statement on every run
// unless it is prepared; the case aggregate's sixty sub-selects take longer to plan than to run.
// A text registered here is sent as a named statement (`{ name, text, values }`): each connection
// parses it once and then only binds and executes it, with PostgreSQL's plan cache choosing
// between a custom and a generic plan. The name is derived from the text, so one name is never
// used for two texts. Prepared statements belong to their connection (and its search_path).
import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/** Registers a statement text to be run as a named prepared statement on PostgreSQL; its name. */
export function prepareOnPostgres(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `wz_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}

/** The prepared statement's name of a registered text; undefined for every other text. */
export function preparedNameOf(text: string): string | undefined {
  return names.get(text);
}
