// Grounds to stand aside (FL-5(1)) of a meeting's members as the case stands NOW. A meeting lists
// who must stand aside when it is convened; the grounds can arise after that (a relationship
// declared, a challenge granted, a subject added, the original case linked anew), so every act
// that counts a member's voice — marking them present, recording their opinion, closing the
// meeting, carrying out its result — asks again.
import { impartialityParams, conflictsOf, groundAsShownToOthers } from '../../policies/recusal';
import { loadRecusalFacts } from '../../policies/recusal-repo';
import { memberEligibility, meetingParameters, type MeetingPurpose } from '../../policies/meeting-eligibility';
import { caseFactsForMeeting, meetingMembers, personIdsOfUsers } from '../../repositories/meetings/meetings-repo';
import { casePacksOn } from '../orgs/org-settings';
import type { Q } from '../cases/repo';

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
    const conflicts = conflictsOf(rf, { userId, personId, name }, imp).map(groundAsShownToOthers);
    const e = memberEligibility({ userId, personId, conflicts }, cf, params);
    if (e.recusal) out.set(userId, { zh: e.recusal.zh, en: e.recusal.en, name });
  }
  return out;
}
