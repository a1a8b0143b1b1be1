// The recusal rule as pure functions (src/policies/recusal.ts): what the pack says, and what a
// switched-off separation parameter leaves on record.
import { describe, expect, it } from 'vitest';
import { conflictsOf, dualRoles, impartialityParams, sameOfficer, separationConflicts, type RecusalFacts } from './recusal';

const facts: RecusalFacts = {
  caseId: 'c1',
  tracks: ['FL'],
  subjectPersonIds: ['p-subject'],
  participants: [{ personId: 'p-chair', role: 'deliberation_member', isChair: true }],
  relationships: [{ id: 'r1', userId: null, personId: 'p-cousin', relatedPersonId: 'p-chair', kind: 'close_relative', note: '表兄弟' }],
  reporter: null,
  recusals: [],
  teamUserIds: ['u-inv'],
  accepterUserId: 'u-clerk',
  names: new Map([
    ['p-subject', '张三'],
    ['p-chair', '李四'],
  ]),
  officerOf: new Map(),
};

describe('FL-5(1) recusal rule (pure)', () => {
  it('FL-5(1): each conflict source is a dated pack parameter, on by default, citing 行政处罚法第四十三条; backdating limit 3 days', () => {
    const p = impartialityParams('2025-09-01');
    for (const k of ['subject', 'originalParticipant', 'relationship', 'reporter', 'separationInvestigationDecision', 'separationAccepterChair'] as const) expect(p[k].enabled).toBe(true);
    expect(p.subject.basisZh).toContain('《中华人民共和国行政处罚法》第四十三条');
    expect(p.separationInvestigationDecision.basisZh).toContain('FL-5(1)');
    expect(p.backdate.days).toBe(3);
  });

  it('FL-5(1): the chair of the original deliberation and a declared cousin of the chair are both conflicted; a disabled source is skipped', () => {
    expect(conflictsOf(facts, { userId: 'u1', personId: 'p-chair', name: '李四' })[0]).toMatchObject({ source: 'original_participant', reasonZh: '原执法案件集体讨论主持人' });
    const cousin = conflictsOf(facts, { userId: 'u2', personId: 'p-cousin', name: '王五' });
    expect(cousin[0]).toMatchObject({ source: 'relationship' });
    expect(cousin[0]!.reasonZh).toContain('李四');
    const p = impartialityParams('2025-09-01');
    expect(conflictsOf(facts, { userId: 'u2', personId: 'p-cousin', name: '王五' }, { ...p, relationship: { ...p.relationship, enabled: false } })).toEqual([]);
  });

  it('FL-5(1) 调查与决定分离: a team member may not vote; the accepter may not chair; switched off, the dual role is recorded instead', () => {
    const p = impartialityParams('2025-09-01');
    expect(separationConflicts(facts, 'u-inv', 'voter', p).map((c) => c.source)).toEqual(['investigation_team']);
    expect(separationConflicts(facts, 'u-clerk', 'voter', p)).toEqual([]);
    expect(separationConflicts(facts, 'u-clerk', 'chair', p).map((c) => c.source)).toEqual(['accepter']);
    const off = { ...p, separationInvestigationDecision: { ...p.separationInvestigationDecision, enabled: false } };
    expect(separationConflicts(facts, 'u-inv', 'voter', off)).toEqual([]);
    expect(dualRoles(facts, { userId: 'u-inv', personId: null, name: '赵六' }, 'voter', off)[0]!.zh).toContain('记录双重身份');
  });

  it('FL-5(1): the records of one name in one unit are one officer for every ground judged by register person — subject, original-case participant, declared relative — whatever their employee numbers', () => {
    // p-fake: a namesake of the real officer p-real in her unit (a made-up employee number); p-other: no namesake
    const officerOf = new Map([
      ['p-real', 'unit-1\u0000袁红梅'],
      ['p-fake', 'unit-1\u0000袁红梅'],
      ['p-kin', 'unit-2\u0000李四'],
      ['p-kin2', 'unit-2\u0000李四'],
    ]);
    const f: RecusalFacts = { ...facts, subjectPersonIds: ['p-fake'], participants: [{ personId: 'p-kin2', role: 'handler', isChair: false }], relationships: [], officerOf };
    expect(sameOfficer(f, 'p-real', 'p-fake')).toBe(true);
    expect(sameOfficer(f, 'p-real', 'p-other')).toBe(false);
    expect(sameOfficer(f, 'p-other', 'p-other')).toBe(true);
    const real = conflictsOf(f, { userId: 'u-real', personId: 'p-real', name: '袁红梅' });
    expect(real.map((c) => [c.source, c.reasonZh])).toEqual([['subject', '本案被调查人（同单位同名人员，回避时按同一人认定）']]);
    // the record itself reads as before
    expect(conflictsOf(f, { userId: 'u-fake', personId: 'p-fake', name: '袁红梅' }).map((c) => c.reasonZh)).toEqual(['本案被调查人']);
    // a participant's namesake, and the relative of a namesake (declared either way round)
    expect(conflictsOf(f, { userId: 'u-kin', personId: 'p-kin', name: '李四' }).map((c) => c.source)).toEqual(['original_participant']);
    const rels = (r: RecusalFacts['relationships'][number]): RecusalFacts => ({ ...f, relationships: [r] });
    const mine = rels({ id: 'r1', userId: 'u-x', personId: null, relatedPersonId: 'p-real', kind: 'close_relative', note: null });
    expect(conflictsOf(mine, { userId: 'u-x', personId: 'p-x', name: '王五' }).map((c) => c.source)).toEqual(['relationship']);
    const theirs = rels({ id: 'r2', userId: null, personId: 'p-real', relatedPersonId: 'p-x', kind: 'close_relative', note: null });
    expect(conflictsOf(theirs, { userId: 'u-x', personId: 'p-x', name: '王五' }).map((c) => c.source)).toEqual(['relationship']);
    // a stranger has no ground
    expect(conflictsOf(f, { userId: 'u-y', personId: 'p-other', name: '赵六' })).toEqual([]);
  });
});
