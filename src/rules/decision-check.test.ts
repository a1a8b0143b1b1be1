// The decision checked as a whole (issue 10 points 2 and 13), pure.
import { describe, expect, it } from 'vitest';
import { checkDecisionAgainstRecommendation, heavierOnChange, type CheckSubject } from './decision-check';
import { bananHousing2019 } from './packs/banan-housing-2019';

const subj = (id: string, responsibility: CheckSubject['responsibility'], recoverable: boolean, defaultFen?: number): CheckSubject => ({
  subjectId: id,
  responsibility,
  range: { permitted: ['FL-6(1)'], exemptionAllowed: false, compensation: { recoverable, upToFen: 100_000, citation: 'FL-13', ...(defaultFen !== undefined ? { defaultFen } : {}) } },
  referrals: [],
  recoveryCitations: ['FL-13', 'SCL-16'],
});
const item = (id: string, compensationFen?: number) => ({ subjectPersonId: id, noAccountability: false, forms: ['FL-6(1)'], ...(compensationFen !== undefined ? { compensationFen } : {}) });

describe('decision checked as a whole', () => {
  it('FL-13: a total recovery above the amount paid is refused, citing FL-13 and SCL-16', () => {
    const r = checkDecisionAgainstRecommendation([subj('A', 'primary', true), subj('B', 'accountable', true)], [item('A', 60_000), item('B', 50_000)], 100_000);
    expect(r.refusals[0]).toMatchObject({ code: 'RECOVERY_EXCEEDS_PAID', citation: 'FL-13', details: { totalFen: 110_000, paidFen: 100_000, citations: ['FL-13', 'SCL-16'] } });
  });

  it('FL-13: the whole amount from someone held only as appropriate, while the primary pays less, is a departure (old receipts without a default share)', () => {
    const r = checkDecisionAgainstRecommendation([subj('A', 'primary', true), subj('H', 'as_appropriate', true)], [item('A', 0), item('H', 100_000)], 100_000);
    expect(r.refusals).toEqual([]);
    expect(r.items.find((i) => i.subjectPersonId === 'H')?.departures).toEqual(['FL-13']);
  });

  it('FL-13: the default share needs no reason; any other amount is a departure', () => {
    const subjects = [subj('A', 'primary', true, 75_000), subj('H', 'as_appropriate', true, 25_000)];
    expect(checkDecisionAgainstRecommendation(subjects, [item('A', 75_000), item('H', 25_000)], 100_000).items.map((i) => i.departures)).toEqual([[], []]);
    expect(checkDecisionAgainstRecommendation(subjects, [item('A', 50_000), item('H', 25_000)], 100_000).items[0]?.departures).toEqual(['FL-13']);
  });

  it('FL-13: a split in percentages is converted to fen and may not exceed 100 %', () => {
    const subjects = [subj('A', 'primary', true, 75_000), subj('H', 'as_appropriate', true, 25_000)];
    const ok = checkDecisionAgainstRecommendation(subjects, [{ ...item('A'), compensationPercent: 75 }, { ...item('H'), compensationPercent: 25 }], 100_000);
    expect(ok.items.map((i) => i.compensationFen)).toEqual([75_000, 25_000]);
    expect(ok.refusals).toEqual([]);
    const over = checkDecisionAgainstRecommendation(subjects, [{ ...item('A'), compensationPercent: 80 }, { ...item('H'), compensationPercent: 30 }], 100_000);
    expect(over.refusals.map((r) => r.code)).toContain('PERCENT_EXCEEDS_100');
  });

  it('WC-9(3): a referral duty is met by a document reference or a waiver reason, nothing less', () => {
    const s: CheckSubject = { ...subj('A', 'accountable', false), referrals: [{ subjectPersonId: 'A', body: 'supervision_commission', ruleIds: ['WC-9(3)'] }] };
    const none = checkDecisionAgainstRecommendation([s], [item('A')], null);
    expect(none.refusals[0]).toMatchObject({ code: 'REFERRAL_NOT_RECORDED', citation: 'WC-9(3)', details: { body: 'supervision_commission' } });
    expect(checkDecisionAgainstRecommendation([s], [{ ...item('A'), referrals: [{ body: 'supervision_commission', waivedReason: '监察委员会已立案调查。' }] }], null).refusals).toEqual([]);
  });
});

describe('WC-11: a change on the person’s own defence or appeal is never heavier (heavierOnChange, the pack’s formRungs)', () => {
  const rungs = bananHousing2019.vocabulary.formRungs!;
  const it_ = (forms: string[], compensationFen?: number) => ({ noAccountability: false, forms, compensationFen });
  const none = { noAccountability: true, forms: [] };
  it('WC-11 (APL-45): a heavier form, the same forms and one more, being held accountable at all, or a larger recovery is heavier; a lighter or equal change is not', () => {
    expect(heavierOnChange(it_(['FL-6(1)']), it_(['FL-6(5)']), rungs)).toEqual(['FORMS']);
    expect(heavierOnChange(it_(['FL-6(3)']), it_(['FL-6(3)', 'FL-6(2)']), rungs)).toEqual(['FORMS']);
    expect(heavierOnChange(none, it_(['FL-6(1)']), rungs)).toEqual(['ACCOUNTABLE', 'FORMS']);
    expect(heavierOnChange(it_(['FL-6(2)'], 10_000), it_(['FL-6(2)'], 20_000), rungs)).toEqual(['COMPENSATION']);
    expect(heavierOnChange(it_(['FL-6(4)']), it_(['FL-6(3)', 'FL-6(2)']), rungs)).toEqual([]);
    expect(heavierOnChange(it_(['FL-6(3)']), it_(['WC-10(4)']), rungs)).toEqual([]);
    expect(heavierOnChange(it_(['FL-6(3)']), none, rungs)).toEqual([]);
    // FL-14 (award bars) and FL-13 are consequences, not rungs: naming them weighs nothing
    expect(heavierOnChange(it_(['FL-6(2)']), it_(['FL-6(2)', 'FL-14']), rungs)).toEqual([]);
  });
  it('the pack weighs each form a decision may name at a rung the ladder cites it at (FL-6(1) as 批评教育, FL-11 as the career measures)', () => {
    expect(rungs['FL-6(1)']).toBe(1);
    expect(rungs['WC-10(2)']).toBe(3);
    expect(rungs['FL-11']).toBe(5);
    for (const [id, r] of Object.entries(rungs)) expect(bananHousing2019.ladder.some((f) => f.rung === r && f.citations.includes(id)), id).toBe(true);
  });
});
