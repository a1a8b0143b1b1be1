// FL articles 1–6: purpose, definition (FL-2), scope (FL-3), reporting, principles, forms.
import { describe, expect, it } from 'vitest';
import { getRuleText } from '../../index';
import { approver, facts, formIds, handler, person, run, SERIOUS, subject, traceOf, warningsOf, wrongCase } from '../../testing';

const provision = (id: string) => {
  const t = getRuleText(id, { packId: 'banan-housing-2019' });
  if (!t) throw new Error(`no ${id}`);
  return t;
};

describe('FL-1 to FL-5', () => {
  it('FL-1: the purpose clause is accounted for as not encoded, with its reason', () => {
    const t = provision('FL-1');
    expect(t.disposition).toBe('not_encoded');
    expect(t.reason?.zh).toContain('立法目的');
    expect(t.textZh).toContain('制定本办法');
  });

  it('FL-2: a person found without intent or negligence bears no fault liability, whatever FL-8 says', () => {
    // FL-8(2) names the last approver B; B is found without intent or negligence.
    const rec = run(facts({ errorOrigins: [], participants: [handler('H'), approver('B', 1, { faults: [], culpability: 'none' })] }));
    const b = subject(rec, 'B');
    expect(b.responsibility).toBe('none');
    expect(b.responsibilityBasis).toEqual(['FL-2']);
    expect(traceOf(rec, 'FL-8(2)', 'B')[0]?.outcome).toBe('fired');
    expect(traceOf(rec, 'FL-8(2)', 'B').some((t) => t.outcome === 'overridden')).toBe(true);
  });

  it('FL-2: fault items recorded together with "no intent or negligence" are inconsistent findings', () => {
    const rec = run(facts({ participants: [handler('H', { culpability: 'none' })] }));
    expect(warningsOf(rec, 'FL-2', 'H')[0]?.code).toBe('inconsistent_findings');
  });

  it('FL-3: a participant who is not enforcement staff is outside the measure', () => {
    const rec = run(facts({ participants: [handler('H', { enforcementStaff: false })] }));
    expect(subject(rec, 'H')).toMatchObject({ responsibility: 'none', responsibilityBasis: ['FL-3'] });
  });

  it('FL-4: reporting is a workflow guard on the intake step', () => {
    const t = provision('FL-4');
    expect(t.disposition).toBe('workflow_guard');
    expect(t.guard?.step).toBe('intake.report');
  });

  it('FL-5: the lead-in to the principles is accounted for', () => {
    expect(provision('FL-5').disposition).toBe('not_encoded');
  });

  it('FL-5(1): fact-finding is left to people (not encoded, with reason)', () => {
    expect(provision('FL-5(1)')).toMatchObject({ disposition: 'not_encoded' });
  });

  it('FL-5(2): every recorded fault appears in the trace — none is silently dropped', () => {
    expect(provision('FL-5(2)').disposition).toBe('not_encoded');
    const rec = run(facts({ participants: [handler('H', { faults: ['FL-7(3)', 'FL-7(8)', 'FL-7(5)'] })] }));
    for (const f of ['FL-7(3)', 'FL-7(8)', 'FL-7(5)']) expect(traceOf(rec, f, 'H')).toHaveLength(1);
  });

  it('FL-5(3): own responsibility is realised by FL-8 (not encoded separately)', () => {
    expect(provision('FL-5(3)').reason?.en).toContain('FL-8');
  });

  it('FL-5(4): collective decision and publication are a workflow guard on the decision step', () => {
    expect(provision('FL-5(4)').guard?.step).toBe('decision.collective');
  });

  it('FL-5(5): education with discipline — the ladder starts with criticism and education', () => {
    expect(provision('FL-5(5)').disposition).toBe('not_encoded');
    expect(formIds(subject(run(facts()), 'H'))[0]).toBe('criticism_education');
  });
});

describe('FL-6 forms on the ladder', () => {
  it('FL-6: the forms are one ordered ladder shown with every range', () => {
    const h = subject(run(facts()), 'H');
    expect(h.forms?.permitted.map((f) => f.rung)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(provision('FL-6').disposition).toBe('rule');
  });

  it('FL-6(1): criticism and education (rung 1) and the notice of criticism (rung 3) cite it', () => {
    const forms = subject(run(facts()), 'H').forms!.permitted;
    expect(forms.find((f) => f.id === 'criticism_education')?.citations).toContain('FL-6(1)');
    expect(forms.find((f) => f.id === 'notice_of_criticism')).toMatchObject({ rung: 3, citations: expect.arrayContaining(['FL-6(1)', 'WC-10(2)']) });
  });

  it('FL-6(2): the written self-examination is rung 2, below the public notice', () => {
    const forms = subject(run(facts()), 'H').forms!.permitted;
    expect(forms.find((f) => f.id === 'written_self_examination')).toMatchObject({ rung: 2, citations: expect.arrayContaining(['FL-6(2)', 'WC-10(1)']) });
  });

  it('FL-6(3): suspension from duty is rung 6, available in an ordinary case', () => {
    const h = subject(run(facts()), 'H');
    expect(h.forms?.max).toMatchObject({ id: 'suspension', rung: 6, citations: expect.arrayContaining(['FL-6(3)', 'WC-10(4)']) });
  });

  it('FL-6(4): removal from the enforcement post is rung 7, available when consequences are serious', () => {
    const h = subject(run(facts({ consequences: SERIOUS })), 'H');
    expect(h.forms?.max).toMatchObject({ id: 'removal_from_post', rung: 7 });
  });

  it('FL-6(5): a disciplinary sanction (rung 8) is reached with heavier treatment of a serious case', () => {
    const h = subject(run(wrongCase({ consequences: SERIOUS, participants: [handler('H', { circumstances: ['WC-8'] })] })), 'H');
    expect(h.forms?.max).toMatchObject({ id: 'disciplinary_sanction', rung: 8, citations: expect.arrayContaining(['FL-6(5)', 'WC-10(6)']) });
  });

  it('FL-6(6): transfer to the judicial organs (rung 9) only when a crime is suspected', () => {
    expect(formIds(subject(run(facts({ consequences: SERIOUS })), 'H'))).not.toContain('judicial_transfer');
    const h = subject(run(facts({ participants: [handler('H', { crimeSuspected: true })] })), 'H');
    expect(h.forms?.max).toMatchObject({ id: 'judicial_transfer', rung: 9, citations: expect.arrayContaining(['FL-6(6)', 'FL-12']) });
  });

  it('FL-6: a person held by nobody gets no forms at all', () => {
    expect(subject(run(facts({ participants: [handler('H'), person('X')] })), 'X').forms).toBeNull();
  });

  it('FL-3: a person marked as not enforcement staff is noted visibly, with the assigner\'s FL-8(5) exposure', () => {
    const aux = handler('X', { enforcementStaff: false });
    const s = person('S', { roles: [{ role: 'assigner', assignedIds: ['X'] }], culpability: 'negligence' });
    const rec = run(facts({ errorOrigins: [], participants: [aux, s] }));
    expect(subject(rec, 'X')).toMatchObject({ responsibility: 'none', responsibilityBasis: ['FL-3'] });
    expect(warningsOf(rec, 'FL-3', 'X')[0]).toMatchObject({ severity: 'note', ruleIds: ['FL-3', 'FL-8(5)'] });
    // Enforcement by someone who is not enforcement staff is enforcement without qualification.
    expect(subject(rec, 'S')).toMatchObject({ responsibility: 'accountable', responsibilityBasis: ['FL-8(5)'] });
  });
});
