// A case step carries out a closed meeting's result (FL-15, WC-9(3)): register /
// decline_registration / decide / decide_appeal name the meeting, and are refused unless the
// meeting is on this case, for this purpose, closed (effective), quorate, not yet carried out,
// and its majority result is what the step records.
import { parseFormsKey, type MeetingResult, type QuorumResult } from '../../domain/meetings/tally';
import { AppError } from '../../errors';
import { recusalAsShown, type MeetingPurpose } from '../../policies/meeting-eligibility';
import { parseJson } from '../cases/repo';
import type { StepCtx } from '../cases/step-types';
import { peopleByIds } from '../cases/registers-adapter';
import { lockMeeting, markCarriedOut, meetingMembers } from '../../repositories/meetings/meetings-repo';
import { refuseGroundsNow } from './grounds';

export interface CarriedMeeting {
  id: string;
  heldOn: string;
  createdAt: string;
  result: MeetingResult;
  quorum: QuorumResult;
  /** the record kept with a decision (the minutes and meeting-minutes document read it) */
  record: Record<string, unknown>;
}

const PURPOSE_ZH: Record<MeetingPurpose, string> = { registration: '立案', decision: '处理决定', appeal: '复核陈述申辩/申诉' };

function describe(opinion: Record<string, unknown> | null, names: Map<string, string>): string {
  if (!opinion) return '';
  const remark = typeof opinion.remark === 'string' ? `（${opinion.remark}）` : '';
  if (opinion.purpose === 'registration') return `${opinion.register ? '同意立案' : '不同意立案'}${remark}`;
  if (opinion.purpose === 'appeal') {
    const o = opinion.outcome as string;
    return `${o === 'upheld' ? '维持原决定' : o === 'revoked' ? '撤销处理' : `变更为${((opinion.forms as string[]) ?? []).join('、')}`}${remark}`;
  }
  const items = (opinion.items as { subjectPersonId: string; noAccountability: boolean; forms: string[] }[]) ?? [];
  return items.map((it) => `${names.get(it.subjectPersonId) ?? it.subjectPersonId}：${it.noAccountability ? '不予追究' : it.forms.join('、')}`).join('；') + remark;
}

export async function carryOutMeeting(s: StepCtx, action: string, meetingId: string | undefined, purpose: MeetingPurpose, required: boolean): Promise<CarriedMeeting | null> {
  if (!meetingId) {
    if (!required) return null;
    throw new AppError('MEETING_NOT_EFFECTIVE', { zh: `${PURPOSE_ZH[purpose]}须经委党委会会议集体讨论，请指定已闭会的会议（${s.citation}）`, en: `this step carries out a meeting's result: name a closed meeting (${s.citation})` }, { citation: s.citation });
  }
  const m = await lockMeeting(s.tx, meetingId);
  if (!m || m.case_id !== s.row.id || m.purpose !== purpose) {
    throw new AppError('MEETING_NOT_EFFECTIVE', { zh: `本案没有该${PURPOSE_ZH[purpose]}会议`, en: `no such ${purpose} meeting on this case` }, { citation: s.citation });
  }
  if (m.status !== 'closed') throw new AppError('MEETING_NOT_EFFECTIVE', { zh: '会议尚未由主持人闭会（须全体出席成员确认本人意见，或主持人列明未确认者后闭会）', en: 'the chair has not closed the meeting yet' }, { citation: s.citation });
  if (m.carried_out_by_step) throw new AppError('MEETING_NOT_EFFECTIVE', { zh: '该会议的决定已执行过', en: "this meeting's result was already carried out" }, { citation: s.citation });
  const quorum = parseJson<QuorumResult | null>(m.quorum_json, null);
  if (!quorum?.quorate) throw new AppError('MEETING_NOT_QUORATE', { zh: '会议未达到法定人数（FL-15、FL-5(4)）', en: 'the meeting was not quorate (FL-15, FL-5(4))' }, { citation: 'FL-15' });
  const result = parseJson<MeetingResult>(m.result_json, {});
  const members = await meetingMembers(s.tx, m.id);
  // FL-5(1), FL-15: a member whose voice counted must not have a ground to stand aside on the case
  // now (one that arose after the meeting: the original case linked anew, a relationship declared)
  await refuseGroundsNow(s.tx, m, members.filter((x) => x.attendance === 'present').map((x) => x.user_id), 'MEETING_NOT_EFFECTIVE');
  await markCarriedOut(s.tx, m.id, action);

  const subjectIds = (result.subjects ?? []).map((x) => x.subjectPersonId);
  const people = await peopleByIds(s.tx, subjectIds);
  const names = new Map(subjectIds.map((id) => [id, people.get(id)?.name ?? id]));
  const missing = parseJson<string[]>(m.missing_confirmations, []);
  const chair = members.find((x) => x.user_id === m.chair_user_id);
  const record = {
    meetingId: m.id,
    date: m.held_on,
    chair: chair?.display_name ?? '',
    attendees: members.filter((x) => x.attendance === 'present').map((x) => ({ name: x.display_name, opinion: describe(parseJson(x.opinion_json, null), names), confirmed: Boolean(x.confirmed_at) })),
    absent: members.filter((x) => x.attendance === 'absent').map((x) => x.display_name),
    recused: members.filter((x) => x.attendance === 'recused').map((x) => ({ name: x.display_name, reason: recusalAsShown(x.recusal_kind, x.recusal_reason) ?? '' })),
    missingConfirmations: members.filter((x) => missing.includes(x.user_id)).map((x) => x.display_name),
    quorum,
    minutes: m.minutes ?? undefined,
  };
  return { id: m.id, heldOn: m.held_on, createdAt: m.created_at, result, quorum, record };
}

/** The majority forms per subject of a decision meeting; refuses when a subject has no majority. */
export function decisionResultOf(c: CarriedMeeting): Map<string, { noAccountability: boolean; forms: string[] }> {
  const out = new Map<string, { noAccountability: boolean; forms: string[] }>();
  for (const s of c.result.subjects ?? []) {
    if (!s.tally.winner) throw new AppError('MEETING_RESULT_MISMATCH', { zh: '会议对有的被调查人未形成过半数意见（FL-5(4)）', en: 'the meeting reached no majority for a subject (FL-5(4))' }, { subjectPersonId: s.subjectPersonId, citation: 'FL-5(4)' });
    out.set(s.subjectPersonId, parseFormsKey(s.tally.winner));
  }
  return out;
}

export function matterResultOf(c: CarriedMeeting): string {
  const w = c.result.matter?.winner;
  if (!w) throw new AppError('MEETING_RESULT_MISMATCH', { zh: '会议未形成过半数意见（FL-5(4)）', en: 'the meeting reached no majority (FL-5(4))' }, { citation: 'FL-5(4)' });
  return w;
}
