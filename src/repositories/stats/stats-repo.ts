// SQL for the statistics added by issue 12 point 6: case numbers for drill-down lists, and the
// subjects of the system's cases over several years (repeat subjects). The imported history is
// read through src/services/history/history-repo.ts.
import type { Q } from '../cases/case-repo';
import { orgChoiceFilter, orgScopeFilter } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';

export interface CaseRef {
  caseId: string;
  number: string;
  year: number;
  state: string;
}

export async function caseRefs(q: Q, ids: readonly string[]): Promise<Map<string, CaseRef>> {
  const out = new Map<string, CaseRef>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await q.selectFrom('cases').select(['id', 'number', 'year', 'state']).where('id', 'in', unique.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.id, { caseId: r.id, number: r.number, year: r.year, state: r.state });
  }
  return out;
}

/** The subjects of the system's cases of the years (a report not accepted or not registered is not a case against anyone). */
export async function subjectsOfYears(q: Q, from: number, to: number): Promise<{ caseId: string; number: string; year: number; personId: string; unitId: string | null }[]> {
  const rows = await q
    .selectFrom('case_subjects')
    .innerJoin('cases', 'cases.id', 'case_subjects.case_id')
    .select(['cases.id', 'cases.number', 'cases.year', 'case_subjects.person_id', 'case_subjects.unit_id'])
    .where('cases.year', '>=', from)
    .where('cases.year', '<=', to)
    .where('cases.state', 'not in', ['not_accepted', 'not_registered', 'transferred'])
    .orderBy('cases.year')
    .orderBy('cases.number')
    .execute();
  return rows.map((r) => ({ caseId: r.id, number: r.number, year: r.year, personId: r.person_id, unitId: r.unit_id }));
}

/**
 * Every row the year's figures count, within the caller's organisations or the one asked for
 * (issue 11): the year's cases and their subjects, findings (data parsed), decisions, decision
 * items (forms parsed, flag as boolean), deadlines and appeals; the award bars that apply to the
 * year whatever the case's own year (FL-14: 当年); the units in scope.
 */
export async function yearRows(q: Q, actor: Pick<Actor, 'orgScope'>, year: number, orgId?: string) {
  const inOrgs = orgChoiceFilter(actor, 'cases.org_id', orgId);
  const cases = await q.selectFrom('cases').select(['id', 'state', 'source', 'wc5_item', 'received_on', 'closed_on', 'org_id']).where('year', '=', year).where(inOrgs).execute();
  const none = cases.length === 0;
  // the year's cases as a subquery, not a list of ids: no bound-parameter limit, index-friendly
  const ofYear = q.selectFrom('cases').select('id').where('year', '=', year).where(inOrgs);
  const [subjects, findings, decisions, items, deadlines, appeals, bars, units] = await Promise.all([
    none ? [] : q.selectFrom('case_subjects').select(['case_id', 'unit_id']).where('case_id', 'in', ofYear).execute(),
    none ? [] : q.selectFrom('case_findings').select(['id', 'case_id', 'subject_person_id', 'data', 'supersedes_id']).where('case_id', 'in', ofYear).execute(),
    none ? [] : q.selectFrom('case_decisions').select(['id', 'status']).where('case_id', 'in', ofYear).execute(),
    none ? [] : q.selectFrom('case_decision_items').select(['decision_id', 'case_id', 'subject_person_id', 'forms', 'no_accountability']).where('case_id', 'in', ofYear).execute(),
    none ? [] : q.selectFrom('case_deadlines').select(['case_id', 'kind', 'citation', 'due_date', 'met_on']).where('case_id', 'in', ofYear).execute(),
    none ? [] : q.selectFrom('case_appeals').select(['case_id', 'outcome']).where('case_id', 'in', ofYear).execute(),
    q
      .selectFrom('case_execution_items')
      .select(['case_id', 'kind', 'unit_id', 'subject_person_id'])
      .where('year', '=', year)
      .where('kind', 'in', ['award_bar_person', 'award_bar_unit'])
      .where('status', '!=', 'cancelled')
      .where('case_id', 'in', q.selectFrom('cases').select('id').where(inOrgs))
      .execute(),
    q.selectFrom('units').select(['id', 'name']).where(orgScopeFilter(actor, 'units.org_id')).execute(),
  ]);
  return {
    cases,
    subjects,
    findings: findings.map((f) => ({ ...f, data: JSON.parse(f.data) as { faults?: string[] } })),
    decisions,
    items: items.map((i) => ({ ...i, no_accountability: Number(i.no_accountability) === 1, forms: JSON.parse(i.forms) as string[] })),
    deadlines,
    appeals,
    bars,
    units,
  };
}

