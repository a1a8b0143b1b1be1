// Every step of a case is one command: `performAction(ctx, caseId, action, input)`.
// Order of checks (each refusal changes nothing — the transaction rolls back, no audit row):
// authorize('cases.act') → validate the input with the step's schema → lock the case →
// visibility (NOT_FOUND) → expectedVersion (CONFLICT_STALE) → the state machine
// (TRANSITION_NOT_ALLOWED / TRANSITION_ROLE / PRECONDITION_FAILED, naming the rule) → the
// step's own checks and writes → state + version + step row + audit record, one transaction.
import { recordIfRedactionRefused } from '../reporter/redaction-refusal';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import { ACTION_DEFS, ACTION_SCHEMAS, checkTransition, factsForStep, nextState, type CaseAction, type CaseFacts, type CaseState } from '../../domain/cases';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { Readable } from 'node:stream';
import type { StagedFile } from '../../files/file-store';
import { authorize } from '../../policies/roles';
import { nowIso, type Ctx } from '../context';
import { chinaDate } from '../../lib/clock';
import { uploadAllowance } from '../hardening-settings';
import { deputyOrgOf, guardStep, impartialityFor, precheckImpartiality, type StepActorImpartiality } from './impartiality';
import { canSeeCase, findCase, loadFacts, notFound, type CaseRow } from './repo';
import { advanceCase, insertStep, lockCaseWithTeam } from '../../repositories/cases/case-repo';
import { factsAfterRow, loadStepFacts } from '../../repositories/cases/case-aggregate';
import { STEP_HANDLERS, type UploadedFile } from './steps';
import { emitStepPerformed } from './step-events';
import { draftOutcomeInTx } from './reporter-channel';
import { onCaseStep } from '../notify/case-events';
import { orgPacksOn } from '../orgs/org-settings';
import { ctxForCase } from '../orgs/acting-in';
import { checkLegalInput } from './legal-input-check';
import { mediaTypeOrOctetStream } from '../../files/content-type';

export interface ActionResult {
  caseId: string;
  version: number;
  state: CaseState;
  /** the record the step created, if any (evidence, finding, decision, appeal, payment …) */
  created: { kind: string; id: string } | null;
  /** the actor's impartiality the step worked out, for the case view answering it (never sent: the routes pick their fields) */
  actorImpartiality?: StepActorImpartiality;
}

