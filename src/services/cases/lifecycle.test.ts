import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import type { AppError } from '../../errors';
import { performAction } from './commands';
import { verifyAuditChain } from '../../audit/audit-verify';
import { caseTimeline, findingHistory, getCase } from './views';

describe.each(engines)('case lifecycle end to end (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-01T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  it('FL track: report → accepted → registered (FL-15) → … → closed, every step audited on the case', async () => {
    const c = await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-09-01' } });
    const view = await getCase(w.ctx.clerk, c.caseId);
    expect(view.state).toBe('closed');
    expect(view.number).toMatch(/^巴住建问〔2025〕\d+号$/);
    expect(view.decisions).toHaveLength(1);
    // FL-14: held accountable on the fault track → the person's and the unit's award bars for 2025.
    const kinds = view.executionItems.map((e) => e.kind).sort();
    expect(kinds).toEqual(expect.arrayContaining(['award_bar_person', 'award_bar_unit']));
    expect(view.executionItems.every((e) => e.status === 'done')).toBe(true);
    expect(view.deadlines.find((d) => d.kind === 'handling')).toMatchObject({ citation: 'FL-16', state: 'met' });
    // The case's steps as its timeline shows them: routine reads (like the getCase above) are
    // audited but kept off the timeline (ROUTINE_READ_ACTIONS), so the close is the last step.
    const audited = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('entity_type', '=', 'case').where('entity_id', '=', c.caseId).orderBy('seq').execute();
    expect(audited.map((s) => s.action)).toContain('case.read');
    const steps = await caseTimeline(w.ctx.clerk, c.caseId);
    expect(steps.map((s) => s.action)).not.toContain('case.read');
    // FL-15: the registration and the decision were each taken at a recorded meeting.
    expect(steps.map((s) => s.action).indexOf('case.meeting.close')).toBeLessThan(steps.map((s) => s.action).indexOf('case.register'));
    expect(steps.filter((s) => s.action === 'case.meeting.close')).toHaveLength(2);
    expect(steps.map((s) => s.action).filter((a) => !a.startsWith('case.meeting.')).slice(0, 7)).toEqual(['case.intake', 'case.accept', 'case.register', 'case.report_to_leader', 'case.appoint_team', 'case.start_investigation', 'case.record_finding']);
    expect(steps.at(-1)?.action).toBe('case.close');
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('WC track: a WC-5(3) source is registered by the legal-affairs section (WC-9(1)) and needs the wrong-case determination', async () => {
    const c = await makeCase(w, { source: 'wc5', tracks: ['WC'], to: 'closed' });
    const view = await getCase(w.ctx.clerk, c.caseId);
    expect(view.state).toBe('closed');
    expect(view.wc5).toMatchObject({ citation: 'WC-5(3)' });
    expect(view.wrongCase).toEqual({ isWrongCase: true, wc5Item: 3 });
    // No FL-16 clock on the wrong-case track alone.
    expect(view.deadlines.map((d) => d.kind)).not.toContain('handling');
  });

  it('both tracks: FL and WC faults recorded, FL-16 clock runs, closed', async () => {
    const c = await makeCase(w, { source: 'wc5', tracks: ['FL', 'WC'], to: 'closed' });
    const view = await getCase(w.ctx.clerk, c.caseId);
    expect(view.state).toBe('closed');
    expect(view.tracks).toEqual(['FL', 'WC']);
    expect(view.findings[0]?.faults).toEqual(['FL-7(3)', 'WC-6(4)']);
    expect(view.deadlines.map((d) => d.kind)).toContain('handling');
  });
});

describe.each(engines)('side steps (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-09-05T02:00:00.000Z');
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('WC-9(1): the clerk may reply to the reporter again at any stage; a WC-5 source has no reporter to reply to', async () => {
    const c = await makeCase(w, { to: 'investigating' });
    await performAction(w.ctx.clerk, c.caseId, 'reply', { expectedVersion: await versionOf(w, c.caseId), repliedOn: '2025-09-05', text: '您反映的问题正在调查中。' });
    const v = await getCase(w.ctx.clerk, c.caseId);
    expect(v.replies?.map((r) => r.kind)).toEqual(['accept', 'reply']);
    const wc = await makeCase(w, { source: 'wc5', tracks: ['WC'] });
    const err = await performAction(w.ctx.clerk, wc.caseId, 'reply', { expectedVersion: 1, repliedOn: '2025-09-05', text: 'x' }).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('the decision body may return the findings for further investigation; the FL-16 clock keeps running from the first start', async () => {
    const c = await makeCase(w, { to: 'findings_submitted', receivedOn: '2025-08-01', drive: { dates: { start_investigation: '2025-08-05', submit_findings: '2025-09-01' } } });
    await performAction(w.ctx.decider, c.caseId, 'return_for_investigation', { expectedVersion: await versionOf(w, c.caseId), reason: '证据不足，补充调查' });
    const v = await getCase(w.ctx.clerk, c.caseId);
    expect(v.state).toBe('investigating');
    expect(v.deadlines[0]).toMatchObject({ kind: 'handling', startDate: '2025-08-05', dueDate: '2025-10-04' });
    // A corrected finding supersedes the earlier one; both stay on record.
    await performAction(w.ctx.investigator, c.caseId, 'record_finding', {
      expectedVersion: await versionOf(w, c.caseId),
      subjectPersonId: w.fx.handler.id,
      faults: ['FL-7(5)'],
      culpability: 'gross_negligence',
      roleInOriginalCase: 'handler',
      circumstances: [],
      consequences: { harm: 'minor', influence: 'bad' },
      narrative: '补充调查后认定违反法定程序。',
    });
    const all = await findingHistory(w.ctx.clerk, c.caseId);
    expect(all.map((f) => f.faults)).toEqual([['FL-7(3)'], ['FL-7(5)']]);
    expect(all[0]!.supersededById).toBe(all[1]!.id);
    expect((await getCase(w.ctx.clerk, c.caseId)).findings.map((f) => f.id)).toEqual([all[1]!.id]);
    await expect(findingHistory(w.ctx.subject, c.caseId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('FL-8: a subject found during the investigation is added; a team member cannot become a subject (WC-9(2))', async () => {
    const c = await makeCase(w, { to: 'investigating' });
    await performAction(w.ctx.investigator, c.caseId, 'add_subject', { expectedVersion: await versionOf(w, c.caseId), personId: w.fx.finalApprover.id, note: '最后批准人失察（FL-8(2)）' });
    expect((await getCase(w.ctx.clerk, c.caseId)).subjects.map((s) => s.personId)).toEqual([w.fx.handler.id, w.fx.finalApprover.id]);
    const err = await performAction(w.ctx.clerk, c.caseId, 'add_subject', { expectedVersion: await versionOf(w, c.caseId), personId: w.investigatorPerson.id }).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'CONFLICT_OF_INTEREST' });
    // Findings are now due for both before submission.
    const v = await getCase(w.ctx.investigator, c.caseId);
    expect(v.allowedActions.find((a) => a.action === 'submit_findings')?.blocked).toBeDefined();
  });
});
