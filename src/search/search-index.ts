// A generic full-text index any area writes to inside its own transaction: cases, reports,
// evidence text, documents. One row per (entityType, entityId); indexing again replaces it.
//
// Writing is the same on both engines (the engine-specific index follows the row, see migration
// 0050-search); searching is one small function per dialect:
// - SQLite: FTS5 MATCH over the token columns, the query's words ANDed, each quoted as an FTS5
//   string so no user input is ever read as FTS5 syntax; ranked by bm25 (title weighs 3×).
// - PostgreSQL: `tsv @@ plainto_tsquery('simple', words)` (plainto ANDs the words and has no
//   operators to inject), ranked by ts_rank over the weighted vector (title A, body B).
//
// The index does not decide who may see what: callers restrict by `entityTypes` and `caseIds`
// to what the actor may read, and never index what must stay confidential (e.g. a reporter's
// identity).
import { sql, type Compilable, type Kysely } from 'kysely';
import { compiledOnce } from '../db/compiled-once';
import type { Db, DialectName } from '../db/database';
import type { Database } from '../db/schema';
import { inTransaction, type Tx } from '../db/tx';
import { makeSnippet, findHighlights, type Snippet } from './snippet';
import { documentTokens, highlightTokens, queryTokens } from './tokenize';

export interface SearchDocumentInput {
  entityType: string;
  entityId: string;
  caseId?: string | null;
  title: string;
  body: string;
}

export interface SearchOptions {
  query: string;
  /** only these kinds of entity (e.g. ['case', 'evidence']) */
  entityTypes?: readonly string[];
  /** only documents of these cases (the cases the actor may read); [] finds nothing */
  caseIds?: readonly string[];
  /** 1–100, default 20 */
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  entityType: string;
  entityId: string;
  caseId: string | null;
  title: string;
  titleHighlights: [number, number][];
  snippet: Snippet;
  /** higher is better; comparable only within one result list */
  score: number;
}

export interface SearchResult {
  /** the words every hit contains */
  tokens: string[];
  hits: SearchHit[];
  /** more hits exist after offset + limit */
  hasMore: boolean;
}

const MAX_TITLE = 500;
const MAX_LIMIT = 100;

interface Row {
  id: number;
  entity_type: string;
  entity_id: string;
  case_id: string | null;
  title: string;
  body: string;
  score: number;
}

interface Filters {
  tokens: string[];
  entityTypes?: readonly string[] | undefined;
  caseIds?: readonly string[] | undefined;
  limit: number;
  offset: number;
}

function sanitize(s: string): string {
  // PostgreSQL text cannot hold NUL; keep both engines (and backups between them) identical.
  return s.replaceAll('\u0000', '');
}

export function rowValues(doc: SearchDocumentInput) {
  const title = sanitize(doc.title).slice(0, MAX_TITLE);
  const body = sanitize(doc.body);
  return {
    entity_type: doc.entityType,
    entity_id: doc.entityId,
    case_id: doc.caseId ?? null,
    title,
    body,
    title_tokens: documentTokens(title).join(' '),
    body_tokens: documentTokens(body).join(' '),
  };
}

/**
 * Indexes (or re-indexes, replacing) one document, inside the caller's transaction so the index
 * never disagrees with the data it describes. Segmentation happens here, in the application.
 */
export async function indexDocument(tx: Tx, dialect: DialectName, doc: SearchDocumentInput): Promise<void> {
  if (!doc.entityType || !doc.entityId) throw new TypeError('indexDocument: entityType and entityId are required');
  // compiled once per engine (src/db/compiled-once.ts); `dialect` is the handle's engine
  await indexStatement.execute(tx, '-', rowValues(doc));
}

const INDEXED_COLS = ['case_id', 'title', 'body', 'title_tokens', 'body_tokens'] as const;

