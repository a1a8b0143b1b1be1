// Grounds to stand aside (FL-5(1)) of a meeting's members as the case stands NOW. A meeting lists
// who must stand aside when it is convened; the grounds can arise after that (a relationship
// declared, a challenge granted, a subject added, the original case linked anew), so every act
// that counts a member's voice — marking them present, recording their opinion, closing the
// meeting, carrying out its result — asks again.
import { impartialityParams, conflictsOf, groundsAsShownToOthers } from '../../policies/recusal';
import { loadRecusalFacts } from '../../policies/recusal-repo';
import { memberEligibility, meetingParameters, type MeetingPurpose } from '../../policies/meeting-eligibility';
import { caseFactsForMeeting, meetingMembers, personIdsOfUsers } from '../../repositories/meetings/meetings-repo';
import { casePacksOn } from '../orgs/org-settings';
import type { Q } from '../cases/repo';
import { AppError } from '../../errors';

export interface MeetingRef {
  id: string;
  case_id: string;
  purpose: string;
  held_on: string;
}

/** user id → the ground (Chinese, English) on which that member must stand aside now; members without one are absent. */
export async function groundsNow(q: Q, m: MeetingRef, userIds: readonly string[]): Promise<Map<string, { zh: string; en: string; name: string }>> {
  const out = new Map<string, { zh: string; en: string; name: string }>();
  if (!userIds.length) return out;
  const [rf, packs, cf, persons, members] = await Promise.all([
    loadRecusalFacts(q, m.case_id),
    casePacksOn(q, m.case_id, m.held_on),
    caseFactsForMeeting(q, m.case_id, m.purpose as MeetingPurpose),
    personIdsOfUsers(q, userIds),
    meetingMembers(q, m.id),
  ]);
  const imp = impartialityParams(m.held_on, packs);
  const params = meetingParameters(m.held_on, packs);
  for (const userId of userIds) {
    const name = members.find((x) => x.user_id === userId)?.display_name ?? userId;
    const personId = persons.get(userId) ?? null;
    const conflicts = groundsAsShownToOthers(conflictsOf(rf, { userId, personId, name }, imp));
    const e = memberEligibility({ userId, personId, conflicts }, cf, params);
    if (e.recusal) out.set(userId, { zh: e.recusal.zh, en: e.recusal.en, name });
  }
  return out;
}

/**
 * Refuses when any of these members must stand aside now: while the meeting is held, they are not
 * marked present nor counted (MEETING_INELIGIBLE); once it is closed, its result is not carried out
 * and the body meets again (MEETING_NOT_EFFECTIVE).
 */
export async function refuseGroundsNow(q: Q, m: MeetingRef, userIds: readonly string[], code: 'MEETING_INELIGIBLE' | 'MEETING_NOT_EFFECTIVE'): Promise<void> {
  const grounds = await groundsNow(q, m, userIds);
  if (!grounds.size) return;
  const list = [...grounds.values()];
  const userIdsOut = [...grounds.keys()];
  if (code === 'MEETING_INELIGIBLE') {
    throw new AppError(
      code,
      { zh: `${list.map((g) => `${g.name}：${g.zh}`).join('；')}——应当回避，不能出席、表决（FL-5(1)、FL-15）；请登记为回避`, en: `${list.map((g) => `${g.name}: ${g.en}`).join('; ')} — must stand aside and cannot attend or vote (FL-5(1), FL-15); record the recusal` },
      { userIds: userIdsOut, citation: 'FL-5(1)' },
    );
  }
  throw new AppError(
    code,
    { zh: `会议出席人员现应回避：${list.map((g) => `${g.name}（${g.zh}）`).join('、')}；须重新召开会议（FL-5(1)、FL-15）`, en: `members who attended must now stand aside: ${list.map((g) => `${g.name} (${g.en})`).join(', ')}; hold a new meeting (FL-5(1), FL-15)` },
    { userIds: userIdsOut, citation: 'FL-15' },
  );
}
