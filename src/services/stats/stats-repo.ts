// SQL for the statistics added by issue 12 point 6: case numbers for drill-down lists, and the
// subjects of the system's cases over several years (repeat subjects). The imported history is
// read through src/services/history/history-repo.ts.
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
