// SQL for the statistics added by issue 12 point 6: case numbers for drill-down lists, and the
// subjects of the system's cases over several years (repeat subjects). The imported history is
// read through src/repositories/history/history-repo.ts.
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Q } from '../cases/case-repo';
import { isPostgresHandle } from '../../db/database';
import { orgChoiceFilter, orgScopeFilter } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';
import type { SubjectsShown } from '../../policies/cases';
import type { CounterFigure } from './stats-counters';

type Scope = Pick<Actor, 'orgScope'>;

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

/**
 * The subjects of the system's cases of the years (a report not accepted or not registered is not
 * a case against anyone), within the actor's organisations or the one asked for (issue 11);
 * `named`: whether the case may be named to the reader on this subject's row (FL-5(1), FL-7(7):
 * `SubjectsShown#recordShown`; absent: every case named).
 */
export async function subjectsOfYears(
  q: Q,
  actor: Scope,
  from: number,
  to: number,
  orgId?: string,
  shown?: SubjectsShown,
): Promise<{ caseId: string; number: string; year: number; personId: string; unitId: string | null; named: boolean }[]> {
  const rows = await q
    .selectFrom('case_subjects')
    .innerJoin('cases', 'cases.id', 'case_subjects.case_id')
    .select(['cases.id', 'cases.number', 'cases.year', 'case_subjects.person_id', 'case_subjects.unit_id'])
    .select(sql<number>`CASE WHEN ${shown ? shown.recordShown('cases.id', 'case_subjects.person_id') : sql`1 = 1`} THEN 1 ELSE 0 END`.as('named'))
    .where(orgChoiceFilter(actor, 'cases.org_id', orgId))
    .where('cases.year', '>=', from)
    .where('cases.year', '<=', to)
    .where('cases.state', 'not in', ['not_accepted', 'not_registered', 'transferred'])
    .orderBy('cases.year')
    .orderBy('cases.number')
    .execute();
  return rows.map((r) => ({ caseId: r.id, number: r.number, year: r.year, personId: r.person_id, unitId: r.unit_id, named: Number(r.named) === 1 }));
}

// ---------------------------------------------------------------------------------------------
// The year's figures as SQL aggregates (issue 14 point 5: flat with data). Each query counts the
// year's cases within the caller's organisations (or the one asked for) grouped by the figure's
// key; only the groups travel (a few dozen rows whatever the number of cases). The drill-down
// lists are read per figure, paged, by `yearFigureRefs` with the same conditions.
// ---------------------------------------------------------------------------------------------

const isPg = (q: Q): boolean => isPostgresHandle(q);

/** Days from received to closed (both `YYYY-MM-DD`), as the JS tally computed them. */
const daysToClose = (q: Q) =>
  isPg(q) ? sql<number>`(c.closed_on::date - c.received_on::date)` : sql<number>`CAST(round(julianday(c.closed_on) - julianday(c.received_on)) AS integer)`;

/** The elements of a JSON array held in a text column (its top level, or one key of it), one row each (column `value`), joined (a function in FROM may read the earlier tables on both engines, without LATERAL); none when it is not an array (JS: `?? []`). */
const jsonElements = (q: Q, column: string, key: string) => {
  if (isPg(q)) {
    const v = key ? sql`(${sql.ref(column)}::jsonb -> ${sql.lit(key)})` : sql`${sql.ref(column)}::jsonb`;
    return sql<{ value: string }>`jsonb_array_elements_text(CASE WHEN jsonb_typeof(${v}) = 'array' THEN ${v} ELSE '[]'::jsonb END)`.as('j');
  }
  const path = sql.lit(key ? `$.${key}` : '$');
  return sql<{ value: string }>`json_each(CASE json_type(${sql.ref(column)}, ${path}) WHEN 'array' THEN json_extract(${sql.ref(column)}, ${path}) ELSE '[]' END)`.as('j');
};

