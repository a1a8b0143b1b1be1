// SQL of the automatic staff-reporter match (issue 9 §7): the register people who could be the
// reporter, and the case's reporter link (case_reporter_links, shared with the impartiality area).
// The values compared (a name, a phone, an e-mail) travel only as bound parameters or are compared
// in the service; none is written anywhere by these functions.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Tx } from '../../db/tx';
import type { CaseReporterLinkTable } from '../../db/tables/impartiality';

type Q = Kysely<Database> | Tx;

/** Active people of the organisation with exactly this name. */
export async function activePeopleNamed(q: Q, orgId: string, name: string): Promise<{ id: string; phone: string | null; email: string | null }[]> {
  return q.selectFrom('people').select(['id', 'phone', 'email']).where('org_id', '=', orgId).where('active', '=', 1).where('name', '=', name).execute();
}

/** The one account linked to the person, when there is exactly one. */
export async function soleUserOfPerson(q: Q, personId: string): Promise<string | null> {
  const rows = await q.selectFrom('users').select('id').where('person_id', '=', personId).limit(2).execute();
  return rows.length === 1 ? rows[0]!.id : null;
}

export async function linkOf(q: Q, caseId: string): Promise<CaseReporterLinkTable | undefined> {
  return q.selectFrom('case_reporter_links').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function personName(q: Q, personId: string): Promise<string | null> {
  return (await q.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirst())?.name ?? null;
}

/** Inserts the automatic link unless the case already has one (a clerk's link is never overwritten). */
export async function insertAutoLink(tx: Tx, row: { case_id: string; user_id: string | null; person_id: string; set_at: string }): Promise<boolean> {
  const r = await tx
    .insertInto('case_reporter_links')
    .values({ ...row, set_by: 'system:staff-match', origin: 'auto', confirmed_by: null, confirmed_at: null })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 1n) > 0;
}

export async function confirmLink(tx: Tx, caseId: string, userId: string, at: string): Promise<number> {
  const r = await tx.updateTable('case_reporter_links').set({ confirmed_by: userId, confirmed_at: at }).where('case_id', '=', caseId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function deleteLink(tx: Tx, caseId: string): Promise<number> {
  const r = await tx.deleteFrom('case_reporter_links').where('case_id', '=', caseId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
