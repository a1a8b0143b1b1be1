// The reporter channel (issue 9; FL-4 鼓励举报, WC-9(1) 任何人均有权举报或投诉 and the reply it
// owes; FL-7(7) / FL-10(3) protect the reporter). A report from the public page carries its
// details and files; afterwards the reporter follows up with the receipt code alone — reads the
// status in plain words and the thread, answers questions, adds files — and the legal-affairs
// clerks read the thread on the case and reply or ask. At acceptance, transfer, decision and
// closure a short outcome message is drafted for the clerk to edit and send (FL-5(4): only what
// may be published).
//
// Every body, detail and file is sealed (src/crypto/report-seal.ts); attachments are stored by
// the hash of their sealed bytes. Every message is audited without its content. Nothing here
// writes the receipt code, an address or a user agent anywhere.
import { assertNotRecused } from './impartiality';
import { reportOrgFor } from '../orgs/org-service';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { auditRead } from '../../audit/audit-read';
import { openBytes, openText, sealBytes, sealText } from '../../crypto/report-seal';
import { inTransaction, type Tx } from '../../db/tx';
import { reporterSchema, type CaseAction } from '../../domain/cases';
import { AppError } from '../../errors';
import { sha256Hex, type StagedFile } from '../../files/file-store';
import { sniffContentType, type SniffedType } from '../../files/content-type';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { nowIso, type Ctx, type Deps } from '../context';
import { caseIdForReceiptCode, insertIntake } from './intake';
import { canSeeCase, findCase, notFound, parseJson } from './repo';
import * as repo from './reporter-channel-repo';
import { readableText } from './report-text';
import { ctxForCase } from '../orgs/acting-in';

/** Attachments: at most this many per report or message, each at most this size. */
export const ATTACHMENT_LIMITS = { files: 5, fileBytes: 10 * 1024 * 1024 } as const;

export interface IncomingFile {
  filename: string;
  content: Buffer;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).optional();

/** The public page's form: what happened, who, when, where; the reporter (anonymous by default). */
export const publicReportFormSchema = z.object({
  what: text(8000),
  who: optText(1000),
  when: optText(200),
  where: optText(500),
  reporter: reporterSchema.default({ anonymous: true }),
  /** issue 11: the commission the report is addressed to (GET /api/v1/public/orgs) */
  orgId: z.string().min(1).max(64).optional(),
});

export const receiptCodeSchema = z.object({ receiptCode: z.string().trim().min(1).max(64) });
export const reporterMessageSchema = receiptCodeSchema.extend({ body: z.string().trim().max(8000).default('') });
export const staffMessageSchema = z.object({ kind: z.enum(['message', 'question']), body: text(8000) });
export const sendDraftSchema = z.object({ body: text(8000) });

// ---------------------------------------------------------------------------------------------
// Files

interface CheckedFile {
  name: string;
  content: Buffer;
  type: SniffedType;
}

/** Count, size and type by content (magic bytes); the name only for display. */
function checkFiles(files: IncomingFile[]): CheckedFile[] {
  if (files.length > ATTACHMENT_LIMITS.files) {
    throw new AppError('BAD_REQUEST', { zh: `每次最多上传 ${ATTACHMENT_LIMITS.files} 个文件`, en: `at most ${ATTACHMENT_LIMITS.files} files at a time` });
  }
  return files.map((f) => {
    if (f.content.length === 0) throw new AppError('BAD_REQUEST', { zh: `文件“${f.filename}”是空的`, en: `the file "${f.filename}" is empty` });
    if (f.content.length > ATTACHMENT_LIMITS.fileBytes) throw new AppError('FILE_TOO_LARGE', { zh: `每个文件不超过 ${ATTACHMENT_LIMITS.fileBytes / 1024 / 1024} MB`, en: `each file at most ${ATTACHMENT_LIMITS.fileBytes / 1024 / 1024} MB` });
    const type = sniffContentType(f.content);
    if (!type) throw new AppError('FILE_TYPE_REFUSED', { zh: `“${f.filename}”`, en: `"${f.filename}"` });
    const name = (f.filename.split(/[\\/]/).pop() ?? '').trim().slice(0, 200) || `file.${type.ext}`;
    return { name, content: f.content, type };
  });
}

