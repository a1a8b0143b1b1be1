import { describe, expect, it } from 'vitest';
import { ProofOfWork, solveProofOfWork } from './proof-of-work';

describe('the reporter channel’s proof of work (issue 9, ALTCHA scheme)', () => {
  it('FL-4 anti-abuse: a solved challenge passes once; reused, forged, foreign or expired ones fail', () => {
    let now = Date.parse('2025-09-01T02:00:00Z');
    const pow = new ProofOfWork({ maxNumber: 2000, ttlMs: 60_000, now: () => now });
    const s = solveProofOfWork(pow.create());
    expect(pow.verify(s)).toBe(true);
    expect(pow.verify(s)).toBe(false); // used once
    expect(pow.verify({ ...solveProofOfWork(pow.create()), number: -1 })).toBe(false);
    const c = pow.create();
    expect(pow.verify({ ...solveProofOfWork(c), signature: '0'.repeat(64) })).toBe(false);
    const other = new ProofOfWork({ maxNumber: 2000, now: () => now });
    expect(other.verify(solveProofOfWork(pow.create()))).toBe(false); // another server's key
    const late = solveProofOfWork(pow.create());
    now += 61_000;
    expect(pow.verify(late)).toBe(false);
  });
});
