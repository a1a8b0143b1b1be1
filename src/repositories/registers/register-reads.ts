// Reads of the registers that the case area draws on (the documents' facts, the rules' facts).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Q = Kysely<Database>;

/** 发文机关: the commission, the root unit of the register. */
export async function commissionName(q: Q): Promise<string | null> {
  return (await q.selectFrom('units').select('name').where('kind', '=', 'commission').where('active', '=', 1).orderBy('sort_order').executeTakeFirst())?.name ?? null;
}

export interface OriginalCaseSummary {
  number: string;
  title: string;
  kind: string;
  decisionDate: string;
  counterpartName: string;
  counterpartType: string;
  unitName: string | null;
}

export async function originalCaseSummary(q: Q, id: string): Promise<OriginalCaseSummary | null> {
  const o = await q
    .selectFrom('original_cases')
    .leftJoin('units', 'units.id', 'original_cases.unit_id')
    .select(['original_cases.number', 'original_cases.title', 'original_cases.kind', 'original_cases.decision_date', 'original_cases.counterpart_name', 'original_cases.counterpart_type', 'units.name as unit_name'])
    .where('original_cases.id', '=', id)
    .executeTakeFirst();
  return o ? { number: o.number, title: o.title, kind: o.kind, decisionDate: o.decision_date, counterpartName: o.counterpart_name, counterpartType: o.counterpart_type, unitName: o.unit_name } : null;
}

/** State compensation paid on the original case (WC-10, FL-13 recovery). */
export async function originalCompensations(q: Q, originalCaseId: string): Promise<{ amountFen: number; decisionNo: string; paidDate: string }[]> {
  const rows = await q.selectFrom('original_case_compensations').select(['amount_fen', 'decision_no', 'paid_date']).where('case_id', '=', originalCaseId).orderBy('paid_date').execute();
  return rows.map((c) => ({ amountFen: Number(c.amount_fen), decisionNo: c.decision_no, paidDate: c.paid_date }));
}
