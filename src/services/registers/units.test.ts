import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestDb, engines, openTestDb } from '../../../test/db';
import { ctxAs, makeCommission, makePerson, makeUnit } from '../../../test/factories/registers';
import { verifyAuditChain } from '../../audit/audit-verify';
import { MemoryFileStore } from '../../files/file-store';
import { FixedClock } from '../../lib/clock';
import type { Ctx, Deps } from '../context';
import { createUnit, deactivateUnit, getUnit, listUnitTree, MAX_UNIT_DEPTH, moveUnit, reactivateUnit, updateUnit, type UnitNode } from './index';

const names = (nodes: UnitNode[]): unknown[] => nodes.map((n) => (n.children.length ? [n.name, names(n.children)] : n.name));

describe.each(engines)('units tree (%s)', (engine) => {
  let deps: Deps;
  let clerk: Ctx;
  beforeEach(async () => {
    deps = { db: await openTestDb(engine), clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() };
    clerk = ctxAs(deps, ['clerk']);
  });
  afterEach(async () => closeTestDb(deps.db));

  async function sampleTree() {
    const commission = await makeCommission(clerk);
    const office = await createUnit(clerk, { name: '办公室', shortCode: 'BGS', kind: 'section', parentId: commission.id, sortOrder: 1 });
    const legal = await createUnit(clerk, { name: '法制科', shortCode: 'fzk', kind: 'section', parentId: commission.id, sortOrder: 2 });
    const corps = await createUnit(clerk, { name: '建设工程执法支队', shortCode: 'ZFZD', kind: 'subordinate', parentId: commission.id, sortOrder: 3 });
    const brigade = await createUnit(clerk, { name: '一大队', shortCode: 'ZFZD-1', kind: 'subordinate', parentId: corps.id });
    const squad = await createUnit(clerk, { name: '一中队', shortCode: 'ZFZD-1-1', kind: 'subordinate', parentId: brigade.id });
    return { commission, office, legal, corps, brigade, squad };
  }

  it('lists units as a tree, siblings in their sort order; short codes are stored upper-case', async () => {
    const { legal } = await sampleTree();
    expect(legal.shortCode).toBe('FZK');
    expect(names(await listUnitTree(clerk))).toEqual([['重庆市巴南区住房和城乡建设委员会', ['办公室', '法制科', ['建设工程执法支队', [['一大队', ['一中队']]]]]]]);
  });

  it('the commission is the root: it has no parent, and every other unit needs one', async () => {
    const commission = await makeCommission(clerk);
    const a = await createUnit(clerk, { name: '委机关2', shortCode: 'X1', kind: 'commission', parentId: commission.id }).catch((e: unknown) => e);
    expect(a).toMatchObject({ code: 'VALIDATION_FAILED' });
    const b = await createUnit(clerk, { name: '孤立科室', shortCode: 'X2', kind: 'section' }).catch((e: unknown) => e);
    expect(b).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [expect.objectContaining({ path: 'parentId' })] } });
  });

  it('moves a unit with its sub-units under another parent', async () => {
    const { corps, brigade, legal } = await sampleTree();
    const moved = await moveUnit(clerk, brigade.id, { parentId: legal.id, version: brigade.version });
    expect(moved).toMatchObject({ parentId: legal.id, version: brigade.version + 1 });
    const tree = await listUnitTree(clerk);
    const legalNode = tree[0]!.children.find((c) => c.id === legal.id)!;
    expect(names(legalNode.children)).toEqual([['一大队', ['一中队']]]);
    expect(tree[0]!.children.find((c) => c.id === corps.id)!.children).toEqual([]);
  });

  it('refuses a move that would make a cycle (under itself, under its child, under its grandchild), changing nothing', async () => {
    const { corps, brigade, squad } = await sampleTree();
    for (const target of [corps.id, brigade.id, squad.id]) {
      const err = await moveUnit(clerk, corps.id, { parentId: target }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'PRECONDITION_FAILED' });
      expect((err as Error).message).toMatch(/cycle/);
    }
    expect(await getUnit(clerk, corps.id)).toEqual(corps);
    expect(await getUnit(clerk, brigade.id)).toMatchObject({ parentId: corps.id });
  });

  it('two concurrent moves that together would make a cycle: exactly one succeeds', async () => {
    const { office, legal } = await sampleTree();
    const results = await Promise.allSettled([moveUnit(clerk, office.id, { parentId: legal.id }), moveUnit(clerk, legal.id, { parentId: office.id })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'PRECONDITION_FAILED' } });
    const [o, l] = [await getUnit(clerk, office.id), await getUnit(clerk, legal.id)];
    expect(o.parentId === legal.id && l.parentId === office.id).toBe(false);
  });

  it('refuses to move the commission, or under an inactive unit', async () => {
    const { commission, office, legal } = await sampleTree();
    expect(await moveUnit(clerk, commission.id, { parentId: office.id }).catch((e: unknown) => e)).toMatchObject({ code: 'PRECONDITION_FAILED' });
    await deactivateUnit(clerk, office.id);
    expect(await moveUnit(clerk, legal.id, { parentId: office.id }).catch((e: unknown) => e)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('renames with an optimistic version: a stale version gets CONFLICT_STALE and changes nothing', async () => {
    const { legal } = await sampleTree();
    const renamed = await updateUnit(clerk, legal.id, { name: '政策法规科', version: legal.version });
    expect(renamed).toMatchObject({ name: '政策法规科', shortCode: 'FZK', version: legal.version + 1 });
    const stale = await updateUnit(clerk, legal.id, { name: '法规科', version: legal.version }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'CONFLICT_STALE', status: 409 });
    expect((await getUnit(clerk, legal.id)).name).toBe('政策法规科');
  });

  it('a duplicate short code is CONFLICT_DUPLICATE (any case) and nothing is stored', async () => {
    const { commission, office } = await sampleTree();
    const before = (await deps.db.kysely.selectFrom('units').select('id').execute()).length;
    const err = await createUnit(clerk, { name: '另一个办公室', shortCode: 'bgs', kind: 'section', parentId: commission.id }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT_DUPLICATE', status: 409 });
    expect((await deps.db.kysely.selectFrom('units').select('id').execute()).length).toBe(before);
    const rename = await updateUnit(clerk, office.id, { shortCode: 'FZK' }).catch((e: unknown) => e);
    expect(rename).toMatchObject({ code: 'CONFLICT_DUPLICATE' });
  });

  it('deactivates (never deletes) only a unit with no active sub-units or people; the tree hides it unless asked', async () => {
    const { corps, brigade, squad, office } = await sampleTree();
    const person = await makePerson(clerk, { unitId: office.id });
    expect(await deactivateUnit(clerk, corps.id).catch((e: unknown) => e)).toMatchObject({ code: 'PRECONDITION_FAILED', details: { activeSubunits: 1, activePeople: 0 } });
    expect(await deactivateUnit(clerk, office.id).catch((e: unknown) => e)).toMatchObject({ code: 'PRECONDITION_FAILED', details: { activePeople: 1 } });
    expect(person.unitId).toBe(office.id);

    await deactivateUnit(clerk, squad.id);
    await deactivateUnit(clerk, brigade.id);
    const off = await deactivateUnit(clerk, corps.id);
    expect(off.active).toBe(false);
    expect(names(await listUnitTree(clerk))).toEqual([['重庆市巴南区住房和城乡建设委员会', ['办公室', '法制科']]]);
    const all = await listUnitTree(clerk, { includeInactive: 'true' });
    expect(names(all)[0]).toEqual(['重庆市巴南区住房和城乡建设委员会', ['办公室', '法制科', ['建设工程执法支队', [['一大队', ['一中队']]]]]]);
    expect(await deps.db.kysely.selectFrom('units').select('id').execute()).toHaveLength(6);

    // reactivation goes top-down: a sub-unit of an inactive unit stays inactive
    expect(await reactivateUnit(clerk, brigade.id).catch((e: unknown) => e)).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((await reactivateUnit(clerk, corps.id)).active).toBe(true);
  });

  it('every write appends an audit row naming the actor, and the chain verifies', async () => {
    const { legal, brigade } = await sampleTree();
    await updateUnit(clerk, legal.id, { name: '政策法规科' });
    await moveUnit(clerk, brigade.id, { parentId: legal.id });
    const rows = await deps.db.kysely.selectFrom('audit_log').selectAll().where('entity_type', '=', 'unit').orderBy('seq').execute();
    expect(rows.map((r) => r.action)).toEqual([...Array(6).fill('unit.create'), 'unit.update', 'unit.move']);
    expect(rows.every((r) => r.actor_id === clerk.actor.userId)).toBe(true);
    const move = rows[rows.length - 1]!;
    expect(JSON.parse(move.before_json!).parentId).not.toBe(legal.id);
    expect(JSON.parse(move.after_json!).parentId).toBe(legal.id);
    expect((await verifyAuditChain(deps.db)).ok).toBe(true);
  });

  it('investigators and subjects may not write units (FORBIDDEN), and subjects may not read them', async () => {
    const commission = await makeCommission(clerk);
    const input = { name: '新科室', shortCode: 'NEW', kind: 'section' as const, parentId: commission.id };
    for (const role of ['investigator', 'subject', 'leader', 'decider'] as const) {
      expect(await createUnit(ctxAs(deps, [role]), input).catch((e: unknown) => e)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await moveUnit(ctxAs(deps, [role]), commission.id, { parentId: commission.id }).catch((e: unknown) => e)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await listUnitTree(ctxAs(deps, ['subject'])).catch((e: unknown) => e)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await listUnitTree(ctxAs(deps, ['investigator']))).toHaveLength(1);
    expect(await deps.db.kysely.selectFrom('units').select('id').where('short_code', '=', 'NEW').executeTakeFirst()).toBeUndefined();
    expect((await createUnit(ctxAs(deps, ['sysadmin']), input)).shortCode).toBe('NEW');
  });

  it(`the tree is at most ${MAX_UNIT_DEPTH} levels deep, on create and on move`, async () => {
    const { office, brigade } = await sampleTree();
    let parentId = office.id; // level 2
    for (let level = 3; level <= MAX_UNIT_DEPTH; level++) parentId = (await createUnit(clerk, { name: `第${level}级`, shortCode: `L${level}`, kind: 'section', parentId })).id;
    const tooDeep = await createUnit(clerk, { name: '过深', shortCode: 'DEEP', kind: 'section', parentId }).catch((e: unknown) => e);
    expect(tooDeep).toMatchObject({ code: 'PRECONDITION_FAILED' });
    // 一大队 carries 一中队 below it: two levels do not fit under level 5
    const level5 = (await deps.db.kysely.selectFrom('units').select('id').where('short_code', '=', 'L5').executeTakeFirstOrThrow()).id;
    expect(await moveUnit(clerk, brigade.id, { parentId: level5 }).catch((e: unknown) => e)).toMatchObject({ code: 'PRECONDITION_FAILED' });
    const level4 = (await deps.db.kysely.selectFrom('units').select('id').where('short_code', '=', 'L4').executeTakeFirstOrThrow()).id;
    expect((await moveUnit(clerk, brigade.id, { parentId: level4 })).parentId).toBe(level4);
  });

  it('a unit made by the factory hangs under the commission', async () => {
    const u = await makeUnit(clerk);
    expect(u.parentId).toBe((await makeCommission(clerk)).id);
  });
});
