import { describe, expect, it } from 'vitest';
import { majorityOf, meetingResultOf, quorumOf } from './tally';
import { memberEligibility, meetingParameters } from '../../policies/meeting-eligibility';

const P = meetingParameters('2025-09-01').quorum;

describe('meeting arithmetic (pure)', () => {
  it('FL-15 / FL-5(4): the quorum is more than half of the members, with recused members counted out of both sides (pack parameter)', () => {
    expect(P).toMatchObject({ moreThanFraction: 0.5, countRecusedOut: true, minPresent: 2 });
    // 5 members, 1 recused: 4 count, 3 needed.
    expect(quorumOf({ members: 5, recused: 1, present: 3 }, P)).toMatchObject({ eligible: 4, required: 3, quorate: true });
    expect(quorumOf({ members: 5, recused: 1, present: 2 }, P)).toMatchObject({ eligible: 4, required: 3, quorate: false });
    // 4 members, 1 recused, 2 present: quorate only because the recused member is counted out.
    expect(quorumOf({ members: 4, recused: 1, present: 2 }, P).quorate).toBe(true);
    expect(quorumOf({ members: 4, recused: 1, present: 2 }, { ...P, countRecusedOut: false }).quorate).toBe(false);
  });

  it('FL-15: one member alone is no meeting, however small the body', () => {
    expect(quorumOf({ members: 1, recused: 0, present: 1 }, P)).toMatchObject({ soleMember: true, quorate: false });
    expect(quorumOf({ members: 3, recused: 2, present: 1 }, P)).toMatchObject({ soleMember: true, quorate: false });
    expect(quorumOf({ members: 2, recused: 0, present: 2 }, P)).toMatchObject({ soleMember: false, quorate: true });
  });

  it('FL-5(4) 民主集中制: the result is the option of more than half of the present voters; a tie decides nothing', () => {
    expect(majorityOf(['a', 'a', 'b']).winner).toBe('a');
    expect(majorityOf(['a', 'b']).winner).toBeNull();
    expect(majorityOf(['a', 'b', 'c']).winner).toBeNull();
    const r = meetingResultOf(
      'decision',
      [
        { purpose: 'decision', items: [{ subjectPersonId: 'p', noAccountability: false, forms: ['FL-6(2)', 'FL-6(1)'] }] },
        { purpose: 'decision', items: [{ subjectPersonId: 'p', noAccountability: false, forms: ['FL-6(1)', 'FL-6(2)'] }] },
        { purpose: 'decision', items: [{ subjectPersonId: 'p', noAccountability: true, forms: [] }] },
      ],
      ['p'],
    );
    // The same set of forms in any order is one option.
    expect(r.subjects![0]!.tally).toMatchObject({ winner: 'FL-6(1)+FL-6(2)', voters: 3 });
    expect(meetingResultOf('registration', [{ purpose: 'registration', register: true }, { purpose: 'registration', register: false }]).matter!.winner).toBeNull();
  });

  it('FL-5(1) separation: a team member is recused from the decision and the accepter may not chair; switched off, the dual role is returned for the record', () => {
    const on = meetingParameters('2025-09-01');
    const c = { purpose: 'decision' as const, subjectPersonIds: ['s'], teamUserIds: ['inv'], accepterUserId: 'acc' };
    expect(on.separation).toEqual({ teamMayNotVote: true, accepterMayNotChair: true });
    expect(memberEligibility({ userId: 'inv', personId: null }, c, on).recusal?.citation).toBe('FL-5(1)');
    expect(memberEligibility({ userId: 'acc', personId: null }, c, on)).toMatchObject({ recusal: null, chairBar: { citation: 'FL-5(1)' } });
    // FL-7(7): every ground reads the same to others (the subject's included)
    expect(memberEligibility({ userId: 'x', personId: 's' }, { ...c, purpose: 'registration' }, on).recusal?.zh).toBe('依法应当回避');
    // Registration: the team does not exist yet, the accepter may chair.
    expect(memberEligibility({ userId: 'acc', personId: null }, { ...c, purpose: 'registration' }, on).chairBar).toBeNull();
    const off = { ...on, separation: { teamMayNotVote: false, accepterMayNotChair: false } };
    const inv = memberEligibility({ userId: 'inv', personId: null }, c, off);
    expect(inv.recusal).toBeNull();
    expect(inv.dualRoles[0]?.en).toContain('teamMayNotVote');
    expect(memberEligibility({ userId: 'acc', personId: null }, c, off).dualRoles[0]?.en).toContain('accepterMayNotChair');
  });
});
