import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { I18nProvider } from '../i18n/i18n';
import type { CaseView } from './types';
import type { Meeting } from './meetings-panel';

let meUserId = 'u2';
vi.mock('../session/session', () => ({
  useSession: () => ({ me: { user: { id: meUserId, username: meUserId, displayName: meUserId, roles: ['decider'], personId: null }, roleLabels: {}, permissions: [] }, can: () => false }),
}));

const MEETING: Meeting = {
  id: 'm1',
  caseId: 'c1',
  purpose: 'decision',
  appealId: null,
  heldOn: '2025-09-10',
  chairUserId: 'u1',
  chairName: '张主任',
  status: 'open',
  minutes: null,
  members: [
    { userId: 'u1', displayName: '张主任', title: '副主任', attendance: 'present', recusalKind: null, recusalReason: null, opinion: { purpose: 'decision', items: [{ subjectPersonId: 'p1', noAccountability: false, forms: ['FL-6(2)'] }] }, opinionBy: 'u1', confirmed: true, mayChair: true },
    { userId: 'u2', displayName: '李委员', title: null, attendance: 'present', recusalKind: null, recusalReason: null, opinion: { purpose: 'decision', items: [{ subjectPersonId: 'p1', noAccountability: false, forms: ['FL-6(2)'] }] }, opinionBy: 'clerk', confirmed: false, mayChair: true },
    { userId: 'u3', displayName: '王委员', title: null, attendance: 'present', recusalKind: null, recusalReason: null, opinion: { purpose: 'decision', items: [{ subjectPersonId: 'p1', noAccountability: false, forms: ['FL-6(2)'] }] }, opinionBy: 'clerk', confirmed: false, mayChair: true },
    { userId: 'u4', displayName: '赵调查', title: null, attendance: 'recused', recusalKind: 'automatic', recusalReason: '本案调查组成员，不参加处理决定表决（调查与决定分离）（FL-5(1)）', opinion: null, opinionBy: null, confirmed: false, mayChair: false },
  ],
  quorum: { members: 4, recused: 1, present: 3, eligible: 3, required: 2, quorate: true, soleMember: false },
  result: { subjects: [{ subjectPersonId: 'p1', tally: { winner: 'FL-6(2)', counts: [{ key: 'FL-6(2)', count: 3 }], voters: 3 } }] },
  missingConfirmations: [],
  dualRoles: [],
  ruleEvaluationId: 'r1',
  carriedOutByStep: null,
  createdAt: '2025-09-10T02:00:00.000Z',
  closedAt: null,
};

vi.mock('../lib/use-api', () => ({
  useApi: (path: string | null) => ({ data: path?.includes('/meetings') ? { items: [MEETING] } : { items: [] }, error: null, loading: false, reload: () => undefined }),
}));

const CASE = { id: 'c1', version: 9, state: 'investigating', subjects: [{ personId: 'p1', name: '王承办' }], findings: [{ subjectPersonId: 'p1' }], appeals: [] } as unknown as CaseView;

async function show() {
  const { MeetingsPanel } = await import('./meetings-panel');
  render(
    <I18nProvider initial="zh">
      <App>
        <MeetingsPanel c={CASE} />
      </App>
    </I18nProvider>,
  );
}

describe('meetings panel', () => {
  it('FL-15 co-signature: a member sees “confirm my opinion” on their own row only; only the chair sees “close”', async () => {
    meUserId = 'u2';
    await show();
    const buttons = screen.getAllByTestId('meeting-confirm');
    expect(buttons).toHaveLength(1);
    expect(buttons[0]!.closest('tr')).toHaveTextContent('李委员');
    expect(screen.queryByTestId('meeting-close')).toBeNull();
    // Quorum with the recused member counted out, and the recusal reason with its basis.
    expect(screen.getByTestId('meeting-m1')).toHaveTextContent('应到 3 人（回避 1 人不计），实到 3 人，须 2 人');
    expect(within(screen.getByTestId('meeting-m1')).getByText(/调查与决定分离/)).toBeInTheDocument();
  });

  it('FL-15: the chair sees the close button', async () => {
    meUserId = 'u1';
    await show();
    expect(screen.getByTestId('meeting-close')).toBeInTheDocument();
    // The chair's own opinion is confirmed: no confirm button for anyone else's row.
    expect(screen.queryByTestId('meeting-confirm')).toBeNull();
  });
});
