// One officer, one register record (found by the sixteenth session's red-team walk, registers 4):
// the register has no ID number, so a clerk could create a second record of an officer — same name,
// same unit, no employee number — and a case naming that duplicate did not make the real officer
// stand aside (FL-5(1) 回避 is judged by register person) and split his FL-10(6) 多次 count. A second
// record of a name in a unit is refused unless both carry their own employee numbers — and even then
// is made only with the clerk's written reason (seventeenth session: an employee number is typed)
// (src/services/registers/people-service.ts#assertNotSameOfficer), on create and on every change of
// name, unit or employee number, under the writers' lock; nothing is stored on refusal. The
// characters a name may hold, traditional forms and recusal by namesake: namesake-recusal.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { makePerson, makeUnit } from '../factories/registers';
import { inTransaction } from '../../src/db/tx';
import { changePersonPostInTx } from '../../src/services/registers';
import type { Unit } from '../../src/services/registers/schemas';
import { expectCodedError } from './checks';
import { changedTables, digestDatabase } from './db-digest';

describe.each(engines)('Registers: one officer, one register record (%s)', (engine) => {
  let t: TestApp;
  let jzk: Unit;
  let fzk: Unit;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('clerk', ['clerk']);
    jzk = await makeUnit(t.deps, { name: '建筑管理科', shortCode: 'JZK' });
    fzk = await makeUnit(t.deps, { name: '法制科', shortCode: 'FZK2' });
  });
  afterEach(async () => t.close());

  const create = (payload: Record<string, unknown>) => t.as('clerk', { method: 'POST', url: '/api/v1/people', payload });
  const patch = (id: string, payload: Record<string, unknown>) => t.as('clerk', { method: 'PATCH', url: `/api/v1/people/${id}`, payload });

  it('FL-5(1): a second record of the same officer in the same unit is refused, so a case cannot name a duplicate to dodge 回避 (FL-10(6): nor split his 多次 count)', async () => {
    const real = await makePerson(t.deps, { name: '张建国', unitId: jzk.id, employeeNo: 'E100' });
    // a real officer registered without a number is not duplicated by giving the copy one
    await makePerson(t.deps, { name: 'Li Ming', unitId: jzk.id, employeeNo: null });
    const before = await digestDatabase(t.deps.db);
    // the same name however typed: spaces, a full-width space, the traditional form (a zero-width
    // space is refused as a character a name does not hold: namesake-recusal.test.ts)
    for (const name of ['张建国', ' 张 建国 ', '张\u3000建国', '張建國']) {
      const r = await create({ name, unitId: jzk.id });
      expect(expectCodedError(r, `create ${JSON.stringify(name)}`), r.body).toBe('PERSON_DUPLICATE');
      expect(r.statusCode).toBe(409);
      const e = r.json().error;
      expect(e.messageZh).toBe(
        '本单位已登记同名人员，同一人不得重复登记：“张建国”（建筑管理科，工号 E100）。确是同名的另一人，两人均须填写各自的工号（回避 FL-5(1)、“多次” FL-10(6) 均按人员台账认定）',
      );
      expect(e.messageEn).toContain('张建国 (建筑管理科, employee no. E100)');
      expect(e.details).toMatchObject({ existing: { id: real.id, name: '张建国', unitName: '建筑管理科', employeeNo: 'E100', active: true } });
    }
    // full-width letters and another case, with an employee number the real record lacks
    const withNo = await create({ name: 'ＬＩ　ＭＩＮＧ', unitId: jzk.id, employeeNo: 'E777' });
    expect(expectCodedError(withNo, 'copy with a number'), withNo.body).toBe('PERSON_DUPLICATE');
    expect(withNo.json().error.messageZh).toContain('“Li Ming”（建筑管理科，无工号）');
    expect(changedTables(before, await digestDatabase(t.deps.db))).toEqual([]);
  });

  it('FL-5(1): a record is not renamed, moved or stripped of the employee number that told it apart onto another record of the same officer; nothing changes', async () => {
    const real = await makePerson(t.deps, { name: '王立新', unitId: jzk.id, employeeNo: null });
    const other = await makePerson(t.deps, { name: '王力新', unitId: jzk.id, employeeNo: null });
    const moved = await makePerson(t.deps, { name: '王立新', unitId: fzk.id, employeeNo: null });
    const namesake = await makePerson(t.deps, { name: '赵敏', unitId: jzk.id, employeeNo: 'E201' });
    const namesake2 = await makePerson(t.deps, { name: '赵敏', unitId: jzk.id, employeeNo: 'E202', sameNameReason: '二人系不同人员，分别于2019年、2023年入职' });
    const rowsBefore = await t.deps.db.kysely.selectFrom('people').selectAll().orderBy('id').execute();
    const refused = [
      ['rename', await patch(other.id, { name: '王 立新', version: other.version })],
      ['move', await patch(moved.id, { unitId: jzk.id, version: moved.version })],
      ['clear employee no.', await patch(namesake2.id, { employeeNo: null, version: namesake2.version })],
      ['full-width employee no.', await patch(namesake2.id, { employeeNo: 'Ｅ２０１', version: namesake2.version })],
    ] as const;
    for (const [what, r] of refused) {
      expect(expectCodedError(r, what), `${what}: ${r.body}`).toBe('PERSON_DUPLICATE');
    }
    expect(refused[0][1].json().error.details.existing.id).toBe(real.id);
    expect(refused[2][1].json().error.details.existing.id).toBe(namesake.id);
    expect(await t.deps.db.kysely.selectFrom('people').selectAll().orderBy('id').execute()).toEqual(rowsBefore);
    // a change that touches neither name, unit nor number passes; so does a rename to another name
    expect((await patch(other.id, { phone: '023-66660000', version: other.version })).statusCode).toBe(200);
    expect((await patch(moved.id, { name: '王立民', unitId: jzk.id, version: moved.version })).statusCode).toBe(200);
  });

  it('FL-6(4): a decision moving an officer (调离执法岗位) into a unit where his namesake without an employee number is registered is refused, not made a duplicate; beside a namesake with his own number he is moved, the move\'s reason kept as theirs', async () => {
    await makePerson(t.deps, { name: '刘洋', unitId: fzk.id, employeeNo: null });
    const officer = await makePerson(t.deps, { name: '刘洋', unitId: jzk.id, employeeNo: 'E301' });
    const by = { actorId: t.userIds.clerk!, now: new Date().toISOString() };
    const err = await inTransaction(t.deps.db, (tx) => changePersonPostInTx(tx, by, officer.id, { unitId: fzk.id, post: '科员', effectiveDate: '2026-01-05', reason: '调离执法岗位' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PERSON_DUPLICATE', status: 409 });
    expect((await t.deps.db.kysely.selectFrom('people').select('unit_id').where('id', '=', officer.id).executeTakeFirstOrThrow()).unit_id).toBe(jzk.id);
    // beside a namesake with his own employee number he is moved, and the move's reason is kept as
    // the reason the two are different people (the decision's case is on the post history)
    const zfd = await makeUnit(t.deps, { name: '执法大队', shortCode: 'ZFD' });
    await makePerson(t.deps, { name: '刘洋', unitId: zfd.id, employeeNo: 'E302' });
    await inTransaction(t.deps.db, (tx) => changePersonPostInTx(tx, by, officer.id, { unitId: zfd.id, post: '科员', effectiveDate: '2026-01-05', reason: '调离执法岗位' }));
    expect(await t.deps.db.kysely.selectFrom('people').select(['unit_id', 'same_name_reason']).where('id', '=', officer.id).executeTakeFirstOrThrow()).toEqual({ unit_id: zfd.id, same_name_reason: '调整岗位/单位：调离执法岗位' });
  });

  it('FL-5(1): the same name in another unit, or two employees of one name in one unit each with their own employee number and the clerk\'s reason, are two people and both are registered', async () => {
    await makePerson(t.deps, { name: '陈静', unitId: jzk.id, employeeNo: null });
    const elsewhere = await create({ name: '陈静', unitId: fzk.id });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    await makePerson(t.deps, { name: '周涛', unitId: jzk.id, employeeNo: 'E401' });
    const namesake = await create({ name: '周涛', unitId: jzk.id, employeeNo: 'E402', sameNameReason: '二人系不同人员，身份证号不同' });
    expect(namesake.statusCode, namesake.body).toBe(201);
    expect(namesake.json().sameNameReason).toBe('二人系不同人员，身份证号不同');
    // and a third of that name with his own number too; an edit of one of them keeps passing
    expect((await create({ name: '周 涛', unitId: jzk.id, employeeNo: 'E403', sameNameReason: '第三位同名人员，工号由人事科核发' })).statusCode).toBe(201);
    expect((await patch(namesake.json().id, { post: '副科长', version: 1 })).statusCode).toBe(200);
  });

  it('FL-5(1): two clerks registering the same officer at the same moment: one record is made, the other is refused', async () => {
    const results = await Promise.all([create({ name: '孙立', unitId: jzk.id }), create({ name: '孙立', unitId: jzk.id }), create({ name: '孙 立', unitId: jzk.id })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(results.filter((r) => r.statusCode === 409).map((r) => r.json().error.code)).toEqual(['PERSON_DUPLICATE', 'PERSON_DUPLICATE']);
    expect((await t.deps.db.kysely.selectFrom('people').select('id').where('unit_id', '=', jzk.id).execute()).length).toBe(1);
  });
});