interface AttachmentMeta {
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

/** Seals each file, stages the sealed bytes and records them; the caller promotes after commit. */
async function storeAttachments(deps: Deps, tx: Tx, caseId: string, messageId: string, files: CheckedFile[], now: string, staged: StagedFile[]): Promise<void> {
  for (const f of files) {
    const sealed = await sealBytes(tx, caseId, f.content);
    const s = await deps.files.stage(Readable.from([sealed]), Number.MAX_SAFE_INTEGER);
    staged.push(s);
    const meta: AttachmentMeta = { name: f.name, mime: f.type.mime, size: f.content.length, sha256: sha256Hex(f.content) };
    await repo.insertAttachment(tx, { id: newId(), case_id: caseId, message_id: messageId, file_sha256: s.sha256, sealed_size: s.size, meta_sealed: await sealText(tx, caseId, JSON.stringify(meta)), created_at: now }, now);
  }
}

/** One write transaction that may stage files: promoted after commit, discarded on refusal. */
async function withStaged<T>(deps: Deps, fn: (tx: Tx, staged: StagedFile[]) => Promise<T>): Promise<T> {
  const staged: StagedFile[] = [];
  let result: T;
  try {
    result = await inTransaction(deps.db, (tx) => fn(tx, staged));
  } catch (err) {
    for (const s of staged) await deps.files.discard(s);
    throw err;
  }
  for (const s of staged) await deps.files.promote(s);
  return result;
}

// ---------------------------------------------------------------------------------------------
// The reporter (no account: the receipt code)

/**
 * The public page's report (FL-4): the case (summary = what happened), the sealed details, the
 * reporter apart, the receipt code, the files as the first message of the thread. The anti-abuse
 * check and the rate limit are the route's.
 */
export async function submitPublicReportWithFiles(deps: Deps, raw: unknown, files: IncomingFile[]): Promise<{ receiptCode: string; receivedOn: string }> {
  const input = parseInput(publicReportFormSchema, raw);
  const checked = checkFiles(files);
  const receivedOn = chinaDate(deps.clock.now());
  const now = nowIso(deps);
  return withStaged(deps, async (tx, staged) => {
    const r = await insertIntake(deps, tx, null, await reportOrgFor(tx, input.orgId), { source: 'report', channel: 'online', receivedOn, summary: input.what, reporter: input.reporter });
    const details = { who: input.who ?? null, when: input.when ?? null, where: input.where ?? null };
    await repo.insertDetails(tx, r.caseId, await sealText(tx, r.caseId, JSON.stringify(details)), now);
    const messageId = newId();
    await repo.insertMessage(tx, { id: messageId, case_id: r.caseId, author: 'reporter', actor_id: null, kind: 'report', outcome_of: null, status: 'sent', body_sealed: await sealText(tx, r.caseId, ''), created_at: now, sent_at: now });
    await storeAttachments(deps, tx, r.caseId, messageId, checked, now, staged);
    await appendAudit(tx, { actorId: null, action: 'case.reporter.message', entityType: 'case', entityId: r.caseId, after: { messageId, author: 'reporter', kind: 'report', attachments: checked.length }, at: now });
    return { receiptCode: r.receiptCode!, receivedOn };
  });
}

async function caseOfCode(deps: Deps, code: string): Promise<string> {
  const caseId = await caseIdForReceiptCode(deps.db.kysely, code);
  if (!caseId) throw new AppError('RECEIPT_CODE_WRONG');
  return caseId;
}

export type PlainStatus = 'received' | 'accepted' | 'not_accepted' | 'transferred' | 'investigating' | 'decided' | 'closed' | 'not_registered';

/** The case's state told in plain words (issue 9 point 2). */
export const PLAIN_STATUS: Record<PlainStatus, { zh: string; en: string }> = {
  received: { zh: '已收到，正在审查是否受理', en: 'Received; we are deciding whether to take it up' },
  accepted: { zh: '已受理，正在办理', en: 'Accepted and being handled' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  transferred: { zh: '已转送有权处理的机关', en: 'Transferred to the body competent to handle it' },
  investigating: { zh: '正在调查', en: 'Under investigation' },
  decided: { zh: '已作出处理决定', en: 'A decision has been made' },
  closed: { zh: '已办结', en: 'Closed' },
  not_registered: { zh: '经审查不予立案，已办结', en: 'Examined and not taken up for investigation; closed' },
};

export function plainStatusOf(state: string): PlainStatus {
  switch (state) {
    case 'intake':
      return 'received';
    case 'not_accepted':
      return 'not_accepted';
    case 'transferred':
      return 'transferred';
    case 'not_registered':
      return 'not_registered';
    case 'investigating':
    case 'findings_submitted':
      return 'investigating';
    case 'decided':
    case 'notified':
    case 'executing':
      return 'decided';
    case 'closed':
      return 'closed';
    default:
      return 'accepted';
  }
}

export interface ThreadAttachment {
  id: string;
  name: string;
  mime: string;
  size: number;
}

export interface ThreadMessage {
  id: string;
  from: 'reporter' | 'commission';
  kind: 'report' | 'message' | 'question' | 'outcome';
  body: string;
  at: string;
  attachments: ThreadAttachment[];
}

export interface ReporterFollowUp {
  receivedOn: string;
  status: PlainStatus;
  statusZh: string;
  statusEn: string;
  /** the body the matter was transferred to, when it was */
  transferredTo: string | null;
  /** the replies owed by WC-9(1) (acceptance, not accepted, transfer, closing reply) */
  replies: { kind: string; repliedOn: string; text: string }[];
  messages: ThreadMessage[];
}

async function attachmentsByMessage(q: Tx | Deps['db']['kysely'], caseId: string): Promise<Map<string, ThreadAttachment[]>> {
  const out = new Map<string, ThreadAttachment[]>();
  for (const a of await repo.attachmentsOf(q, caseId)) {
    const meta = JSON.parse(await openText(q, caseId, a.meta_sealed)) as AttachmentMeta;
    const list = out.get(a.message_id) ?? [];
    list.push({ id: a.id, name: meta.name, mime: meta.mime, size: meta.size });
    out.set(a.message_id, list);
  }
  return out;
}

/** What a reporter sees with the receipt code (sent in a POST body): status, replies, the thread. Reads only. */
export async function reporterFollowUp(deps: Deps, raw: unknown): Promise<ReporterFollowUp> {
  const { receiptCode } = parseInput(receiptCodeSchema, raw);
  const caseId = await caseOfCode(deps, receiptCode);
  const q = deps.db.kysely;
  const facts = await repo.statusFacts(q, caseId);
  if (!facts) throw new AppError('RECEIPT_CODE_WRONG');
  const status = plainStatusOf(facts.state);
  const files = await attachmentsByMessage(q, caseId);
  const messages: ThreadMessage[] = [];
  for (const m of await repo.messagesOf(q, caseId, { sentOnly: true })) {
    messages.push({ id: m.id, from: m.author === 'reporter' ? 'reporter' : 'commission', kind: m.kind, body: await openText(q, caseId, m.body_sealed), at: m.sent_at ?? m.created_at, attachments: files.get(m.id) ?? [] });
  }
  const transfer = parseJson<{ competentBody?: string }>(facts.transferStep, {});
  return {
    receivedOn: facts.receivedOn,
    status,
    statusZh: PLAIN_STATUS[status].zh,
    statusEn: PLAIN_STATUS[status].en,
    transferredTo: status === 'transferred' ? (transfer.competentBody ?? null) : null,
    replies: await Promise.all(facts.replies.map(async (r) => ({ kind: r.kind, repliedOn: r.repliedOn, text: await readableText(q, caseId, r.text) }))),
    messages,
  };
}

/** The reporter answers a question or adds material: a message, files, or both. Audited without content. */
export async function reporterAddsMessage(deps: Deps, raw: unknown, files: IncomingFile[]): Promise<{ messageId: string; at: string }> {
  const input = parseInput(reporterMessageSchema, raw);
  const checked = checkFiles(files);
  if (!input.body && checked.length === 0) throw new AppError('VALIDATION_FAILED', { zh: '请填写内容或添加文件', en: 'write something or add a file' }, { fields: [{ path: 'body', code: 'required', zh: '请填写内容或添加文件', en: 'write something or add a file' }] });
  const caseId = await caseOfCode(deps, input.receiptCode);
  const now = nowIso(deps);
  return withStaged(deps, async (tx, staged) => {
    const messageId = newId();
    await repo.insertMessage(tx, { id: messageId, case_id: caseId, author: 'reporter', actor_id: null, kind: 'message', outcome_of: null, status: 'sent', body_sealed: await sealText(tx, caseId, input.body), created_at: now, sent_at: now });
    await storeAttachments(deps, tx, caseId, messageId, checked, now, staged);
    await appendAudit(tx, { actorId: null, action: 'case.reporter.message', entityType: 'case', entityId: caseId, after: { messageId, author: 'reporter', kind: 'message', attachments: checked.length }, at: now });
    return { messageId, at: now };
  });
}

// ---------------------------------------------------------------------------------------------
// The clerks

async function requireThreadCase(ctx: Ctx, q: Tx | Ctx['db']['kysely'], caseId: string): Promise<void> {
  const c = await findCase(q, caseId);
  if (!c || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  // FL-5(1): a clerk who must stand aside (a subject, a relative, the reporter's own target…)
  // neither reads nor writes to the person who reported
  await assertNotRecused(q, ctx, caseId, { zh: '举报人沟通', en: 'The reporter thread' });
  if (!(await repo.hasReceiptHolder(q, caseId))) {
    throw new AppError('PRECONDITION_FAILED', { zh: '本案没有持回执码的举报人，无法通过举报渠道联系', en: 'this case has no reporter holding a receipt code to write to' });
  }
}

export interface StaffThreadMessage extends ThreadMessage {
  status: 'draft' | 'sent';
  outcomeOf: string | null;
}

export interface StaffThread {
  details: { who: string | null; when: string | null; where: string | null } | null;
  messages: StaffThreadMessage[];
}

/** The thread on the case page (clerks): the report's details, every message, drafts awaiting sending. Read audited. */
export async function readReporterThread(callerCtx: Ctx, caseId: string): Promise<StaffThread> {
  // issue 11: the roles held in the case's organisation (a supervising clerk reads below as supervisor)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'reporter.thread');
  const q = ctx.db.kysely;
  await requireThreadCase(ctx, q, caseId);
  const sealedDetails = await repo.detailsOf(q, caseId);
  const details = sealedDetails ? (JSON.parse(await openText(q, caseId, sealedDetails)) as StaffThread['details']) : null;
  const files = await attachmentsByMessage(q, caseId);
  const messages: StaffThreadMessage[] = [];
  for (const m of await repo.messagesOf(q, caseId, { sentOnly: false })) {
    messages.push({
      id: m.id,
      from: m.author === 'reporter' ? 'reporter' : 'commission',
      kind: m.kind,
      body: await openText(q, caseId, m.body_sealed),
      at: m.sent_at ?? m.created_at,
      attachments: files.get(m.id) ?? [],
      status: m.status === 'draft' ? 'draft' : 'sent',
      outcomeOf: m.outcome_of,
    });
  }
  await auditRead(ctx, { action: 'case.reporter.thread.read', entityType: 'case', entityId: caseId, details: { messages: messages.length } });
  return { details, messages };
}

/** A clerk writes to the reporter or asks a question (WC-9(1)). Audited without content. */
export async function staffWritesToReporter(callerCtx: Ctx, caseId: string, raw: unknown): Promise<{ messageId: string }> {
  // issue 11: the roles held in the case's organisation (a supervising clerk reads below as supervisor)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'reporter.thread');
  const input = parseInput(staffMessageSchema, raw);
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    await requireThreadCase(ctx, tx, caseId);
    const messageId = newId();
    await repo.insertMessage(tx, { id: messageId, case_id: caseId, author: 'staff', actor_id: ctx.actor.userId, kind: input.kind, outcome_of: null, status: 'sent', body_sealed: await sealText(tx, caseId, input.body), created_at: now, sent_at: now });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.reporter.message', entityType: 'case', entityId: caseId, after: { messageId, author: 'staff', kind: input.kind, attachments: 0 }, at: now });
    return { messageId };
  });
}

async function requireDraft(tx: Tx, caseId: string, messageId: string): Promise<repo.MessageRow> {
  const m = await repo.messageById(tx, caseId, messageId);
  if (!m) throw new AppError('NOT_FOUND', { zh: '本案无此消息', en: 'no such message in this case' });
  if (m.status !== 'draft') throw new AppError('CONFLICT_STALE', { zh: '该消息已发送或已放弃', en: 'this message was already sent or discarded' });
  return m;
}

/** The clerk sends an outcome draft, as edited. */
export async function sendReporterDraft(callerCtx: Ctx, caseId: string, messageId: string, raw: unknown): Promise<{ messageId: string }> {
  // issue 11: the roles held in the case's organisation (a supervising clerk reads below as supervisor)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'reporter.thread');
  const input = parseInput(sendDraftSchema, raw);
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    await requireThreadCase(ctx, tx, caseId);
    const m = await requireDraft(tx, caseId, messageId);
    const original = await openText(tx, caseId, m.body_sealed);
    await repo.markSent(tx, messageId, await sealText(tx, caseId, input.body), ctx.actor.userId, now);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.reporter.message', entityType: 'case', entityId: caseId, after: { messageId, author: 'staff', kind: m.kind, outcomeOf: m.outcome_of, edited: original !== input.body, attachments: 0 }, at: now });
    return { messageId };
  });
}

