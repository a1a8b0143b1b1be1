// What the 安全审计员 (`audit.read`) sees of an audit record. The audit trail also records what
// a case step wrote (facts, findings, decisions, report text): the auditor reviews who did what,
// to which record, when and from where — not the case content, which stays with the people
// handling the case (三员分立: no administrator role reads case content or a reporter's
// identity). So a record's before/after payload is shown only for the entity types that are
// themselves security administration: accounts (role grants, disabling) and settings.
import type { Actor } from './roles';

export const AUDIT_PAYLOAD_VISIBLE_ENTITY_TYPES: readonly string[] = ['user', 'setting'];

export const auditPayloadVisible = (entityType: string): boolean => AUDIT_PAYLOAD_VISIBLE_ENTITY_TYPES.includes(entityType);

/**
 * issue 11: which audit records an auditor sees — by the organisation each record belongs to
 * (`audit_log.org_id`: the organisation of the record acted on, src/audit/audit-org.ts), not by
 * the home organisation of whoever acted:
 *  - the records of the organisations of its scope: its own, and the subtree below it (an
 *    administrator's scope, src/policies/org-scope.ts#scopeFor — a supervising organisation's
 *    auditor oversees the organisations below; an organisation's auditor never sees the records of
 *    the organisation above it or beside it, even those of its own accounts acting there);
 *  - the deployment-wide records (no organisation: global settings, the calendar, backups, sign-in
 *    attempts under unknown names) only when its scope holds a top organisation of the tree (one
 *    without a parent), which answers for the deployment.
 * `orgIds` null: every record — an unrestricted in-process actor, or a scope holding every
 * organisation of the tree and a top one (no filter: the viewer's page is then read straight down
 * the chain's order, not gathered and sorted).
 */
export interface AuditOrgView {
  orgIds: readonly string[] | null;
  global: boolean;
}

export function auditOrgView(actor: Pick<Actor, 'orgScope'>, tree: readonly { id: string; parent_id: string | null }[]): AuditOrgView {
  const scope = actor.orgScope;
  if (!scope) return { orgIds: null, global: true };
  const global = tree.some((o) => o.parent_id === null && scope.includes(o.id));
  if (global && tree.every((o) => scope.includes(o.id))) return { orgIds: null, global: true };
  return { orgIds: [...scope], global };
}
