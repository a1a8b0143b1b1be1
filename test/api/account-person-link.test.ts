// FL-5(1) 回避 is judged by register person: the subject of the case, the original case's
// participants, declared relatives; one working account per person and 调查与决定分离 too. An
// account holding a casework role (clerk, leader, investigator, decider, reviewer) without a
// register person passed all of those checks unseen — the red-team walk's residual finding. Now
// the role goes only to a linked account, the link is not removed while the role is held, and an
// unlinked account made before the rule (or written around the account service) acts on no case.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from 'otplib';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../app';
import { engines } from '../db';
import { makeCase, reportIntake, setupCaseWorld, type CaseWorld } from '../factories/cases';
import { makePerson } from '../factories/registers';
import { createUserAsSystem } from '../../src/services/auth-service';
import { authorize } from '../../src/policies/roles';

const errorOf = (r: LightMyRequestResponse): [number, string | undefined, string | undefined, string | undefined] => {
  const e = (r.json() as { error?: { code?: string; messageZh?: string; messageEn?: string } }).error;
  return [r.statusCode, e?.code, e?.messageZh, e?.messageEn];
};

describe.each(engines)('Casework accounts are linked to their holder (FL-5(1) 回避 by person) (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeAll(async () => {
    t = await createTestApp(engine, '2025-09-10T02:00:00.000Z');
    w = await setupCaseWorld(t);
    await t.addUser('sys', ['sysadmin']);
    await t.addUser('sec', ['secadmin']);
  }, 120_000);
  afterAll(async () => t?.close());

  const k = () => t.deps.db.kysely;
  const createAccount = async (username: string, personId?: string) => {
    const r = await t.as('sys', { method: 'POST', url: '/api/v1/users', payload: { username, displayName: username, password: TEST_PASSWORD, ...(personId ? { personId } : {}) } });
    expect(r.statusCode, r.body).toBe(201);
    return (r.json() as { id: string }).id;
  };
  const grant = (id: string, roles: string[]) => t.as('sec', { method: 'PUT', url: `/api/v1/users/${id}/roles`, payload: { roles } });
  const rolesOf = async (id: string) => JSON.parse((await k().selectFrom('users').select('roles').where('id', '=', id).executeTakeFirstOrThrow()).roles) as string[];

  it('FL-5(1): a casework role is not granted to an account without its register person; nothing is stored', async () => {
    const id = await createAccount('unlinked');
    for (const role of ['decider', 'investigator', 'leader', 'clerk', 'reviewer']) {
      const [status, code, zh, en] = errorOf(await grant(id, [role]));
      expect([status, code], role).toEqual([409, 'PERSON_LINK_REQUIRED']);
      expect(zh).toContain('回避');
      expect(en).toContain('register of people');
    }
    expect(await rolesOf(id)).toEqual([]);
    expect(await k().selectFrom('role_grants').select('id').where('user_id', '=', id).execute()).toEqual([]);
    expect(await k().selectFrom('audit_log').select('seq').where('entity_id', '=', id).where('action', '=', 'role.grant').execute()).toEqual([]);
  });

  it('FL-5(1): an account made with a casework role (demo, command line, import) needs its register person too', async () => {
    await expect(createUserAsSystem(t.deps, { username: 'made_unlinked', displayName: '无人员', password: TEST_PASSWORD, roles: ['leader'] })).rejects.toMatchObject({ code: 'PERSON_LINK_REQUIRED' });
    expect(await k().selectFrom('users').select('id').where('username', '=', 'made_unlinked').execute()).toEqual([]);
    const person = await makePerson(t.deps, { name: '有人员' });
    await expect(createUserAsSystem(t.deps, { username: 'made_linked', displayName: '有人员', password: TEST_PASSWORD, roles: ['leader'], personId: person.id })).resolves.toMatchObject({ roles: ['leader'] });
  });

  it('FL-5(1): the roles outside casework (outside body, oversight) need no register person', async () => {
    const id = await createAccount('outside');
    expect((await grant(id, ['supervisor'])).statusCode).toBe(200);
    expect(await rolesOf(id)).toEqual(['supervisor']);
  });

  it('FL-5(1): once linked to its holder the account takes the casework role', async () => {
    const person = await makePerson(t.deps, { name: '李决定' });
    const id = await createAccount('linked', person.id);
    const r = await grant(id, ['decider']);
    expect(r.statusCode, r.body).toBe(200);
    expect(await rolesOf(id)).toEqual(['decider']);
    // the system administrator's list names whose register record it is; the security
    // administrator, who reads no register (三员分立), gets no person's details
    type Listed = { id: string; person?: { name: string; unitName: string; employeeNo: string | null } | null };
    const bySys = ((await t.as('sys', { method: 'GET', url: '/api/v1/users' })).json() as { items: Listed[] }).items;
    expect(bySys.find((u) => u.id === id)!.person).toEqual({ name: '李决定', unitName: person.unitName ?? expect.any(String), employeeNo: person.employeeNo });
    expect(bySys.find((u) => u.id === t.userIds.sys)!.person).toBeNull();
    const bySec = ((await t.as('sec', { method: 'GET', url: '/api/v1/users' })).json() as { items: Listed[] }).items;
    expect(bySec.find((u) => u.id === id)).not.toHaveProperty('person');
  });

  it('FL-5(1): the link of an account holding a casework role is changed, never removed', async () => {
    const person = await makePerson(t.deps, { name: '王调查' });
    const id = await createAccount('inv2', person.id);
    expect((await grant(id, ['investigator'])).statusCode).toBe(200);
    const unlink = await t.as('sys', { method: 'PATCH', url: `/api/v1/users/${id}`, payload: { personId: null } });
    const [status, code, zh, en] = errorOf(unlink);
    expect([status, code]).toEqual([409, 'PERSON_LINK_REQUIRED']);
    expect(zh).toContain('人员关联只能更正、不能取消');
    expect(en).toContain('corrected, not removed');
    expect((await k().selectFrom('users').select('person_id').where('id', '=', id).executeTakeFirstOrThrow()).person_id).toBe(person.id);
    // to another register person (a correction) it may change
    const other = await makePerson(t.deps, { name: '王调查更正' });
    const moved = await t.as('sys', { method: 'PATCH', url: `/api/v1/users/${id}`, payload: { personId: other.id } });
    expect(moved.statusCode, moved.body).toBe(200);
  });

  it('FL-5(1): an unlinked casework account made before the rule acts on no case (create, step, document) and changes nothing', async () => {
    // an account written around the account service (an older release, a direct import): clerk, no person
    const id = await createAccount('legacy_clerk');
    const secret = generateSecret();
    await k().updateTable('users').set({ roles: JSON.stringify(['clerk']), totp_secret: secret, totp_enabled_at: t.clock.now().toISOString(), must_change_password: 0 }).where('id', '=', id).execute();
    await k().updateTable('user_org_roles').set({ roles: JSON.stringify(['clerk']) }).where('user_id', '=', id).execute();
    t.totpSecrets.legacy_clerk = secret;
    t.tokens.legacy_clerk = await t.signIn('legacy_clerk');
    const before = await k().selectFrom('cases').select(['id', 'version', 'state']).orderBy('id').execute();

    const create = await t.as('legacy_clerk', { method: 'POST', url: '/api/v1/cases', payload: reportIntake(w) });
    expect(errorOf(create).slice(0, 2)).toEqual([409, 'PERSON_LINK_REQUIRED']);
    const made = await makeCase(w);
    const version = (await k().selectFrom('cases').select('version').where('id', '=', made.caseId).executeTakeFirstOrThrow()).version;
    const step = await t.as('legacy_clerk', { method: 'POST', url: `/api/v1/cases/${made.caseId}/actions/accept`, payload: { expectedVersion: version, acceptedOn: '2025-09-10', withinCompetence: true } });
    const [status, code, zh] = errorOf(step);
    expect([status, code]).toEqual([409, 'PERSON_LINK_REQUIRED']);
    expect(zh).toContain('FL-5(1)');
    const draft = await t.as('legacy_clerk', { method: 'POST', url: `/api/v1/cases/${made.caseId}/documents`, payload: { kind: 'acceptance_receipt' } });
    expect(errorOf(draft).slice(0, 2)).toEqual([409, 'PERSON_LINK_REQUIRED']);
    // nor does it write a past decision about an officer (the import before go-live)
    expect(() => authorize({ userId: id, username: 'legacy_clerk', displayName: 'legacy', roles: ['clerk'], personId: null }, 'history.import')).toThrow(expect.objectContaining({ code: 'PERSON_LINK_REQUIRED' }));
    // what is not casework stays open to it (reading the registers)
    expect(() => authorize({ userId: id, username: 'legacy_clerk', displayName: 'legacy', roles: ['clerk'], personId: null }, 'registers.read')).not.toThrow();
    const after = await k().selectFrom('cases').select(['id', 'version', 'state']).where('id', '!=', made.caseId).orderBy('id').execute();
    expect(after).toEqual(before);
    expect((await k().selectFrom('cases').select('version').where('id', '=', made.caseId).executeTakeFirstOrThrow()).version).toBe(version);
    // reading stays: the account sees what it may see and is told why it cannot act
    expect((await t.as('legacy_clerk', { method: 'GET', url: `/api/v1/cases/${made.caseId}` })).statusCode).toBe(200);
  });
});
