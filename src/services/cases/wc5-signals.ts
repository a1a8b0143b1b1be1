// WC-5 outcomes open cases (issue 7 point 8). An original enforcement case whose outcome is
// recorded as wrong (WC-5(1)–(6): the outcome events of the original-cases register) and that no
// accountability case names is a signal in the clerks' queue — to assess, until a case is opened
// from it (intake naming that original case) or a clerk records why not (audited). A later
// outcome event raises the signal again.
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { authorize, type Actor } from '../../policies/roles';
import { dismissedOutcomeIds, insertWc5Dismissal, outcomesWithoutCase } from '../../repositories/registers/register-reads';
import { nowIso, type Ctx } from '../context';
import type { Q } from './repo';

export interface Wc5Signal {
  originalCaseId: string;
  originalCaseNumber: string;
  title: string;
  outcomeId: string;
  source: string;
  referenceNo: string;
  referenceDate: string;
  issuer: string | null;
}

/** Every pending signal, oldest outcome first (no authorization: callers authorize). */
export async function pendingWc5Signals(q: Q, onlyOriginalCaseId?: string, scope: Pick<Actor, 'orgScope'> = {}): Promise<Wc5Signal[]> {
  const rows = await outcomesWithoutCase(q, scope, onlyOriginalCaseId);
  // The latest outcome per original case is the one the signal stands on.
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) latest.set(r.case_id, r);
  const ids = [...latest.keys()];
  const dismissed = await dismissedOutcomeIds(q, ids);
  return [...latest.values()]
    .filter((r) => !dismissed.has(r.id))
    .map((r) => ({ originalCaseId: r.case_id, originalCaseNumber: r.number, title: r.title, outcomeId: r.id, source: r.source, referenceNo: r.reference_no, referenceDate: r.reference_date, issuer: r.issuer }));
}

/** The clerks' signals (they open cases: `cases.create`). */
export async function listWc5Signals(ctx: Ctx): Promise<Wc5Signal[]> {
  authorize(ctx.actor, 'cases.create');
  return pendingWc5Signals(ctx.db.kysely, undefined, ctx.actor);
}

export const dismissSignalSchema = z.object({ reason: z.string().trim().min(2).max(4000) });

/** 不予立案说明: records why no case is opened from this WC-5 outcome; the signal ends. Audited. */
export async function dismissWc5Signal(ctx: Ctx, originalCaseId: string, raw: unknown): Promise<{ id: string; originalCaseId: string; outcomeId: string }> {
  authorize(ctx.actor, 'cases.create');
  const input = parseInput(dismissSignalSchema, raw);
  return inTransaction(ctx.db, async (tx) => {
    const [signal] = await pendingWc5Signals(tx, originalCaseId, ctx.actor);
    if (!signal) throw new AppError('NOT_FOUND', { zh: '该原执法案件没有待研判的错案信号（WC-5）', en: 'no pending WC-5 signal for that original case' });
    const id = newId();
    const now = nowIso(ctx);
    await insertWc5Dismissal(tx, { id, original_case_id: originalCaseId, outcome_id: signal.outcomeId, reason: input.reason, actor_id: ctx.actor.userId, recorded_at: now });
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'original_case.wc5_signal.dismiss',
      entityType: 'original_case',
      entityId: originalCaseId,
      after: { dismissalId: id, outcomeId: signal.outcomeId, source: signal.source, reason: input.reason, citation: 'WC-5' },
      at: now,
    });
    return { id, originalCaseId, outcomeId: signal.outcomeId };
  });
}
