// Evidence files: downloaded by hash, checked against it (content-addressed storage, SHA-256).
import { evidenceNamesReporter, reporterSecrets } from '../documents/redact';
import { reporterIdentityOrUnknown } from '../reporter/identity-repo';
import { RedactionRefused, recordIfRedactionRefused } from '../reporter/redaction-refusal';
import { EVIDENCE_CHECKED_FIELDS } from './steps-investigation';
import { assertNotRecused } from './impartiality';
import { auditRead } from '../../audit/audit-read';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import type { Readable } from 'node:stream';
import { verifiedStream } from '../../files/file-store';
import { z } from 'zod';
import { parseInput } from '../../lib/validation';
import { evidenceFileNameShown, maySeeEvidence } from '../../policies/case-visibility';
import { evidenceOfCase, isOnCaseTeam, setEvidenceDisclosureState, type EvidenceDisclosureState } from '../../repositories/cases/evidence-repo';
import { authorize, hasRole } from '../../policies/roles';
import { decidesEvidenceDisclosure } from '../../policies/cases';
import { nowIso, type Ctx } from '../context';
import { canSeeCase, findCase, notFound } from './repo';
import { perspectiveOf } from './views';
import { ctxForCase } from '../orgs/acting-in';
import { mediaTypeOrOctetStream } from '../../files/content-type';

/**
 * The evidence file streamed from the store (whichever: the data folder, the database), checked
 * against its recorded hash on the way; a file missing from the store is refused before any byte.
 */
export async function downloadEvidenceFile(callerCtx: Ctx, caseId: string, evidenceId: string): Promise<{ stream: Readable; size: number; name: string; mimeType: string; sha256: string }> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'cases.read');
  const q = ctx.db.kysely;
  const row = await findCase(q, caseId);
  // Subjects get only what the policy lets them see (disclosed evidence, their own statements);
  // to them the rest does not exist.
  if (!row || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  const perspective = await perspectiveOf(q, ctx.actor, caseId);
  const ev = await evidenceOfCase(q, caseId, evidenceId);
  if (ev && !maySeeEvidence(perspective, ctx.actor, ev)) throw new AppError('NOT_FOUND', { zh: '本案无此证据文件', en: 'no such evidence file in this case' });
  if (!ev || !ev.file_sha256) throw new AppError('NOT_FOUND', { zh: '本案无此证据文件', en: 'no such evidence file in this case' });
  const opened = await ctx.files.open(ev.file_sha256);
  if (!opened) {
    throw new AppError('INTERNAL', { zh: '证据文件缺失或与登记的哈希不符', en: 'the evidence file is missing or does not match its recorded hash' });
  }
  await auditRead(ctx, { action: 'case.evidence.download', entityType: 'case', entityId: caseId, details: { evidenceId, sha256: ev.file_sha256 } });
  // A file whose bytes no longer match its recorded hash never arrives complete as evidence.
  const stream = verifiedStream(opened, ev.file_sha256);
  // FL-7(7): the subject never receives a file name the reporter check was not run over
  const name = evidenceFileNameShown(perspective, ctx.actor, { fileName: ev.file_name, disclosedBy: ev.disclosed_by, sourcePersonId: ev.source_person_id });
  return { stream, size: opened.size, name: name ?? `${evidenceId}.bin`, mimeType: mediaTypeOrOctetStream(ev.mime_type), sha256: ev.file_sha256 };
}

export async function evidenceText(callerCtx: Ctx, caseId: string, evidenceId: string): Promise<{ id: string; textContent: string | null }> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'cases.read');
  const q = ctx.db.kysely;
  if (!(await findCase(q, caseId)) || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  const perspective = await perspectiveOf(q, ctx.actor, caseId);
  const ev = await evidenceOfCase(q, caseId, evidenceId);
  if (!ev || !maySeeEvidence(perspective, ctx.actor, ev)) throw new AppError('NOT_FOUND');
  await auditRead(ctx, { action: 'case.evidence.read', entityType: 'case', entityId: caseId, details: { evidenceId } });
  return { id: ev.id, textContent: ev.text_content };
}

export const disclosureInputSchema = z.object({
  /** true: disclose (a clerk) or ask a clerk to (a team investigator); false: withdraw, or refuse a request */
  disclosable: z.boolean(),
  /** why it is (not) shown to the subject */
  note: z.string().trim().max(1000).optional(),
});

