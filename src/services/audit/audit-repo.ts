// SQL of the audit viewer: filtered pages of the audit trail, newest first.
import type { SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import type { AuditOrgView } from '../../policies/audit-view';

export interface AuditFilter {
  /** user id or user name of the actor */
  actor?: string | undefined;
  /** an action, or a prefix of actions ending at a dot boundary ('case' matches 'case.read', 'case.accept' …) */
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** ISO timestamps, inclusive from, exclusive to */
  fromAt?: string | undefined;
  toAt?: string | undefined;
  /**
   * issue 11: the records the auditor's organisations show (src/policies/audit-view.ts#auditOrgView):
   * by each record's organisation (`audit_log.org_id`), the deployment-wide ones (none) when
   * `global`. Absent: every record (in-process callers).
   */
  orgView?: AuditOrgView | undefined;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_username: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  source_ip: string | null;
  org_id: string | null;
  hash: string;
}

function filtered(db: Db, f: AuditFilter) {
  let q = db.kysely.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_id');
  if (f.actor) {
    const actor = f.actor;
    q = q.where((eb) => eb.or([eb('audit_log.actor_id', '=', actor), eb('users.username', '=', actor)]));
  }
  return narrowed(q, f);
}

/** The filters on audit_log's own columns (the count reads them without joining the accounts). */
// any: one function for the query with and without the accounts joined (the columns named are audit_log's)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function narrowed<Q extends SelectQueryBuilder<any, 'audit_log', any>>(q0: Q, f: AuditFilter): Q {
  let q = q0 as SelectQueryBuilder<Database, 'audit_log', object>;
  if (f.action) {
    const action = f.action;
    q = q.where((eb) => eb.or([eb('audit_log.action', '=', action), eb('audit_log.action', 'like', `${action.replace(/[%_\\]/g, '')}.%`)]));
  }
  if (f.entityType) q = q.where('audit_log.entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('audit_log.entity_id', '=', f.entityId);
  if (f.fromAt) q = q.where('audit_log.at', '>=', f.fromAt);
  if (f.toAt) q = q.where('audit_log.at', '<', f.toAt);
  // issue 11: by the organisation of the record acted on (migration 0510), not the actor's home
  const view = f.orgView;
  if (view?.orgIds) {
    const ids = [...view.orgIds];
    q = q.where((eb) => {
      const parts = [...(ids.length ? [eb('audit_log.org_id', 'in', ids)] : []), ...(view.global ? [eb('audit_log.org_id', 'is', null)] : [])];
      return parts.length ? eb.or(parts) : eb.val(false);
    });
  }
  return q as unknown as Q;
}

export async function countAudit(db: Db, f: AuditFilter): Promise<number> {
  // without an actor filter the accounts are not joined: the count is then read from the indexes
  const base: SelectQueryBuilder<Database, 'audit_log', object> = f.actor
    ? (filtered(db, f) as unknown as SelectQueryBuilder<Database, 'audit_log', object>)
    : narrowed(db.kysely.selectFrom('audit_log'), f);
  const r = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function pageAudit(db: Db, f: AuditFilter, offset: number, limit: number): Promise<AuditRow[]> {
  const rows = await filtered(db, f)
    .select([
      'audit_log.seq',
      'audit_log.at',
      'audit_log.actor_id',
      'users.username as actor_username',
      'users.display_name as actor_name',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.before_json',
      'audit_log.after_json',
      'audit_log.source_ip',
      'audit_log.org_id',
      'audit_log.hash',
    ])
    .orderBy('audit_log.seq', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), source_ip: r.source_ip ?? null, org_id: r.org_id ?? null }));
}
