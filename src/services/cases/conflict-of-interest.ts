// WC-9(2): the main leader appoints the investigation team. Nobody may sit on it who is a
// subject of the case or who took part in the original enforcement case as handler, approver,
// member of the collective deliberation (its chair above all), instructing leader or the person
// who assigned the handler (FL-8's roles): they would investigate their own conduct.
//
// The rule itself lives in src/policies/recusal.ts (conflictsOf), shared with every case step:
// `teamConflicts` applies it to candidates — a subject or an original-case participant always
// (WC-9(2)), a declared relationship, the staff reporter or a recusal on the case as the pack's
// parameters say.
import { AppError } from '../../errors';
import { conflictsOf, type ImpartialityParams, type RecusalFacts } from '../../policies/recusal';
import type { ParticipantRef, PersonRef } from './registers-adapter';

const ROLE_ZH: Record<string, { zh: string; en: string }> = {
  handler: { zh: '原执法案件承办人', en: 'handler of the original case' },
  approver: { zh: '原执法案件批准人', en: 'approver of the original case' },
  deliberation_member: { zh: '原执法案件集体讨论成员', en: 'member of the original case’s collective deliberation' },
  deliberation_chair: { zh: '原执法案件集体讨论主持人', en: 'chair of the original case’s collective deliberation' },
  instructing_leader: { zh: '原执法案件授意或指使的负责人', en: 'leader who instructed the original case' },
  assigner: { zh: '原执法案件指派承办人的人员', en: 'person who assigned the original case' },
};

export interface TeamCandidate {
  userId: string;
  displayName: string;
  personId: string | null;
}

export interface Conflict {
  userId: string;
  name: string;
  reasonZh: string;
  reasonEn: string;
}

export function findConflicts(candidates: readonly TeamCandidate[], subjects: readonly string[], participants: readonly ParticipantRef[], people: Map<string, PersonRef>): Conflict[] {
  const out: Conflict[] = [];
  for (const c of candidates) {
    if (!c.personId) continue;
    const name = people.get(c.personId)?.name ?? c.displayName;
    if (subjects.includes(c.personId)) out.push({ userId: c.userId, name, reasonZh: '本案被调查人', reasonEn: 'a subject of this case' });
    for (const p of participants.filter((x) => x.personId === c.personId)) {
      const key = p.role === 'deliberation_member' && p.isChair ? 'deliberation_chair' : p.role;
      const r = ROLE_ZH[key] ?? { zh: `原执法案件参与人（${p.role}）`, en: `participant of the original case (${p.role})` };
      out.push({ userId: c.userId, name, reasonZh: r.zh, reasonEn: r.en });
    }
  }
  return out;
}

/** Conflicts of team candidates, from the one recusal rule (src/policies/recusal.ts). */
export function teamConflicts(rf: RecusalFacts, candidates: readonly TeamCandidate[], people: Map<string, PersonRef>, params: ImpartialityParams): Conflict[] {
  // WC-9(2) bars subjects and original-case participants from the team whatever the parameters say.
  const p: ImpartialityParams = { ...params, subject: { ...params.subject, enabled: true }, originalParticipant: { ...params.originalParticipant, enabled: true } };
  return candidates.flatMap((c) =>
    conflictsOf(rf, { userId: c.userId, personId: c.personId, name: (c.personId && people.get(c.personId)?.name) || c.displayName }, p).map((x) => ({ userId: c.userId, name: x.name, reasonZh: x.reasonZh, reasonEn: x.reasonEn })),
  );
}

export function conflictError(conflicts: Conflict[]): AppError {
  const zh = conflicts.map((c) => `${c.name}（${c.reasonZh}）`).join('；');
  const en = conflicts.map((c) => `${c.name} (${c.reasonEn})`).join('; ');
  return new AppError('CONFLICT_OF_INTEREST', { zh: `${zh}，不得参加调查组（WC-9(2)）`, en: `${en} may not sit on the investigation team (WC-9(2))` }, { citation: 'WC-9(2)', conflicts });
}
