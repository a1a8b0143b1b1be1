// Owned by the calendar area (src/calendar). One row per year of China's holiday schedule.

export interface CalendarYearTable {
  year: number;
  /** JSON: [{ date: 'YYYY-MM-DD', name: '国庆节' }] — every day off, weekend days of a period included */
  holidays: string;
  /** JSON: [{ date, name | null }] — weekend days that are working days (调休上班) */
  workdays: string;
  /** JSON: the year's distinct holiday names in date order */
  holiday_names: string;
  /** where the data came from: 'chinese-days@1.5.7' (seed) or 'admin' */
  source: string;
  loaded_at: string;
  /** user id, or 'system' for the seed */
  loaded_by: string;
  /** 1 on first load, +1 on each replacement; sum(revision) versions the in-process cache */
  revision: number;
}

export interface CalendarTables {
  calendar_years: CalendarYearTable;
}
