// Case numbers 巴住建问〔2025〕3号: one sequence per year. The counter row is incremented with
// an upsert inside the intake transaction — on PostgreSQL the row lock of ON CONFLICT DO UPDATE
// serializes concurrent intakes, on SQLite BEGIN IMMEDIATE does — so two cases never share a
// number and no number is skipped when a transaction commits.
import { sql } from 'kysely';
import type { Tx } from '../../db/tx';

export const CASE_NUMBER_PREFIX = '巴住建问';

export const formatCaseNumber = (year: number, seq: number): string => `${CASE_NUMBER_PREFIX}〔${year}〕${seq}号`;

export async function nextCaseNumber(tx: Tx, year: number): Promise<{ year: number; seq: number; number: string }> {
  const r = await tx
    .insertInto('case_number_seq')
    .values({ year, last: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`case_number_seq.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  const seq = Number(r.last);
  return { year, seq, number: formatCaseNumber(year, seq) };
}
