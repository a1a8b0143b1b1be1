// FL-9 (may be lighter) and FL-10 (shall be heavier, when consequences are serious and there
// is no crime), and how they meet: the priority table decides, visibly in the trace.
import { describe, expect, it } from 'vitest';
import { facts, handler, run, SERIOUS, subject, traceOf, warningsOf, wrongCase } from '../../testing';

const withCircumstances = (circumstances: string[], consequences = {}, over = {}) =>
  run(facts({ consequences, participants: [handler('H', { circumstances, ...over })] }));

describe('FL-9 lighter', () => {
  it('FL-9: lighter treatment gives exactly its forms — criticism and education, self-examination, notice of criticism', () => {
    const h = subject(withCircumstances(['FL-9(2)']), 'H');
    expect(h.treatment).toBe('lighter');
    expect(h.forms?.permitted.map((f) => f.id)).toEqual(['criticism_education', 'written_self_examination', 'notice_of_criticism']);
    expect(h.forms?.citations[0]).toBe('FL-9');
  });

  it('FL-9(1): minor circumstances with little harm → lighter', () => {
    const rec = withCircumstances(['FL-9(1)'], { adverse: true });
    expect(subject(rec, 'H')).toMatchObject({ treatment: 'lighter', treatmentBasis: ['FL-9(1)'] });
  });

  it('FL-9(1): does not hold when the consequences are serious or the influence bad', () => {
    const rec = withCircumstances(['FL-9(1)'], { badInfluence: true });
    expect(traceOf(rec, 'FL-9(1)', 'H')[0]?.outcome).toBe('not_applied');
    expect(subject(rec, 'H').treatment).toBe('normal');
    expect(warningsOf(rec, 'FL-9(1)', 'H')[0]?.code).toBe('precondition_not_met');
  });

  it('FL-9(2): promptly admitted and corrected → lighter', () => {
    expect(subject(withCircumstances(['FL-9(2)']), 'H')).toMatchObject({ treatment: 'lighter', treatmentBasis: ['FL-9(2)'] });
  });

  it('FL-9(2): with serious consequences, lighter stays within FL-11 forms (FL-11 is mandatory)', () => {
    const h = subject(withCircumstances(['FL-9(2)'], SERIOUS), 'H');
    expect(h.treatment).toBe('lighter');
    expect(h.forms?.min?.id).toBe('no_assessment_delayed_promotion');
    expect(h.forms?.max?.id).toBe('suspension');
  });
});

describe('FL-10 heavier', () => {
  it('FL-10: applies only when consequences are serious or influence bad, short of a crime', () => {
    const ordinary = withCircumstances(['FL-10(1)']);
    expect(subject(ordinary, 'H').treatment).toBe('normal');
    expect(traceOf(ordinary, 'FL-10(1)', 'H')[0]?.outcome).toBe('not_applied');
    const crime = withCircumstances(['FL-10(1)'], SERIOUS, { crimeSuspected: true });
    expect(traceOf(crime, 'FL-10(1)', 'H')[0]).toMatchObject({ outcome: 'not_applied', zh: expect.stringContaining('未构成犯罪') });
    const serious = withCircumstances(['FL-10(1)'], SERIOUS);
    expect(subject(serious, 'H')).toMatchObject({ treatment: 'heavier', band: 'serious' });
    expect(subject(serious, 'H').forms?.max?.id).toBe('disciplinary_sanction');
  });

  it('FL-10(1): persisting in the error → heavier', () => {
    expect(subject(withCircumstances(['FL-10(1)'], SERIOUS), 'H').treatmentBasis).toEqual(['FL-10(1)']);
  });

  it('FL-10(2): obstructing the investigation or altering original materials → heavier', () => {
    expect(subject(withCircumstances(['FL-10(2)'], { badInfluence: true }), 'H')).toMatchObject({ treatment: 'heavier', treatmentBasis: ['FL-10(2)'] });
  });

  it('FL-10(3): retaliation → heavier', () => {
    expect(subject(withCircumstances(['FL-10(3)'], SERIOUS), 'H').treatment).toBe('heavier');
  });

  it('FL-10(4): bribery in official duties → heavier', () => {
    expect(subject(withCircumstances(['FL-10(4)'], SERIOUS), 'H').treatment).toBe('heavier');
  });

  it('FL-10(5): shielding or conniving at violations → heavier', () => {
    expect(subject(withCircumstances(['FL-10(5)'], SERIOUS), 'H').treatment).toBe('heavier');
  });

  it('FL-10(6): repeated violations are derived from decided prior cases within the lookback (never typed in)', () => {
    const prior = { ref: 'WZ-2020-01', decidedOn: '2020-12-01', conductDate: '2020-03-01', heldAccountable: true };
    const rec = withCircumstances([], SERIOUS, { priorCases: [prior] });
    const h = subject(rec, 'H');
    expect(h.derived).toContain('FL-10(6)');
    expect(h).toMatchObject({ treatment: 'heavier', treatmentBasis: ['FL-10(6)'] });
    expect(traceOf(rec, 'FL-10(6)', 'H')[0]).toMatchObject({ outcome: 'derived', zh: expect.stringContaining('WZ-2020-01') });
  });

  it('FL-10(6): priors outside the 2-year lookback, not held accountable, or later than the conduct do not count', () => {
    const priors = [
      { ref: 'old', decidedOn: '2019-01-01', conductDate: '2019-05-31', heldAccountable: true },
      { ref: 'cleared', decidedOn: '2021-01-01', conductDate: '2020-10-01', heldAccountable: false },
      { ref: 'later', decidedOn: '2021-09-01', conductDate: '2021-07-01', heldAccountable: true },
    ];
    const h = subject(withCircumstances([], SERIOUS, { priorCases: priors }), 'H');
    expect(h.derived).not.toContain('FL-10(6)');
    expect(h.treatment).toBe('normal');
  });

  it('FL-10(6): a typed value is ignored with a warning', () => {
    const rec = withCircumstances(['FL-10(6)'], SERIOUS);
    expect(subject(rec, 'H').treatment).toBe('normal');
    expect(warningsOf(rec, 'FL-10(6)', 'H')[0]?.code).toBe('derived_only');
  });

  it('FL-10(7): other conduct to be pursued more heavily → heavier', () => {
    expect(subject(withCircumstances(['FL-10(7)'], SERIOUS), 'H').treatment).toBe('heavier');
  });
});

