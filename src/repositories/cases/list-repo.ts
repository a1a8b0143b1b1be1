// SQL of the case list (src/services/cases/list.ts): the visible cases matching the list's
// filters, counted and paged newest first, and the subjects of a page. Visibility — org scope
// included — is the case policy's filter (src/policies/cases.ts#visibleCasesFilter), carried by
// every statement over `cases` here.
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { TERMINAL_STATES, type CaseSource, type CaseState, type Track } from '../../domain/cases';
import { isPostgresHandle } from '../../db/database';
import type { Database } from '../../db/schema';
import type { CaseRow } from './case-rows';
import type { Q } from './case-repo';
import type { CaseFilter } from './queue-repo';
import type { SubjectsShown } from '../../policies/cases';

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
  /**
   * FL-5(1), FL-7(7): which subjects `unitId` and `subjectPersonId` match on — every subject of a
   * case the caller reads in full, only the caller's own record of one it reads as its subject
   * (src/policies/cases.ts#subjectsShownTo)
   */
  subjectsShown: SubjectsShown;
  /** the decision in force imposes this form ('exempt': 免于追究) */
  form?: string;
  /** has (true) or has not (false) an unmet deadline due before `today` */
  overdue?: boolean;
  today: string;
  /** The case number contains `text`, or (staff) the case's documents match the full-text query. */
  text?: { text: string; fullText?: FullTextMatch };
}

/**
 * A full-text query over the case documents (src/services/cases/search.ts): `matching(window)`
 * selects the case id of each of the newest `window` matching documents, newest first (null:
 * every match).
 */
export interface FullTextMatch {
  matching: (window: number | null) => RawBuilder<unknown>;
  /**
   * FL-5(1), FL-7(7): a sub-select of the case ids whose documents must not match for this
   * caller (the cases they must stand aside from: their documents are read from the subject's
   * perspective, so a match there would let them probe the undisclosed evidence). Such a case is
   * still found by its number.
   */
  excludeCaseIds?: RawBuilder<unknown>;
}

type CasesQuery = SelectQueryBuilder<Database, 'cases', object>;

/**
 * Bounds of a text search (issue 14 point 5): the total is exact up to `totalCap`, then reported
 * as "cap+"; the full-text window never grows past `maxWindow` documents before it takes every
 * match. A test lowers the cap to see the widening.
 */
export const SEARCH_BOUNDS = { totalCap: 1000, maxWindow: 50_000 };

/** The visible cases matching `f`: their count (capped for a text search), and one page newest first. */
export async function casePage(q: Q, visible: CaseFilter, f: CaseListFilter, limit: number, offset: number): Promise<{ total: number; totalCapped: boolean; rows: CaseRow[] }> {
  let base = q.selectFrom('cases').where(visible);
  if (f.orgId) base = base.where('cases.org_id', '=', f.orgId);
  if (f.state) base = base.where('cases.state', '=', f.state);
  if (f.track) base = base.where('cases.tracks', 'like', `%"${f.track}"%`);
  if (f.source) base = base.where('cases.source', '=', f.source);
  if (f.year) base = base.where('cases.year', '=', f.year);
  if (f.open) base = base.where('cases.state', 'not in', [...TERMINAL_STATES]);
  // FL-5(1), FL-7(7): on a case read as its subject, only the caller's own subject record matches
  const shown = f.subjectsShown;
  const own = shown.ownPersonId;
  if (f.unitId) {
    const unitId = f.unitId;
    const inUnit = q.selectFrom('case_subjects').select('case_id').where('unit_id', '=', unitId);
    base = base.where((eb) =>
      eb.or([eb.and([eb('cases.id', 'in', inUnit), shown.seenInFull('cases.id')]), ...(own ? [eb('cases.id', 'in', q.selectFrom('case_subjects').select('case_id').where('unit_id', '=', unitId).where('person_id', '=', own))] : [])]),
    );
  }
  if (f.subjectPersonId) {
    base = base.where('cases.id', 'in', q.selectFrom('case_subjects').select('case_id').where('person_id', '=', f.subjectPersonId));
    if (f.subjectPersonId !== own) base = base.where(shown.seenInFull('cases.id'));
  }
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
  let total: number;
  let totalCapped = false;
  if (f.text) {
    const cap = SEARCH_BOUNDS.totalCap;
    const found = await textSearchCases(q, base, f.text, cap);
    base = found.base;
    total = Math.min(found.counted, cap);
    totalCapped = found.counted > cap;
  } else {
    total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }
  const rows = await base.selectAll('cases').orderBy('cases.year', 'desc').orderBy('cases.seq', 'desc').limit(limit).offset(offset).execute();
  return { total, totalCapped, rows };
}

