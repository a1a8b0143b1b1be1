// FL-5(4) 在有关范围内及时公开追究的事实及归责依据 (issue 13 point 5): a decision's publication is
// recorded with its scope — within the commission (委内), within the system (系统内) or to the
// public (向社会公开) — its channel and its date. Publication to the public is of the issued,
// redacted 公开通报 only; the public list shows those and never the reporter (checked again here).
import { loadCaseFacts } from '../../repositories/cases/case-aggregate';
import { assertNotRecused } from '../cases/impartiality';
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { dateSchema, PUBLICATION_SCOPES } from '../../domain/cases';
import { caseHasDecision, decidedPublication, documentOfCase, insertPublication, publicationsOfCase, publicNoticeRows, reporterOfCase, versionContent } from '../../repositories/documents/publications-repo';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { canSeeCase, findCase, notFound, type Q } from '../cases/repo';
import { nowIso, type Ctx, type Deps } from '../context';
import type { DocumentContent } from './content';
import { assertRedacted, reporterSecrets } from './redact';
import { assertContentRedacted } from '../reporter/redaction-refusal';
import { requireContent } from './sealed-content';
import { ctxForCase } from '../orgs/acting-in';

export { PUBLICATION_SCOPES };
export const SCOPE_ZH: Record<(typeof PUBLICATION_SCOPES)[number], string> = { commission: '委内通报', system: '系统内通报', public: '向社会公开' };

export const publicationInputSchema = z.object({
  scope: z.enum(PUBLICATION_SCOPES),
  /** 渠道: 门户网站、内网、会议通报、文件印发 … */
  channel: z.string().trim().min(1, { message: '请填写公开渠道 / Enter the channel' }).max(100),
  /** the issued 公开通报 published (required for the public scope) */
  documentId: z.string().min(1).max(64).optional(),
  /** 公开日期 (required for the public scope) */
  publishedOn: dateSchema.optional(),
});

export interface PublicationRecord {
  id: string;
  scope: (typeof PUBLICATION_SCOPES)[number];
  scopeZh: string;
  channel: string;
  documentId: string | null;
  docNumber: string | null;
  publishedOn: string | null;
  createdAt: string;
}

async function publicationsOf(q: Q, caseId: string): Promise<PublicationRecord[]> {
  return (await publicationsOfCase(q, caseId)).map((r) => ({ ...r, scopeZh: SCOPE_ZH[r.scope] }));
}

async function secretsOf(q: Q, caseId: string): Promise<string[]> {
  const r = await reporterOfCase(q, caseId);
  return r ? reporterSecrets(r) : [];
}

