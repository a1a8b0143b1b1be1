// Demo (issue 11 point 7): two commissions — the Banan housing commission and a second one with
// its own prefix and people — under a district supervisor, with a supervisor account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { DEFAULT_ORG_ID } from '../../db/tables/organisations';
import { FixedClock } from '../../lib/clock';
import { MemoryFileStore } from '../../files/file-store';
import { generateSync } from 'otplib';
import { actorForToken, login, loginWithTotp } from '../../services/auth-service';
import { caseStatistics } from '../../services/stats/stats-service';
import { listCases } from '../../services/cases';
import type { Deps } from '../../services/context';
import { engines } from '../../../test/db';
import { closeOpsTestDb, openOpsTestDb } from '../../../test/factories/ops';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, loadDemo } from './index';
import { DEMO_DISTRICT_ORG_ID, DEMO_SECOND_ORG_ID } from './organisations';

const NOW = '2026-11-29T02:00:00.000Z';

describe.each(engines)('Demo: two commissions under a district supervisor (%s)', (engine) => {
  let db: Db;
  let deps: Deps;
  beforeAll(async () => {
    db = await openOpsTestDb(engine);
    deps = { db, clock: new FixedClock(NOW), files: new MemoryFileStore() };
    await loadDemo(deps);
  }, 600_000);
  afterAll(async () => closeOpsTestDb(db));

  it('Demo: the district supervisor sits above both commissions; the second has its own prefix, people and cases', async () => {
    const orgs = await db.kysely.selectFrom('organisations').select(['id', 'parent_id', 'case_prefix']).orderBy('sort_order').execute();
    expect(orgs).toEqual([
      { id: DEMO_DISTRICT_ORG_ID, parent_id: null, case_prefix: null },
      { id: DEFAULT_ORG_ID, parent_id: DEMO_DISTRICT_ORG_ID, case_prefix: '巴住建问' },
      { id: DEMO_SECOND_ORG_ID, parent_id: DEMO_DISTRICT_ORG_ID, case_prefix: '巴交问' },
    ]);
    const second = await db.kysely.selectFrom('cases').select('number').where('org_id', '=', DEMO_SECOND_ORG_ID).orderBy('org_seq').execute();
    expect(second.map((c) => c.number)).toEqual(['巴交问〔2026〕1号', '巴交问〔2026〕2号']);
    expect((await db.kysely.selectFrom('people').select('id').where('org_id', '=', DEMO_SECOND_ORG_ID).execute()).length).toBe(4);
    const housing = await db.kysely.selectFrom('cases').select('number').where('org_id', '=', DEFAULT_ORG_ID).execute();
    expect(housing.length).toBeGreaterThan(10);
    expect(housing.every((c) => c.number.startsWith('巴住建问'))).toBe(true);
  });

  it('Demo: the supervisor account reads both commissions; the second commission’s clerk reads only its own', async () => {
    const signIn = async (username: string) => {
      // the password, then the demo TOTP code (every account with a role has a second factor)
      const first = await login(deps, { username, password: DEMO_PASSWORD });
      if (first.status !== 'totp_required') throw new Error(`${username}: ${first.status}`);
      const s = await loginWithTotp(deps, { pendingToken: first.pendingToken, code: generateSync({ secret: DEMO_TOTP_SECRET, epoch: Math.floor(deps.clock.now().getTime() / 1000) }) });
      if (s.status !== 'signed_in') throw new Error(`${username}: ${s.status}`);
      return (await actorForToken(deps, s.token))!;
    };
    const jiandu = await signIn('jiandu');
    expect(jiandu.roles).toEqual(['oversight']);
    const all = await caseStatistics({ ...deps, actor: jiandu }, { year: 2026 });
    const own = await caseStatistics({ ...deps, actor: jiandu }, { year: 2026, orgId: DEMO_SECOND_ORG_ID });
    expect(own.totals.cases).toBe(2);
    expect(all.totals.cases).toBeGreaterThan(own.totals.cases);
    const jt = await signIn('jt_leader');
    const list = await listCases({ ...deps, actor: jt }, { pageSize: 100 });
    expect(list.items.map((i) => i.number).sort()).toEqual(['巴交问〔2026〕1号', '巴交问〔2026〕2号']);
  });
});