/** The upsert of one document (indexDocument), built and compiled once per engine. */
export const indexStatement = compiledOnce<'-', ReturnType<typeof rowValues>, never>((pg, _v, v, db) => {
  // An unchanged document is not rewritten: on SQLite every update rewrites the FTS5 entry.
  // (IS DISTINCT FROM is PostgreSQL's null-safe comparison; SQLite's is IS NOT.)
  const cols = INDEXED_COLS;
  const changed = pg
    ? sql<boolean>`(${sql.join(cols.map((c) => sql.ref(`search_documents.${c}`)))}) IS DISTINCT FROM (${sql.join(cols.map((c) => sql.ref(`excluded.${c}`)))})`
    : sql<boolean>`${sql.join(
        cols.map((c) => sql`${sql.ref(`search_documents.${c}`)} IS NOT ${sql.ref(`excluded.${c}`)}`),
        sql` OR `,
      )}`;
  return db
    .insertInto('search_documents')
    // the columns in this order whatever the order of `v`'s keys (the cached text is built from sorted keys)
    .values({ entity_type: v.entity_type, entity_id: v.entity_id, case_id: v.case_id, title: v.title, body: v.body, title_tokens: v.title_tokens, body_tokens: v.body_tokens })
    .onConflict((oc) =>
      oc
        .columns(['entity_type', 'entity_id'])
        .doUpdateSet({ case_id: v.case_id, title: v.title, body: v.body, title_tokens: v.title_tokens, body_tokens: v.body_tokens })
        .where(changed),
    ) as unknown as Compilable<never>;
});

/** Removes a document from the index; true when there was one. */
export async function removeDocument(tx: Tx, ref: { entityType: string; entityId: string }): Promise<boolean> {
  const r = await tx.deleteFrom('search_documents').where('entity_type', '=', ref.entityType).where('entity_id', '=', ref.entityId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// ------------------------------------------------------------------ per-dialect queries

/** FTS5 query text: each word a quoted string ("" escapes a quote), all required. */
export function fts5Query(tokens: readonly string[]): string {
  return tokens.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}

// Both queries rank and cut to one page on the index alone (ids and scores), and only then read
// the page's rows: sorting tens of thousands of matches with their bodies attached was the cost.

async function searchSqlite(q: Kysely<Database>, f: Filters): Promise<Row[]> {
  const filtered = Boolean(f.entityTypes?.length || f.caseIds);
  const types = f.entityTypes?.length ? sql`AND d.entity_type IN (${sql.join([...f.entityTypes])})` : sql``;
  const cases = f.caseIds ? sql`AND d.case_id IN (${sql.join([...f.caseIds])})` : sql``;
  const page = filtered
    ? sql`SELECT search_fts.rowid AS id, bm25(search_fts, 3.0, 1.0) AS s
            FROM search_fts JOIN search_documents d ON d.id = search_fts.rowid
           WHERE search_fts MATCH ${fts5Query(f.tokens)} ${types} ${cases}
           ORDER BY s, id LIMIT ${f.limit} OFFSET ${f.offset}`
    : sql`SELECT rowid AS id, bm25(search_fts, 3.0, 1.0) AS s FROM search_fts
           WHERE search_fts MATCH ${fts5Query(f.tokens)}
           ORDER BY s, id LIMIT ${f.limit} OFFSET ${f.offset}`;
  const r = await sql<Row>`
    SELECT d.id, d.entity_type, d.entity_id, d.case_id, d.title, d.body, -p.s AS score
      FROM (${page}) p JOIN search_documents d ON d.id = p.id
     ORDER BY p.s, d.id`.execute(q);
  return r.rows;
}

async function searchPostgres(q: Kysely<Database>, f: Filters): Promise<Row[]> {
  const types = f.entityTypes?.length ? sql`AND d.entity_type = ANY(${[...f.entityTypes]}::text[])` : sql``;
  const cases = f.caseIds ? sql`AND d.case_id = ANY(${[...f.caseIds]}::text[])` : sql``;
  const r = await sql<Row>`
    WITH page AS (
      SELECT d.id, ts_rank(d.tsv, query) AS score
        FROM search_documents d, plainto_tsquery('simple'::regconfig, ${f.tokens.join(' ')}) AS query
       WHERE d.tsv @@ query ${types} ${cases}
       ORDER BY score DESC, d.id
       LIMIT ${f.limit} OFFSET ${f.offset}
    )
    SELECT d.id, d.entity_type, d.entity_id, d.case_id, d.title, d.body, page.score
      FROM page JOIN search_documents d ON d.id = page.id
     ORDER BY page.score DESC, d.id`.execute(q);
  return r.rows;
}

export const searchByDialect: Record<DialectName, (q: Kysely<Database>, f: Filters) => Promise<Row[]>> = {
  sqlite: searchSqlite,
  postgres: searchPostgres,
};

/**
 * Ranked hits for a query in any language mix (Chinese segmented with jieba). Never throws on
 * what a user types: no searchable word → no hits. Pass `tx` when inside a transaction.
 */
export async function searchDocuments(db: Db, opts: SearchOptions, tx?: Tx): Promise<SearchResult> {
  const tokens = queryTokens(opts.query ?? '');
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(opts.limit ?? 20)));
  const offset = Math.max(0, Math.trunc(opts.offset ?? 0));
  if (tokens.length === 0 || (opts.caseIds && opts.caseIds.length === 0)) return { tokens, hits: [], hasMore: false };
  const rows = await searchByDialect[db.dialect](tx ?? db.kysely, {
    tokens,
    entityTypes: opts.entityTypes,
    caseIds: opts.caseIds,
    limit: limit + 1,
    offset,
  });
  const marks = highlightTokens(opts.query);
  const hits = rows.slice(0, limit).map((r) => ({
    entityType: r.entity_type,
    entityId: r.entity_id,
    caseId: r.case_id,
    title: r.title,
    titleHighlights: findHighlights(r.title, marks),
    snippet: makeSnippet(r.body, marks),
    score: Number(r.score),
  }));
  return { tokens, hits, hasMore: rows.length > limit };
}

