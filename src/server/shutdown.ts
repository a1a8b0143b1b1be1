// Graceful shutdown (SIGTERM/SIGINT): stop accepting connections, let the requests in flight
// finish (and with them their transactions), then close the database. Readiness turns 503 at
// once so a load balancer stops sending traffic. Requests still running after `timeoutMs` are
// cut (their transactions roll back: nothing half-written), then the database is closed.
import type { FastifyInstance } from 'fastify';

export interface ShutdownTarget {
  app: FastifyInstance;
  /** closes the database (pool) */
  closeDb: () => Promise<void>;
  /** set to true when shutdown starts (readiness reads it) */
  state?: { closing: boolean };
}

export async function gracefulShutdown(t: ShutdownTarget, { timeoutMs = 10_000 } = {}): Promise<{ drained: boolean }> {
  if (t.state) t.state.closing = true;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  // keep-alive connections become idle as their last response is sent: close them then
  const sweeper = setInterval(() => t.app.server.closeIdleConnections(), 100);
  const r = await Promise.race([t.app.close().then(() => 'closed' as const), timedOut]);
  clearTimeout(timer);
  clearInterval(sweeper);
  if (r === 'timeout') {
    t.app.log.warn({ timeoutMs }, 'shutdown: requests still running after the timeout; closing their connections');
    t.app.server.closeAllConnections();
  }
  await t.closeDb();
  return { drained: r === 'closed' };
}

/** Installs SIGTERM/SIGINT handlers that shut down gracefully, then exit. */
export function exitOnSignals(t: ShutdownTarget, opts: { timeoutMs?: number } = {}): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) return;
    started = true;
    t.app.log.info({ signal }, 'shutting down');
    gracefulShutdown(t, opts).then(
      ({ drained }) => process.exit(drained ? 0 : 1),
      (err: unknown) => {
        t.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
