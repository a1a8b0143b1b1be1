// Started by the server process (`wenze serve`/`start`), never by buildApp: the outbox worker
// and the deadline scan on a timer. Configuration from the environment:
//   SMTP_URL (smtp://user:pass@host:port; unset: e-mails wait in the outbox), SMTP_FROM,
//   NOTIFY_POLL_MS (outbox, default 2000), NOTIFY_SCAN_MS (deadline scan, default 600000),
//   NOTIFY_WORKER=off (this server sends nothing; another one does).
import type { Deps } from '../context';
import { scanDeadlines } from './scanner';
import { OutboxWorker } from './worker';

export interface NotificationRuntime {
  worker: OutboxWorker | null;
  stop(): Promise<void>;
}

export function startNotificationRuntime(deps: Pick<Deps, 'db' | 'clock'>, env: NodeJS.ProcessEnv = process.env, log: (msg: string) => void = () => undefined): NotificationRuntime {
  if (/^off$/i.test(env.NOTIFY_WORKER ?? '')) return { worker: null, stop: async () => undefined };
  const worker = new OutboxWorker(deps, { smtp: env.SMTP_URL || null, ...(env.SMTP_FROM ? { from: env.SMTP_FROM } : {}), pollMs: Number(env.NOTIFY_POLL_MS ?? 2000) });
  worker.start();
  let scanning: Promise<unknown> | null = null;
  const scanMs = Number(env.NOTIFY_SCAN_MS ?? 600_000);
  const scan = (): void => {
    if (scanning) return;
    scanning = scanDeadlines(deps)
      .catch((err: unknown) => log(`deadline scan failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        scanning = null;
      });
  };
  const first = setTimeout(scan, 5_000);
  const timer = setInterval(scan, scanMs);
  first.unref();
  timer.unref();
  return {
    worker,
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await scanning;
      await worker.stop();
    },
  };
}
