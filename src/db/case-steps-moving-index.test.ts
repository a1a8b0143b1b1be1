// Migration 0520: what a step reads about its case — the steps that moved it and who accepted it —
// comes from two indexes, not from a walk through every step of the case (record_evidence and the
// other repeatable steps add one step each: a busy case has hundreds).
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app';
import { engines } from '../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../test/factories/cases';
import { newId } from '../lib/ids';

describe.each(engines)('0520: the moving steps and the accepting step of a case come from indexes (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-03T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  it('after 2,000 steps that did not move the case, both reads use their index and answer as before', async () => {
    const { caseId } = await makeCase(w, { to: 'investigating' });
    const q = t.deps.db.kysely;
    const before = await q.selectFrom('case_steps').select(['action']).where('case_id', '=', caseId).where(sql<boolean>`from_state <> to_state`).execute();
    for (let i = 0; i < 4; i++) {
      await q
        .insertInto('case_steps')
        .values(Array.from({ length: 500 }, (_, k) => ({ id: newId(), case_id: caseId, action: 'record_evidence', from_state: 'investigating', to_state: 'investigating', citation: 'WC-9(2)', data: '{}', actor_id: null, at: `2025-09-03T02:${String(i).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}.${String(k).padStart(3, '0')}Z` })))
        .execute();
    }
    await sql.raw(engine === 'postgres' ? 'ANALYZE case_steps' : 'ANALYZE').execute(q);
    // PostgreSQL: every step of this table is of the one case, where walking the table is right;
    // what is checked there is that the index serves the read (a database holds many cases)
    const explain = async (query: ReturnType<typeof sql>): Promise<string> =>
      engine === 'postgres'
        ? t.deps.db.kysely.connection().execute(async (c) => {
            await sql`SET enable_seqscan = off`.execute(c);
            try {
              return (await sql`EXPLAIN ${query}`.execute(c)).rows.map((r) => Object.values(r as object).join(' ')).join('\n');
            } finally {
              await sql`RESET enable_seqscan`.execute(c);
            }
          })
        : (await sql`EXPLAIN QUERY PLAN ${query}`.execute(q)).rows.map((r) => Object.values(r as object).join(' ')).join('\n');
    const moving = sql`SELECT action, data FROM case_steps WHERE case_id = ${caseId} AND from_state <> to_state`;
    const accept = sql`SELECT actor_id FROM case_steps WHERE case_id = ${caseId} AND action = 'accept' ORDER BY at DESC LIMIT 1`;
    expect(((await moving.execute(q)).rows as { action: string }[]).map((r) => r.action).sort()).toEqual(before.map((r) => r.action).sort());
    expect((await accept.execute(q)).rows).toHaveLength(1);
    expect(await explain(moving)).toContain('case_steps_moving');
    expect(await explain(accept)).toContain('case_steps_case_action');
  });
});
