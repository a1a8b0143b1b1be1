// Who may open an officer's profile (issue 12 part 4), and what of it they see. The profile puts
// together the registers (posts, certificates, original cases) and the accountability cases
// naming the person, so it must not become a way around case visibility:
// - staff who read the registers (clerk, leader, decider, investigator; a supervising account over
//   its subtree — the organisation scope decides which people it finds) open any profile; the
//   accountability cases in it are only those the viewer may see (src/services/cases/repo.ts
//   `visibleCasesFilter`: all for cases.readAll roles, team cases for an investigator);
// - a subject opens only their own profile, and sees their own cases only — never another
//   subject's records, never who reported (no reporter data is ever read for a profile);
// - alerts about the person only for alerts.read roles;
// - decisions imported from before go-live (历史导入) for the roles that read every case
//   (cases.readAll), and for the person themselves — as the decided cases are seen.
import { can, type Actor } from './roles';

export function mayOpenProfile(actor: Actor, personId: string): boolean {
  if (!can(actor, 'profiles.read')) return false;
  if (can(actor, 'registers.read')) return true;
  return actor.personId !== null && actor.personId === personId;
}

export const mayReadProfileAlerts = (actor: Actor): boolean => can(actor, 'alerts.read');

export const mayReadImportedHistory = (actor: Actor, personId: string): boolean => can(actor, 'cases.readAll') || (actor.personId !== null && actor.personId === personId);
