// Organisations (migration 0150): commissions and departments in a tree (province → city →
// district → department), each with its letterhead, numbering, decision body, recusal deputy,
// rule packs by date and settings. Rows of the org-scoped tables carry `org_id`
// (see src/policies/org-scope.ts for who may read or act in which organisation).

export type OrgKind = 'province' | 'city' | 'district' | 'commission' | 'department' | 'supervision';

/** The organisation every row of a database made before 0150 belongs to. */
export const DEFAULT_ORG_ID = 'org-default';

export interface OrganisationTable {
  id: string;
  parent_id: string | null;
  kind: OrgKind;
  name: string;
  short_name: string;
  /** 发文机关 shown on documents */
  letterhead: string;
  /** e.g. 巴住建问; unique over the organisations that number cases; null for a supervising organisation */
  case_prefix: string | null;
  /** e.g. {prefix}〔{year}〕{n}号 */
  case_number_format: string;
  /** document numbers (发文字号) are this prefix + the kind's suffix, e.g. 巴住建问 + 决 */
  document_prefix: string | null;
  /** e.g. 委党委会 */
  decision_body: string;
  deputy_user_id: string | null;
  /** JSON array of { packId, from: 'YYYY-MM-DD' | null } */
  rule_packs: string;
  /** JSON object */
  settings: string;
  sort_order: number;
  created_at: string;
  updated_at: string;
  /** 0350: optimistic lock of PATCH /api/v1/orgs/:id */
  version: number;
  /** 0350: 1 when the public report page offers this organisation (with a case prefix) */
  accepts_reports: number;
}

/** 0350: an account's membership of an organisation and its roles there (JSON array of Role). */
export interface UserOrgRolesTable {
  user_id: string;
  org_id: string;
  roles: string;
  created_at: string;
  updated_at: string;
}

export interface OrgCaseNumberSeqTable {
  org_id: string;
  year: number;
  last: number;
}

export interface OrganisationTables {
  organisations: OrganisationTable;
  org_case_number_seq: OrgCaseNumberSeqTable;
  user_org_roles: UserOrgRolesTable;
}
