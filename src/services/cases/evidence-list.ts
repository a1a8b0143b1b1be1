// The case's evidence a page at a time: the case view carries the newest page (and the count and
// the next page's cursor); GET /api/v1/cases/:id/evidence?cursor=…&limit=… gives the following
// pages. Both read through src/repositories/cases/evidence-page.ts with the caller's evidence
// scope (WC-11: a subject sees, pages through and counts only the disclosed evidence and what
// they handed in) and present each item alike (`presentEvidence`).
import type { z } from 'zod';
import { z as zod } from 'zod';
import { auditRead } from '../../audit/audit-read';
import { AppError } from '../../errors';
import { parseInput } from '../../lib/validation';
import { evidenceFileNameShown, evidenceScope, maySeeStaffNames, type Perspective } from '../../policies/case-visibility';
import type { Actor } from '../../policies/roles';
import { requireCaseAccess } from '../../policies/cases';
import { EVIDENCE_PAGE_MAX, EVIDENCE_PAGE_SIZE, readEvidencePage, type EvidenceCursor, type EvidencePage, type PagedEvidence } from '../../repositories/cases/evidence-page';
import type { Ctx } from '../context';
import { ctxForCase } from '../orgs/acting-in';
import type { evidenceListOut, evidenceOut } from './schemas-out';

export { EVIDENCE_PAGE_MAX, EVIDENCE_PAGE_SIZE } from '../../repositories/cases/evidence-page';

/** One item as the perspective may see it (who recorded it and why it was corrected: staff only). */
export function presentEvidence(perspective: Perspective, actor: Actor, e: PagedEvidence): z.infer<typeof evidenceOut> {
  const staff = maySeeStaffNames(perspective);
  return {
    id: e.id,
    kind: e.kind,
    title: e.title,
    source: e.source,
    collectedOn: e.collectedOn,
    description: e.description,
    hasText: e.hasText,
    // FL-7(7): the subject never sees a file name the reporter check was not run over
    file: e.file ? { ...e.file, name: evidenceFileNameShown(perspective, actor, { fileName: e.file.name, disclosedBy: e.disclosedBy, sourcePersonId: e.sourcePersonId }) ?? '' } : null,
    supersedesId: e.supersedesId,
    supersededById: e.supersededById,
    correctionReason: staff ? e.correctionReason : null,
    recordedBy: staff ? e.recordedBy : null,
    recordedAt: e.recordedAt,
    disclosable: e.disclosable,
    sourcePersonId: e.sourcePersonId,
    // FL-7(7), WC-11: a team investigator's request waiting for a clerk (staff only)
    disclosureRequest: staff && e.disclosureRequestedBy && !e.disclosable ? { requestedBy: e.disclosureRequestedBy, requestedAt: e.disclosureRequestedAt ?? '' } : null,
  };
}

/**
 * The cursor as the client holds it: opaque (base64url of the last item's recorded_at and id).
 * Only its form is checked: a cursor naming no item still pages correctly (it is a position).
 */
export const encodeEvidenceCursor = (c: EvidenceCursor): string => Buffer.from(JSON.stringify([c.at, c.id]), 'utf8').toString('base64url');

const cursorInvalid = () =>
  new AppError('CURSOR_INVALID', { zh: '请从第一页重新加载证据列表', en: 'load the evidence list again from its first page' });

export function decodeEvidenceCursor(text: string): EvidenceCursor {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) throw cursorInvalid();
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw cursorInvalid();
  }
  const ok = (x: unknown, re: RegExp): x is string => typeof x === 'string' && re.test(x);
  // recorded_at: an ISO time; id: the ids of this system (src/lib/ids.ts and imported ones)
  if (!Array.isArray(v) || v.length !== 2 || !ok(v[0], /^[0-9T:.+Z -]{1,40}$/) || !ok(v[1], /^[A-Za-z0-9_-]{1,64}$/)) throw cursorInvalid();
  return { at: v[0], id: v[1] };
}

export const evidenceListQuerySchema = zod.object({
  cursor: zod.string().max(400).optional().describe('the previous page’s nextCursor; absent: the newest page'),
  limit: zod.coerce.number().int().min(1).max(EVIDENCE_PAGE_MAX).optional().describe(`items per page, 1–${EVIDENCE_PAGE_MAX} (default ${EVIDENCE_PAGE_SIZE})`),
});

/** The page as the answer carries it. */
export function presentEvidencePage(perspective: Perspective, actor: Actor, page: EvidencePage): z.infer<typeof evidenceListOut> {
  return { items: page.items.map((e) => presentEvidence(perspective, actor, e)), total: page.total, nextCursor: page.next ? encodeEvidenceCursor(page.next) : null };
}

/**
 * GET /cases/:id/evidence — one page of the evidence the caller may see, newest first. Authorized
 * first through the case's own policy (a hidden case is the same 404 as a missing one); then the
 * query is checked; the read is audited as a routine read (not on the case timeline).
 */
export async function listCaseEvidence(callerCtx: Ctx, caseId: string, raw: unknown): Promise<z.infer<typeof evidenceListOut>> {
  // issue 11: the roles held in the case's organisation
  const ctx = await ctxForCase(callerCtx, caseId);
  const q = ctx.db.kysely;
  const { perspective } = await requireCaseAccess(q, ctx.actor, caseId);
  const query = parseInput(evidenceListQuerySchema, raw ?? {});
  const cursor = query.cursor ? decodeEvidenceCursor(query.cursor) : null;
  const limit = query.limit ?? EVIDENCE_PAGE_SIZE;
  const page = await readEvidencePage(q, caseId, evidenceScope(perspective, ctx.actor), { cursor, limit });
  await auditRead(ctx, { action: 'case.evidence.list', entityType: 'case', entityId: caseId, details: { cursor: query.cursor ?? null, limit, count: page.items.length } });
  return presentEvidencePage(perspective, ctx.actor, page);
}
