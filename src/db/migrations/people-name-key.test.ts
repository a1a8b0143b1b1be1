// Migration 0640 on a database from before one officer had one record: people registered twice
// (same name, same unit, no employee number) are kept as they are — cases and history point at
// them — so the upgrade cannot fail on them; every row gets its folded name, and from then on no
// further record of that officer is made.
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeUnit } from '../../../test/factories/registers';
import { migrateTo, migrateToLatest } from '../migrate';

describe.each(engines)('migration 0640: one officer, one register record (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('clerk', ['clerk']);
  });
  afterEach(async () => t.close());

  it('FL-5(1): an upgraded database keeps the officers registered twice, gives every record its folded name, and refuses a further record of them', async () => {
    const unit = await makeUnit(t.deps, { name: '建筑管理科', shortCode: 'JZK' });
    const q = t.deps.db.kysely;
    // the database as the previous release left it, where a clerk had registered 张建国 twice
    await migrateTo(t.deps.db, '0620-case-waits-refresh');
    const now = new Date().toISOString();
    const legacy = (id: string, name: string) => ({ id, org_id: 'org-default', name, unit_id: unit.id, post: null, employee_no: null, phone: null, email: null, active: 1, version: 1, created_at: now, updated_at: now });
    await (q as unknown as Kysely<{ people: ReturnType<typeof legacy> }>).insertInto('people').values([legacy('legacy-1', '张建国'), legacy('legacy-2', '张　建国')]).execute();
    expect((await migrateToLatest(t.deps.db)).applied).toContain('0640-people-name-key');
    const rows = await q.selectFrom('people').select(['id', 'name', 'name_key']).where('id', 'in', ['legacy-1', 'legacy-2']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'legacy-1', name: '张建国', name_key: '张建国' },
      { id: 'legacy-2', name: '张　建国', name_key: '张建国' },
    ]);
    // no third record of him, with or without a number …
    for (const payload of [{ name: '张建国', unitId: unit.id }, { name: '张建国', unitId: unit.id, employeeNo: 'E9' }]) {
      const third = await t.as('clerk', { method: 'POST', url: '/api/v1/people', payload });
      expect(third.statusCode, third.body).toBe(409);
      expect(third.json().error.code).toBe('PERSON_DUPLICATE');
    }
    // … while each kept record is still edited, and the pair resolved: two people of one name each
    // given an employee number (the first edit leaves the pair as it was), or a duplicate renamed
    const patch = (id: string, payload: Record<string, unknown>) => t.as('clerk', { method: 'PATCH', url: `/api/v1/people/${id}`, payload });
    expect((await patch('legacy-2', { phone: '023-66660000', version: 1 })).statusCode).toBe(200);
    expect((await patch('legacy-2', { employeeNo: 'E2', version: 2 })).statusCode).toBe(200);
    expect((await patch('legacy-1', { employeeNo: 'E1', version: 1 })).statusCode).toBe(200);
    // once told apart, neither number is taken off again
    expect((await patch('legacy-1', { employeeNo: null, version: 2 })).json().error.code).toBe('PERSON_DUPLICATE');
  }, 180_000);

  it('FL-5(1): migration 0690 refolds the names stored before — invisible characters and traditional forms — so an officer registered as 袁\u2800红梅 or 袁紅梅 beside 袁红梅 is found as one; the records are kept and still edit', async () => {
    const unit = await makeUnit(t.deps, { name: '建筑管理科', shortCode: 'JZK' });
    const q = t.deps.db.kysely;
    // the database as the sixteenth session left it: keys folded the 0640 way (these characters kept)
    await migrateTo(t.deps.db, '0640-people-name-key');
    const now = new Date().toISOString();
    const legacy = (id: string, name: string, employeeNo: string | null) => ({ id, org_id: 'org-default', name, name_key: name, unit_id: unit.id, post: null, employee_no: employeeNo, phone: null, email: null, active: 1, version: 1, created_at: now, updated_at: now });
    await (q as unknown as Kysely<{ people: ReturnType<typeof legacy> }>)
      .insertInto('people')
      .values([legacy('old-1', '袁红梅', 'BNZJ0101'), legacy('old-2', '袁\u2800红梅', null), legacy('old-3', '袁紅梅', 'BNZJ9902')])
      .execute();
    expect((await migrateToLatest(t.deps.db)).applied).toContain('0690-people-name-key-folding');
    const rows = await q.selectFrom('people').select(['id', 'name_key', 'same_name_reason']).where('id', 'in', ['old-1', 'old-2', 'old-3']).orderBy('id').execute();
    expect(rows).toEqual(['old-1', 'old-2', 'old-3'].map((id) => ({ id, name_key: '袁红梅', same_name_reason: null })));
    // no further record of her, however spelt; the kept records read and edit
    const fourth = await t.as('clerk', { method: 'POST', url: '/api/v1/people', payload: { name: '袁红梅', unitId: unit.id } });
    expect(fourth.json().error.code).toBe('PERSON_DUPLICATE');
    const edit = await t.as('clerk', { method: 'PATCH', url: '/api/v1/people/old-2', payload: { name: '袁\u2800红梅', phone: '023-66660000', version: 1 } });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ name: '袁\u2800红梅', sameNameReason: null });
  }, 180_000);
});
