import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { ACTION_DEFS, CASE_ACTIONS, CASE_STATES, type CaseAction, type CaseState } from '../../domain/cases';
import { AppError } from '../../errors';
import type { Ctx } from '../context';
import { performAction } from './commands';

/** A schema-valid input for every step (ids need not exist: the state check refuses first). */
const SAMPLE: Record<CaseAction, Record<string, unknown>> = {
  accept: { acceptedOn: '2025-09-01', reply: '已受理' },
  not_accept: { decidedOn: '2025-09-01', reason: '理由', reply: '答复' },
  transfer: { transferredOn: '2025-09-01', competentBody: '区城管局', reply: '答复' },
  register: { registeredOn: '2025-09-01' },
  decline_registration: { decidedOn: '2025-09-01', reason: '理由' },
  report_to_leader: { reportedOn: '2025-09-01' },
  appoint_team: { appointedOn: '2025-09-01', members: [{ userId: 'x' }] },
  start_investigation: { startedOn: '2025-09-01' },
  add_subject: { personId: 'x' },
  link_original_case: { originalCaseId: 'x' },
  record_evidence: { kind: 'statement', title: '陈述', source: '本人', collectedOn: '2025-09-01', textContent: '内容' },
  record_finding: { subjectPersonId: 'x', faults: [], culpability: 'none', roleInOriginalCase: 'other', circumstances: [], consequences: { harm: 'none', influence: 'none' }, narrative: '无' },
  submit_findings: { submittedOn: '2025-09-01', summary: '终结' },
  return_for_investigation: { reason: '补充' },
  decide: { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId: 'x', items: [{ subjectPersonId: 'x', noAccountability: true }] },
  notify: { subjectPersonId: 'x', notifiedOn: '2025-09-01', method: 'mail' },
  file_defence: { subjectPersonId: 'x', kind: 'defence', filedOn: '2025-09-01', statement: '申辩' },
  file_appeal: { subjectPersonId: 'x', filedOn: '2025-09-01', statement: '申诉', appealBody: 'supervision' },
  decide_appeal: { meetingId: 'x', appealId: 'x', outcome: 'upheld', decidedOn: '2025-09-01', reason: '维持' },
  refer_appeal: { appealId: 'x', sentOn: '2025-09-01', letterNo: '巴住建问移〔2025〕9号' },
  execute_supervision_decision: { appealId: 'x', executedOn: '2025-09-01' },
  start_execution: { startedOn: '2025-09-01' },
  complete_execution_item: { itemId: 'x', doneOn: '2025-09-01' },
  record_payment: { itemId: 'x', amountFen: 100, paidOn: '2025-09-01' },
  reply: { repliedOn: '2025-09-01', text: '答复' },
  close: { closedOn: '2025-09-01', summary: '结案' },
};

describe.each(engines)('refused transitions change nothing (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  const caseIn = new Map<CaseState, string>();
  let everyone: Ctx;

  beforeAll(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
    for (const state of CASE_STATES) caseIn.set(state, (await makeCase(w, { to: state })).caseId);
    // Every staff role at once: the refusal must come from the state, not the role.
    everyone = { ...w.ctx.clerk, actor: { ...w.ctx.clerk.actor, roles: ['clerk', 'leader', 'decider', 'investigator'] } };
  }, 120_000);
  afterAll(async () => t.close());

  it('every state × every action its state does not allow → TRANSITION_NOT_ALLOWED (or the step’s own code there, e.g. DEFENCE_PERIOD_OVER) naming the rule; no version bump, no audit row', async () => {
    let n = 0;
    for (const state of CASE_STATES) {
      const id = caseIn.get(state)!;
      const before = await t.deps.db.kysely.selectFrom('cases').select(['state', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(before.state).toBe(state);
      const auditBefore = (await t.deps.db.kysely.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq;
      for (const action of CASE_ACTIONS) {
        if (ACTION_DEFS[action].from.includes(state)) continue;
        const err = await performAction(everyone, id, action, { expectedVersion: before.version, ...SAMPLE[action] }).catch((e: unknown) => e);
        expect(err, `${state} × ${action}`).toBeInstanceOf(AppError);
        const e = err as AppError;
        const own = ACTION_DEFS[action].refusedIn;
        expect(e.code, `${state} × ${action}`).toBe(own?.states.includes(state) ? own.code : 'TRANSITION_NOT_ALLOWED');
        expect(e.status).toBe(409);
        expect(e.details?.citation).toBeTruthy();
        expect(e.zh).toContain(String(e.details?.citation));
        n++;
      }
      const after = await t.deps.db.kysely.selectFrom('cases').select(['state', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(after).toEqual(before);
      expect((await t.deps.db.kysely.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq).toBe(auditBefore);
    }
    expect(n).toBeGreaterThan(250);
  });
});
