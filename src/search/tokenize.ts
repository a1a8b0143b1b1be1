// Chinese word segmentation for full-text search, done in the application so both engines index
// the same tokens: @node-rs/jieba, dictionary only (no HMM). The HMM guesses unknown words from
// context, so the same phrase can be cut differently in a document and in a query ("执法证即"
// became one token, and a search for 执法证 missed it); dictionary-only cutting is stable.
//
// Documents are cut with `cutForSearch` (a long word also yields its dictionary sub-words:
// 生态环境 → 生态, 环境, 生态环境), so a query for 环境 finds 生态环境. Queries are cut with `cut`
// (the coarse words), every word required: a document containing the word has all of the
// word's sub-words too, so nothing is lost, and fewer terms make a faster query.
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

/** Longest query the search accepts (characters); longer input is cut off, never an error. */
export const MAX_QUERY_CHARS = 200;
/** Most words a query is turned into. */
export const MAX_QUERY_TOKENS = 16;

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  if (!jieba) {
    // The native module and its 5 MB dictionary load once per process (~90 ms), on first use.
    const require = createRequire(import.meta.url);
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as { Jieba: typeof Jieba };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
}

// A token must carry a letter or a digit: punctuation, spaces and symbols are not searchable,
// and dropping them here keeps FTS5/tsquery operators (" * - ( ) : ^ +) out of queries.
const WORDISH = /[\p{L}\p{N}]/u;

/**
 * Full-width forms become ASCII (ＡＢＣ１２３ → ABC123), letters lower case; NUL characters,
 * which PostgreSQL text cannot hold, are removed.
 */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').replaceAll('\u0000', '').toLowerCase();
}

function clean(tokens: string[]): string[] {
  return tokens.map((t) => t.trim()).filter((t) => t.length > 0 && WORDISH.test(t));
}

/** Tokens of a document (title or body), for the index. */
export function documentTokens(text: string): string[] {
  if (!text) return [];
  return clean(segmenter().cutForSearch(normalizeText(text), false));
}

/** Distinct words of a query, in order, at most MAX_QUERY_TOKENS: every one must match. */
export function queryTokens(query: string): string[] {
  const text = normalizeText(query.slice(0, MAX_QUERY_CHARS));
  return [...new Set(clean(segmenter().cut(text, false)))].slice(0, MAX_QUERY_TOKENS);
}

/** Words to highlight for a query: its words and their sub-words (环境 inside 生态环境). */
export function highlightTokens(query: string): string[] {
  const text = normalizeText(query.slice(0, MAX_QUERY_CHARS));
  return [...new Set(clean(segmenter().cutForSearch(text, false)))];
}
