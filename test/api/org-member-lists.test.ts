// Organisations (issue 11 point 3): the lists of an organisation's people are built from the
// memberships (`user_org_roles`), not from the accounts' home organisation. An account holding a
// role in another organisation through a membership appears in that organisation's lists with
// the role it holds there; an account whose home is elsewhere and holds no membership does not.
// Lists: team candidates and the team appointment (WC-9(2)), the decision body (FL-15), the user
// administration list of the security administrator and its role grants (三员分立).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../factories/cases';
import { setupDistrict, type District } from '../factories/orgs';

describe.each(engines)('Organisations: lists of an organisation’s people by membership (%s)', (engine) => {
  let t: TestApp;
  let d: District;
  let a: CaseWorld;
  beforeAll(async () => {
    t = await createTestApp(engine, '2025-09-10T02:00:00.000Z');
    d = await setupDistrict(t.deps);
    await setupCaseWorld(t);
    a = await setupCaseWorld(t, { prefix: 'a_', orgId: d.otherId });
    await t.addUser('d_sec', ['secadmin'], null, d.districtId);
    await t.addUser('a_sec', ['secadmin'], null, d.otherId);
    // home: the Banan commission; investigator and decider of the other commission through memberships
    await t.addUser('lent_inv', ['clerk']);
    await t.addUser('lent_dec', ['clerk']);
    // home: the Banan commission, with the roles at home only
    await t.addUser('home_inv', ['investigator']);
    await t.addUser('home_dec', ['decider']);
    const grant = async (user: string, roles: string[]) => {
      const r = await t.as('d_sec', { method: 'PUT', url: `/api/v1/users/${t.userIds[user]}/roles`, payload: { roles, orgId: d.otherId } });
      expect(r.statusCode, r.body).toBe(200);
    };
    await grant('lent_inv', ['investigator']);
    await grant('lent_dec', ['decider']);
  }, 300_000);
  afterAll(async () => t?.close());

  it('WC-9(2): the team candidates of a case are the members of its organisation holding the investigator role there', async () => {
    const c = await makeCase(a, { to: 'registered' });
    const r = await t.as('a_leader', { method: 'GET', url: `/api/v1/cases/${c.caseId}/team-candidates` });
    expect(r.statusCode, r.body).toBe(200);
    const names = (r.json().items as { username: string }[]).map((x) => x.username).sort();
    expect(names).toEqual(['a_investigator', 'lent_inv']);
  });

  it('WC-9(2): the team is appointed from the members holding the investigator role in the case’s organisation; the investigator role held only at home elsewhere is refused', async () => {
    const c = await makeCase(a, { to: 'reported' });
    const appoint = async (user: string) =>
      t.as('a_leader', {
        method: 'POST',
        url: `/api/v1/cases/${c.caseId}/actions/appoint_team`,
        payload: { expectedVersion: await versionOf(a, c.caseId), appointedOn: '2025-09-10', members: [{ userId: t.userIds[user], lead: true }] },
      });
    const refused = await appoint('home_inv');
    expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const ok = await appoint('lent_inv');
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('FL-15: the decision body of an organisation takes a member holding the decider role there by membership, not one who is a decider only at home elsewhere', async () => {
    const add = (user: string) => t.as('a_clerk', { method: 'POST', url: '/api/v1/decision-body', payload: { userId: t.userIds[user] } });
    const refused = await add('home_dec');
    expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const ok = await add('lent_dec');
    expect(ok.statusCode, ok.body).toBe(201);
    const body = await t.as('a_clerk', { method: 'GET', url: '/api/v1/decision-body' });
    const row = (body.json().items as { userId: string; active: boolean; hasDeciderRole: boolean }[]).find((x) => x.userId === t.userIds.lent_dec);
    expect(row).toMatchObject({ active: true, hasDeciderRole: true });
  });

  it('三员分立: the security administrator of an organisation lists its members by membership, with the roles they hold there, and grants them roles there', async () => {
    const r = await t.as('a_sec', { method: 'GET', url: '/api/v1/users' });
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as { username: string; roles: string[]; memberships: { orgId: string; roles: string[] }[] }[];
    const lent = items.find((u) => u.username === 'lent_inv');
    expect(lent).toMatchObject({ roles: ['investigator'], memberships: [{ orgId: d.otherId, roles: ['investigator'] }] });
    // an account of the Banan commission without a membership in the other commission is not listed
    expect(items.map((u) => u.username)).not.toContain('home_inv');
    expect(items.map((u) => u.username)).not.toContain('clerk');
    // its roles there are granted in the administrator's organisation (the default when its home is elsewhere)
    const g = await t.as('a_sec', { method: 'PUT', url: `/api/v1/users/${t.userIds.lent_inv}/roles`, payload: { roles: ['investigator', 'clerk'] } });
    expect(g.statusCode, g.body).toBe(200);
    const m = await t.deps.db.kysely.selectFrom('user_org_roles').select(['org_id', 'roles']).where('user_id', '=', t.userIds.lent_inv!).orderBy('org_id').execute();
    expect(Object.fromEntries(m.map((x) => [x.org_id, JSON.parse(x.roles)]))).toEqual({ [d.bananId]: ['clerk'], [d.otherId]: ['investigator', 'clerk'] });
    // an account with no link to the organisation stays out of reach (missing, not forbidden)
    const out = await t.as('a_sec', { method: 'PUT', url: `/api/v1/users/${t.userIds.home_inv}/roles`, payload: { roles: ['clerk'] } });
    expect(out.statusCode).toBe(404);
  });
});
