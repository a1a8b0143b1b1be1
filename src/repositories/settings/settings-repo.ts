// SQL of the installation's settings (the `settings` key/value table): each value is JSON,
// decoded here once. Callers validate the decoded value against their own schema.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Q = Kysely<Database>;

/** The value of `key`, JSON-decoded; undefined when the key is not set. Malformed JSON throws (SyntaxError). */
export async function readSetting(q: Q, key: string): Promise<unknown> {
  const row = await q.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

/** Like readSetting, but a malformed value reads as not set. */
export async function readSettingLenient(q: Q, key: string): Promise<unknown> {
  try {
    return await readSetting(q, key);
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/** Whether `key` is set at all. */
export async function hasSetting(q: Q, key: string): Promise<boolean> {
  return !!(await q.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst());
}

/** The raw (JSON text) values of `keys` that are set. */
export async function settingTexts(q: Q, keys: readonly string[]): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const rows = await q.selectFrom('settings').select(['key', 'value']).where('key', 'in', [...keys]).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** The raw JSON text of `key`, or undefined. */
export async function settingText(q: Q, key: string): Promise<string | undefined> {
  return (await q.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

/** Sets `key` to `value` (JSON-encoded), inserting or replacing. */
export async function writeSetting(q: Q, key: string, value: unknown, at: string): Promise<void> {
  const v = JSON.stringify(value);
  await q.insertInto('settings').values({ key, value: v, updated_at: at }).onConflict((oc) => oc.column('key').doUpdateSet({ value: v, updated_at: at })).execute();
}
