// WC articles 1–5: purpose, scope (WC-2), competent body, principles, what is a wrong case (WC-5).
import { describe, expect, it } from 'vitest';
import { getRuleText } from '../../index';
import { facts, handler, run, subject, traceOf, warningsOf, wrongCase } from '../../testing';

const source = (s: string) => run(wrongCase({ wrongCase: { isWrongCase: true, source: s } }));

describe('WC-1 to WC-4', () => {
  it('WC-1: the purpose clause is accounted for as not encoded', () => {
    expect(getRuleText('WC-1')).toMatchObject({ disposition: 'not_encoded' });
  });

  it('WC-2: the wrong-case measure applies to a penalty or licensing case found wrong', () => {
    const rec = run(wrongCase());
    if (rec.status === 'no_rules_in_force') throw new Error();
    expect(rec.wrongCase).toEqual({ isWrongCase: true, source: 'WC-5(3)', trackApplies: true });
    expect(traceOf(rec, 'WC-2')[0]?.outcome).toBe('fired');
  });

  it('WC-2: it does not apply to other kinds of case, nor when no wrong case is found', () => {
    const inspection = run(wrongCase({ originalCase: { kind: 'inspection' } }));
    if (inspection.status === 'no_rules_in_force') throw new Error();
    expect(inspection.wrongCase.trackApplies).toBe(false);
    expect(warningsOf(inspection, 'WC-2')[0]?.code).toBe('precondition_not_met');
    const notWrong = run(facts());
    if (notWrong.status === 'no_rules_in_force') throw new Error();
    expect(notWrong.wrongCase.trackApplies).toBe(false);
    expect(traceOf(notWrong, 'WC-2')[0]?.outcome).toBe('info');
  });

  it('WC-3: the legal-affairs section owns the case (workflow guard)', () => {
    expect(getRuleText('WC-3')?.guard?.step).toBe('case.ownership');
  });

  it('WC-4: the lead-in to the principles is accounted for', () => {
    expect(getRuleText('WC-4')?.disposition).toBe('not_encoded');
  });

  it('WC-4(1): seek truth, correct every error — not encoded, with reason', () => {
    expect(getRuleText('WC-4(1)')?.reason?.zh).toBeTruthy();
  });

  it('WC-4(2): evidence and investigation — a workflow guard on the investigation step', () => {
    expect(getRuleText('WC-4(2)')?.guard?.step).toBe('investigation.evidence');
  });

  it('WC-4(3): the sanction fits the fault — the ordinary row of the range table cites it', () => {
    const h = subject(run(facts()), 'H');
    expect(h.forms?.citations[0]).toBe('WC-4(3)');
    expect(h.bandBasis).toEqual(['WC-4(3)']);
  });

  it('WC-4(4): punishment with education — not encoded, with reason', () => {
    expect(getRuleText('WC-4(4)')?.disposition).toBe('not_encoded');
  });
});

describe('WC-5 wrong cases', () => {
  it('WC-5: a wrong case needs one of the six sources; without one the wrong-case rules do not apply', () => {
    const rec = run(facts({ wrongCase: { isWrongCase: true } }));
    if (rec.status === 'no_rules_in_force') throw new Error();
    expect(rec.wrongCase.trackApplies).toBe(false);
    expect(warningsOf(rec, 'WC-5')[0]?.code).toBe('missing_data');
  });

  it('WC-5: a source not verified on investigation (经调查属实) is not a wrong case', () => {
    const rec = run(facts({ wrongCase: { isWrongCase: false, source: 'WC-5(1)' } }));
    expect(traceOf(rec, 'WC-5')[0]?.outcome).toBe('info');
  });

  it('WC-5(1): found wrong in enforcement supervision', () => {
    expect(traceOf(source('WC-5(1)'), 'WC-5(1)')[0]).toMatchObject({ outcome: 'fired', textZh: expect.stringContaining('执法监督') });
  });

  it('WC-5(2): a major penalty found wrong on superior review', () => {
    expect(traceOf(source('WC-5(2)'), 'WC-5(2)')[0]?.outcome).toBe('fired');
  });

  it('WC-5(3): revoked or changed by administrative reconsideration', () => {
    expect(traceOf(source('WC-5(3)'), 'WC-5(3)')[0]?.textZh).toContain('行政复议');
  });

  it('WC-5(4): revoked, changed or ordered redone by a final judgment', () => {
    expect(traceOf(source('WC-5(4)'), 'WC-5(4)')[0]?.textZh).toContain('终审判决');
  });

  it('WC-5(5): administrative compensation paid; a paid compensation prompts the question when no wrong case is found', () => {
    expect(traceOf(source('WC-5(5)'), 'WC-5(5)')[0]?.outcome).toBe('fired');
    const rec = run(facts({ consequences: { stateCompensation: { paid: true, amountYuan: 100 } }, participants: [handler('H', { culpability: 'intent' })] }));
    expect(warningsOf(rec, 'WC-5(5)')[0]?.code).toBe('human_judgement');
  });

  it('WC-5(6): found wrong by a superior enforcement agency', () => {
    expect(traceOf(source('WC-5(6)'), 'WC-5(6)')[0]?.outcome).toBe('fired');
  });

  it('WC-5: a source outside the six is rejected', () => {
    expect(() => run(facts({ wrongCase: { isWrongCase: true, source: 'WC-5(7)' } }))).toThrow(/WC-5\(7\)/);
  });
});
