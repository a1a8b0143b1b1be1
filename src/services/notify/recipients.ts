// Who a case waits on now (the same machine as the queue: allowedActions + waitsOn), and the
// superiors an overdue step escalates to (督办): the main leader (委主要负责人), then the
// supervisory body (行政执法监督部门, supervisor accounts of body `supervision`).
import { allowedActions, waitsOn, type CaseAction } from '../../domain/cases';
import type { Role } from '../../policies/roles';
import { enabledMembersOfBody, enabledUsersOfOrg, orgOfOriginalCaseRow } from '../../repositories/notify/notify-repo';
import { findCase, loadFacts, type Q } from '../cases/repo';

export interface Waiting {
  userId: string;
  displayName: string;
  steps: { action: CaseAction; labelZh: string; labelEn: string }[];
}

interface UserLite {
  id: string;
  display_name: string;
  roles: Role[];
  person_id: string | null;
}

/** Enabled accounts of one organisation: a record of an organisation is announced to its own staff only (issue 11). */
async function enabledUsers(q: Q, orgId: string): Promise<UserLite[]> {
  return enabledUsersOfOrg(q, orgId);
}

export async function waitingOn(q: Q, caseId: string): Promise<Waiting[]> {
  const row = await findCase(q, caseId);
  if (!row) return [];
  const facts = await loadFacts(q, row);
  const out: Waiting[] = [];
  for (const u of await enabledUsers(q, row.org_id)) {
    const af = { userId: u.id, roles: u.roles, personId: u.person_id };
    const steps = allowedActions(facts, af).filter((a) => waitsOn(facts, a.action, af));
    if (steps.length) out.push({ userId: u.id, displayName: u.display_name, steps: steps.map((s) => ({ action: s.action, labelZh: s.labelZh, labelEn: s.labelEn })) });
  }
  return out;
}

/** The enabled accounts of `orgId` holding `role`. */
export async function usersWithRole(q: Q, role: Role, orgId: string): Promise<string[]> {
  return (await enabledUsers(q, orgId)).filter((u) => u.roles.includes(role)).map((u) => u.id);
}

/** Supervisor accounts of the supervisory body (行政执法监督部门). */
export async function supervisoryBodyUsers(q: Q): Promise<string[]> {
  return enabledMembersOfBody(q, 'supervision');
}

/** The organisation of a case, or of an original case (null when not found). */
export async function orgOfCase(q: Q, caseId: string): Promise<string | null> {
  return (await findCase(q, caseId))?.org_id ?? null;
}

export async function orgOfOriginalCase(q: Q, originalCaseId: string): Promise<string | null> {
  return orgOfOriginalCaseRow(q, originalCaseId);
}
