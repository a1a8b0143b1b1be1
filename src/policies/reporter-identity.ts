// 身份保管 — who may read a reporter's identity, and when (issue 9 §4). FL-7(7) makes 泄露举报人信息
// a fault and FL-10(3) retaliation an aggravating circumstance, so a clerk's wish to read an
// identity is not enough: the clerk (on the case) states a reason, a SECOND person — the security
// administrator or the main leader, as configured — approves, and the approval is valid for a
// limited time for that clerk on that case only. An emergency path grants at once and is audited
// loudly for the auditor to review. Pure rules; the facts are loaded by the service.
import type { Actor } from './roles';

export type IdentityApproverRole = 'secadmin' | 'leader';
export type IdentityRequestStatus = 'pending' | 'approved' | 'refused' | 'emergency';

export interface IdentityRequestFacts {
  caseId: string;
  requestedBy: string;
  status: IdentityRequestStatus | string;
  expiresAt: string | null;
}

/** An emergency grant is short: at most this many minutes whatever the setting. */
export const EMERGENCY_MAX_MINUTES = 30;

/** Only a clerk who can see the case may ask (the service checks the case is visible to them). */
export const mayRequestIdentity = (actor: Actor): boolean => actor.roles.includes('clerk');

/**
 * The configured approver role decides; never the requester (a second person), whatever roles
 * they hold.
 */
export function mayDecideIdentityRequest(actor: Actor, approver: IdentityApproverRole, req: IdentityRequestFacts): boolean {
  return actor.roles.includes(approver) && actor.userId !== req.requestedBy;
}

/** A grant lets its requester read the identity of its case until it expires. */
export function grantAllowsRead(actor: Actor, caseId: string, req: IdentityRequestFacts, nowIso: string): boolean {
  return (
    req.caseId === caseId &&
    req.requestedBy === actor.userId &&
    (req.status === 'approved' || req.status === 'emergency') &&
    req.expiresAt !== null &&
    req.expiresAt > nowIso
  );
}

/** Minutes a grant is valid: the setting; an emergency grant at most EMERGENCY_MAX_MINUTES. */
export const grantMinutes = (setting: number, emergency: boolean): number => (emergency ? Math.min(setting, EMERGENCY_MAX_MINUTES) : setting);
