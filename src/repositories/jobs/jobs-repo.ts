// Scheduled jobs (migration 0410): the lease that lets one server of several on one database run
// a due occurrence, and the last outcome. The claim is one conditional UPDATE: on PostgreSQL a
// second server's UPDATE waits for the first one's row lock and then re-reads the row, finds the
// lease taken, and changes nothing; on SQLite writers are serialised.
import type { ScheduledJobTable } from '../../db/tables/jobs';
import type { Q } from '../cases/case-repo';

export type JobRow = ScheduledJobTable;

export async function readJob(q: Q, name: string): Promise<JobRow | undefined> {
  return q.selectFrom('scheduled_jobs').selectAll().where('name', '=', name).executeTakeFirst();
}

/**
 * Takes the job for occurrence `key` until `leaseUntil`, when that occurrence is not done yet
 * and nobody holds the job (or their lease ran out). True: this caller runs it.
 */
export async function claimJob(q: Q, name: string, key: string, owner: string, now: string, leaseUntil: string): Promise<boolean> {
  await q.insertInto('scheduled_jobs').values({ name, consecutive_failures: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const r = await q
    .updateTable('scheduled_jobs')
    .set({ lease_owner: owner, lease_until: leaseUntil, last_started_at: now })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('done_key', 'is', null), eb('done_key', '<', key)]))
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The occurrence is done: lease released, outcome kept. Only by the lease holder. */
export async function jobSucceeded(q: Q, name: string, owner: string, key: string, at: string, result: unknown): Promise<void> {
  await q
    .updateTable('scheduled_jobs')
    .set({ done_key: key, lease_owner: null, lease_until: null, last_success_at: at, last_error: null, consecutive_failures: 0, last_result: JSON.stringify(result) })
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .execute();
}

/** The attempt failed: no new attempt before `retryAt` (the lease stays until then). */
export async function jobFailed(q: Q, name: string, owner: string, at: string, error: string, retryAt: string): Promise<number> {
  await q
    .updateTable('scheduled_jobs')
    .set((eb) => ({ lease_until: retryAt, last_failure_at: at, last_error: error.slice(0, 2000), consecutive_failures: eb('consecutive_failures', '+', 1) }))
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .execute();
  return Number((await readJob(q, name))?.consecutive_failures ?? 0);
}

/**
 * The enabled system administrators of every organisation (whom a failed backup alerts): the
 * accounts holding the sysadmin role in any organisation through a membership (issue 11), not
 * only at home.
 */
export async function enabledSysadmins(q: Q): Promise<string[]> {
  const rows = await q.selectFrom('user_org_roles').innerJoin('users', 'users.id', 'user_org_roles.user_id').select(['users.id', 'user_org_roles.roles']).where('users.disabled', '=', 0).orderBy('users.id').execute();
  return [...new Set(rows.filter((r) => (JSON.parse(r.roles) as string[]).includes('sysadmin')).map((r) => r.id))];
}
