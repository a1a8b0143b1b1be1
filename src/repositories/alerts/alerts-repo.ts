// SQL of the early-intervention alerts: the facts each rule looks at, and the alert rows.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { TERMINAL_STATES } from '../../domain/cases/states';
import { DEFAULT_ORG_ID } from '../../db/tables/organisations';
import { orgScopeFilter } from '../../policies/org-scope';

type Q = Kysely<Database>;

/** Accountability cases naming each person (and each person's unit) as subject, received on or after `from`. */
export async function subjectCasesSince(q: Q, from: string) {
  return q
    .selectFrom('case_subjects as s')
    .innerJoin('cases as c', 'c.id', 's.case_id')
    .select(['s.person_id', 's.unit_id', 'c.id as case_id', 'c.number', 'c.received_on'])
    .where('c.received_on', '>=', from)
    .orderBy('c.received_on')
    .orderBy('c.id')
    .execute();
}

/** WC-5 outcome events on original cases dated on or after `from`, with the people who took part. */
export async function wc5OutcomesSince(q: Q, from: string) {
  return q
    .selectFrom('original_case_outcomes as o')
    .innerJoin('original_case_participants as pt', 'pt.case_id', 'o.case_id')
    .innerJoin('original_cases as oc', 'oc.id', 'o.case_id')
    .select(['o.id as outcome_id', 'o.case_id', 'o.source', 'o.reference_date', 'o.recorded_at', 'pt.person_id', 'oc.number', 'oc.unit_id'])
    .where('o.reference_date', '>=', from)
    .where('pt.role', 'in', ['handler', 'approver'])
    .orderBy('o.recorded_at')
    .orderBy('o.id')
    .execute();
}

export async function compensationsAtLeast(q: Q, amountFen: number) {
  return q
    .selectFrom('original_case_compensations as m')
    .innerJoin('original_cases as oc', 'oc.id', 'm.case_id')
    .select(['m.id', 'm.case_id', 'm.amount_fen', 'm.paid_date', 'oc.number', 'oc.unit_id'])
    .where('m.amount_fen', '>=', amountFen)
    .execute();
}

