// WC-6: conduct for which wrong-case liability is pursued; WC-6(2) against the certificate register.
//   六、行政执法人员在履行行政执法职责过程中有下列行为之一的，应追究其责任：
import { describe, expect, it } from 'vitest';
import { evaluated, facts, handler, run, subject, traceOf, warningsOf, wrongCase } from '../../testing';

const fault = (f: string, over = {}) => run(wrongCase({ participants: [handler('H', { faults: [f], ...over })] }));
const fired = (f: string) => traceOf(fault(f), f, 'H')[0]?.outcome;

const cert = (status?: 'suspended' | 'revoked') => ({
  holderId: 'H',
  number: 'CQ-1',
  validFrom: '2020-01-01',
  validTo: '2025-12-31',
  ...(status ? { statusHistory: [{ status, from: '2021-01-01' }] } : {}),
});

describe('WC-6 faults', () => {
  it('WC-6: outside a wrong case its items are no basis (WC-2) and are removed with a warning', () => {
    const rec = run(facts({ participants: [handler('H', { faults: ['WC-6(4)', 'FL-7(3)'] })] }));
    expect(traceOf(rec, 'WC-6(4)', 'H')[0]?.outcome).toBe('not_applied');
    expect(subject(rec, 'H').faults).toEqual(['FL-7(3)']);
    expect(warningsOf(rec, 'WC-6(4)', 'H')[0]?.ruleIds).toEqual(['WC-6(4)', 'WC-2']);
  });

  it('WC-6(1): penalty beyond the department’s powers', () => {
    expect(fired('WC-6(1)')).toBe('fired');
  });

  it('WC-6(2): penalising without a certificate — derived from the register on the conduct date', () => {
    const rec = run(wrongCase({ certificates: [cert('revoked')], participants: [handler('H', { faults: ['FL-7(3)'] })] }));
    const h = subject(rec, 'H');
    expect(h.faults).toContain('WC-6(2)');
    expect(h.derived).toContain('WC-6(2)');
    expect(traceOf(rec, 'WC-6(2)', 'H')[0]?.outcome).toBe('derived');
  });

  it('WC-6(2): a typed value contradicted by the register is removed (the register prevails)', () => {
    const rec = run(wrongCase({ certificates: [cert()], participants: [handler('H', { faults: ['WC-6(2)', 'FL-7(3)'] })] }));
    expect(subject(rec, 'H').faults).not.toContain('WC-6(2)');
    expect(warningsOf(rec, 'WC-6(2)', 'H')[0]?.code).toBe('register_mismatch');
  });

  it('WC-6(2): without register data a typed value is taken as found, and the trace says it was not verified', () => {
    const rec = fault('WC-6(2)');
    expect(traceOf(rec, 'WC-6(2)', 'H').map((t) => t.outcome)).toEqual(['info', 'fired']);
  });

  it('WC-6(2): a certificate valid again after a suspension counts from that day', () => {
    const c = { ...cert(), statusHistory: [{ status: 'suspended' as const, from: '2021-01-01' }, { status: 'valid' as const, from: '2021-05-01' }] };
    const rec = run(wrongCase({ certificates: [c], participants: [handler('H')] }));
    expect(subject(rec, 'H').derived).not.toContain('WC-6(2)');
  });

  it('WC-6(3): statutory penalty procedure broken', () => {
    expect(fired('WC-6(3)')).toBe('fired');
  });

  it('WC-6(4): wrong legal basis applied', () => {
    expect(fired('WC-6(4)')).toBe('fired');
  });

  it('WC-6(5): no or insufficient evidence caused the wrong case', () => {
    expect(fired('WC-6(5)')).toBe('fired');
  });

  it('WC-6(6): unlawful compulsory measure harming the party', () => {
    expect(fired('WC-6(6)')).toBe('fired');
  });

  it('WC-6(7): private use of seized goods', () => {
    expect(fired('WC-6(7)')).toBe('fired');
  });

  it('WC-6(8): misuse of fine receipts or diversion of fines', () => {
    expect(fired('WC-6(8)')).toBe('fired');
  });

  it('WC-6(9): bribery, neglect of duty, bending the law — and a prompt to consider FL-12', () => {
    const rec = fault('WC-6(9)');
    expect(traceOf(rec, 'WC-6(9)', 'H')[0]?.outcome).toBe('fired');
    expect(warningsOf(rec, 'FL-12', 'H')[0]?.ruleIds).toEqual(['WC-6(9)', 'FL-12']);
  });

  it('WC-6(10): manifestly unfair penalty', () => {
    expect(fired('WC-6(10)')).toBe('fired');
  });

  it('WC-6(11): other conduct to be pursued', () => {
    expect(fired('WC-6(11)')).toBe('fired');
  });

  it('WC-6(6) with WC-2: an original case recorded as a compulsory measure (行政强制) keeps the wrong-case track and WC-6(6)', () => {
    const rec = evaluated(wrongCase({ originalCase: { kind: 'compulsory_measure' }, participants: [handler('H', { faults: ['WC-6(6)'], culpability: 'intent' })] }));
    expect(rec.wrongCase.trackApplies).toBe(true);
    expect(subject(rec, 'H').faults).toContain('WC-6(6)');
    expect(traceOf(rec, 'WC-6(6)', 'H')[0]?.outcome).toBe('fired');
  });
});
