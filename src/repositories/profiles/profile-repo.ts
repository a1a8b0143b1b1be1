// SQL of the person profile (src/services/profiles/profile-service.ts): post history, outcomes of
// original cases, the accountability cases a viewer may see, their sanctions and execution items.
// Rows are decoded here (JSON arrays parsed, 0/1 to booleans, years as numbers).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { CaseState } from '../../domain/cases/states';
import { subjectsShownTo, visibleCasesFilter } from '../../policies/cases';
import type { Actor } from '../../policies/roles';

type Q = Kysely<Database>;

export async function personOrgId(q: Q, personId: string): Promise<string | null> {
  return (await q.selectFrom('people').select('org_id').where('id', '=', personId).executeTakeFirst())?.org_id ?? null;
}

export async function postHistoryOf(q: Q, personId: string) {
  return q
    .selectFrom('person_post_history as h')
    .leftJoin('units as fu', 'fu.id', 'h.from_unit_id')
    .leftJoin('units as tu', 'tu.id', 'h.to_unit_id')
    .select(['h.effective_date', 'h.reason', 'h.case_id', 'h.from_post', 'h.to_post', 'fu.name as from_unit_name', 'tu.name as to_unit_name'])
    .where('h.person_id', '=', personId)
    .orderBy('h.effective_date')
    .orderBy('h.recorded_at')
    .execute();
}

export async function outcomesOfOriginalCases(q: Q, caseIds: readonly string[]) {
  if (!caseIds.length) return [];
  return q.selectFrom('original_case_outcomes').select(['case_id', 'source', 'reference_no', 'reference_date', 'issuer']).where('case_id', 'in', [...caseIds]).orderBy('reference_date').execute();
}

export interface ProfileCaseRow {
  id: string;
  number: string;
  state: CaseState;
  tracks: string[];
  received_on: string;
  decided_on: string | null;
  closed_on: string | null;
}

/**
 * The accountability cases of a person as a subject that this viewer may see, newest first. FL-5(1),
 * FL-7(7): of a case the viewer reads as its subject (one it stands aside from), only the viewer's
 * own record shows: it is listed on the viewer's own profile, not on a co-subject's.
 */
export async function visibleCasesOfSubject(q: Q, actor: Actor, personId: string): Promise<ProfileCaseRow[]> {
  const shown = subjectsShownTo(actor);
  let sel = q
    .selectFrom('case_subjects as s')
    .innerJoin('cases', 'cases.id', 's.case_id')
    .select(['cases.id', 'cases.number', 'cases.state', 'cases.tracks', 'cases.received_on', 'cases.decided_on', 'cases.closed_on'])
    .where('s.person_id', '=', personId)
    .where(visibleCasesFilter(actor));
  if (personId !== shown.ownPersonId) sel = sel.where(shown.seenInFull('cases.id'));
  const rows = await sel
    .orderBy('cases.received_on', 'desc')
    .orderBy('cases.id')
    .execute();
  return rows.map((c) => ({ ...c, tracks: JSON.parse(c.tracks) as string[] }));
}

/** The decision items about a person in these cases, in order of decision. */
export async function decisionItemsOfSubject(q: Q, personId: string, caseIds: readonly string[]) {
  if (!caseIds.length) return [];
  const rows = await q
    .selectFrom('case_decision_items as i')
    .innerJoin('case_decisions as d', 'd.id', 'i.decision_id')
    .select(['i.case_id', 'i.no_accountability', 'i.forms', 'd.decided_on', 'd.status'])
    .where('i.subject_person_id', '=', personId)
    .where('i.case_id', 'in', [...caseIds])
    .orderBy('d.decided_on')
    .orderBy(sql`d.seq`)
    .execute();
  return rows.map((i) => ({ case_id: i.case_id, decided_on: i.decided_on, status: i.status, no_accountability: Number(i.no_accountability) === 1, forms: JSON.parse(i.forms) as string[] }));
}

/** The execution items about a person in these cases. */
export async function executionItemsOfSubject(q: Q, personId: string, caseIds: readonly string[]) {
  if (!caseIds.length) return [];
  const rows = await q
    .selectFrom('case_execution_items')
    .select(['case_id', 'kind', 'citation', 'year', 'amount_fen', 'status', 'done_on'])
    .where('subject_person_id', '=', personId)
    .where('case_id', 'in', [...caseIds])
    .orderBy('created_at')
    .execute();
  return rows.map((e) => ({ ...e, year: e.year === null ? null : Number(e.year), amount_fen: e.amount_fen === null ? null : Number(e.amount_fen) }));
}
