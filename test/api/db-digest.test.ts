// The digest the fuzz test relies on must actually notice a change, or "nothing stored changed"
// would pass vacuously.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { changedTables, digestDatabase, dumpDatabase } from './db-digest';

describe.each(engines)('database digest (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('clerk', ['clerk']);
  });
  afterEach(async () => t.close());

  it('covers every table of the schema, and is stable when nothing changes', async () => {
    const tables = (await dumpDatabase(t.deps.db)).map((d) => d.table);
    for (const name of ['users', 'sessions', 'audit_log', 'audit_head', 'cases', 'case_reporters', 'people', 'calendar_years']) expect(tables).toContain(name);
    const a = await digestDatabase(t.deps.db);
    const b = await digestDatabase(t.deps.db);
    expect(b).toEqual(a);
    expect(Object.keys(a.perTable).sort()).toEqual([...tables].sort());
  });

  it('names the table whose row changed, was added or was removed', async () => {
    const before = await digestDatabase(t.deps.db);
    await sql`UPDATE users SET display_name = ${'改过的名字'} WHERE username = ${'clerk'}`.execute(t.deps.db.kysely);
    const afterUpdate = await digestDatabase(t.deps.db);
    expect(changedTables(before, afterUpdate)).toEqual(['users']);
    await sql`DELETE FROM sessions`.execute(t.deps.db.kysely);
    expect(changedTables(afterUpdate, await digestDatabase(t.deps.db))).toEqual(['sessions']);
  });
});
