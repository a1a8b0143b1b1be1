// Full-text search over cases and evidence (Chinese, segmented; src/search). Cases index their
// number and report summary, evidence its title, description and text. The reporter's identity
// is never indexed (it is not in the case body), and the list restricts hits to cases the actor
// may see and searches the report text for staff only (see list.ts).
import type { DialectName } from '../../db/database';
import type { Tx } from '../../db/tx';
import { indexDocument, matchingCaseIds } from '../../search/search-index';
import { can } from '../../policies/roles';
import type { Ctx } from '../context';
import { teamCaseIdsOf } from '../../repositories/cases/case-repo';

export function indexCase(tx: Tx, dialect: DialectName, c: { id: string; number: string; summary: string }): Promise<void> {
  return indexDocument(tx, dialect, { entityType: 'case', entityId: c.id, caseId: c.id, title: c.number, body: c.summary });
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
