// The case list (filters, paging, text search) and "my queue": what waits on me, what is due
// soon, what is overdue — both limited to the cases the caller may see.
import { z } from 'zod';
import { allowedActions, waitsOn, CASE_STATES, SOURCES, STATE_LABELS, TRACKS, type CaseState, type Track } from '../../domain/cases';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { parseInput } from '../../lib/validation';
import { authorize, can, hasRole, type Actor, type Role } from '../../policies/roles';
import { actorOrgId, mayReadOrg, readableOrgIds, subtreeOf } from '../../policies/org-scope';
import type { Ctx } from '../context';
import { describeCaseDeadlines, describeStoredDeadlines, storedDeadlineState, warningHorizons, type CaseDeadlineView } from './deadlines';
import { deadlineDescriber } from '../calendar-service';
import { deadlinePages, ownOpenCases, QUEUE_BOUNDS, queueCounts, waitingPage, waitingTouched, type QueueDeadlineRow, type QueueRanges, type WaitingOn } from '../../repositories/cases/queue-repo';
import type { StoredDeadline, StoredInternalTarget } from '../../repositories/cases/deadlines-repo';
import { maySeeReportText, ownCasesOf, subjectsShownTo } from '../../policies/cases';
import type { CaseRow } from '../../repositories/cases/case-rows';
import { actorFactsOf, parseJson, visibleCasesFilter } from './repo';
import { loadCaseFactsMany } from '../../repositories/cases/case-aggregate';
import { casesStoodAsideFrom, standAsideCaseIds, teamCaseIds } from '../../repositories/cases/case-repo';
import { casePage, SEARCH_BOUNDS, subjectsOfCases, type CaseListFilter } from '../../repositories/cases/list-repo';
import { findUser } from '../../repositories/users/users-repo';
import { findOrgs, membershipsOf, orgTree, type Membership } from '../orgs/org-repo';
import { actorImpartiality, impartialityOn, offeredActionsWith } from './impartiality';
import { loadRecusalFactsMany } from '../../policies/recusal-repo';
import { FORM_IDS } from '../../domain/cases/citations';
import { caseSearchScope, caseSearchSubquery } from './search';
import { pendingWc5Signals } from './wc5-signals';
import { readableTexts } from './report-text';
import { requestReads, type RequestReads } from '../request-reads';

const boolQuery = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());

