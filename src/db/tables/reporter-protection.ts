// Protection of reporters (issue 9 §3, §4, §7; FL-7(7), FL-10(3)): the per-report data keys
// (wrapped by a master key held outside the database), the identity custodian's requests, and
// the retaliation watch's alerts.

/** One data key per report (case), wrapped by the master key `key_id` with `alg`. */
export interface ReportKeyTable {
  case_id: string;
  /** base64(iv ‖ wrapped key ‖ tag) */
  wrapped_key: string;
  /** id of the master key that wraps it (src/crypto/report-keyring.ts) */
  key_id: string;
  /** 'aes-256-gcm' | 'sm4-gcm' — for the data key and its wrapping */
  alg: string;
  created_at: string;
  /** last re-wrap by a key rotation */
  rewrapped_at: string | null;
}

/**
 * A request to read a reporter's identity (身份保管): by a clerk on the case, with a reason,
 * decided by a second person (安全管理员 or 委主要负责人, configurable); an approval is valid
 * until `expires_at`. `emergency` requests are granted at once and loudly audited.
 */
export interface IdentityRequestTable {
  id: string;
  case_id: string;
  requested_by: string;
  reason: string;
  requested_at: string;
  /** 'pending' | 'approved' | 'refused' | 'emergency' */
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  /** minutes an approval is valid */
  valid_minutes: number;
  expires_at: string | null;
}

/**
 * FL-10(3) retaliation watch: a staff reporter (case_reporter_links) became a subject of a case or
 * had an adverse execution recorded against them. Read by the security administrator and the
 * clerks; the notifications area delivers them.
 */
export interface RetaliationAlertTable {
  id: string;
  /** the case the staff member reported */
  report_case_id: string;
  /** the report case's organisation */
  org_id: string;
  person_id: string;
  /** 'made_subject' | 'adverse_execution' */
  trigger: string;
  /** the case where it happened */
  trigger_case_id: string;
  /** e.g. the execution kind (调离, 处分, certificate suspension) */
  detail: string | null;
  /** the clerk who handled the original report (its intake), when known */
  clerk_user_id: string | null;
  created_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
}

export interface ReporterProtectionTables {
  report_keys: ReportKeyTable;
  identity_requests: IdentityRequestTable;
  retaliation_alerts: RetaliationAlertTable;
}
