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
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { TERMINAL_STATES } from '../../domain/cases';
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

/** The open cases `visible` lets through (the queue's whole universe). */
const openVisible = (visible: CaseFilter) => (eb: ExpressionBuilder<Database, 'cases'>) => eb.and([visible(eb), eb('cases.state', 'not in', [...TERMINAL_STATES])]);

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

/**
 * The cases on which `conflictsOf` / `separationConflicts` (src/policies/recusal.ts) could find
 * anything for this person: a superset (every source that names the user, the person or a
 * person they declared a relationship with). Outside it no refusal is possible.
 */
async function touching(q: Q, t: Touch): Promise<string[]> {
  const rels = await q
    .selectFrom('declared_relationships')
    .select(['person_id', 'related_person_id'])
    .where('withdrawn_at', 'is', null)
    .where((eb) => eb.or([eb('user_id', '=', t.userId), ...(t.personId ? [eb('person_id', '=', t.personId), eb('related_person_id', '=', t.personId)] : [])]))
    .execute();
  const persons = new Set<string>();
  if (t.personId) persons.add(t.personId);
  for (const r of rels) {
    persons.add(r.related_person_id);
    if (r.person_id) persons.add(r.person_id);
  }
  const people = [...persons];
  // each source is small (the person's own cases): read the ids from it, not by walking every waiting case
  const col = async (p: Promise<{ case_id: string }[]>): Promise<string[]> => (await p).map((r) => r.case_id);
  // the original cases they took part in, read first: as a subquery (`original_case_id IN
  // (SELECT …)`) SQLite planned a scan of every case when the list was empty or short
  const originals = people.length ? [...new Set(await col(q.selectFrom('original_case_participants').select('case_id').where('person_id', 'in', people).execute()))] : [];
  const lists = await Promise.all([
    people.length ? col(q.selectFrom('case_subjects').select('case_id').where('person_id', 'in', people).execute()) : [],
    (async () => {
      const out: string[] = [];
      // chunked: an officer may appear in thousands of original cases (bound-parameter limits)
      for (let i = 0; i < originals.length; i += 500) out.push(...(await col(q.selectFrom('cases').select('cases.id as case_id').where('cases.original_case_id', 'in', originals.slice(i, i + 500)).execute())));
      return out;
    })(),
    col(q.selectFrom('case_reporter_links').select('case_id').where((e) => e.or([e('user_id', '=', t.userId), ...(t.personId ? [e('person_id', '=', t.personId)] : [])])).execute()),
    col(q.selectFrom('case_recusals').select('case_id').where('user_id', '=', t.userId).where('status', 'in', ['in_effect', 'granted']).execute()),
    t.separation ? col(q.selectFrom('case_team_members').select('case_id').where('user_id', '=', t.userId).execute()) : [],
    t.accepter ? col(q.selectFrom('case_steps').select('case_id').where('actor_id', '=', t.userId).where('action', '=', 'accept').execute()) : [],
  ]);
  return [...new Set(lists.flat())];
}

/**
 * The open visible cases waiting on `w` that the impartiality rules could touch for `t` — the
 * only ones whose steps the service must check case by case. Rows, in case order.
 */
export async function waitingTouched(q: Q, visible: CaseFilter, w: WaitingOn, t: Touch): Promise<CaseRow[]> {
  const ids = await touching(q, t);
  const out: CaseRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    out.push(...(await q.selectFrom('cases').selectAll().where('cases.id', 'in', chunk).where(openVisible(visible)).where((eb) => waitsOnCondition(eb, w)).execute()));
  }
  return out.sort((a, b) => a.year - b.year || a.seq - b.seq);
}

/** Counts on the queue are exact up to the cap, then "999+" (a product decision; an object so a test can lower it). */
export const QUEUE_BOUNDS = { countCap: 999 };

/** A count read up to a cap: `capped` when there are more than `count` (= the cap). */
export interface CappedCount {
  count: number;
  capped: boolean;
}

const cappedCount = (n: number, cap: number): CappedCount => (n > cap ? { count: cap, capped: true } : { count: n, capped: false });

/** The open visible cases waiting on `w`, except `except` (the steps waiting there are all refused by impartiality). */
function waitingQuery(q: Q, visible: CaseFilter, w: WaitingOn, except: readonly string[]) {
  return q
    .selectFrom('cases')
    .where(openVisible(visible))
    .where((eb) => {
      let cond = waitsOnCondition(eb, w);
      if (except.length) cond = eb.and([cond, eb('cases.id', 'not in', [...except])]);
      return cond;
    });
}

