// issue 11: the organisation an audit record belongs to (`audit_log.org_id`, migration 0510). It is
// the organisation of the record acted on — a case's, a register record's, a campaign's, an
// account's home organisation — looked up by the writer in the same statement that reads the
// chain head (no extra round trip), unless the caller names it (`AuditEntry.orgId`: an import, a
// look at the audit trail). A record of nothing any organisation owns (global settings, the
// calendar, backups, the report keys) made by an account belongs to that account's home
// organisation, whose auditor answers for its administrators; one made by no account (the system,
// a sign-in attempt under an unknown name) has none: it is deployment-wide (see
// src/policies/audit-view.ts for who sees those).
// Migration 0510 derives the same for the records written before it, from a frozen copy of this
// table (a migration never imports code that may change).

/** Where the organisation of an audit record's entity is found: the table keyed by the entity id, and its column. */
export interface EntityOrgSource {
  table: string;
  column: string;
}

export const ENTITY_ORG_SOURCES: Readonly<Record<string, EntityOrgSource>> = {
  case: { table: 'cases', column: 'org_id' },
  case_reporter: { table: 'cases', column: 'org_id' },
  case_escalation: { table: 'cases', column: 'org_id' },
  original_case: { table: 'original_cases', column: 'org_id' },
  certificate: { table: 'enforcement_certificates', column: 'org_id' },
  person: { table: 'people', column: 'org_id' },
  unit: { table: 'units', column: 'org_id' },
  campaign: { table: 'supervision_campaigns', column: 'org_id' },
  alert: { table: 'alerts', column: 'org_id' },
  relationship: { table: 'declared_relationships', column: 'org_id' },
  decision_body_member: { table: 'decision_body_members', column: 'org_id' },
  retaliation_alert: { table: 'retaliation_alerts', column: 'org_id' },
  historical_decision: { table: 'historical_decisions', column: 'org_id' },
  // an account's events (sign-in, grants, password) belong to its home organisation, whose
  // administrators answer for the account
  user: { table: 'users', column: 'org_id' },
  organisation: { table: 'organisations', column: 'id' },
};

/** Settings stored per organisation are named `<key>@<orgId>` (src/services/orgs/org-settings-repo.ts#settingTargetName). */
export const SETTING_ENTITY_TYPES: readonly string[] = ['setting', 'settings'];

/** The organisation id a per-organisation setting's name carries, if any (`alerts.rules@org-x` → `org-x`). */
export function settingOrgSuffix(entityId: string): string | null {
  const at = entityId.lastIndexOf('@');
  return at > 0 && at < entityId.length - 1 ? entityId.slice(at + 1) : null;
}
