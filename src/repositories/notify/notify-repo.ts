// SQL of notifications: in-app rows, preferences, the outbox (claimed with a lease), fired
// thresholds. Engine differences are here only: PostgreSQL claims with FOR UPDATE SKIP LOCKED,
// SQLite with a conditional update (one writer at a time, the update either takes the row or not).
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { Tx } from '../../db/tx';
import type { NotificationOutboxTable, NotificationPrefTable, NotificationTable } from '../../db/tables/notifications';
import type { CaseState } from '../../domain/cases/states';
import type { Role } from '../../policies/roles';
import type { NotifyKind } from '../../services/notify/messages';
import type { Q } from '../cases/case-repo';

/** One user's delivery preferences, decoded. */
export interface NotifyPrefs {
  email: string | null;
  emailEnabled: boolean;
  webhookUrl: string | null;
  webhookEnabled: boolean;
  mutedKinds: NotifyKind[];
}

const decodePrefs = (p: NotificationPrefTable): NotifyPrefs => ({
  email: p.email,
  emailEnabled: p.email_enabled === 1,
  webhookUrl: p.webhook_url,
  webhookEnabled: p.webhook_enabled === 1,
  mutedKinds: JSON.parse(p.muted_kinds) as NotifyKind[],
});

export async function prefsOf(q: Q, userIds: readonly string[]): Promise<Map<string, NotifyPrefs>> {
  if (!userIds.length) return new Map();
  const rows = await q.selectFrom('notification_prefs').selectAll().where('user_id', 'in', [...userIds]).execute();
  return new Map(rows.map((r) => [r.user_id, decodePrefs(r)]));
}

export async function prefsOfUser(q: Q, userId: string): Promise<NotifyPrefs | null> {
  const p = await q.selectFrom('notification_prefs').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return p ? decodePrefs(p) : null;
}

export async function upsertPrefs(q: Q, userId: string, p: NotifyPrefs, at: string): Promise<void> {
  const row = { email: p.email, email_enabled: p.emailEnabled ? 1 : 0, webhook_url: p.webhookUrl, webhook_enabled: p.webhookEnabled ? 1 : 0, muted_kinds: JSON.stringify(p.mutedKinds), updated_at: at };
  await q
    .insertInto('notification_prefs')
    .values({ user_id: userId, ...row })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
    .execute();
}

// ---- the bell: in-app notifications ----

export async function insertNotification(q: Q, row: NotificationTable): Promise<void> {
  await q.insertInto('notifications').values(row).execute();
}

export async function listNotifications(q: Q, userId: string, o: { unreadOnly: boolean; limit: number }): Promise<NotificationTable[]> {
  let sel = q.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (o.unreadOnly) sel = sel.where('read_at', 'is', null);
  return sel.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
}

export async function countUnread(q: Q, userId: string): Promise<number> {
  const r = await q.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function isOwnNotification(q: Q, userId: string, id: string): Promise<boolean> {
  return !!(await q.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst());
}

/** Marks the user's unread notifications read (only `id` when given). */
export async function markNotificationsRead(q: Q, userId: string, at: string, id?: string): Promise<void> {
  let upd = q.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id !== undefined) upd = upd.where('id', '=', id);
  await upd.execute();
}

export async function insertOutbox(q: Q, row: NotificationOutboxTable): Promise<void> {
  await q.insertInto('notification_outbox').values(row).execute();
}

/** The summary of a case (masked out of messages). */
export async function caseSummary(q: Q, caseId: string): Promise<string | null | undefined> {
  return (await q.selectFrom('cases').select('summary').where('id', '=', caseId).executeTakeFirst())?.summary;
}

// ---- internal targets (内部时限) ----

export async function meetInternalTarget(q: Q, caseId: string, kind: string, on: string, now: string): Promise<void> {
  await q.updateTable('case_internal_targets').set({ met_on: on, updated_at: now }).where('case_id', '=', caseId).where('kind', '=', kind).where('met_on', 'is', null).execute();
}

export async function hasOpenInternalTarget(q: Q, caseId: string, kind: string): Promise<boolean> {
  return !!(await q.selectFrom('case_internal_targets').select('id').where('case_id', '=', caseId).where('kind', '=', kind).where('met_on', 'is', null).executeTakeFirst());
}

