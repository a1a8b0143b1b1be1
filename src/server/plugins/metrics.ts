// GET /metrics in the Prometheus text format (prom-client), one registry per app:
//   wenze_http_request_duration_seconds{method,route,status_code}  histogram; `route` is the
//     route pattern (/api/v1/cases/:id), never the raw URL (no ids, no receipt codes)
//   wenze_case_transitions_total{action,from,to}  committed case steps
//   wenze_deadlines_overdue{kind}  unmet deadlines of open cases past due, counted on scrape
//   wenze_backup_{last_success,last_failure}_timestamp_seconds, wenze_backup_consecutive_failures  scheduled backups
//   wenze_db_pool_{total,idle,waiting}_clients  PostgreSQL connection pool (PostgreSQL only)
//   plus prom-client's default process metrics (wenze_process_*, wenze_nodejs_*).
// No outbox gauge: there is no outbox yet.
// Access: with METRICS_TOKEN set, `Authorization: Bearer <METRICS_TOKEN>`; without it, only
// from the loopback interface (a reverse proxy on the same host must not forward /metrics).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { countOutbox, countOverdueDeadlines } from '../../services/cases/metrics-repo';
import { readJob } from '../../repositories/jobs/jobs-repo';
import { BACKUP_JOB } from '../../services/jobs/backup-job';
import { onStepPerformed } from '../../services/cases/step-events';
import type { Deps } from '../../services/context';

export interface MetricsOptions {
  /** bearer token for /metrics; default process.env.METRICS_TOKEN; unset → loopback only */
  token?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function allowed(req: FastifyRequest, token: string | undefined): boolean {
  if (!token) return LOOPBACK.has(req.socket.remoteAddress ?? '');
  const h = req.headers.authorization ?? '';
  const given = Buffer.from(h.startsWith('Bearer ') ? h.slice(7).trim() : '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

// Process metrics once per process (their collectors hold observers); app metrics per app.
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'wenze_' });
  }
  return processRegistry;
}

export function installMetrics(app: FastifyInstance, deps: Deps, opts: MetricsOptions = {}): Registry {
  const register = new Registry();

  const http = new Histogram({
    name: 'wenze_http_request_duration_seconds',
    help: 'HTTP requests by route pattern: count and duration',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  const transitions = new Counter({
    name: 'wenze_case_transitions_total',
    help: 'Committed case steps (performAction) by action and states',
    labelNames: ['action', 'from', 'to'] as const,
    registers: [register],
  });
  new Gauge({
    name: 'wenze_deadlines_overdue',
    help: 'Unmet deadlines of open cases past due today (China date), by kind (FL-16 handling, WC-9(1) transfer)',
    labelNames: ['kind'] as const,
    registers: [register],
    async collect() {
      this.reset();
      for (const r of await countOverdueDeadlines(deps.db, chinaDate(deps.clock.now()))) this.set({ kind: r.kind }, r.n);
    },
  });
  new Gauge({
    name: 'wenze_outbox_depth',
    help: 'Notification outbox rows by status: pending (still to deliver) and dead (given up after retries)',
    labelNames: ['status'] as const,
    registers: [register],
    async collect() {
      this.reset();
      const by = new Map((await countOutbox(deps.db)).map((r) => [r.status, r.n]));
      for (const status of ['pending', 'dead']) this.set({ status }, by.get(status) ?? 0);
    },
  });
  // scheduled backups (src/services/jobs): the outcome in the job row, whichever server ran it
  const backupJob = async () => readJob(deps.db.kysely, BACKUP_JOB);
  const seconds = (iso: string | null | undefined): number => (iso ? Date.parse(iso) / 1000 : 0);
  new Gauge({
    name: 'wenze_backup_last_success_timestamp_seconds',
    help: 'Scheduled backup: when the last one succeeded (Unix seconds; 0 = never). Alert when older than a day and a bit',
    registers: [register],
    async collect() {
      this.set(seconds((await backupJob())?.last_success_at));
    },
  });
  new Gauge({
    name: 'wenze_backup_last_failure_timestamp_seconds',
    help: 'Scheduled backup: when an attempt last failed (Unix seconds; 0 = never)',
    registers: [register],
    async collect() {
      this.set(seconds((await backupJob())?.last_failure_at));
    },
  });
  new Gauge({
    name: 'wenze_backup_consecutive_failures',
    help: 'Scheduled backup: failed attempts since the last success',
    registers: [register],
    async collect() {
      this.set(Number((await backupJob())?.consecutive_failures ?? 0));
    },
  });
  const pool = deps.db.pool;
  if (pool) {
    const poolGauge = (name: string, help: string, read: () => number): void => {
      new Gauge({ name, help, registers: [register], collect() { this.set(read()); } });
    };
    poolGauge('wenze_db_pool_total_clients', 'PostgreSQL pool: open connections', () => pool.totalCount);
    poolGauge('wenze_db_pool_idle_clients', 'PostgreSQL pool: idle connections', () => pool.idleCount);
    poolGauge('wenze_db_pool_waiting_clients', 'PostgreSQL pool: requests waiting for a connection', () => pool.waitingCount);
  }

  const off = onStepPerformed((e) => {
    if (e.db === deps.db) transitions.inc({ action: e.action, from: e.from, to: e.to });
  });
  app.addHook('onClose', async () => {
    off();
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    http.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const token = opts.token ?? (process.env.METRICS_TOKEN || undefined);
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (!allowed(req, token)) throw new AppError('UNAUTHENTICATED');
    const all = Registry.merge([processMetrics(), register]);
    return reply.type(register.contentType).send(await all.metrics());
  });
  return register;
}
