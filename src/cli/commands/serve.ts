// `wenze serve`, `wenze start` (what `npm start` runs) and `wenze migrate`.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { migrateToLatest } from '../../db/migrate';
import { buildApp } from '../../server/app';
import { rateLimitStoreFor } from '../../server/plugins/rate-limits';
import { parsePublicOrigins } from '../../server/plugins/csrf';
import { exitOnSignals } from '../../server/shutdown';
import { countUsers } from '../../services/auth-service';
import { assertSafeToListen, unlinkedCaseworkNotice } from '../../services/security/listen-guard';
import { globalOpts, openDeps, run } from '../runtime';
import { startHooks } from '../start-hooks';
import { startAlertTimer } from '../../services/alerts/alerts-service';
import { startNotificationRuntime } from '../../services/notify/runtime';
import { backupScheduleFromEnv, startBackupRuntime } from '../../services/jobs/runtime';
import { packageRoot } from '../../lib/package-root';

const repoRoot = packageRoot();
export const WEB_DIST = path.join(repoRoot, 'web', 'dist');

/** Listen on this computer only unless told otherwise (等保2.0 入侵防范: safe by default). */
export const DEFAULT_HOST = '127.0.0.1';

/** TRUST_PROXY: unset/0/false → off; 1/true → any proxy; a number > 1 → that many hops; otherwise addresses/CIDRs. */
export function parseTrustProxy(v: string | undefined): boolean | number | string {
  const s = (v ?? '').trim();
  if (s === '' || s === '0' || /^false$/i.test(s)) return false;
  if (s === '1' || /^true$/i.test(s)) return true;
  if (/^\d+$/.test(s)) return Number(s);
  return s;
}

const envFlag = (v: string | undefined): boolean => /^(1|true|yes)$/i.test((v ?? '').trim());

async function serve(cmd: Command, opts: { port: string; host: string; demo?: boolean }): Promise<void> {
  // the scheduled backup's settings are checked before anything starts (a bad value stops the start)
  const backupSchedule = backupScheduleFromEnv(process.env, globalOpts(cmd).data);
  // a malformed PUBLIC_ORIGIN stops the start (read before anything opens)
  const publicOrigins = parsePublicOrigins(process.env.PUBLIC_ORIGIN);
  const deps = await openDeps(globalOpts(cmd));
  for (const hook of startHooks) await hook(deps, { demo: Boolean(opts.demo) });
  // Before anything listens: no demo password on an address other computers can reach.
  try {
    await assertSafeToListen(deps, opts.host);
  } catch (err) {
    await deps.db.close();
    throw err;
  }
  const lifecycle = { closing: false };
  const app = await buildApp({
    deps,
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    webRoot: WEB_DIST,
    lifecycle,
    trustProxy: parseTrustProxy(process.env.TRUST_PROXY),
    cookieSecure: envFlag(process.env.COOKIE_SECURE),
    // CSRF: the origins the site is served at (unset: the request's own host)
    publicOrigins,
    // unset: in the database on PostgreSQL (every server on it counts together), in memory on SQLite
    rateLimitStore: rateLimitStoreFor(process.env.RATE_LIMIT_STORE, deps.db.dialect),
  });
  // early-intervention alerts: evaluated at start (start hook) and then hourly while serving
  const stopAlerts = startAlertTimer(deps, Number(process.env.ALERTS_EVERY_MS ?? 3_600_000), (err) => app.log.error({ err }, 'alert evaluation failed'));
  app.server.on('close', stopAlerts);
  const port = Number(opts.port);
  await app.listen({ port, host: opts.host });
  const users = await countUsers(deps);
  const bound = app.server.address();
  const addr = bound && typeof bound === 'object' ? bound : { address: opts.host, port };
  const shown = addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  console.log(`Wenze 问责 — http://${shown}:${addr.port}  (数据库 database: ${deps.db.dialect}${deps.db.file ? ' ' + deps.db.file : ''})`);
  if (users === 0) console.log('新系统：请在浏览器中创建首个管理员 / New installation: open the browser to create the first administrator');
  // FL-5(1): casework accounts made before casework roles required a register person
  const unlinked = await unlinkedCaseworkNotice(deps);
  if (unlinked) console.log(unlinked);
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) console.log('(web/dist 不存在：仅提供 API / no web build: API only)');
  // notifications (issue 12): the outbox worker and the deadline scan run in the server process
  const notifications = startNotificationRuntime(deps, process.env, (m) => app.log.warn(m));
  // scheduled backups with retention (BACKUP_DIR …): one server of those sharing the database takes each
  const backups = startBackupRuntime(deps, backupSchedule, process.env, (m) => app.log.warn(m));
  // SIGTERM/SIGINT: stop accepting, drain the requests in flight, close the database, exit
  exitOnSignals({ app, closeDb: async () => { await backups.stop(); await notifications.stop(); await deps.db.close(); }, state: lifecycle }, { timeoutMs: Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000) });
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动服务 / run the server')
    .option('--port <n>', 'port', process.env.PORT ?? '3000')
    .option('--host <host>', '监听地址（默认仅本机） / address to listen on (default: this computer only)', process.env.HOST ?? DEFAULT_HOST)
    .option('--demo', '首次启动时载入演示数据 / load demo data into an empty database')
    .action((opts, cmd: Command) => run(() => serve(cmd, opts)));

  program
    .command('start')
    .description('构建前端（如缺失）、迁移、载入演示数据（首次）并启动 / what `npm start` runs')
    .option('--port <n>', 'port', process.env.PORT ?? '3000')
    .option('--host <host>', '监听地址（默认仅本机） / address to listen on (default: this computer only)', process.env.HOST ?? DEFAULT_HOST)
    .action((opts, cmd: Command) =>
      run(async () => {
        await ensureWebBuild();
        await serve(cmd, { ...opts, demo: true });
      }),
    );

  program
    .command('migrate')
    .description('应用数据库迁移 / apply database migrations')
    .action((_opts, cmd: Command) =>
      run(async () => {
        const deps = await openDeps(globalOpts(cmd), { migrate: false });
        const r = await migrateToLatest(deps.db);
        console.log(r.applied.length ? `已应用 applied: ${r.applied.join(', ')}` : '数据库已是最新 / database is up to date');
        await deps.db.close();
      }),
    );
}

async function ensureWebBuild(): Promise<void> {
  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) return;
  if (!fs.existsSync(path.join(repoRoot, 'web', 'vite.config.ts'))) return;
  console.log('构建前端 / building the web app (first start only)…');
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('web build failed');
}
