// How other areas hear about calendar changes and tell the calendar which years they need.
//
// Deadlines are stored by the areas that own them (the case workflow keeps its due dates with a
// `provisional` flag). When an administrator loads a year, every `onYearLoaded` listener runs
// inside the loading transaction with its `tx`, so provisional deadlines in that year are
// recomputed atomically with the load: either both happen or neither does (a listener that
// throws rolls the load back). Listeners must use `event.tx`, never `db.kysely` (on SQLite that
// would wait forever for the write lock the transaction holds).
//
// Year demand: an area registers a source that says which years its stored, still-open,
// provisional deadlines need; `uncoveredYearsReport` shows the administrator the years needed
// but not loaded.
import type { Kysely } from 'kysely';
import type { Db, DialectName } from '../db/database';
import type { Database } from '../db/schema';
import type { Tx } from '../db/tx';
import type { CalendarYearData, WorkingCalendar } from './working-calendar';

export interface CalendarYearLoadedEvent {
  tx: Tx;
  /** the database being loaded (listeners wired to another database ignore the event) */
  db?: Db;
  dialect: DialectName;
  year: number;
  /** the calendar as it will be after the load commits */
  calendar: WorkingCalendar;
  /** the year's data before this load, or null when the year was not covered */
  previous: CalendarYearData | null;
  current: CalendarYearData;
  actorId: string;
  /** ISO timestamp of the load (the audit record's time) */
  at: string;
}

export type CalendarYearLoadedListener = (event: CalendarYearLoadedEvent) => Promise<void> | void;

export interface YearDemand {
  year: number;
  /** how many stored items need it (e.g. provisional deadlines) */
  count: number;
}

export interface YearDemandSource {
  /** stable id, e.g. 'case-deadlines' */
  id: string;
  labelZh: string;
  labelEn: string;
  /** years needed by stored items; may list covered years too (they are filtered out) */
  neededYears(q: Kysely<Database>): Promise<YearDemand[]>;
}

class CalendarEvents {
  private readonly loadedListeners = new Set<CalendarYearLoadedListener>();
  private readonly demandSources = new Map<string, YearDemandSource>();

  /** Subscribe; returns the unsubscribe function. */
  onYearLoaded(fn: CalendarYearLoadedListener): () => void {
    this.loadedListeners.add(fn);
    return () => this.loadedListeners.delete(fn);
  }

  /** Register (or replace, by id) a source of needed years; returns the unregister function. */
  registerYearDemand(source: YearDemandSource): () => void {
    this.demandSources.set(source.id, source);
    return () => {
      if (this.demandSources.get(source.id) === source) this.demandSources.delete(source.id);
    };
  }

  /** @internal called by the calendar service inside the loading transaction */
  async emitYearLoaded(event: CalendarYearLoadedEvent): Promise<void> {
    for (const fn of [...this.loadedListeners]) await fn(event);
  }

  /** @internal */
  yearDemandSources(): YearDemandSource[] {
    return [...this.demandSources.values()];
  }
}

/** The process-wide calendar event hub. */
export const calendarEvents = new CalendarEvents();
