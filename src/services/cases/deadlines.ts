// Case deadlines: WC-9(1) transfer within 2 (working) days of acceptance, FL-16 handling within
// 60 days of the start of investigation. Due dates come from the calendar area
// (the rule pack's deadline parameters, the installation's settings, the stored holiday calendar)
// and are stored per case with a provisional flag; when an administrator loads a year, the
// provisional ones are recomputed inside the loading transaction (listener below).
import { computeDueDate, deadlineStatus, type DeadlineKind, type DeadlineStatus } from '../../calendar/deadlines';
import { addDays } from '../../calendar/dates';
import { INTERNAL_TARGETS, type InternalTargetStep } from '../notify/settings';
import { calendarEvents, type CalendarYearLoadedEvent, type YearDemandSource } from '../../calendar/events';
import type { Db } from '../../db/database';
import { deadlineDescriber, deadlinePeriodOn, getWorkingCalendar } from '../calendar-service';
import { getDeadlineParameters, packInForce } from '../../rules';
import type { Deps } from '../context';
import type { Tx } from '../../db/tx';
import type { WorkingCalendar } from '../../calendar/working-calendar';
import { newId } from '../../lib/ids';
import type { Q } from './repo';
import { caseOrgId, findOrg, type Organisation } from '../orgs/org-repo';
import { orgPacksOn } from '../orgs/org-settings';
import { requestReads, type RequestReads } from '../request-reads';
import {
  deadlinesAndOpenTargetsOf,
  hasDeadline,
  insertDeadline,
  markDeadlineMet,
  orgIdsOfCases,
  provisionalDeadlines,
  setDeadlineDue,
  unmetProvisionalSpans,
  type StoredDeadline,
  type StoredInternalTarget,
} from '../../repositories/cases/deadlines-repo';

/**
 * The period of a deadline on `start`: days, day-counting, citation and the last-day-on-holiday
 * reading from the rule pack the case's organisation applies that day (getDeadlineParameters:
 * WC-9(1) 2 working days, FL-16 60 calendar days under the Banan pack), unless the organisation or
 * the installation explicitly set the day-counting or the roll-forward in its settings; before
 * any pack is in force, the calendar area's defaults (calendar-service#deadlinePeriodOn).
 */
const periodOf = (deps: Pick<Deps, 'db'>, tx: Tx, kind: DeadlineKind, start: string, orgId: string | null) => deadlinePeriodOn(deps, tx, kind, start, orgId);

export async function startDeadline(deps: Pick<Deps, 'db'>, tx: Tx, caseId: string, kind: DeadlineKind, start: string, now: string): Promise<void> {
  // FL-16 counts from the day the investigation first started: a case returned for further
  // investigation keeps its clock, so an existing deadline of the kind is never restarted.
  if (await hasDeadline(tx, caseId, kind)) return;
  const period = await periodOf(deps, tx, kind, start, await caseOrgId(tx, caseId));
  const due = computeDueDate(await getWorkingCalendar(deps, tx), start, period);
  await insertDeadline(tx, { id: newId(), caseId, kind, citation: period.citation, dayKind: period.dayKind, days: period.days, startDate: start, dueDate: due.date, provisional: due.provisional }, now);
}

export async function meetDeadline(tx: Tx, caseId: string, kind: DeadlineKind, on: string, now: string): Promise<void> {
  await markDeadlineMet(tx, caseId, kind, on, now);
}

export interface CaseDeadlineView {
  kind: string;
  citation: string;
  labelZh: string;
  labelEn: string;
  startDate: string;
  dueDate: string;
  provisional: boolean;
  dayKind: string;
  state: 'ok' | 'warning' | 'due_today' | 'overdue' | 'met';
  daysLeft: number;
  workingDaysLeft: number | null;
  daysLate: number;
  warning: boolean;
  metOn: string | null;
  /** 内部时限: the Commission's own target, not a statutory deadline (issue 12) */
  internal?: boolean;
  /**
   * Set when the last day of a calendar-day period fell on a holiday and the due date was moved
   * to the next working day: the reading that moved it, whether it is a policy setting (the
   * installation's settings, not the pack), and the due date by the pack's reading.
   */
  movedByHolidayRule?: { policy: boolean; unmovedDueDate: string; zh: string; en: string; citations: string[] };
  /**
   * Set when the days are counted otherwise than the pack reads them (a setting of the
   * installation or the organisation: working days for "60 天"): a policy, shown with the due date
   * by the pack's reading beside it (domain §2; found by a red-team walk: the case page gave no sign).
   */
  countedByPolicy?: { packDayKind: string; packDueDate: string; zh: string; en: string };
}