export async function performAction(callerCtx: Ctx, caseId: string, action: CaseAction, raw: unknown, extra: { file?: UploadedFile } = {}): Promise<ActionResult> {
  // issue 11: a case of another organisation of a supervising account's scope: the roles held there
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'cases.act');
  const def = ACTION_DEFS[action];
  if (!def) throw new AppError('TRANSITION_NOT_ALLOWED', { zh: `未知操作 ${String(action)}`, en: `unknown action ${String(action)}` });
  let input: Record<string, unknown> & { expectedVersion: number };
  try {
    input = parseInput(ACTION_SCHEMAS[def.needs], raw) as Record<string, unknown> & { expectedVersion: number };
  } catch (err) {
    if (extra.file && 'staged' in extra.file) await ctx.files.discard(extra.file.staged);
    throw err;
  }
  // The file is staged (hashed, in a temporary place) and reaches the content-addressed store
  // only after the transaction that records it commits; any refusal discards it, so a refused
  // step leaves no byte behind (docs/security-hardening.md).
  const staged: StagedFile | null = extra.file ? ('staged' in extra.file ? extra.file.staged : await ctx.files.stage(Readable.from([extra.file.content]), Number.MAX_SAFE_INTEGER)) : null;
  const now = nowIso(ctx);
  let result: ActionResult;
  let from: CaseState | undefined;
  let actorImp: StepActorImpartiality | undefined;
  try {
    result = await inTransaction(ctx.db, async (tx) => {
      // the case locked, with whether the actor sits on its team (the visibility check's one question)
      const locked = await lockCaseWithTeam(tx, caseId, ctx.actor.userId);
      const row = locked?.row;
      if (!row || !(await canSeeCase(tx, ctx.actor, caseId, row, locked))) throw notFound();
      if (row.version !== input.expectedVersion) throw staleVersion(row.version, input.expectedVersion);
      // the state machine's facts, the impartiality facts, the steps that moved the case, the case's
      // organisation and the actor's register person and deputy: one statement
      const read = await loadStepFacts(tx, row, { userId: ctx.actor.userId, deputyOrgId: deputyOrgOf(ctx) });
      // FL-15: a registration that brings the case onto the fault track is judged as the fault track's
      const facts = factsForStep(read.facts, action, input);
      // The case's organisation, read once for the step (with its facts): its rule packs on the input's date and today.
      const org = read.org;
      // The item ids of the input against the rule pack of the case's organisation on the date.
      const onDate = typeof input.conductDate === 'string' ? input.conductDate : chinaDate(ctx.clock.now());
      checkLegalInput(def.needs, input, orgPacksOn(org, onDate), onDate);
      // Impartiality (issue 7): the deputy may act for a conflicted main leader (impartiality.ts).
      const imp = await impartialityFor(tx, ctx, row.id, facts, { org, recusal: read.recusal, actor: read.actor });
      actorImp = { userId: ctx.actor.userId, orgId: row.org_id, value: imp.actor };
      const check = checkTransition(facts, action, imp.actorFacts);
      if (!check.ok && check.code === 'TRANSITION_ROLE' && imp.deputyRefusal) throw new AppError('TRANSITION_ROLE', imp.deputyRefusal, { citation: check.citation, action, state: row.state });
      if (!check.ok) throw new AppError(check.code, { zh: check.zh, en: check.en }, { citation: check.citation, action, state: row.state });
      // Recusal, separation of investigation from decision, honest dates: refuse, or marks for the step.
      const marks = await guardStep(tx, ctx, row, facts, action, input, imp, read.movingSteps);
      if (staged) {
        // Quotas hold inside the transaction too: two uploads racing each other cannot both pass.
        const allowance = await uploadAllowance(tx, ctx.actor.userId);
        if (staged.size > allowance.bytes) throw allowance.refusal();
      }
      const planned = nextState(def, facts, input);
      from = row.state as CaseState;
      const file = extra.file && staged ? { filename: extra.file.filename, mimeType: mediaTypeOrOctetStream(extra.file.mimeType), sha256: staged.sha256, size: staged.size } : undefined;
      const res = await STEP_HANDLERS[action]({ ctx, tx, row, facts, input, to: planned, now, citation: check.citation, file });
      const to = res.to ?? planned;
      // issue 9 point 6: acceptance, transfer, decision, closure draft a message to the reporter
      // (audited with the step: its id in the step's data)
      const draftId = await draftOutcomeInTx(tx, row.id, action, input, now);
      const done = await finishStep(tx, ctx, row, facts, action, to, check.citation, now, { ...res, data: { ...(res.data ?? {}), ...marks, ...(draftId ? { reporterOutcomeDraftId: draftId } : {}) } });
      await onCaseStep(ctx, tx, { caseId: row.id, number: row.number, action, from: row.state, to, input: { ...input, ...marks }, actorId: ctx.actor.userId }); // notifications (issue 12)
      return done;
    });
  } catch (err) {
    if (staged) await ctx.files.discard(staged);
    // FL-7(7): a refused reporter-identity check is recorded, in its own transaction, after the rollback
    await recordIfRedactionRefused(ctx, err);
    throw err;
  }
  if (staged) await ctx.files.promote(staged);
  // committed: tell the observers (metrics)
  emitStepPerformed({ db: ctx.db, action, from: from!, to: result.state });
  return { ...result, actorImpartiality: actorImp };
}

const staleVersion = (current: number, expected: number): AppError =>
  new AppError(
    'CONFLICT_STALE',
    { zh: `案件已更新为第 ${current} 版，您提交的是第 ${expected} 版`, en: `the case is at version ${current}; you sent ${expected}` },
    { currentVersion: current, expectedVersion: expected },
  );

