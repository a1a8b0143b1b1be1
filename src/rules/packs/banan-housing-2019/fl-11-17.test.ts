// FL articles 11–17: serious band, crime, state compensation, award bars, procedure, validity.
import { describe, expect, it } from 'vitest';
import { getDeadlineParameters, getRuleText } from '../../index';
import { approver, facts, formIds, handler, person, run, SERIOUS, subject, traceOf, warningsOf, wrongCase } from '../../testing';

const paid = (amountYuan: number) => ({ ...SERIOUS, stateCompensation: { paid: true, amountYuan } });

describe('FL-11 and FL-12', () => {
  it('FL-11: serious consequences short of a crime → no annual assessment, delayed promotion … removal from post', () => {
    const h = subject(run(facts({ consequences: SERIOUS })), 'H');
    expect(h).toMatchObject({ band: 'serious', bandBasis: ['FL-11'], treatment: 'normal' });
    expect(formIds(h)).toEqual(['no_assessment_delayed_promotion', 'suspension', 'removal_from_post']);
    expect(h.forms?.citations[0]).toBe('FL-11');
  });

  it('FL-11: bad influence alone is enough', () => {
    expect(subject(run(facts({ consequences: { badInfluence: true } })), 'H').band).toBe('serious');
  });

  it('FL-12: a suspected crime requires transfer to the judicial organs; FL-10/FL-11 wait for the judicial outcome', () => {
    const rec = run(facts({ consequences: SERIOUS, participants: [handler('H', { crimeSuspected: true, circumstances: ['FL-9(2)'] })] }));
    const h = subject(rec, 'H');
    expect(h).toMatchObject({ band: 'criminal', bandBasis: ['FL-12'] });
    expect(h.mandatory.find((m) => m.kind === 'judicial_transfer')).toMatchObject({ ruleIds: ['FL-12', 'FL-6(6)', 'WC-9(3)'], body: 'judicial', conditional: false });
    expect(formIds(h)).toEqual(['disciplinary_sanction', 'judicial_transfer']);
    expect(traceOf(rec, 'FL-11', 'H')).toHaveLength(0);
  });

  it('FL-12: the transfer applies to the person whose conduct is suspected, not to the others', () => {
    const rec = run(facts({ errorOrigins: ['approval_oversight'], participants: [handler('A', { crimeSuspected: true }), approver('B', 1)] }));
    expect(subject(rec, 'A').mandatory.some((m) => m.kind === 'judicial_transfer')).toBe(true);
    expect(subject(rec, 'B').mandatory.some((m) => m.kind === 'judicial_transfer')).toBe(false);
    expect(subject(rec, 'A').forms?.minRung).toBe(8);
  });
});

