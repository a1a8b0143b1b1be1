// issue 9: an online report names no original enforcement case; the clerk's step
// link_original_case links it (or removes the link) so the wrong-case track and the recusal facts
// (FL-8: the original case's handlers and approvers may not investigate) work from the register.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { sendJsonReport } from '../../../test/factories/reporter';
import { driveCaseTo } from './drive';

describe.each(engines)('link_original_case (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  const onlineReport = async (): Promise<string> => {
    expect((await sendJsonReport(t, { summary: '网上举报：某处罚案件认定事实不清。', reporter: { anonymous: true } })).statusCode).toBe(201);
    return (await t.deps.db.kysely.selectFrom('cases').select('id').where('channel', '=', 'online').executeTakeFirstOrThrow()).id;
  };
  const link = async (user: string, caseId: string, originalCaseId: string | null) =>
    t.as(user, { method: 'POST', url: `/api/v1/cases/${caseId}/actions/link_original_case`, payload: { expectedVersion: await versionOf(w, caseId), originalCaseId } });

  it('FL-8/WC-9(1): the clerk links an online report to the original case; the original approver is then barred from the team; unlinking lifts it; each change is a step on the timeline', async () => {
    await t.addUser('conflicted', ['investigator'], w.fx.approver1.id);
    const caseId = await onlineReport();
    await driveCaseTo(w.ctx, caseId, 'reported');
    const conflictsOf = async () =>
      ((await t.as('leader', { method: 'GET', url: `/api/v1/cases/${caseId}/team-candidates` })).json().items as { userId: string; conflicts: { zh: string }[] }[]).find((i) => i.userId === t.userIds.conflicted)?.conflicts.map((x) => x.zh);
    expect(await conflictsOf()).toEqual([]);

    const r = await link('clerk', caseId, w.fx.originalCase.id);
    expect(r.statusCode, r.body).toBe(200);
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}` })).json().originalCaseId).toBe(w.fx.originalCase.id);
    expect(await conflictsOf()).toEqual(['依法应当回避']);

    expect((await link('clerk', caseId, null)).statusCode).toBe(200);
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}` })).json().originalCaseId).toBeNull();
    expect(await conflictsOf()).toEqual([]);

    const steps = await t.deps.db.kysely.selectFrom('case_steps').select(['data', 'actor_id']).where('case_id', '=', caseId).where('action', '=', 'link_original_case').orderBy('at').execute();
    expect(steps.map((s) => JSON.parse(s.data))).toMatchObject([
      { originalCaseId: w.fx.originalCase.id, previousOriginalCaseId: null },
      { originalCaseId: null, previousOriginalCaseId: w.fx.originalCase.id },
    ]);
    expect(steps.every((s) => s.actor_id === t.userIds.clerk)).toBe(true);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', caseId).where('action', '=', 'case.link_original_case').execute();
    expect(audit).toHaveLength(2);
  });

  it('refused: an original case not in the register (naming the field), the same link twice, a leader or investigator, a WC-5 source (linked at intake)', async () => {
    const caseId = await onlineReport();
    const unknown = await link('clerk', caseId, 'NO-SUCH-ORIGINAL-CASE');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['originalCaseId']);
    expect((await link('clerk', caseId, null)).json().error.code).toBe('VALIDATION_FAILED'); // nothing to remove
    expect((await link('clerk', caseId, w.fx.originalCase.id)).statusCode).toBe(200);
    expect((await link('clerk', caseId, w.fx.originalCase.id)).statusCode).toBe(400);
    for (const role of ['leader', 'investigator']) expect((await link(role, caseId, null)).statusCode, role).toBeGreaterThanOrEqual(403);
    const wc5 = await makeCase(w, { source: 'wc5', to: 'registered' });
    const r = await link('clerk', wc5.caseId, null);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.messageZh).toContain('错案线索');
  });
});