/**
 * The checks of `performAction` that do not need the step's input, made read-only and before an
 * upload's body is read: authorized, the case exists and this actor sees it, the version is the
 * one sent, and the state machine lets this actor take this step now. A refused upload is
 * refused here, before its first byte is stored. `performAction` checks all of it again, under
 * the case lock.
 */
export async function precheckAction(ctx: Ctx, caseId: string, action: CaseAction, expectedVersion: unknown): Promise<void> {
  authorize(ctx.actor, 'cases.act');
  const def = ACTION_DEFS[action];
  if (!def) throw new AppError('TRANSITION_NOT_ALLOWED', { zh: `未知操作 ${String(action)}`, en: `unknown action ${String(action)}` });
  const q = ctx.db.kysely;
  const row = await findCase(q, caseId);
  if (!row || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  const v = typeof expectedVersion === 'string' && /^\d{1,15}$/.test(expectedVersion) ? Number(expectedVersion) : expectedVersion;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: 'expectedVersion：须在文件之前提交案件版本号', en: 'expectedVersion: send the case version before the file' },
      { fields: [{ path: 'expectedVersion', code: 'required', zh: '须在文件之前提交案件版本号', en: 'send the case version before the file' }] },
    );
  }
  if (row.version !== v) throw staleVersion(row.version, v);
  const facts = await loadFacts(q, row);
  const imp = await impartialityFor(q, ctx, row.id, facts);
  const check = checkTransition(facts, action, imp.actorFacts);
  if (!check.ok && check.code === 'TRANSITION_ROLE' && imp.deputyRefusal) throw new AppError('TRANSITION_ROLE', imp.deputyRefusal, { citation: check.citation, action, state: row.state });
  if (!check.ok) throw new AppError(check.code, { zh: check.zh, en: check.en }, { citation: check.citation, action, state: row.state });
  // a conflicted person's upload is refused before its first byte too (回避)
  const refusal = precheckImpartiality(imp, action, facts);
  if (refusal) throw refusal;
}

/**
 * The steps whose handlers write none of the tables the state machine's facts come from (case
 * subjects, team, findings, decisions and their items, notifications, appeals and their referrals
 * to an outside body, execution items):
 * after them the facts are the ones read before the step with the row's new state and tracks, so
 * whom the case waits on is worked out without reading them again (`factsAfterRow`). Every other
 * step reads them again. Kept honest by src/services/cases/step-statements.test.ts (the stored
 * waits equal the facts read again after every step of a whole case).
 */
export const STEPS_KEEPING_FACTS: ReadonlySet<CaseAction> = new Set<CaseAction>([
  'accept',
  'not_accept',
  'transfer',
  'report_to_leader',
  'start_investigation',
  'link_original_case',
  'reply',
  'close',
  'record_evidence',
  'submit_findings',
  'return_for_investigation',
]);

async function finishStep(
  tx: Tx,
  ctx: Ctx,
  row: CaseRow,
  facts: CaseFacts,
  action: CaseAction,
  to: CaseState,
  citation: string,
  now: string,
  res: { patch?: Partial<CaseRow>; data?: Record<string, unknown>; created?: { kind: string; id: string } },
): Promise<ActionResult> {
  const version = row.version + 1;
  const patch = res.patch ?? {};
  const factsAfter = STEPS_KEEPING_FACTS.has(action) ? factsAfterRow(facts, { ...row, ...patch, state: to, version }) : undefined;
  const data = res.data ?? {};
  const step = { id: newId(), caseId: row.id, action, fromState: row.state, toState: to, citation, data, actorId: ctx.actor.userId, at: now };
  // the step row goes with the case row's update where one statement can carry both (PostgreSQL)
  const advanced = await advanceCase(tx, row, patch, to, version, now, factsAfter, step);
  if (!advanced.advanced) throw new AppError('CONFLICT_STALE');
  if (!advanced.stepWritten) await insertStep(tx, step);
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