describe('FL-13 state compensation', () => {
  it('FL-13: with mere negligence recovery is not recommended — State Compensation Law art. 16 limits it (warning, both cited)', () => {
    const rec = run(facts({ consequences: paid(20_000), participants: [handler('H', { culpability: 'negligence' })] }));
    const h = subject(rec, 'H');
    expect(h.compensation).toMatchObject({ recoverable: false, indicativeAmountYuan: 0, ruleIds: ['FL-13', 'SCL-16'] });
    expect(h.mandatory.some((m) => m.kind === 'compensation_recovery')).toBe(false);
    const w = warningsOf(rec, 'SCL-16', 'H')[0];
    expect(w).toMatchObject({ code: 'higher_law_limit', ruleIds: ['FL-13', 'SCL-16'] });
    expect(traceOf(rec, 'SCL-16', 'H')[0]?.textZh).toContain('故意或者重大过失');
    expect(getRuleText('SCL-16')).toMatchObject({ kind: 'higher_law', citation: expect.stringContaining('国家赔偿法') });
  });

  it('FL-13: with gross negligence recovery is recommended and split by degree of responsibility', () => {
    const rec = run(
      facts({
        errorOrigins: ['approval_oversight'],
        consequences: paid(40_000),
        participants: [handler('A', { culpability: 'gross_negligence' }), approver('B', 1, { culpability: 'gross_negligence' })],
      }),
    );
    expect(subject(rec, 'B').compensation).toMatchObject({ recoverable: true, shareRatio: 0.75, indicativeAmountYuan: 30_000, upToYuan: 40_000 });
    expect(subject(rec, 'A').compensation).toMatchObject({ recoverable: true, shareRatio: 0.25, indicativeAmountYuan: 10_000 });
    expect(subject(rec, 'B').mandatory.find((m) => m.kind === 'compensation_recovery')?.ruleIds).toEqual(['FL-13', 'SCL-16']);
  });

  it('FL-13: a default share set by the weight parameters is labelled as policy, with the text-only result (up to the amount paid) beside it', () => {
    const rec = run(
      facts({
        errorOrigins: ['approval_oversight'],
        consequences: paid(40_000),
        participants: [handler('A', { culpability: 'gross_negligence' }), approver('B', 1, { culpability: 'gross_negligence' })],
      }),
    );
    const notes = rec.status === 'no_rules_in_force' ? [] : (rec.policies ?? []);
    expect(notes.map((n) => n.subjectId)).toEqual(['A', 'B']);
    expect(notes[1]).toMatchObject({ parameter: 'compensationWeights × compensationFaultWeights', ruleIds: ['FL-13', 'SCL-16'], policy: { zh: expect.stringContaining('30000.00') }, textOnly: { zh: expect.stringContaining('至多 40000.00 元') } });
    // One person recovering the whole amount: the weights change nothing, no label.
    const alone = run(facts({ consequences: paid(40_000), participants: [handler('A', { culpability: 'gross_negligence' })] }));
    expect(alone.status === 'no_rules_in_force' ? [] : alone.policies).toEqual([]);
  });

  it("FL-13: a negligent person's share stays with the state and is never shifted onto the others", () => {
    const rec = run(
      facts({
        errorOrigins: ['approval_oversight'],
        consequences: paid(1_000),
        participants: [handler('A', { culpability: 'intent' }), approver('B', 1, { culpability: 'negligence' })],
      }),
    );
    // Weights: role × degree of fault — A as appropriate (1) × intent (3), B primary (3) × negligence (1).
    expect(subject(rec, 'A').compensation).toMatchObject({ recoverable: true, shareRatio: 0.5, indicativeAmountYuan: 500 });
    expect(subject(rec, 'B').compensation).toMatchObject({ recoverable: false, shareRatio: 0.5, indicativeAmountYuan: 0 });
  });

  it('FL-13: shares are in cents and sum exactly to the amount', () => {
    const rec = run(
      facts({
        errorOrigins: ['approval_oversight'],
        consequences: paid(100),
        participants: [handler('A', { culpability: 'intent' }), approver('B', 1, { culpability: 'intent' }), approver('C', 2, { culpability: 'intent' })],
      }),
    );
    const total = ['A', 'B', 'C'].reduce((t, id) => t + Math.round(subject(rec, id).compensation!.indicativeAmountYuan * 100), 0);
    expect(total).toBe(10_000);
  });

  it('FL-13: when intent or gross negligence is undetermined, recovery waits for that finding', () => {
    const rec = run(facts({ consequences: paid(500), participants: [handler('H', { culpability: 'undetermined' })] }));
    expect(subject(rec, 'H').compensation?.recoverable).toBe(false);
    expect(warningsOf(rec, 'FL-13', 'H')[0]?.code).toBe('human_judgement');
  });

  it('FL-13 with SCL-16: recovery is refused for a negligent-only subject, with the reason citing SCL-16', () => {
    const rec = run(facts({ consequences: paid(500), participants: [handler('H', { culpability: 'negligence' })] }));
    const c = subject(rec, 'H').compensation!;
    expect(c).toMatchObject({ recoverable: false, upToYuan: 0, ruleIds: ['FL-13', 'SCL-16'] });
    expect(c.reason.zh).toContain('第十六条');
    expect(subject(rec, 'H').mandatory.map((m) => m.kind)).not.toContain('compensation_recovery');
  });

  it('FL-13: the default share is weighted by degree of fault as well as role (pack parameter compensationFaultWeights)', () => {
    const rec = run(
      facts({
        errorOrigins: [],
        consequences: paid(1_000),
        participants: [handler('A', { culpability: 'gross_negligence' }), person('L', { roles: [{ role: 'instructing_leader' }], faults: ['FL-7(1)'], culpability: 'intent' })],
      }),
    );
    // Both accountable (2): A gross negligence 2×2 = 4, L intent 2×3 = 6.
    expect(subject(rec, 'A').compensation).toMatchObject({ recoverable: true, shareRatio: 0.4, indicativeAmountYuan: 400 });
    expect(subject(rec, 'L').compensation).toMatchObject({ recoverable: true, shareRatio: 0.6, indicativeAmountYuan: 600 });
  });

  it('SCL-16 second sentence: a 处分 duty is raised for each person found with intent or gross negligence', () => {
    const rec = run(facts({ consequences: paid(500), participants: [handler('H', { culpability: 'gross_negligence' })] }));
    expect(subject(rec, 'H').mandatory.find((m) => m.kind === 'disciplinary_sanction')).toMatchObject({ ruleIds: ['SCL-16'], conditional: false });
    const n = run(facts({ consequences: paid(500), participants: [handler('H', { culpability: 'negligence' })] }));
    expect(subject(n, 'H').mandatory.map((m) => m.kind)).not.toContain('disciplinary_sanction');
  });

  it('WC-9(3): suspected 违纪 and 违法 each produce a referral duty naming the receiving body; 犯罪 the judicial transfer', () => {
    const rec = run(facts({ participants: [handler('H', { disciplineSuspected: true, illegalitySuspected: true })] }));
    const m = subject(rec, 'H').mandatory.filter((x) => x.body);
    expect(m.map((x) => [x.kind, x.body, x.ruleIds])).toEqual([
      ['report_to_authorities', 'discipline_inspection', ['WC-9(3)']],
      ['report_to_authorities', 'supervision_commission', ['WC-9(3)']],
    ]);
    const crime = run(facts({ participants: [handler('H', { crimeSuspected: true, illegalitySuspected: true })] }));
    expect(subject(crime, 'H').mandatory.filter((x) => x.body).map((x) => x.body)).toEqual(['judicial']);
  });

  it('FL-13: compensation paid but nobody responsible is reported', () => {
    const rec = run(facts({ consequences: paid(500), participants: [handler('H', { culpability: 'none', faults: [] })] }));
    expect(warningsOf(rec, 'FL-13')[0]?.code).toBe('missing_data');
  });
});

