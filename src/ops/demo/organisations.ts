// Demo organisations (issue 11 point 7): the Banan housing commission (the default organisation)
// and the Banan transport commission, with its own prefix (巴交问), units, people, accounts and
// cases, both under the district justice bureau's enforcement-supervision section, which has a
// read-only supervisor account (执法监督).
import { DEFAULT_ORG_ID } from '../../db/tables/organisations';
import { inTransaction } from '../../db/tx';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { createCase, driveCaseTo } from '../../services/cases';
import type { Ctx, Deps } from '../../services/context';
import { insertOrg } from '../../services/orgs/org-repo';
import { createPerson, createUnit } from '../../services/registers';

export const DEMO_DISTRICT_ORG_ID = 'org-banan-sfj';
export const DEMO_SECOND_ORG_ID = 'org-banan-jtw';

/** The district bureau above the default organisation, and the second commission beside it. */
export async function createDemoOrganisations(d: Deps, now: string): Promise<void> {
  await inTransaction(d.db, async (tx) => {
    await insertOrg(
      tx,
      {
        id: DEMO_DISTRICT_ORG_ID,
        parentId: null,
        kind: 'supervision',
        name: '重庆市巴南区司法局（行政执法监督科）',
        shortName: '区司法局执法监督科',
        letterhead: '重庆市巴南区司法局',
        casePrefix: null,
        caseNumberFormat: '{prefix}〔{year}〕{n}号',
        documentPrefix: null,
        decisionBody: '局党组会',
        deputyUserId: null,
        rulePacks: [],
        settings: {},
        version: 1,
        acceptsReports: true,
        sortOrder: 0,
      },
      now,
    );
    await tx.updateTable('organisations').set({ parent_id: DEMO_DISTRICT_ORG_ID, sort_order: 1 }).where('id', '=', DEFAULT_ORG_ID).execute();
    await insertOrg(
      tx,
      {
        id: DEMO_SECOND_ORG_ID,
        parentId: DEMO_DISTRICT_ORG_ID,
        kind: 'commission',
        name: '重庆市巴南区交通运输委员会',
        shortName: '区交通委',
        letterhead: '重庆市巴南区交通运输委员会',
        casePrefix: '巴交问',
        caseNumberFormat: '{prefix}〔{year}〕{n}号',
        documentPrefix: '巴交问',
        decisionBody: '委党委会',
        deputyUserId: null,
        // the same pack as the housing commission (several commissions may share the Banan pack)
        rulePacks: [{ packId: 'banan-housing-2019', from: null }],
        settings: {},
        version: 1,
        acceptsReports: true,
        sortOrder: 2,
      },
      now,
    );
  });
}

export interface SecondCommission {
  /** register person ids: the clerk, the leader, two enforcement officers */
  people: { clerk: string; leader: string; officers: string[] };
}

/** The second commission's register: its root unit, legal-affairs section, law-enforcement detachment and people. */
export async function createSecondCommissionRegister(d: Deps): Promise<SecondCommission> {
  const ctx: Ctx = { ...d, actor: { ...SYSTEM_ACTOR, orgId: DEMO_SECOND_ORG_ID, orgScope: [DEMO_SECOND_ORG_ID] } };
  const root = await createUnit(ctx, { name: '重庆市巴南区交通运输委员会', shortCode: 'BNJTW', kind: 'commission' });
  const fzk = await createUnit(ctx, { name: '区交通委法制科', shortCode: 'JTFZK', kind: 'section', parentId: root.id });
  const zd = await createUnit(ctx, { name: '区交通运输综合行政执法支队', shortCode: 'JTZFZD', kind: 'subordinate', parentId: root.id });
  const clerk = await createPerson(ctx, { name: '冉晓峰', unitId: fzk.id, post: '法制科科长', employeeNo: 'JT-001' });
  const leader = await createPerson(ctx, { name: '谭明远', unitId: root.id, post: '党委书记、主任', employeeNo: 'JT-002' });
  const o1 = await createPerson(ctx, { name: '向宏伟', unitId: zd.id, post: '执法队员', employeeNo: 'JT-101' });
  const o2 = await createPerson(ctx, { name: '牟春燕', unitId: zd.id, post: '执法中队长', employeeNo: 'JT-102' });
  return { people: { clerk: clerk.id, leader: leader.id, officers: [o1.id, o2.id] } };
}

/** The second commission's case received and accepted on `on` — numbered 巴交问〔year〕n号. */
export async function createSecondCommissionCases(clerk: Ctx, leader: Ctx, reg: SecondCommission, on: string): Promise<string[]> {
  const b = await createCase(clerk, {
    source: 'report',
    channel: 'visit',
    receivedOn: on,
    summary: '来访反映：执法中队长对网约车违规处罚畸重，同类情形处罚不一。',
    reporter: { anonymous: true },
    subjectPersonIds: [reg.people.officers[1]!],
  });
  await driveCaseTo({ clerk, leader, decider: leader, investigator: clerk }, b.caseId, 'accepted', { on });
  return [b.caseId];
}

/** A report the second commission received on `on` and has not accepted yet (within its WC-9(1) 及时受理 target). */
export async function createSecondCommissionReport(clerk: Ctx, reg: SecondCommission, on: string): Promise<string> {
  const a = await createCase(clerk, {
    source: 'report',
    channel: 'letter',
    receivedOn: on,
    summary: '举报：交通执法支队某执法队员对货车超限处罚时未告知陈述申辩权利。',
    reporter: { anonymous: false, name: '蒲建国', phone: '13709871234' },
    subjectPersonIds: [reg.people.officers[0]!],
  });
  return a.caseId;
}
