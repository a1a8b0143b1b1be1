// Organisation scope (issue 11 points 3–4): which organisations' records an actor may read.
// One rule, applied in the repository layer — every query over an org-scoped table (cases,
// registers, meetings, decision body, relationships, users; see ORG_SCOPED_TABLES) carries
// `orgScopeFilter(actor, '<table>.org_id')`; rows of other tables belong through one of those
// (a case's steps, evidence, documents and reporter through `case_id`).
//  - a business account (clerk, leader, investigator, decider, subject) reads its own organisation;
//  - a supervising account (`oversight`, 执法监督) reads its organisation's subtree, read-only
//    (it holds no write permission and never `reporter.read`);
//  - an administrator (三员分立) administers its organisation's subtree;
//  - in-process actors (system, demo seeding, tests without a session) carry no scope: unrestricted.
// Out of scope answers exactly like missing (NOT_FOUND), never FORBIDDEN.
// A NEW TABLE whose rows belong to an organisation: add `org_id text not null` (+ index), set it
// from `actorOrgId(actor)` (or from the parent record's org) on insert, and add
// `.where(orgScopeFilter(actor, 'my_table.org_id'))` to every read; or, when it hangs off a case,
// reach it only through a case the actor may see (`canSeeCase`).
import { sql, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely';
import { DEFAULT_ORG_ID } from '../db/tables/organisations';
import { isAdminRole, PERMISSIONS, type Actor, type Permission, type Role } from './roles';

export { DEFAULT_ORG_ID };

/** The organisation new records of this actor belong to. */
export const actorOrgId = (actor: Pick<Actor, 'orgId'>): string => actor.orgId ?? DEFAULT_ORG_ID;

/** The readable organisation ids, or null for an unrestricted in-process actor. */
export const readableOrgIds = (actor: Pick<Actor, 'orgScope'>): readonly string[] | null => actor.orgScope ?? null;

export function mayReadOrg(actor: Pick<Actor, 'orgScope'>, orgId: string): boolean {
  const ids = readableOrgIds(actor);
  return ids === null || ids.includes(orgId);
}

/** Whether the account's roles reach the subtree below its organisation (supervising and administrator roles). */
export const readsSubtree = (roles: readonly Role[]): boolean => roles.some((r) => r === 'oversight' || isAdminRole(r));

export interface OrgNode {
  id: string;
  parent_id: string | null;
}

/** The organisation and every organisation below it (the tree is small: read whole, walked here). */
export function subtreeOf(orgs: readonly OrgNode[], rootId: string): string[] {
  const children = new Map<string | null, string[]>();
  for (const o of orgs) children.set(o.parent_id, [...(children.get(o.parent_id) ?? []), o.id]);
  const out: string[] = [];
  const stack = [rootId];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The scope of an account: its own organisation, or its subtree for supervising and administrator roles. */
export function scopeFor(orgs: readonly OrgNode[], orgId: string, roles: readonly Role[]): string[] {
  return readsSubtree(roles) ? subtreeOf(orgs, orgId) : [orgId];
}

/**
 * A SQL condition limiting a query to the actor's organisations: `q.where(orgScopeFilter(actor, 'cases.org_id'))`.
 * Untyped column reference on purpose: every org-scoped table has the same column.
 */
export function orgScopeFilter(actor: Pick<Actor, 'orgScope'>, column: string) {
  // any: one filter for every org-scoped table and alias (the column is named by the caller)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const ids = readableOrgIds(actor);
    if (ids === null) return sql<SqlBool>`1 = 1`;
    if (!ids.length) return sql<SqlBool>`1 = 0`;
    return eb(eb.ref(column), 'in', [...ids]);
  };
}

/**
 * For reads of user accounts (issue 11): an account belongs to every organisation it holds a
 * membership in (`user_org_roles`), not only to its home organisation (`users.org_id`). `idColumn`
 * names the account's id; the account is in scope when its home organisation or one of its
 * memberships is.
 */
export function memberScopeFilter(actor: Pick<Actor, 'orgScope'>, idColumn: string, homeColumn: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const ids = readableOrgIds(actor);
    if (ids === null) return sql<SqlBool>`1 = 1`;
    if (!ids.length) return sql<SqlBool>`1 = 0`;
    return eb.or([
      eb(eb.ref(homeColumn), 'in', [...ids]),
      eb.exists(eb.selectFrom('user_org_roles as m_scope').select('m_scope.user_id').whereRef('m_scope.user_id', '=', eb.ref(idColumn)).where('m_scope.org_id', 'in', [...ids])),
    ]);
  };
}

/**
 * Narrows a query to one organisation of the scope when asked (a supervisor's per-organisation
 * figures); an organisation outside the scope narrows to nothing.
 */
export function orgChoiceFilter(actor: Pick<Actor, 'orgScope'>, column: string, orgId: string | undefined) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    if (!orgId) return orgScopeFilter(actor, column)(eb);
    if (!mayReadOrg(actor, orgId)) return sql<SqlBool>`1 = 0`;
    return eb(eb.ref(column), '=', orgId);
  };
}

/**
 * The scope narrowed to one organisation when asked (as `orgChoiceFilter`), for readers that take
 * a scope rather than a filter: the actor's scope when none is asked, that organisation when it is
 * in the scope, nothing when it is not.
 */
export function chosenScope(actor: Pick<Actor, 'orgScope'>, orgId: string | undefined): Pick<Actor, 'orgScope'> {
  if (!orgId) return { orgScope: actor.orgScope };
  return { orgScope: mayReadOrg(actor, orgId) ? [orgId] : [] };
}

/**
 * issue 11: the organisations of the actor's scope in which the roles it holds THERE (its
 * memberships, `user_org_roles`) grant `permission` — not the roles of its home or current
 * organisation applied to every organisation it can read. The current organisation's roles are
 * the session's (`actor.roles`). Null: an unrestricted in-process actor (system, seeding).
 * A supervising account's subtree is readable, but acting there needs a role held there.
 */
export function scopeWithPermission(
  actor: Pick<Actor, 'orgScope' | 'orgId' | 'roles'>,
  memberships: readonly { orgId: string; roles: readonly Role[] }[],
  permission: Permission,
): string[] | null {
  const ids = readableOrgIds(actor);
  if (ids === null) return null;
  const allowed = PERMISSIONS[permission] as readonly Role[];
  const rolesIn = (orgId: string): readonly Role[] => (orgId === actor.orgId ? actor.roles : (memberships.find((m) => m.orgId === orgId)?.roles ?? []));
  return ids.filter((id) => rolesIn(id).some((r) => allowed.includes(r)));
}
