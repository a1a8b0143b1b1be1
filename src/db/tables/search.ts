// Owned by the search area (src/search). One row per indexed document; the engine-specific index
// follows the row by itself: SQLite keeps an FTS5 table `search_fts` in step through triggers,
// PostgreSQL a generated `tsv` column (GIN-indexed). Neither is in these types: only
// src/search touches them, with raw SQL.
import type { Generated } from 'kysely';

export interface SearchDocumentTable {
  id: Generated<number>;
  /** e.g. 'case', 'report', 'evidence' */
  entity_type: string;
  entity_id: string;
  /** the accountability case the document belongs to, for filtering by access */
  case_id: string | null;
  title: string;
  body: string;
  /** space-joined jieba tokens (cutForSearch) of title and body */
  title_tokens: string;
  body_tokens: string;
}

export interface SearchTables {
  search_documents: SearchDocumentTable;
}
