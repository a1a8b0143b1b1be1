// Scheduled jobs of the server processes (migration 0410): lease and last outcome per job.

export interface ScheduledJobTable {
  name: string;
  done_key: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  last_started_at: string | null;
  last_success_at: string | null;
  last_failure_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  /** JSON: what the last successful run produced (file, bytes, pruned) */
  last_result: string | null;
}

export interface JobTables {
  scheduled_jobs: ScheduledJobTable;
}
