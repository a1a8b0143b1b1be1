// SQL of the stored case deadlines (WC-9(1) transfer, FL-16 handling: `case_deadlines`) and the
// open internal targets listed beside them (`case_internal_targets`, written by the notify area).
// Rows decoded once here (provisional 0/1 to a boolean, numbers as numbers); the rules of the
// periods stay in src/services/cases/deadlines.ts. Keyed by case ids the caller already reads.
import { sql } from 'kysely';
import type { DayCounting, DeadlineKind } from '../../calendar/deadlines';
import type { CaseDeadlineTable } from '../../db/tables/cases';
import type { CaseInternalTargetTable } from '../../db/tables/notifications';
import { flag } from './case-rows';
import type { Q } from './case-repo';

/** A stored deadline, decoded. */
export interface StoredDeadline {
  id: string;
  caseId: string;
  kind: DeadlineKind;
  citation: string;
  dayKind: DayCounting;
  days: number;
  startDate: string;
  dueDate: string;
  provisional: boolean;
  metOn: string | null;
}

const decodeDeadline = (r: CaseDeadlineTable): StoredDeadline => ({
  id: r.id,
  caseId: r.case_id,
  kind: r.kind,
  citation: r.citation,
  dayKind: r.day_kind,
  days: Number(r.days),
  startDate: r.start_date,
  dueDate: r.due_date,
  provisional: flag(r.provisional),
  metOn: r.met_on,
});

/** An internal target (内部时限), decoded. */
export interface StoredInternalTarget {
  caseId: string;
  kind: string;
  citation: string;
  days: number;
  startDate: string;
  dueDate: string;
  provisional: boolean;
  metOn: string | null;
}

const decodeTarget = (r: CaseInternalTargetTable): StoredInternalTarget => ({
  caseId: r.case_id,
  kind: r.kind,
  citation: r.citation,
  days: Number(r.days),
  startDate: r.start_date,
  dueDate: r.due_date,
  provisional: flag(r.provisional),
  metOn: r.met_on,
});

/** Whether the case has a deadline of this kind already (met or not). */
export async function hasDeadline(q: Q, caseId: string, kind: DeadlineKind): Promise<boolean> {
  return Boolean(await q.selectFrom('case_deadlines').select('id').where('case_id', '=', caseId).where('kind', '=', kind).executeTakeFirst());
}

