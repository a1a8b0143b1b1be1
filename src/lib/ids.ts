// Time-ordered, URL-safe ids (ULID form: 10 chars of time + 16 of randomness, Crockford base32).
// Monotonic within a process (the ULID specification's monotonic mode): an id made in the same
// millisecond as the one before it takes that id's random part plus one, so ids made one after
// the other sort in the order they were made. Lists ordered by (created_at, id) — the files of one
// report, the rows one step writes — keep their order when the clock has not moved between them.
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Random bytes drawn 4 KiB at a time (one system call per 256 ids instead of one per id).
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

/** the last id's time and its random part as base-32 digits (0–31), for the monotonic step */
let lastTime = -1;
const lastRand = new Uint8Array(16);

function encodeTime(now: number): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time;
}

/** lastRand + 1 in base 32; false when it was the largest value (all digits 31) */
function incrementRandom(): boolean {
  for (let i = 15; i >= 0; i--) {
    if (lastRand[i]! < 31) {
      lastRand[i]!++;
      return true;
    }
    lastRand[i] = 0;
  }
  return false;
}

function freshRandom(): void {
  if (poolAt + 16 > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  for (let i = 0; i < 16; i++) lastRand[i] = POOL[poolAt + i]! % 32;
  // used bytes are overwritten so no two ids share randomness, whatever happens to the pool
  POOL.fill(0, poolAt, poolAt + 16);
  poolAt += 16;
}

export function newId(now: number = Date.now()): string {
  // the same millisecond as the last id: the next value after it (80 bits of room; should they
  // ever run out, the millisecond is taken as the next one, as the specification allows)
  if (now === lastTime && !incrementRandom()) now = lastTime + 1;
  if (now !== lastTime) {
    freshRandom();
    lastTime = now;
  }
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[lastRand[i]!];
  return encodeTime(now) + rand;
}
