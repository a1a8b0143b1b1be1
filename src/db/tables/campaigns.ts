// Supervision campaigns (案卷评查, WC-5(1) 例行或专项执法监督) and early-intervention alerts.
// Conventions: text ids; ISO UTC timestamps; 'YYYY-MM-DD' dates; JSON as text; booleans 0/1.

export interface SupervisionCampaignTable {
  id: string;
  /** the organisation that runs the campaign (issue 11 organisation scope) */
  org_id: string;
  name: string;
  /** 'routine' (例行) | 'special' (专项) */
  kind: string;
  /** JSON CampaignScope: units, period, kinds, count or percentage */
  scope: string;
  /** JSON array of user ids designated as reviewers */
  reviewer_pool: string;
  reviewers_per_file: number;
  /** JSON Checklist, frozen when the campaign is created */
  checklist: string;
  /** 'draft' | 'drawn' | 'closed' */
  status: string;
  /** the PRNG seed of the draw (hex); null before the draw */
  seed: string | null;
  /** JSON DrawRecord: the candidates and pool as drawn from, and the result */
  draw: string | null;
  drawn_at: string | null;
  drawn_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CampaignFileTable {
  id: string;
  campaign_id: string;
  /** the campaign's organisation */
  org_id: string;
  original_case_id: string;
  /** the original case's unit at the draw */
  unit_id: string;
  ordinal: number;
}

export interface CampaignReviewTable {
  id: string;
  campaign_id: string;
  /** the campaign's organisation */
  org_id: string;
  file_id: string;
  original_case_id: string;
  reviewer_user_id: string;
  reviewer_person_id: string | null;
  /** 'pending' | 'submitted' */
  status: string;
  /** JSON array of ItemScore */
  scores: string | null;
  score: number | null;
  veto: number;
  /** 'excellent' (优秀) | 'pass' (合格) | 'fail' (不合格) */
  grade: string | null;
  /** the reviewer judges the original decision wrong (错案): a WC-5(1) signal may be opened */
  judged_wrong: number;
  conclusion: string | null;
  submitted_at: string | null;
  /** the WC-5(1) outcome recorded on the original case from this review */
  signal_outcome_id: string | null;
  signal_opened_by: string | null;
  signal_opened_at: string | null;
  version: number;
}

export interface AlertTable {
  id: string;
  /** the organisation of the subject (officer, unit, original case, certificate, case) */
  org_id: string;
  /** rule + subject + fact: unique, so an evaluation never raises the same alert twice */
  key: string;
  rule: string;
  /** 'notice' (提醒) | 'yellow' (黄牌) | 'red' (红牌) */
  level: string;
  /** 'person' | 'unit' | 'certificate' | 'deadline' | 'original_case' */
  subject_type: string;
  subject_id: string;
  person_id: string | null;
  unit_id: string | null;
  title_zh: string;
  title_en: string;
  /** JSON */
  detail: string;
  /** 'open' | 'acknowledged' | 'closed' */
  status: string;
  owner_user_id: string | null;
  raised_at: string;
  updated_at: string;
  version: number;
}

export interface AlertEventTable {
  id: string;
  alert_id: string;
  /** 'raise' | 'acknowledge' | 'assign' | 'close' */
  action: string;
  note: string | null;
  owner_user_id: string | null;
  actor_id: string | null;
  at: string;
}

export interface CampaignTables {
  supervision_campaigns: SupervisionCampaignTable;
  campaign_files: CampaignFileTable;
  campaign_reviews: CampaignReviewTable;
  alerts: AlertTable;
  alert_events: AlertEventTable;
}
