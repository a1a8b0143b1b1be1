import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeTestDb, engines, openTestDb } from '../../test/db';
import { searchCorpus, type CorpusKey } from '../../test/factories/search';
import type { Db } from '../db/database';
import { inTransaction } from '../db/tx';
import { sql } from 'kysely';
import { indexDocument, matchingCaseIds, matchingCasesSubquery, rebuildSearchIndex, removeDocument, searchDocuments, type SearchDocumentInput } from './search-index';
import { queryTokens } from './tokenize';

describe.each(engines)('Chinese full-text search (%s)', (engine) => {
  let db: Db;
  const index = (doc: SearchDocumentInput) => inTransaction(db, (tx) => indexDocument(tx, db.dialect, doc));
  const ids = async (query: string, opts: Partial<Parameters<typeof searchDocuments>[1]> = {}) =>
    (await searchDocuments(db, { query, ...opts })).hits.map((h) => h.entityId).sort();
  const idOf = (k: CorpusKey) => searchCorpus[k].entityId;

  const openWithCorpus = async () => {
    db = await openTestDb(engine);
    for (const doc of Object.values(searchCorpus)) await index(doc);
  };

  // Read-only searches share one indexed database; tests that change the index get their own.
  describe('searching', () => {
    beforeAll(openWithCorpus);
    afterAll(async () => closeTestDb(db));

    it.each<[string, CorpusKey[]]>([
      ['行政处罚', ['penaltyReport', 'reconsideration']],
      ['占道经营', ['penaltyReport']],
      ['停产整治', ['ecoTransfer']],
      ['罚款', ['penaltyReport']],
      ['环境', ['ecoTransfer', 'office']],
      ['生态环境', ['ecoTransfer']],
      ['执法证', ['interview']],
      ['行政执法证', ['interview']],
      ['施工 噪音', ['noiseComplaint']],
      ['李四', ['interview']],
    ])('%s finds exactly the right documents', async (query, expected) => {
      expect(await ids(query)).toEqual(expected.map(idOf).sort());
    });

    it('every word of the query must occur (AND), in any order', async () => {
      expect(await ids('罚款 行政处罚')).toEqual([idOf('penaltyReport')]);
      expect(await ids('罚款 停产整治')).toEqual([]);
      expect(await ids('整治 停产')).toEqual([idOf('ecoTransfer')]);
    });

    it('ranks a title match above a body-only match', async () => {
      const r = await searchDocuments(db, { query: '行政处罚' });
      expect(r.hits.map((h) => h.entityId)).toEqual([idOf('penaltyReport'), idOf('reconsideration')]);
      expect(r.hits[0]!.score).toBeGreaterThan(r.hits[1]!.score);
    });

    it('returns a snippet around the match with highlight offsets, and title highlights', async () => {
      const [hit] = (await searchDocuments(db, { query: '罚款' })).hits;
      expect(hit!.snippet.text).toContain('罚款金额明显过高');
      const marked = hit!.snippet.highlights.map(([a, b]) => hit!.snippet.text.slice(a, b));
      expect(marked).toEqual(['罚款']);
      const [eco] = (await searchDocuments(db, { query: '环境', entityTypes: ['case'] })).hits;
      expect(eco!.titleHighlights.map(([a, b]) => eco!.title.slice(a, b))).toEqual(['环境']);
    });

    it('filters by entity type and by the cases the caller may read', async () => {
      expect(await ids('行政处罚', { entityTypes: ['evidence'] })).toEqual([idOf('reconsideration')]);
      expect(await ids('环境', { entityTypes: ['case', 'evidence'] })).toEqual([idOf('ecoTransfer')]);
      expect(await ids('行政处罚', { caseIds: ['case-a'] })).toEqual([idOf('penaltyReport'), idOf('reconsideration')].sort());
      expect(await ids('行政处罚', { caseIds: ['case-c'] })).toEqual([]);
      expect(await ids('行政处罚', { caseIds: [] })).toEqual([]);
    });

    it('pages with limit/offset and says when more hits exist', async () => {
      const p1 = await searchDocuments(db, { query: '行政处罚', limit: 1 });
      expect(p1.hits).toHaveLength(1);
      expect(p1.hasMore).toBe(true);
      const p2 = await searchDocuments(db, { query: '行政处罚', limit: 1, offset: 1 });
      expect(p2.hasMore).toBe(false);
      expect(p2.hits[0]!.entityId).not.toBe(p1.hits[0]!.entityId);
    });

    it('matchingCaseIds gives each matching case once, only among the allowed cases and entity types', async () => {
      expect(await matchingCaseIds(db, { query: '行政处罚' })).toEqual(['case-a']);
      expect(await matchingCaseIds(db, { query: '环境' })).toEqual(['case-c']); // the office report has no case
      expect((await matchingCaseIds(db, { query: '执法' })).sort()).toEqual(['case-a', 'case-b', 'case-c']);
      expect(await matchingCaseIds(db, { query: '执法', caseIds: ['case-c', 'case-x'] })).toEqual(['case-c']);
      expect(await matchingCaseIds(db, { query: '执法', entityTypes: ['evidence'] })).toEqual(['case-b']);
      expect(await matchingCaseIds(db, { query: '执法', caseIds: [] })).toEqual([]);
      expect(await matchingCaseIds(db, { query: '"*NEAR' })).toEqual([]);
    });

    it('no results is an empty list, not an error', async () => {
      expect(await searchDocuments(db, { query: '国家赔偿' })).toEqual({ tokens: ['国家赔偿'], hits: [], hasMore: false });
      expect(await searchDocuments(db, { query: '' })).toEqual({ tokens: [], hits: [], hasMore: false });
      expect(await searchDocuments(db, { query: '  ，。！' })).toEqual({ tokens: [], hits: [], hasMore: false });
    });

    const hostile = [
      '"',
      '""',
      '"罚款',
      '罚款"',
      '罚款*',
      '*',
      '-罚款',
      'NEAR(罚款 执法, 2)',
      'NEAR',
      '罚款 OR 环境',
      'NOT 罚款',
      'AND',
      'title_tokens:罚款',
      '{title_tokens body_tokens}: 罚款',
      '^罚款',
      '罚款 + 环境',
      "罚款'; DROP TABLE search_documents; --",
      '(罚款',
      '罚款)',
      '\\',
      '\u0000罚款',
      '²',
      '👍罚款',
      'ＡＢＣ１２３',
    ].map((q) => [q, q] as const);
    hostile.push(['罚 × 5000', '罚'.repeat(5000)]);

    it.each(hostile)('query %s never throws', async (_label, q) => {
      await expect(searchDocuments(db, { query: q })).resolves.toMatchObject({ hits: expect.any(Array) });
    });

    it('operator characters are just punctuation: "罚款", 罚款*, -罚款 all find the 罚款 document', async () => {
      for (const q of ['"罚款"', '罚款*', '-罚款', '（罚款）']) expect(await ids(q), q).toEqual([idOf('penaltyReport')]);
      // OR is a word, not an operator: both words are required, so nothing matches.
      expect(await ids('罚款 OR 环境')).toEqual([]);
    });

    it('property: arbitrary input never throws and every hit contains every query word', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('罚款', '环境', '行政处罚 "x"', '*NEAR*')), async (q) => {
          const r = await searchDocuments(db, { query: q });
          for (const h of r.hits) {
            const doc = Object.values(searchCorpus).find((d) => d.entityId === h.entityId)!;
            const text = (doc.title + doc.body).toLowerCase();
            for (const t of r.tokens) expect(text).toContain(t);
          }
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('changing the index', () => {
    beforeEach(openWithCorpus);
    afterEach(async () => closeTestDb(db));

    it('issue 14 point 5: the case-list window takes the newest matching documents, not the best ranked; a re-indexed document keeps its place; null takes every match', async () => {
      // 12 strong matches (title and body) indexed first, then 3 weak ones (one mention in a long body)
      for (let i = 0; i < 12; i++) await index({ entityType: 'evidence', entityId: `strong-${i}`, caseId: `case-s${i}`, title: '罚款决定', body: '罚款 罚款 罚款' });
      for (let i = 0; i < 3; i++) await index({ entityType: 'evidence', entityId: `weak-${i}`, caseId: `case-w${i}`, title: '询问笔录', body: `${'执法队员到场检查，'.repeat(40)}处以罚款。` });
      const window = async (query: string, w: number | null, more: { entityTypes?: string[]; caseIds?: string[] } = {}) =>
        (await sql<{ case_id: string }>`${matchingCasesSubquery(db.dialect, { tokens: queryTokens(query), window: w, ...more })}`.execute(db.kysely)).rows.map((r) => r.case_id).sort();
      // the best 3 by rank would be strong ones; the newest 3 are the weak ones
      expect((await searchDocuments(db, { query: '罚款', limit: 3 })).hits.map((h) => h.entityId).every((id) => id.startsWith('strong-'))).toBe(true);
      expect(await window('罚款', 3)).toEqual(['case-w0', 'case-w1', 'case-w2']);
      expect(await window('罚款', 5)).toEqual(['case-s10', 'case-s11', 'case-w0', 'case-w1', 'case-w2']);
      // re-indexing an old document with new text keeps its id: it does not jump the queue
      await index({ entityType: 'evidence', entityId: 'strong-0', caseId: 'case-s0', title: '罚款决定书', body: '罚款' });
      expect(await window('罚款', 3)).toEqual(['case-w0', 'case-w1', 'case-w2']);
      // every match (the corpus's penalty report is in case-a)
      expect((await window('罚款', null)).length).toBe(16);
      expect(await window('罚款', null)).toContain('case-a');
      // the type and case filters choose the documents the window is cut from
      expect(await window('罚款', 3, { entityTypes: ['case'] })).toEqual(['case-a']);
      expect(await window('罚款', 1, { caseIds: ['case-w1', 'case-s11'] })).toEqual(['case-w1']);
      expect(await window('罚款', 3, { caseIds: ['case-w1', 'case-s11', 'case-x'] })).toEqual(['case-s11', 'case-w1']);
      expect(await window('罚款', 3, { caseIds: [] })).toEqual([]);
    });

    it('issue 14 point 5: the window of a Chinese query of several words (行政罚款 → 行政, 罚款) holds only documents with every word, newest first', async () => {
      expect(queryTokens('行政罚款')).toEqual(['行政', '罚款']);
      await index({ entityType: 'evidence', entityId: 'both-old', caseId: 'case-b1', title: '笔录', body: '依法给予行政罚款' });
      await index({ entityType: 'evidence', entityId: 'both-new', caseId: 'case-b2', title: '行政罚款决定', body: '' });
      // newer still, but with one of the two words only
      await index({ entityType: 'evidence', entityId: 'fine-only', caseId: 'case-f', title: '罚款', body: '罚款' });
      await index({ entityType: 'evidence', entityId: 'admin-only', caseId: 'case-g', title: '行政', body: '行政复议' });
      const window = async (w: number | null) =>
        (await sql<{ case_id: string }>`${matchingCasesSubquery(db.dialect, { tokens: queryTokens('行政罚款'), window: w })}`.execute(db.kysely)).rows.map((r) => r.case_id).sort();
      expect(await window(1)).toEqual(['case-b2']);
      expect(await window(2)).toEqual(['case-b1', 'case-b2']);
      // the corpus's penalty report (case-a, indexed first) has both words too (行政 inside 行政处罚)
      expect(await window(null)).toEqual(['case-a', 'case-b1', 'case-b2']);
    });

    it('re-indexing a document replaces it: old words no longer find it, new ones do', async () => {
      await index({ ...searchCorpus.penaltyReport, body: '经复查，已改为警告，不再罚款以外的处理。' });
      expect(await ids('占道经营')).toEqual([]);
      expect(await ids('警告')).toEqual([idOf('penaltyReport')]);
      const rows = await db.kysely.selectFrom('search_documents').select('id').where('entity_id', '=', idOf('penaltyReport')).execute();
      expect(rows).toHaveLength(1);
      // Indexing the same content again changes nothing and finds it once.
      await index({ ...searchCorpus.penaltyReport, body: '经复查，已改为警告，不再罚款以外的处理。' });
      expect(await ids('警告')).toEqual([idOf('penaltyReport')]);
    });

    it('removing a document takes it out of the results', async () => {
      expect(await inTransaction(db, (tx) => removeDocument(tx, { entityType: 'evidence', entityId: idOf('interview') }))).toBe(true);
      expect(await ids('执法证')).toEqual([]);
      expect(await inTransaction(db, (tx) => removeDocument(tx, { entityType: 'evidence', entityId: idOf('interview') }))).toBe(false);
    });

    it('indexing is part of the caller’s transaction: a rollback leaves no trace in the index', async () => {
      await expect(
        inTransaction(db, async (tx) => {
          await indexDocument(tx, db.dialect, { entityType: 'case', entityId: 'ghost', title: '虚构案件', body: '违法违规占用消防通道' });
          expect((await searchDocuments(db, { query: '消防通道' }, tx)).hits).toHaveLength(1);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await ids('消防通道')).toEqual([]);
    });

    it('text PostgreSQL cannot store (NUL) and full-width forms are normalized on both engines', async () => {
      await index({ entityType: 'evidence', entityId: 'nul', title: 'ＡＢＣ１２３ 笔录', body: '含\u0000控制字符的罚没款票据' });
      expect(await ids('abc123')).toEqual(['nul']);
      expect(await ids('罚没款')).toEqual(['nul']);
    });

    it('rows written by plain SQL (as a backup restore does) are searchable: the engine index follows the row', async () => {
      // The base columns only: a backup leaves out PostgreSQL's generated tsv and SQLite's FTS tables.
      const rows = await db.kysely
        .selectFrom('search_documents')
        .select(['id', 'entity_type', 'entity_id', 'case_id', 'title', 'body', 'title_tokens', 'body_tokens'])
        .orderBy('id')
        .execute();
      await db.kysely.deleteFrom('search_documents').execute();
      expect(await ids('罚款')).toEqual([]);
      await db.kysely.insertInto('search_documents').values(rows).execute();
      expect(await ids('罚款')).toEqual([idOf('penaltyReport')]);
      expect(await ids('环境')).toEqual([idOf('ecoTransfer'), idOf('office')].sort());
    });

    it('rebuildSearchIndex re-segments every document and keeps results', async () => {
      await db.kysely.updateTable('search_documents').set({ body_tokens: '' }).where('entity_id', '=', idOf('interview')).execute();
      expect(await ids('执法证')).toEqual([]);
      expect(await rebuildSearchIndex(db, 2)).toBe(Object.keys(searchCorpus).length);
      expect(await ids('执法证')).toEqual([idOf('interview')]);
      expect(await ids('行政处罚')).toEqual([idOf('penaltyReport'), idOf('reconsideration')].sort());
    });
  });
});
