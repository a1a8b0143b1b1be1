// issue 11: acting on a record of another organisation than the session's current one. A
// supervising account (oversight, 执法监督) reads its subtree, and may also hold business roles —
// at home, or in some organisation below through a membership. Reading the subtree must not
// lend the home roles to the organisations below: a record of organisation X is acted on with
// the roles the account holds IN X (its membership there, `user_org_roles`), plus the roles that
// reach the subtree by design (oversight's read-only supervision, the administrators'); without
// a business role there the caller's `authorize` refuses (403, the record being readable), and a
// clerk at home reads a supervised organisation's case as its supervisor, not as its clerk
// (no reporter identity).
import { readsSubtree, scopeWithPermission } from '../../policies/org-scope';
import type { Actor, Permission, Role } from '../../policies/roles';
import type { Ctx } from '../context';
import { caseOrgId, membershipsOf, recordOrgId, type OrgRecordTable } from './org-repo';
import { findDocument } from '../../repositories/documents/documents-repo';
import { findMeeting } from '../../repositories/meetings/meetings-repo';

/** The actor as it acts in `orgId`: its roles there, that organisation as its current one and its scope. */
export async function actorIn(ctx: Ctx, orgId: string): Promise<Actor> {
  const a = ctx.actor;
  if (!a.orgScope || orgId === a.orgId) return a;
  const there: Role[] = (await membershipsOf(ctx.db.kysely, a.userId)).find((m) => m.orgId === orgId)?.roles ?? [];
  const reaching = a.orgScope.includes(orgId) ? a.roles.filter((r) => readsSubtree([r])) : [];
  return { ...a, roles: [...new Set([...there, ...reaching])], orgId, orgScope: [orgId] };
}

/**
 * The organisations of the actor's scope where the roles it holds THERE grant `permission` (its
 * current organisation's roles are the session's; elsewhere its memberships, `user_org_roles`).
 * Null: an unscoped in-process actor. E.g. WC-11: the organisations whose appeal files an outside
 * body's account reads and decides (`supervision.act`) — the role held in the case's
 * organisation, never one held above it or beside it.
 */
export async function orgsPermitting(ctx: Ctx, permission: Permission): Promise<string[] | null> {
  if (!ctx.actor.orgScope) return null;
  return scopeWithPermission(ctx.actor, await membershipsOf(ctx.db.kysely, ctx.actor.userId), permission);
}

/**
 * The context to act on a case in: unchanged for an unscoped in-process actor, a session whose
 * scope is its current organisation alone, a case of the current organisation or a missing case
 * (the caller answers NOT_FOUND); else the actor with its roles in the case's organisation.
 */
export async function ctxForCase(ctx: Ctx, caseId: string): Promise<Ctx> {
  const scope = ctx.actor.orgScope;
  if (!scope || (scope.length === 1 && scope[0] === ctx.actor.orgId)) return ctx;
  const orgId = await caseOrgId(ctx.db.kysely, caseId);
  if (!orgId || orgId === ctx.actor.orgId || !scope.includes(orgId)) return ctx;
  return { ...ctx, actor: await actorIn(ctx, orgId) };
}

/** The same for a document of a case (its case's organisation); a missing document: unchanged. */
export async function ctxForDocument(ctx: Ctx, docId: string): Promise<Ctx> {
  const scope = ctx.actor.orgScope;
  if (!scope || (scope.length === 1 && scope[0] === ctx.actor.orgId)) return ctx;
  const doc = await findDocument(ctx.db.kysely, docId);
  return doc ? ctxForCase(ctx, doc.case_id) : ctx;
}

/** The same for a meeting (its case's organisation); a missing meeting: unchanged. */
export async function ctxForMeeting(ctx: Ctx, meetingId: string): Promise<Ctx> {
  const scope = ctx.actor.orgScope;
  if (!scope || (scope.length === 1 && scope[0] === ctx.actor.orgId)) return ctx;
  const m = await findMeeting(ctx.db.kysely, meetingId);
  return m ? ctxForCase(ctx, m.case_id) : ctx;
}

/** The id a raw request body names under `key` (e.g. `caseId`), before it is validated; '' when none. */
export function rawId(raw: unknown, key: string): string {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : '';
}

/**
 * The same for a register record (a unit, person, certificate or original case) or a campaign
 * (评查活动) or one of its reviews: the record's organisation. A missing record, one of the
 * current organisation or one out of scope: unchanged (the caller answers NOT_FOUND as before).
 */
export async function ctxForRecord(ctx: Ctx, table: OrgRecordTable, id: string): Promise<Ctx> {
  const scope = ctx.actor.orgScope;
  if (!scope || (scope.length === 1 && scope[0] === ctx.actor.orgId) || !id) return ctx;
  const orgId = await recordOrgId(ctx.db.kysely, table, id);
  if (!orgId || orgId === ctx.actor.orgId || !scope.includes(orgId)) return ctx;
  return { ...ctx, actor: await actorIn(ctx, orgId) };
}