export interface CaseIdSearchOptions {
  query: string;
  entityTypes?: readonly string[];
  /** only these cases (the cases the actor may read); [] finds nothing */
  caseIds?: readonly string[];
  /** most case ids returned, 1–5000, default 500 */
  limit?: number;
}

interface CaseFilters {
  tokens: string[];
  entityTypes?: readonly string[] | undefined;
  caseIds?: readonly string[] | undefined;
  limit: number;
}

// FTS5 allows bm25() only in a plain full-text query, not inside an aggregate: score first in a
// MATERIALIZED CTE (a subquery would be flattened into the aggregate).
async function caseIdsSqlite(q: Kysely<Database>, f: CaseFilters): Promise<string[]> {
  const types = f.entityTypes?.length ? sql`AND d.entity_type IN (${sql.join([...f.entityTypes])})` : sql``;
  const cases = f.caseIds ? sql`AND d.case_id IN (${sql.join([...f.caseIds])})` : sql``;
  const r = await sql<{ case_id: string }>`
    WITH m AS MATERIALIZED (SELECT rowid AS id, bm25(search_fts, 3.0, 1.0) AS s FROM search_fts WHERE search_fts MATCH ${fts5Query(f.tokens)})
    SELECT d.case_id, min(m.s) AS s
      FROM m JOIN search_documents d ON d.id = m.id
     WHERE d.case_id IS NOT NULL ${types} ${cases}
     GROUP BY d.case_id ORDER BY s, d.case_id LIMIT ${f.limit}`.execute(q);
  return r.rows.map((x) => x.case_id);
}

async function caseIdsPostgres(q: Kysely<Database>, f: CaseFilters): Promise<string[]> {
  const types = f.entityTypes?.length ? sql`AND d.entity_type = ANY(${[...f.entityTypes]}::text[])` : sql``;
  const cases = f.caseIds ? sql`AND d.case_id = ANY(${[...f.caseIds]}::text[])` : sql``;
  const r = await sql<{ case_id: string }>`
    SELECT d.case_id, max(ts_rank(d.tsv, query)) AS score
      FROM search_documents d, plainto_tsquery('simple'::regconfig, ${f.tokens.join(' ')}) AS query
     WHERE d.tsv @@ query AND d.case_id IS NOT NULL ${types} ${cases}
     GROUP BY d.case_id ORDER BY score DESC, d.case_id LIMIT ${f.limit}`.execute(q);
  return r.rows.map((x) => x.case_id);
}

export const caseIdsByDialect: Record<DialectName, (q: Kysely<Database>, f: CaseFilters) => Promise<string[]>> = {
  sqlite: caseIdsSqlite,
  postgres: caseIdsPostgres,
};

/**
 * The cases whose indexed documents match the query, best match first, in one query (no bodies
 * read, no snippets): for filtering a case list by a search box.
 */
