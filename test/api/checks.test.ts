// The leak check the fuzz, authz and isolation tests rely on: it must still catch the server's own
// SQL and stack frames, and must not take the fuzzer's stored input, quoted back in a message, for one.
import { describe, expect, it } from 'vitest';
import { leaks } from './checks';

describe('response leak check', () => {
  it('catches an SQL statement, a stack frame and an engine error in a body', () => {
    expect(leaks('{"error":{"message":"select id, version from cases where id = ?"}}')).toBe(true);
    expect(leaks('{"error":{"message":"boom\\n    at run (/work/src/x.ts:12:5)"}}')).toBe(true);
    expect(leaks('{"error":{"message":"SQLITE_CONSTRAINT: NOT NULL"}}')).toBe(true);
  });

  it('does not count a stored fuzz input quoted back in a recusal message (已自行回避（…）) as a leak', () => {
    const body = JSON.stringify({
      error: {
        code: 'RECUSAL_REQUIRED',
        messageZh: 'clerk（已自行回避（1; SELECT pg_sleep(0)）；依据：FL-5(1)），应当回避',
        messageEn: 'clerk (has recused themselves (1; SELECT pg_sleep(0)); basis: FL-5(1)) must stand aside from this step',
      },
    });
    expect(leaks(body)).toBe(false);
  });

  it('still catches SQL the server wrote next to a quoted fuzz input', () => {
    expect(leaks('{"error":{"message":"1; SELECT pg_sleep(0) failed: select * from users"}}')).toBe(true);
  });
});
