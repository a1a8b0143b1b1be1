// WC-7 (may be lighter or exempt) and WC-8 (shall be heavier), and their meeting with FL-9/FL-10.
import { describe, expect, it } from 'vitest';
import { evaluateOrThrow, RuleConflictError } from '../../index';
import { facts, formIds, handler, run, SERIOUS, subject, traceOf, warningsOf, wrongCase } from '../../testing';

const wc = (circumstances: string[], consequences = {}, over = {}) =>
  run(wrongCase({ consequences, participants: [handler('H', { circumstances, ...over })] }));

describe('WC-7 lighter or exempt', () => {
  it('WC-7: exemption or the lightest forms (ordinary case)', () => {
    const h = subject(wc(['WC-7(1)']), 'H');
    expect(h.treatment).toBe('lighter_or_exempt');
    expect(h.forms).toMatchObject({ exemptionAvailable: true, minRung: 0, min: { id: 'criticism_education' }, max: { id: 'notice_of_criticism' } });
    expect(h.forms?.citations[0]).toBe('WC-7');
  });

  it('WC-7: applies only to wrong cases (WC-2); otherwise it is not applied, with a pointer to FL-9', () => {
    const rec = run(facts({ participants: [handler('H', { circumstances: ['WC-7(5)'] })] }));
    expect(subject(rec, 'H').treatment).toBe('normal');
    expect(warningsOf(rec, 'WC-7(5)', 'H')[0]?.ruleIds).toEqual(['WC-7(5)', 'WC-2']);
  });

  it('WC-7(1): unclear law caused the deviation → lighter or exempt, even with serious consequences', () => {
    const h = subject(wc(['WC-7(1)'], SERIOUS), 'H');
    expect(h).toMatchObject({ treatment: 'lighter_or_exempt', band: 'serious' });
    expect(h.forms).toMatchObject({ exemptionAvailable: true, max: { id: 'suspension' } });
  });

  it('WC-7(2): new evidence after service changed the facts → lighter or exempt', () => {
    expect(subject(wc(['WC-7(2)']), 'H').treatmentBasis).toEqual(['WC-7(2)']);
  });

  it('WC-7(3): caused by others or irresistible causes without the officer’s fault → exemption available', () => {
    const h = subject(wc(['WC-7(3)'], {}, { culpability: 'undetermined' }), 'H');
    expect(h).toMatchObject({ treatment: 'lighter_or_exempt', treatmentBasis: ['WC-7(3)'] });
    expect(h.forms?.exemptionAvailable).toBe(true);
  });

  it('WC-7(3): "no fault" with a finding of negligence is a conflict with FL-2 for a person to decide', () => {
    const rec = wc(['WC-7(3)'], {}, { culpability: 'negligence' });
    expect(rec.status).toBe('conflict');
    const h = subject(rec, 'H');
    expect(h.conflict?.ruleIds).toEqual(['WC-7(3)', 'FL-2']);
    expect(h.treatment).toBeNull();
    expect(h.forms).toBeNull();
  });

  it('WC-7(3), WC-8: a no-fault finding against mandatory aggravation is an equal-priority conflict (RuleConflictError lists both)', () => {
    const f = wrongCase({ participants: [handler('H', { culpability: 'undetermined', circumstances: ['WC-7(3)', 'WC-8'] })] });
    const rec = run(f);
    expect(rec.status).toBe('conflict');
    if (rec.status === 'no_rules_in_force') throw new Error();
    expect(rec.conflicts[0]?.ruleIds).toEqual(['WC-8', 'WC-7(3)']);
    expect(traceOf(rec, 'WC-8', 'H').some((t) => t.outcome === 'conflict')).toBe(true);
    let caught: unknown;
    try {
      evaluateOrThrow(f);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RuleConflictError);
    expect((caught as RuleConflictError).ruleIds).toEqual(['WC-8', 'WC-7(3)']);
    expect((caught as RuleConflictError).code).toBe('RULE_CONFLICT');
  });

  it('WC-7(4): very minor and corrected after criticism → lighter or exempt; not with serious consequences', () => {
    expect(subject(wc(['WC-7(4)']), 'H').treatment).toBe('lighter_or_exempt');
    const serious = wc(['WC-7(4)'], SERIOUS);
    expect(traceOf(serious, 'WC-7(4)', 'H')[0]?.outcome).toBe('not_applied');
    expect(subject(serious, 'H').treatment).toBe('normal');
  });

  it('WC-7(5): corrected on own initiative without adverse consequences; not when there were any', () => {
    expect(subject(wc(['WC-7(5)']), 'H').treatment).toBe('lighter_or_exempt');
    expect(traceOf(wc(['WC-7(5)'], { adverse: true }), 'WC-7(5)', 'H')[0]?.outcome).toBe('not_applied');
  });

  it("WC-7(6): the party's fraud or force majeure caused the error → lighter or exempt", () => {
    expect(subject(wc(['WC-7(6)']), 'H').treatmentBasis).toEqual(['WC-7(6)']);
  });

  it('WC-7(1), FL-9(2): two discretionary mitigations combine — lighter or exempt, capped by the lighter forms', () => {
    const h = subject(wc(['FL-9(2)', 'WC-7(1)']), 'H');
    expect(h).toMatchObject({ treatment: 'lighter_or_exempt', treatmentBasis: ['FL-9(2)', 'WC-7(1)'] });
    expect(h.forms?.maxRung).toBe(3);
  });

  it('WC-7(1), FL-10(2): exemption gives way to mandatory aggravation (shown overridden)', () => {
    const rec = wc(['WC-7(1)', 'FL-10(2)'], SERIOUS);
    const h = subject(rec, 'H');
    expect(h.treatment).toBe('heavier');
    expect(h.overridden).toEqual(['WC-7(1)']);
    expect(h.forms?.exemptionAvailable).toBe(false);
  });
});

