// Full-text search over cases and evidence (Chinese, segmented; src/search). Cases index their
// number (and a WC-5 case its summary), evidence its title, description and text. Neither the
// reporter's identity nor the report text is ever indexed (issue 9 §3: both are sealed at rest),
// and the list restricts hits to cases the actor may see (see list.ts).
import type { DialectName } from '../../db/database';
import type { Tx } from '../../db/tx';
import { indexDocument, matchingCaseIds } from '../../search/search-index';
import { isSealedSource } from './report-text';
import { can } from '../../policies/roles';
import type { Ctx } from '../context';
import { teamCaseIdsOf } from '../../repositories/cases/case-repo';

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

/** Case ids whose report text or evidence matches the query, among the cases the actor may see (staff only). */
export async function searchCaseIds(ctx: Ctx, query: string): Promise<string[]> {
  let caseIds: string[] | undefined;
  if (!can(ctx.actor, 'cases.readAll')) {
    if (!ctx.actor.roles.includes('investigator')) return [];
    caseIds = await teamCaseIdsOf(ctx.db.kysely, ctx.actor.userId);
  }
  // the best 500 matching cases in one ranked query (issue 14 point 5: it was five pages of 100
  // documents, each ranking every match again)
  return matchingCaseIds(ctx.db, { query, entityTypes: ['case', 'evidence'], ...(caseIds ? { caseIds } : {}), limit: 500 });
}
