// Evidence files: downloaded by hash, checked against it (content-addressed storage, SHA-256).
import { auditRead } from '../../audit/audit-read';
import { AppError } from '../../errors';
import { sha256Hex } from '../../files/file-store';
import { authorize } from '../../policies/roles';
import type { Ctx } from '../context';
import { canSeeCase, findCase, notFound } from './repo';
import { perspectiveOf } from './views';

export async function downloadEvidenceFile(ctx: Ctx, caseId: string, evidenceId: string): Promise<{ content: Buffer; name: string; mimeType: string; sha256: string }> {
  authorize(ctx.actor, 'cases.read');
  const q = ctx.db.kysely;
  const row = await findCase(q, caseId);
  // Subjects do not get the investigation file (see views.ts); to them it does not exist.
  if (!row || !(await canSeeCase(q, ctx.actor, caseId)) || (await perspectiveOf(q, ctx.actor, caseId)) !== 'full') throw notFound();
  const ev = await q.selectFrom('case_evidence').selectAll().where('id', '=', evidenceId).where('case_id', '=', caseId).executeTakeFirst();
  if (!ev || !ev.file_sha256) throw new AppError('NOT_FOUND', { zh: '本案无此证据文件', en: 'no such evidence file in this case' });
  const content = await ctx.files.get(ev.file_sha256);
  // A file whose bytes no longer match its recorded hash is never served as evidence.
  if (!content || sha256Hex(content) !== ev.file_sha256) {
    throw new AppError('INTERNAL', { zh: '证据文件缺失或与登记的哈希不符', en: 'the evidence file is missing or does not match its recorded hash' });
  }
  await auditRead(ctx, { action: 'case.evidence.download', entityType: 'case', entityId: caseId, details: { evidenceId, sha256: ev.file_sha256 } });
  return { content, name: ev.file_name ?? `${evidenceId}.bin`, mimeType: ev.mime_type ?? 'application/octet-stream', sha256: ev.file_sha256 };
}

export async function evidenceText(ctx: Ctx, caseId: string, evidenceId: string): Promise<{ id: string; textContent: string | null }> {
  authorize(ctx.actor, 'cases.read');
  const q = ctx.db.kysely;
  if (!(await findCase(q, caseId)) || !(await canSeeCase(q, ctx.actor, caseId)) || (await perspectiveOf(q, ctx.actor, caseId)) !== 'full') throw notFound();
  const ev = await q.selectFrom('case_evidence').select(['id', 'text_content']).where('id', '=', evidenceId).where('case_id', '=', caseId).executeTakeFirst();
  if (!ev) throw new AppError('NOT_FOUND');
  await auditRead(ctx, { action: 'case.evidence.read', entityType: 'case', entityId: caseId, details: { evidenceId } });
  return { id: ev.id, textContent: ev.text_content };
}