describe('WC-8 heavier', () => {
  it('WC-8: persisting, letting the harm happen or obstructing the investigators → heavier, even without serious consequences', () => {
    const h = subject(wc(['WC-8']), 'H');
    expect(h).toMatchObject({ treatment: 'heavier', treatmentBasis: ['WC-8'], band: 'ordinary' });
    expect(formIds(h)).toEqual(['notice_of_criticism', 'bar_awards_promotion', 'no_assessment_delayed_promotion', 'suspension', 'removal_from_post']);
  });

  it('WC-8: derived from FL-10(2) in a wrong case (same conduct), never outside one', () => {
    const rec = wc(['FL-10(2)']);
    expect(subject(rec, 'H').derived).toEqual(['WC-8']);
    expect(subject(rec, 'H').treatment).toBe('heavier');
    const outside = run(facts({ participants: [handler('H', { circumstances: ['FL-10(2)'] })] }));
    expect(subject(outside, 'H').derived).toEqual([]);
  });

  it('WC-8: outside a wrong case it does not apply', () => {
    const rec = run(facts({ participants: [handler('H', { circumstances: ['WC-8'] })] }));
    expect(traceOf(rec, 'WC-8', 'H')[0]?.outcome).toBe('not_applied');
  });

  it('WC-7(3) with FL-2: an exemption\'s stated basis names its item before the general clause, and no spurious contradiction is warned', () => {
    const rec = wc(['WC-7(3)'], {}, { culpability: 'none' });
    const h = subject(rec, 'H');
    expect(h).toMatchObject({ responsibility: 'none', responsibilityBasis: ['WC-7(3)', 'FL-2'] });
    expect(rec.warnings.filter((w) => w.code === 'inconsistent_findings' && w.subjectId === 'H')).toEqual([]);
  });

  it('WC-7(4) with WC-2: every unmet condition is listed — outside the wrong-case scope and serious consequences', () => {
    const rec = run(facts({ consequences: SERIOUS, participants: [handler('H', { circumstances: ['WC-7(4)'] })] }));
    const w = warningsOf(rec, 'WC-7(4)', 'H')[0];
    expect(w?.code).toBe('precondition_not_met');
    expect(w?.zh).toContain('（1）');
    expect(w?.zh).toContain('（2）');
  });
});
