// Organisations (issue 11 point 3): the procedural parameters a case is handled with come from
// the rule pack its organisation applies on the relevant date, not from "the deployment's" pack.
// Two commissions, two packs (test/factories/variant-pack.ts registered here beside the Banan
// pack): the backdate limit of FL-5(1) (honest dates), the quorum of the decision meeting (FL-15,
// FL-5(4)) and the defence period of WC-11 (陈述申辩) differ for each one's own cases.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { makeCase, reportIntake, type CaseWorld } from '../factories/cases';
import { chooseRulePacks, setupTwoCommissions, type District } from '../factories/orgs';
import { VARIANT_PACK_ID } from '../factories/variant-pack';
import { createCase } from '../../src/services/cases';
import type * as Registry from '../../src/rules/registry';

vi.mock('../../src/rules/registry', async (importOriginal) => {
  const real = await importOriginal<typeof Registry>();
  const { variantPack } = await import('../factories/variant-pack');
  return { ...real, REGISTERED_PACKS: [...real.REGISTERED_PACKS, variantPack] };
});

describe.each(engines)('Organisations: each case under its own organisation’s rule pack (%s)', (engine) => {
  let t: TestApp;
  let d: District;
  let b: CaseWorld;
  let a: CaseWorld;
  beforeAll(async () => {
    t = await createTestApp(engine, '2025-09-10T02:00:00.000Z');
    ({ d, b, a } = await setupTwoCommissions(t));
    // the Banan commission keeps the Banan pack; the other commission takes the variant
    await chooseRulePacks(t, { [d.bananId]: 'banan-housing-2019', [d.otherId]: VARIANT_PACK_ID });
  }, 300_000);
  afterAll(async () => t?.close());

  it('FL-5(1) honest dates: a case received 6 days back needs a reason under the Banan pack (3 days), not under the other commission’s pack (10 days)', async () => {
    const intake = (w: CaseWorld) => createCase(w.ctx.clerk, reportIntake(w, { receivedOn: '2025-09-04', summary: '举报：某执法支队对某建筑公司的处罚认定事实不清。' }));
    await expect(intake(b)).rejects.toMatchObject({ code: 'BACKDATE_REASON_REQUIRED' });
    await expect(intake(a)).resolves.toMatchObject({ caseId: expect.any(String) });
  });

  it('FL-15 / FL-5(4): a registration meeting of three members needs two present under the Banan pack, three under the other commission’s', async () => {
    const required = async (w: CaseWorld, p: string) => {
      for (const u of ['decider', 'decider2', 'decider3']) {
        const add = await t.as(`${p}clerk`, { method: 'POST', url: '/api/v1/decision-body', payload: { userId: t.userIds[`${p}${u}`] } });
        expect([201, 409]).toContain(add.statusCode);
      }
      const c = await makeCase(w, { to: 'accepted' });
      const m = await t.as(`${p}clerk`, { method: 'POST', url: '/api/v1/meetings', payload: { caseId: c.caseId, purpose: 'registration', heldOn: '2025-09-05', chairUserId: t.userIds[`${p}decider`] } });
      expect(m.statusCode, m.body).toBe(201);
      return m.json().quorum.required as number;
    };
    expect(await required(b, '')).toBe(2);
    expect(await required(a, 'a_')).toBe(3);
  });

  it('WC-11 陈述申辩: the defence period is 5 working days under the Banan pack, 10 calendar days under the other commission’s', async () => {
    const respondBy = async (w: CaseWorld, p: string) => {
      const c = await makeCase(w, { to: 'notified', drive: { on: '2025-09-05' } });
      const v = await t.as(`${p}subject`, { method: 'GET', url: `/api/v1/cases/${c.caseId}` });
      expect(v.statusCode, v.body).toBe(200);
      return v.json().respondBy as { days: number; dayKind: string; dueDate: string };
    };
    expect(await respondBy(b, '')).toMatchObject({ days: 5, dayKind: 'working' });
    expect(await respondBy(a, 'a_')).toMatchObject({ days: 10, dayKind: 'calendar', dueDate: '2025-09-15' });
  });
});
