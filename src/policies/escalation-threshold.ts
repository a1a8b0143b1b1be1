// 督办 escalation threshold (issue 12; red-team walk of 2026-12-07, "Escalation threshold"): how
// many working days an overdue step of an organisation waits before it goes on to the supervising
// organisation above (`escalateToSupervisorAfterWorkingDays`) is decided by the organisation that
// receives the escalation, not by the one it watches. Otherwise a watched commission could set 60
// and keep its overdue cases from ever reaching the supervisor above it.
//  - The value in force for an organisation's cases is the own value of the nearest ancestor of
//    kind `supervision` (the one its 督办 goes to: src/services/notify/recipients.ts), over the
//    deployment default. With no supervising organisation above, the top of its tree decides (in
//    a single-organisation installation the organisation itself: nobody is above it, and its
//    administrator sets the deployment default anyway).
//  - An organisation's own level holds the value only where it governs someone: a supervising
//    organisation (for those below it) or the top of a tree. Elsewhere it is refused on every
//    write (the notification settings, PATCH /api/v1/orgs/:id) — a value there would look in
//    force and be none — and a value found there (an older database, a restore) is ignored.
import { AppError } from '../errors';

export interface ThresholdOrg {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
}

/**
 * The organisation whose own setting governs the escalation of `org`'s cases: the nearest
 * supervising organisation above it, else the top of its tree (itself when it has no parent).
 * `ancestors`: the organisations above `org`, nearest first.
 */
export function escalationThresholdSetter<O extends ThresholdOrg>(org: O, ancestors: readonly O[]): O {
  return ancestors.find((o) => o.kind === 'supervision') ?? ancestors[ancestors.length - 1] ?? org;
}

/** Whether a value stored at this organisation's own level governs anyone's escalation. */
export function mayHoldEscalationThreshold(org: Pick<ThresholdOrg, 'kind' | 'parentId'>): boolean {
  return org.kind === 'supervision' || org.parentId === null;
}

/**
 * Refuses the threshold at the level of an organisation that does not hold it (nothing is stored):
 * ESCALATION_THRESHOLD_SET_ABOVE, naming the field and the organisation that sets it.
 */
export function assertMayHoldEscalationThreshold(org: ThresholdOrg, setter: Pick<ThresholdOrg, 'id' | 'name'>, path: string): void {
  if (mayHoldEscalationThreshold(org)) return;
  const zh = `由上级监督机关（${setter.name}）设定`;
  const en = `set by the supervising organisation (${setter.name})`;
  throw new AppError('ESCALATION_THRESHOLD_SET_ABOVE', { zh, en }, { fields: [{ path, code: 'custom', zh, en }], setBy: { id: setter.id, name: setter.name } });
}
