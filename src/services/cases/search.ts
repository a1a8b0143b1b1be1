// Full-text search over cases and evidence (Chinese, segmented; src/search). Cases index their
// number (and a WC-5 case its summary), evidence its title, description and text. Neither the
// reporter's identity nor the report text is ever indexed (issue 9 §3: both are sealed at rest),
// and the list restricts hits to cases the actor may see (see list.ts).
import type { DialectName } from '../../db/database';
import type { Tx } from '../../db/tx';
import { indexDocument, matchingCasesSubquery } from '../../search/search-index';
import { queryTokens } from '../../search/tokenize';
import { isSealedSource } from './report-text';
import { can } from '../../policies/roles';
import type { Ctx } from '../context';
import { teamCaseIdsOf as teamCaseIds } from '../../repositories/cases/case-repo';

/**
 * A case in the index: its number, and the summary of a WC-5 case. A case from a report is
 * indexed by its number only — the report text is sealed at rest (report-text.ts) and may name
 * the reporter, so it never enters the index (issue 9 §3: search indexes never contain identity).
 */
export function indexCase(tx: Tx, dialect: DialectName, c: { id: string; number: string; source: string; summary: string }): Promise<void> {
  return indexDocument(tx, dialect, { entityType: 'case', entityId: c.id, caseId: c.id, title: c.number, body: isSealedSource(c.source) ? '' : c.summary });
}

export function indexEvidence(tx: Tx, dialect: DialectName, e: { id: string; caseId: string; title: string; source: string; description: string | null; text: string | null }): Promise<void> {
  return indexDocument(tx, dialect, { entityType: 'evidence', entityId: e.id, caseId: e.caseId, title: e.title, body: [e.source, e.description, e.text].filter(Boolean).join('\n') });
}

/**
 * The case list's full-text condition (staff only): a sub-select of the case ids whose documents
 * (case number/summary, evidence) are among the newest `window` matches — see list.ts for how the
 * window widens. null: the caller may search nothing (no full-text hits, number match only).
 */
export async function caseSearchScope(ctx: Ctx, query: string): Promise<{ tokens: string[]; caseIds?: string[] } | null> {
  let caseIds: string[] | undefined;
  if (!can(ctx.actor, 'cases.readAll')) {
    if (!ctx.actor.roles.includes('investigator')) return null;
    caseIds = await teamCaseIds(ctx.db.kysely, ctx.actor.userId);
  }
  const tokens = queryTokens(query);
  if (!tokens.length) return null;
  return { tokens, ...(caseIds ? { caseIds } : {}) };
}

export const SEARCH_ENTITY_TYPES = ['case', 'evidence'] as const;

export const caseSearchSubquery = (ctx: Ctx, scope: { tokens: string[]; caseIds?: string[] }, window: number | null) =>
  matchingCasesSubquery(ctx.db.dialect, { tokens: scope.tokens, entityTypes: SEARCH_ENTITY_TYPES, ...(scope.caseIds ? { caseIds: scope.caseIds } : {}), window });

