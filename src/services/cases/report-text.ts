// The report text at rest (issue 9 §3; FL-7(7) 泄露举报人信息): what a reporter wrote — the summary
// of a case that came from a report (source 'report', whatever the channel: the reporter's own
// words often name them, their workplace or their phone) — and the replies the commission sends
// them (case_replies, WC-9(1)) are sealed with the report's data key (src/crypto/report-seal.ts),
// like the identity. A WC-5 case's summary is the clerk's account of an original case and stays
// in clear.
//
// Opening is for callers that have already decided the reader may see the case in full
// (src/policies/cases.ts `maySeeReportText`): the case view, the list, the documents, the
// reporter's own follow-up, the notification redactor. Without the master key (a restore without
// the key) the text reads as a clear placeholder instead of failing the whole page.
//
// Search: report cases are indexed by their number only (search.ts `indexCase`); the report text
// is never in the index, so neither a name nor a phone written into it can be found there.
import { isSealedText, openText, openTexts, openTextsWith, reportKeysOf, sealText } from '../../crypto/report-seal';
import type { Db } from '../../db/database';
import type { Tx } from '../../db/tx';
import { isAppError } from '../../errors';
import type { Q } from './repo';
import * as repo from './report-text-repo';

/** Shown instead of a sealed text when the master key is missing (zh + en). */
export const REPORT_TEXT_LOCKED = '【举报内容已加密存储，缺少主密钥，暂无法显示】[The report text is encrypted and the master key is missing]';

/** Whether a case of this source keeps its summary sealed. */
export const isSealedSource = (source: string): boolean => source === 'report';

/** The stored form of a text of this case: sealed for a report case, as is otherwise. */
export async function storedSummary(tx: Tx, caseId: string, source: string, text: string): Promise<string> {
  return isSealedSource(source) ? sealText(tx, caseId, text) : text;
}

/** The stored form of a reply to the reporter (always sealed). */
export const sealedReply = (tx: Tx, caseId: string, text: string): Promise<string> => sealText(tx, caseId, text);

/** A stored text as the caller reads it: opened when sealed, the placeholder when the key is missing. */
export async function readableText(q: Q | Db, caseId: string, stored: string): Promise<string> {
  if (!isSealedText(stored)) return stored;
  try {
    return await openText(q, caseId, stored);
  } catch (err) {
    if (isAppError(err) && err.code === 'REPORT_KEY_MISSING') return REPORT_TEXT_LOCKED;
    throw err;
  }
}

/**
 * Many stored texts as the caller reads them (a list page), each as `readableText` gives it, with
 * one read of the cases' data keys for all the sealed ones (issue 14: not one per case).
 */
export async function readableTexts(q: Q | Db, items: readonly { caseId: string; stored: string }[]): Promise<string[]> {
  const sealed = items.filter((i) => isSealedText(i.stored));
  const opened = await openTexts(q, sealed.map((i) => ({ caseId: i.caseId, sealed: i.stored })));
  const byItem = new Map(sealed.map((i, n) => [i, opened[n]!]));
  return items.map((i) => {
    const r = byItem.get(i);
    return r ? readableOf(r) : i.stored;
  });
}

/** An opened text as the caller reads it: the placeholder when the master key is missing. */
function readableOf(r: PromiseSettledResult<string>): string {
  if (r.status === 'fulfilled') return r.value;
  if (isAppError(r.reason) && r.reason.code === 'REPORT_KEY_MISSING') return REPORT_TEXT_LOCKED;
  throw r.reason;
}

/**
 * The stored texts of one case as the caller reads them (each as `readableText` gives it), with
 * the case's data key read at most once for all of them, when the first sealed one is opened:
 * the case page opens its summary and its replies to the reporter with one read of the key
 * (issue 14: not one per text). One reader per request.
 */
export function caseTextReader(q: Q | Db, caseId: string): (stored: string) => Promise<string> {
  let keys: ReturnType<typeof reportKeysOf> | undefined;
  return async (stored) => {
    if (!isSealedText(stored)) return stored;
    keys ??= reportKeysOf(q, [caseId]);
    return readableOf(openTextsWith(await keys, [{ caseId, sealed: stored }])[0]!);
  };
}

/** The case's summary, opened (internal callers: redaction, documents). */
export async function caseSummaryText(q: Q, caseId: string): Promise<string | null> {
  const r = await repo.caseSummaryOf(q, caseId);
  return r ? readableText(q, caseId, r.summary) : null;
}

/** Writes a reply to the reporter, sealed. */
export async function insertSealedReply(tx: Tx, row: { id: string; case_id: string; kind: string; text: string; replied_on: string; actor_id: string; created_at: string }): Promise<void> {
  await repo.insertReply(tx, { ...row, text: await sealedReply(tx, row.case_id, row.text) });
}

/**
 * Seals report texts and replies still in clear (written before migration 0330) and takes the
 * report text out of the search index. Idempotent. Needs the master key when there is anything
 * to seal (REPORT_KEY_MISSING otherwise, before anything changes in this transaction).
 */
export async function sealPlaintextReportTexts(tx: Tx): Promise<{ summaries: number; replies: number; indexEntries: number }> {
  let summaries = 0;
  for (const c of await repo.reportCaseSummaries(tx)) {
    if (isSealedText(c.summary)) continue;
    await repo.setCaseSummary(tx, c.id, await sealText(tx, c.id, c.summary));
    summaries++;
  }
  let replies = 0;
  for (const r of await repo.allReplies(tx)) {
    if (isSealedText(r.text)) continue;
    await repo.setReplyText(tx, r.id, await sealText(tx, r.case_id, r.text));
    replies++;
  }
  const indexEntries = await repo.dropReportTextFromIndex(tx);
  return { summaries, replies, indexEntries };
}
