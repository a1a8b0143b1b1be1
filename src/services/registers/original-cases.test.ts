import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestDb, engines, openTestDb } from '../../../test/db';
import { ctxAs, makeCommission, makeOriginalCase, makePerson, makeUnit, type OriginalCaseFixture } from '../../../test/factories/registers';
import { verifyAuditChain } from '../../audit/audit-verify';
import { inTransaction } from '../../db/tx';
import { MemoryFileStore } from '../../files/file-store';
import { FixedClock } from '../../lib/clock';
import type { Ctx, Deps } from '../context';
import {
  addOriginalCaseCompensation,
  addOriginalCaseOutcome,
  createOriginalCase,
  findOriginalCaseInvolvements,
  getOriginalCase,
  getOriginalCaseFull,
  listOriginalCases,
  updateOriginalCase,
  type OriginalCaseInput,
} from './index';

type Fields = { details: { fields: { path: string; zh: string; en: string }[] } };
const fieldsOf = (e: unknown) => (e as Fields).details.fields;

describe.each(engines)('original enforcement cases (%s)', (engine) => {
  let deps: Deps;
  let clerk: Ctx;
  let fx: OriginalCaseFixture;
  beforeEach(async () => {
    deps = { db: await openTestDb(engine), clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() };
    clerk = ctxAs(deps, ['clerk']);
    fx = await makeOriginalCase(clerk);
  });
  afterEach(async () => closeTestDb(deps.db));

  const count = async (table: 'original_cases' | 'original_case_participants' | 'original_case_outcomes' | 'original_case_compensations') =>
    (await deps.db.kysely.selectFrom(table).select('id').execute()).length;

  /** the fixture's case as input, with a new number */
  function inputLike(over: Partial<OriginalCaseInput> = {}): OriginalCaseInput {
    const c = fx.originalCase;
    return {
      number: '巴住建罚〔2025〕99号',
      kind: c.kind,
      title: c.title,
      unitId: c.unitId,
      decisionDate: c.decisionDate,
      counterpart: c.counterpart,
      handlers: c.handlers.map((h) => ({ personId: h.personId })),
      approvers: c.approvers.map((a) => ({ personId: a.personId, level: a.level })),
      deliberation: c.deliberation && {
        date: c.deliberation.date,
        chairId: c.deliberation.chairId,
        members: c.deliberation.members.map((m) => ({ personId: m.personId, opinion: m.opinion })),
      },
      ...over,
    };
  }

  it('FL-8: returns every participant with their role; the last approval level is the final approver; the chair is a member', async () => {
    const full = (await getOriginalCaseFull(deps.db, fx.originalCase.id))!;
    expect(full.handlers).toEqual([{ personId: fx.handler.id, name: fx.handler.name }]);
    expect(full.approvers.map((a) => [a.name, a.level, a.final])).toEqual([
      [fx.approver1.name, 1, false],
      [fx.finalApprover.name, 2, true],
    ]);
    expect(full.deliberation).toMatchObject({ chairId: fx.finalApprover.id, chairName: fx.finalApprover.name });
    expect(full.deliberation!.members.map((m) => [m.name, m.opinion, m.isChair])).toEqual([
      [fx.finalApprover.name, 'insisted', true],
      [fx.agreedMember.name, 'agreed', false],
      [fx.dissentingMember.name, 'dissented', false],
    ]);
    const roles = Object.fromEntries(full.involvement.map((i) => [i.personId, i.roles]));
    expect(roles).toEqual({
      [fx.handler.id]: ['handler'],
      [fx.approver1.id]: ['approver'],
      [fx.finalApprover.id]: ['approver', 'final_approver', 'deliberation_chair', 'deliberation_member'],
      [fx.agreedMember.id]: ['deliberation_member'],
      [fx.dissentingMember.id]: ['deliberation_member'],
    });
    expect(full.flags).toEqual([]);
    expect(await getOriginalCaseFull(deps.db, 'nope')).toBeNull();
  });

  it('FL-8(4), FL-8(5): records the instructing leader and whoever assigned the handler, with notes', async () => {
    const leader = await makePerson(clerk, { name: '分管领导' });
    const assigner = await makePerson(clerk, { name: '大队长' });
    const c = await createOriginalCase(
      clerk,
      inputLike({
        instructingLeaders: [{ personId: leader.id, note: '电话授意从轻处罚' }],
        assigners: [{ personId: assigner.id, note: '指派未取得执法证的协管员承办' }],
      }),
    );
    expect(c.instructingLeaders).toEqual([{ personId: leader.id, name: '分管领导', note: '电话授意从轻处罚' }]);
    expect(c.assigners).toEqual([{ personId: assigner.id, name: '大队长', note: '指派未取得执法证的协管员承办' }]);
    expect(c.involvement.find((i) => i.personId === leader.id)?.roles).toEqual(['instructing_leader']);
    expect(await findOriginalCaseInvolvements(deps.db, assigner.id)).toEqual([
      expect.objectContaining({ caseId: c.id, number: '巴住建罚〔2025〕99号', roles: ['assigner'] }),
    ]);
    const mine = await findOriginalCaseInvolvements(deps.db, fx.finalApprover.id);
    expect(mine.map((m) => [m.caseId === fx.originalCase.id || m.caseId === c.id, m.roles])).toEqual([
      [true, ['approver', 'final_approver', 'deliberation_chair', 'deliberation_member']],
      [true, ['approver', 'final_approver', 'deliberation_chair', 'deliberation_member']],
    ]);
  });

  it('participants validation: at least one handler; approver levels contiguous from 1; the chair must be a member; no one twice in a role', async () => {
    const before = await count('original_cases');
    const noHandler = await createOriginalCase(clerk, inputLike({ handlers: [] })).catch((e: unknown) => e);
    expect(noHandler).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(fieldsOf(noHandler)).toEqual([
      { path: 'handlers', code: 'custom', zh: expect.stringContaining('至少需要一名承办人'), en: expect.stringContaining('At least one handler is required'), label: { zh: '承办人', en: 'Case handlers' } },
    ]);

    const gap = await createOriginalCase(
      clerk,
      inputLike({ approvers: [{ personId: fx.approver1.id, level: 1 }, { personId: fx.finalApprover.id, level: 3 }] }),
    ).catch((e: unknown) => e);
    expect(fieldsOf(gap)[0]).toMatchObject({ path: 'approvers', zh: expect.stringContaining('第 2 级') });
    const notFromOne = await createOriginalCase(clerk, inputLike({ approvers: [{ personId: fx.approver1.id, level: 2 }] })).catch((e: unknown) => e);
    expect(fieldsOf(notFromOne)[0]).toMatchObject({ path: 'approvers' });
    const sameLevel = await createOriginalCase(
      clerk,
      inputLike({ approvers: [{ personId: fx.approver1.id, level: 1 }, { personId: fx.finalApprover.id, level: 1 }] }),
    ).catch((e: unknown) => e);
    expect(fieldsOf(sameLevel)[0]).toMatchObject({ path: 'approvers' });
    const twoLevels = await createOriginalCase(
      clerk,
      inputLike({ approvers: [{ personId: fx.approver1.id, level: 1 }, { personId: fx.approver1.id, level: 2 }] }),
    ).catch((e: unknown) => e);
    expect(fieldsOf(twoLevels)[0]!.en).toContain('several approval levels');

    const chairOutside = await createOriginalCase(
      clerk,
      inputLike({ deliberation: { date: '2025-06-01', chairId: fx.handler.id, members: [{ personId: fx.finalApprover.id, opinion: 'agreed' }] } }),
    ).catch((e: unknown) => e);
    expect(fieldsOf(chairOutside)).toEqual([expect.objectContaining({ path: 'deliberation.chairId', zh: expect.stringContaining('主持人必须是集体讨论的参加人') })]);

    const lateDeliberation = await createOriginalCase(
      clerk,
      inputLike({ deliberation: { date: '2025-08-30', chairId: fx.finalApprover.id, members: [{ personId: fx.finalApprover.id, opinion: 'insisted' }] } }),
    ).catch((e: unknown) => e);
    expect(fieldsOf(lateDeliberation)).toEqual([expect.objectContaining({ path: 'deliberation.date' })]);

    const ghost = await createOriginalCase(clerk, inputLike({ handlers: [{ personId: fx.handler.id }, { personId: 'GHOST' }] })).catch((e: unknown) => e);
    expect(fieldsOf(ghost)).toEqual([expect.objectContaining({ path: 'handlers.1.personId', zh: expect.stringContaining('承办人不是已登记的人员：GHOST') })]);

    const future = await createOriginalCase(clerk, inputLike({ decisionDate: '2025-09-02' })).catch((e: unknown) => e);
    expect(fieldsOf(future)[0]).toMatchObject({ path: 'decisionDate' });
    expect(await count('original_cases')).toBe(before);
  });

  it('a handler who is also the final approver is allowed but flagged (自办自批)', async () => {
    const c = await createOriginalCase(
      clerk,
      inputLike({ approvers: [{ personId: fx.approver1.id, level: 1 }, { personId: fx.handler.id, level: 2 }], deliberation: null }),
    );
    expect(c.flags).toEqual([expect.objectContaining({ code: 'HANDLER_IS_FINAL_APPROVER', personId: fx.handler.id })]);
    expect(c.involvement.find((i) => i.personId === fx.handler.id)?.roles).toEqual(['handler', 'approver', 'final_approver']);
    expect(c.deliberation).toBeNull();
  });

  it('a duplicate case number is 409 CONFLICT_DUPLICATE with nothing stored (no case, no participants, no audit row)', async () => {
    const cases = await count('original_cases');
    const parts = await count('original_case_participants');
    const audit = (await deps.db.kysely.selectFrom('audit_log').select('seq').execute()).length;
    const err = await createOriginalCase(clerk, inputLike({ number: fx.originalCase.number })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT_DUPLICATE', status: 409 });
    expect((err as { zh: string }).zh).toContain(fx.originalCase.number);
    expect(await count('original_cases')).toBe(cases);
    expect(await count('original_case_participants')).toBe(parts);
    expect((await deps.db.kysely.selectFrom('audit_log').select('seq').execute()).length).toBe(audit);
  });

  it('WC-5: records outcome events with their reference documents; the effect must fit the item; the same document twice is a duplicate', async () => {
    const id = fx.originalCase.id;
    const after = await addOriginalCaseOutcome(clerk, id, {
      source: 'WC-5(3)',
      effect: 'revoked',
      issuer: '重庆市巴南区人民政府',
      referenceNo: '巴南府复决〔2025〕17号',
      referenceDate: '2025-08-15',
    });
    expect(after.wrong).toBe(true);
    expect(after.outcomes).toEqual([expect.objectContaining({ source: 'WC-5(3)', effect: 'revoked', referenceNo: '巴南府复决〔2025〕17号', actorId: clerk.actor.userId })]);
    const wrongEffect = await addOriginalCaseOutcome(clerk, id, { source: 'WC-5(1)', effect: 'ordered_redo', referenceNo: 'X', referenceDate: '2025-08-16' }).catch(
      (e: unknown) => e,
    );
    expect(fieldsOf(wrongEffect)[0]).toMatchObject({ path: 'effect' });
    const dup = await addOriginalCaseOutcome(clerk, id, { source: 'WC-5(3)', effect: 'changed', referenceNo: '巴南府复决〔2025〕17号', referenceDate: '2025-08-15' }).catch(
      (e: unknown) => e,
    );
    expect(dup).toMatchObject({ code: 'CONFLICT_DUPLICATE' });
    const beforeDecision = await addOriginalCaseOutcome(clerk, id, { source: 'WC-5(6)', referenceNo: 'Y', referenceDate: '2020-01-01' }).catch((e: unknown) => e);
    expect(fieldsOf(beforeDecision)[0]).toMatchObject({ path: 'referenceDate' });
    const unknownSource = await addOriginalCaseOutcome(clerk, id, { source: 'WC-5(7)', referenceNo: 'Z', referenceDate: '2025-08-16' }).catch((e: unknown) => e);
    expect(unknownSource).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await count('original_case_outcomes')).toBe(1);
  });

  it('compensation paid (国家赔偿) is kept in integer fen and totalled; without a WC-5(5) event the case is flagged', async () => {
    const id = fx.originalCase.id;
    await addOriginalCaseCompensation(clerk, id, { amountFen: 1_234_56, paidDate: '2025-08-20', decisionNo: '巴住建赔〔2025〕1号' });
    const c = await addOriginalCaseCompensation(clerk, id, { amountFen: 3_000_000_000, paidDate: '2025-08-25', decisionNo: '巴住建赔〔2025〕2号' });
    expect(c.compensations.map((m) => m.amountFen)).toEqual([123456, 3_000_000_000]);
    expect(c.compensationTotalFen).toBe(3_000_123_456);
    expect(c.flags.map((f) => f.code)).toEqual(['COMPENSATION_WITHOUT_WC5_5']);
    const fractional = await addOriginalCaseCompensation(clerk, id, { amountFen: 10.5, paidDate: '2025-08-25', decisionNo: 'x' }).catch((e: unknown) => e);
    expect(fractional).toMatchObject({ code: 'VALIDATION_FAILED' });
    // FL-13: a payment that would take the case's total past what can be counted exactly is refused, nothing stored
    const overflow = await addOriginalCaseCompensation(clerk, id, { amountFen: Number.MAX_SAFE_INTEGER, paidDate: '2025-08-25', decisionNo: '巴住建赔〔2025〕3号' }).catch((e: unknown) => e);
    expect(overflow).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(fieldsOf(overflow)[0]).toMatchObject({ path: 'amountFen' });
    expect(await count('original_case_compensations')).toBe(2);
    const withWc55 = await addOriginalCaseOutcome(clerk, id, { source: 'WC-5(5)', referenceNo: '巴住建赔〔2025〕1号', referenceDate: '2025-08-20' });
    expect(withWc55.flags).toEqual([]);
    const listed = await listOriginalCases(clerk, { q: fx.originalCase.number });
    expect(listed.items[0]).toMatchObject({ wrong: true, compensationTotalFen: 3_000_123_456 });
  });

  it('an update replaces data and participants (outcomes stay); a stale version is 409 with nothing changed; audited with before and after', async () => {
    const id = fx.originalCase.id;
    await addOriginalCaseOutcome(clerk, id, { source: 'WC-5(1)', referenceNo: '巴住建监〔2025〕2号', referenceDate: '2025-08-01' });
    const current = await getOriginalCase(clerk, id);
    const updated = await updateOriginalCase(clerk, id, {
      ...inputLike({ number: current.number, title: '更正后的案由', approvers: [{ personId: fx.approver1.id, level: 1 }], deliberation: null }),
      version: current.version,
    });
    expect(updated).toMatchObject({ title: '更正后的案由', version: current.version + 1, deliberation: null });
    expect(updated.approvers.map((a) => [a.personId, a.final])).toEqual([[fx.approver1.id, true]]);
    expect(updated.outcomes).toHaveLength(1);
    const stale = await updateOriginalCase(clerk, id, { ...inputLike({ number: current.number, title: '再改' }), version: current.version }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'CONFLICT_STALE', status: 409 });
    expect((await getOriginalCase(clerk, id)).title).toBe('更正后的案由');
    const row = await deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'original_case.update').executeTakeFirstOrThrow();
    expect(JSON.parse(row.before_json!).approvers).toHaveLength(2);
    expect(JSON.parse(row.after_json!).approvers).toHaveLength(1);
    const afterOutcome = await updateOriginalCase(clerk, id, { ...inputLike({ number: current.number, decisionDate: '2025-08-10' }) }).catch((e: unknown) => e);
    expect(fieldsOf(afterOutcome)[0]).toMatchObject({ path: 'decisionDate' });
    const other = await makeOriginalCase(clerk);
    const dup = await updateOriginalCase(clerk, other.originalCase.id, { ...inputLike({ number: current.number }) }).catch((e: unknown) => e);
    expect(dup).toMatchObject({ code: 'CONFLICT_DUPLICATE' });
  });

  it('lists with paging and filters: kind, unit (with sub-units), year, text on number/title/counterpart, wrong', async () => {
    const commission = await makeCommission(clerk);
    const corps = await makeUnit(clerk, { name: '执法支队', kind: 'subordinate', parentId: commission.id });
    const brigade = await makeUnit(clerk, { name: '二大队', kind: 'subordinate', parentId: corps.id });
    const h = fx.handler.id;
    const mk = (number: string, over: Partial<OriginalCaseInput>) =>
      createOriginalCase(clerk, { number, kind: 'penalty', title: '案件', unitId: corps.id, decisionDate: '2025-03-01', counterpart: { name: '某公司', type: 'organisation' }, handlers: [{ personId: h }], ...over });
    await mk('巴住建罚〔2024〕1号', { decisionDate: '2024-12-31', title: '违法建设案' });
    const licence = await mk('巴住建许〔2025〕1号', { kind: 'licence', unitId: brigade.id, counterpart: { name: '张三', type: 'person', idNo: '500113199001011234' } });
    await mk('巴住建检〔2025〕1号', { kind: 'inspection', title: '物业服务违规检查' });
    await addOriginalCaseOutcome(clerk, licence.id, { source: 'WC-5(4)', effect: 'partly_revoked', issuer: '重庆市第五中级人民法院', referenceNo: '(2025)渝05行终1号', referenceDate: '2025-06-01' });

    const numbers = async (query: Record<string, string>) => (await listOriginalCases(clerk, query)).items.map((c) => c.number);
    expect(await numbers({ kind: 'licence' })).toEqual(['巴住建许〔2025〕1号']);
    expect((await numbers({ unitId: corps.id })).sort()).toEqual(['巴住建许〔2025〕1号', '巴住建检〔2025〕1号', '巴住建罚〔2024〕1号'].sort());
    expect(await numbers({ unitId: corps.id, includeSubunits: 'false', year: '2025' })).toEqual(['巴住建检〔2025〕1号']);
    expect(await numbers({ year: '2024' })).toEqual(['巴住建罚〔2024〕1号']);
    expect(await numbers({ q: '违法建设' })).toEqual(['巴住建罚〔2024〕1号']);
    expect(await numbers({ q: '张三' })).toEqual(['巴住建许〔2025〕1号']);
    expect(await numbers({ q: '许〔2025' })).toEqual(['巴住建许〔2025〕1号']);
    expect(await numbers({ wrong: 'true' })).toEqual(['巴住建许〔2025〕1号']);
    expect(await numbers({ wrong: 'false', unitId: corps.id })).toHaveLength(2);
    const page = await listOriginalCases(clerk, { page: '2', pageSize: '3' });
    expect(page.total).toBe(4);
    expect(page.items).toHaveLength(1);
    const bad = await listOriginalCases(clerk, { pageSize: '1000' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('getOriginalCaseFull works inside another service\'s transaction', async () => {
    const inside = await inTransaction(deps.db, (tx) => getOriginalCaseFull(tx, fx.originalCase.id));
    expect(inside?.number).toBe(fx.originalCase.number);
  });

  it('investigators and subjects cannot write original cases; every write is audited and the chain verifies', async () => {
    for (const role of ['investigator', 'subject'] as const) {
      const ctx = ctxAs(deps, [role]);
      expect(await createOriginalCase(ctx, inputLike()).catch((e: unknown) => e)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await addOriginalCaseOutcome(ctx, fx.originalCase.id, { source: 'WC-5(1)', referenceNo: 'A', referenceDate: '2025-08-01' }).catch((e: unknown) => e)).toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    expect(await getOriginalCase(ctxAs(deps, ['subject']), fx.originalCase.id).catch((e: unknown) => e)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await count('original_case_outcomes')).toBe(0);
    await addOriginalCaseOutcome(clerk, fx.originalCase.id, { source: 'WC-5(1)', referenceNo: 'A', referenceDate: '2025-08-01' });
    const actions = (await deps.db.kysely.selectFrom('audit_log').select('action').where('entity_type', '=', 'original_case').orderBy('seq').execute()).map((r) => r.action);
    expect(actions).toEqual(['original_case.create', 'original_case.outcome']);
    expect((await verifyAuditChain(deps.db)).ok).toBe(true);
  });
});
