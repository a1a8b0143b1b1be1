// The case's evidence, a page at a time (the case view's first page, GET /cases/:id/evidence).
//
// Order: newest first — recorded_at descending, then id descending (ids are unique, so the order
// is total). Paging is by key (keyset), not by offset: the cursor names the last item of the page
// before (its recorded_at and id) and the next page starts strictly after it in that order, so
// every item comes exactly once across the pages even when evidence is recorded meanwhile (the new
// items sort before the cursor and appear on a reload of the first page).
//
// The statement is limited in SQL (LIMIT page size + 1: the extra row only says whether there is a
// next page) and filtered in SQL by the caller's evidence scope (src/policies/case-visibility.ts,
// WC-11): a subject's page and count hold only what the subject may see.
//
// Corrections: each item of the page carries the newest correction of it (`supersededById`; the
// correction may be on another page) and the item it corrects (`supersedesId`), both only when the
// scope sees that other item — a subject is told of no item outside their scope. They are looked
// up for the page's items only, by index (migration 0530); the page itself is read in index order
// and stops after its LIMIT. (Before that index, a sub-select per item of the case made the page
// quadratic on SQLite.)
import { sql, type RawBuilder } from 'kysely';
import { compiledOnce } from '../../db/compiled-once';
import type { EvidenceScope } from '../../policies/case-visibility';
import { jsonList } from '../json-agg';
import { evidenceRecordOf, parseJson, type EvidenceRecord } from './case-rows';
import type { Q } from './case-repo';

/** Items on the case view's evidence page (and the list endpoint's default). */
export const EVIDENCE_PAGE_SIZE = 20;
/** The most items the list endpoint gives in one page. */
export const EVIDENCE_PAGE_MAX = 100;

/** Where a page starts: after the item with this recorded_at and id (in the newest-first order). */
export interface EvidenceCursor {
  at: string;
  id: string;
}

export type PagedEvidence = EvidenceRecord & { supersededById: string | null };

export interface EvidencePage {
  items: PagedEvidence[];
  /** every item the scope sees */
  total: number;
  /** where the next page starts; null: this is the last page */
  next: EvidenceCursor | null;
}

/** The bound values of a page: the case, and whose own statements a subject's scope adds (`own`). */
export type EvidencePageArgs = {
  id: string;
  own: string;
};

/**
 * Which statement a scope reads — part of the statement's text, not a bound value: the staff's
 * (`all`) has no filter; the subject's (`own`) keeps the disclosed items and their own. With the
 * scope bound (`? = 1 OR …`), PostgreSQL's generic plan for the prepared statement could not tell
 * the staff's reads from the subject's, estimated one row, and sorted every item of the case.
 */
export type ScopeVariant = 'all' | 'own';
export const scopeVariant = (scope: EvidenceScope): ScopeVariant => (scope.all ? 'all' : 'own');
export const scopeArgs = (scope: EvidenceScope): Pick<EvidencePageArgs, 'own'> => ({ own: scope.all ? '' : (scope.ownPersonId ?? '') });

const COLS = [
  'id', 'kind', 'title', 'source', 'collected_on', 'description', 'has_text', 'file_sha256', 'file_name', 'file_size', 'mime_type',
  'supersedes_id', 'superseded_by_id', 'correction_reason', 'recorded_by', 'recorded_by_name', 'recorded_at', 'disclosable', 'source_person_id',
  'disclosure_requested_by', 'disclosure_requested_at', 'disclosed_by',
] as const;

/** The scope's filter on `alias`, as `AND …` (the same rule as maySeeEvidence; `own` '' matches nobody's statement). */
const andVisible = (scope: ScopeVariant, a: Pick<EvidencePageArgs, 'own'>, alias: 'e' | 'g' | 'o' = 'e') =>
  scope === 'all' ? sql`` : sql`AND (${sql.ref(`${alias}.disclosable`)} = 1 OR ${sql.ref(`${alias}.source_person_id`)} = ${a.own})`;

/**
 * The item an item corrects, as the scope may know it: a subject is not told of an item they may
 * not see (WC-11), whether it corrects or is corrected — a primary-key look-up per page item.
 */
const supersedesSeen = (scope: ScopeVariant, a: Pick<EvidencePageArgs, 'own'>) =>
  scope === 'all' ? sql`e.supersedes_id` : sql`(SELECT o.id FROM case_evidence o WHERE o.id = e.supersedes_id ${andVisible(scope, a, 'o')})`;

/**
 * The page's items (a JSON list, newest first) and the scope's count, as two columns of one
 * SELECT: the case aggregate puts them in its own statement (the view's first page), the list
 * endpoint runs them alone. `after`: the page starts after the cursor (`at`, `cid`). `take` (page
 * size + 1) is part of the text, not bound: with `LIMIT ?` inside the case aggregate SQLite took
 * about 3 ms more for the view (measured; a literal limit lets it keep the bounded sort).
 */
