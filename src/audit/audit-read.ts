// 等保2.0 安全审计: reads are audited too. Every read of a case (view, timeline, findings,
// records, documents list), of a document (view, DOCX/PDF download) and of evidence (text and
// file download), and every look at the audit trail itself, goes through `auditRead`: one small
// write transaction appending one hash-chained record (who, what, when, from where — the
// source address comes from the request context). It runs after the read was authorized and
// its data loaded, before the answer leaves: if the record cannot be written, the read fails
// (no unaudited disclosure). Reads that are refused (403/404) write nothing.
import { inTransaction } from '../db/tx';
import type { Db } from '../db/database';
import type { Clock } from '../lib/clock';
import type { Actor } from '../policies/roles';
import { appendAudit } from './audit-writer';

export interface AuditedRead {
  action: ReadAction;
  entityType: string;
  entityId: string;
  /** what exactly was read (document id and version, evidence id, filters …) */
  details?: unknown;
  /** issue 11: the organisation the record belongs to; absent: the entity's (src/audit/audit-org.ts) */
  orgId?: string | null;
}

/**
 * Routine reads: recorded in the audit trail (and shown in the audit viewer), not on the case
 * timeline, which would otherwise grow by a line every time someone opens the case page.
 */
export const ROUTINE_READ_ACTIONS = [
  'case.read',
  'case.timeline.read',
  'case.findings.read',
  'case.documents.list',
  'case.recommendation.read',
  'case.evidence.read',
  'case.evidence.list',
  'case.reporter.thread.read',
  'audit.read',
  'audit.export',
  'audit.verify',
] as const;

/** Reads that stay on the staff's case timeline as before (identity of the reporter, files). */
export const CASE_FILE_READ_ACTIONS = ['case.reporter.read', 'case.reporter.attachment.download', 'case.evidence.download', 'case.document.read', 'case.document.download'] as const;

export type ReadAction = (typeof ROUTINE_READ_ACTIONS)[number] | (typeof CASE_FILE_READ_ACTIONS)[number];

export async function auditRead(ctx: { db: Db; clock: Clock; actor: Actor }, read: AuditedRead): Promise<void> {
  await inTransaction(ctx.db, (tx) =>
    appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: read.action,
      entityType: read.entityType,
      entityId: read.entityId,
      after: read.details,
      ...(read.orgId !== undefined ? { orgId: read.orgId } : {}),
      at: ctx.clock.now().toISOString(),
    }),
  );
}
