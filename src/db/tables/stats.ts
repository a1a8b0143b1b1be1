// Yearly statistics counters (migration 0480, issue 14 point 5/6): see
// src/repositories/stats/stats-counters.ts. Database triggers mark a case dirty whenever a row
// it is counted from changes; the counters are brought up to date from the dirty cases.

/** A case whose counted rows changed since its contribution was last applied (written by triggers). */
export interface StatsDirtyTable {
  case_id: string;
}

/** What one case currently adds to the counters: JSON `[org_id, year, figure, key, n][]`. */
export interface StatsCaseContribTable {
  case_id: string;
  data: string;
}

/** The year's figures per organisation: the sum of every case's contribution. */
export interface StatsCounterTable {
  year: number;
  org_id: string;
  figure: string;
  key: string;
  n: number;
}

export interface StatsTables {
  stats_dirty: StatsDirtyTable;
  stats_case_contrib: StatsCaseContribTable;
  stats_counters: StatsCounterTable;
}
