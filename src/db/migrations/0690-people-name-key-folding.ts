// One officer, one register record (FL-5(1), FL-10(6)), after a red-team walk registered 袁红梅 a
// second time in her unit as 袁\uFE00红梅, 袁红梅\u0300, 袁\u3164红梅, 袁\u2800红梅 … and as 袁紅梅:
// the folded name (src/lib/person-name.ts#personNameKey) now also drops combining marks, variation
// selectors, the other default-ignorable characters and the braille blank, and makes traditional
// characters simplified. Every row's `people.name_key` is recomputed with it, in batches of 500
// (like 0640), so that the names stored before compare as they read: the same-officer check
// (people-service.ts#assertNotSameOfficer) and recusal (src/policies/recusal.ts, one officer's
// records of one name in one unit) find them. Pairs that now share a key are kept as they are
// (cases point at them), as 0640 kept its own; nothing here can fail on them.
//
// `people.same_name_reason` (确认为不同人员的理由): a record registered beside another of its name
// in its unit — two people, each with an employee number — carries the clerk's written reason.
// Both engines.
import type { Kysely } from 'kysely';
import { personNameKey } from '../../lib/person-name';

type Q = Kysely<{ people: { id: string; name: string; name_key: string | null } }>;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('people').addColumn('same_name_reason', 'text').execute();
  const q = db as unknown as Q;
  let after = '';
  for (;;) {
    const rows = await q.selectFrom('people').select(['id', 'name', 'name_key']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (!rows.length) break;
    for (const r of rows) {
      const key = personNameKey(r.name);
      if (key !== r.name_key) await q.updateTable('people').set({ name_key: key }).where('id', '=', r.id).execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // the keys stay as recomputed: folded further, a key only finds more records of one officer
  await db.schema.alterTable('people').dropColumn('same_name_reason').execute();
}