describe('FL-9 and FL-10 together', () => {
  it('FL-9(1), FL-10(1): the minor-harm claim falls with serious consequences; heavier applies', () => {
    const rec = withCircumstances(['FL-9(1)', 'FL-10(1)'], SERIOUS);
    expect(traceOf(rec, 'FL-9(1)', 'H')[0]?.outcome).toBe('not_applied');
    expect(subject(rec, 'H').treatment).toBe('heavier');
  });

  it('FL-9(2), FL-10(2): mandatory aggravation prevails over discretionary mitigation — shown as overridden in the trace', () => {
    const rec = withCircumstances(['FL-9(2)', 'FL-10(2)'], SERIOUS);
    expect(rec.status).toBe('ok');
    const h = subject(rec, 'H');
    expect(h).toMatchObject({ treatment: 'heavier', treatmentBasis: ['FL-10(2)'], overridden: ['FL-9(2)'] });
    const line = traceOf(rec, 'FL-9(2)', 'H').find((t) => t.outcome === 'overridden');
    expect(line?.zh).toContain('FL-10(2)');
    expect(line?.zh).toContain('强制性');
  });

  it('FL-9(2), FL-10(1): corrected promptly and persisted in the error cannot both be true — flagged', () => {
    const rec = withCircumstances(['FL-9(2)', 'FL-10(1)'], SERIOUS);
    expect(warningsOf(rec, 'FL-10(1)', 'H')[0]?.code).toBe('inconsistent_findings');
  });

  it('FL-10(1): in a wrong case the same conduct is WC-8, derived; both aggravate', () => {
    const rec = run(wrongCase({ consequences: SERIOUS, participants: [handler('H', { circumstances: ['FL-10(1)'] })] }));
    expect(subject(rec, 'H').treatmentBasis).toEqual(['FL-10(1)', 'WC-8']);
  });

  it('FL-7(7) vs FL-10(3): the retaliation found as the fault is not weighed again as the aggravation (explicit pack rule, with its reason)', () => {
    const rec = run(facts({ consequences: SERIOUS, participants: [handler('H', { faults: ['FL-7(7)'], circumstances: ['FL-10(3)'] })] }));
    const h = subject(rec, 'H');
    expect(h.treatment).toBe('normal');
    expect(traceOf(rec, 'FL-10(3)', 'H')[0]).toMatchObject({ outcome: 'overridden', zh: expect.stringContaining('重复评价') });
    // Another fault with the retaliation as a separate circumstance: heavier.
    const other = run(facts({ consequences: SERIOUS, participants: [handler('H', { faults: ['FL-7(3)'], circumstances: ['FL-10(3)'] })] }));
    expect(subject(other, 'H').treatment).toBe('heavier');
  });

  it('FL-10(6): a result moved by the look-back policy parameter shows the policy label and the text-only result', () => {
    const old = { ref: 'OLD-1', conductDate: '2017-03-01', decidedOn: '2017-06-01', heldAccountable: true };
    const rec = run(facts({ conductDate: '2021-06-01', consequences: SERIOUS, participants: [handler('H', { priorCases: [old] })] }));
    expect(subject(rec, 'H').derived).not.toContain('FL-10(6)');
    const w = warningsOf(rec, 'FL-10(6)', 'H')[0];
    expect(w).toMatchObject({ severity: 'note', zh: expect.stringContaining('【政策参数】') });
    expect(w?.zh).toContain('仅依条文');
    // Structured, for every place the result is shown: the parameter, the policy result and the text-only result.
    expect(rec.status === 'no_rules_in_force' ? [] : rec.policies).toEqual([
      expect.objectContaining({ parameter: 'repeatViolation.lookbackYears', subjectId: 'H', ruleIds: ['FL-10(6)', 'APL-36'], textOnly: expect.objectContaining({ zh: expect.stringContaining('认定 FL-10(6)') }) }),
    ]);
  });

  it('FL-10(6): the count threshold of "多次" is a policy parameter — one earlier case makes it, labelled, with the stricter text reading beside it', () => {
    const prior = { ref: 'WZ-2020-01', decidedOn: '2020-12-01', conductDate: '2020-03-01', heldAccountable: true };
    const one = withCircumstances([], SERIOUS, { priorCases: [prior] });
    expect(subject(one, 'H').derived).toContain('FL-10(6)');
    const notes = one.status === 'no_rules_in_force' ? [] : (one.policies ?? []);
    expect(notes).toEqual([expect.objectContaining({ parameter: 'repeatViolation.minPriorCases', subjectId: 'H', ruleIds: ['FL-10(6)'], textOnly: expect.objectContaining({ zh: expect.stringContaining('不认定 FL-10(6)') }) })]);
    // Two earlier cases satisfy every reading: no policy label.
    const two = withCircumstances([], SERIOUS, { priorCases: [prior, { ...prior, ref: 'WZ-2021-02', conductDate: '2021-01-10' }] });
    expect(subject(two, 'H').derived).toContain('FL-10(6)');
    expect(two.status === 'no_rules_in_force' ? [] : two.policies).toEqual([]);
  });
});
