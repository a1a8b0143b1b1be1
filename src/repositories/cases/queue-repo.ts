// The queue's reads (issue 14 point 5: flat as data grows). Whom a case waits on is stored on
// the case row (cases.waits_*, written by the step writer, case-repo.ts#refreshWaits), so "what
// waits on me" is an indexed read with a count and a page, not every open case's facts. The
// impartiality exclusions (回避, separation) stay exact: only the few waiting cases that touch
// the person at all (`touching`) are checked case by case by the service
// (src/services/cases/list.ts#myQueue). Deadlines due soon and overdue are read through
// (met_on, due_date, case_id, id) indexes, paged in SQL.
//
// Bounded (issue 14 point 5, third pass): the counts are exact up to QUEUE_BOUNDS.countCap and
// then "more than that" (each count reads at most cap + 1 index entries), all of them in one
// statement; every page is read in index order with a LIMIT (one LIMITed branch per organisation
// and role, merged here), never by sorting every match; the two deadline lists are one statement.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { TERMINAL_STATES, type CaseState } from '../../domain/cases';
import type { Database } from '../../db/schema';
import { isPostgresHandle } from '../../db/database';
import type { DeadlineKind } from '../../calendar/deadlines';
import type { CaseRow } from './case-rows';
import type { Q } from './case-repo';

/** A condition on `cases` (the visibility filter of src/policies/cases.ts). */
export type CaseFilter = (eb: ExpressionBuilder<Database, 'cases'>) => Expression<SqlBool>;

/** The actorships a person holds, as the queue asks for them. */
export interface WaitingOn {
  clerk: boolean;
  leader: boolean;
  decider: boolean;
  /** an investigator: the user whose team cases count */
  teamUserId: string | null;
  /** a subject: the register person whose cases count */
  subjectPersonId: string | null;
}

/** The open cases `visible` lets through (the deadlines' universe). */
const openVisible = (visible: CaseFilter) => (eb: ExpressionBuilder<Database, 'cases'>) => eb.and([visible(eb), eb('cases.state', 'not in', [...TERMINAL_STATES])]);

/**
 * The states in which a case may wait on someone: the open ones, and `closed` — a 申诉 recorded
 * after closure waits on the clerks until it is sent to the outside body (WC-11, refer_appeal;
 * the case's waits_* say so, src/domain/cases/machine.ts#waitingActorships).
 */
const NEVER_WAITING: readonly CaseState[] = TERMINAL_STATES.filter((s) => s !== 'closed');

/** The cases `visible` lets through that may wait on someone (the waiting list's universe). */
const waitingVisible = (visible: CaseFilter) => (eb: ExpressionBuilder<Database, 'cases'>) => eb.and([visible(eb), eb('cases.state', 'not in', [...NEVER_WAITING])]);

function waitsOnCondition(eb: ExpressionBuilder<Database, 'cases'>, w: WaitingOn): Expression<SqlBool> {
  const ors: Expression<SqlBool>[] = [];
  if (w.clerk) ors.push(eb('cases.waits_clerk', '=', 1));
  if (w.leader) ors.push(eb('cases.waits_leader', '=', 1));
  if (w.decider) ors.push(eb('cases.waits_decider', '=', 1));
  if (w.teamUserId) {
    ors.push(eb.and([eb('cases.waits_team', '=', 1), eb('cases.id', 'in', eb.selectFrom('case_team_members').select('case_team_members.case_id').where('case_team_members.user_id', '=', w.teamUserId))]));
  }
  if (w.subjectPersonId) {
    ors.push(eb.and([eb('cases.waits_subject', '=', 1), eb('cases.id', 'in', eb.selectFrom('case_subjects').select('case_subjects.case_id').where('case_subjects.person_id', '=', w.subjectPersonId))]));
  }
  return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
}

/** Who the impartiality rules could make stand aside: a user and their register person. */
export interface Touch {
  userId: string;
  personId: string | null;
  /** also the separation sources: their investigation teams, and (for a chair) the cases they accepted */
  separation: boolean;
  accepter: boolean;
}

/** A row of `touchingSources`: a declared relationship ('rel': the two people), an original case the person took part in ('orig'), or a case ('case'). */
type SourceRow = { kind: 'rel' | 'orig' | 'case'; a: string | null; b: string | null };

