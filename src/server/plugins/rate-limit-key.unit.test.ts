// Issue 9 §5: the reporter channel's rate-limit counters are keyed by a keyed hash of the client
// address that changes every day — never the address itself.
import { describe, expect, it } from 'vitest';
import { dailyAddressKey, isReporterRoute } from './rate-limits';

describe('issue 9 §5 rate limits on the reporter channel use a daily keyed hash of the address', () => {
  it('the key holds no address, is stable within a day, differs across days and addresses', () => {
    const a = dailyAddressKey('203.0.113.7', '2025-09-01', false);
    expect(a).not.toContain('203.0.113.7');
    expect(a).not.toContain('203');
    expect(dailyAddressKey('203.0.113.7', '2025-09-01', false)).toBe(a);
    expect(dailyAddressKey('203.0.113.7', '2025-09-02', false)).not.toBe(a);
    expect(dailyAddressKey('203.0.113.8', '2025-09-01', false)).not.toBe(a);
  });

  it('applies to the public reporter routes, not to sign-in', () => {
    expect(isReporterRoute('/api/v1/public/reports')).toBe(true);
    expect(isReporterRoute('/api/v1/public/reports/:receiptCode')).toBe(true);
    expect(isReporterRoute('/api/v1/auth/login')).toBe(false);
  });
});
