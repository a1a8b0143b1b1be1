// SQL of the case list (src/services/cases/list.ts): the visible cases matching the list's
// filters, counted and paged newest first, and the subjects of a page. Visibility — org scope
// included — is the case policy's filter (src/policies/cases.ts#visibleCasesFilter), carried by
// every statement over `cases` here.
import { sql } from 'kysely';
import { TERMINAL_STATES, type CaseSource, type CaseState, type Track } from '../../domain/cases';
import { isPostgresHandle } from '../../db/database';
import type { CaseRow } from './case-rows';
import type { Q } from './case-repo';
import type { CaseFilter } from './queue-repo';

/** The list's filters, already validated by the service. */
export interface CaseListFilter {
  orgId?: string;
  state?: CaseState;
  track?: Track;
  source?: CaseSource;
  year?: number;
  /** not in a terminal state */
  open?: boolean;
  /** a subject of the case sits in this unit */
  unitId?: string;
  subjectPersonId?: string;
  /** the decision in force imposes this form ('exempt': 免于追究) */
  form?: string;
  /** has (true) or has not (false) an unmet deadline due before `today` */
  overdue?: boolean;
  today: string;
  /** the case number contains `text`, or the case is one of `hits` (the full-text index's answer) */
  text?: { text: string; hits: readonly string[] };
}

/** The visible cases matching `f`: their count, and one page newest first. */
export async function casePage(q: Q, visible: CaseFilter, f: CaseListFilter, limit: number, offset: number): Promise<{ total: number; rows: CaseRow[] }> {
  let base = q.selectFrom('cases').where(visible);
  if (f.orgId) base = base.where('cases.org_id', '=', f.orgId);
  if (f.state) base = base.where('cases.state', '=', f.state);
  if (f.track) base = base.where('cases.tracks', 'like', `%"${f.track}"%`);
  if (f.source) base = base.where('cases.source', '=', f.source);
  if (f.year) base = base.where('cases.year', '=', f.year);
  if (f.open) base = base.where('cases.state', 'not in', [...TERMINAL_STATES]);
  if (f.unitId) base = base.where('cases.id', 'in', q.selectFrom('case_subjects').select('case_id').where('unit_id', '=', f.unitId));
  if (f.subjectPersonId) base = base.where('cases.id', 'in', q.selectFrom('case_subjects').select('case_id').where('person_id', '=', f.subjectPersonId));
  if (f.form) {
    let items = q
      .selectFrom('case_decision_items')
      .innerJoin('case_decisions', 'case_decisions.id', 'case_decision_items.decision_id')
      .select('case_decision_items.case_id')
      .where('case_decisions.status', '=', 'in_force');
    items = f.form === 'exempt' ? items.where('case_decision_items.no_accountability', '=', 1) : items.where('case_decision_items.forms', 'like', `%"${f.form.replace(/[\\%_]/g, '')}"%`);
    base = base.where('cases.id', 'in', items);
  }
  if (f.overdue !== undefined) {
    const overdueIds = q.selectFrom('case_deadlines').select('case_id').where('met_on', 'is', null).where('due_date', '<', f.today);
    base = f.overdue ? base.where('cases.id', 'in', overdueIds) : base.where('cases.id', 'not in', overdueIds);
  }
  if (f.text) {
    const pattern = `%${f.text.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const op = isPostgresHandle(q) ? sql`ILIKE` : sql`LIKE`;
    const hits = f.text.hits;
    base = base.where((eb) => eb.or([sql<boolean>`cases.number ${op} ${pattern} ESCAPE '\\'`, ...(hits.length ? [eb('cases.id', 'in', [...hits])] : [])]));
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base.selectAll('cases').orderBy('cases.year', 'desc').orderBy('cases.seq', 'desc').limit(limit).offset(offset).execute();
  return { total, rows };
}

/** The subjects (register person ids) of these cases. */
export async function subjectsOfCases(q: Q, caseIds: readonly string[]): Promise<{ caseId: string; personId: string }[]> {
  if (!caseIds.length) return [];
  const rows = await q.selectFrom('case_subjects').select(['case_id', 'person_id']).where('case_id', 'in', [...caseIds]).execute();
  return rows.map((r) => ({ caseId: r.case_id, personId: r.person_id }));
}