/** The steps of these cases, their data parsed. */
/**
 * The steps of the year's cases whose data names a back-dating (only those are read and decoded;
 * the year's cases as a subquery: a list of ids would pass the engines' bound-parameter limits at
 * scale, issue 14).
 */
export async function backdatedStepsOfYear(q: Q, actor: Pick<Actor, 'orgScope'>, year: number, orgId?: string): Promise<{ case_id: string; action: string; data: { backdated?: unknown } }[]> {
  const ofYear = q.selectFrom('cases').select('id').where('year', '=', year).where(orgChoiceFilter(actor, 'cases.org_id', orgId));
  const rows = await q.selectFrom('case_steps').select(['case_id', 'action', 'data']).where('case_id', 'in', ofYear).where('data', 'like', '%"backdated"%').execute();
  return rows.map((r) => ({ case_id: r.case_id, action: r.action, data: JSON.parse(r.data) as { backdated?: unknown } })).filter((r) => r.data.backdated);
}

/** Every organisation, in display order. */
export async function organisationsInOrder(q: Q): Promise<{ id: string; name: string; sort_order: number }[]> {
  return q.selectFrom('organisations').select(['id', 'name', 'sort_order']).orderBy('sort_order').orderBy('id').execute();
}

/** The China-time year as an ISO instant range [from, to) (instants are stored in UTC). */
const yearInstants = (year: number): [string, string] => [`${year - 1}-12-31T16:00:00.000Z`, `${year}-12-31T16:00:00.000Z`];

type OrgFilter = ReturnType<typeof orgChoiceFilter>;

/** The files of the year's campaigns (案卷评查, by the campaign's creation), with their reviews (issue 12 point 6). */
export async function campaignFilesOfYear(q: Q, year: number, inOrgs: (column: string) => OrgFilter) {
  const [from, to] = yearInstants(year);
  const campaigns = await q
    .selectFrom('supervision_campaigns')
    .select(['id', 'name', 'checklist', 'status', 'created_at'])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where(inOrgs('supervision_campaigns.org_id'))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (!campaigns.length) return { campaigns, files: [], reviews: [] };
  const ids = campaigns.map((c) => c.id);
  const files = await q
    .selectFrom('campaign_files as f')
    .innerJoin('original_cases as c', 'c.id', 'f.original_case_id')
    .select(['f.id', 'f.campaign_id', 'f.original_case_id', 'f.unit_id', 'c.number'])
    .where('f.campaign_id', 'in', ids)
    .orderBy('f.campaign_id')
    .orderBy('f.ordinal')
    .execute();
  const reviews = await q.selectFrom('campaign_reviews').select(['file_id', 'status', 'score', 'veto', 'judged_wrong']).where('campaign_id', 'in', ids).execute();
  return { campaigns, files, reviews };
}

/** The alerts raised in the year (issue 12 point 6). */
export async function alertsOfYear(q: Q, year: number, inOrgs: (column: string) => OrgFilter) {
  const [from, to] = yearInstants(year);
  return q
    .selectFrom('alerts')
    .select(['id', 'rule', 'level', 'status', 'title_zh', 'title_en', 'person_id', 'raised_at'])
    .where('raised_at', '>=', from)
    .where('raised_at', '<', to)
    .where(inOrgs('alerts.org_id'))
    .orderBy('raised_at')
    .orderBy('id')
    .execute();
}
