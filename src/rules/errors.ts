// Typed errors of the rules engine, on the project's coded error catalog (src/errors.ts).
// evaluate() returns conflicts and "no rules in force" as results; evaluateOrThrow() and the
// services that must stop turn them into these.
import { AppError } from '../errors';
import type { RuleConflict } from './types';

/** Two applicable rules of equal priority contradict each other: a person must decide. */
export class RuleConflictError extends AppError {
  readonly conflicts: readonly RuleConflict[];
  /** Every rule id involved, in order of first appearance. */
  readonly ruleIds: readonly string[];

  constructor(conflicts: readonly RuleConflict[]) {
    const ids: string[] = [];
    for (const c of conflicts) for (const id of c.ruleIds) if (!ids.includes(id)) ids.push(id);
    super(
      'RULE_CONFLICT',
      {
        zh: `${ids.join('、')}：${conflicts.map((c) => c.zh).join('；')}`,
        en: `${ids.join(', ')}: ${conflicts.map((c) => c.en).join('; ')}`,
      },
      { ruleIds: ids, conflicts },
    );
    this.name = 'RuleConflictError';
    this.conflicts = conflicts;
    this.ruleIds = ids;
  }
}

/** No registered pack was in force on the conduct date. */
export class NoRulesInForceError extends AppError {
  readonly conductDate: string;
  constructor(conductDate: string, explanation: { zh: string; en: string }) {
    super('NO_RULES_IN_FORCE', explanation, { conductDate });
    this.name = 'NoRulesInForceError';
    this.conductDate = conductDate;
  }
}
