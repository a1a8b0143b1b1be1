// The case aggregate loader (src/repositories/cases/case-aggregate.ts) reads a case's referrals
// to outside bodies (WC-11) by case_id on every case view and document draft; 0080 indexed them
// by body only, so each read scanned every referral of every case. Both engines.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('appeal_referrals_case').ifNotExists().on('appeal_referrals').column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('appeal_referrals_case').ifExists().execute();
}
