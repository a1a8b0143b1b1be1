// Proof of work for the public report channel (issue 9: an anti-abuse check that needs no
// third-party service). The scheme is ALTCHA's: the server picks a random salt and a secret
// number n ≤ maxNumber, sends challenge = SHA-256(salt + n) signed with an HMAC key only it
// holds; the browser finds n by trying 0, 1, 2 … (a Web Worker, web/src/public/pow-worker.ts),
// which costs it about maxNumber/2 hashes; the server checks the signature, the hash, the expiry
// and that the solution is used once. No cookie, no address, nothing stored but the used
// signatures until they expire.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export interface PowChallenge {
  algorithm: 'SHA-256';
  challenge: string;
  maxNumber: number;
  salt: string;
  signature: string;
}

export interface PowSolution {
  algorithm: string;
  challenge: string;
  number: number;
  salt: string;
  signature: string;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export interface ProofOfWorkOptions {
  /** the search space; the browser tries maxNumber/2 hashes on average */
  maxNumber?: number;
  /** how long a challenge may be solved and used, milliseconds */
  ttlMs?: number;
  now?: () => number;
}

export class ProofOfWork {
  private readonly key = randomBytes(32);
  private readonly used = new Map<string, number>();
  private readonly maxNumber: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(opts: ProofOfWorkOptions = {}) {
    this.maxNumber = opts.maxNumber ?? 100_000;
    this.ttlMs = opts.ttlMs ?? 20 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  private sign(challenge: string): string {
    return createHmac('sha256', this.key).update(challenge).digest('hex');
  }

  create(): PowChallenge {
    const expires = Math.floor((this.now() + this.ttlMs) / 1000);
    const salt = `${randomBytes(12).toString('hex')}?expires=${expires}`;
    const challenge = sha256(salt + String(randomInt(0, this.maxNumber + 1)));
    return { algorithm: 'SHA-256', challenge, maxNumber: this.maxNumber, salt, signature: this.sign(challenge) };
  }

  /** true once for a valid, unexpired, correctly solved challenge of this server; false otherwise */
  verify(s: PowSolution): boolean {
    if (s.algorithm !== 'SHA-256' || !/^[0-9a-f]{64}$/.test(s.challenge) || !/^[0-9a-f]{64}$/.test(s.signature)) return false;
    if (!Number.isSafeInteger(s.number) || s.number < 0 || s.number > this.maxNumber) return false;
    const m = /^[0-9a-f]{24}\?expires=(\d{1,12})$/.exec(s.salt);
    if (!m) return false;
    const expiresMs = Number(m[1]) * 1000;
    if (expiresMs < this.now()) return false;
    if (!timingSafeEqual(Buffer.from(this.sign(s.challenge), 'hex'), Buffer.from(s.signature, 'hex'))) return false;
    if (sha256(s.salt + String(s.number)) !== s.challenge) return false;
    this.prune();
    if (this.used.has(s.signature)) return false;
    this.used.set(s.signature, expiresMs);
    return true;
  }

  private prune(): void {
    const now = this.now();
    for (const [sig, exp] of this.used) if (exp < now) this.used.delete(sig);
  }
}

/** Solves a challenge the way the browser's worker does (tests, benchmarks, API clients). */
export function solveProofOfWork(c: PowChallenge): PowSolution {
  for (let n = 0; n <= c.maxNumber; n++) {
    if (sha256(c.salt + String(n)) === c.challenge) return { algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature };
  }
  throw new Error('no solution in range');
}
