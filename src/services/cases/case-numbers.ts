// Case numbers 巴住建问〔2025〕3号: one counter per organisation and year (issue 11), formatted
// with the organisation's own prefix and format (src/services/orgs/org-repo.ts). `seq` stays
// the database-wide ordinal of the year (the unique (year, seq) of 0030, used for ordering);
// the organisation's own n is `orgSeq`. Both counters are upserts inside the intake
// transaction — on PostgreSQL the row lock of ON CONFLICT DO UPDATE serializes concurrent
// intakes, on SQLite BEGIN IMMEDIATE does — so two cases never share a number and no number is
// skipped when a transaction commits, except one an imported past decision already carries.
import type { Tx } from '../../db/tx';
import { nextCaseSeq } from '../../repositories/cases/case-repo';
import { importedNumberTaken } from '../../repositories/history/history-repo';
import { formatOrgCaseNumber, nextOrgCaseSeq, orgOrDefault } from '../orgs/org-repo';

/** The prefix of the organisation of a database made before issue 11. */
export const CASE_NUMBER_PREFIX = '巴住建问';

export const formatCaseNumber = (year: number, seq: number, prefix = CASE_NUMBER_PREFIX): string => `${prefix}〔${year}〕${seq}号`;

export async function nextCaseNumber(tx: Tx, orgId: string, year: number): Promise<{ year: number; seq: number; orgSeq: number; number: string }> {
  const seq = await nextCaseSeq(tx, year);
  const org = await orgOrDefault(tx, orgId);
  // A number an imported past decision of the organisation already carries (a paper case of the
  // go-live year numbered the same way) is passed over: one number, one case.
  for (;;) {
    const orgSeq = await nextOrgCaseSeq(tx, org.id, year);
    const number = formatOrgCaseNumber(org, year, orgSeq);
    if (!(await importedNumberTaken(tx, org.id, number))) return { year, seq, orgSeq, number };
  }
}
