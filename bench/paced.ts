// A fixed request rate, open loop, for `npm run bench:load` (issue 14 point 6): "p99 < 100 ms at
// the highest rate sustained" needs a rate, not bursts.
import http from 'node:http';
import { LatencyByKind, type KindLatency } from './load-stats';

/** One request of a mix: its kind (for the per-kind figures), method, path and body, made fresh for each send. */
export interface MixRequest {
  kind: string;
  method: 'GET' | 'POST';
  path: () => string;
  body?: () => string;
  /** the route as counted in the non-2xx table */
  route: (path: string) => string;
}

export interface RunResult {
  seconds: number;
  rate: number | null;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  total: number;
  /** p50/p99/max (ms) per request kind, and `all` */
  byKind: Record<string, KindLatency>;
}

export interface PacedOptions {
  port: number;
  /** the requests, cycled in order */
  cycle: readonly MixRequest[];
  headers: Record<string, string>;
  seconds: number;
  rate: number;
  /** at most this many keep-alive connections (default 64); a request waiting for one waits in the agent */
  maxSockets?: number;
  onAnswer?: (m: MixRequest, path: string, status: number, body: string) => void;
}

/**
 * A fixed rate, open loop: request i is due at start + i / rate, evenly spaced, whether or not the
 * earlier ones were answered. Its latency runs from the time it was DUE to its last byte, so a
 * server (or a generator) that falls behind is charged for every request it delayed: the honest
 * p99 at that rate, with no coordinated omission.
 *
 * Not autocannon's `overallRate`: that gives each connection a budget per second and lets it send
 * the budget back to back at each second's start, so all connections burst together once a second
 * and a "19 req/s" run is really bursts of 10 concurrent requests. Measured before the change on
 * PostgreSQL: p50 88 ms at "19/s" against 58 ms at full speed; paced, p50 9 ms at 19/s.
 */
export async function pacedRun(o: PacedOptions): Promise<RunResult> {
  const byKind = new LatencyByKind();
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 64 });
  const total = Math.max(1, Math.round(o.seconds * o.rate));
  const interval = 1000 / o.rate;
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  const pending: Promise<void>[] = [];
  const send = (m: MixRequest, due: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const path = m.path();
      const body = m.body?.();
      const headers = body ? { ...o.headers, 'content-length': String(Buffer.byteLength(body)) } : o.headers;
      const req = http.request({ host: '127.0.0.1', port: o.port, method: m.method, path, agent, headers, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          byKind.record(m.kind, performance.now() - due);
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) non2xx++;
          o.onAnswer?.(m, path, status, Buffer.concat(chunks).toString('utf8'));
          resolve();
        });
      });
      req.on('timeout', () => {
        timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const start = performance.now() + 5;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((res) => setTimeout(res, wait));
    pending.push(send(o.cycle[i % o.cycle.length]!, due));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const summary = byKind.summary();
  return {
    seconds: o.seconds,
    rate: o.rate,
    requestsPerSecond: Math.round((total / elapsed) * 10) / 10,
    p50: Math.round(summary.all?.p50 ?? 0),
    p99: Math.round(summary.all?.p99 ?? 0),
    errors,
    timeouts,
    non2xx,
    total,
    byKind: summary,
  };
}