/**
 * The cases of `base` whose number contains the text or (staff) whose documents match the
 * full-text query, bounded (issue 14 point 5, flat as data grows): the newest `window` + 1
 * matching documents are read once, inside the full-text query (no rank computed, see
 * matchingCasesSubquery), and their case ids bound to the statements over `cases` (so the
 * full-text index is read once per window, not by each statement). `window` + 1 documents
 * means the window cut matches off: its cases are counted by looking each up; more than `cap`
 * visible and kept by the filters → "cap+" (the page then walks the year/number index newest
 * first and stops at the page). When they are `cap` or fewer (the visibility or the filters hide
 * most), the window widens in proportion up to every match, so hidden matches never make the
 * result wrong; once every match is in, the number and full-text matches are read as a union,
 * each through its own index. Returns the narrowed query and its count up to cap + 1.
 */
export async function textSearchCases(q: Q, base: CasesQuery, text: NonNullable<CaseListFilter['text']>, cap: number): Promise<{ base: CasesQuery; counted: number }> {
  const pattern = `%${text.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const pg = isPostgresHandle(q);
  // PostgreSQL: ILIKE only when case can matter (a Latin letter); it folds every row's case,
  // ~4× the cost of LIKE over the numbers of a Chinese query, which has no case to fold
  const caseless = text.text.toLowerCase() === text.text.toUpperCase();
  const op = pg && !caseless ? sql`ILIKE` : sql`LIKE`;
  const byNumber = sql<boolean>`cases.number ${op} ${pattern} ESCAPE '\\'`;
  // counted up to cap + 1 only: the total is exact up to the cap
  const counted = (b: CasesQuery) =>
    q.selectFrom(b.select('cases.id').limit(cap + 1).as('x')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));
  const fullText = text.fullText;
  if (!fullText) {
    const b = base.where(byNumber);
    return { base: b, counted: await counted(b) };
  }
  // the window's case ids as one bound value, whatever their number (SQLite: a JSON array, as
  // sql-ids.ts; PostgreSQL: a text[], the form the figures in docs/PERFORMANCE.md were measured with)
  const ex = fullText.excludeCaseIds;
  const notExcluded = (c: RawBuilder<boolean>): RawBuilder<boolean> => (ex ? sql<boolean>`(${c} AND cases.id NOT IN (${ex}))` : c);
  const inIds = (ids: readonly string[]) => notExcluded(pg ? sql<boolean>`cases.id = ANY(${[...ids]}::text[])` : sql<boolean>`cases.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
  let w = Math.ceil((cap + 1) * 1.25);
  let inWindow: RawBuilder<boolean> | null = null;
  while (w <= SEARCH_BOUNDS.maxWindow) {
    const docs = (await sql<{ case_id: string }>`${fullText.matching(w + 1)}`.execute(q)).rows;
    const ids = [...new Set(docs.slice(0, w).map((d) => d.case_id))];
    if (docs.length <= w) {
      inWindow = inIds(ids); // every match is in hand
      break;
    }
    // the window cut matches off: are more than `cap` of its cases visible and kept by the filters?
    const n = await counted(base.where(inIds(ids)));
    if (n > cap) return { base: base.where(sql<boolean>`(${byNumber} OR ${inIds(ids)})`), counted: n };
    w = Math.max(w * 2, Math.ceil((w * (cap + 1) * 1.25) / Math.max(n, 1)));
  }
  // every match: the cases matching by full text or by number, each part read through its own index
  const all = inWindow ?? notExcluded(sql<boolean>`cases.id IN (${fullText.matching(null)})`);
  const b = base.where('cases.id', 'in', base.select('cases.id').where(all).union(base.select('cases.id').where(byNumber)));
  return { base: b, counted: await counted(b) };
}

/** The subjects (register person ids) of these cases, with each person's register name (null: no such person). */
export async function subjectsOfCases(q: Q, caseIds: readonly string[]): Promise<{ caseId: string; personId: string; name: string | null }[]> {
  if (!caseIds.length) return [];
  // the register person's name in the same statement (issue 14: not a second read of the page's
  // people); a correlated sub-select, so the rows come in the order the subjects' read gives them
  const rows = await q
    .selectFrom('case_subjects')
    .select((eb) => ['case_subjects.case_id', 'case_subjects.person_id', eb.selectFrom('people').select('people.name').whereRef('people.id', '=', 'case_subjects.person_id').as('name')])
    .where('case_subjects.case_id', 'in', [...caseIds])
    .execute();
  return rows.map((r) => ({ caseId: r.case_id, personId: r.person_id, name: r.name ?? null }));
}
