// Who may see which case, and from which perspective — one module (Outline-style policy per
// resource). Consolidates what was `canSeeCase` (src/services/cases/repo.ts) and `perspectiveOf`
// (src/services/cases/views.ts); the steps themselves are decided by the state machine
// (src/domain/cases: `allowedActions`, `checkTransition`) and served with the view as
// `allowedActions`; the rest of what the caller may do with a case travels as `abilities`.
//
// - `cases.readAll` roles see every case, in full;
// - an investigator sees the cases whose team they sit on, in full;
// - a subject sees the cases where their register person is a subject, from the subject's
//   perspective (src/policies/case-visibility.ts says what that hides);
// - whoever has a ground to stand aside from a case (FL-5(1): its subject, a participant of its
//   original case, a declared relative of either, its staff reporter, one who stood aside) still
//   sees that it exists where their role lists it, but only from the subject's perspective: never
//   the report's own words, the reporter's thread, the undisclosed evidence nor the staff.
// Anything else is hidden: the caller answers NOT_FOUND, so "not allowed" and "not found" look
// the same. Only this "hidden" answer becomes NOT_FOUND; a failing read is never one.
import type { ExpressionBuilder, RawBuilder, SqlBool } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../errors';
import { caseConditions, caseNamingFacts, caseWithTeam, findCase, isOnTeam, isSubjectOf, standsAsideFromCase, subjectCaseIdsOf, type Q } from '../repositories/cases/case-repo';
import type { CaseRow } from '../repositories/cases/case-rows';
import { maySeeInternals, perspectiveFor, type Perspective } from './case-visibility';
import { mayReadOrg, orgScopeFilter } from './org-scope';
import { can, type Actor, type Role } from './roles';

export type { Perspective } from './case-visibility';

/** The case as this actor may see it, or null: hidden (no such case, or not theirs to see). */
export interface CaseAccess {
  row: CaseRow;
  perspective: Perspective;
}

/** The hidden answer: "no such case, or not yours to see". */
export const caseHidden = (): AppError => new AppError('NOT_FOUND', { zh: '案件不存在或无权查看', en: 'no such case, or not yours to see' });

/** The actor's relation to the case and what follows: null when hidden. */
export async function caseAccessOf(q: Q, actor: Actor, caseId: string, row?: CaseRow): Promise<CaseAccess | null> {
  if (!can(actor, 'cases.read')) return null;
  const readAll = can(actor, 'cases.readAll');
  // the row and the team membership in one statement when both are to be read
  const needTeam = !readAll && actor.roles.includes('investigator');
  const [r, onTeam] =
    !row && needTeam
      ? await caseWithTeam(q, caseId, actor.userId).then((b) => [b?.row, b?.onTeam ?? false] as const)
      : await Promise.all([row ?? findCase(q, caseId), needTeam ? isOnTeam(q, caseId, actor.userId) : false]);
  if (!r) return null;
  // issue 11: a case of an organisation outside the actor's scope does not exist for them
  if (!mayReadOrg(actor, r.org_id)) return null;
  if (readAll || onTeam) return { row: r, perspective: perspectiveFor(actor, { onTeam, standsAside: await standsAsideFrom(q, actor, caseId) }) };
  if (actor.roles.includes('subject') && actor.personId && (await isSubjectOf(q, caseId, actor.personId))) return { row: r, perspective: 'subject' };
  return null;
}

/** As `caseAccessOf`, the hidden answer thrown as NOT_FOUND. */
export async function requireCaseAccess(q: Q, actor: Actor, caseId: string, row?: CaseRow): Promise<CaseAccess> {
  const a = await caseAccessOf(q, actor, caseId, row);
  if (!a) throw caseHidden();
  return a;
}

/**
 * Whether the actor may see the case. Callers turn `false` into NOT_FOUND, so "not allowed" and
 * "not found" look the same.
 */
export async function canSeeCase(q: Q, actor: Actor, caseId: string, row?: CaseRow, known?: { onTeam: boolean }): Promise<boolean> {
  if (!can(actor, 'cases.read')) return false;
  const mine = row && row.id === caseId;
  if (actor.orgScope) {
    // issue 11: a case of an organisation outside the actor's scope does not exist for them
    // (the caller's row when it has just read it, e.g. under the step's lock)
    const r = mine ? row : await findCase(q, caseId);
    if (!r || !mayReadOrg(actor, r.org_id)) return false;
  }
  if (can(actor, 'cases.readAll')) return true;
  // `known.onTeam`: read with that row in the same statement (the step's lock, lockCaseWithTeam)
  if (actor.roles.includes('investigator') && (mine && known ? known.onTeam : await isOnTeam(q, caseId, actor.userId))) return true;
  if (actor.roles.includes('subject') && actor.personId && (await isSubjectOf(q, caseId, actor.personId))) return true;
  return false;
}

/** Who handles a case, and so reads what the reporter wrote: the clerks, the main leader, the decision body, the team (docs/SECURITY.md). */
const REPORT_TEXT_ROLES: readonly Role[] = ['clerk', 'leader', 'decider', 'investigator'];

