// SQL of the identity custodian (identity_requests).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Tx } from '../../db/tx';
import type { IdentityRequestTable } from '../../db/tables/reporter-protection';
import { orgScopeFilter } from '../../policies/org-scope';

/** The organisation scope of the reader (undefined: unrestricted); a request belongs to its case's organisation. */
type Scope = { orgScope?: readonly string[] | undefined };

type Q = Kysely<Database> | Tx;

export async function insertRequest(tx: Tx, row: IdentityRequestTable): Promise<void> {
  await tx.insertInto('identity_requests').values(row).execute();
}

export async function findRequest(q: Q, id: string, scope: Scope): Promise<IdentityRequestTable | undefined> {
  return q
    .selectFrom('identity_requests')
    .innerJoin('cases', 'cases.id', 'identity_requests.case_id')
    .selectAll('identity_requests')
    .where('identity_requests.id', '=', id)
    .where(orgScopeFilter(scope, 'cases.org_id'))
    .executeTakeFirst();
}

export async function decideRequest(tx: Tx, id: string, set: Pick<IdentityRequestTable, 'status' | 'decided_by' | 'decided_at' | 'decision_note' | 'expires_at'>): Promise<number> {
  const r = await tx.updateTable('identity_requests').set(set).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The requester's live grants on the case (approved or emergency, not expired). */
export async function liveGrants(q: Q, caseId: string, userId: string, nowIso: string): Promise<IdentityRequestTable[]> {
  return q
    .selectFrom('identity_requests')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('requested_by', '=', userId)
    .where('status', 'in', ['approved', 'emergency'])
    .where('expires_at', '>', nowIso)
    .orderBy('expires_at', 'desc')
    .execute();
}

export interface RequestListRow extends IdentityRequestTable {
  requested_by_name: string | null;
  decided_by_name: string | null;
}

export async function listRequests(q: Q, filter: { caseId?: string; requestedBy?: string; status?: string; orgScope?: readonly string[] | undefined }): Promise<RequestListRow[]> {
  let s = q
    .selectFrom('identity_requests')
    .innerJoin('cases', 'cases.id', 'identity_requests.case_id')
    .where(orgScopeFilter(filter, 'cases.org_id'))
    .leftJoin('users as rq', 'rq.id', 'identity_requests.requested_by')
    .leftJoin('users as dc', 'dc.id', 'identity_requests.decided_by')
    .selectAll('identity_requests')
    .select(['rq.display_name as requested_by_name', 'dc.display_name as decided_by_name']);
  if (filter.caseId) s = s.where('identity_requests.case_id', '=', filter.caseId);
  if (filter.requestedBy) s = s.where('identity_requests.requested_by', '=', filter.requestedBy);
  if (filter.status) s = s.where('identity_requests.status', '=', filter.status);
  return s.orderBy('identity_requests.requested_at', 'desc').orderBy('identity_requests.id').limit(500).execute();
}
