// FL-7(7), FL-10(3): the reporter-identity check over a text the subject (or the public) will read
// answers only a legal-affairs clerk handling the case, and each refusal is written to the audit
// trail in a transaction of its own — the step that was refused rolls back, the record of the
// refused check stays — so that probing with guesses shows to the auditor (`GET /audit?action=
// case.reporter.redaction_refused`) and to the clerks on the case timeline. The record names who,
// which case, what was checked (the evidence or document, its fields) — never the text, nor how
// much of it matched.
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import type { Ctx } from '../context';
import type { DocumentContent } from '../documents/content';
import { namesReporterOrIdentifiers, REDACTION_REFUSAL, redactionRefusal } from '../documents/redact';

export const REDACTION_REFUSED = 'case.reporter.redaction_refused';

/** What a refused check was over: the item, never its text. */
export interface RefusedCheck {
  caseId: string;
  /** the command refused */
  check: 'evidence.record' | 'evidence.disclosure' | 'document.draft' | 'document.edit' | 'document.issue' | 'publication.record';
  evidenceId?: string;
  documentId?: string;
  kind?: string;
  version?: number;
  /** the fields compared (all of them, whichever matched) */
  fields: readonly string[];
}

/** The refusal, carrying what the audit record will say; thrown inside a transaction, recorded after its rollback. */
export class RedactionRefused extends AppError {
  constructor(readonly refused: RefusedCheck) {
    const what = refused.check.startsWith('evidence') ? 'evidence' : 'document';
    super('PRECONDITION_FAILED', REDACTION_REFUSAL[what], redactionRefusal(what).details);
  }
}

/** Writes the refused check to the audit trail in its own transaction (call it outside any other). */
export async function recordRedactionRefusal(ctx: Pick<Ctx, 'db' | 'clock' | 'actor'>, r: RefusedCheck): Promise<void> {
  await inTransaction(ctx.db, (tx) =>
    appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: REDACTION_REFUSED,
      entityType: 'case',
      entityId: r.caseId,
      after: {
        check: r.check,
        evidenceId: r.evidenceId ?? null,
        documentId: r.documentId ?? null,
        kind: r.kind ?? null,
        version: r.version ?? null,
        fields: [...r.fields],
        citation: 'FL-7(7)',
      },
      at: ctx.clock.now().toISOString(),
    }),
  );
}

/** Outside a transaction: records the refused check, then refuses. */
export async function refuseRedaction(ctx: Pick<Ctx, 'db' | 'clock' | 'actor'>, r: RefusedCheck): Promise<never> {
  await recordRedactionRefusal(ctx, r);
  throw new RedactionRefused(r);
}

/** After a transaction that threw: a refused check is recorded (the transaction has rolled back); the error goes on. */
export async function recordIfRedactionRefused(ctx: Pick<Ctx, 'db' | 'clock' | 'actor'>, err: unknown): Promise<void> {
  if (err instanceof RedactionRefused) await recordRedactionRefusal(ctx, err.refused);
}

/**
 * A guarded document's content (a kind the subject reads or the public sees) checked for the
 * reporter's identity and personal identifiers; a refusal is recorded, then thrown. Outside a
 * transaction (the document commands check before theirs).
 */
export async function assertContentRedacted(ctx: Pick<Ctx, 'db' | 'clock' | 'actor'>, content: DocumentContent, secrets: readonly string[], r: Omit<RefusedCheck, 'fields'>): Promise<void> {
  if (namesReporterOrIdentifiers(content, secrets)) await refuseRedaction(ctx, { ...r, fields: ['content'] });
}