export async function insertDeadline(tx: Q, d: Omit<StoredDeadline, 'metOn'>, now: string): Promise<void> {
  await tx
    .insertInto('case_deadlines')
    .values({
      id: d.id,
      case_id: d.caseId,
      kind: d.kind,
      citation: d.citation,
      day_kind: d.dayKind,
      days: d.days,
      start_date: d.startDate,
      due_date: d.dueDate,
      provisional: d.provisional ? 1 : 0,
      met_on: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** Marks the case's unmet deadline of this kind as met on `on`. */
export async function markDeadlineMet(tx: Q, caseId: string, kind: DeadlineKind, on: string, now: string): Promise<void> {
  await tx.updateTable('case_deadlines').set({ met_on: on, updated_at: now }).where('case_id', '=', caseId).where('kind', '=', kind).where('met_on', 'is', null).execute();
}

/** The deadlines of these cases, by start date (then id). */
export async function deadlinesOfCases(q: Q, caseIds: readonly string[]): Promise<StoredDeadline[]> {
  if (!caseIds.length) return [];
  return (await q.selectFrom('case_deadlines').selectAll().where('case_id', 'in', [...caseIds]).orderBy('start_date').orderBy('id').execute()).map(decodeDeadline);
}

/** The unmet internal targets of these cases, by start date (then id). */
export async function openInternalTargetsOf(q: Q, caseIds: readonly string[]): Promise<StoredInternalTarget[]> {
  if (!caseIds.length) return [];
  return (await q.selectFrom('case_internal_targets').selectAll().where('case_id', 'in', [...caseIds]).where('met_on', 'is', null).orderBy('start_date').orderBy('id').execute()).map(decodeTarget);
}

/**
 * `deadlinesOfCases` and `openInternalTargetsOf` in one statement (issue 14: a case list page
 * needs both; one round trip, not two): a UNION ALL of the two tables' common columns with a
 * source column (0: deadline, 1: internal target; a target has no day counting), ordered by
 * source, start date and id — each list in the order its own read gives.
 */
export async function deadlinesAndOpenTargetsOf(q: Q, caseIds: readonly string[]): Promise<{ rows: StoredDeadline[]; targets: StoredInternalTarget[] }> {
  if (!caseIds.length) return { rows: [], targets: [] };
  const ids = [...caseIds];
  const cols = ['id', 'case_id', 'kind', 'citation', 'days', 'start_date', 'due_date', 'provisional', 'met_on'] as const;
  const deadlines = q.selectFrom('case_deadlines').select([sql<number>`0`.as('src'), ...cols, 'day_kind']).where('case_id', 'in', ids);
  // (a target's kind is a step name, not a deadline kind: the rows are told apart by `src`)
  const targets = q
    .selectFrom('case_internal_targets')
    .select([sql<number>`1`.as('src'), ...cols, sql<DayCounting>`NULL`.as('day_kind')])
    .where('case_id', 'in', ids)
    .where('met_on', 'is', null) as unknown as typeof deadlines;
  const all = await deadlines
    .unionAll(targets)
    .orderBy('src')
    .orderBy('start_date')
    .orderBy('id')
    .execute();
  return {
    rows: all.filter((r) => Number(r.src) === 0).map((r) => decodeDeadline(r as unknown as CaseDeadlineTable)),
    targets: all.filter((r) => Number(r.src) === 1).map((r) => decodeTarget(r as unknown as CaseInternalTargetTable)),
  };
}

/**
 * The case's unmet deadlines and internal targets due before `before`, as (source, kind, due
 * date): what a step recorded today would meet although it is already past due.
 */
export async function unmetDueBefore(q: Q, caseId: string, before: string): Promise<{ src: 0 | 1; kind: string; dueDate: string }[]> {
  const deadlines = q.selectFrom('case_deadlines').select([sql<number>`0`.as('src'), 'kind', 'due_date']).where('case_id', '=', caseId).where('met_on', 'is', null).where('due_date', '<', before);
  const targets = q
    .selectFrom('case_internal_targets')
    .select([sql<number>`1`.as('src'), 'kind', 'due_date'])
    .where('case_id', '=', caseId)
    .where('met_on', 'is', null)
    .where('due_date', '<', before) as unknown as typeof deadlines;
  const rows = await deadlines.unionAll(targets).execute();
  return rows.map((r) => ({ src: Number(r.src) === 1 ? 1 : 0, kind: r.kind, dueDate: r.due_date }));
}

/** Every provisional deadline (computed without a year's holiday data). */
export async function provisionalDeadlines(q: Q): Promise<StoredDeadline[]> {
  return (await q.selectFrom('case_deadlines').selectAll().where('provisional', '=', 1).execute()).map(decodeDeadline);
}

/** The start and due dates of the unmet provisional deadlines (the years they need). */
export async function unmetProvisionalSpans(q: Q): Promise<{ startDate: string; dueDate: string }[]> {
  const rows = await q.selectFrom('case_deadlines').select(['start_date', 'due_date']).where('provisional', '=', 1).where('met_on', 'is', null).execute();
  return rows.map((r) => ({ startDate: r.start_date, dueDate: r.due_date }));
}

/** Sets a deadline's recomputed due date. */
export async function setDeadlineDue(tx: Q, id: string, dueDate: string, provisional: boolean, now: string): Promise<void> {
  await tx.updateTable('case_deadlines').set({ due_date: dueDate, provisional: provisional ? 1 : 0, updated_at: now }).where('id', '=', id).execute();
}

/** The organisation of each of these cases. */
export async function orgIdsOfCases(q: Q, caseIds: readonly string[]): Promise<Map<string, string>> {
  if (!caseIds.length) return new Map();
  return new Map((await q.selectFrom('cases').select(['id', 'org_id']).where('id', 'in', [...caseIds]).execute()).map((c) => [c.id, c.org_id]));
}
