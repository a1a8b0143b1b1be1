// 分管负责人 (the deputy): acts for the main leader who must stand aside on a case (FL-5(1)). Who
// may be designated, wherever the designation is made — the deputy setting
// (src/services/impartiality/service.ts#setDeputy) and the organisation's own record
// (src/services/orgs/org-service.ts#updateOrg); found by a red-team walk: the organisation's edit
// took a main leader as the deputy, which the setting refuses.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { validationError } from '../lib/validation';
import { userRow } from '../repositories/impartiality/impartiality-repo';
import { rolesInOrg } from '../repositories/users/users-repo';

const field = (zh: string, en: string, path = 'userId') => validationError([{ code: 'custom', path: [path], message: `${zh} / ${en}` }]);

/** Refuses a deputy who is not an active account, not a member of the organisation, or a main leader there. */
export async function assertDeputyEligible(q: Kysely<Database>, userId: string, orgId: string, path = 'userId'): Promise<void> {
  const u = await userRow(q, userId);
  if (!u || Number(u.disabled) === 1) throw field('须为有效的用户', 'must be an active user', path);
  // a member of the organisation the deputy is for, judged by the roles held there (its membership)
  const there = (await rolesInOrg(q, [userId], orgId)).get(userId);
  if (!there) throw field('须为本机构的成员', 'must be a member of this organisation', path);
  if (there.includes('leader')) throw field('分管负责人不能是委主要负责人本人', 'the deputy cannot be a main leader', path);
}
