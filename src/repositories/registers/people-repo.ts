// SQL of the people register (src/services/registers/people-service.ts): people with their unit's
// name, the search of the list, optimistic-version writes, the post history (decoded here).
import type { Insertable, Kysely, Selectable, UpdateResult, Updateable } from 'kysely';
import type { DialectName } from '../../db/database';
import type { Database } from '../../db/schema';
import type { PersonPostHistoryTable } from '../../db/tables/impartiality-execution';
import type { PersonTable } from '../../db/tables/registers';
import { orgScopeFilter } from '../../policies/org-scope';
import { containsText } from './query';

type Q = Kysely<Database>;

export type PersonRow = Selectable<PersonTable> & { unit_name: string };

function peopleWithUnit(q: Q) {
  return q.selectFrom('people as p').innerJoin('units as u', 'u.id', 'p.unit_id');
}

/** One person with the unit's name, within `orgScope` (absent: unrestricted). */
export async function personRowById(q: Q, id: string, orgScope: readonly string[] | undefined): Promise<PersonRow | undefined> {
  return peopleWithUnit(q).selectAll('p').select('u.name as unit_name').where('p.id', '=', id).where(orgScopeFilter({ orgScope }, 'p.org_id')).executeTakeFirst();
}

/** People by id (one statement; the caller keeps the list short). */
export async function personRowsByIds(q: Q, ids: readonly string[]): Promise<PersonRow[]> {
  if (!ids.length) return [];
  return peopleWithUnit(q).selectAll('p').select('u.name as unit_name').where('p.id', 'in', [...ids]).execute();
}

export async function personRowByEmployeeNo(q: Q, employeeNo: string): Promise<PersonRow | undefined> {
  return peopleWithUnit(q).selectAll('p').select('u.name as unit_name').where('p.employee_no', '=', employeeNo).executeTakeFirst();
}

export interface PeopleSearch {
  orgScope: readonly string[] | undefined;
  unitIds?: readonly string[];
  active?: boolean;
  /** text in the name, employee number or post */
  text?: string;
  page: number;
  pageSize: number;
}

/** A page of people (by unit order, then name) and the total matching. */
export async function searchPeople(q: Q, dialect: DialectName, s: PeopleSearch): Promise<{ rows: PersonRow[]; total: number }> {
  let base = peopleWithUnit(q).where(orgScopeFilter({ orgScope: s.orgScope }, 'p.org_id'));
  if (s.unitIds) base = base.where('p.unit_id', 'in', [...s.unitIds]);
  if (s.active !== undefined) base = base.where('p.active', '=', s.active ? 1 : 0);
  if (s.text) {
    const text = s.text;
    base = base.where((eb) => eb.or([containsText(dialect, 'p.name', text), containsText(dialect, 'p.employee_no', text), containsText(dialect, 'p.post', text)]));
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('p')
    .select('u.name as unit_name')
    .orderBy('u.sort_order')
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(s.pageSize)
    .offset((s.page - 1) * s.pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function insertPersonRow(q: Q, row: Insertable<PersonTable>): Promise<void> {
  await q.insertInto('people').values(row).execute();
}

/** Writes `patch` when the row is still at `version` (the caller checks one row was updated). */
export async function updatePersonAtVersion(q: Q, id: string, version: number, patch: Updateable<PersonTable>, now: string): Promise<UpdateResult> {
  return q
    .updateTable('people')
    .set({ ...patch, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Whether another person (not `exceptId`) has this employee number. */
export async function employeeNoTaken(q: Q, employeeNo: string, exceptId: string | null): Promise<boolean> {
  let query = q.selectFrom('people').select('id').where('employee_no', '=', employeeNo);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

export async function insertPostHistory(q: Q, row: Insertable<PersonPostHistoryTable>): Promise<void> {
  await q.insertInto('person_post_history').values(row).execute();
}

export interface PostHistoryRow {
  id: string;
  personId: string;
  fromUnitId: string;
  fromUnitName: string | null;
  toUnitId: string;
  toUnitName: string | null;
  fromPost: string | null;
  toPost: string | null;
  effectiveDate: string;
  reason: string;
  caseId: string | null;
  executionItemId: string | null;
  reversesId: string | null;
  actorId: string | null;
  recordedAt: string;
}

/** A person's post history, oldest first (only entry `onlyId` when given), decoded. */
export async function postHistoryRows(q: Q, personId: string, onlyId?: string): Promise<PostHistoryRow[]> {
  let query = q
    .selectFrom('person_post_history as h')
    .leftJoin('units as fu', 'fu.id', 'h.from_unit_id')
    .leftJoin('units as tu', 'tu.id', 'h.to_unit_id')
    .selectAll('h')
    .select(['fu.name as from_unit_name', 'tu.name as to_unit_name'])
    .where('h.person_id', '=', personId);
  if (onlyId) query = query.where('h.id', '=', onlyId);
  const rows = await query.orderBy('h.recorded_at').orderBy('h.id').execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    fromUnitId: r.from_unit_id,
    fromUnitName: r.from_unit_name,
    toUnitId: r.to_unit_id,
    toUnitName: r.to_unit_name,
    fromPost: r.from_post,
    toPost: r.to_post,
    effectiveDate: r.effective_date,
    reason: r.reason,
    caseId: r.case_id,
    executionItemId: r.execution_item_id,
    reversesId: r.reverses_id,
    actorId: r.actor_id,
    recordedAt: r.recorded_at,
  }));
}
