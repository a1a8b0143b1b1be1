// SQL for the imported history (issue 12 point 5): past decisions read on the same paths as the
// decisions made in the system — FL-10(6) prior cases (recommendation-service.ts buildCaseFacts)
// and the year's FL-14 / WC-10(3) award bars (cases/reports.ts, stats).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { orgScopeFilter } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';

type Q = Kysely<Database>;

export interface HistoricalPrior {
  decisionId: string;
  personId: string;
  caseNumber: string;
  conductDate: string;
  decidedOn: string;
  noAccountability: boolean;
}

/** Each person's imported decisions decided on or before `today` (FL-10(6)). */
export async function historicalPriorCases(q: Q, personIds: readonly string[], today: string): Promise<HistoricalPrior[]> {
  // (people are org-scoped already: a person's history is that person's, whoever reads it)
  if (!personIds.length) return [];
  const rows = await q
    .selectFrom('historical_decision_subjects as s')
    .innerJoin('historical_decisions as d', 'd.id', 's.decision_id')
    .select(['d.id', 's.person_id', 'd.case_number', 'd.conduct_date', 'd.decided_on', 's.no_accountability'])
    .where('s.person_id', 'in', [...personIds])
    .where('d.decided_on', '<=', today)
    .orderBy('d.decided_on')
    .execute();
  return rows.map((r) => ({ decisionId: r.id, personId: r.person_id, caseNumber: r.case_number, conductDate: r.conduct_date, decidedOn: r.decided_on, noAccountability: Number(r.no_accountability) === 1 }));
}

export interface HistoricalBar {
  decisionId: string;
  caseNumber: string;
  personId: string;
  unitId: string | null;
  unitName: string | null;
  forms: string[];
  unitBar: boolean;
}

/** The imported award bars of a year: person bars, and unit bars where marked. */
export async function historicalAwardBars(q: Q, year: number, actor: Pick<Actor, 'orgScope'> = {}): Promise<HistoricalBar[]> {
  const rows = await q
    .selectFrom('historical_decision_subjects as s')
    .innerJoin('historical_decisions as d', 'd.id', 's.decision_id')
    .leftJoin('units as u', 'u.id', 's.unit_id')
    .select(['d.id', 'd.case_number', 's.person_id', 's.unit_id', 'u.name as unit_name', 's.forms', 's.unit_award_bar'])
    .where('s.award_bar_year', '=', year)
    .where('s.no_accountability', '=', 0)
    .where(orgScopeFilter(actor, 'd.org_id'))
    .orderBy('d.case_number')
    .execute();
  return rows.map((r) => ({
    decisionId: r.id,
    caseNumber: r.case_number,
    personId: r.person_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    forms: JSON.parse(r.forms) as string[],
    unitBar: Number(r.unit_award_bar) === 1,
  }));
}

export interface HistoricalSubjectRow {
  decisionId: string;
  caseNumber: string;
  title: string | null;
  conductDate: string;
  decidedOn: string;
  personId: string;
  unitId: string | null;
  forms: string[];
  noAccountability: boolean;
  awardBarYear: number | null;
  unitAwardBar: boolean;
  importedBy: string;
  importedAt: string;
}

/** The imported subjects with their decisions, within the reader's organisations (issue 11). */
function historicalSubjectRows(q: Q, actor: Pick<Actor, 'orgScope'>) {
  return q
    .selectFrom('historical_decision_subjects as s')
    .innerJoin('historical_decisions as d', 'd.id', 's.decision_id')
    .select(['d.id', 'd.case_number', 'd.title', 'd.conduct_date', 'd.decided_on', 'd.imported_by', 'd.imported_at', 's.person_id', 's.unit_id', 's.forms', 's.no_accountability', 's.award_bar_year', 's.unit_award_bar'])
    .where(orgScopeFilter(actor, 'd.org_id'));
}

type SubjectRow = Awaited<ReturnType<ReturnType<typeof historicalSubjectRows>['execute']>>[number];

const decodeSubject = (r: SubjectRow): HistoricalSubjectRow => ({
  decisionId: r.id,
  caseNumber: r.case_number,
  title: r.title,
  conductDate: r.conduct_date,
  decidedOn: r.decided_on,
  personId: r.person_id,
  unitId: r.unit_id,
  forms: JSON.parse(r.forms) as string[],
  noAccountability: Number(r.no_accountability) === 1,
  awardBarYear: r.award_bar_year,
  unitAwardBar: Number(r.unit_award_bar) === 1,
  importedBy: r.imported_by,
  importedAt: r.imported_at,
});

/**
 * Imported subjects within the reader's organisations: all, those of decisions decided in the given
 * years (statistics), or one person's (the officer profile). One statement, decision order.
 */
export async function historicalSubjects(q: Q, actor: Pick<Actor, 'orgScope'> = {}, only: { years?: { from: number; to: number }; personId?: string } = {}): Promise<HistoricalSubjectRow[]> {
  let sel = historicalSubjectRows(q, actor);
  if (only.years) sel = sel.where('d.decided_on', '>=', `${only.years.from}-01-01`).where('d.decided_on', '<=', `${only.years.to}-12-31`);
  if (only.personId !== undefined) sel = sel.where('s.person_id', '=', only.personId);
  return (await sel.orderBy('d.decided_on').orderBy('d.case_number').execute()).map(decodeSubject);
}

/** Case numbers already taken by an imported decision or a case of the system. */
export async function takenCaseNumbers(q: Q, numbers: readonly string[]): Promise<{ imported: Set<string>; system: Set<string> }> {
  if (!numbers.length) return { imported: new Set(), system: new Set() };
  const imported = await q.selectFrom('historical_decisions').select('case_number').where('case_number', 'in', [...numbers]).execute();
  const system = await q.selectFrom('cases').select('number').where('number', 'in', [...numbers]).execute();
  return { imported: new Set(imported.map((r) => r.case_number)), system: new Set(system.map((r) => r.number)) };
}

/** Whether an imported past decision of the organisation carries this number (the system's own numbering skips it). */
export async function importedNumberTaken(q: Q, orgId: string, number: string): Promise<boolean> {
  const r = await q.selectFrom('historical_decisions').select('id').where('org_id', '=', orgId).where('case_number', '=', number).executeTakeFirst();
  return r !== undefined;
}