/** The two lists of deadlines on the queue, each a due-date range. */
export interface QueueRanges {
  overdue: DueRange;
  dueSoon: DueRange;
}

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
  // SQLite: the join (its CROSS JOIN reads the deadlines' index in order and each case from a
  // covering index); PostgreSQL: the sub-select form, which it cannot plan as a hash join
  const counting = isPostgresHandle(q) ? deadlineCountQueries : deadlineQueries;
  const od = ranges ? counting(q, visible, ranges.overdue) : null;
  const ds = ranges ? counting(q, visible, ranges.dueSoon) : null;
  const row = await q
    .selectNoFrom((eb) => {
      const one = sql<number>`1`.as('one');
      const counted = eb.fn.countAll<number>().as('n');
      const waiting = eb.selectFrom(waitingQuery(q, visible, w, except).select(one).limit(n).as('w')).select(counted).as('waiting');
      if (!od || !ds) return [waiting];
      return [
        waiting,
        eb.selectFrom(od.d.select(one).limit(n).as('od')).select(counted).as('od'),
        eb.selectFrom(od.t.select(one).limit(n).as('ot')).select(counted).as('ot'),
        eb.selectFrom(ds.d.select(one).limit(n).as('sd')).select(counted).as('sd'),
        eb.selectFrom(ds.t.select(one).limit(n).as('st')).select(counted).as('st'),
      ];
    })
    .executeTakeFirstOrThrow();
  const r = row as Record<string, unknown>;
  const num = (k: string): number => Number(r[k] ?? 0);
  return {
    waiting: cappedCount(num('waiting'), cap),
    overdue: cappedCount(num('od') + num('ot'), cap),
    dueSoon: cappedCount(num('sd') + num('st'), cap),
  };
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

