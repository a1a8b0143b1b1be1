// WC-11 (issue 7 point 9): the hand-off letter (申诉移送函) sent with an appeal to an outside body
// is an issued document of the case; the referral records which one, so that the body's
// supervisor account reads that letter (and only it) with the frozen snapshot. Both engines.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('appeal_referrals').addColumn('letter_document_id', 'text').execute();
  await db.schema.createIndex('appeal_referrals_letter').ifNotExists().on('appeal_referrals').column('letter_document_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('appeal_referrals_letter').ifExists().execute();
  await db.schema.alterTable('appeal_referrals').dropColumn('letter_document_id').execute();
}
