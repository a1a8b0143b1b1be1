import { describe, expect, it } from 'vitest';
import { teamCandidateLabel } from './action-drawer';

describe('team candidates (WC-9(2), FL-5(1), FL-7(7))', () => {
  it('FL-7(7): a candidate who must stand aside reads only the neutral ground — one, whatever the server sends — never a kind of ground that could single out the reporter', () => {
    const u = { displayName: '何勇', username: 'investigator3', conflicts: [{ zh: '依法应当回避', en: 'must stand aside by law' }, { zh: '依法应当回避', en: 'must stand aside by law' }] };
    expect(teamCandidateLabel(u, 'zh')).toBe('何勇（investigator3） — 依法应当回避，不可选');
    expect(teamCandidateLabel(u, 'en')).toBe('何勇（investigator3） — must stand aside by law, cannot be chosen');
    expect(teamCandidateLabel(u, 'zh')).not.toContain('利害关系');
  });
  it('a candidate without a ground reads by name alone', () => {
    expect(teamCandidateLabel({ displayName: '王大伟', username: 'investigator1', conflicts: [] }, 'zh')).toBe('王大伟（investigator1）');
  });
});