/** A stored deadline (src = 0, case_deadlines) or internal target (src = 1, case_internal_targets) of a queue case. */
export interface QueueDeadlineRow {
  src: 0 | 1;
  id: string;
  case_id: string;
  number: string;
  year: number;
  seq: number;
  kind: string;
  day_kind: string | null;
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

/** The range's conditions on one of the two tables (the same columns in both). */
function rangeConditions(table: 'case_deadlines' | 'case_internal_targets', range: DueRange) {
  return (eb0: ExpressionBuilder<Database, 'case_deadlines' | 'case_internal_targets'>): Expression<SqlBool> => {
    const eb = eb0 as unknown as ExpressionBuilder<Database, 'case_deadlines'>;
    const col = (c: 'due_date' | 'kind' | 'met_on') => `${table}.${c}` as `case_deadlines.${typeof c}`;
    const and: Expression<SqlBool>[] = [eb(col('met_on'), 'is', null)];
    if (range.from) and.push(eb(col('due_date'), '>=', range.from));
    if (table === 'case_deadlines' && range.toByKind) {
      const kinds = Object.entries(range.toByKind);
      and.push(kinds.length ? eb.or(kinds.map(([k, to]) => eb.and([eb(col('kind'), '=', k as DeadlineKind), eb(col('due_date'), '<=', to)]))) : sql<SqlBool>`1 = 0`);
      // the last date of any kind: the index range ends there (the per-kind ends are checked on each row)
      const last = kinds.map(([, to]) => to).sort().at(-1);
      if (last) and.push(eb(col('due_date'), '<=', last));
    }
    if (table === 'case_internal_targets' && range.toInternal) and.push(eb(col('due_date'), '<=', range.toInternal));
    if (range.before) and.push(eb(col('due_date'), '<', range.before));
    return eb.and(and);
  };
}

/** The unmet deadlines and targets of open visible cases due in the range, joined to their case (for a page). */
function deadlineQueries(q: Q, visible: CaseFilter, range: DueRange) {
  const vis = (eb: ExpressionBuilder<Database, 'cases' | 'case_deadlines'>) => openVisible(visible)(eb as unknown as ExpressionBuilder<Database, 'cases'>);
  const visT = (eb: ExpressionBuilder<Database, 'cases' | 'case_internal_targets'>) => openVisible(visible)(eb as unknown as ExpressionBuilder<Database, 'cases'>);
  const rd = rangeConditions('case_deadlines', range) as unknown as (eb: ExpressionBuilder<Database, 'cases' | 'case_deadlines'>) => Expression<SqlBool>;
  const rt = rangeConditions('case_internal_targets', range) as unknown as (eb: ExpressionBuilder<Database, 'cases' | 'case_internal_targets'>) => Expression<SqlBool>;
  // CROSS JOIN: SQLite then reads the deadlines through their (met_on, due_date, case_id, id)
  // index and looks each case up by its key, instead of walking every visible case (PostgreSQL
  // does the same for a page ordered as the index is, with its LIMIT).
  const d = q.selectFrom('case_deadlines').crossJoin('cases').whereRef('cases.id', '=', 'case_deadlines.case_id').where(rd).where(vis);
  const t = q.selectFrom('case_internal_targets').crossJoin('cases').whereRef('cases.id', '=', 'case_internal_targets.case_id').where(rt).where(visT);
  return { d, t };
}

/**
 * The same rows for counting on PostgreSQL: each deadline in the range, in index order, checked
 * against its case by a sub-select PostgreSQL cannot turn into a join — so the count stops after
 * cap + 1 rows instead of hashing every visible case (the plan it chose for the join at 10k).
 */
function deadlineCountQueries(q: Q, visible: CaseFilter, range: DueRange) {
  const caseOk = (table: 'case_deadlines' | 'case_internal_targets') => (eb: ExpressionBuilder<Database, 'case_deadlines' | 'case_internal_targets'>) =>
    eb(eb.selectFrom('cases').select(sql<number>`1`.as('one')).whereRef('cases.id', '=', `${table}.case_id` as 'case_deadlines.case_id').where(openVisible(visible)), '=', 1);
  const rd = rangeConditions('case_deadlines', range) as unknown as (eb: ExpressionBuilder<Database, 'case_deadlines'>) => Expression<SqlBool>;
  const rt = rangeConditions('case_internal_targets', range) as unknown as (eb: ExpressionBuilder<Database, 'case_internal_targets'>) => Expression<SqlBool>;
  const d = q.selectFrom('case_deadlines').where(rd).where(caseOk('case_deadlines') as unknown as (eb: ExpressionBuilder<Database, 'case_deadlines'>) => Expression<SqlBool>);
  const t = q.selectFrom('case_internal_targets').where(rt).where(caseOk('case_internal_targets') as unknown as (eb: ExpressionBuilder<Database, 'case_internal_targets'>) => Expression<SqlBool>);
  return { d, t };
}

/** One list's deadlines and targets, each in index order with a LIMIT. */
function deadlineBranches(q: Q, visible: CaseFilter, range: DueRange, list: number, n: number) {
  const { d, t } = deadlineQueries(q, visible, range);
  const dSel = d
    .select([
      sql<number>`${list}`.as('list'),
      sql<0>`0`.as('src'),
      'case_deadlines.id',
      'case_deadlines.case_id',
      'cases.number',
      'cases.year',
      'cases.seq',
      'case_deadlines.kind',
      'case_deadlines.day_kind',
      'case_deadlines.start_date',
      'case_deadlines.due_date',
      'case_deadlines.provisional',
      'case_deadlines.met_on',
    ])
    // met_on first (NULL on every row here): the index's own order, which PostgreSQL then reads
    // without a sort (it does not treat `met_on IS NULL` as fixing the leading column)
    .orderBy('case_deadlines.met_on')
    .orderBy('case_deadlines.due_date')
    .orderBy('case_deadlines.case_id')
    .orderBy('case_deadlines.id')
    .limit(n)
    .$castTo<QueueDeadlineRow & { list: number }>();
  const tSel = t
    .select([
      sql<number>`${list}`.as('list'),
      sql<1>`1`.as('src'),
      'case_internal_targets.id',
      'case_internal_targets.case_id',
      'cases.number',
      'cases.year',
      'cases.seq',
      'case_internal_targets.kind',
      sql<string | null>`NULL`.as('day_kind'),
      'case_internal_targets.start_date',
      'case_internal_targets.due_date',
      'case_internal_targets.provisional',
      'case_internal_targets.met_on',
    ])
    // met_on first (NULL on every row here): the index's own order, which PostgreSQL then reads
    // without a sort (it does not treat `met_on IS NULL` as fixing the leading column)
    .orderBy('case_internal_targets.met_on')
    .orderBy('case_internal_targets.due_date')
    .orderBy('case_internal_targets.case_id')
    .orderBy('case_internal_targets.id')
    .limit(n)
    .$castTo<QueueDeadlineRow & { list: number }>();
  return [dSel, tSel] as const;
}

/**
 * One page of each list (overdue, due soon) of unmet deadlines and targets of open visible
 * cases, in queue order (earliest due first; ties by case id, then deadline id): one statement,
 * four branches each read in index order up to offset + limit, merged here.
 */
export async function deadlinePages(q: Q, visible: CaseFilter, ranges: QueueRanges, limit: number, offset: number): Promise<{ overdue: QueueDeadlineRow[]; dueSoon: QueueDeadlineRow[] }> {
  const n = offset + limit;
  const [od, ot] = deadlineBranches(q, visible, ranges.overdue, 0, n);
  const [sd, st] = deadlineBranches(q, visible, ranges.dueSoon, 1, n);
  const rows = (await q
    .selectFrom(od.as('od'))
    .selectAll()
    .unionAll(q.selectFrom(ot.as('ot')).selectAll())
    .unionAll(q.selectFrom(sd.as('sd')).selectAll())
    .unionAll(q.selectFrom(st.as('st')).selectAll())
    .execute()) as (QueueDeadlineRow & { list: number })[];
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
  return { ...rest, src: Number(r.src) as 0 | 1, year: Number(r.year), seq: Number(r.seq), provisional: Number(r.provisional) };
};
