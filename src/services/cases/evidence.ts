// Evidence files: downloaded by hash, checked against it (content-addressed storage, SHA-256).
import { assertEvidenceDisclosable, reporterSecrets } from '../documents/redact';
import { reporterIdentityOrUnknown } from '../reporter/identity-repo';
import { assertNotRecused } from './impartiality';
import { auditRead } from '../../audit/audit-read';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import type { Readable } from 'node:stream';
import { verifiedStream } from '../../files/file-store';
import { z } from 'zod';
import { parseInput } from '../../lib/validation';
import { maySeeEvidence } from '../../policies/case-visibility';
import { evidenceOfCase, isOnCaseTeam, setEvidenceDisclosable } from '../../repositories/cases/evidence-repo';
import { authorize, hasRole } from '../../policies/roles';
import { nowIso, type Ctx } from '../context';
import { canSeeCase, findCase, notFound } from './repo';
import { perspectiveOf } from './views';
import { ctxForCase } from '../orgs/acting-in';

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
  return { stream, size: opened.size, name: ev.file_name ?? `${evidenceId}.bin`, mimeType: ev.mime_type ?? 'application/octet-stream', sha256: ev.file_sha256 };
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
  disclosable: z.boolean(),
  /** why it is (not) shown to the subject */
  note: z.string().trim().max(1000).optional(),
});

/**
 * Marks evidence as disclosable to the subject before 陈述申辩 (WC-11) or withdraws it. The
 * investigators on the team and the legal-affairs clerks decide; audited on the case timeline
 * (staff only).
 */
export async function setEvidenceDisclosure(callerCtx: Ctx, caseId: string, evidenceId: string, raw: unknown): Promise<{ id: string; disclosable: boolean }> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'cases.act');
  const input = parseInput(disclosureInputSchema, raw);
  return inTransaction(ctx.db, async (tx) => {
    const row = await findCase(tx, caseId);
    if (!row || !(await canSeeCase(tx, ctx.actor, caseId))) throw notFound();
    // FL-5(1): one who must stand aside is told so (they see the case, from the subject's perspective)
    await assertNotRecused(tx, ctx, caseId, { zh: '决定证据是否公开', en: 'Decide what evidence the subject sees' });
    if ((await perspectiveOf(tx, ctx.actor, caseId)) !== 'full') throw notFound();
    const onTeam = await isOnCaseTeam(tx, caseId, ctx.actor.userId);
    if (!hasRole(ctx.actor, 'clerk') && !(hasRole(ctx.actor, 'investigator') && onTeam)) {
      throw new AppError('TRANSITION_ROLE', { zh: '只有本案调查组成员或委法制科可以决定证据是否向被调查人公开', en: 'only the case team or the legal-affairs clerks decide what evidence the subject sees' });
    }
    const ev = await evidenceOfCase(tx, caseId, evidenceId);
    if (!ev) throw new AppError('NOT_FOUND', { zh: '本案无此证据', en: 'no such evidence in this case' });
    // FL-7(7): evidence the subject will read does not name the reporter
    if (input.disclosable) assertEvidenceDisclosable([ev.title, ev.source, ev.description, ev.text_content, ev.file_name], reporterSecrets(await reporterIdentityOrUnknown(tx, caseId)));
    const now = nowIso(ctx);
    await setEvidenceDisclosable(tx, evidenceId, input.disclosable);
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'case.evidence.disclosure',
      entityType: 'case',
      entityId: caseId,
      before: { evidenceId, disclosable: Number(ev.disclosable) === 1 },
      after: { evidenceId, disclosable: input.disclosable, note: input.note ?? null, citation: 'WC-11' },
      at: now,
    });
    return { id: evidenceId, disclosable: input.disclosable };
  });
}
