// The scheduled deadline scan (a timer in the server, runtime.ts): for every open case, each
// statutory deadline (WC-9(1), FL-16) and internal target (内部时限) not yet met is checked
// against today (China date of the injected clock). A deadline tells the people the case waits
// on at 50 % and 80 % of its period, on the due day and when overdue; overdue, it escalates as
// 督办 to the leader of the case's organisation, and — when the step waits on the leader, or it
// stays overdue for the organisation's configured number of working days — to the supervisors
// of the supervising organisation above it (recipients.ts#supervisingOrgUsers). Each threshold fires once per
// deadline (notification_fires, recorded in the transaction that writes the notification), so
// the scan is idempotent and several app servers may run it.
import { DEFAULT_ORG_ID } from '../../db/tables/organisations';
import { appendAudit } from '../../audit/audit-writer';
import { diffDays } from '../../calendar/dates';
import type { WorkingCalendar } from '../../calendar/working-calendar';
import { TERMINAL_STATES } from '../../domain/cases';
import { inTransaction } from '../../db/tx';
import { chinaDate } from '../../lib/clock';
import { getWorkingCalendar } from '../calendar-service';
import type { Deps } from '../context';
import { STATUTORY_DEADLINE_LABELS } from '../cases/deadlines';
import { deadlineMessage, escalationMessage, type DeadlineRef, type Threshold } from './messages';
import { notify } from './notify';
import { firedKeys, openInternalTargets, openStatutoryDeadlines, recordFire } from '../../repositories/notify/notify-repo';
import { orgOfCase, supervisingOrgUsers, usersWithRole, waitingOn } from './recipients';
import { INTERNAL_TARGETS, readNotifySettings, type InternalTargetStep } from './settings';

interface OpenDeadline extends DeadlineRef {
  id: string;
  startDate: string;
  dayKind: 'working' | 'calendar';
}

const ORDER: Threshold[] = ['50', '80', 'due', 'overdue'];

/** The highest threshold reached today, or null. Periods count in the deadline's own days. */
export function thresholdReached(cal: WorkingCalendar, d: { startDate: string; dueDate: string; dayKind: 'working' | 'calendar' }, today: string): Threshold | null {
  if (today > d.dueDate) return 'overdue';
  if (today === d.dueDate) return 'due';
  const span = (a: string, b: string) => (d.dayKind === 'working' ? cal.workingDaysBetween(a, b).count : Math.max(0, diffDays(a, b)));
  const total = span(d.startDate, d.dueDate);
  if (total <= 0) return null;
  const elapsed = span(d.startDate, today);
  if (elapsed * 100 >= total * 80) return '80';
  if (elapsed * 100 >= total * 50) return '50';
  return null;
}

async function openDeadlines(deps: Pick<Deps, 'db'>): Promise<OpenDeadline[]> {
  const q = deps.db.kysely;
  const statutory = await openStatutoryDeadlines(q, TERMINAL_STATES);
  const internal = await openInternalTargets(q, TERMINAL_STATES);
  return [
    ...statutory.map((r) => ({
      id: `d:${r.id}`,
      caseId: r.case_id,
      number: r.number,
      // the days set for this deadline (from the pack of the case's organisation on its start
      // date, issue 11), not the default pack's period
      labelZh: STATUTORY_DEADLINE_LABELS[r.kind]?.(Number(r.days)).zh ?? r.kind,
      labelEn: STATUTORY_DEADLINE_LABELS[r.kind]?.(Number(r.days)).en ?? r.kind,
      citation: r.citation,
      startDate: r.start_date,
      dueDate: r.due_date,
      dayKind: (r.day_kind === 'working' ? 'working' : 'calendar') as 'working' | 'calendar',
      internal: false,
    })),
    ...internal.map((r) => {
      const t = INTERNAL_TARGETS[r.kind as InternalTargetStep];
      return {
        id: `i:${r.id}`,
        caseId: r.case_id,
        number: r.number,
        labelZh: t?.labelZh ?? r.kind,
        labelEn: t?.labelEn ?? r.kind,
        citation: r.citation,
        startDate: r.start_date,
        dueDate: r.due_date,
        dayKind: 'working' as const,
        internal: true,
      };
    }),
  ];
}

