// The registers: units (委属各单位、机关各科室) as a tree, people, enforcement certificates
// (行政执法证) with their status history, and original enforcement cases (原执法案件) with
// participants, WC-5 outcome events and state compensation paid.
// Conventions: text ids, ISO UTC timestamps, 'YYYY-MM-DD' dates as text, booleans 0/1,
// money as integer fen (分), `version` for optimistic concurrency (a stale write gets 409).

export type UnitKind = 'commission' | 'section' | 'subordinate';

export interface UnitTable {
  /** 0150: the organisation the row belongs to (src/policies/org-scope.ts) */
  org_id: string;
  id: string;
  name: string;
  /** unique short code, e.g. FZK (法制科) */
  short_code: string;
  parent_id: string | null;
  kind: UnitKind;
  active: number;
  sort_order: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  /** 0150: the organisation the row belongs to (src/policies/org-scope.ts) */
  org_id: string;
  id: string;
  name: string;
  unit_id: string;
  /** 职务 */
  post: string | null;
  /** unique when present */
  employee_no: string | null;
  phone: string | null;
  email: string | null;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
  /** 0640: the name folded for comparison (src/lib/person-name.ts#personNameKey), written by the people repository; 0690 recomputed it (traditional forms, invisible characters) */
  name_key: string | null;
  /** 0690: 确认为不同人员的理由 — why this record and another of the same name in its unit are two people (FL-5(1)); null when none was needed */
  same_name_reason: string | null;
}

export type CertificateStatus = 'valid' | 'suspended' | 'revoked';

export interface EnforcementCertificateTable {
  /** 0150: the organisation the row belongs to (src/policies/org-scope.ts) */
  org_id: string;
  id: string;
  /** 执法证号, unique */
  number: string;
  person_id: string;
  issuing_authority: string;
  valid_from: string;
  /** null: no end date */
  valid_to: string | null;
  /** the status after the latest recorded change (its effective date may still lie ahead) */
  status: CertificateStatus;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Append-only: every status change of a certificate, never edited. */
export interface CertificateStatusChangeTable {
  id: string;
  certificate_id: string;
  /** 1, 2, … per certificate: the order in which changes were recorded */
  seq: number;
  from_status: CertificateStatus;
  to_status: CertificateStatus;
  effective_date: string;
  reason: string;
  /** the document the change rests on, e.g. a handling decision number */
  reference: string | null;
  /** the accountability case that ordered it (WC-10(4)), if any */
  case_id: string | null;
  actor_id: string | null;
  recorded_at: string;
}

export type OriginalCaseKind = 'penalty' | 'licence' | 'inspection' | 'compulsory';
export type CounterpartType = 'person' | 'organisation';

export interface OriginalCaseTable {
  /** 0150: the organisation the row belongs to (src/policies/org-scope.ts) */
  org_id: string;
  id: string;
  /** e.g. 巴住建罚〔2025〕12号, unique */
  number: string;
  kind: OriginalCaseKind;
  title: string;
  summary: string | null;
  unit_id: string;
  decision_date: string;
  counterpart_name: string;
  counterpart_type: CounterpartType;
  counterpart_id_no: string | null;
  /** 集体讨论: null when the case had none */
  deliberation_date: string | null;
  deliberation_note: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export type ParticipantRole = 'handler' | 'approver' | 'deliberation_member' | 'instructing_leader' | 'assigner';
export type DeliberationOpinion = 'insisted' | 'agreed' | 'dissented' | 'silent';

export interface OriginalCaseParticipantTable {
  id: string;
  case_id: string;
  person_id: string;
  role: ParticipantRole;
  /** approvers: 1..n, the highest is the final approver (FL-8(2)) */
  level: number | null;
  /** deliberation members: each one's opinion (FL-8(3)) */
  opinion: DeliberationOpinion | null;
  /** deliberation members: 1 for the person who chaired it */
  is_chair: number;
  note: string | null;
  ordinal: number;
}

export type Wc5Source = 'WC-5(1)' | 'WC-5(2)' | 'WC-5(3)' | 'WC-5(4)' | 'WC-5(5)' | 'WC-5(6)';

/** Append-only: an event that makes the original case a wrong case (WC-5 items (1)–(6)). */
export interface OriginalCaseOutcomeTable {
  id: string;
  case_id: string;
  source: Wc5Source;
  /** WC-5(3)/(4): revoked / partly_revoked / changed / ordered_redo */
  effect: string | null;
  /** the body that found it: reconsideration organ, court, superior agency … */
  issuer: string | null;
  reference_no: string;
  reference_date: string;
  note: string | null;
  actor_id: string | null;
  recorded_at: string;
}

/** Append-only: state compensation paid because of the case (国家赔偿; FL-13, WC-5(5)). */
export interface OriginalCaseCompensationTable {
  id: string;
  case_id: string;
  /** integer fen (分) */
  amount_fen: number;
  paid_date: string;
  decision_no: string;
  note: string | null;
  actor_id: string | null;
  recorded_at: string;
}

export interface RegisterTables {
  units: UnitTable;
  people: PersonTable;
  enforcement_certificates: EnforcementCertificateTable;
  certificate_status_changes: CertificateStatusChangeTable;
  original_cases: OriginalCaseTable;
  original_case_participants: OriginalCaseParticipantTable;
  original_case_outcomes: OriginalCaseOutcomeTable;
  original_case_compensations: OriginalCaseCompensationTable;
}
