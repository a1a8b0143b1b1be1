// The queue's reads (issue 14 point 5: flat as data grows). Whom a case waits on is stored on
// the case row (cases.waits_*, written by the step writer, case-repo.ts#refreshWaits), so "what
// waits on me" is an indexed read with a count and a page, not every open case's facts. The
// impartiality exclusions (回避, separation) stay exact: only the few waiting cases that touch
// the person at all (`touching`) are checked case by case by the service
// (src/services/cases/list.ts#myQueue). Deadlines due soon and overdue are read through
// (met_on, due_date) indexes, overdue ones paged in SQL.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { TERMINAL_STATES } from '../../domain/cases';
import type { Database } from '../../db/schema';
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

/**
 * The waiting cases, counted and paged in case order: open, visible, waiting on `w`, except
 * `except` (the steps waiting there are all refused by impartiality).
 */
export async function waitingPage(q: Q, visible: CaseFilter, w: WaitingOn, except: readonly string[], limit: number, offset: number): Promise<{ total: number; rows: CaseRow[] }> {
  const base = q
    .selectFrom('cases')
    .where(openVisible(visible))
    .where((eb) => {
      let cond = waitsOnCondition(eb, w);
      if (except.length) cond = eb.and([cond, eb('cases.id', 'not in', [...except])]);
      return cond;
    });
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = total > offset ? await base.selectAll('cases').orderBy('cases.year').orderBy('cases.seq').limit(limit).offset(offset).execute() : [];
  return { total, rows };
}

/** A stored deadline (src = 0, case_deadlines) or internal target (src = 1, case_internal_targets) of a queue case. */
export interface QueueDeadlineRow {
  src: 0 | 1;
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

const byQueueOrder = (a: QueueDeadlineRow, b: QueueDeadlineRow): number =>
  a.due_date.localeCompare(b.due_date) || a.year - b.year || a.seq - b.seq || a.src - b.src || a.start_date.localeCompare(b.start_date);

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

/** The unmet deadlines and targets of open visible cases due in the range. */
function deadlineQueries(q: Q, visible: CaseFilter, range: DueRange) {
  const vis = (eb: ExpressionBuilder<Database, 'cases' | 'case_deadlines'>) => openVisible(visible)(eb as unknown as ExpressionBuilder<Database, 'cases'>);
  const visT = (eb: ExpressionBuilder<Database, 'cases' | 'case_internal_targets'>) => openVisible(visible)(eb as unknown as ExpressionBuilder<Database, 'cases'>);
  // CROSS JOIN: SQLite then reads the deadlines through their (met_on, due_date) index and looks
  // each case up by its key, instead of walking every visible case (PostgreSQL plans it freely).
  let d = q
    .selectFrom('case_deadlines')
    .crossJoin('cases')
    .whereRef('cases.id', '=', 'case_deadlines.case_id')
    .where('case_deadlines.met_on', 'is', null)
    .where(vis);
  let t = q
    .selectFrom('case_internal_targets')
    .crossJoin('cases')
    .whereRef('cases.id', '=', 'case_internal_targets.case_id')
    .where('case_internal_targets.met_on', 'is', null)
    .where(visT);
  if (range.from) {
    d = d.where('case_deadlines.due_date', '>=', range.from);
    t = t.where('case_internal_targets.due_date', '>=', range.from);
  }
  if (range.toByKind) {
    const kinds = Object.entries(range.toByKind);
    d = d.where((eb) => (kinds.length ? eb.or(kinds.map(([k, to]) => eb.and([eb('case_deadlines.kind', '=', k as DeadlineKind), eb('case_deadlines.due_date', '<=', to)]))) : sql<SqlBool>`1 = 0`));
  }
  if (range.toInternal) t = t.where('case_internal_targets.due_date', '<=', range.toInternal);
  if (range.before) {
    d = d.where('case_deadlines.due_date', '<', range.before);
    t = t.where('case_internal_targets.due_date', '<', range.before);
  }
  const dSel = d.select([
    sql<0>`0`.as('src'),
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
  ]);
  const tSel = t.select([
    sql<1>`1`.as('src'),
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
  ]);
  return { d, t, dSel, tSel };
}

/**
 * Unmet deadlines and targets of open visible cases due in the range: counted, and one page in
 * queue order (earliest due first: for overdue ones, most days late first).
 */
export async function deadlinePage(q: Q, visible: CaseFilter, range: DueRange, limit: number, offset: number): Promise<{ total: number; rows: QueueDeadlineRow[] }> {
  const { d, t, dSel, tSel } = deadlineQueries(q, visible, range);
  const [nd, nt] = await Promise.all([
    d.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    t.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const total = Number(nd.n) + Number(nt.n);
  if (total <= offset) return { total, rows: [] };
  const n = offset + limit;
  const [rd, rt] = await Promise.all([
    dSel.orderBy('case_deadlines.due_date').orderBy('cases.year').orderBy('cases.seq').orderBy('case_deadlines.start_date').limit(n).execute(),
    tSel.orderBy('case_internal_targets.due_date').orderBy('cases.year').orderBy('cases.seq').orderBy('case_internal_targets.start_date').limit(n).execute(),
  ]);
  const rows = [...(rd as QueueDeadlineRow[]), ...(rt as QueueDeadlineRow[])].map(norm).sort(byQueueOrder).slice(offset, offset + limit);
  return { total, rows };
}

const norm = (r: QueueDeadlineRow): QueueDeadlineRow => ({ ...r, src: Number(r.src) as 0 | 1, year: Number(r.year), seq: Number(r.seq), provisional: Number(r.provisional) });
