// Red-team finding (2026-12-07): an original case's participants are the facts of every open
// accountability case resting on it — who must stand aside (FL-5(1)) and who bears which
// responsibility (FL-8). A conflicted approver was taken off the original case around a team
// appointment and put back after, with nothing on the case. Now a change of the participants
// while such a case is open needs a correction reason, kept on each case's timeline.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { driveCaseTo } from '../../services/cases/drive';

describe.each(engines)('original case participants under an open case (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine));
  });
  afterEach(async () => t.close());

  const url = () => `/api/v1/original-cases/${w.fx.originalCase.id}`;
  /** The original case as a PUT body, the final approver (level 2) taken off. */
  const withoutFinalApprover = async (extra: Record<string, unknown> = {}) => {
    const oc = (await t.as('clerk', { method: 'GET', url: url() })).json();
    return {
      version: oc.version,
      number: oc.number,
      kind: oc.kind,
      title: oc.title,
      summary: oc.summary,
      unitId: oc.unitId,
      decisionDate: oc.decisionDate,
      counterpart: oc.counterpart,
      handlers: oc.handlers.map((h: { personId: string }) => ({ personId: h.personId })),
      approvers: oc.approvers.filter((a: { level: number }) => a.level === 1).map((a: { personId: string; level: number }) => ({ personId: a.personId, level: a.level })),
      deliberation: null,
      instructingLeaders: [],
      assigners: [],
      ...extra,
    };
  };
  const participantRows = async () => (await t.deps.db.kysely.selectFrom('original_case_participants').select(['person_id', 'role']).where('case_id', '=', w.fx.originalCase.id).execute()).length;

  it('FL-5(1), FL-8: taking a participant off the original case of an open case needs a correction reason; refused without one, nothing changed', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const before = await participantRows();
    const res = await t.as('clerk', { method: 'PUT', url: url(), payload: await withoutFinalApprover() });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(res.json().error)).toContain(c.number);
    expect(JSON.stringify(res.json().error)).toContain('correctionReason');
    expect(await participantRows()).toBe(before);
  });

  it('FL-5(1): a clerk who is himself the approver taken off does not make the correction, reason or not (RECUSAL_REQUIRED, nothing changed); another clerk does', async () => {
    const c = await makeCase(w, { to: 'registered' });
    await t.addUser('clerk_fa', ['clerk'], w.fx.finalApprover.id);
    const before = await participantRows();
    const res = await t.as('clerk_fa', { method: 'PUT', url: url(), payload: await withoutFinalApprover({ correctionReason: '录入错误：批准人应为一级' }) });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('RECUSAL_REQUIRED');
    expect(res.json().error.messageZh).toContain(c.number);
    expect(await participantRows()).toBe(before);
    const ok = await t.as('clerk', { method: 'PUT', url: url(), payload: await withoutFinalApprover({ correctionReason: '录入错误：批准人应为一级' }) });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('FL-5(1): with its reason the correction is made and kept on the open case’s timeline (who was taken off, why)', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const res = await t.as('clerk', { method: 'PUT', url: url(), payload: await withoutFinalApprover({ correctionReason: '录入错误：批准人应为一级' }) });
    expect(res.statusCode, res.body).toBe(200);
    const items = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items;
    const entry = items.find((i: { action: string }) => i.action === 'case.original_case.participants_corrected');
    expect(entry).toMatchObject({ labelZh: '原执法案件参与人员更正', citation: 'FL-5(1)' });
    expect(entry.data).toMatchObject({ reason: '录入错误：批准人应为一级', removed: expect.arrayContaining([`approver2:${w.fx.finalApprover.id}`, `chair:${w.fx.finalApprover.id}`]) });
    // what the committee reads on the case: who was taken off and why
    const mark = entry.marks.find((m: { kind: string }) => m.kind === 'participants_corrected');
    expect(mark.zh).toContain(`第2级批准人 ${w.fx.finalApprover.name}`);
    expect(mark.zh).toContain('理由：录入错误：批准人应为一级');
  });

  it('a closed case does not hold its original case: the participants are corrected without a reason', async () => {
    const c = await makeCase(w);
    await driveCaseTo(w.ctx, c.caseId, 'not_accepted');
    const res = await t.as('clerk', { method: 'PUT', url: url(), payload: await withoutFinalApprover() });
    expect(res.statusCode, res.body).toBe(200);
  });
});
