// One officer, one register record (FL-5(1) 回避 and the FL-10(6) 多次 count are judged by register
// person): `people.name_key` holds the name folded for comparison (src/lib/person-name.ts — spaces,
// full-/half-width forms, letter case), written by the people repository on every insert and name
// change; the index finds the same name in a unit. The rule — no two records of one name in one
// unit unless both carry distinct employee numbers — is checked by the people service inside the
// write transaction, after the writers' lock (people-service.ts#assertNotSameOfficer); a unique
// index cannot state it (a record without a number clashes with every other of the name).
//
// A database from before may already hold such pairs: they are kept as they are (cases and history
// point at them; which record is the officer is a clerk's judgement), so nothing here can fail on
// them. From now on neither record of such a pair can be renamed, moved or stripped of its employee
// number into another clash; giving each its own employee number, or renaming the duplicate, is
// how a clerk resolves one. Both engines.
import type { Kysely } from 'kysely';
import { personNameKey } from '../../lib/person-name';

type Q = Kysely<{ people: { id: string; name: string; name_key: string | null } }>;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('people').addColumn('name_key', 'text').execute();
  const q = db as unknown as Q;
  let after = '';
  for (;;) {
    const rows = await q.selectFrom('people').select(['id', 'name']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (!rows.length) break;
    for (const r of rows) await q.updateTable('people').set({ name_key: personNameKey(r.name) }).where('id', '=', r.id).execute();
    after = rows[rows.length - 1]!.id;
  }
  await db.schema.createIndex('people_unit_name_key').on('people').columns(['unit_id', 'name_key']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('people_unit_name_key').execute();
  await db.schema.alterTable('people').dropColumn('name_key').execute();
}
