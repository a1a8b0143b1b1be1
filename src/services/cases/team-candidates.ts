// WC-9(2): whom the main leader may appoint to the investigation team — every active user with
// the investigator role, each with the conflicts of interest that would bar them (a subject of
// this case, or a participant of the original enforcement case). The appoint step checks the
// same conflicts again (one rule: src/policies/recusal.ts); this list lets the leader see them
// before choosing.
import { authorize, type Role } from '../../policies/roles';
import type { Ctx } from '../context';
import { teamConflicts } from './conflict-of-interest';
import { peopleByIds } from './registers-adapter';
import { loadRecusalFacts } from '../../policies/recusal-repo';
import { impartialityParams } from '../../policies/recusal';
import { chinaDate } from '../../lib/clock';
import { canSeeCase, findCase, notFound } from './repo';

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
  // Only those who appoint the team (the main leader) or prepare it (the clerks) list candidates.
  if (!ctx.actor.roles.some((r) => r === 'leader' || r === 'clerk')) throw notFound();
  const users = (await q.selectFrom('users').select(['id', 'username', 'display_name', 'roles', 'person_id']).where('disabled', '=', 0).orderBy('display_name').execute()).filter((u) =>
    (JSON.parse(u.roles) as Role[]).includes('investigator'),
  );
  const candidates = users.map((u) => ({ userId: u.id, displayName: u.display_name, personId: u.person_id }));
  const people = await peopleByIds(q, candidates.map((c) => c.personId).filter((p): p is string => Boolean(p)));
  const conflicts = teamConflicts(await loadRecusalFacts(q, caseId), candidates, people, impartialityParams(chinaDate(ctx.clock.now())));
  return users.map((u) => ({
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    personId: u.person_id,
    conflicts: conflicts.filter((c) => c.userId === u.id).map((c) => ({ zh: c.reasonZh, en: c.reasonEn })),
  }));
}