/**
 * The sources that name the user or these people, as one UNION ALL statement with a kind column
 * (issue 14: one round trip, not one per table): with `user`, the declared relationships of the
 * user or their person, the cases whose reporter they are, their recusals, their investigation
 * teams and (for a chair) the cases they accepted; for `people`, the cases whose subject they are
 * and the original cases they took part in.
 */
async function touchingSources(q: Q, t: Touch, people: readonly string[], user: boolean): Promise<SourceRow[]> {
  const lit = (kind: SourceRow['kind']) => sql<SourceRow['kind']>`${sql.lit(kind)}`.as('kind');
  const none = sql<string | null>`NULL`.as('b');
  const branches = [
    ...(user
      ? [
          q
            .selectFrom('declared_relationships')
            .select([lit('rel'), 'person_id as a', 'related_person_id as b'])
            .where('withdrawn_at', 'is', null)
            .where((eb) => eb.or([eb('user_id', '=', t.userId), ...(t.personId ? [eb('person_id', '=', t.personId), eb('related_person_id', '=', t.personId)] : [])])),
          q.selectFrom('case_reporter_links').select([lit('case'), 'case_id as a', none]).where((e) => e.or([e('user_id', '=', t.userId), ...(t.personId ? [e('person_id', '=', t.personId)] : [])])),
          q.selectFrom('case_recusals').select([lit('case'), 'case_id as a', none]).where('user_id', '=', t.userId).where('status', 'in', ['in_effect', 'granted']),
          ...(t.separation ? [q.selectFrom('case_team_members').select([lit('case'), 'case_id as a', none]).where('user_id', '=', t.userId)] : []),
          ...(t.accepter ? [q.selectFrom('case_steps').select([lit('case'), 'case_id as a', none]).where('actor_id', '=', t.userId).where('action', '=', 'accept')] : []),
        ]
      : []),
    ...(people.length
      ? [
          q.selectFrom('case_subjects').select([lit('case'), 'case_id as a', none]).where('person_id', 'in', [...people]),
          q.selectFrom('original_case_participants').select([lit('orig'), 'case_id as a', none]).where('person_id', 'in', [...people]),
        ]
      : []),
  ];
  if (!branches.length) return [];
  const [first, ...rest] = branches as unknown as SelectQueryBuilder<Database, never, SourceRow>[];
  return rest.reduce((acc, b) => acc.unionAll(b), first!).execute();
}

/**
 * The cases on which `conflictsOf` / `separationConflicts` (src/policies/recusal.ts) could find
 * anything for this person: a superset (every source that names the user, the person or a
 * person they declared a relationship with). Outside it no refusal is possible. One statement
 * for every source of the user and their person; a second only for the people they declared a
 * relationship with, and one for the cases of the original cases they took part in.
 */
async function touching(q: Q, t: Touch): Promise<string[]> {
  // each source is small (the person's own cases): read the ids from it, not by walking every waiting case
  const rows = await touchingSources(q, t, t.personId ? [t.personId] : [], true);
  const persons = new Set<string>();
  if (t.personId) persons.add(t.personId);
  for (const r of rows) {
    if (r.kind !== 'rel') continue;
    if (r.b) persons.add(r.b);
    if (r.a) persons.add(r.a);
  }
  const others = [...persons].filter((p) => p !== t.personId);
  if (others.length) rows.push(...(await touchingSources(q, t, others, false)));
  const ids = rows.filter((r) => r.kind === 'case').map((r) => r.a!);
  // the original cases they took part in, read first: as a subquery (`original_case_id IN
  // (SELECT …)`) SQLite planned a scan of every case when the list was empty or short
  const originals = [...new Set(rows.filter((r) => r.kind === 'orig').map((r) => r.a!))];
  // chunked: an officer may appear in thousands of original cases (bound-parameter limits)
  for (let i = 0; i < originals.length; i += 500) {
    ids.push(...(await q.selectFrom('cases').select('cases.id').where('cases.original_case_id', 'in', originals.slice(i, i + 500)).execute()).map((r) => r.id));
  }
  return [...new Set(ids)];
}

/**
 * The visible cases waiting on `w` that the impartiality rules could touch for `t` — the
 * only ones whose steps the service must check case by case. Rows, in case order.
 */
export async function waitingTouched(q: Q, visible: CaseFilter, w: WaitingOn, t: Touch): Promise<CaseRow[]> {
  const ids = await touching(q, t);
  const out: CaseRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    out.push(...(await q.selectFrom('cases').selectAll().where('cases.id', 'in', chunk).where(waitingVisible(visible)).where((eb) => waitsOnCondition(eb, w)).execute()));
  }
  return out.sort((a, b) => a.year - b.year || a.seq - b.seq);
}

