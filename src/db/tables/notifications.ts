// Tables of notifications and escalation (issue 12 part 3, migration 0210).

/** One in-app notification (the bell). Never holds a reporter's identity or the report text. */
export interface NotificationTable {
  id: string;
  user_id: string;
  /** step_waiting | deadline | escalation | intake | alert */
  kind: string;
  /** info | warning | urgent (督办) */
  level: string;
  case_id: string | null;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  /** path in the web app, e.g. /cases/<id> */
  link: string | null;
  created_at: string;
  read_at: string | null;
}

/** Per-user delivery preferences; in-app delivery is always on. */
export interface NotificationPrefTable {
  user_id: string;
  email: string | null;
  email_enabled: number;
  webhook_url: string | null;
  webhook_enabled: number;
  /** JSON array of kinds not delivered outside the app */
  muted_kinds: string;
  updated_at: string;
}

/** A message to send (e-mail or webhook), written in the transaction of the change. */
export interface NotificationOutboxTable {
  id: string;
  /** email | webhook */
  channel: string;
  /** e-mail address or URL */
  target: string;
  user_id: string | null;
  notification_id: string | null;
  /** JSON: { subject, text } */
  payload: string;
  /** pending | sent | dead */
  status: string;
  attempts: number;
  next_attempt_at: string;
  /** the worker holding the row until lease_until */
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** A threshold that has fired (deadline at 50/80 %, due, overdue, escalation): each fires once. */
export interface NotificationFireTable {
  key: string;
  case_id: string | null;
  fired_at: string;
}

/** 内部时限: the Commission's own target for a step the measures require "promptly" (及时). */
export interface CaseInternalTargetTable {
  id: string;
  case_id: string;
  /** the step it waits for: report_to_leader | appoint_team | notify */
  kind: string;
  citation: string;
  /** working days */
  days: number;
  start_date: string;
  due_date: string;
  provisional: number;
  met_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface NotificationTables {
  notifications: NotificationTable;
  notification_prefs: NotificationPrefTable;
  notification_outbox: NotificationOutboxTable;
  notification_fires: NotificationFireTable;
  case_internal_targets: CaseInternalTargetTable;
}
