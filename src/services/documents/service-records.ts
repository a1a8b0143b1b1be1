// 送达 (service) of an issued document, recorded from the signed 送达回证 (issue 13 point 1):
// method, date, place, the recipient's signature or refusal, and for 留置送达 the witnesses. The
// rules are those of service of documents in administrative procedure (cf. 《行政处罚法》第六十一条,
// 《民事诉讼法》第八十九条 on 留置送达): a refusal is recorded as 留置送达 with the reason and at
// least one witness; a signature is not a refusal. Append-only; each record is audited on the case.
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { dateSchema } from '../../domain/cases';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import type { Q } from '../cases/repo';
import { documentServices, findDocument, insertDocumentService, type DocumentServiceRow } from '../../repositories/documents/documents-repo';
import { assertNotRecused } from '../cases/impartiality';
import { nowIso, type Ctx } from '../context';
import { KIND_DEFS, SERVABLE_KINDS, type DocumentKind } from './kinds';
import { readableDoc } from './service';
import { ctxForDocument } from '../orgs/acting-in';

export const SERVICE_METHODS = ['direct', 'lodged', 'mail', 'entrusted'] as const;
export const SERVICE_METHOD_ZH: Record<(typeof SERVICE_METHODS)[number], string> = { direct: '直接送达', lodged: '留置送达', mail: '邮寄送达', entrusted: '委托送达' };

const name = z.string().trim().min(1, { message: '请填写姓名 / Enter the name' }).max(50);

export const serviceInputSchema = z
  .object({
    method: z.enum(SERVICE_METHODS),
    servedOn: dateSchema,
    place: z.string().trim().max(200).optional(),
    recipientName: name,
    /** signed: the recipient (or the person receiving for them) signed the 送达回证; refused: 拒绝签收 */
    outcome: z.enum(['signed', 'refused']),
    refusalReason: z.string().trim().max(500).optional(),
    witnesses: z.array(z.object({ name, unit: z.string().trim().max(100).optional() })).max(5).default([]),
    servers: z.array(name).min(1, { message: '请填写送达人 / Name who served it' }).max(5),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'refused' && v.method !== 'lodged') {
      ctx.addIssue({ code: 'custom', path: ['method'], message: '受送达人拒绝签收的，应采用留置送达 / A refusal is recorded as 留置送达' });
    }
    if (v.method === 'lodged') {
      if (v.outcome !== 'refused') ctx.addIssue({ code: 'custom', path: ['outcome'], message: '留置送达用于受送达人拒绝签收的情形 / 留置送达 is for a refusal to sign' });
      if (!v.refusalReason) ctx.addIssue({ code: 'custom', path: ['refusalReason'], message: '留置送达须记明拒收事由 / Record why the recipient refused' });
      if (!v.witnesses.length) ctx.addIssue({ code: 'custom', path: ['witnesses'], message: '留置送达须有见证人签名 / 留置送达 needs at least one witness' });
    }
  });
export type ServiceInput = z.input<typeof serviceInputSchema>;

/** a record of service as the repository reads it, its method named in Chinese */
export type ServiceRecord = Omit<DocumentServiceRow, 'method'> & { method: (typeof SERVICE_METHODS)[number]; methodZh: string };

export async function serviceRecordsOf(q: Q, documentId: string): Promise<ServiceRecord[]> {
  const rows = await documentServices(q, documentId);
  return rows.map((r) => ({ ...r, method: r.method as ServiceRecord['method'], methodZh: SERVICE_METHOD_ZH[r.method as ServiceRecord['method']] ?? r.method }));
}

/**
 * POST /documents/:docId/services — records the service of an issued document (the document itself,
 * or the 送达回证 drafted for it: the record goes on the document served).
 */
export async function recordService(callerCtx: Ctx, docId: string, raw: unknown): Promise<ServiceRecord[]> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForDocument(callerCtx, docId);
  authorize(ctx.actor, 'documents.issue');
  const input = parseInput(serviceInputSchema, raw);
  // The same visibility rules as reading (not allowed = not found), without a read audit: a
  // refusal must leave no trace, and an accepted record is audited as the write it is.
  const { doc: row, access } = await readableDoc(ctx, docId);
  if (access.perspective !== 'full') throw new AppError('NOT_FOUND', { zh: '公文不存在或无权查看', en: 'no such document, or not yours to see' });
  const q = ctx.db.kysely;
  const targetId = row.kind === 'service_receipt' ? row.served_document_id : row.id;
  const target = targetId ? await findDocument(q, targetId) : undefined;
  if (!target || !SERVABLE_KINDS.includes(target.kind as DocumentKind)) {
    throw new AppError('PRECONDITION_FAILED', { zh: `${KIND_DEFS[row.kind as DocumentKind]?.zh ?? '该公文'}不是须送达的公文`, en: 'this document is not one that is served' });
  }
  if (target.status !== 'issued' || !target.issued_on) {
    throw new AppError('PRECONDITION_FAILED', { zh: '公文印发后才能送达', en: 'a document is served after it is issued' });
  }
  const today = chinaDate(ctx.clock.now());
  if (input.servedOn < target.issued_on || input.servedOn > today) {
    const zh = `送达日期应在印发日期（${target.issued_on}）至今天（${today}）之间`;
    throw new AppError('VALIDATION_FAILED', { zh, en: `the service date must be between the issue date ${target.issued_on} and today` }, { fields: [{ path: 'servedOn', zh, en: `between ${target.issued_on} and ${today}` }] });
  }
  await assertNotRecused(q, ctx, target.case_id, { zh: '记录送达', en: 'Record service' });
  const now = nowIso(ctx);
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await insertDocumentService(tx, {
      id,
      documentId: target.id,
      caseId: target.case_id,
      method: input.method,
      servedOn: input.servedOn,
      place: input.place ?? null,
      recipientName: input.recipientName,
      outcome: input.outcome,
      refusalReason: input.refusalReason ?? null,
      witnesses: input.witnesses,
      servers: input.servers,
      note: input.note ?? null,
      createdBy: ctx.actor.userId,
      at: now,
    });
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'case.document.serve',
      entityType: 'case',
      entityId: target.case_id,
      after: { documentId: target.id, serviceId: id, receiptDocumentId: row.kind === 'service_receipt' ? row.id : null, method: input.method, servedOn: input.servedOn, outcome: input.outcome, witnesses: input.witnesses.length },
      at: now,
    });
  });
  return serviceRecordsOf(q, target.id);
}