/**
 * Counts on the queue are exact up to the cap, then "999+" (a product decision); a person who
 * sees only their own cases has their deadlines read by case up to `ownCasesMax` open cases
 * (`ownOpenCases`). An object so a test can lower them.
 */
export const QUEUE_BOUNDS = { countCap: 999, ownCasesMax: 500 };

/** A count read up to a cap: `capped` when there are more than `count` (= the cap). */
export interface CappedCount {
  count: number;
  capped: boolean;
}

const cappedCount = (n: number, cap: number): CappedCount => (n > cap ? { count: cap, capped: true } : { count: n, capped: false });

/** The visible cases waiting on `w`, except `except` (the steps waiting there are all refused by impartiality). */
function waitingQuery(q: Q, visible: CaseFilter, w: WaitingOn, except: readonly string[]) {
  return q
    .selectFrom('cases')
    .where(waitingVisible(visible))
    .where((eb) => {
      let cond = waitsOnCondition(eb, w);
      if (except.length) cond = eb.and([cond, eb('cases.id', 'not in', [...except])]);
      return cond;
    });
}

/**
 * The two lists of deadlines on the queue, each a due-date range; and, for a person who sees only
 * their own cases (an investigator's team, a subject's cases), those open cases (`ownCasesOf`):
 * then both lists are read from these cases' deadlines (a few rows, sorted) instead of walking
 * every deadline of the range in due order and dropping the ones of cases the person cannot see.
 */
export interface QueueRanges {
  overdue: DueRange;
  dueSoon: DueRange;
  ownCaseIds?: readonly string[] | null;
}

/** The lists of the queue, in the order of `deadlinePages`' answer. */
const LISTS = ['overdue', 'dueSoon'] as const;

/**
 * One statement: how many cases wait (after `except`), and, when `ranges` is given, how many
 * deadlines are overdue and due soon — each exact up to `cap`, reading at most cap + 1 rows.
 */
export async function queueCounts(
  q: Q,
  visible: CaseFilter,
  w: WaitingOn,
  except: readonly string[],
  ranges: QueueRanges | null,
  cap: number = QUEUE_BOUNDS.countCap,
): Promise<{ waiting: CappedCount; overdue: CappedCount; dueSoon: CappedCount }> {
  const n = cap + 1;
  // PostgreSQL walking the whole range: the sub-select form, which it cannot plan as a hash join
  // (SQLite: the join — its CROSS JOIN reads the deadlines' index in order and each case from a
  // covering index; both engines read a person's own cases' deadlines by case)
  const how: DueHow = ranges?.ownCaseIds ? 'own' : isPostgresHandle(q) ? 'probe' : 'join';
  const row = await q
    .selectNoFrom((eb) => {
      const one = sql<number>`1`.as('one');
      const counted = eb.fn.countAll<number>().as('n');
      const waiting = eb.selectFrom(waitingQuery(q, visible, w, except).select(one).limit(n).as('w')).select(counted).as('waiting');
      if (!ranges) return [waiting];
      // each list's deadlines and targets, each counted up to the cap
      const due = LISTS.flatMap((list) => DUE_SOURCES.map((src) => eb.selectFrom(unmetDue(q, visible, src, ranges[list], how, ranges.ownCaseIds).select(one).limit(n).as(`${list}${src}`)).select(counted).as(`${list}${src}`)));
      return [waiting, ...due];
    })
    .executeTakeFirstOrThrow();
  const r = row as Record<string, unknown>;
  const num = (k: string): number => Number(r[k] ?? 0);
  const listCount = (list: (typeof LISTS)[number]): CappedCount => cappedCount(DUE_SOURCES.reduce<number>((sum, src) => sum + num(`${list}${src}`), 0), cap);
  return { waiting: cappedCount(num('waiting'), cap), overdue: listCount('overdue'), dueSoon: listCount('dueSoon') };
}

/**
 * A narrow visibility's open cases — the cases of the team the user sits on, the cases whose
 * subject the person is — when there are at most `max` of them (null above: too many to read by
 * case; the queue then walks the deadlines in due order). A superset of what that person may see
 * (the caller's filter still applies).
 */
