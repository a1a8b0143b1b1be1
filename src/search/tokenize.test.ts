import { describe, expect, it } from 'vitest';
import { fts5Query } from './search-index';
import { findHighlights, makeSnippet } from './snippet';
import { MAX_QUERY_TOKENS, documentTokens, highlightTokens, normalizeText, queryTokens } from './tokenize';

describe('segmentation', () => {
  it('indexes a long word with its sub-words, so 环境 finds 生态环境', () => {
    expect(documentTokens('区生态环境局')).toEqual(expect.arrayContaining(['生态', '环境', '生态环境']));
    expect(documentTokens('实施行政处罚')).toEqual(expect.arrayContaining(['行政', '处罚', '行政处罚']));
  });

  it('cuts without the HMM, so a word is cut the same way in any context (执法证即 does not swallow 证)', () => {
    expect(documentTokens('张三未取得执法证即实施处罚')).toEqual(expect.arrayContaining(['执法', '证']));
    expect(queryTokens('执法证')).toEqual(['执法', '证']);
  });

  it('a query keeps only words: punctuation and operator characters are dropped, words deduplicated', () => {
    expect(queryTokens('"NEAR" * -罚款 (罚款)')).toEqual(['near', '罚款']);
    expect(queryTokens('  ，。！？')).toEqual([]);
    expect(queryTokens('')).toEqual([]);
  });

  it('normalizes full-width forms and case the same way for documents and queries', () => {
    expect(normalizeText('ＡＢＣ１２３')).toBe('abc123');
    expect(queryTokens('ＡＢＣ')).toEqual(documentTokens('abc'));
  });

  it(`a very long query is cut to at most ${MAX_QUERY_TOKENS} words`, () => {
    const q = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    expect(queryTokens(q).length).toBeLessThanOrEqual(MAX_QUERY_TOKENS);
  });

  it('highlights a query word and its sub-words', () => {
    expect(highlightTokens('生态环境')).toEqual(expect.arrayContaining(['生态', '环境', '生态环境']));
  });
});

describe('fts5Query', () => {
  it('quotes every word and doubles embedded quotes, joined with AND', () => {
    expect(fts5Query(['罚款', '环境'])).toBe('"罚款" AND "环境"');
    expect(fts5Query(['a"b'])).toBe('"a""b"');
    expect(fts5Query(['near'])).toBe('"near"');
  });
});

describe('snippets', () => {
  const body = '举报人反映：2025年6月，某执法中队对在人行道上占道经营的商户作出行政处罚，罚款金额明显过高，且未告知陈述申辩权利。' + '后续内容'.repeat(30);

  it('cuts around the first match with ellipses and gives highlight offsets', () => {
    const s = makeSnippet(body, ['罚款'], 40);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text).toContain('罚款金额');
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['罚款']);
  });

  it('prefers the longest word where highlights overlap', () => {
    expect(findHighlights('区生态环境局', ['环境', '生态环境', '生态'])).toEqual([[1, 5]]);
  });

  it('starts at the beginning when no word occurs (a title-only match), and collapses whitespace', () => {
    const s = makeSnippet('第一行\n\n   第二行', ['不存在'], 80);
    expect(s).toEqual({ text: '第一行 第二行', highlights: [] });
  });

  it('matches case-insensitively', () => {
    expect(findHighlights('Wenze 系统', ['wenze'])).toEqual([[0, 5]]);
  });
});
