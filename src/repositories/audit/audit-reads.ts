// Reads of the audit trail (the writer is src/audit/audit-writer.ts, inside each transaction).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { parseJson } from '../cases/case-rows';

type Q = Kysely<Database>;

export interface CaseTimelineRow {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  after: Record<string, unknown>;
  before: Record<string, unknown>;
}

/** The case's audit records in chain order, without the routine reads given. */
export async function caseTimelineRows(q: Q, caseId: string, excludeActions: readonly string[]): Promise<CaseTimelineRow[]> {
  const rows = await q
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select(['audit_log.seq', 'audit_log.at', 'audit_log.actor_id', 'users.display_name', 'audit_log.action', 'audit_log.after_json', 'audit_log.before_json'])
    .where('entity_type', '=', 'case')
    .where('entity_id', '=', caseId)
    .where('audit_log.action', 'not in', [...excludeActions])
    .orderBy('audit_log.seq')
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    actorName: r.display_name,
    action: r.action,
    after: parseJson<Record<string, unknown>>(r.after_json, {}),
    before: parseJson<Record<string, unknown>>(r.before_json, {}),
  }));
}
