// Migration 0530 and the SQLite handle's temp_store: the case's evidence page (the case view's
// first page, WC-9(2); GET /cases/:id/evidence) is read in index order and stops after the page,
// and "superseded by" is looked up for the page's items only — not a sort of every item of the
// case and a pass over all its corrections (a busy case has hundreds of items).
import { CompiledQuery, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app';
import { engines } from '../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../test/factories/cases';
import { newId } from '../lib/ids';
import { pageStatement, readEvidencePage } from '../repositories/cases/evidence-page';

describe.each(engines)('0530: the evidence page comes from the (case, recorded_at, id) index (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-03T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  it('with 600 items the first and a later page use the order index, corrections the supersedes index, and the pages are right', async () => {
    const { caseId } = await makeCase(w, { to: 'investigating' });
    const q = t.deps.db.kysely;
    const at = (k: number) => new Date(Date.UTC(2025, 8, 1) + k * 60_000).toISOString();
    const ids: string[] = [];
    for (let b = 0; b < 3; b++) {
      const rows = Array.from({ length: 200 }, (_, j) => {
        const k = b * 200 + j;
        const id = newId();
        ids.push(id);
        return { id, case_id: caseId, kind: 'document', title: `证据${k}`, source: '调查组', collected_on: '2025-09-01', description: null, text_content: null, file_sha256: null, file_name: null, file_size: null, mime_type: null, supersedes_id: null, correction_reason: null, recorded_by: null, recorded_at: at(k), disclosable: 0, source_person_id: null };
      });
      await q.insertInto('case_evidence').values(rows).execute();
    }
    // the newest item corrects the second newest
    const correction = newId();
    await q.insertInto('case_evidence').values({ id: correction, case_id: caseId, kind: 'document', title: '更正', source: '调查组', collected_on: '2025-09-01', description: null, text_content: null, file_sha256: null, file_name: null, file_size: null, mime_type: null, supersedes_id: ids[599]!, correction_reason: '笔误', recorded_by: null, recorded_at: at(600), disclosable: 0, source_person_id: null }).execute();
    await sql.raw(engine === 'postgres' ? 'ANALYZE case_evidence' : 'ANALYZE').execute(q);

    const first = await readEvidencePage(q, caseId, { all: true }, { cursor: null, limit: 20 });
    expect(first.total).toBe(601);
    expect(first.items.map((e) => e.id)).toEqual([correction, ...ids.slice(581).reverse()]);
    expect(first.items[1]).toMatchObject({ id: ids[599], supersededById: correction });
    const later = await readEvidencePage(q, caseId, { all: true }, { cursor: first.next, limit: 20 });
    expect(later.items.map((e) => e.id)).toEqual(ids.slice(561, 581).reverse());

    const plan = async (variant: 'first:all:21' | 'after:all:21' | 'first:own:21'): Promise<string> => {
      const c = pageStatement.compile(q, variant, { id: caseId, own: w.fx.handler.id, at: at(580), cid: ids[580]! });
      const text = engine === 'postgres' ? `EXPLAIN ${c.sql}` : `EXPLAIN QUERY PLAN ${c.sql}`;
      // PostgreSQL: this table holds one case, where a walk of it is right; what is checked is that the index serves the read
      return q.connection().execute(async (conn) => {
        if (engine === 'postgres') await sql`SET enable_seqscan = off`.execute(conn);
        try {
          return (await conn.executeQuery(CompiledQuery.raw(text, [...c.parameters]))).rows.map((r) => Object.values(r as object).join(' ')).join('\n');
        } finally {
          if (engine === 'postgres') await sql`RESET enable_seqscan`.execute(conn);
        }
      });
    };
    for (const v of ['first:all:21', 'after:all:21', 'first:own:21'] as const) {
      const p = await plan(v);
      expect(p).toContain('case_evidence_case_order');
      expect(p).toContain('case_evidence_supersedes');
    }
  });

  it.runIf(engine === 'sqlite')('SQLite keeps temporary B-trees in memory (temp_store = MEMORY): the case aggregate sorts about twenty lists per read', async () => {
    const r = await sql<{ temp_store: number }>`PRAGMA temp_store`.execute(t.deps.db.kysely);
    expect(Number(r.rows[0]!.temp_store)).toBe(2);
  });
});
