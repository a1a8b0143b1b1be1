import type { Generated } from 'kysely';
import type { CaseSource, CaseState, Channel } from '../../domain/cases/states';

// The accountability cases (domain.md §2): the case body, its reporter (kept apart so it can be
// encrypted and read-restricted), steps, subjects, team, deadlines, evidence, findings,
// decisions, notices, defences/appeals, execution and compensation recovery.
// Conventions: text ids; ISO UTC timestamps; 'YYYY-MM-DD' dates; JSON as text; booleans 0/1;
// money as integer fen (分). Nothing is deleted or edited in place except the case row's
// state/version and the status columns noted below; corrections are new rows.

/** Per-year counter for case numbers (巴住建问〔2025〕3号); incremented with an upsert. */
export interface CaseNumberSeqTable {
  year: number;
  last: number;
}

export interface CaseTable {
  /** 0150: the organisation the row belongs to (src/policies/org-scope.ts) */
  org_id: string;
  /** 0150: the number within its organisation's year (the n of the case number); `seq` is the database-wide ordinal */
  org_seq: number | null;
  id: string;
  /** 巴住建问〔2025〕3号 */
  number: string;
  year: number;
  seq: number;
  state: CaseState;
  /** JSON array of Track: ["FL"], ["WC"] or ["FL","WC"] */
  tracks: string;
  source: CaseSource;
  /** report channel */
  channel: Channel | null;
  summary: string;
  received_on: string;
  /** WC-5 item 1..6 when the source is a wrong-case source */
  wc5_item: number | null;
  wc5_reference_no: string | null;
  wc5_reference_date: string | null;
  original_case_id: string | null;
  accepted_on: string | null;
  registered_on: string | null;
  investigation_started_on: string | null;
  decided_on: string | null;
  closed_on: string | null;
  /** why a case ended without a decision (not accepted / transferred / not registered) */
  end_reason: string | null;
  /** WC-5: the findings' determination; null until submitted */
  wrong_case: number | null;
  wrong_case_wc5_item: number | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /**
   * 0310 (issue 14 point 5): whom the case waits on now, 0/1 per actorship
   * (src/domain/cases/machine.ts#waitingActorships), rewritten by the step writer
   * (src/repositories/cases/case-repo.ts#advanceCase) in every step's transaction; the queue
   * reads them through indexes instead of every open case's facts.
   */
  waits_clerk: number;
  waits_leader: number;
  waits_decider: number;
  waits_team: number;
  waits_subject: number;
}

/** The reporter, apart from the case body: only `reporter.read` may read it, every read audited. */
export interface CaseReporterTable {
  case_id: string;
  anonymous: number;
  name: string | null;
  id_number: string | null;
  phone: string | null;
  address: string | null;
  email: string | null;
  organisation: string | null;
  /**
   * argon2id of the receipt code given once to the reporter (issue 9); codes issued before
   * migration 0180 hold the SHA-256 of the 16-character code instead
   */
  receipt_hash: string | null;
  /** the code's first characters, not secret: finds the row whose argon2 hash is then verified */
  receipt_lookup: string | null;
  created_at: string;
}

/** Replies to the reporter (答复, WC-9(1)); the public receipt route shows these. */
export interface CaseReplyTable {
  id: string;
  case_id: string;
  /** the action that produced it: accept | not_accept | transfer | decline_registration | reply */
  kind: string;
  text: string;
  replied_on: string;
  actor_id: string | null;
  created_at: string;
}

/** One row per step taken, with its input (reporter data never included). */
export interface CaseStepTable {
  id: string;
  case_id: string;
  action: string;
  from_state: string;
  to_state: string;
  citation: string;
  /** JSON */
  data: string;
  actor_id: string | null;
  at: string;
}

export interface CaseSubjectTable {
  id: string;
  case_id: string;
  person_id: string;
  /** the person's unit when added (for the unit filter and FL-14's unit award bar) */
  unit_id: string | null;
  added_at: string;
  added_by: string | null;
}

export interface CaseTeamMemberTable {
  id: string;
  case_id: string;
  user_id: string;
  person_id: string | null;
  lead: number;
  appointed_on: string;
  created_at: string;
}