export async function ownOpenCases(q: Q, own: { teamUserId: string | null; subjectPersonId: string | null }, max: number = QUEUE_BOUNDS.ownCasesMax): Promise<string[] | null> {
  const team = own.teamUserId
    ? q.selectFrom('case_team_members').innerJoin('cases', 'cases.id', 'case_team_members.case_id').select('case_team_members.case_id').where('case_team_members.user_id', '=', own.teamUserId).where('cases.state', 'not in', [...TERMINAL_STATES])
    : null;
  const subj = own.subjectPersonId
    ? q.selectFrom('case_subjects').innerJoin('cases', 'cases.id', 'case_subjects.case_id').select('case_subjects.case_id').where('case_subjects.person_id', '=', own.subjectPersonId).where('cases.state', 'not in', [...TERMINAL_STATES])
    : null;
  const query = team && subj ? team.union(subj) : (team ?? subj);
  if (!query) return [];
  const rows = await q.selectFrom(query.as('own')).select('own.case_id').limit(max + 1).execute();
  return rows.length > max ? null : [...new Set(rows.map((r) => r.case_id))];
}

/** Beyond this many LIMITed branches (organisations × roles) the waiting page is one sorted query. */
const MAX_BRANCHES = 12;

/**
 * One page of the waiting cases in case order (year, seq). Each role's cases of each
 * organisation are read in index order ((org_id, waits_*, year, seq) indexes) up to offset +
 * limit, in one statement, and merged here: no sort of every waiting case. `orgIds` are the
 * organisations the visibility filter admits (null: all); each branch adds `org_id = X` to the
 * unchanged filter, so the union is exactly what the filter lets through.
 */
export async function waitingPage(q: Q, visible: CaseFilter, w: WaitingOn, except: readonly string[], orgIds: readonly string[] | null, limit: number, offset: number): Promise<CaseRow[]> {
  const n = offset + limit;
  const roles: WaitingOn[] = [];
  const none: WaitingOn = { clerk: false, leader: false, decider: false, teamUserId: null, subjectPersonId: null };
  if (w.clerk) roles.push({ ...none, clerk: true });
  if (w.leader) roles.push({ ...none, leader: true });
  if (w.decider) roles.push({ ...none, decider: true });
  const orgs: (string | null)[] = orgIds === null ? [null] : [...orgIds];
  // the team's and the subject's cases are the person's own (few): one branch each, not per organisation
  const own: WaitingOn[] = [];
  if (w.teamUserId) own.push({ ...none, teamUserId: w.teamUserId });
  if (w.subjectPersonId) own.push({ ...none, subjectPersonId: w.subjectPersonId });
  const branches: { w: WaitingOn; org: string | null }[] = [...roles.flatMap((r) => orgs.map((org) => ({ w: r, org }))), ...own.map((r) => ({ w: r, org: null }))];
  if (!branches.length) return [];
  const ordered = (b: { w: WaitingOn; org: string | null } | null) => {
    let x = waitingQuery(q, visible, b ? b.w : w, except);
    if (b?.org) x = x.where('cases.org_id', '=', b.org);
    return x.selectAll('cases').orderBy('cases.year').orderBy('cases.seq');
  };
  if (branches.length === 1 || branches.length > MAX_BRANCHES) return ordered(branches.length === 1 ? branches[0]! : null).limit(limit).offset(offset).execute();
  const [first, ...rest] = branches.map((b, i) => q.selectFrom(ordered(b).limit(n).as(`b${i}`)).selectAll());
  const rows = await rest.reduce((acc, b) => acc.unionAll(b), first!).execute();
  const seen = new Set<string>();
  const out: CaseRow[] = [];
  for (const r of (rows as CaseRow[]).map((x) => ({ ...x, year: Number(x.year), seq: Number(x.seq) })).sort((a, b) => a.year - b.year || a.seq - b.seq)) {
    if (seen.has(r.id)) continue; // waiting on two of the person's roles
    seen.add(r.id);
    out.push(r);
  }
  return out.slice(offset, offset + limit);
}

/** A stored deadline (src = 0, case_deadlines) or internal target (src = 1, case_internal_targets) of a queue case, with what its view needs. */
export interface QueueDeadlineRow {
  src: 0 | 1;
  id: string;
  case_id: string;
  /** the case's organisation (its warning window, its rule pack) */
  org_id: string;
  number: string;
  year: number;
  seq: number;
  kind: string;
  day_kind: string | null;
  citation: string;
  days: number;
  start_date: string;
  due_date: string;
  provisional: number;
  met_on: string | null;
}