export async function certificatesEndingBetween(q: Q, from: string, to: string) {
  return q
    .selectFrom('enforcement_certificates as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .select(['c.id', 'c.number', 'c.valid_to', 'c.person_id', 'p.name', 'p.unit_id'])
    .where('c.status', '=', 'valid')
    .where('p.active', '=', 1)
    .where('c.valid_to', '>=', from)
    .where('c.valid_to', '<=', to)
    .execute();
}

/** Handlers of original cases decided on or after `from`. */
export async function handlersSince(q: Q, from: string) {
  return q
    .selectFrom('original_case_participants as pt')
    .innerJoin('original_cases as oc', 'oc.id', 'pt.case_id')
    .select(['pt.id', 'pt.person_id', 'oc.id as case_id', 'oc.number', 'oc.decision_date', 'oc.unit_id'])
    .where('pt.role', '=', 'handler')
    .where('oc.decision_date', '>=', from)
    .execute();
}

/** Deadlines of open cases that passed without being met. */
export async function overdueDeadlines(q: Q, today: string) {
  return q
    .selectFrom('case_deadlines as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .select(['d.id', 'd.kind', 'd.citation', 'd.due_date', 'c.id as case_id', 'c.number'])
    .where('d.met_on', 'is', null)
    .where('d.due_date', '<', today)
    .where('c.state', 'not in', [...TERMINAL_STATES])
    .execute();
}

export async function existingKeys(q: Q, keys: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    for (const r of await q.selectFrom('alerts').select('key').where('key', 'in', keys.slice(i, i + 500)).execute()) out.add(r.key);
  }
  return out;
}

/** The register table holding each subject type found by its own id (a deadline's org is its case's). */
const SUBJECT_TABLES = { person: 'people', unit: 'units', certificate: 'enforcement_certificates', original_case: 'original_cases' } as const;

/** The organisation an alert's subject belongs to (an alert takes its subject's org). */
export async function subjectOrgId(q: Q, subjectType: AlertSubjectType, subjectId: string): Promise<string> {
  const row =
    subjectType === 'deadline'
      ? await q.selectFrom('case_deadlines as d').innerJoin('cases as c', 'c.id', 'd.case_id').select('c.org_id').where('d.id', '=', subjectId).executeTakeFirst()
      : await q.selectFrom(SUBJECT_TABLES[subjectType]).select('org_id').where('id', '=', subjectId).executeTakeFirst();
  return row?.org_id ?? DEFAULT_ORG_ID;
}

/**
 * An account, whether it is disabled, and the organisations it is a member of with its roles
 * there (`user_org_roles`, issue 11) — alert owners are checked by the roles held in the
 * alert's organisation, never by the home organisation's.
 */
export async function accountMemberships(q: Q, userId: string): Promise<{ disabled: boolean; memberships: { orgId: string; roles: string[] }[] } | undefined> {
  const u = await q.selectFrom('users').select(['disabled']).where('id', '=', userId).executeTakeFirst();
  if (!u) return undefined;
  const rows = await q.selectFrom('user_org_roles').select(['org_id', 'roles']).where('user_id', '=', userId).orderBy('org_id').execute();
  return { disabled: Number(u.disabled) === 1, memberships: rows.map((r) => ({ orgId: r.org_id, roles: JSON.parse(r.roles) as string[] })) };
}

/** A register row's name (people or units), if it exists. */
export async function registerName(q: Q, table: 'people' | 'units', id: string): Promise<string | undefined> {
  return (await q.selectFrom(table).select('name').where('id', '=', id).executeTakeFirst())?.name;
}

// ---- the alert rows and their events ----

export type AlertStatus = 'open' | 'acknowledged' | 'closed';
export type AlertSubjectType = 'person' | 'unit' | 'certificate' | 'deadline' | 'original_case';
export type AlertEventAction = 'raise' | 'acknowledge' | 'assign' | 'close';

/** An alert row decoded: its detail parsed, version a number; rule and level stay the rule pack's codes (checked by the service). */
export interface AlertRecord {
  id: string;
  orgId: string;
  key: string;
  rule: string;
  level: string;
  subjectType: AlertSubjectType;
  subjectId: string;
  personId: string | null;
  unitId: string | null;
  titleZh: string;
  titleEn: string;
  detail: Record<string, unknown>;
  status: AlertStatus;
  ownerUserId: string | null;
  ownerName: string | null;
  raisedAt: string;
  updatedAt: string;
  version: number;
}

export interface AlertEventRecord {
  alertId: string;
  action: AlertEventAction;
  note: string | null;
  ownerUserId: string | null;
  actorId: string | null;
  actorName: string | null;
  at: string;
}

function alertRows(q: Q) {
  return q.selectFrom('alerts as a').leftJoin('users as o', 'o.id', 'a.owner_user_id').selectAll('a').select('o.display_name as owner_name');
}

type AlertRow = Awaited<ReturnType<ReturnType<typeof alertRows>['execute']>>[number];

const decodeAlert = (r: AlertRow): AlertRecord => ({
  id: r.id,
  orgId: r.org_id,
  key: r.key,
  rule: r.rule,
  level: r.level,
  subjectType: r.subject_type as AlertSubjectType,
  subjectId: r.subject_id,
  personId: r.person_id,
  unitId: r.unit_id,
  titleZh: r.title_zh,
  titleEn: r.title_en,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
  status: r.status as AlertStatus,
  ownerUserId: r.owner_user_id,
  ownerName: r.owner_name,
  raisedAt: r.raised_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

export interface AlertSearch {
  orgScope: readonly string[] | undefined;
  /** 'active': not closed */
  status?: AlertStatus | 'active';
  level?: string;
  personId?: string;
  ownerUserId?: string;
}

/** Alerts within the organisation scope, newest first (at most 1000). */
export async function searchAlerts(q: Q, s: AlertSearch): Promise<AlertRecord[]> {
  let query = alertRows(q).where(orgScopeFilter({ orgScope: s.orgScope }, 'a.org_id'));
  if (s.status === 'active') query = query.where('a.status', '!=', 'closed');
  else if (s.status) query = query.where('a.status', '=', s.status);
  if (s.level) query = query.where('a.level', '=', s.level);
  if (s.personId) query = query.where('a.person_id', '=', s.personId);
  if (s.ownerUserId) query = query.where('a.owner_user_id', '=', s.ownerUserId);
  return (await query.orderBy('a.raised_at', 'desc').orderBy('a.id', 'desc').limit(1000).execute()).map(decodeAlert);
}

/** One alert within the organisation scope (absent: unrestricted). */
export async function alertById(q: Q, id: string, orgScope: readonly string[] | undefined): Promise<AlertRecord | undefined> {
  const r = await alertRows(q).where('a.id', '=', id).where(orgScopeFilter({ orgScope }, 'a.org_id')).executeTakeFirst();
  return r && decodeAlert(r);
}

/** The events of these alerts, in order, with the actor's name. */
export async function alertEvents(q: Q, alertIds: readonly string[]): Promise<AlertEventRecord[]> {
  if (!alertIds.length) return [];
  const rows = await q.selectFrom('alert_events as e').leftJoin('users as u', 'u.id', 'e.actor_id').selectAll('e').select('u.display_name as actor_name').where('e.alert_id', 'in', [...alertIds]).orderBy('e.at').orderBy('e.id').execute();
  return rows.map((e) => ({ alertId: e.alert_id, action: e.action as AlertEventAction, note: e.note, ownerUserId: e.owner_user_id, actorId: e.actor_id, actorName: e.actor_name, at: e.at }));
}

export type NewAlert = Pick<AlertRecord, 'id' | 'key' | 'orgId' | 'rule' | 'level' | 'subjectType' | 'subjectId' | 'personId' | 'unitId' | 'titleZh' | 'titleEn' | 'detail' | 'ownerUserId'> & { at: string };

/** Raises an open alert unless one with its key exists (raised by another app server meanwhile): false then. */
export async function insertAlertOnce(q: Q, a: NewAlert): Promise<boolean> {
  const inserted = await q
    .insertInto('alerts')
    .values({
      id: a.id,
      key: a.key,
      org_id: a.orgId,
      rule: a.rule,
      level: a.level,
      subject_type: a.subjectType,
      subject_id: a.subjectId,
      person_id: a.personId,
      unit_id: a.unitId,
      title_zh: a.titleZh,
      title_en: a.titleEn,
      detail: JSON.stringify(a.detail),
      status: 'open',
      owner_user_id: a.ownerUserId,
      raised_at: a.at,
      updated_at: a.at,
      version: 1,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 1) !== 0;
}

export async function insertAlertEvent(q: Q, e: { id: string; alertId: string; action: AlertEventAction; note: string | null; ownerUserId: string | null; actorId: string | null; at: string }): Promise<void> {
  await q.insertInto('alert_events').values({ id: e.id, alert_id: e.alertId, action: e.action, note: e.note, owner_user_id: e.ownerUserId, actor_id: e.actorId, at: e.at }).execute();
}

/** Closes the alert with this key if it is not closed yet; its id, or undefined when there was none. */
export async function closeOpenAlertByKey(q: Q, key: string, at: string): Promise<string | undefined> {
  const old = await q.selectFrom('alerts').select(['id', 'version']).where('key', '=', key).where('status', '!=', 'closed').executeTakeFirst();
  if (!old) return undefined;
  await q.updateTable('alerts').set({ status: 'closed', updated_at: at, version: Number(old.version) + 1 }).where('id', '=', old.id).execute();
  return old.id;
}

/** Writes status and owner when the alert is still at `version`. */
export async function updateAlertAtVersion(q: Q, id: string, version: number, patch: { status: AlertStatus; ownerUserId: string | null }, at: string): Promise<void> {
  await q.updateTable('alerts').set({ status: patch.status, owner_user_id: patch.ownerUserId, updated_at: at, version: version + 1 }).where('id', '=', id).where('version', '=', version).execute();
}

/**
 * A member of this organisation (issue 11: a membership there, `user_org_roles`, the home one
 * included): its roles THERE (decoded) and whether the account is disabled.
 */
export async function accountInOrg(q: Q, userId: string, orgId: string): Promise<{ id: string; roles: string[]; disabled: boolean } | undefined> {
  const u = await q
    .selectFrom('user_org_roles')
    .innerJoin('users', 'users.id', 'user_org_roles.user_id')
    .select(['users.id', 'user_org_roles.roles', 'users.disabled'])
    .where('user_org_roles.user_id', '=', userId)
    .where('user_org_roles.org_id', '=', orgId)
    .executeTakeFirst();
  return u && { id: u.id, roles: JSON.parse(u.roles) as string[], disabled: Number(u.disabled) === 1 };
}
