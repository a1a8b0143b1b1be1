// Time-ordered, URL-safe ids (ULID form: 10 chars of time + 16 of randomness, Crockford base32).
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Random bytes drawn 4 KiB at a time (one system call per 256 ids instead of one per id).
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

export function newId(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  if (poolAt + 16 > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[POOL[poolAt + i]! % 32];
  // used bytes are overwritten so no two ids share randomness, whatever happens to the pool
  POOL.fill(0, poolAt, poolAt + 16);
  poolAt += 16;
  return time + rand;
}
