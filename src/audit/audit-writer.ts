// The audit trail: every write appends a record in the same transaction as the change, chained
// by SHA-256 to the previous record. The writer takes a `Tx`, so a write without its audit row
// cannot be expressed; the head row is locked (PostgreSQL) or covered by BEGIN IMMEDIATE (SQLite)
// so two writers never interleave the chain.
// issue 11: each record names its organisation (`org_id`, src/audit/audit-org.ts), found in the
// head's statement. Records written since migration 0510 hash it (`org_in_hash` = 1, even when
// null), so moving a record to another organisation's view breaks the chain; records from before
// keep their old content and hash, the organisation 0510 derived for them outside the hash.
import { sql } from 'kysely';
import type { Tx } from '../db/tx';
import { isPostgresHandle } from '../db/database';
import { compiledOnce } from '../db/compiled-once';
import type { AuditLogTable } from '../db/tables/core';
import { canonicalJson } from '../lib/canonical-json';
import { auditDigest, GUOMI_SETTING_KEY, type AuditHashAlg } from './hash-alg';
import { currentSourceIp } from '../lib/request-context';
import { ENTITY_ORG_SOURCES, SETTING_ENTITY_TYPES, settingOrgSuffix } from './audit-org';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /** ISO timestamp; from the injected clock */
  at: string;
  /** client address; default: the current request's (src/lib/request-context.ts), none outside a request */
  sourceIp?: string | null;
  /**
   * issue 11: the organisation the record belongs to. Absent: the organisation of the entity
   * (src/audit/audit-org.ts), none for an entity no organisation owns. Given (null included): as given.
   */
  orgId?: string | null;
}

/** The record's hash with its own algorithm (`hash_alg`, default SHA-256); '' for an unknown one. */
export function hashRecord(r: Omit<AuditLogTable, 'hash'>): string {
  const body = canonicalJson({
    seq: r.seq,
    at: r.at,
    actor_id: r.actor_id,
    action: r.action,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    before_json: r.before_json,
    after_json: r.after_json,
    prev_hash: r.prev_hash,
    // Only when set (migration 0090): canonicalJson leaves undefined out, so a record without a
    // source address hashes exactly as every record written before the column existed.
    source_ip: r.source_ip ?? undefined,
    // issue 11 (migration 0510): the organisation, for every record written since (null included,
    // so a record cannot be moved into an organisation's view); absent for the records before,
    // which hash exactly as they were written.
    ...(Number(r.org_in_hash ?? 0) === 1 ? { org_id: r.org_id ?? null } : {}),
  });
  return auditDigest(r.hash_alg, body) ?? '';
}

/** SM3 while the 国密 option (`security.guomi`) is on, else SHA-256: read inside the writing transaction, with the head. */
const hashAlgOf = (guomiSetting: string | null | undefined): AuditHashAlg => (guomiSetting === 'true' ? 'sm3' : 'sha256');

/**
 * How the organisation of the entry's entity is read (NULL when none is derivable): its shape is
 * the variant of the head statement — 'given' (the entry names it), 'none', 'setting' (a setting's
 * organisation suffix), `src:<entity type>` (the entity's row, ENTITY_ORG_SOURCES) or 'actor' (a
 * deployment-wide record made by an account: that account's home organisation).
 */
function entityOrgVariant(entry: AuditEntry): { variant: string; suffix: string } {
  if (entry.orgId !== undefined) return { variant: 'given', suffix: '' };
  if (ENTITY_ORG_SOURCES[entry.entityType]) return { variant: `src:${entry.entityType}`, suffix: '' };
  const suffix = SETTING_ENTITY_TYPES.includes(entry.entityType) ? settingOrgSuffix(entry.entityId) : null;
  if (suffix) return { variant: 'setting', suffix };
  // a deployment-wide change made by an account (security settings, the deadline rules, the
  // calendar) answers to that account's home organisation, whose auditor checks its
  // administrators (三员分立; found by a red-team walk: a commission's security administrator
  // changed the lockout rules where no auditor of any commission could see it)
  return entry.actorId && entry.actorId !== 'system' ? { variant: 'actor', suffix: entry.actorId } : { variant: 'none', suffix: '' };
}

