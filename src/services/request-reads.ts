// What one read request (the queue, a case list page, a case page) needs from the shared tables
// to describe deadlines and apply an organisation's rule packs: the working calendar, the
// deployment's deadline settings and organisation rows — each read at most once for the whole
// request (issue 14: before, the queue read its organisation and the calendar's version twice,
// a case list page the deadline settings twice).
//
// Request-scoped on purpose: a service creates one per request (`requestReads(ctx)`) and hands it
// down; nothing here outlives the request. Several app servers share one PostgreSQL database, so
// a calendar year or a setting another server changed shows on this server's next request (the
// working calendar itself stays cached per process and table version: src/services/calendar-service.ts).
import type { WorkingCalendar } from '../calendar/working-calendar';
import { calendarVersionAndSettings, type CalendarHead } from '../repositories/calendar/calendar-repo';
import { getWorkingCalendar, SETTING_KEYS } from './calendar-service';
import type { Deps } from './context';
import { findOrg, type Organisation } from './orgs/org-repo';

export interface RequestReads {
  /** the working calendar (its table version read once per request, with the deadline settings) */
  calendar(): Promise<WorkingCalendar>;
  /** the deployment's deadline settings (`SETTING_KEYS`), raw JSON texts by key */
  deadlineSettingTexts(): Promise<Map<string, string>>;
  /** an organisation's row (read once per id per request) */
  org(orgId: string): Promise<Organisation | undefined>;
}

/**
 * A new request snapshot over the database handle (outside a transaction). `known`: organisation
 * rows, and the calendar's version with the deadline settings, that the request has already read
 * some other way (the case page's aggregate statement).
 */
export function requestReads(deps: Pick<Deps, 'db'>, known: { orgs?: readonly Organisation[]; head?: CalendarHead | null } = {}): RequestReads {
  const q = deps.db.kysely;
  // the calendar's version and the deployment's deadline settings in one statement: every
  // describer needs both (the internal targets' the calendar, built with the default settings)
  let headP: Promise<CalendarHead> | undefined = known.head ? Promise.resolve(known.head) : undefined;
  const head = () => (headP ??= calendarVersionAndSettings(q, Object.values(SETTING_KEYS)));
  let calendarP: Promise<WorkingCalendar> | undefined;
  const orgs = new Map<string, Promise<Organisation | undefined>>((known.orgs ?? []).map((o) => [o.id, Promise.resolve(o)] as const));
  return {
    calendar: () => (calendarP ??= head().then((h) => getWorkingCalendar(deps, undefined, h.version))),
    deadlineSettingTexts: () => head().then((h) => h.texts),
    org: (orgId) => {
      let p = orgs.get(orgId);
      if (!p) orgs.set(orgId, (p = findOrg(q, orgId)));
      return p;
    },
  };
}
