// Users, sessions, settings, stored files and the hash-chained audit log.
// Conventions for every table: ids are text (ULID-like, see src/lib/ids.ts); timestamps are
// ISO-8601 UTC strings; dates are 'YYYY-MM-DD'; JSON is stored as text (see src/db/json.ts).
import type { ColumnType, Generated } from 'kysely';

export interface UserTable {
  /** 0150: the organisation the row belongs to (src/policies/org-scope.ts) */
  org_id: string;
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  /** JSON array of Role */
  roles: string;
  /** the register person this account belongs to (a subject sees own cases through it) */
  person_id: string | null;
  disabled: number;
  created_at: string;
  updated_at: string;
  /** 0085: 1 = the next session may only change the password (first sign-in, after a reset) */
  must_change_password: Generated<number>;
  /** 0085: when the password was last set (expiry counts from here) */
  password_changed_at: string | null;
  /** 0085: base32 TOTP secret, null until enrolment is confirmed; never returned */
  totp_secret: string | null;
  /** 0085: a secret proposed by an enrolment not yet confirmed with a code */
  totp_pending_secret: string | null;
  totp_enabled_at: string | null;
  /** 0085: the last accepted TOTP time step (a code is accepted once) */
  totp_last_step: number | null;
  /** 0540: the last session opened (null: never signed in — the creator may still reset the password directly) */
  last_sign_in_at?: string | null;
  /** 0540: a reset asked by the system administrator, waiting for the security administrator (四眼: 双人复核); never returned */
  reset_password_hash?: string | null;
  reset_requested_by?: string | null;
  reset_requested_at?: string | null;
}

export interface SessionTable {
  /** SHA-256 of the bearer token; the token itself is never stored */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  /** 0085: id shown to the owner (to revoke one session); the token hash is never shown */
  id: string | null;
  source_ip: string | null;
  user_agent: string | null;
  /** 0350: the organisation this session acts in (null: the account's home organisation) */
  org_id?: string | null;
}

export interface SettingTable {
  key: string;
  /** JSON */
  value: string;
  updated_at: string;
}

export interface StoredFileTable {
  /** SHA-256 hex of the content: the file's identity */
  sha256: string;
  size: number;
  mime_type: string;
  original_name: string;
  created_at: string;
  /**
   * Set when these bytes are kept sealed (a report case's rendered document, migration 0470): the
   * hash of the sealed blob holding them. Such a row has no blob of its own.
   */
  sealed_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  /** the case whose data key opens the sealed blob */
  sealed_case_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  /** JSON or null */
  before_json: string | null;
  /** JSON or null */
  after_json: string | null;
  prev_hash: string;
  hash: string;
  /** 'sha256' or 'sm3' (migration 0095, src/audit/hash-alg.ts); absent: 'sha256' */
  hash_alg?: string;
  /** client address of the request that caused the record (migration 0090); hashed only when set */
  source_ip?: string | null;
  /**
   * issue 11 (migration 0510): the organisation the record belongs to — the organisation of the
   * record acted on (a case's, a person's …), null for deployment-wide records (global settings,
   * the calendar, backups, sign-in attempts under unknown names). The audit viewer shows an
   * auditor the records of its organisations only.
   */
  org_id?: string | null;
  /**
   * 1: `org_id` is part of the hashed content (every record written since 0510); 0: it is not
   * (records from before, whose `org_id` 0510 derived afterwards). src/audit/audit-writer.ts#hashRecord.
   */
  org_in_hash?: number;
}

/** A single row (id = 1) holding the chain head; read and written inside every writing transaction. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface CoreTables {
  users: UserTable;
  sessions: SessionTable;
  settings: SettingTable;
  stored_files: StoredFileTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

export type { Generated };
