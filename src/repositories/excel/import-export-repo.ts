// SQL of the registers' Excel import and export (src/services/excel/import-export.ts): the
// look-ups the import planner makes by key (employee no., certificate no., case number) and the
// export's reads, each within the actor's organisations where the export or the reference is
// org-scoped. The writes go through the registers' audited `…InTx` edits.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import type { EnforcementCertificateTable, PersonTable } from '../../db/tables/registers';
import { orgScopeFilter } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';

type Q = Kysely<Database>;
type Scope = Pick<Actor, 'orgScope'>;

/** People with these employee numbers, in any organisation (the planner decides which it may update). */
export async function peopleByEmployeeNos(q: Q, employeeNos: readonly string[]): Promise<Selectable<PersonTable>[]> {
  return employeeNos.length ? q.selectFrom('people').selectAll().where('employee_no', 'in', [...employeeNos]).execute() : [];
}

/** Certificates with these numbers, in any organisation. */
export async function certificatesByNumbers(q: Q, numbers: readonly string[]): Promise<Selectable<EnforcementCertificateTable>[]> {
  return numbers.length ? q.selectFrom('enforcement_certificates').selectAll().where('number', 'in', [...numbers]).execute() : [];
}

/** employee no. → person id for these employee numbers, among the people of the actor's organisations. */
export async function personIdsOfEmployeeNos(q: Q, employeeNos: readonly string[], scope: Scope): Promise<Map<string, string>> {
  if (!employeeNos.length) return new Map();
  const rows = await q.selectFrom('people').select(['id', 'employee_no']).where('employee_no', 'in', [...employeeNos]).where(orgScopeFilter(scope, 'people.org_id')).execute();
  return new Map(rows.map((p) => [p.employee_no!, p.id]));
}

/** Original cases (any organisation) already having one of these numbers. */
export async function originalCasesByNumbers(q: Q, numbers: readonly string[]): Promise<{ number: string; id: string; orgId: string }[]> {
  if (!numbers.length) return [];
  return (await q.selectFrom('original_cases').select(['number', 'id', 'org_id']).where('number', 'in', [...numbers]).execute()).map((r) => ({ number: r.number, id: r.id, orgId: r.org_id }));
}

/** person id → employee number ('' when none) for these people, or for every person when `ids` is absent, optionally within a scope. */
export async function employeeNosOf(q: Q, opts: { ids?: readonly string[]; scope?: Scope }): Promise<Map<string, string | null>> {
  if (opts.ids && !opts.ids.length) return new Map();
  let query = q.selectFrom('people').select(['id', 'employee_no']);
  if (opts.ids) query = query.where('id', 'in', [...opts.ids]);
  if (opts.scope) query = query.where(orgScopeFilter(opts.scope, 'people.org_id'));
  return new Map((await query.execute()).map((p) => [p.id, p.employee_no]));
}

/** The WC-5 outcome events of the original cases in scope, by case number. */
export async function outcomesForExport(q: Q, scope: Scope) {
  return q
    .selectFrom('original_case_outcomes')
    .innerJoin('original_cases', 'original_cases.id', 'original_case_outcomes.case_id')
    .where(orgScopeFilter(scope, 'original_cases.org_id'))
    .select(['original_cases.number', 'original_case_outcomes.source', 'original_case_outcomes.effect', 'original_case_outcomes.issuer', 'original_case_outcomes.reference_no', 'original_case_outcomes.reference_date', 'original_case_outcomes.note'])
    .orderBy('original_cases.number')
    .execute();
}

/** The compensations recovered on the original cases in scope, by case number (amount in fen, a number). */
export async function compensationsForExport(q: Q, scope: Scope) {
  const rows = await q
    .selectFrom('original_case_compensations')
    .innerJoin('original_cases', 'original_cases.id', 'original_case_compensations.case_id')
    .where(orgScopeFilter(scope, 'original_cases.org_id'))
    .select(['original_cases.number', 'original_case_compensations.amount_fen', 'original_case_compensations.paid_date', 'original_case_compensations.decision_no', 'original_case_compensations.note'])
    .orderBy('original_cases.number')
    .execute();
  return rows.map((c) => ({ ...c, amount_fen: Number(c.amount_fen) }));
}

/** The people in scope, by unit then name. */
export async function peopleForExport(q: Q, scope: Scope): Promise<Selectable<PersonTable>[]> {
  return q.selectFrom('people').selectAll().where(orgScopeFilter(scope, 'people.org_id')).orderBy('unit_id').orderBy('name').execute();
}

/** The ids of the original cases in scope, by decision date then number. */
export async function originalCaseIdsForExport(q: Q, scope: Scope): Promise<string[]> {
  return (await q.selectFrom('original_cases').select('id').where(orgScopeFilter(scope, 'original_cases.org_id')).orderBy('decision_date').orderBy('number').execute()).map((r) => r.id);
}