/** Queue order of deadlines: earliest due first (overdue: most days late first), then by case id and row id — the index's order. */
const byQueueOrder = (a: QueueDeadlineRow, b: QueueDeadlineRow): number =>
  cmp(a.due_date, b.due_date) || cmp(a.case_id, b.case_id) || a.src - b.src || cmp(a.id, b.id);
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Which due dates: from `from` (inclusive), before `before`, and up to a last date per deadline
 * kind (`toByKind`; kinds not named are left out) and for the internal targets (`toInternal`).
 */
export interface DueRange {
  from?: string;
  before?: string;
  toByKind?: Readonly<Record<string, string>>;
  toInternal?: string;
}

/**
 * The two tables of dated obligations, the same columns (day_kind aside): statutory deadlines
 * (src 0, case_deadlines) and the Commission's internal targets (src 1, case_internal_targets),
 * each with its (met_on, due_date, case_id, id) index. Every query below reads either as `dl`.
 */
const DUE_SOURCES = [0, 1] as const;
type DueSrc = (typeof DUE_SOURCES)[number];
const dueTable = (src: DueSrc) => (src === 0 ? 'case_deadlines as dl' : 'case_internal_targets as dl') as 'case_deadlines as dl';
type DueDb = Database & { dl: Database['case_deadlines'] };

/** The range's conditions on `dl`. */
function rangeConditions(src: DueSrc, range: DueRange) {
  return (eb: ExpressionBuilder<DueDb, 'dl'>): Expression<SqlBool> => {
    const and: Expression<SqlBool>[] = [eb('dl.met_on', 'is', null)];
    if (range.from) and.push(eb('dl.due_date', '>=', range.from));
    if (src === 0 && range.toByKind) {
      const kinds = Object.entries(range.toByKind);
      and.push(kinds.length ? eb.or(kinds.map(([k, to]) => eb.and([eb('dl.kind', '=', k as DeadlineKind), eb('dl.due_date', '<=', to)]))) : sql<SqlBool>`1 = 0`);
      // the last date of any kind: the index range ends there (the per-kind ends are checked on each row)
      const last = kinds.map(([, to]) => to).sort().at(-1);
      if (last) and.push(eb('dl.due_date', '<=', last));
    }
    if (src === 1 && range.toInternal) and.push(eb('dl.due_date', '<=', range.toInternal));
    if (range.before) and.push(eb('dl.due_date', '<', range.before));
    return eb.and(and);
  };
}

/**
 * How the unmet rows of a range are matched with their open visible case:
 * - 'join': `dl CROSS JOIN cases` — SQLite then reads the deadlines through their (met_on,
 *   due_date, case_id, id) index and looks each case up by its key, instead of walking every
 *   visible case (PostgreSQL does the same for a page ordered as the index is, with its LIMIT);
 * - 'probe' (counting on PostgreSQL): each deadline in index order checked against its case by a
 *   sub-select PostgreSQL cannot turn into a join — so the count stops after cap + 1 rows instead
 *   of hashing every visible case (the plan it chose for the join at 10k);
 * - 'own': the person's own cases (`ownCaseIds`, a few) drive: their deadlines read by case id,
 *   then the case — not every deadline of the range.
 */
type DueHow = 'join' | 'probe' | 'own';

/** A query over `dl` and its case (for 'probe', `cases` only in the sub-select: selected from, never). */
type DueQuery = SelectQueryBuilder<DueDb, 'dl' | 'cases', object>;