export interface CaseDeadlineTable {
  id: string;
  case_id: string;
  /** WC-9(1) | FL-16 */
  kind: 'transfer' | 'handling';
  citation: string;
  day_kind: 'working' | 'calendar';
  days: number;
  start_date: string;
  due_date: string;
  /** 1 when computed without the holiday data of a year it spans (recomputed when loaded) */
  provisional: number;
  met_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseEvidenceTable {
  id: string;
  case_id: string;
  /** document | interview_record | site_inspection | statement */
  kind: string;
  title: string;
  source: string;
  collected_on: string;
  description: string | null;
  text_content: string | null;
  file_sha256: string | null;
  file_name: string | null;
  file_size: number | null;
  mime_type: string | null;
  /** the evidence this one corrects; the earlier row is never changed */
  supersedes_id: string | null;
  correction_reason: string | null;
  recorded_by: string | null;
  recorded_at: string;
  /** 1: the subject may see it before 陈述申辩 (decided by a legal-affairs clerk; default 0) */
  disclosable: Generated<number>;
  /** a statement or material handed in by the subject (WC-9(2)): that person */
  source_person_id: string | null;
  /** a team investigator's pending request to disclose it (FL-7(7): a clerk decides; migration 0575) */
  disclosure_requested_by: string | null;
  disclosure_requested_at: string | null;
  /** the clerk who disclosed it, the reporter check run over its texts and file name (migration 0575); null before */
  disclosed_by: string | null;
  disclosed_at: string | null;
}

/** Findings per subject; a new finding for the same subject supersedes the earlier one. */
export interface CaseFindingTable {
  id: string;
  case_id: string;
  subject_person_id: string;
  /** JSON of FindingInput (without expectedVersion) */
  data: string;
  supersedes_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

export interface CaseDecisionTable {
  id: string;
  case_id: string;
  /** 1 for the first decision, +1 for each that supersedes it */
  seq: number;
  /** the only column ever updated */
  status: 'in_force' | 'superseded';
  supersedes_id: string | null;
  origin: 'meeting' | 'appeal';
  appeal_id: string | null;
  /** JSON: { date, chair, attendees: [{ name, opinion }], minutes } */
  meeting: string;
  decided_on: string;
  /** the recommendation receipt the decision was taken against, if any */
  rule_evaluation_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

export interface CaseDecisionItemTable {
  id: string;
  decision_id: string;
  case_id: string;
  subject_person_id: string;
  no_accountability: number;
  /** JSON array of form citations */
  forms: string;
  /** JSON: the recommended forms this was checked against, null when no recommendation */
  recommended: string | null;
  /** JSON array of forms outside the recommended range */
  departed_forms: string;
  departure_reason: string | null;
  transfer_judicial: number;
  transfer_discipline: number;
  compensation_fen: number | null;
  reason: string | null;
  /** WC-11: the day this subject's execution of this decision started (null: not yet; carried into a later decision that leaves the item as it was) */
  execution_started_on?: string | null;
}

export interface CaseNotificationTable {
  id: string;
  case_id: string;
  decision_id: string;
  subject_person_id: string;
  notified_on: string;
  method: string;
  /** the rights stated in the notice (WC-11) */
  rights_text: string;
  recorded_by: string | null;
  recorded_at: string;
  /** 1: the subject waived the defence in writing at service (migration 0560) */
  defence_waived: Generated<number>;
  /** where the waiver is written (e.g. the 送达回证) */
  defence_waiver_note: string | null;
}

export interface CaseAppealTable {
  id: string;
  case_id: string;
  decision_id: string;
  subject_person_id: string;
  /** 陈述申辩 | 申诉 */
  kind: 'defence' | 'appeal';
  appeal_body: string | null;
  filed_on: string;
  statement: string;
  /** set once when decided */
  outcome: 'pending' | 'upheld' | 'changed' | 'revoked';
  outcome_on: string | null;
  outcome_reason: string | null;
  /** the decision that superseded the old one when the outcome changed it */
  new_decision_id: string | null;
  filed_by: string | null;
  filed_at: string;
}

export interface CaseExecutionItemTable {
  id: string;
  case_id: string;
  decision_id: string;
  subject_person_id: string;
  /** certificate_suspension | post_change | award_bar_person | promotion_bar_person | award_bar_unit | compensation_recovery | judicial_transfer | discipline_transfer | other */
  kind: string;
  citation: string;
  /** the year an award/promotion bar applies to (FL-14, WC-10(3)) */
  year: number | null;
  unit_id: string | null;
  amount_fen: number | null;
  /** cancelled when a later decision replaced it; reversed when a carried-out item was undone */
  status: 'open' | 'done' | 'cancelled' | 'reversed';
  done_on: string | null;
  /** JSON: what was done (certificate ids, new post, …) */
  result: string | null;
  created_at: string;
  updated_at: string;
}

export interface CasePaymentTable {
  id: string;
  case_id: string;
  execution_item_id: string;
  amount_fen: number;
  paid_on: string;
  note: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

/** WC-9(3) / FL-12: one referral duty of a subject (receiving body), made or waived (issue 10 point 3). */
export interface CaseReferralTable {
  id: string;
  org_id: string;
  case_id: string;
  subject_person_id: string;
  /** discipline_inspection | supervision_commission | judicial */
  body: string;
  /** JSON: the citations of the duty, from the recommendation */
  rule_ids: string;
  status: 'made' | 'waived';
  made_on: string | null;
  /** the letter's number (made) */
  document_ref: string | null;
  /** the document record of the letter, when issued in the system */
  document_id: string | null;
  waived_reason: string | null;
  /** the decision that checked it (null while recorded ahead of the decision) */
  decision_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

export interface CaseTables {
  case_referrals: CaseReferralTable;
  case_number_seq: CaseNumberSeqTable;
  cases: CaseTable;
  case_reporters: CaseReporterTable;
  case_replies: CaseReplyTable;
  case_steps: CaseStepTable;
  case_subjects: CaseSubjectTable;
  case_team_members: CaseTeamMemberTable;
  case_deadlines: CaseDeadlineTable;
  case_evidence: CaseEvidenceTable;
  case_findings: CaseFindingTable;
  case_decisions: CaseDecisionTable;
  case_decision_items: CaseDecisionItemTable;
  case_notifications: CaseNotificationTable;
  case_appeals: CaseAppealTable;
  case_execution_items: CaseExecutionItemTable;
  case_payments: CasePaymentTable;
}
