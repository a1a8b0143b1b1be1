// SQL for the statistics added by issue 12 point 6: case numbers for drill-down lists, the
// subjects of the system's cases over several years (repeat subjects), the year's campaign files
// and alerts. The imported history is
// read through src/services/history/history-repo.ts.
import type { orgChoiceFilter } from '../../policies/org-scope';
import type { Q } from '../cases/repo';

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