// The periods come from the pack (one home): each label names the days of the deadline as it was
// set (`case_deadlines.days`, from the pack of the case's organisation on its start date, issue 11).
export const STATUTORY_DEADLINE_LABELS: Record<string, (days: number) => { zh: string; en: string }> = {
  transfer: (n) => ({ zh: `转送有权部门（受理后${n}日内）`, en: `Transfer within ${n} days of acceptance` }),
  handling: (n) => ({ zh: `处理完毕（自调查之日起${n}天内）`, en: `Handled within ${n} days of the start of investigation` }),
};

export type DeadlineDescriberT = Awaited<ReturnType<typeof deadlineDescriber>>;

export async function describeCaseDeadlines(
  deps: Pick<Deps, 'db' | 'clock'>,
  q: Q,
  caseIds: readonly string[],
  /** the cases' organisations when the caller already has them (the case view has the row) */
  knownOrgs?: ReadonlyMap<string, string | null>,
  /** the stored deadlines and open internal targets of these cases when the caller already read them (the case view's aggregate statement) */
  known?: { rows: readonly StoredDeadline[]; targets: readonly StoredInternalTarget[]; org?: Organisation | undefined },
  /** the request's snapshot (src/services/request-reads.ts): the calendar, the settings and organisation rows read once per request */
  reads?: RequestReads,
): Promise<Map<string, CaseDeadlineView[]>> {
  const out = new Map<string, CaseDeadlineView[]>();
  if (!caseIds.length) return out;
  // the deadlines and the open internal targets in one statement (issue 14)
  // (the case view's aggregate statement has read them already: `known`)
  const { rows, targets } = known ?? (await deadlinesAndOpenTargetsOf(q, caseIds));
  // the warning window is each case's organisation's (issue 11): read only when a deadline needs it
  const orgOfCase = !rows.length ? new Map<string, string | null>() : knownOrgs && caseIds.every((id) => knownOrgs.has(id)) ? knownOrgs : await orgIdsOfCases(q, caseIds);
  const views = await describeStoredDeadlines(deps, q, rows, targets, orgOfCase, undefined, known?.org, reads);
  for (const [i, r] of rows.entries()) out.set(r.caseId, [...(out.get(r.caseId) ?? []), views.deadlines[i]!]);
  for (const [i, r] of targets.entries()) out.set(r.caseId, [...(out.get(r.caseId) ?? []), views.targets[i]!]);
  return out;
}

/**
 * The views of stored deadlines and open internal targets already read — what
 * `describeCaseDeadlines` shows for each (it reads a case's rows and calls this); the queue
 * passes the rows of its page (read with the case's organisation), so it neither reads every
 * deadline of the page's cases again nor describes them. `orgOfCase`: each deadline's case's
 * organisation (its warning window and rule pack). Answers in the order of the rows given.
 */