/**
 * Open cases in `state` that have no internal target of `kind` at all (neither open nor met), each
 * with the data of the latest step that brought it into that state (its date is the target's start).
 */
export async function casesWithoutInternalTarget(q: Q, state: CaseState, kind: string): Promise<{ caseId: string; stepData: Record<string, unknown> }[]> {
  const rows = await q
    .selectFrom('cases')
    .select((eb) => [
      'cases.id',
      eb
        .selectFrom('case_steps')
        .select('case_steps.data')
        .whereRef('case_steps.case_id', '=', 'cases.id')
        .where('case_steps.to_state', '=', state)
        .orderBy('case_steps.at', 'desc')
        .orderBy('case_steps.id', 'desc')
        .limit(1)
        .as('step_data'),
    ])
    .where('cases.state', '=', state)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('case_internal_targets').select('case_internal_targets.id').whereRef('case_internal_targets.case_id', '=', 'cases.id').where('case_internal_targets.kind', '=', kind))))
    .orderBy('cases.id')
    .execute();
  return rows.map((r) => ({ caseId: r.id, stepData: r.step_data ? (JSON.parse(r.step_data) as Record<string, unknown>) : {} }));
}

export async function insertInternalTarget(
  q: Q,
  row: { id: string; case_id: string; kind: string; citation: string; days: number; start_date: string; due_date: string; provisional: boolean; created_at: string },
): Promise<void> {
  await q
    .insertInto('case_internal_targets')
    .values({ ...row, provisional: row.provisional ? 1 : 0, met_on: null, updated_at: row.created_at })
    .execute();
}

// ---- the deadline scan ----

/** Statutory deadlines not yet met of cases not in a terminal state, with the case number. */
export async function openStatutoryDeadlines(q: Q, terminalStates: readonly CaseState[]) {
  return q
    .selectFrom('case_deadlines')
    .innerJoin('cases', 'cases.id', 'case_deadlines.case_id')
    .select(['case_deadlines.id', 'case_deadlines.case_id', 'case_deadlines.kind', 'case_deadlines.citation', 'case_deadlines.start_date', 'case_deadlines.due_date', 'case_deadlines.day_kind', 'case_deadlines.days', 'cases.number'])
    .where('case_deadlines.met_on', 'is', null)
    .where('cases.state', 'not in', [...terminalStates])
    .execute();
}

/** Internal targets not yet met of cases not in a terminal state, with the case number. */
export async function openInternalTargets(q: Q, terminalStates: readonly CaseState[]) {
  return q
    .selectFrom('case_internal_targets')
    .innerJoin('cases', 'cases.id', 'case_internal_targets.case_id')
    .select(['case_internal_targets.id', 'case_internal_targets.case_id', 'case_internal_targets.kind', 'case_internal_targets.citation', 'case_internal_targets.start_date', 'case_internal_targets.due_date', 'cases.number'])
    .where('case_internal_targets.met_on', 'is', null)
    .where('cases.state', 'not in', [...terminalStates])
    .execute();
}

// ---- recipients ----

/** Enabled members of one organisation (`user_org_roles`, issue 11) with their roles there, decoded, by id. */
export async function enabledUsersOfOrg(q: Q, orgId: string): Promise<{ id: string; display_name: string; roles: Role[]; person_id: string | null }[]> {
  const rows = await q
    .selectFrom('user_org_roles')
    .innerJoin('users', 'users.id', 'user_org_roles.user_id')
    .select(['users.id', 'users.display_name', 'user_org_roles.roles', 'users.person_id'])
    .where('users.disabled', '=', 0)
    .where('user_org_roles.org_id', '=', orgId)
    .orderBy('users.id')
    .execute();
  return rows.map((r) => ({ ...r, roles: JSON.parse(r.roles) as Role[] }));
}

/**
 * Enabled accounts registered with supervisory body `body`; with `orgId`, only those holding the
 * supervisor role in that organisation through a membership (issue 11: `user_org_roles`, the home
 * one included), not those whose home organisation it merely is. The body stays one per account
 * (`supervisor_memberships`: the outside body a person works for does not change with the
 * organisation they supervise).
 */
