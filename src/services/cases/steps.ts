// The writes of each step, after the state machine has allowed it (commands.ts). Each handler
// checks what only the data can tell (is this person a subject, is this item open …) and
// returns the case patch and the step's data for the audit trail.
import { recordRetaliationSignals } from '../reporter/retaliation';
import type { ActionInput, CaseAction, Track } from '../../domain/cases';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { validationError } from '../../lib/validation';
import { rolesInOrg } from '../../repositories/users/users-repo';
import { conflictError, teamConflicts } from './conflict-of-interest';
import { loadRecusalFacts } from '../../policies/recusal-repo';
import { impartialityParams } from '../../policies/recusal';
import { casePacksOn } from '../orgs/org-settings';
import { chinaDate } from '../../lib/clock';
import { meetDeadline, startDeadline } from './deadlines';
import { peopleByIds, requireOriginalCase, requirePeople } from './registers-adapter';
import type { StepCtx, StepHandler, StepResult } from './step-types';
import { INVESTIGATION_STEPS } from './steps-investigation';
import { DECISION_STEPS } from './steps-decision';
import { EXECUTION_STEPS } from './steps-execution';
import { carryOutMeeting, matterResultOf } from '../meetings/carry-out';
import { insertSubject } from '../../repositories/cases/intake-repo';
import { insertTeamMember, teamCandidates, teamMemberOfPerson } from '../../repositories/cases/team-repo';
import { SUPERVISION_STEPS } from './steps-supervision';
import { insertSealedReply } from './report-text';

export type { UploadedFile } from './step-types';

const field = (path: string, zh: string, en: string): AppError => validationError([{ code: 'custom', path: [path], message: `${zh} / ${en}` }]);
const tracksOf = (t: Track[] | undefined): string | undefined => (t ? JSON.stringify([...new Set(t)].sort()) : undefined);

/** WC-9(1): 委法制科应当及时受理，并负责答复 — a case from a report needs the reply text. */
async function addReply(s: StepCtx, kind: string, text: string | undefined, on: string, required: boolean): Promise<string | null> {
  if (!text) {
    if (required && s.facts.source === 'report') throw field('reply', '须填写对举报人的答复（WC-9(1)）', 'a reply to the reporter is required (WC-9(1))');
    return null;
  }
  if (s.facts.source !== 'report') return null;
  const id = newId();
  // sealed with the report's data key (issue 9 §3), like the report text
  await insertSealedReply(s.tx, { id, case_id: s.row.id, kind, text, replied_on: on, actor_id: s.ctx.actor.userId, created_at: s.now });
  return id;
}

async function addSubjects(s: StepCtx, ids: readonly string[], path: string): Promise<string[]> {
  const fresh = [...new Set(ids)].filter((p) => !s.facts.subjectPersonIds.includes(p));
  const people = await requirePeople(s.tx, fresh, path, s.row.org_id);
  for (const p of fresh) {
    await insertSubject(s.tx, { id: newId(), caseId: s.row.id, personId: p, unitId: people.get(p)?.unitId ?? null, addedAt: s.now, addedBy: s.ctx.actor.userId });
    // FL-10(3): a staff reporter made a subject (src/services/reporter/retaliation.ts)
    await recordRetaliationSignals(s.tx, { personId: p, trigger: 'made_subject', triggerCaseId: s.row.id, detail: null, actorId: s.ctx.actor.userId, now: s.now });
  }
  return fresh;
}

const accept: StepHandler = async (s) => {
  const i = s.input as ActionInput<'AcceptInput'>;
  // FL-15: taking a case off the fault track is the committee's decision at registration, not the
  // accepting clerk's — else a clerk alone could then decline to register a reported fault
  if (i.tracks && s.facts.tracks.includes('FL') && !i.tracks.includes('FL')) {
    throw field('tracks', '受理时不能撤下过错责任追究（FL）：是否不予追究过错责任由委党委会会议在立案时确定（FL-15）', 'acceptance cannot take the case off the fault track (FL): whether a fault is not pursued is for the committee to decide at registration (FL-15)');
  }
  const replyId = await addReply(s, 'accept', i.reply, i.acceptedOn, true);
  // WC-9(1): 不属于本单位受理的案件，应在受理后2日内转送有权部门处理 — the clock starts at acceptance.
  if (!i.withinCompetence) await startDeadline(s.ctx, s.tx, s.row.id, 'transfer', i.acceptedOn, s.now);
  const tracks = tracksOf(i.tracks);
  return { patch: { accepted_on: i.acceptedOn, ...(tracks ? { tracks } : {}) }, data: { acceptedOn: i.acceptedOn, withinCompetence: i.withinCompetence, tracks: i.tracks ?? null, replyId } };
};

