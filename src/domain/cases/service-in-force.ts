// WC-11: which service of a decision stands for each subject as the service of the decision in
// force. A decision made on a subject's own defence or appeal (陈述申辩, 申诉 — decided here or by
// the outside body) changes that subject's part only: the subject must be served again, from
// which their period to state a defence runs anew; the other subjects' service stands as it was.
// Pure: the case aggregate (facts) and the defence period (defence-period.ts) read the same rule;
// the facts' SQL (src/repositories/cases/case-aggregate.ts#factsColumns) says the same in SQL.

export interface DecisionForService {
  id: string;
  seq: number;
  /** the defence or appeal whose outcome made this decision (null: the first decision) */
  appealId: string | null;
}
export interface AppealForService {
  id: string;
  subjectPersonId: string;
  decisionId: string;
  kind: string;
  outcome: string;
}
export interface NotificationForService {
  decisionId: string;
  subjectPersonId: string;
  notifiedOn: string;
  defenceWaived: boolean;
}

/** The seq of the last decision that changed this subject's part (1: none since the first). */
export function changedAtSeq(subjectPersonId: string, decisions: readonly DecisionForService[], appeals: readonly AppealForService[]): number {
  let seq = 1;
  for (const d of decisions) {
    if (!d.appealId) continue;
    const a = appeals.find((x) => x.id === d.appealId);
    if (a && a.subjectPersonId === subjectPersonId && d.seq > seq) seq = d.seq;
  }
  return seq;
}

/**
 * The service on the subject that counts as service of the decision in force (the latest one of a
 * decision no older than the last change of the subject's part), with the defences and appeals
 * the subject filed since (against that decision or a later one); null when not served with it.
 */
export function serviceInForce<N extends NotificationForService, A extends AppealForService>(
  subjectPersonId: string,
  decisions: readonly DecisionForService[],
  appeals: readonly A[],
  notifications: readonly N[],
): { service: N; seq: number; defences: A[] } | null {
  const seqOf = new Map(decisions.map((d) => [d.id, d.seq] as const));
  const from = changedAtSeq(subjectPersonId, decisions, appeals);
  let best: { service: N; seq: number } | null = null;
  for (const n of notifications) {
    if (n.subjectPersonId !== subjectPersonId) continue;
    const seq = seqOf.get(n.decisionId) ?? 0;
    if (seq < from) continue;
    if (!best || seq > best.seq || (seq === best.seq && n.notifiedOn > best.service.notifiedOn)) best = { service: n, seq };
  }
  if (!best) return null;
  const defences = appeals.filter((a) => a.subjectPersonId === subjectPersonId && (seqOf.get(a.decisionId) ?? 0) >= best.seq);
  return { ...best, defences };
}