export const listQuerySchema = z.object({
  state: z.enum(CASE_STATES).optional(),
  track: z.enum(TRACKS).optional(),
  source: z.enum(SOURCES).optional(),
  unitId: z.string().min(1).max(64).optional(),
  subjectPersonId: z.string().min(1).max(64).optional(),
  /** issue 11: one organisation of the caller's scope (a supervisor narrowing the list) */
  orgId: z.string().min(1).max(64).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  /** issue 12 point 6 (drill-down from the statistics): cases whose decision in force imposes this form ('exempt': 免于追究) */
  form: z.enum(['exempt', ...FORM_IDS] as [string, ...string[]]).optional(),
  overdue: boolQuery.optional(),
  open: boolQuery.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** The search bounds (exact total up to the cap; an object so a test can lower it). */
export { SEARCH_BOUNDS };
/** The queue's counts: exact up to `countCap`, then capped ("999+"; an object so a test can lower it). */
export { QUEUE_BOUNDS };

export async function listCases(ctx: Ctx, raw: unknown) {
  authorize(ctx.actor, 'cases.read');
  const f = parseInput(listQuerySchema, raw);
  const today = chinaDate(ctx.clock.now());
  const db = ctx.db.kysely;
  // Staff: the Chinese full-text index over report text and evidence, plus the case number.
  // A subject searches case numbers only: matching the report text would let them probe it
  // (e.g. for the reporter's name) through the result count. The full-text part is bounded
  // (issue 14 point 5): see textSearchCases in list-repo.ts.
  let text: CaseListFilter['text'];
  if (f.q) {
    const scope = await caseSearchScope(ctx, f.q);
    text = scope
      ? { text: f.q, fullText: { matching: (window) => caseSearchSubquery(ctx, scope, window), excludeCaseIds: standAsideCaseIds(ctx.actor) } }
      : { text: f.q };
  }
  const { total, totalCapped, rows } = await casePage(
    db,
    visibleCasesFilter(ctx.actor),
    { orgId: f.orgId, state: f.state, track: f.track, source: f.source, year: f.year, open: f.open, unitId: f.unitId, subjectPersonId: f.subjectPersonId, subjectsShown: subjectsShownTo(ctx.actor), form: f.form, overdue: f.overdue, today, text },
    f.pageSize,
    (f.page - 1) * f.pageSize,
  );
  const ids = rows.map((r) => r.id);
  // the page's rows carry their organisation (not read again); the calendar, the deployment's
  // settings and each organisation read once for the page (the request's snapshot)
  // the subjects with their names (one statement) and the caller's team seats beside the deadlines
  // (on PostgreSQL the round trips overlap)
  const seeAll = can(ctx.actor, 'cases.readAll');
  const staff = seeAll || ctx.actor.roles.includes('investigator');
  const [deadlines, subj, team, aside] = await Promise.all([
    describeCaseDeadlines(ctx, db, ids, new Map(rows.map((r) => [r.id, r.org_id] as const)), undefined, requestReads(ctx)),
    subjectsOfCases(db, ids),
    !seeAll ? teamCaseIds(db, ctx.actor.userId, ids) : new Set<string>(),
    // FL-5(1), FL-7(7): the page's cases the caller must stand aside from are listed as their
    // subject sees them (no report text, no other subjects) — one statement for the page
    staff ? casesStoodAsideFrom(db, ctx.actor, ids) : new Set<string>(),
  ]);
  const seenInFull = (id: string): boolean => (seeAll || team.has(id)) && !aside.has(id);
  // a report's text is sealed at rest (issue 9 §3): opened only where the case is seen in full,
  // the page's data keys in one read (issue 14: not one statement per case)
  const fullRows = rows.filter((r) => seenInFull(r.id) && maySeeReportText('full', ctx.actor));
  const texts = await readableTexts(db, fullRows.map((r) => ({ caseId: r.id, stored: r.summary })));
  const summaries = new Map(fullRows.map((r, i) => [r.id, texts[i]!.slice(0, 200)]));
  return {
    total,
    /** search only: more than `total` cases match (the count stops at SEARCH_BOUNDS.totalCap) */
    totalCapped,
    page: f.page,
    pageSize: f.pageSize,
    items: rows.map((r) => {
      const full = seenInFull(r.id);
      const state = r.state as CaseState;
      return {
        id: r.id,
        number: r.number,
        state,
        stateLabelZh: STATE_LABELS[state].zh,
        stateLabelEn: STATE_LABELS[state].en,
        tracks: parseJson<Track[]>(r.tracks, []),
        source: r.source as 'report' | 'wc5',
        receivedOn: r.received_on,
        summary: full ? (summaries.get(r.id) ?? null) : null,
        subjects: subj
          .filter((s) => s.caseId === r.id && (full || s.personId === ctx.actor.personId))
          .map((s) => ({ personId: s.personId, name: s.name ?? s.personId })),
        deadlines: deadlines.get(r.id) ?? [],
        version: r.version,
        updatedAt: r.updated_at,
        orgId: r.org_id,
      };
    }),
  };
}

export const queueQuerySchema = z.object({
  userId: z.string().min(1).max(64).optional(),
  /** issue 14 point 5: each of the three lists (waiting, due soon, overdue) is paged; counts are the totals (capped at QUEUE_BOUNDS.countCap) */
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/**
 * issue 11: whose queue, as one actor per organisation — each with the roles the person holds
 * THERE (their memberships, `user_org_roles`), never their home organisation's roles applied
 * elsewhere — and only within what the caller may see: the caller's scope, and for another
 * person's queue only the organisations where the caller is a clerk or leader. A person with
 * no membership there is missing (NOT_FOUND), as before.
 */
async function queueActors(ctx: Ctx, userId: string | undefined): Promise<Actor[]> {
  const self = !userId || userId === ctx.actor.userId;
  // an unscoped in-process actor, or a session that reads its current organisation only: as it is
  if (self && (!ctx.actor.orgScope || (ctx.actor.orgScope.length === 1 && ctx.actor.orgScope[0] === ctx.actor.orgId))) return [ctx.actor];
  const u = await findUser(ctx.db.kysely, self ? ctx.actor.userId : userId!);
  if (!u) throw new AppError('NOT_FOUND', { zh: '无此用户', en: 'no such user' });
  const theirs = await membershipsOf(ctx.db.kysely, u.id);
  const caller = self ? theirs : await membershipsOf(ctx.db.kysely, ctx.actor.userId);
  const callerRolesIn = (orgId: string): readonly Role[] => (orgId === ctx.actor.orgId ? ctx.actor.roles : (caller.find((m) => m.orgId === orgId)?.roles ?? []));
  const mayView = (orgId: string): boolean => mayReadOrg(ctx.actor, orgId) && (self || !ctx.actor.orgScope || callerRolesIn(orgId).some((r) => r === 'clerk' || r === 'leader'));
  const rolesIn = (m: Membership): readonly Role[] => (self && m.orgId === ctx.actor.orgId ? ctx.actor.roles : m.roles);
  // 督办: a supervising membership (oversight) reads the organisations below its own. Their
  // deadlines come in a part of their own, read-only (the oversight role alone: the other roles
  // of that membership act in its organisation only, so nothing below waits on them), except in
  // an organisation where the person holds a membership of their own: that membership's part
  // covers it, with the roles held there (no deadline listed twice)
  const supervises = (m: Membership): boolean => rolesIn(m).includes('oversight');
  const tree = theirs.some(supervises) ? await orgTree(ctx.db.kysely) : [];
  const coveredBy = (orgId: string, other: Membership): boolean => orgId === other.orgId || (supervises(other) && subtreeOf(tree, other.orgId).includes(orgId));
  const belowOf = (m: Membership): string[] => {
    const below = subtreeOf(tree, m.orgId).filter((o) => o !== m.orgId);
    const nested = theirs.filter((other) => below.includes(other.orgId) && rolesIn(other).length > 0 && mayView(other.orgId));
    return below.filter((o) => mayReadOrg(ctx.actor, o) && !nested.some((other) => coveredBy(o, other)));
  };
  const out: Actor[] = [];
  for (const m of theirs) {
    if (!mayView(m.orgId)) continue;
    const roles = rolesIn(m);
    if (!roles.length) continue;
    const person = { userId: u.id, username: u.username, displayName: u.displayName, personId: u.personId, orgId: m.orgId };
    out.push({ ...person, roles: [...roles], orgScope: [m.orgId] });
    const below = supervises(m) ? belowOf(m) : [];
    if (below.length) out.push({ ...person, roles: ['oversight'], orgScope: below });
  }
  if (!out.length && !self) throw new AppError('NOT_FOUND', { zh: '无此用户', en: 'no such user' });
  return out.length ? out : [{ ...ctx.actor, roles: [], orgScope: [] }];
}

/**
 * My queue: open cases where a step is available to me now; deadlines in their warning window
 * (due soon) and past due (overdue, with days late). Clerks and leaders may ask for another
 * person's queue (`userId`), computed with that person's roles and cases.
 *
 * Flat as data grows (issue 14 point 5): whom each case waits on is stored on the case row by
 * the step writer (cases.waits_*), so the waiting cases are counted and paged by an indexed
 * query; only the waiting cases the impartiality rules could touch for this person are checked
 * case by case (a step they must stand aside from does not wait on them), and only the page's
 * cases have their steps listed. Deadlines are read near or past their due date only. Each list
 * is paged (`page`, `pageSize`); `counts` are the totals, exact up to QUEUE_BOUNDS.countCap (999):
 * above it the count is the cap and `countsCapped` says so ("999+"), so no count reads more than
 * cap + 1 rows (issue 14 point 5, third pass).
 */
export async function myQueue(ctx: Ctx, raw: unknown) {
  authorize(ctx.actor, 'cases.read');
  const { userId, page, pageSize } = parseInput(queueQuerySchema, raw);
  if (userId && userId !== ctx.actor.userId) {
    if (!hasRole(ctx.actor, 'clerk') && !hasRole(ctx.actor, 'leader')) {
      throw new AppError('FORBIDDEN', { zh: '只有委法制科和委主要负责人可查看他人的待办', en: 'only clerks and the main leader may view another person’s queue' });
    }
  }
  const offset = (page - 1) * pageSize;
  const found = await queueActors(ctx, userId);
  // the calendar, the deployment's deadline settings and each organisation read once for the
  // whole request (every organisation's part), not once per use; a part over several
  // organisations (a supervisor's subtree) has their rows read in one statement
  const several = [...new Set(found.flatMap((a) => (a.orgScope && a.orgScope.length > 1 ? a.orgScope : [])))];
  const reads = requestReads(ctx, { orgs: several.length ? await findOrgs(ctx.db.kysely, several) : [] });
  const actors = await splitByWarningWindow(ctx, reads, found);
  if (actors.length === 1) {
    const { order: _order, ...one } = await queueOf(ctx, reads, actors[0]!, pageSize, offset);
    return { page, pageSize, ...one };
  }
  // several organisations, each with the person's roles there: each list merged in queue order, then paged
  const parts = await Promise.all(actors.map((who) => queueOf(ctx, reads, who, offset + pageSize, 0)));
  const order = new Map(parts.flatMap((p) => [...p.order]));
  const byCase = (a: { caseId: string }, b: { caseId: string }): number => (order.get(a.caseId) ?? 0) - (order.get(b.caseId) ?? 0);
  const byDue = (a: { number: string; deadline: CaseDeadlineView }, b: { number: string; deadline: CaseDeadlineView }): number => a.deadline.dueDate.localeCompare(b.deadline.dueDate) || a.number.localeCompare(b.number);
  const cap = QUEUE_BOUNDS.countCap;
  // the parts' counts summed, still capped: above the cap (or any part capped) the count is the cap ("999+")
  const sum = (k: 'waiting' | 'dueSoon' | 'overdue'): { count: number; capped: boolean } => {
    const n = parts.reduce((s, p) => s + p.counts[k], 0);
    const capped = n > cap || parts.some((p) => p.countsCapped[k]);
    return { count: capped ? cap : n, capped };
  };
  const [waitingN, dueSoonN, overdueN] = [sum('waiting'), sum('dueSoon'), sum('overdue')];
  return {
    userId: actors[0]!.userId,
    page,
    pageSize,
    counts: { waiting: waitingN.count, dueSoon: dueSoonN.count, overdue: overdueN.count },
    countsCapped: { waiting: waitingN.capped, dueSoon: dueSoonN.capped, overdue: overdueN.capped },
    countCap: cap,
    waiting: parts.flatMap((p) => p.waiting).sort(byCase).slice(offset, offset + pageSize),
    dueSoon: parts.flatMap((p) => p.dueSoon).sort(byDue).slice(offset, offset + pageSize),
    overdue: parts.flatMap((p) => p.overdue).sort(byDue).slice(offset, offset + pageSize),
    signals: parts.flatMap((p) => p.signals),
  };
}

/**
 * A part over several organisations (a supervisor's subtree, 督办) split by warning window: the
 * due-soon list is read with one warning window per part, and each organisation sets its own
 * (issue 11), so the organisations that share a window make one part. Without this a subtree's
 * deadlines were picked with the supervising organisation's window: a commission that warns 10
 * days ahead showed its deadline on its own clerk's list and not on the supervisor's.
 */
async function splitByWarningWindow(ctx: Ctx, reads: RequestReads, actors: readonly Actor[]): Promise<Actor[]> {
  const out: Actor[] = [];
  for (const who of actors) {
    if (!who.orgScope || who.orgScope.length < 2 || !who.roles.some((r) => r !== 'subject')) {
      out.push(who);
      continue;
    }
    const calendar = reads.calendar();
    const groups = new Map<string, string[]>();
    for (const orgId of who.orgScope) {
      const window = JSON.stringify(warningHorizons(await deadlineDescriber(ctx, undefined, orgId, calendar, undefined, reads)));
      groups.set(window, [...(groups.get(window) ?? []), orgId]);
    }
    for (const orgScope of groups.values()) out.push({ ...who, orgScope });
  }
  return out;
}

/** One organisation's part of a queue: `who` carries the roles held there and that organisation as its scope. */
async function queueOf(ctx: Ctx, reads: RequestReads, who: Actor, pageSize: number, offset: number) {
  const db = ctx.db.kysely;
  const visible = visibleCasesFilter(who);
  const me = actorFactsOf(who);
  const w: WaitingOn = {
    clerk: me.roles.includes('clerk'),
    leader: me.roles.includes('leader'),
    decider: me.roles.includes('decider'),
    teamUserId: me.roles.includes('investigator') ? me.userId : null,
    subjectPersonId: me.roles.includes('subject') && me.personId ? me.personId : null,
  };
  const whoCtx = { ...ctx, actor: who };
  // Subjects follow their cases; deadlines are the staff's to meet.
  const staff = who.roles.some((r) => r !== 'subject');
  // Three independent chains side by side (on PostgreSQL their round trips overlap): the
  // deadline rules, then the deadline pages; impartiality, then the waiting count and page; the
  // WC-5 signals.
  // the warning window of the organisation the cases belong to (issue 11; unscoped: the deployment's)
  // (a part over several organisations shares one window: splitByWarningWindow)
  const describerOrg = who.orgScope?.length ? who.orgScope[0] : who.orgId;
  const describerP = staff ? deadlineDescriber(ctx, undefined, describerOrg, undefined, undefined, reads) : Promise.resolve(null);
  // a person who sees only their own cases (an investigator's team): their deadlines read by case,
  // not by walking everyone's overdue deadlines in due order (when they have at most QUEUE_BOUNDS.ownCasesMax open)
  const own = staff ? ownCasesOf(who) : null;
  const ownP = own ? ownOpenCases(db, own) : Promise.resolve(null);
  const rangesP: Promise<QueueRanges | null> = Promise.all([describerP, ownP]).then(([describer, ownCaseIds]) => {
    if (!describer) return null;
    const h = warningHorizons(describer);
    return { overdue: { before: describer.today }, dueSoon: { from: describer.today, toByKind: h.byKind, toInternal: h.internal }, ownCaseIds };
  });
  const cap = QUEUE_BOUNDS.countCap;

  const deadlinesP = (async () => {
    const dueSoon: { caseId: string; number: string; deadline: CaseDeadlineView }[] = [];
    const overdue: { caseId: string; number: string; deadline: CaseDeadlineView }[] = [];
    const [describer, ranges] = await Promise.all([describerP, rangesP]);
    if (!describer || !ranges) return { dueSoon, overdue };
    const rows = await deadlinePages(db, visible, ranges, pageSize, offset);
    const late = rows.overdue;
    // (every row of that range is due today or in warning: checked again on the page)
    const soon = rows.dueSoon.filter((d) => ['warning', 'due_today'].includes(storedDeadlineState(describer, d)));
    // The page's rows carry what their views need (the case's organisation, the period): described
    // as the case page describes them, without reading the page's cases' deadlines again.
    const page = [...late, ...soon];
    const statutory = page.filter((d) => d.src === 0);
    const internal = page.filter((d) => d.src === 1);
    const views = await describeStoredDeadlines(
      ctx,
      db,
      statutory.map(storedDeadlineOf),
      internal.map(storedTargetOf),
      new Map(statutory.map((d) => [d.case_id, d.org_id])),
      describerOrg ? new Map([[describerOrg, describer]]) : undefined,
      undefined,
      reads,
    );
    const viewOf = new Map<QueueDeadlineRow, CaseDeadlineView>([...statutory.map((d, i) => [d, views.deadlines[i]!] as const), ...internal.map((d, i) => [d, views.targets[i]!] as const)]);
    for (const d of late) overdue.push({ caseId: d.case_id, number: d.number, deadline: viewOf.get(d)! });
    for (const d of soon) dueSoon.push({ caseId: d.case_id, number: d.number, deadline: viewOf.get(d)! });
    return { dueSoon, overdue };
  })();

  const waitingP = (async () => {
    // the safeguards of the pack of the person's organisation there: its row from the request's snapshot
    const actorImp = await actorImpartiality(db, whoCtx, undefined, { org: reads.org(actorOrgId(who)) });
    // The steps waiting on the person for these cases (a constant number of statements): with
    // `impartiality`, after the impartiality rules, case by case — needed only for the cases they
    // could touch (`touched`); elsewhere no step is refused, so the state machine's answer stands.
    const stepsWaiting = async (rows: readonly CaseRow[], impartiality: boolean) => {
      const out = new Map<string, { action: string; labelZh: string; labelEn: string; citation: string }[]>();
      if (!rows.length) return out;
      const factsOf = await loadCaseFactsMany(db, rows);
      // Optional steps (a further reply, adding a subject) do not make a case wait on anyone.
      const candidates = new Map(rows.map((r) => [r.id, allowedActions(factsOf.get(r.id)!, me).filter((a) => waitsOn(factsOf.get(r.id)!, a.action, me))]));
      // A step the person must stand aside from (回避) does not wait on them.
      const pending = impartiality ? rows.filter((r) => candidates.get(r.id)!.length).map((r) => r.id) : [];
      const recusalFacts = pending.length ? await loadRecusalFactsMany(db, pending) : new Map();
      for (const r of rows) {
        let acts = candidates.get(r.id)!;
        if (impartiality && acts.length) {
          const offered = new Set(offeredActionsWith(impartialityOn(whoCtx, actorImp, recusalFacts.get(r.id)!), factsOf.get(r.id)!).allowed.map((a) => a.action));
          acts = acts.filter((a) => offered.has(a.action));
        }
        out.set(r.id, acts.map((a) => ({ action: a.action, labelZh: a.labelZh, labelEn: a.labelEn, citation: a.citation })));
      }
      return out;
    };
    // Outside the cases the impartiality rules could touch for this person, no step is refused.
    const touched = await waitingTouched(db, visible, w, { userId: actorImp.who.userId, personId: actorImp.who.personId, separation: true, accepter: w.decider });
    const touchedSteps = await stepsWaiting(touched, true);
    const refused = touched.filter((r) => !touchedSteps.get(r.id)!.length).map((r) => r.id);
    // Bounded (issue 14 point 5): the three counts in one statement, each exact up to the cap
    // ("999+" above it); the waiting page and both deadline pages read in index order with a LIMIT.
    const ranges = await rangesP;
    const [counts, waitingRows] = await Promise.all([queueCounts(db, visible, w, refused, ranges, cap), waitingPage(db, visible, w, refused, readableOrgIds(who), pageSize, offset)]);
    // the page's touched cases were checked above; the others need only their facts (one statement)
    const otherSteps = await stepsWaiting(waitingRows.filter((r) => !touchedSteps.has(r.id)), false);
    const stepsOf = new Map([...otherSteps, ...touchedSteps]);
    const waiting = waitingRows
      .filter((r) => stepsOf.get(r.id)!.length)
      .map((r) => {
        const state = r.state as CaseState;
        return { caseId: r.id, number: r.number, state, stateLabelZh: STATE_LABELS[state].zh, actions: stepsOf.get(r.id)! };
      });
    // a page's case with no step left for the person (its stored waits_* ahead of its facts) is not counted
    const waitingCount = counts.waiting.capped ? counts.waiting : { count: counts.waiting.count - (waitingRows.length - waiting.length), capped: false };
    // the case order (year, then number in the year) for merging several organisations' parts
    const order = new Map(waitingRows.map((r) => [r.id, r.year * 1e7 + r.seq] as const));
    return { counts, waiting, waitingCount, ranges, order };
  })();

  // WC-5: original cases found wrong with no accountability case wait on the clerks who open cases.
  const signalsP = can(who, 'cases.create') ? pendingWc5Signals(db, undefined, who) : Promise.resolve([]);
  const [{ counts, waiting, waitingCount, ranges, order }, { dueSoon, overdue }, signals] = await Promise.all([waitingP, deadlinesP, signalsP]);
  const dueSoonCount = ranges ? counts.dueSoon : { count: 0, capped: false };
  const overdueCount = ranges ? counts.overdue : { count: 0, capped: false };
  return {
    userId: who.userId,
    order,
    counts: { waiting: waitingCount.count, dueSoon: dueSoonCount.count, overdue: overdueCount.count },
    /** a count that reached the cap: there are more than `counts.*` (shown "999+") */
    countsCapped: { waiting: waitingCount.capped, dueSoon: dueSoonCount.capped, overdue: overdueCount.capped },
    countCap: cap,
    waiting,
    dueSoon,
    overdue,
    signals,
  };
}

/** A queue page's deadline row as the stored deadline `describeStoredDeadlines` describes. */
const storedDeadlineOf = (d: QueueDeadlineRow): StoredDeadline => ({
  id: d.id,
  caseId: d.case_id,
  kind: d.kind as StoredDeadline['kind'],
  citation: d.citation,
  dayKind: d.day_kind as StoredDeadline['dayKind'],
  days: d.days,
  startDate: d.start_date,
  dueDate: d.due_date,
  provisional: Number(d.provisional) === 1,
  metOn: d.met_on,
});

/** A queue page's internal-target row as `describeStoredDeadlines` takes it. */
const storedTargetOf = (d: QueueDeadlineRow): StoredInternalTarget => ({
  caseId: d.case_id,
  kind: d.kind,
  citation: d.citation,
  days: d.days,
  startDate: d.start_date,
  dueDate: d.due_date,
  provisional: Number(d.provisional) === 1,
  metOn: d.met_on,
});
