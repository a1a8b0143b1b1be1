// SQL of the units register (src/services/registers/units-service.ts).
import { sql, type Insertable, type Kysely, type Selectable, type UpdateResult, type Updateable } from 'kysely';
import type { Database } from '../../db/schema';
import type { UnitTable } from '../../db/tables/registers';
import { orgScopeFilter } from '../../policies/org-scope';
import { dialectOf } from './query';

type Q = Kysely<Database>;
export type UnitRow = Selectable<UnitTable>;

/** Every unit within `orgScope` (absent: unrestricted), by sort order, name, id. */
export async function unitRows(q: Q, orgScope: readonly string[] | undefined): Promise<UnitRow[]> {
  return q.selectFrom('units').selectAll().where(orgScopeFilter({ orgScope }, 'units.org_id')).orderBy('sort_order').orderBy('name').orderBy('id').execute();
}

export async function unitRowById(q: Q, id: string, orgScope: readonly string[] | undefined): Promise<UnitRow | undefined> {
  return q.selectFrom('units').selectAll().where('id', '=', id).where(orgScopeFilter({ orgScope }, 'units.org_id')).executeTakeFirst();
}

export async function unitRowByShortCode(q: Q, shortCode: string): Promise<UnitRow | undefined> {
  return q.selectFrom('units').selectAll().where('short_code', '=', shortCode).executeTakeFirst();
}

export async function insertUnitRow(q: Q, row: Insertable<UnitTable>): Promise<void> {
  await q.insertInto('units').values(row).execute();
}

/** Active child units and active people of a unit. */
export async function activeDependantsOfUnit(q: Q, id: string): Promise<{ children: number; people: number }> {
  const [children, people] = await Promise.all([
    q.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).where('active', '=', 1).executeTakeFirstOrThrow(),
    q.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', id).where('active', '=', 1).executeTakeFirstOrThrow(),
  ]);
  return { children: Number(children.n), people: Number(people.n) };
}

/** Writes `patch` when the row is still at `version` (the caller checks one row was updated). */
export async function updateUnitAtVersion(q: Q, id: string, version: number, patch: Updateable<UnitTable>, now: string): Promise<UpdateResult> {
  return q
    .updateTable('units')
    .set({ ...patch, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Whether another unit (not `exceptId`) has this short code. */
export async function shortCodeTaken(q: Q, shortCode: string, exceptId: string | null): Promise<boolean> {
  let query = q.selectFrom('units').select('id').where('short_code', '=', shortCode);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

/** PostgreSQL: locks the units table against other writers for the rest of the transaction (SQLite: BEGIN IMMEDIATE does). */
export async function lockUnitsTable(q: Q): Promise<void> {
  if (dialectOf(q) === 'postgres') await sql`LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE`.execute(q);
}
