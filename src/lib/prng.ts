// A small seeded pseudo-random generator for draws that must be reproduced and audited (双随机
// of supervision campaigns): SplitMix64 (Steele, Lea & Flood 2014; the generator Java's
// SplittableRandom and xoshiro's seeding use). Not for secrets — the seed itself comes from the
// operating system's CSPRNG and is recorded, so anyone can replay the draw.
import { createHash, randomBytes } from 'node:crypto';

const MASK = (1n << 64n) - 1n;

export class SplitMix64 {
  private state: bigint;
  constructor(seed: bigint) {
    this.state = seed & MASK;
  }

  /** the next 64-bit value */
  nextU64(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & MASK;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    return z ^ (z >> 31n);
  }

  /** an integer in [0, n), without modulo bias (rejection sampling) */
  below(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`below(${n})`);
    const bn = BigInt(n);
    const limit = (1n << 64n) - ((1n << 64n) % bn);
    for (;;) {
      const v = this.nextU64();
      if (v < limit) return Number(v % bn);
    }
  }
}

/** A seed as recorded: 16 hex digits (64 bits). */
export const SEED_PATTERN = /^[0-9a-f]{16}$/;

export function newSeed(): string {
  return randomBytes(8).toString('hex');
}

/** The generator for a recorded seed; any other text is hashed (SHA-256, first 64 bits) into one. */
export function prngFromSeed(seed: string): SplitMix64 {
  const hex = SEED_PATTERN.test(seed) ? seed : createHash('sha256').update(seed, 'utf8').digest('hex').slice(0, 16);
  return new SplitMix64(BigInt(`0x${hex}`));
}
