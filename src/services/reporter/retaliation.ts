// Retaliation watch (issue 9 §7). FL-7(7) makes 打击报复举报人 a fault and FL-10(3) an aggravating
// circumstance (从重追究). When a staff reporter — a case's reporter linked to a member of staff
// (case_reporter_links, set by a clerk in the impartiality area) — later becomes a subject of any
// case, or an adverse execution (调离执法岗位, 纪律处分, 暂扣执法证/停止执行职务) is recorded
// against them, an alert row is written in the same transaction for the security administrator
// and the clerks the custodian let read that report's reporter (listRetaliationAlerts), and the
// case where it happened shows that FL-10(3) may apply (to the clerks who may read that report's
// reporter: see listRetaliationAlerts). Neither the alert's audit row nor the
// warning names the person or the report: the link between them stays with the alert.
import { appendAudit } from '../../audit/audit-writer';
import type { Tx } from '../../db/tx';
import { newId } from '../../lib/ids';
import { authorize, can } from '../../policies/roles';
import type { Ctx } from '../context';
import { canSeeCase, findCase, notFound } from '../cases/repo';
import { standsAsideFrom } from '../../policies/cases';
import * as repo from './retaliation-repo';

/** Execution kinds that are adverse to the person (FL-6(3)(4)(5), WC-10(4)(5)(6)). */
export const ADVERSE_EXECUTION_KINDS = ['certificate_suspension', 'post_change', 'disciplinary_sanction'] as const;

export const FL_10_3_WARNING = {
  citation: 'FL-10(3)',
  zh: '本案有被调查人员或处理对象曾以本单位工作人员身份举报（身份受保护）。如有打击报复举报人情形，依 FL-10(3) 应当从重追究；请审慎核查处理理由。',
  en: 'A subject of this case earlier reported wrongdoing as a member of staff (identity protected). If this is retaliation against a reporter, FL-10(3) calls for a heavier accountability; check the grounds with care.',
};

/**
 * Inside the transaction that made `personId` a subject of `triggerCaseId`, or recorded an adverse
 * execution against them: one alert per report case they are the linked reporter of (not the
 * same case). Returns the number of alerts written.
 */
export async function recordRetaliationSignals(
  tx: Tx,
  e: { personId: string; trigger: 'made_subject' | 'adverse_execution'; triggerCaseId: string; detail: string | null; actorId: string | null; now: string },
): Promise<number> {
  const reports = (await repo.reportCasesOfStaffReporter(tx, e.personId)).filter((r) => r.caseId !== e.triggerCaseId);
  let n = 0;
  for (const r of reports) {
    if (await repo.alertExists(tx, r.caseId, e.personId, e.trigger, e.triggerCaseId, e.detail)) continue;
    const id = newId();
    await repo.insertAlert(tx, {
      id,
      report_case_id: r.caseId,
      org_id: r.orgId,
      person_id: e.personId,
      trigger: e.trigger,
      trigger_case_id: e.triggerCaseId,
      detail: e.detail,
      clerk_user_id: r.clerkUserId,
      created_at: e.now,
      acknowledged_by: null,
      acknowledged_at: null,
    });
    await appendAudit(tx, { actorId: e.actorId, action: 'retaliation_alert.raise', entityType: 'retaliation_alert', entityId: id, after: { trigger: e.trigger, detail: e.detail, citation: 'FL-10(3)' }, at: e.now });
    n++;
  }
  return n;
}

export interface RetaliationAlertView {
  id: string;
  reportCaseId: string;
  reportCaseNumber: string | null;
  trigger: 'made_subject' | 'adverse_execution';
  triggerCaseId: string;
  triggerCaseNumber: string | null;
  detail: string | null;
  createdAt: string;
  citation: string;
  zh: string;
  en: string;
}

const TRIGGER_TEXT = {
  made_subject: { zh: '本单位举报人此后被列为另一案件的被调查人员', en: 'a staff reporter was later made a subject of another case' },
  adverse_execution: { zh: '本单位举报人此后受到不利处理（调离、处分或暂扣执法证）', en: 'an adverse measure (post change, sanction or certificate suspension) was recorded against a staff reporter' },
};

/**
 * GET /retaliation-alerts — FL-10(3), FL-7(7). The security administrator sees every alert
 * (without case numbers: 三员分立, no case content), those of reports filed on the public form
 * (no clerk) among them. A clerk sees only the alerts of the reports whose reporter the custodian
 * let them read — they hold or held an approved identity grant on that report case (or took the
 * audited emergency path) — and do not stand aside from: an alert ties a named person to a report,
 * so a clerk without a grant who named a candidate as subject of a new case must learn nothing
 * from this list (a red-team walk found the reporter that way). The main leader gets none: under
 * FL-10(3) he may be the one the alert is about.
 */
export async function listRetaliationAlerts(ctx: Ctx): Promise<RetaliationAlertView[]> {
  authorize(ctx.actor, 'reporter.alerts.read');
  const clerk = ctx.actor.roles.includes('clerk') && !ctx.actor.roles.includes('secadmin');
  const rows = await repo.listAlerts(ctx.db.kysely, { orgScope: ctx.actor.orgScope, ...(clerk ? { grantHolder: { userId: ctx.actor.userId, personId: ctx.actor.personId } } : {}) });
  return rows.map((r) => alertView(r, clerk));
}

function alertView(r: Awaited<ReturnType<typeof repo.listAlerts>>[number], withNumbers: boolean): RetaliationAlertView {
  const t = TRIGGER_TEXT[r.trigger as keyof typeof TRIGGER_TEXT] ?? TRIGGER_TEXT.made_subject;
  return {
    id: r.id,
    reportCaseId: r.report_case_id,
    reportCaseNumber: withNumbers ? r.report_number : null,
    trigger: r.trigger as RetaliationAlertView['trigger'],
    triggerCaseId: r.trigger_case_id,
    triggerCaseNumber: withNumbers ? r.trigger_number : null,
    detail: r.detail,
    createdAt: r.created_at,
    citation: 'FL-10(3)',
    zh: t.zh,
    en: t.en,
  };
}

/**
 * GET /cases/:id/retaliation-warning — whether a subject of this case is a staff reporter under
 * watch, for those who decide it: the main leader and the decision body, unless they stand aside
 * from it (a subject of it would learn that a co-subject reported). A clerk is told only of the
 * alerts they may read (`listRetaliationAlerts`): otherwise naming a candidate as subject at intake
 * and reading this warning would tell any clerk whether the candidate once reported (FL-7(7)).
 * Investigators and subjects are not told (it would point at the reporter).
 */
export async function caseRetaliationWarning(ctx: Ctx, caseId: string): Promise<typeof FL_10_3_WARNING | null> {
  authorize(ctx.actor, 'cases.read');
  const q = ctx.db.kysely;
  const c = await findCase(q, caseId);
  if (!c || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  if (!can(ctx.actor, 'cases.readAll')) return null;
  if (await standsAsideFrom(q, ctx.actor, caseId)) return null;
  if (ctx.actor.roles.some((r) => r === 'leader' || r === 'decider')) return (await repo.alertsOnTriggerCase(q, caseId)) > 0 ? FL_10_3_WARNING : null;
  if (!ctx.actor.roles.includes('clerk')) return null;
  const mine = await repo.listAlerts(q, { orgScope: ctx.actor.orgScope, triggerCaseId: caseId, grantHolder: { userId: ctx.actor.userId, personId: ctx.actor.personId } });
  return mine.length > 0 ? FL_10_3_WARNING : null;
}
