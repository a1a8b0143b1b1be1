// A referral recorded as made (WC-9(3) 如涉嫌违纪违法及时向有关部门报告; FL-12 构成犯罪的，移交司法机关)
// becomes a tracked execution item of the decision (issue 10): "移送司法机关 / 报告纪检监察机关 /
// 报告监察委员会" with the referral's document, shown on the execution tab and completed when the
// receiving body's receipt or result is recorded (complete_execution_item). Which item a body's
// referral becomes, and its citation, is the pack's (vocabulary.execution.referrals).
import { EXECUTION_VOCABULARY } from '../../domain/cases/citations';
import { newId } from '../../lib/ids';
import type { Tx } from '../../db/tx';
import { executionItemsOfSubject, inForceDecisionId, insertExecutionItem, setExecutionItemResult } from '../../repositories/cases/execution-items-repo';
import { madeReferralsOfCase, type ReferralRow } from '../../repositories/cases/referrals-repo';
import { parseJson } from './repo';

/** What an execution item keeps of the referral it tracks. */
export interface ReferralOnItem {
  body: string;
  bodyZh: string;
  madeOn: string | null;
  documentRef: string | null;
  documentId: string | null;
}

const onItem = (r: ReferralRow, bodyZh: string): ReferralOnItem => ({ body: r.body, bodyZh, madeOn: r.madeOn, documentRef: r.documentRef, documentId: r.documentId });

/**
 * For every referral of the case recorded as made: an execution item of the decision (`decisionId`,
 * default the decision in force) unless the subject already has one of that kind — an open one
 * without a referral (from the decision's transfer flag) takes the referral on. Returns the number
 * of items created. No decision yet: nothing (the decision step calls this again).
 */
export async function trackReferralExecution(tx: Tx, caseId: string, now: string, decisionId?: string): Promise<number> {
  const decision = decisionId ?? (await inForceDecisionId(tx, caseId));
  if (!decision) return 0;
  let n = 0;
  for (const r of await madeReferralsOfCase(tx, caseId)) {
    const target = EXECUTION_VOCABULARY.referrals[r.body];
    if (!target) continue;
    const referral = onItem(r, target.zh);
    const existing = (await executionItemsOfSubject(tx, caseId, r.subjectPersonId, target.kind)).filter((it) => it.status === 'open' || it.status === 'done');
    if (existing.length) {
      const open = existing.find((it) => it.status === 'open' && !parseJson<{ referral?: unknown }>(it.result, {}).referral);
      if (open) await setExecutionItemResult(tx, open.id, { ...parseJson<Record<string, unknown>>(open.result, {}), referral }, now);
      continue;
    }
    await insertExecutionItem(tx, {
      id: newId(),
      case_id: caseId,
      decision_id: decision,
      subject_person_id: r.subjectPersonId,
      kind: target.kind,
      citation: r.ruleIds.find((c) => c === target.citation) ?? target.citation,
      year: null,
      unit_id: null,
      amount_fen: null,
      status: 'open',
      done_on: null,
      result: JSON.stringify({ referral }),
      created_at: now,
      updated_at: now,
    });
    n++;
  }
  return n;
}
