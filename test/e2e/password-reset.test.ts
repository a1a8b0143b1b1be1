// 三员分立, 双人复核 in the browser: the system administrator resets a used leader account's password
// on the users page and sees it awaiting the security administrator; the security administrator
// approves it on the security page; then the leader signs in with it (and must change it first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { browserAvailable, E2E_PASSWORD, E2E_TOTP_SECRET, launchBrowser, screenshot, signIn, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

if (!browserAvailable) console.warn(skipReason);

const NEW_PASSWORD = 'Reset-by-Admin-2026';

describe.skipIf(!browserAvailable)('password reset with the security administrator’s approval (browser)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await server.addUser('sys', '钱系统', ['sysadmin']);
    await server.addUser('sec', '孙安全', ['secadmin']);
    await server.addUser('leader', '李主任', ['leader']);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('三员分立 双人复核: the users page shows the reset awaiting the security administrator; the security page approves it; only then does the new password sign in', async () => {
    const { page } = browser;
    // the leader signs in outside the browser (its own cookie jar): the password, then the TOTP code
    // (every account with a role has one); the account has then been used
    const post = async (url: string, body: unknown) => {
      const r = await fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as { status?: string; pendingToken?: string; user?: { mustChangePassword: boolean } } };
    };
    const login = async (password: string) => {
      const first = await post('/api/v1/auth/login', { username: 'leader', password });
      if (first.status !== 200 || first.body.status !== 'totp_required') return first;
      // a code is taken once per 30-second step: this server is in this process, so the step is cleared
      await server.deps.db.kysely.updateTable('users').set({ totp_last_step: null }).where('username', '=', 'leader').execute();
      return post('/api/v1/auth/login/totp', { pendingToken: first.body.pendingToken, code: generateSync({ secret: E2E_TOTP_SECRET, epoch: Math.floor(Date.now() / 1000) }) });
    };
    expect((await login(E2E_PASSWORD)).body.status).toBe('signed_in');
    await signIn(page, server.url, 'sys');
    await page.goto(`${server.url}/users`);
    await page.getByRole('row', { name: /李主任/ }).getByText(/编辑|Edit/).click();
    await page.locator('#user_password').fill(NEW_PASSWORD);
    await page.getByTestId('user-save').click();
    await page.getByTestId('reset-pending-leader').waitFor();
    expect(await page.getByTestId('reset-pending-leader').innerText()).toContain('待安全管理员批准');
    await screenshot(page, 'password-reset-awaiting');
    expect((await login(NEW_PASSWORD)).status).toBe(401);
    await browser.context.clearCookies(); // the security administrator at another desk

    await signIn(page, server.url, 'sec');
    await page.goto(`${server.url}/security`);
    await page.getByRole('tab', { name: /密码重置审批/ }).click();
    await page.getByTestId('reset-approve-leader').click();
    await page.getByText('没有待批准的密码重置').waitFor();
    await screenshot(page, 'password-reset-approved');
    const ok = await login(NEW_PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.body.user?.mustChangePassword).toBe(true);
  });
});
