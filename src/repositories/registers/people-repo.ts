// SQL of the people register (src/services/registers/people-service.ts): people with their unit's
// name, the search of the list, optimistic-version writes (each keeping `name_key` with the name),
// the look-up of one name in a unit under the writers' lock, the post history (decoded here).
import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable, type UpdateResult, type Updateable } from 'kysely';
import { isPostgresHandle, type DialectName } from '../../db/database';
import type { Database } from '../../db/schema';
import type { PersonPostHistoryTable } from '../../db/tables/impartiality-execution';
import type { PersonTable } from '../../db/tables/registers';
import { personNameKey } from '../../lib/person-name';
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

/** Inserts a person; `name_key` is always the name's (src/lib/person-name.ts). */
export async function insertPersonRow(q: Q, row: Omit<Insertable<PersonTable>, 'name_key'>): Promise<void> {
  await q.insertInto('people').values({ ...row, name_key: personNameKey(row.name) }).execute();
}

/** Writes `patch` when the row is still at `version` (the caller checks one row was updated); a new name brings its `name_key`. */
export async function updatePersonAtVersion(q: Q, id: string, version: number, patch: Omit<Updateable<PersonTable>, 'name_key'>, now: string): Promise<UpdateResult> {
  return q
    .updateTable('people')
    .set({ ...patch, ...(patch.name !== undefined ? { name_key: personNameKey(patch.name) } : {}), version: version + 1, updated_at: now })
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

/**
 * PostgreSQL: takes the writers' lock (the audit head row every write takes to append its audit
 * row) before a person's name is looked up, so two transactions registering the same officer
 * serialize and the second sees the first's row; SQLite's BEGIN IMMEDIATE already serializes them.
 */
export async function lockPeopleNames(q: Q): Promise<void> {
  if (isPostgresHandle(q)) await sql`SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE`.execute(q);
}

export interface NamedPersonRow {
  id: string;
  name: string;
  unit_id: string;
  unit_name: string;
  employee_no: string | null;
  active: number;
  name_key: string | null;
}

/** The people registered under any of `nameKeys` in any of `unitIds` (the caller pairs them up), inactive ones too. */
export async function peopleByNameKeys(q: Q, unitIds: readonly string[], nameKeys: readonly string[]): Promise<NamedPersonRow[]> {
  if (!unitIds.length || !nameKeys.length) return [];
  return peopleWithUnit(q)
    .select(['p.id', 'p.name', 'p.unit_id', 'u.name as unit_name', 'p.employee_no', 'p.active', 'p.name_key'])
    .where('p.unit_id', 'in', [...unitIds])
    .where('p.name_key', 'in', [...nameKeys])
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
}

/**
 * FL-5(1): the ids of the register records of the same officer as the people of `ids` (a
 * parenthesised sub-select of person ids), as a sub-select: those records themselves and every
 * other record of the same folded name (`name_key`) in the same unit. Recusal counts them as one
 * officer (src/policies/recusal.ts#sameOfficer; the case facts in src/policies/recusal-repo.ts,
 * the stand-aside list in src/repositories/cases/case-repo.ts#standAsideCaseIds, the meeting's
 * subjects in src/repositories/meetings/meetings-repo.ts). Read through the unit and name index.
 */
export function sameOfficerIdsSql(ids: RawBuilder<unknown>): RawBuilder<string> {
  // `ids` once, as a common table (it is often itself a union: subjects, participants, relatives;
  // written twice, every nesting of this function doubled the statement's work)
  return sql<string>`WITH i(id) AS ${ids} SELECT n.id FROM i JOIN people s ON s.id = i.id JOIN people n ON n.unit_id = s.unit_id AND n.name_key = s.name_key UNION SELECT i.id FROM i`;
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
