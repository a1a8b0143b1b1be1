// Parameters of the collective meeting and of the separation of investigation from decision.
// The measures name the body and the method (FL-15 委党委会会议; WC-9(3) 经委领导集体讨论;
// FL-5(4) 民主集中制) but no quorum or separation rule: these are the Commission's readings,
// each with its basis, adjustable by a new dated entry. Read by src/policies/meeting-eligibility.ts.
import type { DatedParameter } from '../../types';
import { why } from './provision';

const FROM = '2019-11-25';

export interface MeetingQuorumParameter {
  /** present eligible members needed: more than this fraction of the eligible members (strictly) */
  readonly moreThanFraction: number;
  /** members recused from the matter are counted out of both the members and the present */
  readonly countRecusedOut: boolean;
  /** fewest members present (voting) for there to be a meeting at all */
  readonly minPresent: number;
  /** a result needs more than half of the present voting members for one option */
  readonly majorityOfPresent: boolean;
}

/** The two separation switches as the meeting reads them (values: the impartiality parameters, impartiality.ts). */
export interface SeparationParameter {
  /** a member of the case's investigation team may not vote on its decision (调查与决定分离) */
  readonly teamMayNotVote: boolean;
  /** the person who accepted the report may not chair the decision meeting */
  readonly accepterMayNotChair: boolean;
}

export const meetingQuorum: DatedParameter<MeetingQuorumParameter> = {
  id: 'meetingQuorum',
  title: why('委党委会会议的法定人数与表决', 'Quorum and majority of the decision meeting'),
  values: [
    {
      from: FROM,
      value: { moreThanFraction: 0.5, countRecusedOut: true, minPresent: 2, majorityOfPresent: true },
      citations: ['FL-15', 'FL-5(4)'],
      note: why(
        '立案、处理决定由委党委会会议确定（FL-15），实行民主集中制（FL-5(4)）：应到成员过半数出席方可开会，回避成员不计入应到和实到人数；按出席成员过半数意见形成决定；一人不能构成会议。',
        'Registration and decisions are made at the 委党委会 meeting (FL-15) under democratic centralism (FL-5(4)): more than half of the members must attend, recused members counted out of both sides; the result is the opinion of more than half of those present; one member alone is no meeting.',
      ),
    },
  ],
};