/** The clerk decides not to send an outcome draft. */
export async function discardReporterDraft(callerCtx: Ctx, caseId: string, messageId: string): Promise<{ messageId: string }> {
  // issue 11: the roles held in the case's organisation (a supervising clerk reads below as supervisor)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'reporter.thread');
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    await requireThreadCase(ctx, tx, caseId);
    const m = await requireDraft(tx, caseId, messageId);
    await repo.markDiscarded(tx, messageId, ctx.actor.userId);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.reporter.draft_discarded', entityType: 'case', entityId: caseId, after: { messageId, outcomeOf: m.outcome_of }, at: now });
    return { messageId };
  });
}

/** A file the reporter sent, opened for a clerk; the download is audited. */
export async function downloadReporterAttachment(callerCtx: Ctx, caseId: string, attachmentId: string): Promise<{ content: Buffer; name: string; mimeType: string }> {
  // issue 11: the roles held in the case's organisation (a supervising clerk reads below as supervisor)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'reporter.thread');
  const q = ctx.db.kysely;
  await requireThreadCase(ctx, q, caseId);
  const a = await repo.attachmentById(q, caseId, attachmentId);
  if (!a) throw new AppError('NOT_FOUND', { zh: '本案无此附件', en: 'no such attachment in this case' });
  const sealed = await ctx.files.get(a.file_sha256);
  if (!sealed || sha256Hex(sealed) !== a.file_sha256) throw new AppError('NOT_FOUND', { zh: '附件文件缺失或与登记的哈希不符', en: 'the attachment is missing or does not match its recorded hash' });
  const meta = JSON.parse(await openText(q, caseId, a.meta_sealed)) as AttachmentMeta;
  const content = await openBytes(q, caseId, sealed);
  await auditRead(ctx, { action: 'case.reporter.attachment.download', entityType: 'case', entityId: caseId, details: { attachmentId } });
  return { content, name: meta.name, mimeType: meta.mime };
}