export async function describeStoredDeadlines(
  deps: Pick<Deps, 'db' | 'clock'>,
  q: Q,
  rows: readonly StoredDeadline[],
  targets: readonly StoredInternalTarget[],
  orgOfCase: ReadonlyMap<string, string | null>,
  /** describers the caller has built already (the queue's, for its organisation), by organisation */
  knownDescribers?: ReadonlyMap<string, DeadlineDescriberT>,
  /** the organisation row the caller has already read (the case view's aggregate): not read again */
  knownOrg?: Organisation,
  /** the request's snapshot: the calendar, the deployment's settings and organisation rows read once per request (the caller's, e.g. the queue's describer's) */
  givenReads?: RequestReads,
): Promise<{ deadlines: CaseDeadlineView[]; targets: CaseDeadlineView[] }> {
  if (!rows.length && !targets.length) return { deadlines: [], targets: [] };
  // The calendar, the settings and each organisation are read at most once for the whole list
  // (not once per deadline, nor once per describer: the organisation's describer and the default
  // one share the deployment's settings), and only when a deadline needs them. Outside a
  // transaction through the request's snapshot (the shared handle, so the calendar is cached
  // for the next reader); inside one, the transaction's own reads.
  const reads = q === deps.db.kysely ? (givenReads ?? requestReads(deps, { orgs: knownOrg ? [knownOrg] : [] })) : undefined;
  let calendarP: Promise<WorkingCalendar> | undefined;
  const calendarOnce = (): Promise<WorkingCalendar> => (calendarP ??= reads ? reads.calendar() : getWorkingCalendar(deps, q as Tx));
  let defaultP: Promise<DeadlineDescriberT> | undefined;
  const defaultDescriber = async (): Promise<DeadlineDescriberT> => (defaultP ??= calendarOnce().then((cal) => deadlineDescriber(deps, undefined, undefined, cal, undefined, reads)));
  const deadlines: CaseDeadlineView[] = [];
  if (rows.length) {
    // the warning window is each case's organisation's (issue 11), so one describer per organisation
    const orgIds = [...new Set(rows.map((r) => orgOfCase.get(r.caseId)).filter((o): o is string => Boolean(o)))];
    const describers = new Map<string, DeadlineDescriberT>(
      await Promise.all(orgIds.map(async (orgId) => [orgId, knownDescribers?.get(orgId) ?? (await deadlineDescriber(deps, undefined, orgId, calendarOnce(), knownOrg?.id === orgId ? knownOrg : undefined, reads))] as const)),
    );
    const describerFor = async (caseId: string): Promise<DeadlineDescriberT> => {
      const orgId = orgOfCase.get(caseId);
      return (orgId && describers.get(orgId)) || defaultDescriber();
    };
    const calendar = rows.some((r) => r.dayKind === 'calendar') ? await calendarOnce() : null;
    // the holiday reading of the pack the case's organisation applied on the deadline's start date (issue 11)
    const orgs = new Map<string, Awaited<ReturnType<typeof findOrg>>>(knownOrg ? [[knownOrg.id, knownOrg] as const] : []);
    const deadlineParamsOf = async (caseId: string, start: string) => {
      const orgId = orgOfCase.get(caseId);
      if (orgId && !orgs.has(orgId)) orgs.set(orgId, await (reads ? reads.org(orgId) : findOrg(q, orgId)));
      return getDeadlineParameters(packInForce(start, { packs: orgPacksOn(orgId ? orgs.get(orgId) : null, start) }) ?? undefined, start);
    };
    for (const r of rows) {
      const s = (await describerFor(r.caseId)).describe({ kind: r.kind, start: r.startDate, due: r.dueDate, provisional: r.provisional, metOn: r.metOn, dayKind: r.dayKind });
      const v: CaseDeadlineView = {
        kind: r.kind,
        citation: r.citation,
        labelZh: STATUTORY_DEADLINE_LABELS[r.kind]?.(r.days).zh ?? r.kind,
        labelEn: STATUTORY_DEADLINE_LABELS[r.kind]?.(r.days).en ?? r.kind,
        startDate: r.startDate,
        dueDate: r.dueDate,
        provisional: r.provisional,
        dayKind: r.dayKind,
        ...stateOf(s),
        metOn: r.metOn,
      };
      // Counted otherwise than the pack reads the measure: a policy setting, marked with the pack's due date.
      if (r.kind === 'transfer' || r.kind === 'handling') {
        const p = await deadlineParamsOf(r.caseId, r.startDate);
        const packKind = r.kind === 'transfer' ? p.transferDayKind : p.handlingDayKind;
        if (packKind && packKind !== r.dayKind) {
          const cal = await calendarOnce();
          const packDue = computeDueDate(cal, r.startDate, { days: r.days, dayKind: packKind, rollForwardToWorkingDay: p.lastDayOnHoliday?.[r.kind] === 'roll_forward' }).date;
          const kindZh = (k: string) => (k === 'working' ? '工作日' : '自然日');
          v.countedByPolicy = {
            packDayKind: packKind,
            packDueDate: packDue,
            zh: `【政策设置】本期限按${kindZh(r.dayKind)}计算，届满 ${r.dueDate}；依规则包的读法（${kindZh(packKind)}）应为 ${packDue}。`,
            en: `[Policy setting] This period is counted in ${r.dayKind} days, due ${r.dueDate}; by the pack's reading (${packKind} days) it is due ${packDue}.`,
          };
        }
      }
      // Shown on every deadline the last-day-on-holiday rule moved (issue 10 point 8).
      if (calendar && r.dayKind === 'calendar') {
        const plain = calendar.addCalendarDays(r.startDate, r.days, { rollForwardToWorkingDay: false }).date;
        if (plain !== r.dueDate) {
          const p = await deadlineParamsOf(r.caseId, r.startDate);
          const packRolls = p.lastDayOnHoliday?.[r.kind] === 'roll_forward';
          v.movedByHolidayRule = {
            policy: !packRolls,
            unmovedDueDate: plain,
            citations: [...(p.lastDayOnHoliday?.citations ?? [])],
            zh: packRolls
              ? `期限最后一日为节假日，依规则包的读法顺延至 ${r.dueDate}（原为 ${plain}）。`
              : `【政策设置】期限最后一日为节假日，按本系统设置顺延至 ${r.dueDate}；仅依规则包的读法（不顺延）为 ${plain}。`,
            en: packRolls
              ? `The last day fell on a holiday; by the pack's reading it moves to ${r.dueDate} (was ${plain}).`
              : `[Policy setting] The last day fell on a holiday; this installation's setting moves it to ${r.dueDate}; by the pack's reading (keep) it is ${plain}.`,
          };
        }
      }
      deadlines.push(v);
    }
  }
  return { deadlines, targets: targets.length ? internalTargetViews(await defaultDescriber(), targets) : [] };
}

