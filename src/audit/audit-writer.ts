// The audit trail: every write appends a record in the same transaction as the change, chained
// by SHA-256 to the previous record. The writer takes a `Tx`, so a write without its audit row
// cannot be expressed; the head row is locked (PostgreSQL) or covered by BEGIN IMMEDIATE (SQLite)
// so two writers never interleave the chain.
import { sql } from 'kysely';
import type { Tx } from '../db/tx';
import { isPostgresHandle } from '../db/database';
import type { AuditLogTable } from '../db/tables/core';
import { canonicalJson } from '../lib/canonical-json';
import { auditDigest, GUOMI_SETTING_KEY, type AuditHashAlg } from './hash-alg';
import { currentSourceIp } from '../lib/request-context';

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
  });
  return auditDigest(r.hash_alg, body) ?? '';
}

/** SM3 while the 国密 option (`security.guomi`) is on, else SHA-256: read inside the writing transaction, with the head. */
const hashAlgOf = (guomiSetting: string | null | undefined): AuditHashAlg => (guomiSetting === 'true' ? 'sm3' : 'sha256');

export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<AuditLogTable> {
  // FOR UPDATE is PostgreSQL's row lock; SQLite already holds the database write lock.
  // The head and the hash algorithm in force (SM3 while the 国密 option is on) in one round trip.
  const head = await sql<{ seq: number; hash: string; guomi: string | null }>`SELECT seq, hash, (SELECT value FROM settings WHERE key = ${GUOMI_SETTING_KEY}) AS guomi FROM audit_head WHERE id = 1 ${
    isPostgresHandle(tx) ? sql`FOR UPDATE` : sql``
  }`.execute(tx);
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
  };
  const full: AuditLogTable = { ...rec, hash: hashRecord(rec) };
  if (isPostgresHandle(tx)) {
    // PostgreSQL: the record and the new head in one statement — one round trip fewer while the
    // head row is locked, and every audited write (each case page's read record included) queues
    // on that lock (issue 14)
    await tx
      .with('appended', (db) => db.insertInto('audit_log').values(full))
      .updateTable('audit_head')
      .set({ seq: full.seq, hash: full.hash })
      .where('id', '=', 1)
      .execute();
    return full;
  }
  await tx.insertInto('audit_log').values(full).execute();
  await tx.updateTable('audit_head').set({ seq: full.seq, hash: full.hash }).where('id', '=', 1).execute();
  return full;
}
