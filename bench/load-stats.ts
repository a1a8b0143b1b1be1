// Latencies per request kind for bench/load.ts (issue 14): autocannon reports one histogram for
// the whole mix, which cannot tell which page is slow. The bench records every response's
// duration (autocannon's own measure, from the request's write to the response's end) under its
// kind and prints p50/p99 per kind.

/** The value below which `p` percent of the sorted values lie (nearest rank, as HdrHistogram reports). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface KindLatency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

const ms = (x: number): number => Math.round(x * 10) / 10;

export class LatencyByKind {
  private readonly samples = new Map<string, number[]>();

  record(kind: string, durationMs: number): void {
    let s = this.samples.get(kind);
    if (!s) this.samples.set(kind, (s = []));
    s.push(durationMs);
  }

  /** p50/p99/max per kind, in the order the kinds were first seen, plus `all` */
  summary(): Record<string, KindLatency> {
    const out: Record<string, KindLatency> = {};
    const all: number[] = [];
    for (const [kind, s] of this.samples) {
      all.push(...s);
      out[kind] = stats(s);
    }
    if (all.length) out.all = stats(all);
    return out;
  }
}

function stats(values: readonly number[]): KindLatency {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: ms(percentile(s, 50)), p99: ms(percentile(s, 99)), max: ms(s[s.length - 1] ?? 0) };
}