/** The unmet deadlines (src 0) or internal targets (src 1) of open visible cases due in the range: one function for both tables and both lists. */
function unmetDue(q: Q, visible: CaseFilter, src: DueSrc, range: DueRange, how: DueHow, ownCaseIds?: readonly string[] | null): DueQuery {
  const qd = q as unknown as Kysely<DueDb>;
  const vis = (eb: ExpressionBuilder<DueDb, 'dl' | 'cases'>) => openVisible(visible)(eb as unknown as ExpressionBuilder<Database, 'cases'>);
  if (how === 'probe') {
    return qd
      .selectFrom(dueTable(src))
      .where(rangeConditions(src, range))
      // `IS NOT NULL`, not `= 1`: PostgreSQL estimates an unknown `= 1` to keep 0.5 % of the rows, so
      // the LIMIT seemed to read the whole range (estimated cost > 100,000) and it JIT-compiled the
      // statement on every request (45–185 ms, more than the statement's run); IS NOT NULL it
      // estimates at 99.5 %, as it nearly always is, and the statement stays under jit_above_cost
      .where((eb) => eb(eb.selectFrom('cases').select(sql<number>`1`.as('one')).whereRef('cases.id', '=', 'dl.case_id').where(vis), 'is not', null)) as unknown as DueQuery;
  }
  if (how === 'own') {
    const ids = JSON.stringify([...new Set(ownCaseIds ?? [])]);
    const own = isPostgresHandle(q) ? sql<{ case_id: string }>`(SELECT json_array_elements_text(${ids}::json) AS case_id)` : sql<{ case_id: string }>`(SELECT value AS case_id FROM json_each(${ids}))`;
    // CROSS JOIN keeps this order on SQLite: the own cases, their deadlines by case, the case
    return qd
      .selectFrom(own.as('own'))
      .crossJoin(dueTable(src))
      .whereRef('dl.case_id', '=', 'own.case_id')
      .crossJoin('cases')
      .whereRef('cases.id', '=', 'dl.case_id')
      .where(rangeConditions(src, range) as unknown as (eb: ExpressionBuilder<DueDb, 'dl' | 'cases'>) => Expression<SqlBool>)
      .where(vis) as unknown as DueQuery;
  }
  return qd
    .selectFrom(dueTable(src))
    .crossJoin('cases')
    .whereRef('cases.id', '=', 'dl.case_id')
    .where(rangeConditions(src, range) as unknown as (eb: ExpressionBuilder<DueDb, 'dl' | 'cases'>) => Expression<SqlBool>)
    .where(vis);
}

/** One list's deadlines (src 0) or targets (src 1) with their cases, in index order, up to `n`. */
function dueBranch(q: Q, visible: CaseFilter, src: DueSrc, range: DueRange, list: number, n: number, ownCaseIds: readonly string[] | null | undefined) {
  return unmetDue(q, visible, src, range, ownCaseIds ? 'own' : 'join', ownCaseIds)
    .select([
      sql<number>`${sql.lit(list)}`.as('list'),
      sql<DueSrc>`${sql.lit(src)}`.as('src'),
      'dl.id',
      'dl.case_id',
      'cases.org_id',
      'cases.number',
      'cases.year',
      'cases.seq',
      'dl.kind',
      src === 0 ? sql<string | null>`dl.day_kind`.as('day_kind') : sql<string | null>`NULL`.as('day_kind'),
      'dl.citation',
      'dl.days',
      'dl.start_date',
      'dl.due_date',
      'dl.provisional',
      'dl.met_on',
    ])
    // met_on first (NULL on every row here): the index's own order, which PostgreSQL then reads
    // without a sort (it does not treat `met_on IS NULL` as fixing the leading column)
    .orderBy('dl.met_on')
    .orderBy('dl.due_date')
    .orderBy('dl.case_id')
    .orderBy('dl.id')
    .limit(n)
    .$castTo<QueueDeadlineRow & { list: number }>();
}

/**
 * One page of each list (overdue, due soon) of unmet deadlines and targets of open visible
 * cases, in queue order (earliest due first; ties by case id, then deadline id): one statement,
 * four branches (two lists × two tables) each read in index order up to offset + limit, merged here.
 */
export async function deadlinePages(q: Q, visible: CaseFilter, ranges: QueueRanges, limit: number, offset: number): Promise<{ overdue: QueueDeadlineRow[]; dueSoon: QueueDeadlineRow[] }> {
  const n = offset + limit;
  const [first, ...rest] = LISTS.flatMap((list, i) => DUE_SOURCES.map((src) => q.selectFrom(dueBranch(q, visible, src, ranges[list], i, n, ranges.ownCaseIds).as(`${list}${src}`)).selectAll()));
  const rows = (await rest.reduce((acc, b) => acc.unionAll(b), first!).execute()) as (QueueDeadlineRow & { list: number })[];
  const page = (list: number) =>
    rows
      .filter((r) => Number(r.list) === list)
      .map(norm)
      .sort(byQueueOrder)
      .slice(offset, offset + limit);
  return { overdue: page(0), dueSoon: page(1) };
}

const norm = (r: QueueDeadlineRow & { list?: number }): QueueDeadlineRow => {
  const { list: _list, ...rest } = r;
  void _list;
  return { ...rest, src: Number(r.src) as DueSrc, year: Number(r.year), seq: Number(r.seq), days: Number(r.days), provisional: Number(r.provisional) };
};