/**
 * The state today of one unmet stored deadline (src 0) or internal target (src 1), exactly as
 * `describeCaseDeadlines` states it — for the queue, which reads only the deadlines near or past
 * their due date (src/repositories/cases/queue-repo.ts).
 */
export function storedDeadlineState(describer: Awaited<ReturnType<typeof deadlineDescriber>>, r: { src: 0 | 1; kind: string; start_date: string; due_date: string; provisional: number; met_on: string | null; day_kind?: string | null }): CaseDeadlineView['state'] {
  if (r.src === 0) return describer.describe({ kind: r.kind as DeadlineKind, start: r.start_date, due: r.due_date, provisional: Number(r.provisional) === 1, metOn: r.met_on, ...(r.day_kind === 'working' || r.day_kind === 'calendar' ? { dayKind: r.day_kind } : {}) }).state;
  return deadlineStatus({ kind: r.kind, citation: '', start: r.start_date, due: r.due_date, provisional: Number(r.provisional) === 1, today: describer.today, warningDays: 1, dayKind: 'working', calendar: describer.calendar, metOn: r.met_on }).state;
}

/**
 * Per deadline kind, the last due date that is in its warning window today: W calendar days, or
 * the last day within W working days for a working-day window (internal targets: 1 working day).
 * A deadline due from today up to that date is due today or in warning (`storedDeadlineState`);
 * later ones are 'ok'. The queue counts and pages the due-soon list with these dates in SQL.
 */
export function warningHorizons(describer: Awaited<ReturnType<typeof deadlineDescriber>>): { byKind: Record<string, string>; internal: string } {
  const today = describer.today;
  const lastWithin = (w: number, working: boolean): string => {
    if (!working) return addDays(today, w);
    // workingDaysBetween(today, next).count, counted day by day
    let end = today;
    let count = 0;
    for (let i = 1; i <= w * 3 + 40; i++) {
      const next = addDays(today, i);
      if (describer.calendar.isWorkingDay(next)) count++;
      if (count > w) break;
      end = next;
    }
    return end;
  };
  const byKind: Record<string, string> = {};
  for (const [kind, r] of Object.entries(describer.rules)) byKind[kind] = lastWithin(r.warningDays, r.dayKind === 'working');
  return { byKind, internal: lastWithin(1, true) };
}

/** A deadline's state as the case view shows it (`warning`: within the warning days, or due today). */
function stateOf(s: DeadlineStatus): Pick<CaseDeadlineView, 'state' | 'daysLeft' | 'workingDaysLeft' | 'daysLate' | 'warning'> {
  return { state: s.state, daysLeft: s.daysLeft, workingDaysLeft: s.workingDaysLeft, daysLate: s.daysLate, warning: s.state === 'warning' || s.state === 'due_today' };
}

