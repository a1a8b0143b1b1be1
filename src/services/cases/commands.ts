// Every step of a case is one command: `performAction(ctx, caseId, action, input)`.
// Order of checks (each refusal changes nothing — the transaction rolls back, no audit row):
// authorize('cases.act') → validate the input with the step's schema → lock the case →
// visibility (NOT_FOUND) → expectedVersion (CONFLICT_STALE) → the state machine
// (TRANSITION_NOT_ALLOWED / TRANSITION_ROLE / PRECONDITION_FAILED, naming the rule) → the
// step's own checks and writes → state + version + step row + audit record, one transaction.
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import { ACTION_DEFS, ACTION_SCHEMAS, checkTransition, nextState, type CaseAction, type CaseFacts, type CaseState } from '../../domain/cases';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { nowIso, type Ctx } from '../context';
import { guardStep, impartialityFor } from './impartiality';
import { canSeeCase, loadFacts, lockCase, notFound, type CaseRow } from './repo';
import { STEP_HANDLERS, type UploadedFile } from './steps';

export interface ActionResult {
  caseId: string;
  version: number;
  state: CaseState;
  /** the record the step created, if any (evidence, finding, decision, appeal, payment …) */
  created: { kind: string; id: string } | null;
}

export async function performAction(ctx: Ctx, caseId: string, action: CaseAction, raw: unknown, extra: { file?: UploadedFile } = {}): Promise<ActionResult> {
  authorize(ctx.actor, 'cases.act');
  const def = ACTION_DEFS[action];
  if (!def) throw new AppError('TRANSITION_NOT_ALLOWED', { zh: `未知操作 ${String(action)}`, en: `unknown action ${String(action)}` });
  const input = parseInput(ACTION_SCHEMAS[def.needs], raw) as Record<string, unknown> & { expectedVersion: number };
  // Content-addressed: storing the bytes before the transaction is safe (same bytes, same
  // name) and keeps file I/O out of the database lock.
  const stored = extra.file ? await ctx.files.put(extra.file.content) : null;
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const row = await lockCase(tx, caseId);
    if (!row || !(await canSeeCase(tx, ctx.actor, caseId))) throw notFound();
    if (row.version !== input.expectedVersion) {
      throw new AppError(
        'CONFLICT_STALE',
        { zh: `案件已更新为第 ${row.version} 版，您提交的是第 ${input.expectedVersion} 版`, en: `the case is at version ${row.version}; you sent ${input.expectedVersion}` },
        { currentVersion: row.version, expectedVersion: input.expectedVersion },
      );
    }
    const facts = await loadFacts(tx, row);
    // Impartiality (issue 7): the deputy may act for a conflicted main leader (impartiality.ts).
    const imp = await impartialityFor(tx, ctx, row.id, facts);
    const check = checkTransition(facts, action, imp.actorFacts);
    if (!check.ok && check.code === 'TRANSITION_ROLE' && imp.deputyRefusal) throw new AppError('TRANSITION_ROLE', imp.deputyRefusal, { citation: check.citation, action, state: row.state });
    if (!check.ok) throw new AppError(check.code, { zh: check.zh, en: check.en }, { citation: check.citation, action, state: row.state });
    // Recusal, separation of investigation from decision, honest dates: refuse, or marks for the step.
    const marks = await guardStep(tx, ctx, row, facts, action, input, imp);
    const to = nextState(def, facts, input);
    const res = await STEP_HANDLERS[action]({ ctx, tx, row, facts, input, to, now, citation: check.citation, file: extra.file && stored ? { ...extra.file, sha256: stored.sha256, size: stored.size } : undefined });
    return finishStep(tx, ctx, row, facts, action, to, check.citation, now, { ...res, data: { ...(res.data ?? {}), ...marks } });
  });
}

async function finishStep(
  tx: Tx,
  ctx: Ctx,
  row: CaseRow,
  _facts: CaseFacts,
  action: CaseAction,
  to: CaseState,
  citation: string,
  now: string,
  res: { patch?: Partial<CaseRow>; data?: Record<string, unknown>; created?: { kind: string; id: string } },
): Promise<ActionResult> {
  const version = row.version + 1;
  const upd = await tx
    .updateTable('cases')
    .set({ ...(res.patch ?? {}), state: to, version, updated_at: now })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(upd.numUpdatedRows) !== 1) throw new AppError('CONFLICT_STALE');
  const data = res.data ?? {};
  await tx
    .insertInto('case_steps')
    .values({ id: newId(), case_id: row.id, action, from_state: row.state, to_state: to, citation, data: JSON.stringify(data), actor_id: ctx.actor.userId, at: now })
    .execute();
  await appendAudit(tx, {
    actorId: ctx.actor.userId,
    action: `case.${action}`,
    entityType: 'case',
    entityId: row.id,
    before: { state: row.state, version: row.version },
    after: { state: to, version, citation, data, ...(res.created ? { created: res.created } : {}) },
    at: now,
  });
  return { caseId: row.id, version, state: to, created: res.created ?? null };
}