/**
 * Whether the report text (the case summary) may be opened for this view: only a full view
 * (cases.readAll roles, the investigation team) of someone who handles cases. A subject never
 * reads what the reporter wrote, nor does a supervising organisation (执法监督, the oversight role):
 * it reads the case's course, not the reporter's own words, which often name the reporter. The
 * text is sealed at rest (src/services/cases/report-text.ts) and opened only after this.
 */
export const maySeeReportText = (perspective: Perspective, actor: Pick<Actor, 'roles'>): boolean => maySeeInternals(perspective) && actor.roles.some((r) => REPORT_TEXT_ROLES.includes(r));

/**
 * FL-5(1), FL-7(7): whether the actor has a ground to stand aside from the case (a subject, an
 * original-case participant, a declared relative of either, the staff reporter, one who stood
 * aside) — then they read it as its subject would, whatever their roles.
 */
export async function standsAsideFrom(q: Q, actor: Pick<Actor, 'userId' | 'personId'>, caseId: string): Promise<boolean> {
  return standsAsideFromCase(q, actor, caseId);
}

/** Which view of the case the actor gets (src/policies/case-visibility.ts). */
export async function perspectiveOf(q: Q, actor: Actor, caseId: string): Promise<Perspective> {
  const onTeam = !can(actor, 'cases.readAll') && actor.roles.includes('investigator') ? await isOnTeam(q, caseId, actor.userId) : false;
  if (!can(actor, 'cases.readAll') && !onTeam) return 'subject';
  return perspectiveFor(actor, { onTeam, standsAside: await standsAsideFrom(q, actor, caseId) });
}

/** A SQL condition on `cases.id` limiting a list to the cases the actor may see (within the actor's organisations, issue 11). */
export function visibleCasesFilter(actor: Actor) {
  const inScope = orgScopeFilter(actor, 'cases.org_id');
  const byRole = (eb: ExpressionBuilder<Database, 'cases'>) => {
    if (can(actor, 'cases.readAll')) return caseConditions.all();
    const ors = [];
    if (actor.roles.includes('investigator')) ors.push(caseConditions.onTeam(eb, actor.userId));
    if (actor.roles.includes('subject') && actor.personId) ors.push(caseConditions.subjectOf(eb, actor.personId));
    if (!ors.length || !can(actor, 'cases.read')) return caseConditions.none();
    return eb.or(ors);
  };
  return (eb: ExpressionBuilder<Database, 'cases'>) => eb.and([inScope(eb), byRole(eb)]);
}

/**
 * FL-5(1), FL-7(7): what a list matching a subject or a unit may match on, for this actor. On a
 * case it reads in full (`perspectiveOf` in SQL: every case for a cases.readAll role, a team
 * case for an investigator, less the cases it has a ground to stand aside from) every subject of
 * the case; on any other case it sees, it reads as the case's subject — of the subjects only its
 * own record (case-visibility.ts#maySeeSubjectRecord), no other subject and no other unit — so
 * the filter matches there only on that record: filtering on a colleague does not tell whether he
 * is a co-subject of a case the actor stands aside from. Read by the case list (search and
 * export too, src/repositories/cases/list-repo.ts), a person's cases on the profile
 * (src/repositories/profiles/profile-repo.ts) and the statistics' drill-down
 * (src/repositories/stats/stats-repo.ts#yearFigureRefs).
 */
export interface SubjectsShown {
  /** the actor's own register person: its own record shows from either perspective */
  ownPersonId: string | null;
  /** SQL over a case id column (`cases.id`, `c.id`): the case is read in full */
  seenInFull: (idRef: string) => RawBuilder<SqlBool>;
  /** SQL: an item of the case `idRef` about its subject `personRef` is shown — the case is read in full, or the item is the actor's own */
  recordShown: (idRef: string, personRef: string) => RawBuilder<SqlBool>;
}

export function subjectsShownTo(actor: Actor): SubjectsShown {
  const who = { userId: actor.userId, personId: actor.personId };
  const of = !can(actor, 'cases.read') ? 'none' : can(actor, 'cases.readAll') ? 'all' : actor.roles.includes('investigator') ? 'team' : 'none';
  return { ownPersonId: actor.personId, seenInFull: (idRef) => caseConditions.readInFull(idRef, who, of), recordShown: (idRef, personRef) => caseConditions.recordShown(idRef, personRef, who, of) };
}

/**
 * FL-5(1), FL-7(7), FL-14: what stands for a case a record may not name to its reader — in a
 * report's list of cases ("另案": a case the reader stands aside from or does not read in full)
 * and as the reason of a register change it ordered ("问责处理决定", no number).
 */
export const CASE_WITHHELD = { number: '另案', reason: '问责处理决定' } as const;