/** The step's `backdated` is truthy (as JS reads it): an object, an array, true, a non-zero number, a non-empty string. */
const backdatedTruthy = (q: Q) =>
  isPg(q)
    ? sql<SqlBool>`(CASE jsonb_typeof(s.data::jsonb -> 'backdated') WHEN 'object' THEN true WHEN 'array' THEN true WHEN 'boolean' THEN (s.data::jsonb ->> 'backdated') = 'true' WHEN 'number' THEN (s.data::jsonb ->> 'backdated')::numeric <> 0 WHEN 'string' THEN (s.data::jsonb ->> 'backdated') <> '' ELSE false END)`
    : sql<SqlBool>`(CASE json_type(s.data, '$.backdated') WHEN 'object' THEN 1 WHEN 'array' THEN 1 WHEN 'true' THEN 1 WHEN 'integer' THEN json_extract(s.data, '$.backdated') <> 0 WHEN 'real' THEN json_extract(s.data, '$.backdated') <> 0 WHEN 'text' THEN json_extract(s.data, '$.backdated') <> '' ELSE 0 END)`;
/**
 * `coalesce(column, 'none') = key` written so that an index on the column can answer it (the
 * counters' key of "no unit" is 'none'): the coalesce hid the column from the planner, so
 * PostgreSQL at 100k cases read every subject before the first page of a unit's drill-down.
 */
const unitIs = (column: string, key: string) => (key === 'none' ? sql<SqlBool>`(${sql.ref(column)} IS NULL OR ${sql.ref(column)} = 'none')` : sql<SqlBool>`${sql.ref(column)} = ${key}`);
/** Literal (not bound) so that both engines use the partial index of migration 0400. */
const BACKDATED_LIKE = sql<SqlBool>`s.data LIKE '%"backdated"%'`;

/**
 * The deadlines of a standing on `today`: overdue (not met, past due) or late (met after its due
 * date). Plain conditions rather than a CASE compared with the standing, so that the index
 * `case_deadlines (case_id, kind, due_date, met_on)` answers them per case: PostgreSQL at 100k
 * cases then walks the year's cases in order and stops at the page instead of filtering every
 * deadline (71 → 6 ms for page 1). `today` is the server's China date (YYYY-MM-DD, checked here).
 */
const deadlineOfStanding = (today: string, st: 'overdue' | 'late') => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`not a date: ${today}`);
  return st === 'overdue' ? sql<SqlBool>`(d.met_on IS NULL AND d.due_date < ${today})` : sql<SqlBool>`(d.met_on IS NOT NULL AND d.met_on > d.due_date)`;
};

/**
 * The findings a later one supersedes, as one uncorrelated set (built once from the
 * supersedes_id index): a correlated NOT EXISTS was planned as a scan per finding on SQLite
 * once ANALYZE saw the column almost all NULL (15 s at 10k cases).
 */
const supersededFindings = (q: Q) => q.selectFrom('case_findings as later').select('later.supersedes_id').where('later.supersedes_id', 'is not', null);

/**
 * The year's figures from the counters (stats-counters.ts; the caller drains the dirty cases
 * first): cases by state and organisation, by source, a histogram of days to close (the median
 * and buckets are exact from it), cases per subjects' unit, current findings' faults, in-force
 * decision items' forms (or exempt), deadlines met late by kind, appeal outcomes, the award bars
 * that apply to the year (FL-14: 当年, whatever the case's own year), back-dated steps by action —
 * summed over the organisations in scope (a supervisor's roll-up is the sum of each
 * organisation's own counters). Deadlines overdue now depend on today's date: the deadlines not
 * met are counted by kind and due date, and those due before today are summed here.
 */
export async function yearAggregates(q: Q, actor: Scope, year: number, orgId: string | undefined, today: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`not a date: ${today}`);
  const [counters, unitNames] = await Promise.all([
    q.selectFrom('stats_counters').select(['org_id', 'figure', 'key', 'n']).where('year', '=', year).where('n', '<>', 0).where(orgChoiceFilter(actor, 'stats_counters.org_id', orgId)).execute(),
    q.selectFrom('units').select(['id', 'name']).where(orgScopeFilter(actor, 'units.org_id')).execute(),
  ]);
  const of = (figure: CounterFigure) => counters.filter((r) => r.figure === figure).map((r) => ({ org: r.org_id, k: r.key, n: Number(r.n) }));
  return {
    states: of('state'),
    sources: of('source'),
    closeDays: of('close').map((r) => ({ days: Number(r.k), n: r.n })),
    units: of('unit'),
    faults: of('fault'),
    forms: of('form'),
    deadlines: [
      // overdue now: not met, due before today (the keys are `kind|due date`)
      ...of('due').flatMap((r) => {
        const [kind, due] = r.k.split('|') as [string, string];
        return due < today ? [{ kind, st: 'overdue', n: r.n }] : [];
      }),
      ...of('late').map((r) => ({ kind: r.k, st: 'late', n: r.n })),
    ],
    appeals: of('appeal'),
    bars: of('bar').map((r) => ({ unit: r.k.split('|')[0]!, kind: r.k.split('|')[1]!, n: r.n })),
    backdated: of('backdated'),
    units_: unitNames,
  };
}