// Every audited write runs these: built and compiled once per engine and variant (src/db/compiled-once.ts).
type HeadRow = { seq: number; hash: string; guomi: string | null; org_id: string | null };
const headStatement = compiledOnce<string, { key: string; entityId: string; suffix: string }, HeadRow>((pg, variant, a) => {
  const src = variant.startsWith('src:') ? ENTITY_ORG_SOURCES[variant.slice(4)] : undefined;
  const org = src
    ? sql`(SELECT ${sql.ref(src.column)} FROM ${sql.table(src.table)} WHERE id = ${a.entityId})`
    : variant === 'setting'
      ? sql`(SELECT id FROM organisations WHERE id = ${a.suffix})`
      : variant === 'actor'
        ? sql`(SELECT org_id FROM users WHERE id = ${a.suffix})`
        : sql`NULL`;
  // FOR UPDATE is PostgreSQL's row lock; SQLite already holds the database write lock.
  return sql<HeadRow>`SELECT seq, hash, (SELECT value FROM settings WHERE key = ${a.key}) AS guomi, ${org} AS org_id FROM audit_head WHERE id = 1 ${pg ? sql`FOR UPDATE` : sql``}`;
});
const insertStatement = compiledOnce<'-', Record<keyof AuditLogTable, unknown>>((_pg, _v, a, db) => db.insertInto('audit_log').values(a as unknown as AuditLogTable));
const headUpdateStatement = compiledOnce<'-', { seq: unknown; hash: unknown }>((_pg, _v, a, db) => db.updateTable('audit_head').set({ seq: a.seq as number, hash: a.hash as string }).where('id', '=', 1));
// PostgreSQL: the record and the new head in one statement — one round trip fewer while the head
// row is locked, and every audited write (each case page's read record included) queues on that
// lock (issue 14)
const appendAndHeadStatement = compiledOnce<'-', Record<keyof AuditLogTable, unknown>>((_pg, _v, a, db) =>
  db
    .with('appended', (d) => d.insertInto('audit_log').values(a as unknown as AuditLogTable))
    .updateTable('audit_head')
    .set({ seq: a.seq as number, hash: a.hash as string })
    .where('id', '=', 1),
);

export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<AuditLogTable> {
  // The head, the hash algorithm in force (SM3 while the 国密 option is on) and the organisation
  // of the entity acted on in one round trip.
  const { variant, suffix } = entityOrgVariant(entry);
  const head = await headStatement.execute(tx, variant, { key: GUOMI_SETTING_KEY, entityId: entry.entityId, suffix });
  const prev = head.rows[0];
  if (!prev) throw new Error('audit_head row missing: run migrations');
  const rec: Omit<AuditLogTable, 'hash'> = {
    seq: Number(prev.seq) + 1,
    at: entry.at,
    actor_id: entry.actorId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before_json: entry.before === undefined ? null : canonicalJson(entry.before),
    after_json: entry.after === undefined ? null : canonicalJson(entry.after),
    prev_hash: prev.hash,
    hash_alg: hashAlgOf(prev.guomi),
    source_ip: entry.sourceIp ?? currentSourceIp(),
    org_id: entry.orgId !== undefined ? entry.orgId : (prev.org_id ?? null),
    org_in_hash: 1,
  };
  const full: AuditLogTable = { ...rec, hash: hashRecord(rec) };
  // every column bound, none left out (an undefined value would have dropped its column)
  const row = { ...full } as Record<keyof AuditLogTable, unknown>;
  for (const k of Object.keys(row) as (keyof AuditLogTable)[]) if (row[k] === undefined) row[k] = null;
  if (isPostgresHandle(tx)) {
    await appendAndHeadStatement.execute(tx, '-', row);
    return full;
  }
  await insertStatement.execute(tx, '-', row);
  await headUpdateStatement.execute(tx, '-', { seq: full.seq, hash: full.hash });
  return full;
}