export function evidencePageColumns(pg: boolean, scope: ScopeVariant, a: EvidencePageArgs & { at?: string; cid?: string }, after: boolean, take: number): { items: RawBuilder<unknown>; total: RawBuilder<unknown> } {
  if (!Number.isInteger(take) || take < 1 || take > EVIDENCE_PAGE_MAX + 1) throw new Error(`evidence page: take ${take}`);
  const start = after ? sql`AND (e.recorded_at < ${a.at} OR (e.recorded_at = ${a.at} AND e.id < ${a.cid}))` : sql``;
  // the page first (in index order, stopping after `take` rows: migration 0530), then for each of
  // its items the newest correction the scope sees (an index look-up by supersedes_id)
  const items = jsonList(
    pg,
    // (a correction is of an item of the same case: record_evidence checks it, steps-investigation.ts)
    sql`SELECT p.*,
               (SELECT g.id FROM case_evidence g WHERE g.supersedes_id = p.id ${andVisible(scope, a, 'g')}
                ORDER BY g.recorded_at DESC, g.id DESC LIMIT 1) AS superseded_by_id
        FROM (SELECT e.id, e.kind, e.title, e.source, e.collected_on, e.description,
                     CASE WHEN e.text_content IS NOT NULL AND e.text_content <> '' THEN 1 ELSE 0 END AS has_text, e.file_sha256, e.file_name, e.file_size, e.mime_type,
                     ${supersedesSeen(scope, a)} AS supersedes_id, e.correction_reason, e.recorded_by, u.display_name AS recorded_by_name, e.recorded_at, e.disclosable, e.source_person_id,
                     e.disclosure_requested_by, e.disclosure_requested_at, e.disclosed_by
              FROM case_evidence e LEFT JOIN users u ON u.id = e.recorded_by
              WHERE e.case_id = ${a.id} ${andVisible(scope, a)} ${start}
              ORDER BY e.recorded_at DESC, e.id DESC LIMIT ${sql.lit(take)}) p
        ORDER BY p.recorded_at DESC, p.id DESC`,
    COLS,
    'x.recorded_at DESC, x.id DESC',
  );
  const total = sql`(SELECT count(*) FROM case_evidence e WHERE e.case_id = ${a.id} ${andVisible(scope, a)})`;
  return { items, total };
}

const sn = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));

/** The page from the two columns: at most `limit` items, and the cursor of the next page when the statement read one more. */
export function decodeEvidencePage(itemsJson: unknown, totalValue: unknown, limit: number): EvidencePage {
  const rows = parseJson<Record<string, unknown>[]>(itemsJson as string | null, []);
  // the page never carries the text itself (the view and the list show has_text only)
  const items = rows.slice(0, limit).map((e): PagedEvidence => ({ ...evidenceRecordOf(e), textContent: null, supersededById: sn(e.superseded_by_id) }));
  const last = items[items.length - 1];
  return { items, total: Number(totalValue ?? 0), next: rows.length > limit && last ? { at: last.recordedAt, id: last.id } : null };
}

/** where the page starts and how many rows it reads (the limit is in the text: see evidencePageColumns) */
export type PageVariant = `${'first' | 'after'}:${ScopeVariant}:${number}`;
export type PageArgs = EvidencePageArgs & { at: string; cid: string };

/** exported for the plan test (src/db/case-evidence-order-index.test.ts) */
export const pageStatement = compiledOnce<PageVariant, PageArgs>((pg, variant, a) => {
  const [start, scope, take] = variant.split(':') as [string, ScopeVariant, string];
  const { items, total } = evidencePageColumns(pg, scope, a, start === 'after', Number(take));
  return sql<Record<string, unknown>>`SELECT ${items} AS items, ${total} AS total`;
});

/** One page of the case's evidence as the scope sees it, in one statement (items and count). */
export async function readEvidencePage(q: Q, caseId: string, scope: EvidenceScope, page: { cursor: EvidenceCursor | null; limit: number }): Promise<EvidencePage> {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > EVIDENCE_PAGE_MAX) throw new Error(`evidence page: limit ${page.limit}`);
  const variant: PageVariant = `${page.cursor ? 'after' : 'first'}:${scopeVariant(scope)}:${page.limit + 1}`;
  const r = await pageStatement.execute(q, variant, { id: caseId, ...scopeArgs(scope), at: page.cursor?.at ?? '', cid: page.cursor?.id ?? '' });
  const x = r.rows[0]!;
  return decodeEvidencePage(x.items, x.total, page.limit);
}
