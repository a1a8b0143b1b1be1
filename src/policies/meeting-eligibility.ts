// Who may vote at, and who may chair, a meeting of the decision body on a case (FL-15, WC-9(3)).
// One function decides a member's eligibility, so every conflict source lives here:
// - a subject of the case never votes on it (FL-5(1) 客观公正; a person cannot judge their own case);
// - a member of the case's investigation team does not vote on its decision or appeal
//   (调查与决定分离, pack parameter `separation.teamMayNotVote`, FL-5(1));
// - the person who accepted the report does not chair its decision or appeal meeting
//   (pack parameter `separation.accepterMayNotChair`, FL-5(1)).
// When a separation parameter is switched off, the dual role is returned to be recorded.
// Further conflict sources (declared relationships, original-case participants) are added here.
import { latestValue, valueAt } from '../rules/params';
import { packInForce, REGISTERED_PACKS, type RulePack } from '../rules';
import type { MeetingQuorumParameter, SeparationParameter } from '../rules/packs/banan-housing-2019/meeting-parameters';
import { impartialityParams, NEUTRAL_GROUND } from './recusal';
import type { DatedParameter } from '../rules/types';

export type MeetingPurpose = 'registration' | 'decision' | 'appeal';
export const MEETING_PURPOSES: readonly MeetingPurpose[] = ['registration', 'decision', 'appeal'];

export interface MeetingParameters {
  quorum: MeetingQuorumParameter;
  separation: SeparationParameter;
}

const DEFAULTS: MeetingParameters = {
  quorum: { moreThanFraction: 0.5, countRecusedOut: true, minPresent: 2, majorityOfPresent: true },
  separation: { teamMayNotVote: true, accepterMayNotChair: true },
};

/**
 * The pack's meeting parameters in force on a date (the latest pack's when none is in force yet).
 * The separation switches are the impartiality parameters (`separationInvestigationDecision`,
 * `separationAccepterChair`, read by src/policies/recusal.ts): one home for both the step guard
 * and the meeting. `packs`: the packs of the case's organisation on that date (the organisation's
 * choice, src/services/orgs/org-settings.ts#casePacksOn); without them, the registered packs.
 */
export function meetingParameters(onDate: string, packs?: readonly RulePack[]): MeetingParameters {
  const list = packs ?? REGISTERED_PACKS;
  const pack = packInForce(onDate, { packs: list }) ?? list[list.length - 1];
  const q = pack?.parameters.meetingQuorum as DatedParameter<MeetingQuorumParameter> | undefined;
  const imp = impartialityParams(onDate, list);
  return {
    quorum: (q && (valueAt(q, onDate) ?? latestValue(q))?.value) || DEFAULTS.quorum,
    separation: { teamMayNotVote: imp.separationInvestigationDecision.enabled, accepterMayNotChair: imp.separationAccepterChair.enabled },
  };
}

export interface Reason {
  zh: string;
  en: string;
  citation: string;
}

export interface MemberFacts {
  userId: string;
  personId: string | null;
  /** the member's recusal grounds on the case (src/policies/recusal.ts#conflictsOf): original-case roles, declared relationships, reporter, self-recusal, granted challenges */
  conflicts?: readonly { reasonZh: string; reasonEn: string }[];
}

export interface CaseFactsForMeeting {
  purpose: MeetingPurpose;
  /** the case's subjects and every other record of their name in their unit (FL-5(1): one officer; meetings-repo.ts#caseFactsForMeeting) */
  subjectPersonIds: readonly string[];
  teamUserIds: readonly string[];
  /** who took the 'accept' step */
  accepterUserId: string | null;
}

export interface Eligibility {
  /** why the member is recused from the matter automatically (null: may vote) */
  recusal: Reason | null;
  /** why the member may not chair (null: may chair, if not recused) */
  chairBar: Reason | null;
  /** dual roles allowed only because a separation parameter is off (to be recorded) */
  dualRoles: Reason[];
}

const TEAM_MAY_NOT_VOTE_ZH = '本案调查组成员，不参加处理决定表决（调查与决定分离）';

/**
 * A member's recorded recusal as the meeting shows it: an automatic one on a ground to stand aside
 * reads neutrally whenever it was recorded — meetings convened before every ground read alike
 * stored "本案被调查人…" beside some names and "涉及举报人保护" beside the staff reporter's
 * (FL-7(7)). The separation of the team from the vote is no such ground and reads as recorded;
 * a recusal declared at the meeting reads as the clerk wrote it.
 */
export function recusalAsShown(kind: string | null, reason: string | null): string | null {
  if (kind !== 'automatic' || reason === null || reason.startsWith(TEAM_MAY_NOT_VOTE_ZH)) return reason;
  return `${NEUTRAL_GROUND.zh}（FL-5(1)）`;
}

export function memberEligibility(m: MemberFacts, c: CaseFactsForMeeting, params: MeetingParameters): Eligibility {
  const dualRoles: Reason[] = [];
  let recusal: Reason | null = null;
  let chairBar: Reason | null = null;
  const judging = c.purpose === 'decision' || c.purpose === 'appeal';
  // FL-5(1), FL-7(7): the roster reads every ground alike, without its reason (the reporter's
  // ground must not stand out from a subject's: src/policies/recusal.ts#groundAsShownToOthers)
  if ((m.personId && c.subjectPersonIds.includes(m.personId)) || m.conflicts?.length) {
    recusal = { zh: NEUTRAL_GROUND.zh, en: NEUTRAL_GROUND.en, citation: 'FL-5(1)' };
  }
  if (!recusal && judging && c.teamUserIds.includes(m.userId)) {
    if (params.separation.teamMayNotVote) recusal = { zh: TEAM_MAY_NOT_VOTE_ZH, en: 'a member of the investigation team does not vote on the decision', citation: 'FL-5(1)' };
    else dualRoles.push({ zh: '调查组成员参加表决（separation.teamMayNotVote 已关闭）', en: 'an investigation-team member votes (separation.teamMayNotVote is off)', citation: 'FL-5(1)' });
  }
  if (judging && c.accepterUserId === m.userId) {
    if (params.separation.accepterMayNotChair) chairBar = { zh: '受理本案举报的人员不主持处理决定会议', en: 'whoever accepted the report does not chair the decision meeting', citation: 'FL-5(1)' };
    else dualRoles.push({ zh: '受理人主持会议（separation.accepterMayNotChair 已关闭）', en: 'the accepter may chair (separation.accepterMayNotChair is off)', citation: 'FL-5(1)' });
  }
  if (recusal && !chairBar) chairBar = recusal;
  return { recusal, chairBar, dualRoles };
}