export async function enabledMembersOfBody(q: Q, body: string, orgId?: string): Promise<string[]> {
  if (orgId === undefined) {
    const rows = await q
      .selectFrom('supervisor_memberships')
      .innerJoin('users', 'users.id', 'supervisor_memberships.user_id')
      .select('users.id')
      .where('supervisor_memberships.body', '=', body)
      .where('users.disabled', '=', 0)
      .orderBy('users.id')
      .execute();
    return rows.map((r) => r.id);
  }
  const rows = await q
    .selectFrom('supervisor_memberships')
    .innerJoin('users', 'users.id', 'supervisor_memberships.user_id')
    .innerJoin('user_org_roles', 'user_org_roles.user_id', 'supervisor_memberships.user_id')
    .select(['users.id', 'user_org_roles.roles'])
    .where('supervisor_memberships.body', '=', body)
    .where('users.disabled', '=', 0)
    .where('user_org_roles.org_id', '=', orgId)
    .orderBy('users.id')
    .execute();
  return rows.filter((r) => (JSON.parse(r.roles) as string[]).includes('supervisor')).map((r) => r.id);
}

export async function orgOfOriginalCaseRow(q: Q, originalCaseId: string): Promise<string | null> {
  return (await q.selectFrom('original_cases').select('org_id').where('id', '=', originalCaseId).executeTakeFirst())?.org_id ?? null;
}

export async function activeUsers(q: Q, userIds: readonly string[]) {
  if (!userIds.length) return [];
  return q.selectFrom('users').select(['id', 'display_name', 'roles']).where('id', 'in', [...userIds]).where('disabled', '=', 0).execute();
}

/** Records a threshold; true only for the first caller (each threshold fires once). */
export async function recordFire(tx: Tx, key: string, caseId: string | null, at: string): Promise<boolean> {
  const r = await tx.insertInto('notification_fires').values({ key, case_id: caseId, fired_at: at }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function firedKeys(q: Q, caseIds: readonly string[]): Promise<Set<string>> {
  if (!caseIds.length) return new Set();
  const rows = await q.selectFrom('notification_fires').select('key').where('case_id', 'in', [...caseIds]).execute();
  return new Set(rows.map((r) => r.key));
}

export type OutboxRow = NotificationOutboxTable;

/**
 * Claims up to `limit` due rows for `owner` until `leaseUntil`. A row is due when pending, its
 * next attempt has come and no live lease holds it (a lease of a worker that died expires).
 */
export async function claimOutbox(db: Db, owner: string, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
  const k = db.kysely;
  if (db.dialect === 'postgres') {
    const r = await sql<OutboxRow>`
      UPDATE notification_outbox SET lease_owner = ${owner}, lease_until = ${leaseUntil}
      WHERE id IN (
        SELECT id FROM notification_outbox
        WHERE status = 'pending' AND next_attempt_at <= ${now} AND (lease_until IS NULL OR lease_until < ${now})
        ORDER BY created_at, id LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(k);
    return r.rows.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  }
  const candidates = await k
    .selectFrom('notification_outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  const out: OutboxRow[] = [];
  for (const c of candidates) {
    const upd = await k
      .updateTable('notification_outbox')
      .set({ lease_owner: owner, lease_until: leaseUntil })
      .where('id', '=', c.id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    if (Number(upd.numUpdatedRows) === 1) out.push(await k.selectFrom('notification_outbox').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow());
  }
  return out;
}

/** Marks a row sent, only while this worker still holds it. */
export async function markSent(db: Db, id: string, owner: string, at: string): Promise<boolean> {
  const r = await db.kysely
    .updateTable('notification_outbox')
    .set((eb) => ({ status: 'sent', sent_at: at, lease_owner: null, lease_until: null, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A failed attempt: try again at `nextAt`, or give up (`dead`) after the last attempt. */
export async function markFailed(db: Db, id: string, owner: string, error: string, nextAt: string, dead: boolean): Promise<void> {
  await db.kysely
    .updateTable('notification_outbox')
    .set((eb) => ({ status: dead ? 'dead' : 'pending', next_attempt_at: nextAt, lease_owner: null, lease_until: null, attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500) }))
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

/** A worker stopping in order gives back the rows it claimed but did not send. */
export async function releaseLeases(db: Db, owner: string, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await db.kysely.updateTable('notification_outbox').set({ lease_owner: null, lease_until: null }).where('id', 'in', [...ids]).where('lease_owner', '=', owner).where('status', '=', 'pending').execute();
}

export async function outboxCounts(q: Q): Promise<Record<string, number>> {
  const rows = await q.selectFrom('notification_outbox').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