const notAccept: StepHandler = async (s) => {
  const i = s.input as ActionInput<'NotAcceptInput'>;
  const replyId = await addReply(s, 'not_accept', i.reply, i.decidedOn, true);
  return { patch: { end_reason: i.reason }, data: { decidedOn: i.decidedOn, reason: i.reason, replyId } };
};

const transfer: StepHandler = async (s) => {
  const i = s.input as ActionInput<'TransferInput'>;
  if (s.row.accepted_on && i.transferredOn < s.row.accepted_on) throw field('transferredOn', '转送日期不能早于受理日期', 'the transfer date cannot precede acceptance');
  // Found out of competence after acceptance: the WC-9(1) period still ran from acceptance.
  if (s.row.accepted_on) await startDeadline(s.ctx, s.tx, s.row.id, 'transfer', s.row.accepted_on, s.now);
  await meetDeadline(s.tx, s.row.id, 'transfer', i.transferredOn, s.now);
  const replyId = await addReply(s, 'transfer', i.reply, i.transferredOn, true);
  return {
    patch: { end_reason: `转送${i.competentBody}` },
    data: { transferredOn: i.transferredOn, competentBody: i.competentBody, letterNo: i.letterNo ?? null, replyId },
  };
};

/**
 * FL-15: 立案 is decided at a 委党委会 meeting (required on the fault track); on the wrong-case
 * track alone the legal-affairs section registers (WC-9(1)), and a meeting, if named, must agree.
 */
async function registrationMeeting(s: StepCtx, action: string, meetingId: string | undefined, date: string, wanted: 'register' | 'not_register'): Promise<string | null> {
  const m = await carryOutMeeting(s, action, meetingId, 'registration', s.facts.tracks.includes('FL'));
  if (!m) return null;
  if (matterResultOf(m) !== wanted) {
    throw new AppError('MEETING_RESULT_MISMATCH', { zh: `会议决定${matterResultOf(m) === 'register' ? '立案' : '不予立案'}（FL-15）`, en: `the meeting decided ${matterResultOf(m)} (FL-15)` }, { citation: 'FL-15' });
  }
  if (date < m.heldOn) throw field('meetingId', '日期不能早于会议日期', 'the date cannot precede the meeting');
  return m.id;
}

const register: StepHandler = async (s) => {
  const i = s.input as ActionInput<'RegisterInput'>;
  const meetingId = await registrationMeeting(s, 'register', i.meetingId, i.registeredOn, 'register');
  const added = await addSubjects(s, i.subjectPersonIds ?? [], 'subjectPersonIds');
  const tracks = tracksOf(i.tracks);
  return { patch: { registered_on: i.registeredOn, ...(tracks ? { tracks } : {}) }, data: { registeredOn: i.registeredOn, meetingId, tracks: i.tracks ?? null, subjectsAdded: added, note: i.note ?? null } };
};

const declineRegistration: StepHandler = async (s) => {
  const i = s.input as ActionInput<'DeclineRegistrationInput'>;
  const meetingId = await registrationMeeting(s, 'decline_registration', i.meetingId, i.decidedOn, 'not_register');
  const replyId = await addReply(s, 'decline_registration', i.reply, i.decidedOn, false);
  return { patch: { end_reason: i.reason }, data: { decidedOn: i.decidedOn, meetingId, reason: i.reason, replyId } };
};

const reportToLeader: StepHandler = async (s) => {
  const i = s.input as ActionInput<'ReportToLeaderInput'>;
  return { data: { reportedOn: i.reportedOn, note: i.note ?? null } };
};

