// Campaign factories: reviewer accounts (role `reviewer`, linked to a register person in a unit)
// made through the real services, and a campaign in scope of the original cases a test made.
import { createUserAsSystem, hashPassword } from '../../src/services/auth-service';
import type { Role } from '../../src/policies/roles';
import type { Ctx, Deps } from '../../src/services/context';
import type { Person } from '../../src/services/registers';
import { createCampaign } from '../../src/services/campaigns/campaign-service';
import { makePerson } from './registers';

const PASSWORD = 'Correct horse battery 9';
let hash: Promise<string> | undefined;
let n = 0;

/** A user account with the given roles, linked to a register person (made unless given). */
export async function makeStaffUser(deps: Deps, roles: Role[], opts: { person?: Person; unitId?: string; name?: string } = {}): Promise<{ userId: string; person: Person; actor: Ctx }> {
  hash ??= hashPassword(PASSWORD);
  const person = opts.person ?? (await makePerson(deps, { ...(opts.unitId ? { unitId: opts.unitId } : {}), ...(opts.name ? { name: opts.name } : {}) }));
  const username = `${roles.join('_')}${++n}`;
  const u = await createUserAsSystem(deps, { username, displayName: opts.name ?? person.name, password: PASSWORD, roles, personId: person.id }, await hash);
  return { userId: u.id, person, actor: { ...deps, actor: { userId: u.id, username, displayName: person.name, roles, personId: person.id } } };
}

export const makeReviewer = (deps: Deps, opts: { person?: Person; unitId?: string; name?: string } = {}) => makeStaffUser(deps, ['reviewer'], opts);

/** A campaign over every unit for the given period, drawing `count` files. */
export async function makeCampaign(ctx: Ctx, reviewerUserIds: string[], opts: { count?: number; percent?: number; from?: string; to?: string; reviewersPerFile?: number; name?: string } = {}) {
  return createCampaign(ctx, {
    name: opts.name ?? '2025年度行政处罚案卷评查',
    kind: 'routine',
    scope: { periodFrom: opts.from ?? '2025-01-01', periodTo: opts.to ?? '2025-12-31', ...(opts.percent ? { percent: opts.percent } : { count: opts.count ?? 2 }) },
    reviewerUserIds,
    reviewersPerFile: opts.reviewersPerFile ?? 1,
  });
}
