// Rule-evaluation receipts (issue 3): what the rules engine was given and what it answered, with
// the exact pack (id, version, content hash), so a recommendation can be reproduced and audited.

export interface RuleEvaluationTable {
  id: string;
  /** null for an ad-hoc evaluation (POST /api/v1/rules/evaluate is not stored) */
  case_id: string | null;
  pack_id: string;
  pack_version: string;
  /** SHA-256 of the pack content the engine ran */
  pack_hash: string;
  /** JSON: the facts given to the engine */
  inputs_json: string;
  /** JSON: the recommendation */
  output_json: string;
  /** JSON: every rule that fired, with citation and why */
  trace_json: string;
  evaluated_at: string;
  actor_id: string | null;
}

export interface RuleTables {
  rule_evaluations: RuleEvaluationTable;
}
