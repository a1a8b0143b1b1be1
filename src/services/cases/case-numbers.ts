// Case numbers 巴住建问〔2025〕3号: one sequence per year. The counter row is incremented with
// an upsert inside the intake transaction — on PostgreSQL the row lock of ON CONFLICT DO UPDATE
// serializes concurrent intakes, on SQLite BEGIN IMMEDIATE does — so two cases never share a
// number and no number is skipped when a transaction commits.
import type { Tx } from '../../db/tx';
import { nextCaseSeq } from '../../repositories/cases/case-repo';

export const CASE_NUMBER_PREFIX = '巴住建问';

export const formatCaseNumber = (year: number, seq: number): string => `${CASE_NUMBER_PREFIX}〔${year}〕${seq}号`;

export async function nextCaseNumber(tx: Tx, year: number): Promise<{ year: number; seq: number; number: string }> {
  const seq = await nextCaseSeq(tx, year);
  return { year, seq, number: formatCaseNumber(year, seq) };
}
