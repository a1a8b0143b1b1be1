// issue 11: the audit trail per organisation. Each audit record names the organisation it belongs
// to (`org_id`): the organisation of the record acted on. New records are written with it by
// src/audit/audit-writer.ts and hash it (`org_in_hash` = 1). The records already written keep
// their content and hash untouched (`org_in_hash` = 0, the hash without the organisation, so
// every existing chain still verifies); their organisation is derived here, where it can be:
//  - from the record acted on: a case (and its reporter, escalations), an original case, a
//    certificate, a person, a unit, a campaign, an alert, a declared relationship, a decision-body
//    member, a retaliation alert, an imported decision, an account (its home organisation), an
//    organisation itself, a per-organisation setting (`<key>@<orgId>`);
//  - a look at the audit trail and an import (no record of their own): the actor's home
//    organisation, where the actor was acting before memberships (0350) let an account act elsewhere;
//  - anything else (global settings, the calendar, backups, report keys, unknown sign-in names,
//    a record since deleted): none — deployment-wide (src/policies/audit-view.ts).
// The derived organisation of a record from before is not covered by its hash (it could not be:
// the hash was computed before the column existed); docs/ARCHITECTURE.md "The audit trail per organisation".
// A frozen copy of src/audit/audit-org.ts: a migration never imports code that may change.
import { sql, type Kysely } from 'kysely';

const ENTITY_ORG: readonly (readonly [entityTypes: readonly string[], table: string, column: string])[] = [
  [['case', 'case_reporter', 'case_escalation'], 'cases', 'org_id'],
  [['original_case'], 'original_cases', 'org_id'],
  [['certificate'], 'enforcement_certificates', 'org_id'],
  [['person'], 'people', 'org_id'],
  [['unit'], 'units', 'org_id'],
  [['campaign'], 'supervision_campaigns', 'org_id'],
  [['alert'], 'alerts', 'org_id'],
  [['relationship'], 'declared_relationships', 'org_id'],
  [['decision_body_member'], 'decision_body_members', 'org_id'],
  [['retaliation_alert'], 'retaliation_alerts', 'org_id'],
  [['historical_decision'], 'historical_decisions', 'org_id'],
  [['user'], 'users', 'org_id'],
  [['organisation'], 'organisations', 'id'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('org_id', 'text').execute();
  await db.schema
    .alterTable('audit_log')
    .addColumn('org_in_hash', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const [types, table, column] of ENTITY_ORG) {
    await sql`UPDATE audit_log SET org_id = (SELECT t.${sql.ref(column)} FROM ${sql.table(table)} t WHERE t.id = audit_log.entity_id)
               WHERE entity_type IN (${sql.join(types)})`.execute(db);
  }
  // per-organisation settings: `<key>@<orgId>` (the organisation must exist)
  await sql`UPDATE audit_log SET org_id = (SELECT o.id FROM organisations o WHERE substr(audit_log.entity_id, length(audit_log.entity_id) - length(o.id)) = '@' || o.id ORDER BY length(o.id) DESC LIMIT 1)
             WHERE entity_type IN ('setting', 'settings') AND entity_id LIKE '%@%'`.execute(db);
  // looks at the audit trail and imports: the actor's home organisation
  await sql`UPDATE audit_log SET org_id = (SELECT u.org_id FROM users u WHERE u.id = audit_log.actor_id)
             WHERE entity_type IN ('audit', 'import') AND actor_id IS NOT NULL`.execute(db);
  // the audit viewer: an organisation's records, newest first
  await db.schema.createIndex('audit_org_seq').on('audit_log').columns(['org_id', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_org_seq').execute();
  await db.schema.alterTable('audit_log').dropColumn('org_in_hash').execute();
  await db.schema.alterTable('audit_log').dropColumn('org_id').execute();
}
