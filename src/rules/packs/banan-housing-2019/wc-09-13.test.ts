// WC articles 9–13: procedure (workflow guards), forms (WC-10), appeal, the missing 12, validity.
import { describe, expect, it } from 'vitest';
import { coverage, getDeadlineParameters, getRuleText } from '../../index';
import { facts, handler, run, SERIOUS, subject, traceOf, wrongCase } from '../../testing';
import { bananHousing2019 } from './index';

describe('WC-9 procedure', () => {
  it('WC-9: the procedure is enforced by the case lifecycle', () => {
    expect(getRuleText('WC-9')).toMatchObject({ disposition: 'workflow_guard', guard: { step: 'lifecycle' } });
  });

  it('WC-9(1): transfer within 2 working days of acceptance — the workflow reads it from the pack', () => {
    expect(getRuleText('WC-9(1)')?.guard?.step).toBe('intake.accept + intake.transfer');
    expect(getDeadlineParameters()).toMatchObject({
      packId: 'banan-housing-2019',
      from: '2019-11-25',
      transferDays: 2,
      transferDayKind: 'working',
      transferFrom: 'acceptance',
      transferCitations: ['WC-9(1)', 'APL-85'],
    });
    expect(getRuleText('APL-85')?.textZh).toContain('工作日');
  });

  it('WC-9(1): deadline parameters are dated — none before the pack starts', () => {
    expect(getDeadlineParameters('banan-housing-2019', '2025-01-01').transferDays).toBe(2);
    expect(() => getDeadlineParameters('banan-housing-2019', '2019-01-01')).toThrow();
  });

  it('WC-9(2): team appointment with the conflict-of-interest check is a workflow guard', () => {
    expect(getRuleText('WC-9(2)')?.guard?.step).toBe('investigation.team');
  });

  it('WC-9(3): the collective decision and reports of suspected breaches are a workflow guard', () => {
    expect(getRuleText('WC-9(3)')?.guard?.step).toBe('decision.collective + decision.transfer');
  });
});

describe('WC-10 forms', () => {
  const heavierSerious = () => subject(run(wrongCase({ consequences: SERIOUS, participants: [handler('H', { circumstances: ['WC-8'] })] })), 'H');
  const form = (id: string) => heavierSerious().forms!.permitted.find((f) => f.id === id);

  it('WC-10: its six forms sit on the one ladder', () => {
    expect(getRuleText('WC-10')?.disposition).toBe('rule');
    const all = bananHousing2019.ladder.flatMap((f) => f.citations);
    for (let i = 1; i <= 6; i++) expect(all).toContain(`WC-10(${i})`);
    const rungs = [1, 2, 3, 4, 5, 6].map((i) => bananHousing2019.ladder.find((f) => f.citations.includes(`WC-10(${i})`))!.rung);
    expect(rungs).toEqual([...rungs].sort((a, b) => a - b)); // WC-10's own order is kept
  });

  it('WC-10(1): ordered written examination (rung 2)', () => {
    const f = subject(run(facts()), 'H').forms!.permitted.find((x) => x.citations.includes('WC-10(1)'));
    expect(f?.rung).toBe(2);
  });

  it('WC-10(2): notice of criticism (rung 3)', () => {
    const f = subject(run(facts()), 'H').forms!.permitted.find((x) => x.citations.includes('WC-10(2)'));
    expect(f?.rung).toBe(3);
  });

  it("WC-10(3): loss of the year's award and promotion eligibility (rung 4)", () => {
    expect(subject(run(facts()), 'H').forms!.permitted.find((x) => x.citations.includes('WC-10(3)'))?.rung).toBe(4);
  });

  it('WC-10(4): suspension from enforcement, certificate withheld (rung 6)', () => {
    expect(form('suspension')?.citations).toContain('WC-10(4)');
  });

  it('WC-10(5): removal from the post or the corps (rung 7)', () => {
    expect(form('removal_from_post')?.citations).toContain('WC-10(5)');
  });

  it('WC-10(6): administrative sanction (rung 8)', () => {
    expect(form('disciplinary_sanction')?.citations).toContain('WC-10(6)');
  });
});

describe('WC-11 to WC-13', () => {
  it('WC-11: defence and appeal are a workflow guard', () => {
    expect(getRuleText('WC-11')?.guard?.step).toBe('defence.appeal');
  });

  it('WC-12: absent in the source — recorded as such, with the reason', () => {
    const t = getRuleText('WC-12');
    expect(t).toMatchObject({ disposition: 'absent_in_source', textZh: '' });
    expect(t?.reason?.zh).toContain('第十三条');
    expect(coverage().entries.find((e) => e.id === 'WC-12')?.disposition).toBe('absent_in_source');
  });

  it('WC-13: in force from the day of issue (numbered 第十三条 in the source)', () => {
    const rec = run(facts({ conductDate: '2019-11-25' }));
    expect(traceOf(rec, 'WC-13')[0]).toMatchObject({ outcome: 'selected', textZh: '本办法自印发之日起实施。' });
  });
});
