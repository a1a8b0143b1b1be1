// The part of autocannon 9 (no bundled types, no @types package installed) that bench/load.ts uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';
  namespace autocannon {
    interface RequestParams {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }
    interface Request extends RequestParams {
      setupRequest?: (req: RequestParams, context: Record<string, unknown>) => RequestParams;
      onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
    }
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      overallRate?: number;
      ignoreCoordinatedOmission?: boolean;
      requests?: Request[];
    }
    interface Histogram {
      average: number;
      total: number;
      p50: number;
      p99: number;
    }
    interface Result {
      requests: Histogram;
      latency: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
    }
  }
  /** a thenable EventEmitter: 'response' (client, statusCode, resBytes, responseTimeMs) per response */
  function autocannon(opts: autocannon.Options): Promise<autocannon.Result> & EventEmitter;
  export default autocannon;
}
