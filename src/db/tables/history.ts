// Historical accountability decisions imported from Excel (issue 12 point 5, migration 0230):
// counted for FL-10(6) and FL-14 like decisions made in the system, always marked as imported.

export interface HistoricalDecisionTable {
  id: string;
  case_number: string;
  title: string | null;
  /** the unit the case concerned (optional) */
  unit_id: string | null;
  /** when the conduct happened (FL-10(6) looks back from the present conduct) */
  conduct_date: string;
  decided_on: string;
  /** always 'import' */
  source: string;
  /** the import (audit entity id) the row came with */
  import_id: string;
  imported_by: string;
  imported_at: string;
  /** issue 11: the importing organisation */
  org_id: string;
}

export interface HistoricalDecisionSubjectTable {
  id: string;
  decision_id: string;
  person_id: string;
  /** the person's unit then (FL-14: 所在单位) */
  unit_id: string | null;
  /** JSON array of form citations (FL-6(1), WC-10(3), FL-14 …) */
  forms: string;
  /** 1 = 免于追究 */
  no_accountability: number;
  /** FL-14 / WC-10(3): the year the person may not be named 先进个人 (null: no bar) */
  award_bar_year: number | null;
  /** 1 = the unit may not be named 先进集体 in award_bar_year */
  unit_award_bar: number;
}

export interface HistoryTables {
  historical_decisions: HistoricalDecisionTable;
  historical_decision_subjects: HistoricalDecisionSubjectTable;
}
