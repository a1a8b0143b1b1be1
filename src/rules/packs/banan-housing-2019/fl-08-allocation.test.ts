// FL-8: who answers, by role in the original enforcement case.
//   八、追究行政执法人员执法过错责任应当分清主要责任人和直接责任人，并分别追究其过错责任。
import { describe, expect, it } from 'vitest';
import { approver, evaluated, facts, handler, member, person, run, SERIOUS, subject, traceOf, warningsOf, wrongCase } from '../../testing';

describe('FL-8 allocation', () => {
  it('FL-8: each person is allocated separately; a person no item names is not held responsible', () => {
    const rec = run(facts({ participants: [handler('H'), person('X', { roles: [] })] }));
    expect(subject(rec, 'H').responsibility).toBe('accountable');
    const x = subject(rec, 'X');
    expect(x.responsibility).toBe('none');
    expect(x.responsibilityBasis).toEqual(['FL-8']);
    expect(x.forms).toBeNull();
    expect(traceOf(rec, 'FL-8', 'X')[0]?.outcome).toBe('info');
  });

  it('FL-8: a person with faults whom no item names is flagged for human judgement', () => {
    const rec = run(facts({ participants: [handler('H'), person('X', { faults: ['FL-7(8)'], culpability: 'negligence' })] }));
    expect(subject(rec, 'X').responsibility).toBe('none');
    expect(warningsOf(rec, 'FL-8', 'X')[0]?.code).toBe('human_judgement');
  });

  it('FL-8(1): the handler who erred by intent or negligence is held accountable', () => {
    const rec = run(facts());
    const h = subject(rec, 'H');
    expect(h.responsibility).toBe('accountable');
    expect(h.responsibilityBasis).toEqual(['FL-8(1)']);
    expect(traceOf(rec, 'FL-8(1)', 'H')[0]).toMatchObject({ outcome: 'fired', textZh: expect.stringContaining('承办人故意或者过失') });
  });

  it('FL-8(1): a missing handler is reported as missing data', () => {
    const rec = run(facts({ participants: [person('X')] }));
    expect(warningsOf(rec, 'FL-8(1)')[0]?.code).toBe('missing_data');
  });

  it("FL-8(2): the approver who failed to catch the handler's wrong opinion is primarily responsible, the handler as appropriate", () => {
    const rec = run(facts({ errorOrigins: ['approval_oversight'], participants: [handler('A'), approver('B', 1)] }));
    expect(subject(rec, 'B')).toMatchObject({ responsibility: 'primary', responsibilityBasis: ['FL-8(2)'] });
    expect(subject(rec, 'A')).toMatchObject({ responsibility: 'as_appropriate', responsibilityBasis: ['FL-8(2)'] });
  });

  it('FL-8(2): with several approval levels the last approver is primary, earlier approvers and the handler as appropriate', () => {
    const rec = run(
      facts({
        errorOrigins: ['approval_oversight'],
        participants: [handler('A'), approver('L1', 1), approver('L2', 2), approver('L3', 3)],
      }),
    );
    expect(subject(rec, 'L3').responsibility).toBe('primary');
    expect(subject(rec, 'L2').responsibility).toBe('as_appropriate');
    expect(subject(rec, 'L1').responsibility).toBe('as_appropriate');
    expect(subject(rec, 'A').responsibility).toBe('as_appropriate');
    expect(traceOf(rec, 'FL-8(2)', 'L3')[0]?.zh).toContain('最后批准人');
  });

  it('FL-8(2) over FL-8(1) is an exception in the pack: the handler is held as appropriate and FL-8(1) is shown overridden', () => {
    const rec = run(facts({ errorOrigins: ['handler', 'approval_oversight'], participants: [handler('A'), approver('B', 1)] }));
    expect(subject(rec, 'A')).toMatchObject({ responsibility: 'as_appropriate', responsibilityBasis: ['FL-8(2)'] });
    expect(traceOf(rec, 'FL-8(1)', 'A').some((t) => t.outcome === 'overridden' && t.zh.includes('例外'))).toBe(true);
    expect(rec.warnings.filter((w) => w.code === 'inconsistent_findings')).toEqual([]);
  });

  it('FL-8(1): a handler with his own recorded fault is held whatever the case-wide origins say', () => {
    const rec = run(facts({ errorOrigins: [], participants: [handler('H')] }));
    expect(subject(rec, 'H')).toMatchObject({ responsibility: 'accountable', responsibilityBasis: ['FL-8(1)'] });
  });

  it('FL-8(1): a handler with no fault of his own is not held under it', () => {
    const rec = run(facts({ errorOrigins: [], participants: [handler('H', { faults: [] })] }));
    expect(subject(rec, 'H').responsibility).toBe('none');
    expect(traceOf(rec, 'FL-8(1)', 'H')[0]?.outcome).toBe('not_applied');
  });

  it('FL-8: origins that disagree with the findings are warned about, both ways; the findings prevail', () => {
    const rec = run(facts({ errorOrigins: ['leader_instruction'], participants: [handler('H')] }));
    expect(subject(rec, 'H').responsibility).toBe('accountable');
    const codes = rec.warnings.filter((w) => w.code === 'inconsistent_findings').map((w) => w.ruleIds[0]);
    expect(codes).toEqual(expect.arrayContaining(['FL-8(4)', 'FL-8(1)']));
  });

  it('FL-8: a participant of the original case with no finding (subject=false) is context only, never recommended for', () => {
    const rec = run(facts({ errorOrigins: [], participants: [handler('A'), approver('B', 1, { subject: false, faults: [], culpability: undefined })] }));
    expect(subject(rec, 'B')).toMatchObject({ responsibility: 'none', forms: null });
    // Nobody found that B failed to catch the error: FL-8(2) does not apply, the handler answers under FL-8(1).
    expect(subject(rec, 'A')).toMatchObject({ responsibility: 'accountable', responsibilityBasis: ['FL-8(1)'] });
  });

  it('FL-8(2): two approvers sharing the last level are both primary and flagged', () => {
    const rec = run(facts({ errorOrigins: ['approval_oversight'], participants: [handler('A'), approver('B', 2), approver('C', 2)] }));
    expect(subject(rec, 'B').responsibility).toBe('primary');
    expect(subject(rec, 'C').responsibility).toBe('primary');
    expect(warningsOf(rec, 'FL-8(2)').map((w) => w.code)).toContain('human_judgement');
  });

  it('FL-8(2): a subject held only as appropriate gets the lower bound widened to criticism and education', () => {
    const rec = run(facts({ errorOrigins: ['approval_oversight'], consequences: SERIOUS, participants: [handler('A'), approver('B', 1)] }));
    const b = subject(rec, 'B');
    const a = subject(rec, 'A');
    expect(b.forms?.min?.id).toBe('no_assessment_delayed_promotion');
    expect(a.forms?.min?.id).toBe('criticism_education');
    expect(a.forms?.max?.id).toBe(b.forms?.max?.id);
    expect(a.forms?.citations).toContain('FL-8(2)');
  });

  it('FL-8(3): the chair and those who insisted are held accountable; a dissenter is not; a silent member is not named and is flagged', () => {
    const rec = run(
      facts({
        originalCase: { kind: 'licence' },
        errorOrigins: ['collective_decision'],
        participants: [
          member('C', 'agreed', { chair: true, faults: ['FL-7(3)'], culpability: 'negligence' }),
          member('D', 'insisted', { faults: ['FL-7(3)'], culpability: 'negligence' }),
          member('E', 'dissented'),
          member('F', 'silent'),
        ],
      }),
    );
    expect(subject(rec, 'C').responsibility).toBe('accountable');
    expect(subject(rec, 'D').responsibility).toBe('accountable');
    expect(subject(rec, 'E')).toMatchObject({ responsibility: 'none', responsibilityBasis: ['FL-8(3)'] });
    expect(subject(rec, 'F')).toMatchObject({ responsibility: 'none', responsibilityBasis: ['FL-8(3)'] });
    expect(warningsOf(rec, 'FL-8(3)', 'F')[0]?.code).toBe('human_judgement');
    expect(warningsOf(rec, 'FL-8(3)', 'E')).toHaveLength(0);
  });

  it('FL-8(3): a member who agreed but did not insist is not named by the item and is flagged', () => {
    const rec = run(facts({ errorOrigins: ['collective_decision'], participants: [member('C', 'agreed', { chair: true }), member('G', 'agreed')] }));
    expect(subject(rec, 'G').responsibility).toBe('none');
    expect(warningsOf(rec, 'FL-8(3)', 'G')[0]?.code).toBe('human_judgement');
  });

  it('FL-8(3): a chair who dissented on record is still named, and flagged for human judgement', () => {
    const rec = run(facts({ errorOrigins: ['collective_decision'], participants: [member('C', 'dissented', { chair: true }), member('D', 'insisted')] }));
    expect(subject(rec, 'C').responsibility).toBe('accountable');
    expect(warningsOf(rec, 'FL-8(3)', 'C')[0]?.code).toBe('human_judgement');
  });

  it('FL-8(3): dissent in the deliberation does not clear a person who also approved last', () => {
    const p = person('B', { roles: [{ role: 'approver', level: 1 }, { role: 'collective_member', opinion: 'dissented' }] });
    const rec = run(facts({ errorOrigins: ['approval_oversight', 'collective_decision'], participants: [handler('A'), p, member('C', 'insisted', { chair: true })] }));
    expect(subject(rec, 'B').responsibility).toBe('primary');
  });

  it('FL-8(4): the leader who suggested or directed the handler to break the law is held accountable', () => {
    const leader = person('L', { roles: [{ role: 'instructing_leader' }], faults: ['FL-7(1)'], culpability: 'intent' });
    const rec = run(facts({ errorOrigins: ['leader_instruction'], participants: [handler('H', { faults: [] }), leader] }));
    expect(subject(rec, 'L')).toMatchObject({ responsibility: 'accountable', responsibilityBasis: ['FL-8(4)'] });
    expect(subject(rec, 'H').responsibility).toBe('none');
  });

  it('FL-8(4) with FL-8(1): a handler with his own fault under an instructing leader is still held under FL-8(1)', () => {
    const leader = person('L', { roles: [{ role: 'instructing_leader' }], faults: ['FL-7(1)'], culpability: 'intent' });
    const rec = run(facts({ errorOrigins: ['leader_instruction'], participants: [handler('H'), leader] }));
    expect(subject(rec, 'L')).toMatchObject({ responsibility: 'accountable', responsibilityBasis: ['FL-8(4)'] });
    expect(subject(rec, 'H')).toMatchObject({ responsibility: 'accountable', responsibilityBasis: ['FL-8(1)'] });
    expect(traceOf(rec, 'FL-8(4)', 'H')[0]?.outcome).toBe('info');
  });

  it('FL-8(4): a person named in two capacities (leader and last approver) answers at the higher level', () => {
    const lp = person('L', { roles: [{ role: 'instructing_leader' }, { role: 'approver', level: 2 }] });
    const rec = run(facts({ errorOrigins: ['leader_instruction', 'approval_oversight'], participants: [handler('H'), lp] }));
    expect(subject(rec, 'L').responsibility).toBe('primary');
    expect(subject(rec, 'L').responsibilityBasis).toEqual(['FL-8(2)']);
  });

  const suspended = (holderId: string) => ({
    holderId,
    number: `CQ-${holderId}`,
    validFrom: '2020-01-01',
    validTo: '2025-12-31',
    statusHistory: [{ status: 'suspended' as const, from: '2021-05-01' }],
  });
  const assigner = person('S', { roles: [{ role: 'assigner', assignedIds: ['H'] }], culpability: 'negligence' });

  it('FL-8(5): an assigner without a finding of their own lack of care is not presumed liable; a warning says what is missing', () => {
    const bare = person('S', { roles: [{ role: 'assigner', assignedIds: ['H'] }] });
    const rec = run(facts({ errorOrigins: [], certificates: [suspended('H')], participants: [handler('H'), bare] }));
    expect(subject(rec, 'S').responsibility).toBe('none');
    expect(warningsOf(rec, 'FL-8(5)', 'S')[0]).toMatchObject({ code: 'missing_data', zh: expect.stringContaining('用人失职') });
  });

  it('FL-8(5)/WC-6(2): with no register and no finding on qualification the engine says it cannot check (a note)', () => {
    const rec = run(facts({ errorOrigins: [], participants: [handler('H')] }));
    const w = warningsOf(rec, 'WC-6(2)')[0];
    expect(w).toMatchObject({ code: 'missing_data', severity: 'note', ruleIds: ['FL-8(5)', 'WC-6(2)'] });
  });

  it('FL-8(5): whoever assigned an officer with no valid certificate on the conduct date is held accountable (register)', () => {
    const rec = run(facts({ errorOrigins: [], certificates: [suspended('H')], participants: [handler('H'), assigner] }));
    expect(subject(rec, 'S')).toMatchObject({ responsibility: 'accountable', responsibilityBasis: ['FL-8(5)'] });
    expect(traceOf(rec, 'FL-8(5)', 'H')[0]?.outcome).toBe('derived');
  });

  it('FL-8(5): the register prevails over a typed origin when every handler was qualified', () => {
    const valid = { holderId: 'H', number: 'CQ-H', validFrom: '2020-01-01', validTo: '2025-12-31' };
    const rec = run(facts({ errorOrigins: ['unqualified_enforcement'], certificates: [valid], participants: [handler('H'), assigner] }));
    expect(subject(rec, 'S').responsibility).toBe('none');
    expect(warningsOf(rec, 'FL-8(5)')[0]?.code).toBe('register_mismatch');
  });

  it('FL-8(5): an expired certificate is no qualification; an assigner missing is reported', () => {
    const expired = { holderId: 'H', number: 'CQ-H', validFrom: '2018-01-01', validTo: '2020-12-31' };
    const rec = run(facts({ errorOrigins: [], certificates: [expired], participants: [handler('H')] }));
    expect(warningsOf(rec, 'FL-8(5)')[0]?.code).toBe('missing_data');
  });

  it('FL-8(5): without register data the typed origin names every recorded assigner', () => {
    const rec = run(facts({ errorOrigins: ['unqualified_enforcement'], participants: [handler('H'), assigner] }));
    expect(subject(rec, 'S').responsibility).toBe('accountable');
  });

  it('FL-8(5): in a wrong case the unqualified enforcer also answers personally under WC-6(2)', () => {
    const rec = run(wrongCase({ errorOrigins: [], certificates: [suspended('H')], participants: [handler('H'), assigner] }));
    expect(subject(rec, 'S').responsibility).toBe('accountable');
    // Every rule that grounds it is named: his own FL-7(3) fault (FL-8(1)) and WC-6(2).
    expect(subject(rec, 'H').responsibility).toBe('accountable');
    expect(subject(rec, 'H').responsibilityBasis).toEqual(expect.arrayContaining(['WC-6(2)', 'FL-8(1)']));
  });

  it('FL-8(6): the directly responsible person for a duty not performed, with adverse consequences, is held accountable', () => {
    const d = person('D', { roles: [{ role: 'direct_responsible' }], faults: ['FL-7(6)'], culpability: 'negligence' });
    const rec = run(facts({ errorOrigins: ['non_performance'], consequences: { adverse: true }, participants: [d] }));
    expect(subject(rec, 'D')).toMatchObject({ responsibility: 'accountable', responsibilityBasis: ['FL-8(6)'] });
  });

  it('FL-8(6): without bad influence or adverse consequences the item does not apply', () => {
    const d = person('D', { roles: [{ role: 'direct_responsible' }], culpability: 'negligence' });
    const rec = evaluated(facts({ errorOrigins: ['non_performance'], participants: [d] }));
    expect(subject(rec, 'D').responsibility).toBe('none');
    expect(traceOf(rec, 'FL-8(6)')[0]?.outcome).toBe('not_applied');
  });

  it('FL-8(2): no "no fault item" warning for an approver held for the oversight FL-8(2) itself names (the pack declares the roles)', () => {
    const rec = run(facts({ errorOrigins: [], participants: [handler('A'), approver('B', 1, { faults: [], culpability: 'negligence' })] }));
    expect(subject(rec, 'B').responsibility).toBe('primary');
    expect(warningsOf(rec, 'FL-7', 'B')).toEqual([]);
  });
});
