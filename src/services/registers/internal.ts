// Small helpers shared by the register services: who writes (inside someone's transaction),
// reading through a Db or a Tx, per-dialect text matching, optimistic versions, reference errors.
import type { UpdateResult } from 'kysely';
import { actorOrgId } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';
import { AppError } from '../../errors';
import { validationError } from '../../lib/validation';
import { nowIso, type Ctx } from '../context';

/**
 * Who writes and when, for register functions called inside another service's transaction
 * (e.g. the case workflow suspending a certificate at execution, WC-10(4)). The caller has
 * already authorized its own action; `now` is an ISO timestamp from the caller's injected clock.
 */
export interface InTxActor {
  actorId: string | null;
  now: string;
  /** issue 11: the organisation new register rows belong to (absent: the default organisation) */
  orgId?: string;
  /** issue 11: the organisations whose register rows may be referenced (absent: unrestricted, in-process callers) */
  orgScope?: readonly string[];
  /** the register person of the account writing (FL-5(1): nobody writes their own post or certificate) */
  personId?: string | null;
  /** the account writing, when a request's (FL-5(1), FL-7(7): a refusal names a case only as its history would to him — src/policies/cases.ts#caseNamingOnPerson); absent: in-process */
  actor?: Actor;
}

export const txActorOf = (ctx: Ctx): InTxActor => ({ actorId: ctx.actor.userId, now: nowIso(ctx), orgId: actorOrgId(ctx.actor), orgScope: ctx.actor.orgScope, personId: ctx.actor.personId, actor: ctx.actor });

/**
 * FL-5(1) 回避 in the registers: the holder of a record that a decision's execution writes — his
 * own unit and post (调离执法岗位), his own enforcement certificate (暂扣, 吊销, its validity) —
 * does not change it himself; another register writer does. A change of one's own name, phone or
 * e-mail stays one's own.
 */
export function assertNotOwnRecord(by: InTxActor, holderPersonId: string, what: { zh: string; en: string }): void {
  if (by.personId && by.personId === holderPersonId) {
    throw new AppError('RECUSAL_REQUIRED', {
      zh: `不得更改本人的${what.zh}，应由其他台账管理人员办理（FL-5(1) 回避）`,
      en: `you may not change your own ${what.en}: another register keeper does it (recusal, FL-5(1))`,
    });
  }
}

export { containsText, dialectOf, queryOf, type DbOrTx } from '../../repositories/registers/query';

/**
 * A register write that changes a fact accountability cases rest on (an original case's
 * participants, a certificate's qualification answer, a post a decision set): those cases and the
 * sentence (zh, en) asking for the reason. Asked by the write itself, which refuses without a
 * reason, and by the spreadsheet import's preview, which makes it the row's own error.
 */
export interface CorrectionNeed {
  cases: { id: string; number: string }[];
  zh: string;
  en: string;
}

/** The record was changed since the caller read it. */
export function staleError(): AppError {
  return new AppError('CONFLICT_STALE');
}

export function checkVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) throw staleError();
}

/** An update guarded by `WHERE version = read version` touched nothing: someone else wrote first. */
export function assertUpdated(r: UpdateResult): void {
  if (Number(r.numUpdatedRows) !== 1) throw staleError();
}

/** A field refers to a record that does not exist (or may not be used): VALIDATION_FAILED naming the field. */
export function refError(path: (string | number)[], zh: string, en: string): AppError {
  return validationError([{ code: 'custom', path, message: `${zh} / ${en}` }]);
}

export function duplicateError(what: { zh: string; en: string }, key: string): AppError {
  return new AppError('CONFLICT_DUPLICATE', { zh: `${what.zh} ${key} 已存在`, en: `${what.en} ${key} already exists` }, { key });
}

/**
 * Runs a write that a unique key guards (checked free before, but a concurrent write may win the
 * race): the database's refusal becomes CONFLICT_DUPLICATE naming `what` and `key`; any other
 * error goes on unchanged.
 */
export async function guardDuplicate<T>(what: { zh: string; en: string }, key: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateError(what, key);
    throw err;
  }
}

/** PostgreSQL or SQLite refused a row for a unique key (a concurrent insert won the race). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export const bool = (n: number): boolean => Number(n) === 1;
