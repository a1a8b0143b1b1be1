// The arithmetic of a collective meeting (FL-15, FL-5(4) 民主集中制), pure: quorum with recused
// members counted out, and the majority per question. The parameters come from the rule pack
// (meetingQuorum); nothing here reads a database.
import type { MeetingQuorumParameter } from '../../rules/packs/banan-housing-2019/meeting-parameters';

export interface QuorumInput {
  /** members of the body at the meeting */
  members: number;
  /** of whom recused from this matter */
  recused: number;
  /** present and not recused (the voters) */
  present: number;
}

export interface QuorumResult extends QuorumInput {
  /** members who count for the quorum (recused counted out when the parameter says so) */
  eligible: number;
  required: number;
  quorate: boolean;
  /** fewer present than the minimum for a meeting at all (one member alone) */
  soleMember: boolean;
}

export function quorumOf(i: QuorumInput, p: MeetingQuorumParameter): QuorumResult {
  const eligible = p.countRecusedOut ? i.members - i.recused : i.members;
  const required = Math.max(p.minPresent, Math.floor(eligible * p.moreThanFraction) + 1);
  const soleMember = i.present < p.minPresent;
  return { ...i, eligible, required, soleMember, quorate: !soleMember && i.present >= required };
}

export interface Tally {
  /** the winning option's key, or null when no option has the majority */
  winner: string | null;
  counts: { key: string; count: number }[];
  voters: number;
}

/** More than half of the voters for one option (FL-5(4)); keys are canonical option strings. */
export function majorityOf(votes: readonly string[], voters = votes.length): Tally {
  const m = new Map<string, number>();
  for (const v of votes) m.set(v, (m.get(v) ?? 0) + 1);
  const counts = [...m.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const top = counts[0];
  return { winner: top && top.count * 2 > voters ? top.key : null, counts, voters };
}

// Opinions by purpose and their canonical keys.
export interface DecisionOpinionItem {
  subjectPersonId: string;
  noAccountability: boolean;
  forms: string[];
}
export type MeetingOpinion =
  | { purpose: 'registration'; register: boolean }
  | { purpose: 'decision'; items: DecisionOpinionItem[] }
  | { purpose: 'appeal'; outcome: 'upheld' | 'changed' | 'revoked'; forms?: string[] | undefined };

export const formsKey = (noAccountability: boolean, forms: readonly string[]): string => (noAccountability ? 'NO_ACCOUNTABILITY' : [...new Set(forms)].sort().join('+'));
export const parseFormsKey = (key: string): { noAccountability: boolean; forms: string[] } =>
  key === 'NO_ACCOUNTABILITY' ? { noAccountability: true, forms: [] } : { noAccountability: false, forms: key.split('+').filter(Boolean) };

export interface MeetingResult {
  /** registration: 'register' | 'not_register'; appeal: 'upheld' | 'revoked' | 'changed:<forms>' */
  matter?: Tally;
  /** decision: per subject, the forms key */
  subjects?: { subjectPersonId: string; tally: Tally }[];
}

/** The result of the meeting from the present voters' opinions. */
export function meetingResultOf(purpose: MeetingOpinion['purpose'], opinions: readonly MeetingOpinion[], subjectPersonIds: readonly string[] = []): MeetingResult {
  if (purpose === 'registration') return { matter: majorityOf(opinions.map((o) => (o.purpose === 'registration' && o.register ? 'register' : 'not_register'))) };
  if (purpose === 'appeal') {
    return { matter: majorityOf(opinions.map((o) => (o.purpose === 'appeal' ? (o.outcome === 'changed' ? `changed:${formsKey(false, o.forms ?? [])}` : o.outcome) : ''))) };
  }
  return {
    subjects: subjectPersonIds.map((sid) => ({
      subjectPersonId: sid,
      tally: majorityOf(
        opinions.map((o) => {
          const it = o.purpose === 'decision' ? o.items.find((x) => x.subjectPersonId === sid) : undefined;
          return it ? formsKey(it.noAccountability, it.forms) : '';
        }),
      ),
    })),
  };
}
