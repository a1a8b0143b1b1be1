// 身份保管 rules (issue 9 §4; FL-7(7)): a second person of the configured role decides; a grant
// lets only its requester read only its case, only until it expires; an emergency is short.
import { describe, expect, it } from 'vitest';
import { EMERGENCY_MAX_MINUTES, grantAllowsRead, grantMinutes, mayDecideIdentityRequest, mayRequestIdentity } from './reporter-identity';
import type { Actor } from './roles';

const actor = (userId: string, roles: Actor['roles']): Actor => ({ userId, username: userId, displayName: userId, roles, personId: null });
const clerk = actor('c1', ['clerk']);
const req = { caseId: 'k1', requestedBy: 'c1', status: 'approved', expiresAt: '2025-09-01T03:00:00.000Z' };

describe('FL-7(7) identity custodian rules', () => {
  it('only a clerk asks', () => {
    expect(mayRequestIdentity(clerk)).toBe(true);
    for (const r of ['leader', 'investigator', 'decider', 'secadmin', 'subject'] as const) expect(mayRequestIdentity(actor('x', [r]))).toBe(false);
  });

  it('the configured approver decides, never the requester', () => {
    expect(mayDecideIdentityRequest(actor('s1', ['secadmin']), 'secadmin', req)).toBe(true);
    expect(mayDecideIdentityRequest(actor('l1', ['leader']), 'secadmin', req)).toBe(false);
    expect(mayDecideIdentityRequest(actor('l1', ['leader']), 'leader', req)).toBe(true);
    expect(mayDecideIdentityRequest(actor('c1', ['clerk', 'leader']), 'leader', req)).toBe(false);
  });

  it('a grant reads only its own case, for its requester, before it expires; pending or refused never', () => {
    expect(grantAllowsRead(clerk, 'k1', req, '2025-09-01T02:59:59.000Z')).toBe(true);
    expect(grantAllowsRead(clerk, 'k1', req, '2025-09-01T03:00:00.000Z')).toBe(false);
    expect(grantAllowsRead(clerk, 'k2', req, '2025-09-01T02:00:00.000Z')).toBe(false);
    expect(grantAllowsRead(actor('c2', ['clerk']), 'k1', req, '2025-09-01T02:00:00.000Z')).toBe(false);
    for (const status of ['pending', 'refused']) expect(grantAllowsRead(clerk, 'k1', { ...req, status }, '2025-09-01T02:00:00.000Z')).toBe(false);
    expect(grantAllowsRead(clerk, 'k1', { ...req, status: 'emergency' }, '2025-09-01T02:00:00.000Z')).toBe(true);
  });

  it('an emergency grant lasts at most 30 minutes', () => {
    expect(grantMinutes(60, true)).toBe(EMERGENCY_MAX_MINUTES);
    expect(grantMinutes(10, true)).toBe(10);
    expect(grantMinutes(60, false)).toBe(60);
  });
});
