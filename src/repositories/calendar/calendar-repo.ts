// SQL of the working calendar (src/services/calendar-service.ts): the loaded years' holiday
// schedules (JSON columns decoded by the service's rowToData) and their table version.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { jsonList } from '../json-agg';
import { dialectOf } from '../registers/query';
import type { Database } from '../../db/schema';
import type { CalendarYearTable } from '../../db/tables/calendar';

type Q = Kysely<Database>;

/** The deployment's deadline settings every deadline describer reads (src/services/calendar-service.ts). */
export const DEADLINE_SETTING_KEYS = {
  warningDays: 'deadlines.warningDays',
  dayKind: 'deadlines.dayKind',
  rollForwardToWorkingDay: 'deadlines.rollForward',
} as const;

/** The calendar table's version and the deadline settings' texts, as `calendarVersionAndSettings` answers. */
export interface CalendarHead {
  version: string;
  texts: Map<string, string>;
}

/**
 * The calendar table's version (as `calendarTableVersion`) and the raw JSON texts of these settings
 * (the deadline settings unless told), as three columns: of their own statement
 * (`calendarVersionAndSettings`) or of another (the case view's aggregate: one round trip fewer);
 * decoded by `decodeCalendarHead`.
 */
export function calendarHeadColumns(pg: boolean, keys: readonly string[] = Object.values(DEADLINE_SETTING_KEYS)): { count: RawBuilder<unknown>; revisions: RawBuilder<unknown>; settings: RawBuilder<unknown> } {
  return {
    count: sql`(SELECT CAST(count(*) AS TEXT) FROM calendar_years)`,
    revisions: sql`(SELECT CAST(coalesce(sum(revision), 0) AS TEXT) FROM calendar_years)`,
    settings: keys.length ? jsonList(pg, sql`SELECT key, value FROM settings WHERE key IN (${sql.join(keys.map((k) => sql.lit(k)))})`, ['key', 'value']) : sql`NULL`,
  };
}

export function decodeCalendarHead(count: unknown, revisions: unknown, settings: unknown): CalendarHead {
  const rows = settings ? (JSON.parse(settings as string) as { key: string; value: string }[]) : [];
  return { version: `${Number(count)}:${Number(revisions)}`, texts: new Map(rows.map((r) => [r.key, r.value] as const)) };
}

/** Changes whenever a year is loaded or replaced: row count and the sum of revisions. */
export async function calendarTableVersion(q: Q): Promise<string> {
  const r = await q
    .selectFrom('calendar_years')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('revision'), sql<number>`0`).as('r')])
    .executeTakeFirstOrThrow();
  return `${Number(r.n)}:${Number(r.r)}`;
}

/**
 * The calendar's version and these settings' texts in one statement (issue 14: a request that
 * describes deadlines needs both; one round trip, not two) — the same columns as the case view's
 * aggregate reads.
 */
export async function calendarVersionAndSettings(q: Q, keys: readonly string[]): Promise<CalendarHead> {
  const c = calendarHeadColumns(dialectOf(q) === 'postgres', keys);
  const r = await sql<{ c: unknown; r: unknown; s: unknown }>`SELECT ${c.count} AS c, ${c.revisions} AS r, ${c.settings} AS s`.execute(q);
  const row = r.rows[0]!;
  return decodeCalendarHead(row.c, row.r, row.s);
}

export async function calendarSchedules(q: Q): Promise<Pick<CalendarYearTable, 'year' | 'holidays' | 'workdays'>[]> {
  return q.selectFrom('calendar_years').select(['year', 'holidays', 'workdays']).execute();
}

export async function calendarYearRows(q: Q): Promise<CalendarYearTable[]> {
  return q.selectFrom('calendar_years').selectAll().orderBy('year').execute();
}

/** One year's row; on PostgreSQL `forUpdate` locks it for the caller's transaction. */
export async function calendarYearRow(q: Q, year: number, forUpdate = false): Promise<CalendarYearTable | undefined> {
  return q
    .selectFrom('calendar_years')
    .selectAll()
    .where('year', '=', year)
    .$if(forUpdate, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

export async function calendarYearSource(q: Q, year: number): Promise<string | null> {
  return (await q.selectFrom('calendar_years').select('source').where('year', '=', year).executeTakeFirst())?.source ?? null;
}

export async function loadedYears(q: Q): Promise<number[]> {
  return (await q.selectFrom('calendar_years').select('year').execute()).map((r) => Number(r.year));
}

export interface CalendarYearValues {
  year: number;
  holidays: unknown[];
  workdays: unknown[];
  holidayNames: string[];
  source: string;
  loadedAt: string;
  loadedBy: string;
}

const encode = (v: CalendarYearValues) => ({
  holidays: JSON.stringify(v.holidays),
  workdays: JSON.stringify(v.workdays),
  holiday_names: JSON.stringify(v.holidayNames),
  source: v.source,
  loaded_at: v.loadedAt,
  loaded_by: v.loadedBy,
});

/** Inserts the year or replaces it (its revision goes up). */
export async function upsertCalendarYear(q: Q, v: CalendarYearValues): Promise<void> {
  const values = encode(v);
  await q
    .insertInto('calendar_years')
    .values({ year: v.year, ...values, revision: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ ...values, revision: sql<number>`calendar_years.revision + 1` }))
    .execute();
}

/** Inserts the year unless it is there already; true when inserted. */
export async function insertCalendarYearIfMissing(q: Q, v: CalendarYearValues): Promise<boolean> {
  const r = await q
    .insertInto('calendar_years')
    .values({ year: v.year, ...encode(v), revision: 1 })
    .onConflict((oc) => oc.column('year').doNothing())
    .returning('year')
    .executeTakeFirst();
  return !!r;
}
