// Bulk writes and look-ups of the original-cases register for the streaming CSV import (issue 14):
// the reference maps read once per import, the case numbers already taken read per batch, and
// multi-row inserts of cases and participants sized under each engine's bound-parameter limit
// (SQLite 32,766; PostgreSQL 65,535).
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { OriginalCaseParticipantTable, OriginalCaseTable } from '../../db/tables/registers';
import { orgScopeFilter } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';

type Q = Kysely<Database>;
export type BulkCaseRow = Insertable<OriginalCaseTable>;
export type BulkParticipantRow = Insertable<OriginalCaseParticipantTable>;

/** Bound parameters one statement may use on both engines, with a margin. */
const MAX_PARAMS = 30_000;

/** employee no. → person id, for the people the actor's organisations may reference (inactive included: cases are history). */
export async function personIdsByEmployeeNo(q: Q, actor: Pick<Actor, 'orgScope'>): Promise<Map<string, string>> {
  const rows = await q.selectFrom('people').select(['id', 'employee_no']).where('employee_no', 'is not', null).where(orgScopeFilter(actor, 'people.org_id')).execute();
  return new Map(rows.map((r) => [r.employee_no!, r.id]));
}

/** The numbers among `numbers` that a case in the register (any organisation) already has. */
export async function takenCaseNumbers(q: Q, numbers: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < numbers.length; i += MAX_PARAMS) {
    const part = numbers.slice(i, i + MAX_PARAMS);
    if (!part.length) continue;
    for (const r of await q.selectFrom('original_cases').select('number').where('number', 'in', part).execute()) out.add(r.number);
  }
  return out;
}

async function insertChunked<T extends 'original_cases' | 'original_case_participants'>(q: Q, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  if (!rows.length) return;
  const perRow = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  for (let i = 0; i < rows.length; i += size) {
    // any: the two tables' insert types are not a union Kysely can check generically
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await (q as Kysely<any>).insertInto(table).values(rows.slice(i, i + size) as never).execute();
  }
}

/** One batch of new cases and their participants, as multi-row inserts (inside the caller's transaction). */
export async function insertOriginalCasesBatch(q: Q, cases: readonly BulkCaseRow[], participants: readonly BulkParticipantRow[]): Promise<void> {
  await insertChunked(q, 'original_cases', cases);
  await insertChunked(q, 'original_case_participants', participants);
}
