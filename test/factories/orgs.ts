// Organisation factories (issue 11): a district supervising organisation above the default
// (Banan) commission, and further commissions below it, inserted as the system would.
import { inTransaction } from '../../src/db/tx';
import { DEFAULT_ORG_ID } from '../../src/db/tables/organisations';
import { newId } from '../../src/lib/ids';
import { insertOrg, type Organisation } from '../../src/services/orgs/org-repo';
import type { Deps } from '../../src/services/context';
import type { TestApp } from '../app';
import { setupCaseWorld, type CaseWorld } from './cases';

let seq = 0;

export async function addOrg(deps: Deps, o: Partial<Organisation> & { name: string }): Promise<string> {
  const id = o.id ?? `org-${newId()}`;
  const now = deps.clock.now().toISOString();
  await inTransaction(deps.db, (tx) =>
    insertOrg(
      tx,
      {
        id,
        parentId: o.parentId ?? null,
        kind: o.kind ?? 'commission',
        name: o.name,
        shortName: o.shortName ?? o.name,
        letterhead: o.letterhead ?? o.name,
        casePrefix: o.casePrefix ?? null,
        caseNumberFormat: o.caseNumberFormat ?? '{prefix}〔{year}〕{n}号',
        documentPrefix: o.documentPrefix ?? o.casePrefix ?? null,
        decisionBody: o.decisionBody ?? '党委会',
        deputyUserId: o.deputyUserId ?? null,
        rulePacks: o.rulePacks ?? [{ packId: 'banan-housing-2019', from: null }],
        settings: o.settings ?? {},
        version: 1,
        acceptsReports: o.acceptsReports ?? true,
        sortOrder: o.sortOrder ?? ++seq,
      },
      now,
    ),
  );
  return id;
}

export interface District {
  districtId: string;
  /** the default organisation (the Banan commission) */
  bananId: string;
  /** a second commission beside it, with its own prefix */
  otherId: string;
}

/** 区司法局执法监督科 above the Banan commission (the default organisation) and a second commission (巴交问). */
export async function setupDistrict(deps: Deps): Promise<District> {
  const districtId = await addOrg(deps, { name: '重庆市巴南区司法局', shortName: '区司法局', kind: 'supervision', sortOrder: 0 });
  await deps.db.kysely.updateTable('organisations').set({ parent_id: districtId }).where('id', '=', DEFAULT_ORG_ID).execute();
  const otherId = await addOrg(deps, { name: '重庆市巴南区交通运输委员会', shortName: '区交通委', parentId: districtId, casePrefix: '巴交问', decisionBody: '委党委会' });
  return { districtId, bananId: DEFAULT_ORG_ID, otherId };
}

export interface TwoCommissions {
  d: District;
  /** the Banan commission's case world (usernames unprefixed) */
  b: CaseWorld;
  /** the other commission's case world (usernames `a_…`) */
  a: CaseWorld;
}

/**
 * The district with a case world in each of its two commissions, and the district's system
 * administrator `d_sys` (the world most organisation tests start from).
 */
export async function setupTwoCommissions(t: TestApp): Promise<TwoCommissions> {
  const d = await setupDistrict(t.deps);
  const b = await setupCaseWorld(t);
  const a = await setupCaseWorld(t, { prefix: 'a_', orgId: d.otherId });
  await t.addUser('d_sys', ['sysadmin'], null, d.districtId);
  return { d, b, a };
}

/**
 * The district's system administrator `d_sys` (setupTwoCommissions) sets the rule pack each named
 * organisation applies from the start — `{ [orgId]: packId }`, in that order — through the API,
 * as an operator would. Throws when a change is refused.
 */
export async function chooseRulePacks(t: TestApp, packs: Record<string, string>): Promise<void> {
  const orgs = (await t.as('d_sys', { method: 'GET', url: '/api/v1/orgs' })).json().items as { id: string; version: number }[];
  for (const [orgId, packId] of Object.entries(packs)) {
    const version = orgs.find((o) => o.id === orgId)?.version;
    const r = await t.as('d_sys', { method: 'PATCH', url: `/api/v1/orgs/${orgId}`, payload: { version, rulePacks: [{ packId, from: null }] } });
    if (r.statusCode !== 200) throw new Error(`rule pack ${packId} for ${orgId} refused: ${r.statusCode} ${r.body}`);
  }
}
