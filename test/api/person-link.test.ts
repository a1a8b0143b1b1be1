// An account's register person decides whom it must stand aside from (FL-5(1)) and whose cases it
// follows as a subject: the link is checked like a role grant (src/policies/accounts.ts#checkPersonLink).
// Found by a red-team walk: the system administrator unlinked a decider from his register person
// and the decider, a subject of the case, then returned it for investigation himself.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app';
import { engines } from '../db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../factories/cases';
import { makePerson } from '../factories/registers';

describe.each(engines)('Accounts: the register person linked to an account (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine));
    await t.addUser('sysadmin', ['sysadmin']);
  });
  afterEach(async () => t.close());

  const personOf = async (user: string): Promise<string | null> => (await t.deps.db.kysely.selectFrom('users').select('person_id').where('id', '=', t.userIds[user]!).executeTakeFirstOrThrow()).person_id;

  it('FL-5(1): while the linked person is a subject of an open case the link stays — unlinked, the subject could act on his own case', async () => {
    const p = await makePerson(t.deps, { name: '王被查' });
    await t.addUser('dec9', ['decider'], p.id);
    const c = await makeCase(w, { to: 'registered', subjects: [w.fx.handler.id, p.id] });
    expect(c.caseId).toBeTruthy();
    const r = await t.as('sysadmin', { method: 'PATCH', url: `/api/v1/users/${t.userIds.dec9}`, payload: { personId: null } });
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'PERSON_LINK_LOCKED', details: { field: 'personId' } });
    expect(r.json().error.messageZh).toContain('被调查人');
    const other = await makePerson(t.deps, { name: '李无关' });
    expect((await t.as('sysadmin', { method: 'PATCH', url: `/api/v1/users/${t.userIds.dec9}`, payload: { personId: other.id } })).statusCode).toBe(409);
    expect(await personOf('dec9')).toBe(p.id);
    // the display name may still change
    expect((await t.as('sysadmin', { method: 'PATCH', url: `/api/v1/users/${t.userIds.dec9}`, payload: { displayName: '王某' } })).statusCode).toBe(200);
    expect(await versionOf(w, c.caseId)).toBeGreaterThan(0);
  });

  it('one person, one working account: a second working account of the same person is refused, linked or granted (it would escape the separation checks made on the first); the officer’s own subject account may stand beside it', async () => {
    await t.addUser('secadmin', ['secadmin']);
    const p = await makePerson(t.deps, { name: '赵一人' });
    await t.addUser('one', ['investigator'], p.id);
    await t.addUser('two', ['decider']);
    const r = await t.as('sysadmin', { method: 'PATCH', url: `/api/v1/users/${t.userIds.two}`, payload: { personId: p.id } });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'CONFLICT_DUPLICATE' });
    expect(r.json().error.messageZh).toContain('一人只能有一个办案或管理账号');
    expect(await personOf('two')).toBe(t.personIds.two); // its own holder, unchanged
    // an account without roles may be linked (the officer's self-service account is one) …
    const created = await t.as('sysadmin', { method: 'POST', url: '/api/v1/users', payload: { username: 'three', displayName: '赵一人（二号）', password: 'Strong#Pass2026x', personId: p.id } });
    expect(created.statusCode, created.body).toBe(201);
    const threeId = created.json().id as string;
    const asSubject = await t.as('secadmin', { method: 'PUT', url: `/api/v1/users/${threeId}/roles`, payload: { roles: ['subject'] } });
    expect(asSubject.statusCode, asSubject.body).toBe(200);
    // … but it is given no working role while the person has one
    const grant = await t.as('secadmin', { method: 'PUT', url: `/api/v1/users/${threeId}/roles`, payload: { roles: ['subject', 'decider'] } });
    expect(grant.statusCode).toBe(409);
    expect(grant.json().error.code).toBe('CONFLICT_DUPLICATE');
    const roles = (await t.deps.db.kysely.selectFrom('users').select('roles').where('id', '=', threeId).executeTakeFirstOrThrow()).roles;
    expect(JSON.parse(roles)).toEqual(['subject']);
  });

  it('a person that does not exist is refused with a field error; the administrator never sets its own register person', async () => {
    const r = await t.as('sysadmin', { method: 'PATCH', url: `/api/v1/users/${t.userIds.investigator}`, payload: { personId: 'no-such-person' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(r.json().error.messageZh).toContain('关联人员不存在');
    const p = await makePerson(t.deps, { name: '钱管理' });
    const self = await t.as('sysadmin', { method: 'PATCH', url: `/api/v1/users/${t.userIds.sysadmin}`, payload: { personId: p.id } });
    expect(self.statusCode).toBe(403);
    expect(await personOf('sysadmin')).toBeNull();
  });
});