export interface DisclosureResult {
  id: string;
  /** shown to the subject now */
  disclosable: boolean;
  /** a team investigator's request waits for a clerk's decision */
  disclosureRequested: boolean;
}

/**
 * Evidence shown to the subject before 陈述申辩 (WC-11), or withdrawn. FL-7(7), FL-10(3): a
 * legal-affairs clerk handling the case (not standing aside) decides, and the reporter-identity
 * check runs for him then over every text of the item, its file name too — a refusal says only
 * that, and is recorded in the audit trail (redaction-refusal.ts). A team investigator asks: the
 * request is stored pending and answered the same whatever the text; he may withdraw a
 * disclosure (which tells nothing). Audited on the case timeline (staff only).
 */
export async function setEvidenceDisclosure(callerCtx: Ctx, caseId: string, evidenceId: string, raw: unknown): Promise<DisclosureResult> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'cases.act');
  const input = parseInput(disclosureInputSchema, raw);
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const row = await findCase(tx, caseId);
      if (!row || !(await canSeeCase(tx, ctx.actor, caseId))) throw notFound();
      // FL-5(1): one who must stand aside is told so (they see the case, from the subject's perspective)
      await assertNotRecused(tx, ctx, caseId, { zh: '决定证据是否公开', en: 'Decide what evidence the subject sees' });
      if ((await perspectiveOf(tx, ctx.actor, caseId)) !== 'full') throw notFound();
      const clerk = decidesEvidenceDisclosure(ctx.actor);
      const onTeam = await isOnCaseTeam(tx, caseId, ctx.actor.userId);
      if (!clerk && !(hasRole(ctx.actor, 'investigator') && onTeam)) {
        throw new AppError('TRANSITION_ROLE', { zh: '只有本案调查组成员（申请）或委法制科（决定）可以处理证据向被调查人公开', en: 'only the case team (asking) or the legal-affairs clerks (deciding) handle what evidence the subject sees' });
      }
      const ev = await evidenceOfCase(tx, caseId, evidenceId);
      if (!ev) throw new AppError('NOT_FOUND', { zh: '本案无此证据', en: 'no such evidence in this case' });
      const before: EvidenceDisclosureState = { disclosable: Number(ev.disclosable) === 1, requestedBy: ev.disclosure_requested_by, requestedAt: ev.disclosure_requested_at, disclosedBy: ev.disclosed_by, disclosedAt: ev.disclosed_at };
      const now = nowIso(ctx);
      const request = !clerk && input.disclosable;
      let after: EvidenceDisclosureState;
      if (request) {
        // a request (or a disclosure already decided, left as it is): nothing here reads the identity
        after = before.disclosable ? before : { ...before, requestedBy: ctx.actor.userId, requestedAt: now };
      } else if (input.disclosable) {
        if (evidenceNamesReporter([ev.title, ev.source, ev.description, ev.text_content, ev.file_name], reporterSecrets(await reporterIdentityOrUnknown(tx, caseId)))) {
          throw new RedactionRefused({ caseId, check: 'evidence.disclosure', evidenceId, kind: ev.kind, fields: EVIDENCE_CHECKED_FIELDS });
        }
        after = { disclosable: true, requestedBy: null, requestedAt: null, disclosedBy: ctx.actor.userId, disclosedAt: now };
      } else {
        // withdrawn, or a request refused
        after = { disclosable: false, requestedBy: null, requestedAt: null, disclosedBy: null, disclosedAt: null };
      }
      await setEvidenceDisclosureState(tx, evidenceId, after);
      await appendAudit(tx, {
        actorId: ctx.actor.userId,
        action: request ? 'case.evidence.disclosure_request' : 'case.evidence.disclosure',
        entityType: 'case',
        entityId: caseId,
        before: { evidenceId, disclosable: before.disclosable, requestedBy: before.requestedBy },
        after: { evidenceId, disclosable: after.disclosable, requested: after.requestedBy !== null, note: input.note ?? null, citation: 'WC-11' },
        at: now,
      });
      return { id: evidenceId, disclosable: after.disclosable, disclosureRequested: after.requestedBy !== null };
    });
  } catch (err) {
    // FL-7(7): a refused check is recorded after the rollback, in its own transaction
    await recordIfRedactionRefused(ctx, err);
    throw err;
  }
}
