// Reporter protection (issue 9): per-report data keys, identity requests, retaliation alerts;
// and the reporter identity already stored in plain text is sealed here with the case's data key
// (src/crypto/report-seal.ts). That needs the master key at migration time when there are rows to
// seal: the CLI configures the keyring before migrating (a key file is created in the data folder
// when none is configured); without one the migration stops with REPORT_KEY_MISSING and changes
// nothing.
import type { Kysely } from 'kysely';
import { sealPlaintextReporters } from '../../services/reporter/identity-repo';
import type { Tx } from '../tx';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_keys')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('rewrapped_at', 'text')
    .execute();
  await db.schema.createIndex('report_keys_key_id').on('report_keys').column('key_id').execute();

  await db.schema
    .createTable('identity_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('valid_minutes', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('identity_requests_case').on('identity_requests').columns(['case_id', 'requested_by']).execute();
  await db.schema.createIndex('identity_requests_status').on('identity_requests').column('status').execute();

  await db.schema
    .createTable('retaliation_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_case_id', 'text', (c) => c.notNull().references('cases.id'))
    // the report case's organisation (issue 11 organisation scope)
    .addColumn('org_id', 'text', (c) => c.notNull().defaultTo('org-default'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('trigger_case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('detail', 'text')
    .addColumn('clerk_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('acknowledged_at', 'text')
    .execute();
  await db.schema.createIndex('retaliation_alerts_report_case').on('retaliation_alerts').column('report_case_id').execute();
  await db.schema.createIndex('retaliation_alerts_org').on('retaliation_alerts').column('org_id').execute();
  await db.schema.createIndex('retaliation_alerts_trigger_case').on('retaliation_alerts').column('trigger_case_id').execute();

  // Seal the identities stored before this version (idempotent: sealed values are left alone).
  await sealPlaintextReporters(db as unknown as Tx);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('retaliation_alerts').execute();
  await db.schema.dropTable('identity_requests').execute();
  await db.schema.dropTable('report_keys').execute();
}
