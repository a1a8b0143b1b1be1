// End-to-end harness: the real server in-process (buildApp on a temporary SQLite database,
// listening on 127.0.0.1 with port 0), the built web app (web/dist, rebuilt when a source file
// is newer), and Debian's Chromium driven by playwright-core. Never a downloaded browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { buildApp } from '../../src/server/app';
import { LocalFileStore } from '../../src/files/file-store';
import { systemClock } from '../../src/lib/clock';
import { startHooks } from '../../src/cli/start-hooks';
import { generateSync } from 'otplib';
import { createUserAsSystem } from '../../src/services/auth-service';
import { requiresTotp } from '../../src/policies/accounts';
import type { Deps } from '../../src/services/context';
import { isPersonBound, type Role } from '../../src/policies/roles';
import { makeAccountHolder } from '../factories/registers';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = path.join(ROOT, 'web', 'dist');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';

/** Browser tests run wherever Chromium is installed, and always in CI (where its absence is a failure). */
export const browserAvailable = fs.existsSync(CHROMIUM) || Boolean(process.env.CI);
export const skipReason = `[e2e] ${CHROMIUM} not found and not in CI: browser tests skipped (apt-get install -y chromium fonts-noto-cjk)`;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Build web/dist once if it is missing or older than the web sources. */
export function ensureWebBuild(): void {
  const index = path.join(WEB_DIST, 'index.html');
  const sources = Math.max(newestMtime(path.join(ROOT, 'web', 'src')), fs.statSync(path.join(ROOT, 'web', 'index.html')).mtimeMs, fs.statSync(path.join(ROOT, 'web', 'vite.config.ts')).mtimeMs);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('web build failed');
}

export interface E2EServer {
  url: string;
  deps: Deps;
  app: FastifyInstance;
  dataDir: string;
  addUser(username: string, displayName: string, roles: Role[], personId?: string | null): Promise<string>;
  /** the register person each account added here is linked to (null: none) */
  personIds: Record<string, string | null>;
  close(): Promise<void>;
}

export const E2E_PASSWORD = 'e2e-password-2025';
/** The TOTP secret of e2e accounts that must use a second factor (administrators, clerks). */
export const E2E_TOTP_SECRET = 'E2ETOTPSECRETWENZEE2ETOTPSECRETW';

/**
 * A TOTP code for `secret`, waiting for a fresh 30-second step when the same account (`account`:
 * server and user name; the secret alone when not given) already used a code in the current one.
 * The server accepts each step once per account (users.totp_last_step), so different accounts
 * sharing the e2e secret never wait for each other.
 */
const lastStep = new Map<string, number>();
export async function totpCodeFor(secret: string, account: string = secret): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  const prev = lastStep.get(account);
  if (prev !== undefined && step <= prev) {
    await new Promise((r) => setTimeout(r, (prev + 1) * 30_000 - Date.now() + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  lastStep.set(account, step);
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) });
}

/**
 * Servers started in this process, by URL: their sign-in may skip the 30-second wait by clearing
 * the account's used step first (replay refusal itself is tested in test/api/accounts.test.ts).
 */
const inProcessServers = new Map<string, Deps>();

async function totpCodeForSignIn(base: string, username: string, secret: string): Promise<string> {
  const deps = inProcessServers.get(base);
  if (!deps) return totpCodeFor(secret, `${base}|${username}`);
  await deps.db.kysely.updateTable('users').set({ totp_last_step: null }).where('username', '=', username).execute();
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) });
}

/** `demo: true` loads the demo commission (as `wenze serve --demo` does on a first start). */
export async function startServer(opts: { demo?: boolean } = {}): Promise<E2EServer> {
  ensureWebBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-e2e-'));
  const db = await openDatabase({ dataDir });
  await migrateToLatest(db);
  const deps: Deps = { db, clock: systemClock, files: new LocalFileStore(path.join(dataDir, 'files')) };
  for (const hook of startHooks) await hook(deps, { demo: opts.demo ?? false });
  const app = await buildApp({ deps, webRoot: WEB_DIST });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  inProcessServers.set(url, deps);
  const personIds: Record<string, string | null> = {};
  return {
    url,
    deps,
    app,
    dataDir,
    personIds,
    async addUser(username, displayName, roles, personId = null) {
      // FL-5(1): a casework account is linked to its holder; one the test names none for gets one
      const holder = personId ?? (roles.some(isPersonBound) ? await makeAccountHolder(deps, displayName) : null);
      personIds[username] = holder;
      const u = await createUserAsSystem(deps, { username, displayName, password: E2E_PASSWORD, roles, personId: holder });
      if (requiresTotp(roles)) await deps.db.kysely.updateTable('users').set({ totp_secret: `${E2E_TOTP_SECRET}`, totp_enabled_at: new Date().toISOString() }).where('id', '=', u.id).execute();
      return u.id;
    },
    async close() {
      inProcessServers.delete(url);
      await app.close();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface E2EBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A headless Chromium with its own new profile. `reducedMotion` (the default): the browser reports
 * the system setting "reduce motion", and the app turns its animations off (web/src/app.tsx, WCAG
 * 2.3.3) — pages are read at rest, clicks never land on a list or a drawer still moving (the flaky
 * picks of earlier runs), and the two-core machine renders no transitions. One journey keeps the
 * animations on (`reducedMotion: false`: case-lifecycle.test.ts), as most users see the app.
 */
export async function launchBrowser(opts: { reducedMotion?: boolean } = {}): Promise<E2EBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ...((opts.reducedMotion ?? true) ? { reducedMotion: 'reduce' as const } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 1366, height: 768 });
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // Wait for loading spinners to finish so the picture shows the page as a user reads it.
  // Not a check (the picture is taken either way), but never silent: a stuck spinner is reported.
  await page
    .waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'), null, { timeout: 10_000 })
    .catch(() => console.warn(`[e2e] screenshot ${name}: loading spinners still showing after 10 s`));
  // A drawer is fixed to the viewport: take those as the user sees them (fullPage: false).
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: opts.fullPage ?? true, animations: 'disabled' });
}

/** Sign in through the login page (and its second step when the account has a TOTP secret). */
export async function signIn(page: Page, base: string, username: string, password = E2E_PASSWORD, totpSecret = E2E_TOTP_SECRET): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('#login_username').fill(username);
  await page.locator('#login_password').fill(password);
  await page.getByTestId('login-submit').click();
  const next = await Promise.race([
    page.getByTestId('user-menu').waitFor().then(() => 'in' as const),
    page.getByTestId('totp-submit').waitFor().then(() => 'totp' as const),
  ]);
  if (next === 'totp') {
    await page.locator('#totp_code').fill(await totpCodeForSignIn(base, username, totpSecret));
    await page.getByTestId('totp-submit').click();
    await page.getByTestId('user-menu').waitFor();
  }
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').hover();
  await page.getByText(/退出登录|Sign out/).click();
  await page.getByTestId('login-submit').waitFor();
}
