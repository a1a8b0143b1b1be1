// SQL of the decision body's register and its meetings.
import { isPostgresHandle } from '../../db/database';
import type { Q } from '../cases/case-repo';
import { parseJson } from '../cases/case-rows';
import { orgScopeFilter } from '../../policies/org-scope';
import type { CaseFactsForMeeting, MeetingPurpose } from '../../policies/meeting-eligibility';

/** The decision body of one organisation (issue 11), or of the organisations in scope. */
export async function listBodyMembers(q: Q, orgs: { orgId?: string; orgScope?: readonly string[] } = {}) {
  let s = q.selectFrom('decision_body_members').where(orgScopeFilter({ orgScope: orgs.orgScope }, 'decision_body_members.org_id'));
  if (orgs.orgId) s = s.where('decision_body_members.org_id', '=', orgs.orgId);
  return s
    .innerJoin('users', 'users.id', 'decision_body_members.user_id')
    .select(['decision_body_members.id', 'decision_body_members.user_id', 'decision_body_members.title', 'decision_body_members.sort_order', 'decision_body_members.active', 'users.display_name', 'users.roles', 'users.person_id', 'users.disabled'])
    .orderBy('decision_body_members.sort_order')
    .orderBy('decision_body_members.added_at')
    .execute();
}

/** Active members who still hold the decider role on an active account: the body at a meeting. */
export async function currentBody(q: Q, orgId: string) {
  return (await listBodyMembers(q, { orgId })).filter((m) => Number(m.active) === 1 && Number(m.disabled) !== 1 && parseJson<string[]>(m.roles, []).includes('decider'));
}

export async function lockMeeting(q: Q, id: string) {
  let s = q.selectFrom('meetings').selectAll().where('id', '=', id);
  if (isPostgresHandle(q)) s = s.forUpdate();
  return s.executeTakeFirst();
}

export async function meetingMembers(q: Q, meetingId: string) {
  return q.selectFrom('meeting_members').selectAll().where('meeting_id', '=', meetingId).orderBy('sort_order').orderBy('display_name').execute();
}

export async function caseFactsForMeeting(q: Q, caseId: string, purpose: MeetingPurpose): Promise<CaseFactsForMeeting> {
  const subjects = await q.selectFrom('case_subjects').select('person_id').where('case_id', '=', caseId).execute();
  const team = await q.selectFrom('case_team_members').select('user_id').where('case_id', '=', caseId).execute();
  const accept = await q.selectFrom('case_steps').select('actor_id').where('case_id', '=', caseId).where('action', '=', 'accept').orderBy('at', 'desc').executeTakeFirst();
  return { purpose, subjectPersonIds: subjects.map((s) => s.person_id), teamUserIds: team.map((t) => t.user_id), accepterUserId: accept?.actor_id ?? null };
}

export async function meetingsOfCase(q: Q, caseId: string) {
  return q.selectFrom('meetings').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

/** Records which step carried out the meeting's result. */
export async function markCarriedOut(q: Q, meetingId: string, step: string): Promise<void> {
  await q.updateTable('meetings').set({ carried_out_by_step: step }).where('id', '=', meetingId).execute();
}