export async function matchingCaseIds(db: Db, opts: CaseIdSearchOptions, tx?: Tx): Promise<string[]> {
  const tokens = queryTokens(opts.query ?? '');
  if (tokens.length === 0 || (opts.caseIds && opts.caseIds.length === 0)) return [];
  const limit = Math.min(5000, Math.max(1, Math.trunc(opts.limit ?? 500)));
  return caseIdsByDialect[db.dialect](tx ?? db.kysely, { tokens, entityTypes: opts.entityTypes, caseIds: opts.caseIds, limit });
}

// ------------------------------------------------------------------ bounded case search

/**
 * The case ids of the newest `window` matching documents of `entityTypes` (and of `caseIds`), as
 * a sub-select for `cases.id IN (…)` (issue 14 point 5: flat as data grows). The cut follows the
 * document id, which grows as documents are indexed (a new case, new evidence; re-indexing keeps
 * the id): FTS5 reads its doclist backwards (`ORDER BY rowid DESC LIMIT`, each match's row looked
 * up by id until the window is full); PostgreSQL walks the primary key backwards testing
 * `tsv @@ query`, or takes the GIN matches and keeps the top ids (the planner picks by the term's
 * frequency). Nothing is ranked: the case list is ordered by year/number, and a rank only chose
 * which matches got in. `window` null: every match (the fallback when visibility or filters hide
 * most of the newest). `caseIds` ([] → nothing): only those cases' documents, read through the
 * case index. No user input is read as query syntax (see fts5Query).
 */
export function matchingCasesSubquery(dialect: DialectName, opts: { tokens: readonly string[]; entityTypes?: readonly string[]; caseIds?: readonly string[]; window: number | null }) {
  const newest = opts.window == null ? sql`` : sql`ORDER BY d.id DESC LIMIT ${opts.window}`;
  if (dialect === 'sqlite') {
    const match = fts5Query(opts.tokens);
    const types = opts.entityTypes?.length ? sql`AND d.entity_type IN (${sql.join([...opts.entityTypes])})` : sql``;
    if (opts.caseIds) {
      if (!opts.caseIds.length) return sql<string>`SELECT NULL AS case_id WHERE 0`;
      return sql<string>`SELECT d.case_id FROM search_documents d
        WHERE d.case_id IN (${sql.join([...opts.caseIds])}) ${types} AND d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${match}) ${newest}`;
    }
    if (opts.window == null) {
      return sql<string>`SELECT d.case_id FROM search_documents d WHERE d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${match}) AND d.case_id IS NOT NULL ${types}`;
    }
    // the FTS5 table drives, newest first; its order is the rowid's, so no sort
    return sql<string>`SELECT d.case_id FROM search_fts JOIN search_documents d ON d.id = search_fts.rowid
      WHERE search_fts MATCH ${match} AND d.case_id IS NOT NULL ${types} ORDER BY search_fts.rowid DESC LIMIT ${opts.window}`;
  }
  const types = opts.entityTypes?.length ? sql`AND d.entity_type = ANY(${[...opts.entityTypes]}::text[])` : sql``;
  const cases = opts.caseIds ? sql`AND d.case_id = ANY(${[...opts.caseIds]}::text[])` : sql``;
  return sql<string>`SELECT d.case_id FROM search_documents d
    WHERE d.tsv @@ plainto_tsquery('simple'::regconfig, ${opts.tokens.join(' ')}) AND d.case_id IS NOT NULL ${types} ${cases} ${newest}`;
}

/**
 * Re-segments every document (after a jieba or dictionary upgrade), in batches of one
 * transaction each; on SQLite the FTS5 index is then rebuilt from the rows. Returns the count.
 */
export async function rebuildSearchIndex(db: Db, batch = 500): Promise<number> {
  let after = 0;
  let n = 0;
  for (;;) {
    const rows = await db.kysely.selectFrom('search_documents').select(['id', 'title', 'body']).where('id', '>', after).orderBy('id').limit(batch).execute();
    if (rows.length === 0) break;
    await inTransaction(db, async (tx) => {
      for (const r of rows) {
        await tx
          .updateTable('search_documents')
          .set({ title_tokens: documentTokens(r.title).join(' '), body_tokens: documentTokens(r.body).join(' ') })
          .where('id', '=', r.id)
          .execute();
      }
    });
    n += rows.length;
    after = Number(rows[rows.length - 1]!.id);
  }
  if (db.dialect === 'sqlite') await inTransaction(db, (tx) => sql`INSERT INTO search_fts (search_fts) VALUES ('rebuild')`.execute(tx));
  return n;
}
