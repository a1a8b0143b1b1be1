// Impartial process, execution side (issue 7, points 6–9): post history of the people register,
// evidence disclosure to the subject, WC-5 signals dismissed with a reason, outside supervisory
// bodies (WC-11) and the appeal files sent to them. Append-only except the noted status columns.
// Conventions: text ids; ISO UTC timestamps; 'YYYY-MM-DD' dates; JSON as text.

/** Append-only: every change of a person's post (职务) or unit, e.g. 调离执法岗位 (FL-6(4), WC-10(5)). */
export interface PersonPostHistoryTable {
  id: string;
  person_id: string;
  from_unit_id: string;
  to_unit_id: string;
  from_post: string | null;
  to_post: string | null;
  effective_date: string;
  reason: string;
  /** the accountability case whose decision ordered it, if any */
  case_id: string | null;
  /** the execution item it carries out (or reverses), if any */
  execution_item_id: string | null;
  /** the change this one reverses (a superseded decision), if any */
  reverses_id: string | null;
  actor_id: string | null;
  recorded_at: string;
}

/** A clerk's recorded reason for not opening a case from a WC-5 outcome (the signal ends). */
export interface Wc5SignalDismissalTable {
  id: string;
  original_case_id: string;
  /** the latest outcome event considered when dismissing; a later outcome raises the signal again */
  outcome_id: string;
  reason: string;
  actor_id: string | null;
  recorded_at: string;
}

/** The outside body (WC-11) a supervisor account belongs to. */
export interface SupervisorMembershipTable {
  user_id: string;
  /** 'supervision' (行政执法监督部门) | 'discipline' (纪检、监察部门) */
  body: string;
  body_name: string;
  created_at: string;
}

/** A WC-11 appeal file sent to an outside body, its frozen snapshot and the body's decision. */
export interface AppealReferralTable {
  id: string;
  case_id: string;
  appeal_id: string;
  body: string;
  body_name: string;
  /** the hand-off letter's 发文字号 */
  letter_no: string;
  sent_on: string;
  /** JSON: the case record as of the appeal (read-only; never the reporter) */
  snapshot: string;
  sent_by: string | null;
  sent_at: string;
  /** 'pending' | 'upheld' | 'changed' | 'revoked' (set once by the body) */
  outcome: string;
  outcome_on: string | null;
  outcome_reason: string | null;
  /** JSON array of forms when changed */
  outcome_forms: string | null;
  /** FL-13: the amount to recover from the appellant (fen) the body decided when it changed the decision (migration 0550); null: unchanged */
  outcome_compensation_fen: number | null;
  decided_by: string | null;
  decided_at: string | null;
  /** when the commission executed the body's decision */
  executed_on: string | null;
  new_decision_id: string | null;
  /** the issued 申诉移送函 (documents.id) sent with the appeal (migration 0142); null: letter number only */
  letter_document_id: string | null;
}

export interface ImpartialityExecutionTables {
  person_post_history: PersonPostHistoryTable;
  wc5_signal_dismissals: Wc5SignalDismissalTable;
  supervisor_memberships: SupervisorMembershipTable;
  appeal_referrals: AppealReferralTable;
}
