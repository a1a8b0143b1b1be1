// The reports' wrapped data keys (src/crypto/report-seal.ts), read for many cases at once: a list
// page opens the report texts of its cases with one statement, not one per case (issue 14).
import type { Kysely } from 'kysely';
import { compiledOnce } from '../../db/compiled-once';
import type { Database } from '../../db/schema';

export interface ReportKeyRow {
  case_id: string;
  wrapped_key: string;
  key_id: string;
  alg: string;
}

/** One case's wrapped data key (the case page's read), compiled once (src/db/compiled-once.ts). */
export const reportKeyStatement = compiledOnce<'-', { caseId: string }, ReportKeyRow>((_pg, _v, a, db) =>
  db.selectFrom('report_keys').select(['case_id', 'wrapped_key', 'key_id', 'alg']).where('case_id', '=', a.caseId),
);

/** The wrapped data keys of these cases (those that have one), one statement per 500 ids. */
export async function reportKeyRowsOf(q: Kysely<Database>, caseIds: readonly string[]): Promise<Map<string, ReportKeyRow>> {
  const out = new Map<string, ReportKeyRow>();
  const ids = [...new Set(caseIds)];
  if (ids.length === 1) {
    for (const r of (await reportKeyStatement.execute(q, '-', { caseId: ids[0]! })).rows) out.set(r.case_id, r);
    return out;
  }
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await q
      .selectFrom('report_keys')
      .select(['case_id', 'wrapped_key', 'key_id', 'alg'])
      .where('case_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.case_id, r);
  }
  return out;
}