/** GET /cases/:id/publications */
export async function listPublications(ctx: Ctx, caseId: string): Promise<PublicationRecord[]> {
  authorize(ctx.actor, 'documents.read');
  const q = ctx.db.kysely;
  if (!(await findCase(q, caseId)) || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  return publicationsOf(q, caseId);
}

/** POST /cases/:id/publications — FL-5(4): scope, channel and (for the public) the notice and its date. */
export async function recordPublication(callerCtx: Ctx, caseId: string, raw: unknown): Promise<PublicationRecord[]> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'documents.issue');
  const input = parseInput(publicationInputSchema, raw);
  const q = ctx.db.kysely;
  const row = await findCase(q, caseId);
  if (!row || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  await assertNotRecused(q, ctx, caseId, { zh: '记录公开', en: 'Record the publication' });
  if (!(await caseHasDecision(q, caseId))) throw new AppError('PRECONDITION_FAILED', { zh: '尚未作出处理决定，无可公开的内容（《行政执法过错责任追究办法》第五条第（四）项）', en: 'no decision to publish yet (FL-5(4))' });
  // FL-5(4): publication stays within the scope the decision set (委内 < 系统内 < 向社会公开).
  const decidedScope = (await decidedPublication(q, caseId))?.scope;
  if (decidedScope && PUBLICATION_SCOPES.indexOf(input.scope) > PUBLICATION_SCOPES.indexOf(decidedScope)) {
    const zh = `处理决定确定的公开范围为“${SCOPE_ZH[decidedScope]}”，不能以“${SCOPE_ZH[input.scope]}”公开（《行政执法过错责任追究办法》第五条第（四）项）`;
    throw new AppError('VALIDATION_FAILED', { zh, en: `the decision set the scope of publication to ${decidedScope}; ${input.scope} is wider (FL-5(4))` }, { fields: [{ path: 'scope', zh, en: 'wider than the decision allows' }] });
  }
  const today = chinaDate(ctx.clock.now());
  if (input.scope === 'public') {
    // WC-11: the officer learns of the decision, with the rights against it, before the public
    // does (found by a red-team walk: a decision was published the day it was made, unserved)
    const f = await loadCaseFacts(q, row);
    const unserved = f.decisionSubjectIds.filter((p) => !f.notifiedSubjectIds.includes(p));
    if (unserved.length) {
      throw new AppError('PRECONDITION_FAILED', { zh: '处理决定尚未向全部被处理人送达，不能向社会公开（WC-11、FL-5(4)）', en: 'the decision has not been served on every person it concerns; it is not published to the public before (WC-11, FL-5(4))' }, { citation: 'WC-11', unserved: unserved.length });
    }
  }
  if (input.scope === 'public' && (!input.documentId || !input.publishedOn)) {
    const zh = '向社会公开须选择已印发的公开通报并填写公开日期';
    throw new AppError('VALIDATION_FAILED', { zh, en: 'publishing to the public needs the issued publication notice and its date' }, { fields: [{ path: input.documentId ? 'publishedOn' : 'documentId', zh, en: 'required for the public' }] });
  }
  if (input.documentId) {
    const doc = await documentOfCase(q, caseId, input.documentId);
    if (!doc || doc.kind !== 'publication_notice' || doc.status !== 'issued') {
      throw new AppError('PRECONDITION_FAILED', { zh: '只能公开本案已印发的公开通报（经脱敏）', en: 'only the issued (redacted) publication notice of the case is published' });
    }
    if (input.publishedOn && (input.publishedOn < (doc.issued_on ?? '') || input.publishedOn > today)) {
      const zh = `公开日期应在印发日期（${doc.issued_on}）至今天（${today}）之间`;
      throw new AppError('VALIDATION_FAILED', { zh, en: 'the publication date is between the issue date and today' }, { fields: [{ path: 'publishedOn', zh, en: 'between issue and today' }] });
    }
    await assertContentRedacted(ctx, await requireContent(q, caseId, await versionContent(q, doc.id, doc.issued_version!)), await secretsOf(q, caseId), { caseId, check: 'publication.record', documentId: doc.id, kind: doc.kind, version: doc.issued_version ?? undefined });
  }
  const now = nowIso(ctx);
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await insertPublication(tx, { id, caseId, documentId: input.documentId ?? null, scope: input.scope, channel: input.channel, publishedOn: input.publishedOn ?? null, actorId: ctx.actor.userId, now });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.publication.record', entityType: 'case', entityId: caseId, after: { publicationId: id, scope: input.scope, channel: input.channel, documentId: input.documentId ?? null, publishedOn: input.publishedOn ?? null, citation: 'FL-5(4)' }, at: now });
  });
  return publicationsOf(q, caseId);
}

export interface PublicNotice {
  docNumber: string | null;
  title: string;
  publishedOn: string;
  channel: string;
  organ: string | null;
  paragraphs: { style: string; text: string }[];
}

/** GET /api/v1/public/notices — notices published to the public (redacted; checked against the reporter again). */
export async function publicNotices(deps: Pick<Deps, 'db'>): Promise<PublicNotice[]> {
  const q = deps.db.kysely;
  const rows = await publicNoticeRows(q);
  const out: PublicNotice[] = [];
  for (const r of rows) {
    let c: DocumentContent;
    try {
      c = await requireContent(q, r.caseId, r.content);
      assertRedacted(c, await secretsOf(q, r.caseId));
    } catch {
      continue; // never shown rather than shown with a reporter's trace
    }
    out.push({ docNumber: r.docNumber, title: r.title, publishedOn: r.publishedOn, channel: r.channel, organ: c.signature?.organ ?? null, paragraphs: c.paragraphs });
  }
  return out;
}
