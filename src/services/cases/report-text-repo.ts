// SQL of the report text at rest (issue 9 §3): the case summary of a case that came from a report,
// and the replies to the reporter (case_replies), both sealed with the report's data key; and the
// search index entries of report cases, which hold the case number only. The service seals and
// opens (report-text.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Tx } from '../../db/tx';

type Q = Kysely<Database> | Tx;

export async function setCaseSummary(tx: Tx, caseId: string, stored: string): Promise<void> {
  await tx.updateTable('cases').set({ summary: stored }).where('id', '=', caseId).execute();
}

export async function caseSummaryOf(q: Q, caseId: string): Promise<{ summary: string; source: string } | undefined> {
  return q.selectFrom('cases').select(['summary', 'source']).where('id', '=', caseId).executeTakeFirst();
}

export async function reportCaseSummaries(q: Q): Promise<{ id: string; summary: string }[]> {
  return q.selectFrom('cases').select(['id', 'summary']).where('source', '=', 'report').orderBy('id').execute();
}

export async function allReplies(q: Q): Promise<{ id: string; case_id: string; text: string }[]> {
  return q.selectFrom('case_replies').select(['id', 'case_id', 'text']).orderBy('id').execute();
}

export async function setReplyText(tx: Tx, id: string, stored: string): Promise<void> {
  await tx.updateTable('case_replies').set({ text: stored }).where('id', '=', id).execute();
}

export async function insertReply(tx: Tx, row: { id: string; case_id: string; kind: string; text: string; replied_on: string; actor_id: string; created_at: string }): Promise<void> {
  await tx.insertInto('case_replies').values(row).execute();
}

/** Report cases are indexed by their number only: the report text leaves the search index. */
export async function dropReportTextFromIndex(tx: Tx): Promise<number> {
  const r = await tx
    .updateTable('search_documents')
    .set({ body: '', body_tokens: '' })
    .where('entity_type', '=', 'case')
    .where('entity_id', 'in', (eb) => eb.selectFrom('cases').select('cases.id').where('cases.source', '=', 'report'))
    .where('body', '!=', '')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
