// Organisations, second round (issue 11 points 3–4): accounts belong to several organisations
// with roles per organisation and act in one at a time; 三员分立 holds across organisations; the
// system administrator edits an organisation (version-checked, audited); the case's organisation
// decides its rule pack and settings; a public report goes to the commission the reporter chose.
import { sendJsonReport } from '../factories/reporter';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../app';
import { engines } from '../db';
import { makeCase, type CaseWorld } from '../factories/cases';
import { setupTwoCommissions, type District } from '../factories/orgs';

interface OrgBody {
  id: string;
  version: number;
  settings: Record<string, unknown>;
  rulePacks: { packId: string; from: string | null }[];
  acceptsReports: boolean;
}

describe.each(engines)('Organisations: memberships, the current organisation, editing, per-organisation rules and settings (%s)', (engine) => {
  let t: TestApp;
  let d: District;
  let b: CaseWorld;
  let a: CaseWorld;
  beforeAll(async () => {
    t = await createTestApp(engine, '2025-09-10T02:00:00.000Z');
    ({ d, b, a } = await setupTwoCommissions(t));
    await t.addUser('d_sec', ['secadmin'], null, d.districtId);
    await t.addUser('b_sec', ['secadmin']);
    await t.addUser('b_sys', ['sysadmin']);
    await t.addUser('multi', ['leader']);
  }, 300_000);
  afterAll(async () => t?.close());

  const getOrg = async (id: string): Promise<OrgBody> => {
    const r = await t.as('d_sys', { method: 'GET', url: '/api/v1/orgs' });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { items: OrgBody[] }).items.find((o) => o.id === id)!;
  };
  const patchOrg = async (who: string, id: string, body: Record<string, unknown>) => t.as(who, { method: 'PATCH', url: `/api/v1/orgs/${id}`, payload: body });
  const grant = (who: string, user: string, roles: string[], orgId?: string) =>
    t.as(who, { method: 'PUT', url: `/api/v1/users/${t.userIds[user]}/roles`, payload: { roles, ...(orgId ? { orgId } : {}) } });

  it('Organisations: every account has its home membership (the roles it holds in its organisation)', async () => {
    const rows = await t.deps.db.kysely.selectFrom('user_org_roles').selectAll().where('user_id', 'in', [t.userIds.multi!, t.userIds.a_clerk!]).execute();
    expect(rows.map((r) => [r.user_id === t.userIds.multi ? 'multi' : 'a_clerk', r.org_id, JSON.parse(r.roles)]).sort()).toEqual([
      ['a_clerk', d.otherId, ['clerk']],
      ['multi', d.bananId, ['leader']],
    ]);
  });

  it('三员分立 per organisation: the security administrator grants roles in an organisation it administers; the grant names the organisation', async () => {
    const r = await grant('d_sec', 'multi', ['investigator'], d.otherId);
    expect(r.statusCode, r.body).toBe(200);
    const g = await t.deps.db.kysely.selectFrom('role_grants').selectAll().where('user_id', '=', t.userIds.multi!).where('role', '=', 'investigator').execute();
    expect(g.map((x) => [x.action, x.org_id])).toEqual([['grant', d.otherId]]);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'after_json']).where('entity_id', '=', t.userIds.multi!).where('action', '=', 'role.grant').execute();
    expect(JSON.parse(audit.at(-1)!.after_json!)).toMatchObject({ role: 'investigator', orgId: d.otherId });
    // the home roles are untouched
    expect((await t.deps.db.kysely.selectFrom('users').select('roles').where('id', '=', t.userIds.multi!).executeTakeFirstOrThrow()).roles).toBe('["leader"]');
    // a security administrator of the Banan commission does not administer the other commission
    const out = await grant('b_sec', 'clerk', ['investigator'], d.otherId);
    expect([out.statusCode, out.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('三员分立 across organisations: an administrator in one organisation holds no business role in another, nor a second administrator role; the same administrator role in two is allowed', async () => {
    const clerkAsAdmin = await grant('d_sec', 'clerk', ['sysadmin'], d.otherId);
    expect([clerkAsAdmin.statusCode, clerkAsAdmin.json().error.code]).toEqual([422, 'ROLE_NOT_ALLOWED']);
    const adminAsClerk = await grant('d_sec', 'b_sys', ['clerk'], d.otherId);
    expect([adminAsClerk.statusCode, adminAsClerk.json().error.code]).toEqual([422, 'ROLE_NOT_ALLOWED']);
    const twoAdmins = await grant('d_sec', 'b_sys', ['auditor'], d.otherId);
    expect([twoAdmins.statusCode, twoAdmins.json().error.code]).toEqual([422, 'ROLE_NOT_ALLOWED']);
    const sameAdmin = await grant('d_sec', 'b_sys', ['sysadmin'], d.otherId);
    expect(sameAdmin.statusCode, sameAdmin.body).toBe(200);
    expect(await t.deps.db.kysely.selectFrom('user_org_roles').select('org_id').where('user_id', '=', t.userIds.b_sys!).orderBy('org_id').execute()).toHaveLength(2);
  });

  it('Organisations: an account acts in one organisation at a time — the roles and scope of the current one; it switches (audited) only to its own organisations', async () => {
    const aCase = await makeCase(a);
    const bCase = await makeCase(b);
    const me = (await t.as('multi', { method: 'GET', url: '/api/v1/auth/me' })).json();
    expect(me.user.roles).toEqual(['leader']);
    expect(me.orgs.map((o: { id: string; roles: string[]; current: boolean }) => [o.id, o.roles, o.current])).toEqual([
      [d.bananId, ['leader'], true],
      [d.otherId, ['investigator'], false],
    ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
    expect((await t.as('multi', { method: 'GET', url: `/api/v1/cases/${bCase.caseId}` })).statusCode).toBe(200);
    expect((await t.as('multi', { method: 'GET', url: `/api/v1/cases/${aCase.caseId}` })).statusCode).toBe(404);

    const notMine = await t.as('multi', { method: 'POST', url: '/api/v1/auth/org', payload: { orgId: d.districtId } });
    expect([notMine.statusCode, notMine.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const sw = await t.as('multi', { method: 'POST', url: '/api/v1/auth/org', payload: { orgId: d.otherId } });
    expect(sw.statusCode, sw.body).toBe(200);
    const after = (await t.as('multi', { method: 'GET', url: '/api/v1/auth/me' })).json();
    expect([after.user.roles, after.org.id]).toEqual([['investigator'], d.otherId]);
    expect(after.permissions).not.toContain('cases.readAll');
    // the Banan case is now out of scope, exactly like a missing one
    expect((await t.as('multi', { method: 'GET', url: `/api/v1/cases/${bCase.caseId}` })).statusCode).toBe(404);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('after_json').where('action', '=', 'auth.org.switch').where('actor_id', '=', t.userIds.multi!).execute();
    expect(audit.map((x) => JSON.parse(x.after_json!).orgId)).toEqual([d.otherId]);
    // back to the home organisation
    expect((await t.as('multi', { method: 'POST', url: '/api/v1/auth/org', payload: { orgId: d.bananId } })).statusCode).toBe(200);
    expect((await t.as('multi', { method: 'GET', url: `/api/v1/cases/${bCase.caseId}` })).statusCode).toBe(200);
  });

  it('Organisations: the organisation is chosen at sign-in among the account’s own; another is refused after the password', async () => {
    // the password step names the organisation, and so does the second factor's (every account with a role has one)
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'multi', password: TEST_PASSWORD, orgId: d.otherId } });
    expect([first.statusCode, first.json().status], first.body).toEqual([200, 'totp_required']);
    t.clock.set(new Date(t.clock.now().getTime() + 30_000));
    const code = generateSync({ secret: t.totpSecrets.multi!, epoch: Math.floor(t.clock.now().getTime() / 1000) });
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { pendingToken: first.json().pendingToken, code, orgId: d.otherId } });
    expect(ok.statusCode, ok.body).toBe(200);
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${ok.json().token}` } })).json();
    expect([me.org.id, me.user.roles]).toEqual([d.otherId, ['investigator']]);
    const no = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'multi', password: TEST_PASSWORD, orgId: d.districtId } });
    expect([no.statusCode, no.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const wrongPassword = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'multi', password: 'wrong password 12345', orgId: d.districtId } });
    expect(wrongPassword.json().error.code).toBe('LOGIN_FAILED');
  });

  it('Organisations: revoking every role in another organisation ends that membership; a session there falls back to the home organisation', async () => {
    await t.as('multi', { method: 'POST', url: '/api/v1/auth/org', payload: { orgId: d.otherId } });
    expect((await grant('d_sec', 'multi', [], d.otherId)).statusCode).toBe(200);
    expect(await t.deps.db.kysely.selectFrom('user_org_roles').select('org_id').where('user_id', '=', t.userIds.multi!).execute()).toEqual([{ org_id: d.bananId }]);
    const me = (await t.as('multi', { method: 'GET', url: '/api/v1/auth/me' })).json();
    expect([me.org.id, me.user.roles, me.orgs.length]).toEqual([d.bananId, ['leader'], 1]);
  });

  it('Organisations: the system administrator edits an organisation of its subtree — version-checked and audited; outside its subtree it is not found', async () => {
    const before = await getOrg(d.otherId);
    const r = await patchOrg('d_sys', d.otherId, { version: before.version, letterhead: '重庆市巴南区交通运输委员会（新）', decisionBody: '委务会', caseNumberFormat: '{prefix}〔{year}〕第{n}号', deputyUserId: t.userIds.a_decider });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ letterhead: '重庆市巴南区交通运输委员会（新）', decisionBody: '委务会', deputyUserId: t.userIds.a_decider, version: before.version + 1 });
    const stale = await patchOrg('d_sys', d.otherId, { version: before.version, letterhead: '旧版本' });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'CONFLICT_STALE']);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select(['before_json', 'after_json']).where('action', '=', 'org.update').where('entity_id', '=', d.otherId).execute();
    expect(audit).toHaveLength(1);
    expect([JSON.parse(audit[0]!.before_json!).decisionBody, JSON.parse(audit[0]!.after_json!).decisionBody]).toEqual(['委党委会', '委务会']);
    // the next case number follows the new format; the counter continues
    const c = await makeCase(a);
    expect(c.number).toMatch(/^巴交问〔2025〕第\d+号$/);
    // refused: a deputy from another organisation, an unknown pack, a prefix already used, a Banan administrator on the other commission, a missing one
    const v = before.version + 1;
    expect((await patchOrg('d_sys', d.otherId, { version: v, deputyUserId: t.userIds.leader })).json().error.code).toBe('VALIDATION_FAILED');
    // FL-5(1): the deputy acts for the main leader — never the main leader himself (as the deputy setting refuses)
    const leaderAsDeputy = await patchOrg('d_sys', d.otherId, { version: v, deputyUserId: t.userIds.a_leader });
    expect(leaderAsDeputy.json().error.code).toBe('VALIDATION_FAILED');
    expect(leaderAsDeputy.json().error.messageZh).toContain('不能是委主要负责人');
    expect((await patchOrg('d_sys', d.otherId, { version: v, rulePacks: [{ packId: 'no-such-pack', from: null }] })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await patchOrg('d_sys', d.otherId, { version: v, casePrefix: '巴住建问' })).json().error.code).toBe('CONFLICT_DUPLICATE');
    const outside = await patchOrg('b_sys', d.otherId, { version: v, letterhead: '越权修改' });
    const missing = await patchOrg('b_sys', '01ZZZZZZZZZZZZZZZZZZZZZZZZ', { version: v, letterhead: '越权修改' });
    expect([outside.statusCode, outside.body]).toEqual([missing.statusCode, missing.body]);
    expect(outside.statusCode).toBe(404);
    expect((await patchOrg('a_clerk', d.otherId, { version: v, letterhead: '越权修改' })).statusCode).toBe(403);
    expect((await getOrg(d.otherId)).version).toBe(v);
  });

  it('Organisations: an organisation edit cannot set a robot webhook outside the allow-list (issue 12), nor the alert rules (edited on the alerts page only); nothing is changed', async () => {
    const before = await getOrg(d.otherId);
    const hook = await patchOrg('d_sys', d.otherId, { version: before.version, settings: { 'notify.settings': { orgWebhookUrl: 'https://attacker.example/hook' } } });
    expect([hook.statusCode, hook.json().error.code]).toEqual([422, 'WEBHOOK_NOT_ALLOWED']);
    const rules = await patchOrg('d_sys', d.otherId, { version: before.version, settings: { 'alerts.rules': { rules: [] } } });
    expect([rules.statusCode, rules.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await getOrg(d.otherId)).version).toBe(before.version);
  });

  it('Organisations: two organisations with different settings give different deadlines and internal targets (the deployment default below them)', async () => {
    const other = await getOrg(d.otherId);
    const r = await patchOrg('d_sys', d.otherId, { version: other.version, settings: { 'deadlines.dayKind': { handling: 'working' }, 'notify.settings': { internalTargetDays: { report_to_leader: 10 } } } });
    expect(r.statusCode, r.body).toBe(200);
    const ca = await makeCase(a, { to: 'investigating' });
    const cb = await makeCase(b, { to: 'investigating' });
    const deadline = async (caseId: string, kind: 'handling' | 'transfer') =>
      t.deps.db.kysely.selectFrom('case_deadlines').select(['start_date', 'due_date', 'day_kind', 'days']).where('case_id', '=', caseId).where('kind', '=', kind).executeTakeFirstOrThrow();
    const da = await deadline(ca.caseId, 'handling');
    const db = await deadline(cb.caseId, 'handling');
    expect(da.start_date).toBe(db.start_date);
    expect([da.day_kind, db.day_kind]).toEqual(['working', 'calendar']);
    expect(da.due_date > db.due_date).toBe(true);
    const target = async (caseId: string) =>
      t.deps.db.kysely.selectFrom('case_internal_targets').select(['days']).where('case_id', '=', caseId).where('kind', '=', 'report_to_leader').executeTakeFirstOrThrow();
    expect([(await target(ca.caseId)).days, (await target(cb.caseId)).days]).toEqual([10, 3]);
    // removing the organisation's own setting falls back to the deployment's
    const again = await getOrg(d.otherId);
    expect((await patchOrg('d_sys', d.otherId, { version: again.version, settings: { 'deadlines.dayKind': null, 'notify.settings': null } })).statusCode).toBe(200);
    const cc = await makeCase(a, { to: 'investigating' });
    expect([(await deadline(cc.caseId, 'handling')).day_kind, (await target(cc.caseId)).days]).toEqual(['calendar', 3]);
  });

  it('FL-8: the rules engine uses the rule pack the case’s organisation applies on the conduct date', async () => {
    const other = await getOrg(d.otherId);
    // the other commission takes up the Banan pack only from 2030: its 2025 conduct has no rules in force
    expect((await patchOrg('d_sys', d.otherId, { version: other.version, rulePacks: [{ packId: 'banan-housing-2019', from: '2030-01-01' }] })).statusCode).toBe(200);
    const ca = await makeCase(a, { to: 'findings_submitted' });
    const cb = await makeCase(b, { to: 'findings_submitted' });
    const ra = await t.as('a_clerk', { method: 'POST', url: `/api/v1/cases/${ca.caseId}/recommendation` });
    const rb = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${cb.caseId}/recommendation` });
    expect([ra.statusCode, rb.statusCode], ra.body).toEqual([201, 201]);
    expect([ra.json().output.status, ra.json().pack]).toEqual(['no_rules_in_force', null]);
    expect([rb.json().output.status, rb.json().pack.id]).toEqual(['ok', 'banan-housing-2019']);
    const now = await getOrg(d.otherId);
    expect((await patchOrg('d_sys', d.otherId, { version: now.version, rulePacks: [{ packId: 'banan-housing-2019', from: null }] })).statusCode).toBe(200);
    const again = await t.as('a_clerk', { method: 'POST', url: `/api/v1/cases/${ca.caseId}/recommendation` });
    expect(again.json().output.status).toBe('ok');
  });

  it('FL-4: the public report page offers the commissions accepting reports; the report goes to the one chosen, validated by the server', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/public/orgs' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((o: { id: string }) => o.id).sort()).toEqual([d.bananId, d.otherId].sort());
    expect(Object.keys(list.json().items[0]).sort()).toEqual(['id', 'name']);
    const report = (orgId?: string) =>
      sendJsonReport(t, { summary: '举报某执法人员在检查中索要财物。', reporter: { anonymous: true }, ...(orgId ? { orgId } : {}) });
    const toOther = await report(d.otherId);
    expect(toOther.statusCode, toOther.body).toBe(201);
    const latest = await t.deps.db.kysely.selectFrom('cases').select(['org_id', 'number']).orderBy('created_at', 'desc').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(latest.org_id).toBe(d.otherId);
    expect(latest.number).toMatch(/^巴交问/);
    // a supervising organisation (no case numbering) and an unknown id are refused alike
    const sup = await report(d.districtId);
    const unknown = await report('01ZZZZZZZZZZZZZZZZZZZZZZZZ');
    expect([sup.statusCode, sup.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(unknown.body).toBe(sup.body);
    // absent: the default commission (older clients)
    expect((await report()).statusCode).toBe(201);
    const def = await t.deps.db.kysely.selectFrom('cases').select(['org_id']).orderBy('created_at', 'desc').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(def.org_id).toBe(d.bananId);
    // an organisation that stops accepting reports leaves the list and refuses them
    const other = await getOrg(d.otherId);
    expect((await patchOrg('d_sys', d.otherId, { version: other.version, acceptsReports: false })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/orgs' })).json().items.map((o: { id: string }) => o.id)).toEqual([d.bananId]);
    expect((await report(d.otherId)).statusCode).toBe(400);
  });

  it('Organisations: case numbers are unique per organisation — two organisations with the same format number alike; within one a number is never given twice', async () => {
    for (const id of [d.bananId, d.otherId]) {
      const o = await getOrg(id);
      expect((await patchOrg('d_sys', id, { version: o.version, caseNumberFormat: '投诉〔{year}〕{n}号' })).statusCode).toBe(200);
    }
    await t.deps.db.kysely.deleteFrom('org_case_number_seq').execute();
    const ca = await makeCase(a);
    const cb = await makeCase(b);
    expect([ca.number, cb.number]).toEqual(['投诉〔2025〕1号', '投诉〔2025〕1号']);
    const row = await t.deps.db.kysely.selectFrom('cases').selectAll().where('id', '=', ca.caseId).executeTakeFirstOrThrow();
    await expect(t.deps.db.kysely.insertInto('cases').values({ ...row, id: '01ZZZZZZZZZZZZZZZZZZZZZZZY', seq: 9999 }).execute()).rejects.toThrow();
    // the case page and the list each show their own organisation's case
    expect((await t.as('a_clerk', { method: 'GET', url: `/api/v1/cases/${ca.caseId}` })).json().number).toBe('投诉〔2025〕1号');
    expect((await t.as('a_clerk', { method: 'GET', url: `/api/v1/cases/${cb.caseId}` })).statusCode).toBe(404);
  });
});
