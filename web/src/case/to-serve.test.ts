import { describe, expect, it } from 'vitest';
import { subjectsToServe } from './to-serve';

const subjects = [
  { personId: 'A', name: '甲' },
  { personId: 'B', name: '乙' },
] as Parameters<typeof subjectsToServe>[0]['subjects'];
const item = (p: string) => ({ subjectPersonId: p });
const d1 = { id: 'd1', seq: 1, status: 'superseded', items: [item('A'), item('B')] };
const d2 = { id: 'd2', seq: 2, status: 'in_force', items: [item('A'), item('B')] };
const served = (p: string, decisionId: string, on: string) => ({ subjectPersonId: p, decisionId, notifiedOn: on, defenceWaived: false });

describe('WC-11: the 送达 step offers the subjects the decision in force is still to be served on', () => {
  it('WC-11: after a change on A’s defence, A is to be served again; B’s service of the first decision stands', () => {
    const c = {
      subjects,
      decisions: [d1, d2],
      appeals: [{ id: 'ap', subjectPersonId: 'A', decisionId: 'd1', kind: 'defence', outcome: 'changed', newDecisionId: 'd2' }],
      notifications: [served('A', 'd1', '2025-09-01'), served('B', 'd1', '2025-09-01')],
    } as unknown as Parameters<typeof subjectsToServe>[0];
    expect(subjectsToServe(c).map((s) => s.personId)).toEqual(['A']);
    c.notifications.push(served('A', 'd2', '2025-09-04') as never);
    expect(subjectsToServe(c)).toEqual([]);
  });
});