/** WC-9(2) + conflict of interest: see conflict-of-interest.ts. */
const appointTeam: StepHandler = async (s) => {
  const i = s.input as ActionInput<'AppointTeamInput'>;
  const ids = [...new Set(i.members.map((m) => m.userId))];
  const byId = await teamCandidates(s.tx, ids);
  // issue 11: the investigator role held in the case's organisation (a membership there), not at home
  const orgRoles = await rolesInOrg(s.tx, ids, s.row.org_id);
  const bad = i.members.findIndex((m) => {
    const u = byId.get(m.userId);
    return !u || u.disabled || !(orgRoles.get(m.userId) ?? []).includes('investigator');
  });
  if (bad >= 0) throw validationError([{ code: 'custom', path: ['members', bad, 'userId'], message: '须为具有调查组成员角色的有效用户 / must be an active user with the investigator role' }]);
  const candidates = ids.map((id) => ({ userId: id, displayName: byId.get(id)!.displayName, personId: byId.get(id)!.personId }));
  const people = await peopleByIds(s.tx, candidates.map((c) => c.personId).filter((p): p is string => Boolean(p)));
  const conflicts = teamConflicts(await loadRecusalFacts(s.tx, s.row.id), candidates, people, impartialityParams(chinaDate(s.ctx.clock.now()), await casePacksOn(s.tx, s.row.id, chinaDate(s.ctx.clock.now()))));
  if (conflicts.length) throw conflictError(conflicts);
  for (const id of ids) {
    const lead = i.members.some((m) => m.userId === id && m.lead);
    await insertTeamMember(s.tx, { id: newId(), caseId: s.row.id, userId: id, personId: byId.get(id)!.personId, lead, appointedOn: i.appointedOn, createdAt: s.now });
  }
  return { data: { appointedOn: i.appointedOn, members: i.members } };
};

const startInvestigation: StepHandler = async (s) => {
  const i = s.input as ActionInput<'StartInvestigationInput'>;
  // FL-16: 追究执法过错责任应当自调查之日起 60 天内处理完毕 — the fault track's clock.
  if (s.facts.tracks.includes('FL')) await startDeadline(s.ctx, s.tx, s.row.id, 'handling', i.startedOn, s.now);
  return { patch: { investigation_started_on: s.row.investigation_started_on ?? i.startedOn }, data: { startedOn: i.startedOn } };
};

const addSubject: StepHandler = async (s) => {
  const i = s.input as ActionInput<'AddSubjectInput'>;
  if (s.facts.subjectPersonIds.includes(i.personId)) throw field('personId', '此人已是本案被调查人', 'this person is already a subject of the case');
  await addSubjects(s, [i.personId], 'personId');
  // A subject may not investigate their own conduct (WC-9(2)): refuse if they sit on the team.
  const onTeam = await teamMemberOfPerson(s.tx, s.row.id, i.personId);
  if (onTeam) {
    const p = (await peopleByIds(s.tx, [i.personId])).get(i.personId);
    throw conflictError([{ userId: onTeam, name: p?.name ?? i.personId, reasonZh: '调查组成员不得同时为被调查人', reasonEn: 'a team member cannot also be a subject' }]);
  }
  return { data: { personId: i.personId, note: i.note ?? null } };
};

/**
 * issue 9: the clerk links the report's case to an original enforcement case of the register (of
 * the case's own organisation), replaces the link, or removes it. The step row and its audit
 * record keep the previous link; the recusal facts and the WC track read the case's link.
 */
const linkOriginalCase: StepHandler = async (s) => {
  const i = s.input as ActionInput<'LinkOriginalCaseInput'>;
  const next = i.originalCaseId ?? null;
  const previous = s.row.original_case_id ?? null;
  if (next === previous) throw field('originalCaseId', next ? '本案已关联该原执法案件' : '本案尚未关联原执法案件', next ? 'the case is already linked to this original case' : 'the case is not linked to an original case');
  if (next) await requireOriginalCase(s.tx, next, 'originalCaseId', s.row.org_id);
  return { patch: { original_case_id: next }, data: { originalCaseId: next, previousOriginalCaseId: previous, note: i.note ?? null } };
};

const reply: StepHandler = async (s) => {
  const i = s.input as ActionInput<'ReplyInput'>;
  const id = await addReply(s, 'reply', i.text, i.repliedOn, true);
  return { data: { repliedOn: i.repliedOn, replyId: id }, created: id ? { kind: 'reply', id } : undefined } as StepResult;
};

const close: StepHandler = async (s) => {
  const i = s.input as ActionInput<'CloseInput'>;
  return { patch: { closed_on: i.closedOn }, data: { closedOn: i.closedOn, summary: i.summary } };
};

export const STEP_HANDLERS: Record<CaseAction, StepHandler> = {
  accept,
  not_accept: notAccept,
  transfer,
  register,
  decline_registration: declineRegistration,
  report_to_leader: reportToLeader,
  appoint_team: appointTeam,
  start_investigation: startInvestigation,
  add_subject: addSubject,
  link_original_case: linkOriginalCase,
  reply,
  close,
  ...INVESTIGATION_STEPS,
  ...DECISION_STEPS,
  ...EXECUTION_STEPS,
  ...SUPERVISION_STEPS,
};
