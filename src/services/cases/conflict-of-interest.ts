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
import { conflictsOf, groundsAsShownToOthers, type ImpartialityParams, type RecusalFacts } from '../../policies/recusal';
import type { PersonRef } from './registers-adapter';

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

/** Conflicts of team candidates, from the one recusal rule (src/policies/recusal.ts). */
export function teamConflicts(rf: RecusalFacts, candidates: readonly TeamCandidate[], people: Map<string, PersonRef>, params: ImpartialityParams): Conflict[] {
  // WC-9(2) bars subjects and original-case participants from the team whatever the parameters say.
  const p: ImpartialityParams = { ...params, subject: { ...params.subject, enabled: true }, originalParticipant: { ...params.originalParticipant, enabled: true } };
  return candidates.flatMap((c) =>
    groundsAsShownToOthers(conflictsOf(rf, { userId: c.userId, personId: c.personId, name: (c.personId && people.get(c.personId)?.name) || c.displayName }, p)).map((x) => ({ userId: c.userId, name: x.name, reasonZh: x.reasonZh, reasonEn: x.reasonEn })),
  );
}

export function conflictError(conflicts: Conflict[]): AppError {
  const zh = conflicts.map((c) => `${c.name}（${c.reasonZh}）`).join('；');
  const en = conflicts.map((c) => `${c.name} (${c.reasonEn})`).join('; ');
  return new AppError('CONFLICT_OF_INTEREST', { zh: `${zh}，不得参加调查组（WC-9(2)）`, en: `${en} may not sit on the investigation team (WC-9(2))` }, { citation: 'WC-9(2)', conflicts });
}
