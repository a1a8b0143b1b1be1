// SQL of the retaliation watch (retaliation_alerts; the staff reporter links of the impartiality
// area are read here, never changed).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Tx } from '../../db/tx';
import type { RetaliationAlertTable } from '../../db/tables/reporter-protection';
import { orgScopeFilter } from '../../policies/org-scope';
import { standAsideCaseIds } from '../../repositories/cases/case-repo';

type Q = Kysely<Database> | Tx;

/** Report cases whose reporter is linked to this register person (directly or by their account). */
export async function reportCasesOfStaffReporter(q: Q, personId: string): Promise<{ caseId: string; clerkUserId: string | null; orgId: string }[]> {
  const rows = await q
    .selectFrom('case_reporter_links')
    .innerJoin('cases', 'cases.id', 'case_reporter_links.case_id')
    .leftJoin('users', 'users.id', 'case_reporter_links.user_id')
    .select(['case_reporter_links.case_id', 'cases.created_by', 'cases.org_id'])
    .where((eb) => eb.or([eb('case_reporter_links.person_id', '=', personId), eb('users.person_id', '=', personId)]))
    .execute();
  const seen = new Map<string, { clerkUserId: string | null; orgId: string }>();
  for (const r of rows) seen.set(r.case_id, { clerkUserId: r.created_by, orgId: r.org_id });
  return [...seen].map(([caseId, v]) => ({ caseId, ...v }));
}

export async function insertAlert(tx: Tx, row: RetaliationAlertTable): Promise<void> {
  await tx.insertInto('retaliation_alerts').values(row).execute();
}

export async function alertExists(q: Q, reportCaseId: string, personId: string, trigger: string, triggerCaseId: string, detail: string | null): Promise<boolean> {
  let s = q.selectFrom('retaliation_alerts').select('id').where('report_case_id', '=', reportCaseId).where('person_id', '=', personId).where('trigger', '=', trigger).where('trigger_case_id', '=', triggerCaseId);
  s = detail === null ? s.where('detail', 'is', null) : s.where('detail', '=', detail);
  return Boolean(await s.executeTakeFirst());
}

/**
 * The alerts, newest first. `grantHolder`: only the alerts of report cases this clerk holds or
 * held an identity grant on (an approved request, or the audited emergency path) and does not
 * stand aside from (`standAsideCaseIds`, every ground) — FL-7(7), FL-10(3): an alert ties a named
 * person to a report, so it reaches no one the custodian did not let read that report's reporter.
 * Without it, every alert in scope (the security administrator, who is shown no case numbers).
 */
export async function listAlerts(
  q: Q,
  filter: { grantHolder?: { userId: string; personId: string | null }; orgScope?: readonly string[] | undefined; triggerCaseId?: string },
): Promise<(RetaliationAlertTable & { report_number: string | null; trigger_number: string | null })[]> {
  let s = q
    .selectFrom('retaliation_alerts')
    .leftJoin('cases as rc', 'rc.id', 'retaliation_alerts.report_case_id')
    .leftJoin('cases as tc', 'tc.id', 'retaliation_alerts.trigger_case_id')
    .selectAll('retaliation_alerts')
    .select(['rc.number as report_number', 'tc.number as trigger_number'])
    .where(orgScopeFilter(filter, 'retaliation_alerts.org_id'));
  if (filter.triggerCaseId) s = s.where('retaliation_alerts.trigger_case_id', '=', filter.triggerCaseId);
  const who = filter.grantHolder;
  if (who) {
    s = s
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('identity_requests')
            .select('identity_requests.id')
            .whereRef('identity_requests.case_id', '=', 'retaliation_alerts.report_case_id')
            .where('identity_requests.requested_by', '=', who.userId)
            .where('identity_requests.status', 'in', ['approved', 'emergency']),
        ),
      )
      .where(sql<boolean>`retaliation_alerts.report_case_id NOT IN (${standAsideCaseIds(who)})`);
  }
  return s.orderBy('retaliation_alerts.created_at', 'desc').orderBy('retaliation_alerts.id').limit(500).execute();
}

export async function alertsOnTriggerCase(q: Q, caseId: string): Promise<number> {
  const r = await q.selectFrom('retaliation_alerts').select((eb) => eb.fn.countAll<number>().as('n')).where('trigger_case_id', '=', caseId).executeTakeFirstOrThrow();
  return Number(r.n);
}