/**
 * FL-5(1), FL-7(7): whether a record that ties a case to a colleague may name that case (its id,
 * its number, a text quoting the number) to this actor. A record about a subject of a case — his
 * certificate or post changed by its decision, his award bar, an alert counting his cases, a
 * repeat-subjects or departures row — names the case only to an actor who reads the case in full
 * (`subjectsShownTo#seenInFull`: a cases.readAll role or the team's investigator, without a
 * ground to stand aside), or when the record is the actor's own (his own record shows from the
 * subject's perspective too); a record about a unit, only when the case is read in full or the
 * actor's own subject record in it sits in that unit. Otherwise the fact stays where the reader
 * needs it (a bar, a suspension, a count) and the case does not: read as its subject, the case
 * shows the reader only his own subject record (case-visibility.ts#maySeeSubjectRecord), and a
 * colleague's record naming it would tell him that the colleague is a co-subject.
 */
export interface CaseNaming {
  /** a record about the subject `personId` may name the case */
  onPerson(caseId: string, personId: string | null): boolean;
  /** a record about the unit `unitId` (the case counted for it through a subject sitting there) may name the case */
  onUnit(caseId: string, unitId: string | null): boolean;
  /** `text` with the number of every case of `caseIds` the record about `personId` may not name replaced by 另案 */
  scrub(text: string, personId: string | null, caseIds: Iterable<string>): string;
}

export async function caseNamingFor(q: Q, actor: Actor, caseIds: Iterable<string>): Promise<CaseNaming> {
  const shown = subjectsShownTo(actor);
  const own = shown.ownPersonId;
  const facts = await caseNamingFacts(q, [...caseIds], shown.seenInFull, own);
  const onPerson = (caseId: string, personId: string | null): boolean => (own !== null && personId === own) || facts.get(caseId)?.full === true;
  return {
    onPerson,
    onUnit: (caseId, unitId) => facts.get(caseId)?.full === true || (facts.get(caseId)?.ownUnits.has(unitId) ?? false),
    scrub: (text, personId, ids) => {
      let out = text;
      for (const id of ids) {
        const n = facts.get(id)?.number;
        if (n && !onPerson(id, personId)) out = out.split(n).join(CASE_WITHHELD.number);
      }
      return out;
    },
  };
}

/**
 * The naming rule (`caseNamingFor`) for the register history of one person — his certificates'
 * status changes, his post changes: of the cases those entries name (`caseIds`) and the cases he
 * is a subject of (a hand-typed reason or reference may quote one's number), which ones an entry
 * may name, and its text with the others' numbers scrubbed. His own history names everything.
 */
export async function caseNamingOnPerson(q: Q, actor: Actor, personId: string, caseIds: Iterable<string | null>): Promise<{ names: (caseId: string) => boolean; scrub: (text: string) => string }> {
  if (actor.personId !== null && actor.personId === personId) return { names: () => true, scrub: (t) => t };
  const ids = new Set([...caseIds].filter((x): x is string => x !== null));
  for (const id of await subjectCaseIdsOf(q, personId)) ids.add(id);
  const naming = await caseNamingFor(q, actor, ids);
  return { names: (caseId) => naming.onPerson(caseId, personId), scrub: (t) => naming.scrub(t, personId, ids) };
}

/**
 * Whose cases an actor without `cases.readAll` sees (the sources of `visibleCasesFilter`): the
 * cases of the teams they sit on (an investigator) and the cases whose subject they are (a
 * subject) — null for an actor who sees every case of their organisations. Lists read such a
 * person's few cases by case instead of walking everyone's (the queue's deadlines).
 */
export function ownCasesOf(actor: Actor): { teamUserId: string | null; subjectPersonId: string | null } | null {
  if (can(actor, 'cases.readAll')) return null;
  return {
    teamUserId: actor.roles.includes('investigator') ? actor.userId : null,
    subjectPersonId: actor.roles.includes('subject') && actor.personId ? actor.personId : null,
  };
}

/**
 * What the caller may do with a case besides its steps, sent with the case so the UI shows only
 * what the server allows (the steps are `allowedActions`).
 */
export interface CaseAbilities {
  readTimeline: boolean;
  readFindingHistory: boolean;
  readReporter: boolean;
  readDocuments: boolean;
  draftDocuments: boolean;
  issueDocuments: boolean;
  evaluateRules: boolean;
  /** FL-7(7), FL-10(3), WC-11: decides what evidence the subject sees (a team investigator asks) */
  decideDisclosure: boolean;
}

/**
 * FL-7(7), FL-10(3), WC-11: who discloses evidence to the subject — a legal-affairs clerk (the
 * section that handles reporter protection), for whom alone the reporter-identity check over the
 * evidence's texts runs. A team investigator asks a clerk to; he never learns from an answer
 * whether a text of his matches the identity he was not granted (身份保管).
 */
export const decidesEvidenceDisclosure = (actor: Actor): boolean => actor.roles.includes('clerk');

export function caseAbilities(actor: Actor, perspective: Perspective): CaseAbilities {
  const full = maySeeInternals(perspective);
  return {
    readTimeline: true,
    readFindingHistory: full,
    readReporter: full && can(actor, 'reporter.read'),
    readDocuments: can(actor, 'documents.read'),
    draftDocuments: full && can(actor, 'documents.draft'),
    issueDocuments: full && can(actor, 'documents.issue'),
    evaluateRules: full && can(actor, 'rules.evaluate'),
    decideDisclosure: full && decidesEvidenceDisclosure(actor),
  };
}