export interface ScanResult {
  reminders: number;
  escalations: number;
}

export async function scanDeadlines(deps: Pick<Deps, 'db' | 'clock'>): Promise<ScanResult> {
  const today = chinaDate(deps.clock.now());
  const cal = await getWorkingCalendar(deps);
  const settingsOf = new Map<string, Awaited<ReturnType<typeof readNotifySettings>>>();
  const list = await openDeadlines(deps);
  const fired = await firedKeys(deps.db.kysely, [...new Set(list.map((d) => d.caseId))]);
  const out: ScanResult = { reminders: 0, escalations: 0 };
  for (const d of list) {
    const reached = thresholdReached(cal, d, today);
    if (!reached) continue;
    const overdue = reached === 'overdue';
    const workingLate = overdue ? cal.workingDaysBetween(d.dueDate, today).count : 0;
    const needReminder = !fired.has(`${d.id}:${reached}`);
    const needLeader = overdue && !fired.has(`${d.id}:esc_leader`);
    const needSupervisorMaybe = overdue && !fired.has(`${d.id}:esc_supervisor`);
    if (!needReminder && !needLeader && !needSupervisorMaybe) continue;
    await inTransaction(deps.db, async (tx) => {
      const at = deps.clock.now().toISOString();
      const waiting = await waitingOn(tx, d.caseId);
      const orgId = (await orgOfCase(tx, d.caseId)) ?? DEFAULT_ORG_ID;
      // the organisation's own settings over the deployment default (issue 12); the escalation
      // threshold is the supervising organisation's above it, never the watched one's own
      if (!settingsOf.has(orgId)) settingsOf.set(orgId, await readNotifySettings(tx, orgId));
      const settings = settingsOf.get(orgId)!;
      const waitingIds = waiting.map((w) => w.userId);
      if (needReminder && (await recordFire(tx, `${d.id}:${reached}`, d.caseId, at))) {
        // lower thresholds not yet fired are passed silently: one reminder, the latest
        for (const t of ORDER.slice(0, ORDER.indexOf(reached))) await recordFire(tx, `${d.id}:${t}`, d.caseId, at);
        const to = waitingIds.length ? waitingIds : await usersWithRole(tx, 'clerk', orgId);
        await notify(tx, { kind: 'deadline', level: overdue ? 'urgent' : 'warning', userIds: to, caseId: d.caseId, message: deadlineMessage(d, reached), at });
        out.reminders++;
      }
      if (!overdue) return;
      const daysLate = diffDays(d.dueDate, today);
      const names = waiting.map((w) => w.displayName);
      const leaders = await usersWithRole(tx, 'leader', orgId);
      const waitsOnLeader = leaders.some((l) => waitingIds.includes(l));
      const escalate = async (level: 'leader' | 'supervisor', to: string[], supervisingOrgId: string | null = null): Promise<void> => {
        await notify(tx, { kind: 'escalation', level: 'urgent', userIds: to, caseId: d.caseId, message: escalationMessage(d, level, daysLate, names), at });
        await appendAudit(tx, {
          actorId: null,
          action: 'notify.escalation',
          entityType: 'case_escalation',
          entityId: d.caseId,
          after: { level, deadline: d.id, dueDate: d.dueDate, internal: d.internal, citation: d.citation, daysLate, recipients: to, orgId, ...(level === 'supervisor' ? { supervisingOrgId } : {}) },
          at,
        });
        out.escalations++;
      };
      // 督办, first step: the leader of the case's organisation (unless the step waits on the leader)
      if (needLeader && !waitsOnLeader && (await recordFire(tx, `${d.id}:esc_leader`, d.caseId, at))) {
        await escalate('leader', leaders.filter((l) => !waitingIds.includes(l)));
      }
      // then the supervisors of the supervising organisation above the case's (not every supervisor)
      const toSupervisor = waitsOnLeader || workingLate >= settings.escalateToSupervisorAfterWorkingDays;
      if (needSupervisorMaybe && toSupervisor && (await recordFire(tx, `${d.id}:esc_supervisor`, d.caseId, at))) {
        const sup = await supervisingOrgUsers(tx, orgId);
        await escalate('supervisor', sup.userIds, sup.orgId);
      }
    });
  }
  return out;
}
