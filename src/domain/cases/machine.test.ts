import { describe, expect, it } from 'vitest';
import { ACTION_DEFS, CASE_ACTIONS, type ActorFacts, type CaseFacts } from './actions';
import { allowedActions, checkTransition, waitingActorships } from './machine';
import { CASE_STATES, TERMINAL_STATES } from './states';

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  state: 'intake',
  source: 'report',
  tracks: ['FL'],
  subjectPersonIds: ['p-subject'],
  teamUserIds: ['u-inv'],
  findingSubjectIds: [],
  decisionSubjectIds: [],
  notifiedSubjectIds: [],
  pendingAppeals: 0,
  unreferredAppeals: 0,
  openExecutionItems: 0,
  ...over,
});
const clerk: ActorFacts = { userId: 'u-clerk', roles: ['clerk'], personId: null };
const decider: ActorFacts = { userId: 'u-dec', roles: ['decider'], personId: null };
const investigator: ActorFacts = { userId: 'u-inv', roles: ['investigator'], personId: 'p-inv' };
const outsider: ActorFacts = { userId: 'u-other', roles: ['investigator'], personId: 'p-other' };
const subject: ActorFacts = { userId: 'u-sub', roles: ['subject'], personId: 'p-subject' };

describe('case state machine', () => {
  it('every state × action not listed in ACTION_DEFS.from is refused with TRANSITION_NOT_ALLOWED (or the step’s own code there) citing the rule', () => {
    let refused = 0;
    for (const state of CASE_STATES) {
      for (const action of CASE_ACTIONS) {
        if (ACTION_DEFS[action].from.includes(state)) continue;
        const r = checkTransition(facts({ state }), action, clerk);
        expect(r.ok, `${state} × ${action}`).toBe(false);
        if (!r.ok) {
          const own = ACTION_DEFS[action].refusedIn;
          expect(r.code).toBe(own?.states.includes(state) ? own.code : 'TRANSITION_NOT_ALLOWED');
          expect(r.zh).toContain(r.citation);
        }
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(200);
  });

  it('terminal states allow nothing but a further reply to the reporter (and, WC-11, the served subject’s appeal after closure)', () => {
    for (const state of TERMINAL_STATES) {
      expect(allowedActions(facts({ state }), clerk).map((a) => a.action)).toEqual(['reply']);
    }
  });

  it('FL-15: on the FL track only the decision body registers; a clerk gets TRANSITION_ROLE', () => {
    const r = checkTransition(facts({ state: 'accepted' }), 'register', clerk);
    expect(r).toMatchObject({ ok: false, code: 'TRANSITION_ROLE', citation: 'FL-15' });
    expect(checkTransition(facts({ state: 'accepted' }), 'register', decider).ok).toBe(true);
  });

  it('WC-9(1): on the WC track alone the legal-affairs section registers the case itself', () => {
    const r = checkTransition(facts({ state: 'accepted', tracks: ['WC'] }), 'register', clerk);
    expect(r).toMatchObject({ ok: true, citation: 'WC-9(1)' });
  });

  it('WC-9(2): only members of this case’s team record evidence', () => {
    const f = facts({ state: 'investigating' });
    expect(checkTransition(f, 'record_evidence', investigator).ok).toBe(true);
    expect(checkTransition(f, 'record_evidence', outsider)).toMatchObject({ ok: false, code: 'TRANSITION_ROLE' });
  });

  it('WC-9(3): findings cannot be submitted while a subject has no finding', () => {
    const f = facts({ state: 'investigating', findingSubjectIds: [] });
    expect(checkTransition(f, 'submit_findings', investigator)).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED', citation: 'WC-9(3)' });
    expect(checkTransition({ ...f, findingSubjectIds: ['p-subject'] }, 'submit_findings', investigator).ok).toBe(true);
  });

  it('WC-11: after closure the served subject may appeal (申诉) — a 陈述申辩 is refused with DEFENCE_PERIOD_OVER; the closed case waits on nobody for it', () => {
    const f = facts({ state: 'closed', decisionSubjectIds: ['p-subject'], notifiedSubjectIds: ['p-subject'] });
    expect(checkTransition(f, 'file_appeal', subject).ok).toBe(true);
    expect(checkTransition(f, 'file_appeal', { ...subject, personId: 'p-x' })).toMatchObject({ ok: false, code: 'TRANSITION_ROLE' });
    expect(checkTransition(f, 'file_defence', subject)).toMatchObject({ ok: false, code: 'DEFENCE_PERIOD_OVER', citation: 'WC-11' });
    expect(allowedActions(f, subject).map((a) => a.action)).toEqual(['file_appeal']);
    expect(waitingActorships(f)).toEqual([]);
    // the appeal then goes to the outside body and its decision is executed, the case still closed
    expect(checkTransition({ ...f, pendingAppeals: 1, unreferredAppeals: 1 }, 'refer_appeal', clerk).ok).toBe(true);
    expect(checkTransition({ ...f, pendingAppeals: 1 }, 'execute_supervision_decision', clerk).ok).toBe(true);
  });

  it('WC-11: a 申诉 recorded and not yet sent to the outside body makes the case wait on the clerk to refer it — closed or under execution; once sent it waits on nobody for it', () => {
    const served = { decisionSubjectIds: ['p-subject'], notifiedSubjectIds: ['p-subject'] };
    const closed = facts({ state: 'closed', ...served, pendingAppeals: 1, unreferredAppeals: 1 });
    expect(waitingActorships(closed)).toEqual(['clerk']);
    expect(allowedActions(closed, subject).map((a) => a.action)).toEqual(['file_appeal']);
    // sent: the outside body has it (the pending count stays until its decision is executed)
    expect(waitingActorships({ ...closed, unreferredAppeals: 0 })).toEqual([]);
    expect(checkTransition({ ...closed, unreferredAppeals: 0 }, 'refer_appeal', clerk)).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED', citation: 'WC-11' });
    // under execution with nothing else left for the clerk (closure waits on the appeal), the appeal still waits on him
    const executing = facts({ state: 'executing', ...served, pendingAppeals: 1, unreferredAppeals: 1, unexecutedSubjectIds: [] });
    expect(waitingActorships(executing)).toContain('clerk');
    expect(waitingActorships({ ...executing, unreferredAppeals: 0 })).not.toContain('clerk');
  });

  it('WC-11: the subject may state a defence in own case once served; another subject may not', () => {
    const f = facts({ state: 'notified', decisionSubjectIds: ['p-subject'], notifiedSubjectIds: ['p-subject'] });
    expect(checkTransition(f, 'file_defence', subject).ok).toBe(true);
    expect(checkTransition(f, 'file_defence', { ...subject, personId: 'p-x' }).ok).toBe(false);
  });

  it('allowed actions list exactly the steps that pass the guard, with citation and input schema', () => {
    const list = allowedActions(facts({ state: 'investigating' }), investigator);
    expect(list.map((a) => a.action)).toEqual(['add_subject', 'record_evidence', 'record_finding']);
    expect(list[1]).toMatchObject({ labelZh: '登记证据', citation: 'WC-9(2)', needs: 'EvidenceInput' });
    const withBlocked = allowedActions(facts({ state: 'investigating' }), investigator, { includeBlocked: true });
    expect(withBlocked.find((a) => a.action === 'submit_findings')?.blocked?.citation).toBe('WC-9(3)');
  });

  it('FL-13: recording a payment is offered only while a compensation recovery is open (not for 批评教育 or other open items)', () => {
    expect(checkTransition(facts({ state: 'executing', openExecutionItems: 2, openRecoveryItems: 0 }), 'record_payment', clerk)).toMatchObject({ code: 'PRECONDITION_FAILED', citation: 'FL-13' });
    expect(allowedActions(facts({ state: 'executing', openExecutionItems: 2, openRecoveryItems: 0 }), clerk).map((a) => a.action)).not.toContain('record_payment');
    expect(checkTransition(facts({ state: 'executing', openExecutionItems: 2, openRecoveryItems: 1 }), 'record_payment', clerk).ok).toBe(true);
  });

  it('FL-13 / WC-11: a case cannot close with open execution items or pending appeals', () => {
    expect(checkTransition(facts({ state: 'executing', openExecutionItems: 1 }), 'close', clerk)).toMatchObject({ code: 'PRECONDITION_FAILED', citation: 'FL-13' });
    expect(checkTransition(facts({ state: 'executing', pendingAppeals: 1 }), 'close', clerk)).toMatchObject({ code: 'PRECONDITION_FAILED', citation: 'WC-11' });
    expect(checkTransition(facts({ state: 'executing' }), 'close', clerk).ok).toBe(true);
  });
});