/**
 * 内部时限 (issue 12): the Commission's own working-day targets for the steps the measures
 * require "promptly" (services/notify/internal-targets.ts), listed beside the statutory
 * deadlines and marked `internal` (the queue and the case page show them the same way).
 * Only open targets (read by the caller): a met one is history (the step's own record says when it was taken).
 */
function internalTargetViews(describer: DeadlineDescriberT, rows: readonly StoredInternalTarget[]): CaseDeadlineView[] {
  return rows.map((r) => {
    const t = INTERNAL_TARGETS[r.kind as InternalTargetStep];
    const s = deadlineStatus({ kind: r.kind, citation: r.citation, start: r.startDate, due: r.dueDate, provisional: r.provisional, today: describer.today, warningDays: 1, dayKind: 'working', calendar: describer.calendar, metOn: r.metOn });
    return {
      kind: `internal:${r.kind}`,
      citation: r.citation,
      labelZh: `【内部时限】${t?.labelZh ?? r.kind}（${r.days}个工作日）`,
      labelEn: `[Internal target] ${t?.labelEn ?? r.kind} (${r.days} working days)`,
      startDate: r.startDate,
      dueDate: r.dueDate,
      provisional: r.provisional,
      dayKind: 'working',
      ...stateOf(s),
      metOn: r.metOn,
      internal: true,
    };
  });
}

/**
 * When a calendar year is loaded, every stored provisional deadline whose period reaches that
 * year is recomputed with the new calendar (in the loading transaction: both happen or neither).
 */
async function recomputeProvisional(deps: Pick<Deps, 'db'>, event: CalendarYearLoadedEvent): Promise<void> {
  const rows = await provisionalDeadlines(event.tx);
  for (const r of rows) {
    if (Number(r.startDate.slice(0, 4)) > event.year || Number(r.dueDate.slice(0, 4)) < event.year - 1) continue;
    // The period keeps the counting it was started with; only the calendar changed.
    // the roll-forward of the case's organisation: its setting, else its pack's reading on the start date (issue 11)
    const rule = await deadlinePeriodOn(deps, event.tx, r.kind, r.startDate, await caseOrgId(event.tx, r.caseId));
    const d = computeDueDate(event.calendar, r.startDate, { days: r.days, dayKind: r.dayKind, rollForwardToWorkingDay: rule?.rollForwardToWorkingDay ?? false });
    await setDeadlineDue(event.tx, r.id, d.date, d.provisional, event.at);
  }
}

const caseDeadlineDemand: YearDemandSource = {
  id: 'case-deadlines',
  labelZh: '问责案件期限',
  labelEn: 'Accountability case deadlines',
  async neededYears(q) {
    const rows = await unmetProvisionalSpans(q);
    const counts = new Map<number, number>();
    for (const r of rows) {
      for (let y = Number(r.startDate.slice(0, 4)); y <= Number(r.dueDate.slice(0, 4)); y++) counts.set(y, (counts.get(y) ?? 0) + 1);
    }
    return [...counts].map(([year, count]) => ({ year, count }));
  },
};

const wired = new Map<Db, { refs: number; off: () => void }>();
let offDemand: (() => void) | null = null;

/**
 * Start-up wiring (called by buildApp and by the CLI's openDeps, never by importing a module):
 * provisional deadlines of this database are recomputed when a calendar year is loaded into it,
 * and their years count as needed in the uncovered-years report. Idempotent per database;
 * returns the function that undoes this call.
 */
export function wireCaseDeadlines(deps: Pick<Deps, 'db'>): () => void {
  const db = deps.db;
  let w = wired.get(db);
  if (!w) {
    const off = calendarEvents.onYearLoaded((event) => (event.db === undefined || event.db === db ? recomputeProvisional(deps, event) : undefined));
    w = { refs: 0, off };
    wired.set(db, w);
  }
  w.refs++;
  offDemand ??= calendarEvents.registerYearDemand(caseDeadlineDemand);
  let done = false;
  return () => {
    if (done || !w) return;
    done = true;
    if (--w.refs > 0) return;
    w.off();
    wired.delete(db);
    if (wired.size === 0 && offDemand) {
      offDemand();
      offDemand = null;
    }
  };
}

/** Whether this database is wired (tests and start-up checks). */
export function caseDeadlinesWired(db: Db): boolean {
  return wired.has(db);
}
