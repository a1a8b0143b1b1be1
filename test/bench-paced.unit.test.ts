import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedRun, type MixRequest } from '../bench/paced';

// Issue 14 point 6 (bench:load): "p99 at the highest rate sustained" needs requests at a rate,
// evenly spaced, not a per-second budget sent in a burst (autocannon's overallRate), and each
// latency timed from when the request was due.
describe('bench:load paced run (a fixed rate, open loop)', () => {
  let server: http.Server | undefined;
  afterEach(async () => new Promise<void>((res) => (server ? server.close(() => res()) : res())));

  const listen = async (handler: http.RequestListener): Promise<number> => {
    server = http.createServer(handler);
    await new Promise<void>((res) => server!.listen(0, '127.0.0.1', res));
    return (server.address() as AddressInfo).port;
  };
  const get = (kind: string): MixRequest => ({ kind, method: 'GET', path: () => `/${kind}`, route: (p) => `GET ${p}` });

  it('spreads the requests over the run at the rate instead of sending them in a burst', async () => {
    const arrivals: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const port = await listen((req, res) => {
      arrivals.push(performance.now());
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 2);
    });
    const r = await pacedRun({ port, cycle: [get('a'), get('b')], headers: {}, seconds: 1, rate: 40 });
    expect(r.total).toBe(40);
    expect(arrivals).toHaveLength(40);
    // due 25 ms apart over ~1 s (a busy machine only spreads them further); a per-second budget
    // sent back to back would put all 40 into the first few milliseconds, all in flight at once
    expect(arrivals[39]! - arrivals[0]!).toBeGreaterThan(800);
    const mostIn100ms = Math.max(...arrivals.map((t) => arrivals.filter((u) => u >= t && u < t + 100).length));
    expect(mostIn100ms).toBeLessThanOrEqual(10);
    expect(maxInFlight).toBeLessThan(10);
    expect(Object.keys(r.byKind).sort()).toEqual(['a', 'all', 'b']);
    expect(r.byKind.a!.n + r.byKind.b!.n).toBe(40);
    expect([r.errors, r.non2xx]).toEqual([0, 0]);
  });

  it('charges a server that falls behind for the wait it caused (latency from the due time)', async () => {
    let busyUntil = 0;
    const port = await listen((_req, res) => {
      // one request at a time, 60 ms each: at 40/s (25 ms apart) the backlog grows
      const start = Math.max(performance.now(), busyUntil);
      busyUntil = start + 60;
      setTimeout(() => res.end('ok'), busyUntil - performance.now());
    });
    const r = await pacedRun({ port, cycle: [get('slow')], headers: {}, seconds: 0.5, rate: 40 });
    // 20 requests; the last is served ~20 × 60 ms after the first was due, ~0.5 s after it was due itself
    expect(r.total).toBe(20);
    expect(r.byKind.slow!.max).toBeGreaterThan(500);
  });

  it('counts non-2xx answers and hands each answer to the caller', async () => {
    const port = await listen((req, res) => {
      res.statusCode = req.url === '/bad' ? 404 : 200;
      res.end('{"error":{"code":"NOT_FOUND"}}');
    });
    const seen: string[] = [];
    const r = await pacedRun({ port, cycle: [get('good'), get('bad')], headers: {}, seconds: 0.2, rate: 20, onAnswer: (m, _p, status) => seen.push(`${m.kind}:${status}`) });
    expect(r.non2xx).toBe(2);
    expect(seen.sort()).toEqual(['bad:404', 'bad:404', 'good:200', 'good:200']);
  });
});
