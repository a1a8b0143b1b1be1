// The case's evidence a page at a time. The case view carries the newest page, the count the
// caller may see (evidenceTotal) and the cursor of the next page; GET /cases/:id/evidence gives
// the following pages (newest first, each item once). A new case view (after every step) starts
// again from its own first page, so newly recorded evidence shows first.
import { useCallback, useEffect, useState } from 'react';
import { get, withQuery } from '../lib/api';
import { EP } from '../lib/endpoints';
import type { CaseView } from './types';

export type EvidenceItem = CaseView['evidence'][number];
export interface EvidencePage {
  items: EvidenceItem[];
  total: number;
  nextCursor: string | null;
}

/** The largest page the server gives (src/repositories/cases/evidence-page.ts EVIDENCE_PAGE_MAX). */
export const EVIDENCE_PAGE_MAX = 100;

export const fetchEvidencePage = (caseId: string, cursor: string | null, limit?: number, signal?: AbortSignal) =>
  get<EvidencePage>(withQuery(EP.caseEvidence(caseId), { cursor, limit }), { signal });

/** Every item after the ones already held, without repeating any (by id). */
function appendNew(held: EvidenceItem[], more: EvidenceItem[]): EvidenceItem[] {
  const seen = new Set(held.map((e) => e.id));
  return [...held, ...more.filter((e) => !seen.has(e.id))];
}

export interface EvidencePages {
  items: EvidenceItem[];
  total: number;
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  loadMore(): void;
}

/** The view's first page and the pages loaded after it with 「加载更多」. */
export function useEvidencePages(c: Pick<CaseView, 'id' | 'evidence' | 'evidenceTotal' | 'evidenceNextCursor'>): EvidencePages {
  const [state, setState] = useState({ of: c, items: c.evidence, cursor: c.evidenceNextCursor });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // a new case view: its own first page (the pages loaded before belong to the old one)
  const current = state.of === c ? state : { of: c, items: c.evidence, cursor: c.evidenceNextCursor };
  useEffect(() => {
    if (state.of !== c) setState({ of: c, items: c.evidence, cursor: c.evidenceNextCursor });
  }, [c, state.of]);
  const loadMore = useCallback(() => {
    if (!current.cursor || loading) return;
    setLoading(true);
    setError(null);
    fetchEvidencePage(c.id, current.cursor)
      .then((p) => setState((s) => (s.of === c ? { of: c, items: appendNew(s.items, p.items), cursor: p.nextCursor } : s)))
      .catch(setError)
      .finally(() => setLoading(false));
  }, [c, current.cursor, loading]);
  return { items: current.items, total: c.evidenceTotal, hasMore: Boolean(current.cursor), loading, error, loadMore };
}

/**
 * Every item of the case the caller may see (all pages, the largest page size): for a picker that
 * must offer all of them (the item a correction supersedes). Loaded again when `version` changes.
 */
export function useAllEvidence(caseId: string, version: number, enabled: boolean): { items: EvidenceItem[] | null; error: unknown } {
  const [items, setItems] = useState<EvidenceItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    (async () => {
      let all: EvidenceItem[] = [];
      let cursor: string | null = null;
      do {
        const p: EvidencePage = await fetchEvidencePage(caseId, cursor, EVIDENCE_PAGE_MAX, ctl.signal);
        all = appendNew(all, p.items);
        cursor = p.nextCursor;
      } while (cursor);
      setItems(all);
      setError(null);
    })().catch((e: unknown) => {
      if ((e as Error)?.name !== 'AbortError') setError(e);
    });
    return () => ctl.abort();
  }, [caseId, version, enabled]);
  return { items, error };
}
