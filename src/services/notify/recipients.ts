// Who a case waits on now (the same machine as the queue: allowedActions + waitsOn; for the step
// hook also the queue's impartiality), and the superiors an overdue step escalates to (督办): the
// leader of the case's own organisation (委主要负责人), then the supervisors of the supervising
// organisation above it in the org tree
// (the nearest ancestor of kind `supervision`: its enabled `oversight` and `supervisor` accounts)
// — never every supervisor of the installation.
import { allowedActions, waitsOn, type ActorFacts, type AllowedAction, type CaseAction } from '../../domain/cases';
import type { Role } from '../../policies/roles';
import { impartialityParams } from '../../policies/recusal';
import { loadRecusalFacts } from '../../policies/recusal-repo';
import { standsAsideFrom } from '../cases/impartiality';
import { findOrg } from '../orgs/org-repo';
import { orgPacksOn } from '../orgs/org-settings';
import { enabledMembersOfBody, enabledUsersOfOrg, orgOfOriginalCaseRow } from '../../repositories/notify/notify-repo';
import { findCase, loadFacts, type Q } from '../cases/repo';
import { ancestorsOf, orgTree } from '../orgs/org-settings-repo';

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

/**
 * The accounts of the case's organisation the case waits on now, with their steps. With
 * `standAsideOn` (a China date): without the steps each must stand aside from on the case that day
 * (FL-5(1) recusal, separation of investigation from decision — the queue's rule, under the rule
 * pack of the case's organisation), so nobody is told of a step they may not take.
 */
export async function waitingOn(q: Q, caseId: string, opts: { standAsideOn?: string } = {}): Promise<Waiting[]> {
  const row = await findCase(q, caseId);
  if (!row) return [];
  const facts = await loadFacts(q, row);
  const candidates: { u: UserLite; af: ActorFacts; steps: AllowedAction[] }[] = [];
  for (const u of await enabledUsers(q, row.org_id)) {
    const af = { userId: u.id, roles: u.roles, personId: u.person_id };
    const steps = allowedActions(facts, af).filter((a) => waitsOn(facts, a.action, af));
    if (steps.length) candidates.push({ u, af, steps });
  }
  const today = opts.standAsideOn;
  const aside = today && candidates.length ? { rf: await loadRecusalFacts(q, caseId), params: impartialityParams(today, orgPacksOn(await findOrg(q, row.org_id), today)) } : null;
  const out: Waiting[] = [];
  for (const { u, af, steps } of candidates) {
    const who = { userId: u.id, personId: u.person_id, name: u.display_name };
    const mine = aside ? steps.filter((s) => !standsAsideFrom({ facts: aside.rf, params: aside.params, who, actorFacts: af }, s.action, facts)) : steps;
    if (mine.length) out.push({ userId: u.id, displayName: u.display_name, steps: mine.map((s) => ({ action: s.action, labelZh: s.labelZh, labelEn: s.labelEn })) });
  }
  return out;
}

/** The enabled accounts of `orgId` holding `role`. */
export async function usersWithRole(q: Q, role: Role, orgId: string): Promise<string[]> {
  return (await enabledUsers(q, orgId)).filter((u) => u.roles.includes(role)).map((u) => u.id);
}

/**
 * The supervisors an overdue step of a case of `orgId` escalates to, after its leader: the
 * enabled `oversight` (执法监督) and `supervisor` accounts of the nearest organisation above it
 * of kind `supervision`. An organisation with none above it (a single-organisation installation)
 * falls back to its own supervisor accounts registered with the enforcement-supervision body
 * (`supervisor_memberships.body = 'supervision'`).
 */
export async function supervisingOrgUsers(q: Q, orgId: string): Promise<{ orgId: string | null; userIds: string[] }> {
  const above = ancestorsOf(await orgTree(q), orgId).find((o) => o.kind === 'supervision');
  if (above) {
    const users = (await enabledUsers(q, above.id)).filter((u) => u.roles.includes('oversight') || u.roles.includes('supervisor'));
    return { orgId: above.id, userIds: users.map((u) => u.id) };
  }
  return { orgId: null, userIds: await enabledMembersOfBody(q, 'supervision', orgId) };
}

/** The organisation of a case, or of an original case (null when not found). */
export async function orgOfCase(q: Q, caseId: string): Promise<string | null> {
  return (await findCase(q, caseId))?.org_id ?? null;
}

export async function orgOfOriginalCase(q: Q, originalCaseId: string): Promise<string | null> {
  return orgOfOriginalCaseRow(q, originalCaseId);
}