describe('FL-14 to FL-17', () => {
  it('FL-14: each person held accountable is not rated an advanced individual that year, nor their unit an advanced collective', () => {
    const rec = run(
      facts({
        decisionDate: '2022-03-01',
        errorOrigins: ['approval_oversight'],
        participants: [handler('A', { unitId: 'u1', unitName: '一大队' }), approver('B', 1, { unitId: 'u2', unitName: '支队' }), person('X', { unitId: 'u3' })],
      }),
    );
    expect(subject(rec, 'B').mandatory.find((m) => m.kind === 'award_bar_person')).toMatchObject({ ruleIds: ['FL-14'], year: 2022, conditional: false });
    expect(subject(rec, 'X').mandatory).toHaveLength(0);
    if (rec.status === 'no_rules_in_force') throw new Error();
    expect(rec.caseConsequences.map((m) => [m.kind, m.unitId])).toEqual([
      ['award_bar_unit', 'u1'],
      ['award_bar_unit', 'u2'],
    ]);
    expect(rec.caseConsequences[0]?.zh).toContain('一大队');
  });

  it('FL-14: applies only if in fact held accountable — conditional while exemption is possible', () => {
    const rec = run(wrongCase({ participants: [handler('H', { circumstances: ['WC-7(1)'] })] }));
    expect(subject(rec, 'H').mandatory.find((m) => m.kind === 'award_bar_person')).toMatchObject({ conditional: true, year: null });
  });

  it('FL-15: registration and decision by the Party committee meeting are workflow guards', () => {
    expect(getRuleText('FL-15')).toMatchObject({ disposition: 'workflow_guard', guard: { step: 'registration.collective + decision.collective' } });
  });

  it('FL-16: the handling deadline is 60 calendar days from the start of the investigation, read from the pack', () => {
    expect(getRuleText('FL-16')?.guard?.step).toBe('lifecycle.deadline.handling');
    expect(getDeadlineParameters('banan-housing-2019')).toMatchObject({
      handlingDays: 60,
      handlingDayKind: 'calendar',
      handlingFrom: 'investigation_start',
      handlingCitations: ['FL-16'],
    });
  });

  it('FL-17: the pack is in force from the day of issue, 2019-11-25, and says so in the trace', () => {
    const before = run(facts({ conductDate: '2019-11-24' }));
    expect(before.status).toBe('no_rules_in_force');
    const on = run(facts({ conductDate: '2019-11-25' }));
    expect(on.status).toBe('ok');
    expect(traceOf(on, 'FL-17')[0]).toMatchObject({ outcome: 'selected', textZh: '本办法自印发之日起施行。' });
  });
});
