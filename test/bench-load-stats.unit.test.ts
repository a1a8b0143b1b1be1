import { describe, expect, it } from 'vitest';
import { LatencyByKind, percentile } from '../bench/load-stats';

describe('bench:load latencies per request kind (issue 14)', () => {
  it('percentile is the nearest rank: p50 of 1..100 is 50, p99 is 99, one value is every percentile', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile(v, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 99)).toBe(0);
  });

  it('keeps each kind apart, so one slow kind shows in its own p99 and not in the others', () => {
    const l = new LatencyByKind();
    for (let i = 0; i < 99; i++) l.record('GET /api/v1/queue', 10);
    l.record('GET /api/v1/queue', 12);
    for (let i = 0; i < 10; i++) l.record('POST /api/v1/original-cases', 150 + i);
    const s = l.summary();
    expect(Object.keys(s)).toEqual(['GET /api/v1/queue', 'POST /api/v1/original-cases', 'all']);
    expect(s['GET /api/v1/queue']).toEqual({ n: 100, p50: 10, p99: 10, max: 12 });
    expect(s['POST /api/v1/original-cases']).toMatchObject({ n: 10, p50: 154, p99: 159, max: 159 });
    expect(s.all!.n).toBe(110);
  });
});
