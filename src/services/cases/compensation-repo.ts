// State compensation paid for a case's original enforcement case (FL-13): the registers' payments,
// and the largest amount a finding recorded (as buildCaseFacts reads them).
import { currentFindings, parseJson, type Q } from './repo';

export async function paidCompensationFen(q: Q, caseId: string, originalCaseId: string | null): Promise<number> {
  const registered = originalCaseId
    ? Number((await q.selectFrom('original_case_compensations').select((eb) => eb.fn.sum<number>('amount_fen').as('s')).where('case_id', '=', originalCaseId).executeTakeFirst())?.s ?? 0)
    : 0;
  const found = (await currentFindings(q, caseId)).map((f) => parseJson<{ consequences?: { stateCompensationFen?: number } }>(f.data, {}).consequences?.stateCompensationFen ?? 0);
  return Math.max(registered, 0, ...found);
}
