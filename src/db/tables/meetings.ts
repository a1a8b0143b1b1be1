// The decision body and its meetings (FL-15 委党委会会议, WC-9(3) 经委领导集体讨论, FL-5(4) 民主集中制).
// Conventions: text ids; ISO UTC timestamps; 'YYYY-MM-DD' dates; JSON as text; booleans 0/1.

/** 委党委会成员: user accounts with the decider role, in the body's order. */
export interface DecisionBodyMemberTable {
  /** 0150: the organisation the row belongs to (src/policies/org-scope.ts) */
  org_id: string;
  id: string;
  user_id: string;
  title: string | null;
  sort_order: number;
  /** 1 while a member; 0 once removed (kept for the history of past meetings) */
  active: number;
  /** who put the member on the roster and when: the current membership (a member taken off and put back is one since then) */
  added_by: string;
  added_at: string;
  updated_at: string;
  /** 0595: when, by whom and why the member was taken off (null while a member) */
  deactivated_at: string | null;
  deactivated_by: string | null;
  deactivation_reason: string | null;
}

/** One meeting on one case for one purpose. */
export interface MeetingTable {
  /** 0150: the organisation the row belongs to (src/policies/org-scope.ts) */
  org_id: string;
  id: string;
  case_id: string;
  /** 'registration' | 'decision' | 'appeal' */
  purpose: string;
  /** the defence/appeal on the agenda (purpose 'appeal') */
  appeal_id: string | null;
  held_on: string;
  chair_user_id: string;
  /** 'open' | 'closed' (closed = effective) */
  status: string;
  minutes: string | null;
  /** QuorumResult JSON, computed when closed */
  quorum_json: string | null;
  /** MeetingResult JSON (majority per subject), computed when closed */
  result_json: string | null;
  /** user ids of present members whose confirmation was missing when the chair closed */
  missing_confirmations: string | null;
  /** dual roles allowed because a separation parameter is switched off (JSON array) */
  dual_roles: string;
  /** the rules receipt the meeting was shown (decision meetings) */
  rule_evaluation_id: string | null;
  /** the case step that carried the result out (a meeting is carried out once) */
  carried_out_by_step: string | null;
  version: number;
  created_by: string;
  created_at: string;
  closed_by: string | null;
  closed_at: string | null;
}

/** A member of the body as at the meeting: attendance, recusal, opinion and own confirmation. */
export interface MeetingMemberTable {
  id: string;
  meeting_id: string;
  user_id: string;
  display_name: string;
  title: string | null;
  sort_order: number;
  /** 'present' | 'absent' | 'recused' */
  attendance: string;
  /** 'automatic' (subject, investigation team …) | 'declared' */
  recusal_kind: string | null;
  recusal_reason: string | null;
  opinion_json: string | null;
  /** who recorded the opinion (the member or the recorder) */
  opinion_by: string | null;
  opinion_at: string | null;
  /** set only by the member's own account; cleared when the opinion changes */
  confirmed_at: string | null;
}

export interface MeetingTables {
  decision_body_members: DecisionBodyMemberTable;
  meetings: MeetingTable;
  meeting_members: MeetingMemberTable;
}
