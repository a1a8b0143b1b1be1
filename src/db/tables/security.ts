// Tables of the security work (issue 8): the first-run setup guard, shared rate-limit counters.

/** One row (id = 1) once first-run setup has created the administrators. */
export interface SetupOnceTable {
  id: number;
  done_at: string;
}

/** A rate-limit counter (RATE_LIMIT_STORE=database): key = route + client address. */
export interface RateLimitHitTable {
  key: string;
  hits: number;
  /** epoch milliseconds when the window ends */
  reset_at_ms: number;
}

export interface SecurityTables {
  setup_once: SetupOnceTable;
  rate_limit_hits: RateLimitHitTable;
}