/** What one figure of the year counts, for its drill-down: the case (and the subject where the figure counts people). */
export interface FigureRef {
  caseId: string;
  personId: string | null;
}

/** The figures whose drill-down `yearFigureRefs` reads (the others count small lists tallied in the service). */
export const SQL_FIGURES = ['byOrganisation', 'bySource', 'byFault', 'byUnit', 'byForm', 'byState', 'timeToClose', 'overdue', 'appeals', 'awardBars', 'backdated'] as const;

/**
 * One page of what a figure counts, in case order, by the same conditions as `yearAggregates`
 * (issue 14: the drill-down list is read per figure and paged, not tallied for every figure), and
 * how many of the figure's items are withheld from this caller (FL-5(1), FL-7(7): an item about
 * another subject of a case it reads as its subject — `SubjectsShown#recordShown` —, not listed;
 * the list's length is the figure less those). Null when the key is not one of the figure's (the
 * caller answers NOT_FOUND).
 */
export async function yearFigureRefs(
  q: Q,
  actor: Scope,
  a: { year: number; orgId?: string; today: string; table: string; key: string; limit: number; offset: number; closeBuckets: Record<string, [number, number]> },
  shown: SubjectsShown,
): Promise<{ refs: FigureRef[]; withheld: number } | null> {
  const inOrgs = orgChoiceFilter(actor, 'c.org_id', a.orgId);
  // FL-5(1), FL-7(7): of a case the caller reads as its subject (one it stands aside from), an item
  // about a subject — or a unit matched through one — is listed for the caller's own record only;
  // the others are counted as withheld, nothing of them named
  const shownSubject = (personRef: string) => shown.recordShown('c.id', personRef);
  const ofYear = () => q.selectFrom('cases as c').where('c.year', '=', a.year).where(inOrgs);
  const count = async <DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>) => Number(((await qb.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()) as unknown as { n: number | string }).n);
  const page = async <T extends { execute: () => Promise<{ caseId: string; personId: string | null }[]> }>(qb: T, withheld: Promise<number> | number = 0) => ({ refs: await qb.execute(), withheld: await withheld });
  const byCase = (qb: ReturnType<typeof ofYear>, withheld?: Promise<number>) => page(qb.select(['c.id as caseId', sql<string | null>`NULL`.as('personId')]).orderBy('c.year').orderBy('c.seq').limit(a.limit).offset(a.offset), withheld);
  const k = a.key;
  switch (a.table) {
    case 'byOrganisation':
      return byCase(ofYear().where('c.org_id', '=', k));
    case 'byState':
      return byCase(ofYear().where('c.state', '=', k as never));
    case 'bySource': {
      if (k === 'report') return byCase(ofYear().where('c.source', '<>', 'wc5'));
      const m = /^WC-5\((.+)\)$/.exec(k);
      if (!m) return null;
      return byCase(ofYear().where('c.source', '=', 'wc5').where(m[1] === '?' ? (eb) => eb('c.wc5_item', 'is', null) : (eb) => eb('c.wc5_item', '=', Number(m[1]))));
    }
    case 'byUnit': {
      const inUnit = (onlyShown: boolean) => sql<SqlBool>`EXISTS (SELECT 1 FROM case_subjects s WHERE s.case_id = c.id AND ${unitIs('s.unit_id', k)}${onlyShown ? sql` AND ${shownSubject('s.person_id')}` : sql``})`;
      return byCase(ofYear().where(inUnit(true)), count(ofYear().where(inUnit(false)).where(sql<SqlBool>`NOT ${inUnit(true)}`)));
    }
    case 'timeToClose': {
      const range = a.closeBuckets[k];
      if (!range) return null;
      const days = daysToClose(q);
      return byCase(ofYear().where('c.closed_on', 'is not', null).where(sql<SqlBool>`${days} >= ${range[0]} AND ${days} <= ${range[1]}`));
    }
    case 'byFault': {
      const found = ofYear()
        .innerJoin('case_findings as f', 'f.case_id', 'c.id')
        .innerJoin(jsonElements(q, 'f.data', 'faults'), (j) => j.onTrue())
        .where('f.id', 'not in', supersededFindings(q))
        .where(sql<SqlBool>`j.value = ${k}`);
      return page(
        found
          .where(shownSubject('f.subject_person_id'))
          .select(['c.id as caseId', 'f.subject_person_id as personId'])
          .orderBy('c.year')
          .orderBy('c.seq')
          .orderBy('f.id')
          .limit(a.limit)
          .offset(a.offset),
        count(found.where(sql<SqlBool>`NOT ${shownSubject('f.subject_person_id')}`)),
      );
    }
    case 'byForm': {
      const items = ofYear().innerJoin('case_decision_items as i', 'i.case_id', 'c.id').innerJoin('case_decisions as dd', 'dd.id', 'i.decision_id').where('dd.status', '=', 'in_force');
      const chosen =
        k === 'exempt'
          ? items.where('i.no_accountability', '=', 1)
          : items
              .innerJoin(jsonElements(q, 'i.forms', ''), (j) => j.onTrue())
              .where('i.no_accountability', '<>', 1)
              .where(sql<SqlBool>`j.value = ${k}`);
      return page(
        chosen.where(shownSubject('i.subject_person_id')).select(['c.id as caseId', 'i.subject_person_id as personId']).orderBy('c.year').orderBy('c.seq').orderBy('i.id').limit(a.limit).offset(a.offset),
        count(chosen.where(sql<SqlBool>`NOT ${shownSubject('i.subject_person_id')}`)),
      );
    }
    case 'overdue': {
      const [kind, st] = k.split(':');
      if (!kind || (st !== 'overdue' && st !== 'late')) return null;
      return page(
        ofYear()
          .innerJoin('case_deadlines as d', 'd.case_id', 'c.id')
          .where('d.kind', '=', kind as never)
          .where(deadlineOfStanding(a.today, st))
          .select(['c.id as caseId', sql<string | null>`NULL`.as('personId')])
          .orderBy('c.year')
          .orderBy('c.seq')
          .limit(a.limit)
          .offset(a.offset),
      );
    }
    case 'appeals':
      return page(ofYear().innerJoin('case_appeals as a', 'a.case_id', 'c.id').where('a.outcome', '=', k as never).select(['c.id as caseId', sql<string | null>`NULL`.as('personId')]).orderBy('c.year').orderBy('c.seq').orderBy('a.id').limit(a.limit).offset(a.offset));
    case 'awardBars': {
      const [unit, kind] = k.split('|');
      if (!unit || (kind !== 'award_bar_person' && kind !== 'award_bar_unit')) return null;
      const bars = q
        .selectFrom('case_execution_items as b')
        .innerJoin('cases as c', 'c.id', 'b.case_id')
        .where(inOrgs)
        .where('b.year', '=', a.year)
        .where('b.kind', '=', kind)
        .where('b.status', '!=', 'cancelled')
        .where(unitIs('b.unit_id', unit));
      return page(
        bars.where(shownSubject('b.subject_person_id')).select(['c.id as caseId', 'b.subject_person_id as personId']).orderBy('c.year').orderBy('c.seq').orderBy('b.id').limit(a.limit).offset(a.offset),
        count(bars.where(sql<SqlBool>`NOT ${shownSubject('b.subject_person_id')}`)),
      );
    }
    case 'backdated':
      return page(
        ofYear()
          .innerJoin('case_steps as s', 's.case_id', 'c.id')
          .where(BACKDATED_LIKE)
          .where(backdatedTruthy(q))
          .where('s.action', '=', k)
          .select(['c.id as caseId', sql<string | null>`NULL`.as('personId')])
          .orderBy('c.year')
          .orderBy('c.seq')
          .orderBy('s.id')
          .limit(a.limit)
          .offset(a.offset),
      );
    default:
      return null;
  }
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
