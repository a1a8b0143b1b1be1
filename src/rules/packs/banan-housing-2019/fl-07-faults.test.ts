// FL-7: the faults for which fault liability is pursued.
//   七、执法人员有下列行为之一的，应当追究过错责任：
import { describe, expect, it } from 'vitest';
import { facts, handler, person, run, SERIOUS, subject, traceOf, warningsOf } from '../../testing';

const withFault = (fault: string, consequences = {}) =>
  run(facts({ consequences, participants: [handler('H', { faults: [fault] })] }));

describe('FL-7 faults', () => {
  it('FL-7: a person held under an FL-8 item that names their own conduct (the instructing leader, FL-8(4)) needs no FL-7 item — no warning', () => {
    const leader = person('L', { roles: [{ role: 'instructing_leader' }], culpability: 'intent' });
    const rec = run(facts({ errorOrigins: [], participants: [handler('A'), leader] }));
    expect(subject(rec, 'L').responsibility).toBe('accountable');
    expect(warningsOf(rec, 'FL-7', 'L')).toHaveLength(0);
    expect(warningsOf(rec, 'FL-7', 'A')).toHaveLength(0);
  });

  it('FL-7(1): abuse of power is recorded and prompts a check whether a crime is suspected (FL-12)', () => {
    const rec = withFault('FL-7(1)');
    expect(traceOf(rec, 'FL-7(1)', 'H')[0]?.outcome).toBe('fired');
    expect(warningsOf(rec, 'FL-12', 'H')[0]?.code).toBe('human_judgement');
  });

  it('FL-7(2): indiscriminate penalties count only with serious consequences or bad influence', () => {
    const none = withFault('FL-7(2)');
    expect(traceOf(none, 'FL-7(2)', 'H')[0]?.outcome).toBe('not_applied');
    expect(subject(none, 'H').faults).not.toContain('FL-7(2)');
    expect(warningsOf(none, 'FL-7(2)', 'H')[0]?.code).toBe('precondition_not_met');
    const bad = withFault('FL-7(2)', { badInfluence: true });
    expect(traceOf(bad, 'FL-7(2)', 'H')[0]?.outcome).toBe('fired');
    expect(subject(bad, 'H').faults).toContain('FL-7(2)');
  });

  it('FL-7(3): facts unclear and main evidence lacking is recorded with its text', () => {
    const rec = withFault('FL-7(3)');
    expect(traceOf(rec, 'FL-7(3)', 'H')[0]).toMatchObject({ outcome: 'fired', textZh: expect.stringContaining('主要证据不足') });
  });

  it('FL-7(4): wrong application of law needs adverse consequences', () => {
    expect(traceOf(withFault('FL-7(4)'), 'FL-7(4)', 'H')[0]?.outcome).toBe('not_applied');
    expect(traceOf(withFault('FL-7(4)', { adverse: true }), 'FL-7(4)', 'H')[0]?.outcome).toBe('fired');
  });

  it('FL-7(5): breach of statutory procedure needs adverse consequences (serious ones imply them)', () => {
    expect(traceOf(withFault('FL-7(5)'), 'FL-7(5)', 'H')[0]?.outcome).toBe('not_applied');
    expect(traceOf(withFault('FL-7(5)', SERIOUS), 'FL-7(5)', 'H')[0]?.outcome).toBe('fired');
  });

  it('FL-7(6): failing to perform a duty needs adverse consequences (bad influence implies them)', () => {
    expect(traceOf(withFault('FL-7(6)'), 'FL-7(6)', 'H')[0]?.outcome).toBe('not_applied');
    expect(traceOf(withFault('FL-7(6)', { badInfluence: true }), 'FL-7(6)', 'H')[0]?.outcome).toBe('fired');
  });

  it('FL-7(7): retaliation against a reporter is recorded as the fault (not also as the FL-10(3) aggravation)', () => {
    const rec = withFault('FL-7(7)', SERIOUS);
    expect(traceOf(rec, 'FL-7(7)', 'H')[0]?.outcome).toBe('fired');
    expect(subject(rec, 'H').treatment).toBe('normal');
  });

  it('FL-7(8): other violations are recorded', () => {
    expect(traceOf(withFault('FL-7(8)'), 'FL-7(8)', 'H')[0]?.outcome).toBe('fired');
  });

  it('FL-7: an unknown item is rejected, not ignored', () => {
    expect(() => withFault('FL-7(9)')).toThrow(/FL-7\(9\)/);
  });
});
