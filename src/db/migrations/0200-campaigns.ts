// Supervision campaigns (issue 12 part 1): 例行或专项执法监督 run as 案卷评查 with 双随机 — a
// campaign samples original cases at random and assigns reviewers at random (seed and draw kept),
// reviewers score each file against the campaign's checklist (案卷评查标准, frozen at creation).
// A file judged wrong records a WC-5(1) outcome on the original case: the WC-5 signal.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('supervision_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().defaultTo('org-default'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('reviewer_pool', 'text', (c) => c.notNull())
    .addColumn('reviewers_per_file', 'integer', (c) => c.notNull())
    .addColumn('checklist', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('seed', 'text')
    .addColumn('draw', 'text')
    .addColumn('drawn_at', 'text')
    .addColumn('drawn_by', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('campaign_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('supervision_campaigns.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().defaultTo('org-default'))
    .addColumn('original_case_id', 'text', (c) => c.notNull().references('original_cases.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addUniqueConstraint('campaign_files_once', ['campaign_id', 'original_case_id'])
    .execute();

  await db.schema
    .createTable('campaign_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('supervision_campaigns.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().defaultTo('org-default'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('campaign_files.id'))
    .addColumn('original_case_id', 'text', (c) => c.notNull())
    .addColumn('reviewer_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reviewer_person_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scores', 'text')
    .addColumn('score', 'integer')
    .addColumn('veto', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('grade', 'text')
    .addColumn('judged_wrong', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conclusion', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('signal_outcome_id', 'text')
    .addColumn('signal_opened_by', 'text')
    .addColumn('signal_opened_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('campaign_reviews_once', ['file_id', 'reviewer_user_id'])
    .execute();
  await db.schema.createIndex('campaign_reviews_reviewer').on('campaign_reviews').column('reviewer_user_id').execute();
  // Organisation scope (issue 11): a campaign, its files and reviews belong to the organisation that ran it.
  await db.schema.createIndex('supervision_campaigns_org').on('supervision_campaigns').column('org_id').execute();
  await db.schema.createIndex('campaign_files_org').on('campaign_files').column('org_id').execute();
  await db.schema.createIndex('campaign_reviews_org').on('campaign_reviews').column('org_id').execute();
  await db.schema.createIndex('campaign_reviews_campaign').on('campaign_reviews').column('campaign_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('campaign_reviews').execute();
  await db.schema.dropTable('campaign_files').execute();
  await db.schema.dropTable('supervision_campaigns').execute();
}