// ---------------------------------------------------------------------------------------------
// Outcome messages (issue 9 point 6)

/**
 * FL-5(4) 处理结果…在一定范围内公开: the reporter is told that there is an outcome and where it
 * stands, never the names, findings or sanctions of the people concerned. The clerk edits the
 * draft before sending.
 */
export const OUTCOME_TEMPLATES: Partial<Record<CaseAction, (input: Record<string, unknown>) => string>> = {
  accept: () => '您的举报已受理，我们将依法办理，办理进展会在这里告知您。\nYour report has been accepted; we will handle it according to law and tell you here how it goes.',
  not_accept: () => '经审查，您举报的事项不予受理，理由见上方的答复。\nAfter examination, your report is not accepted; the reason is given in the reply above.',
  transfer: (i) =>
    `您举报的事项不属于本委管辖，已转送${String(i.competentBody ?? '有权处理的机关')}办理，请向该机关了解后续情况。\nThe matter is not within the Commission's competence and has been transferred to ${String(i.competentBody ?? 'the competent body')}; please follow up with them.`,
  decline_registration: () => '经审查，您举报的事项决定不予立案，本件已办结。\nAfter examination, the matter will not be taken up for investigation; the report is closed.',
  decide: () =>
    '您举报的事项已经本委集体讨论作出处理决定。处理结果将按规定在相应范围内公开（FL-5(4)），公开内容不含您的身份信息。\nThe Commission has decided the matter collectively. The outcome will be published within the scope the rules allow (FL-5(4)), without anything identifying you.',
  close: () => '您举报的事项已办结。感谢您的监督。\nThe matter you reported is closed. Thank you for reporting it.',
};

/**
 * Inside the step's transaction: when the case has a reporter with a receipt code, an outcome
 * draft joins the thread for the clerk to edit and send. Returns its id, which the step records
 * in its data (so the step's audit record covers it); null when there is none.
 */
export async function draftOutcomeInTx(tx: Tx, caseId: string, action: CaseAction, input: Record<string, unknown>, now: string): Promise<string | null> {
  const template = OUTCOME_TEMPLATES[action];
  if (!template || !(await repo.hasReceiptHolder(tx, caseId))) return null;
  const messageId = newId();
  await repo.insertMessage(tx, { id: messageId, case_id: caseId, author: 'staff', actor_id: null, kind: 'outcome', outcome_of: action, status: 'draft', body_sealed: await sealText(tx, caseId, template(input)), created_at: now, sent_at: null });
  return messageId;
}
