// WC-11 陈述申辩: the commission executes a decision only after the subject's period to state a
// defence has run (the pack's `defencePeriod`, from service), unless the subject stated one and it
// was reviewed, or waived it in writing at service. The waiver is kept on the service record with
// where it is written (e.g. the 送达回证). Both engines.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_notifications').addColumn('defence_waived', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('case_notifications').addColumn('defence_waiver_note', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_notifications').dropColumn('defence_waiver_note').execute();
  await db.schema.alterTable('case_notifications').dropColumn('defence_waived').execute();
}
