// SQL of the reporter channel (issue 9): the thread, its attachments, the public report's
// details, and the facts the reporter's status is told from. Content comes and goes sealed; the
// service opens it (src/crypto/report-seal.ts).
import type { Tx } from '../../db/tx';
import type { ReporterAttachmentTable, ReporterMessageTable } from '../../db/tables/reporter-channel';
import type { Q } from './repo';

export type MessageRow = ReporterMessageTable;
export type AttachmentRow = ReporterAttachmentTable;

export async function insertMessage(tx: Tx, row: MessageRow): Promise<void> {
  await tx.insertInto('reporter_messages').values(row).execute();
}

export async function insertAttachment(tx: Tx, row: AttachmentRow, now: string): Promise<void> {
  // The store holds sealed bytes: its name tells nothing of the file.
  await tx
    .insertInto('stored_files')
    .values({ sha256: row.file_sha256, size: row.sealed_size, mime_type: 'application/octet-stream', original_name: 'sealed', created_at: now })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  await tx.insertInto('reporter_attachments').values(row).execute();
}

export async function messagesOf(q: Q, caseId: string, opts: { sentOnly: boolean }): Promise<MessageRow[]> {
  let s = q.selectFrom('reporter_messages').selectAll().where('case_id', '=', caseId);
  s = opts.sentOnly ? s.where('status', '=', 'sent') : s.where('status', '!=', 'discarded');
  return s.orderBy('created_at').orderBy('id').execute();
}

export async function messageById(q: Q, caseId: string, messageId: string): Promise<MessageRow | undefined> {
  return q.selectFrom('reporter_messages').selectAll().where('case_id', '=', caseId).where('id', '=', messageId).executeTakeFirst();
}

export async function markSent(tx: Tx, messageId: string, bodySealed: string, actorId: string, now: string): Promise<void> {
  await tx.updateTable('reporter_messages').set({ status: 'sent', body_sealed: bodySealed, actor_id: actorId, sent_at: now }).where('id', '=', messageId).execute();
}

export async function markDiscarded(tx: Tx, messageId: string, actorId: string): Promise<void> {
  await tx.updateTable('reporter_messages').set({ status: 'discarded', actor_id: actorId }).where('id', '=', messageId).execute();
}

export async function attachmentsOf(q: Q, caseId: string): Promise<AttachmentRow[]> {
  return q.selectFrom('reporter_attachments').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function attachmentById(q: Q, caseId: string, id: string): Promise<AttachmentRow | undefined> {
  return q.selectFrom('reporter_attachments').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

export async function insertDetails(tx: Tx, caseId: string, sealed: string, now: string): Promise<void> {
  await tx.insertInto('public_report_details').values({ case_id: caseId, details_sealed: sealed, created_at: now }).execute();
}

export async function detailsOf(q: Q, caseId: string): Promise<string | null> {
  const r = await q.selectFrom('public_report_details').select('details_sealed').where('case_id', '=', caseId).executeTakeFirst();
  return r?.details_sealed ?? null;
}

/** Whether the case has a reporter who holds a receipt code (the channel exists). */
export async function hasReceiptHolder(q: Q, caseId: string): Promise<boolean> {
  const r = await q.selectFrom('case_reporters').select('case_id').where('case_id', '=', caseId).where('receipt_hash', 'is not', null).executeTakeFirst();
  return Boolean(r);
}

/** What the reporter's status is told from: the state, the date received, the replies, the body a transfer went to. */
export async function statusFacts(q: Q, caseId: string): Promise<{ state: string; receivedOn: string; replies: { kind: string; text: string; repliedOn: string }[]; transferStep: string | null } | null> {
  const c = await q.selectFrom('cases').select(['state', 'received_on']).where('id', '=', caseId).executeTakeFirst();
  if (!c) return null;
  const replies = await q.selectFrom('case_replies').select(['kind', 'text', 'replied_on']).where('case_id', '=', caseId).orderBy('replied_on').orderBy('created_at').execute();
  const t = await q.selectFrom('case_steps').select('data').where('case_id', '=', caseId).where('action', '=', 'transfer').orderBy('at', 'desc').executeTakeFirst();
  return { state: c.state, receivedOn: c.received_on, replies: replies.map((r) => ({ kind: r.kind, text: r.text, repliedOn: r.replied_on })), transferStep: t?.data ?? null };
}
