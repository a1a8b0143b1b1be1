import { describe, expect, it } from 'vitest';
import { newId } from './ids';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('ids (ULID form, monotonic within a process)', () => {
  it('ids made in the same millisecond sort in the order they were made (the files of one report keep their order)', () => {
    const at = Date.UTC(2026, 11, 6, 12, 0, 0);
    const ids = Array.from({ length: 500 }, () => newId(at));
    expect(new Set(ids).size).toBe(500);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(ULID);
    // the time part is the millisecond given
    expect(new Set(ids.map((id) => id.slice(0, 10))).size).toBe(1);
  });

  it('a later millisecond starts from fresh randomness and still sorts after the earlier ones', () => {
    const at = Date.UTC(2026, 11, 6, 12, 0, 1);
    const a = newId(at);
    const b = newId(at + 1);
    const c = newId(at + 1);
    expect([a, b, c].sort()).toEqual([a, b, c]);
    expect(b.slice(0, 10)).not.toBe(a.slice(0, 10));
  });

  it('an earlier time given after a later one is not pushed forward: its id carries the time given', () => {
    const later = newId(Date.UTC(2026, 11, 6, 12, 0, 2));
    const earlier = newId(Date.UTC(2026, 11, 6, 11, 0, 0));
    expect(earlier < later).toBe(true);
  });
});
