// WC-9(2): whom the main leader may appoint to the investigation team — every active user with
// the investigator role, each with the conflicts of interest that would bar them (a subject of
// this case, or a participant of the original enforcement case). The appoint step checks the
// same conflicts again (one rule: src/policies/recusal.ts); this list lets the leader see them
// before choosing.
import { authorize } from '../../policies/roles';
import { activeMembersOf } from '../../repositories/users/users-repo';
import { actorOrgId } from '../../policies/org-scope';
import { casePacksOn } from '../orgs/org-settings';
import type { Ctx } from '../context';
import { teamConflicts } from './conflict-of-interest';
import { peopleByIds } from './registers-adapter';
import { activeLeaders, deputyUserId, loadRecusalFacts } from '../../policies/recusal-repo';
import { conflictsOf, impartialityParams, type ImpartialityParams, type RecusalFacts } from '../../policies/recusal';
import { chinaDate } from '../../lib/clock';
import { canSeeCase, findCase, notFound } from './repo';
import { standsAsideFrom } from '../../policies/cases';
import { assertNotRecused, standAsideError } from './impartiality';

export interface TeamCandidateOut {
  userId: string;
  username: string;
  displayName: string;
  personId: string | null;
  conflicts: { zh: string; en: string }[];
}

export async function teamCandidates(ctx: Ctx, caseId: string): Promise<TeamCandidateOut[]> {
  authorize(ctx.actor, 'cases.act');
  const q = ctx.db.kysely;
  const row = await findCase(q, caseId);
  if (!row || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  const today = chinaDate(ctx.clock.now());
  const params = impartialityParams(today, await casePacksOn(q, caseId, today));
  const facts = await loadRecusalFacts(q, caseId);
  // Only those who appoint the team (the main leader, or the deputy acting for him on a case where
  // every main leader must recuse, FL-5(1)) or prepare it (the clerks) list candidates.
  if (!ctx.actor.roles.some((r) => r === 'leader' || r === 'clerk') && !(await actsForLeader(q, ctx, facts, params))) throw notFound();
  // FL-5(1), FL-7(7): whoever must stand aside from the case does not choose its team, nor read
  // whom the rule bars from it (the reported leader would look for the reporter there)
  await assertNotRecused(q, ctx, caseId, { zh: '查看调查组候选人', en: 'List the team candidates' });
  if (await standsAsideFrom(q, ctx.actor, caseId)) throw standAsideError({ zh: '查看调查组候选人', en: 'List the team candidates' });
  // issue 11: candidates are the members of the case's organisation holding the investigator role there
  const users = (await activeMembersOf(q, row.org_id)).filter((u) => u.roles.includes('investigator'));
  const candidates = users.map((u) => ({ userId: u.id, displayName: u.displayName, personId: u.personId }));
  const people = await peopleByIds(q, candidates.map((c) => c.personId).filter((p): p is string => Boolean(p)));
  const conflicts = teamConflicts(facts, candidates, people, params);
  return users.map((u) => ({
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    personId: u.personId,
    conflicts: conflicts.filter((c) => c.userId === u.id).map((c) => ({ zh: c.reasonZh, en: c.reasonEn })),
  }));
}

/** The designated deputy on a case where every active main leader is conflicted (the rule of src/services/cases/impartiality.ts). */
async function actsForLeader(q: Ctx['db']['kysely'], ctx: Ctx, facts: RecusalFacts, params: ImpartialityParams): Promise<boolean> {
  const deputy = await deputyUserId(q, actorOrgId(ctx.actor));
  if (!deputy || deputy !== ctx.actor.userId) return false;
  const leaders = (await activeLeaders(q, actorOrgId(ctx.actor))).filter((l) => l.userId !== deputy);
  return leaders.length > 0 && leaders.every((l) => conflictsOf(facts, l, params).length > 0);
}
