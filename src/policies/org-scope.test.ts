// The organisation scope rule (issue 11): own organisation for business accounts, the subtree for
// supervising (oversight) and administrator accounts, unrestricted only for in-process actors.
import { describe, expect, it } from 'vitest';
import { actorOrgId, DEFAULT_ORG_ID, mayReadOrg, readableOrgIds, scopeFor, subtreeOf } from './org-scope';

const TREE = [
  { id: 'city', parent_id: null },
  { id: 'district', parent_id: 'city' },
  { id: 'housing', parent_id: 'district' },
  { id: 'transport', parent_id: 'district' },
  { id: 'other-district', parent_id: 'city' },
];

describe('Organisations: who reads which organisation', () => {
  it('the subtree of an organisation is itself and everything below it, and nothing beside or above it', () => {
    expect(subtreeOf(TREE, 'district').sort()).toEqual(['district', 'housing', 'transport']);
    expect(subtreeOf(TREE, 'housing')).toEqual(['housing']);
    expect(subtreeOf(TREE, 'city').sort()).toEqual(['city', 'district', 'housing', 'other-district', 'transport']);
  });

  it('a business account reads its own organisation only; a supervisor and an administrator read their subtree', () => {
    for (const r of ['clerk', 'leader', 'investigator', 'decider', 'subject', 'supervisor'] as const) expect(scopeFor(TREE, 'district', [r]), r).toEqual(['district']);
    for (const r of ['oversight', 'sysadmin', 'secadmin', 'auditor'] as const) expect(scopeFor(TREE, 'district', [r]).sort(), r).toEqual(['district', 'housing', 'transport']);
  });

  it('a session’s scope decides; an in-process actor without a scope is unrestricted and acts in the default organisation', () => {
    expect(mayReadOrg({ orgScope: ['housing'] }, 'transport')).toBe(false);
    expect(mayReadOrg({ orgScope: ['housing'] }, 'housing')).toBe(true);
    expect(mayReadOrg({ orgScope: [] }, 'housing')).toBe(false);
    expect(readableOrgIds({})).toBeNull();
    expect(actorOrgId({})).toBe(DEFAULT_ORG_ID);
    expect(actorOrgId({ orgId: 'transport' })).toBe('transport');
  });
});
