// Impartiality (回避): declared relationships, recusals and challenges on a case, and the link
// of a case's reporter to a member of staff. Nothing is deleted: a relationship is withdrawn
// (kept with who withdrew it and why); a challenge keeps its decision.

/** A declared relationship (近亲属 or another interest) between a user/person and a register person. */
export interface DeclaredRelationshipTable {
  /** 0150: the organisation the row belongs to (src/policies/org-scope.ts) */
  org_id: string;
  id: string;
  /** the member of staff the relationship is about: a user account, a register person, or both */
  user_id: string | null;
  person_id: string | null;
  /** the other side: a register person */
  related_person_id: string;
  /** 'close_relative' | 'other_interest' */
  kind: string;
  note: string | null;
  declared_by: string;
  declared_at: string;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
}

/** 自行回避 (kind 'self', in effect once recorded) or 申请回避 by a subject (kind 'challenge', decided). */
export interface CaseRecusalTable {
  id: string;
  case_id: string;
  /** the person who recuses or is challenged */
  user_id: string;
  kind: string;
  reason: string;
  filed_by: string;
  filed_at: string;
  /** 'in_effect' (self) | 'pending' | 'granted' | 'refused' (challenge) */
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  /** 'leader' when the deputy decided for a conflicted main leader */
  acting_for: string | null;
}

/** The reporter of a case is a member of staff: the clerk links the report to them. */
export interface CaseReporterLinkTable {
  case_id: string;
  user_id: string | null;
  person_id: string | null;
  set_by: string;
  set_at: string;
  /** 0331: 'clerk' (linked by hand) or 'auto' (the sealed identity matched the register at intake) */
  origin: 'clerk' | 'auto';
  /** 0331: the clerk who confirmed the link (a clerk's own link is confirmed by them) */
  confirmed_by: string | null;
  confirmed_at: string | null;
}

export interface ImpartialityTables {
  declared_relationships: DeclaredRelationshipTable;
  case_recusals: CaseRecusalTable;
  case_reporter_links: CaseReporterLinkTable;
}
