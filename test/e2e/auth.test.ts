// The first minutes of a new installation, through the browser: first-run setup, sign in and
// out, the English switch that persists, the error shown for a wrong password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, screenshot, signIn, signOut, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

if (!browserAvailable) console.warn(skipReason);

describe.skipIf(!browserAvailable)('first run, sign-in and language (browser)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a new installation opens on the setup page and creates the first administrator', async () => {
    const { page } = browser;
    await page.goto(server.url + '/');
    await page.waitForURL('**/setup');
    await page.getByText('创建首个系统管理员').waitFor();
    await screenshot(page, '01-setup');
    // The server's validation shows on the field, in Chinese: a too-short password.
    await page.locator('#setup_username').fill('admin');
    await page.locator('#setup_displayName').fill('系统管理员');
    await page.locator('#setup_password').fill('short');
    await page.locator('#setup_confirm').fill('short');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('error-code').filter({ hasText: 'VALIDATION_FAILED' }).waitFor();
    expect(await page.locator('#setup_password_help').innerText()).toMatch(/[\u4e00-\u9fa5]/);
    await page.locator('#setup_password').fill('admin-password-2025');
    await page.locator('#setup_confirm').fill('admin-password-2025');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('user-menu').waitFor();
    expect(page.url()).toMatch(/\/users$/);
    await page.getByRole('cell', { name: 'admin', exact: true }).waitFor();
    await screenshot(page, '02-users');
  });

  it('a wrong password shows the coded error in Chinese; the right one signs in', async () => {
    const { page } = browser;
    await signOut(page);
    await page.locator('#login_username').fill('admin');
    await page.locator('#login_password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByText('用户名或密码错误').waitFor();
    expect(await page.getByTestId('error-code').innerText()).toBe('LOGIN_FAILED');
    await screenshot(page, '03-login-error');
    await signIn(page, server.url, 'admin', 'admin-password-2025');
  });

  it('the English switch changes the interface and persists across reloads', async () => {
    const { page } = browser;
    await page.getByTestId('lang-switch').click();
    await page.getByText('Users', { exact: true }).first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    expect(await page.getByTestId('lang-switch').innerText()).toContain('中文');
    await screenshot(page, '04-users-en');
    await page.getByTestId('lang-switch').click();
    await page.getByText('用户管理').first().waitFor();
  });

  it('an unknown address shows a 404 page with the way back, not a blank page', async () => {
    const { page } = browser;
    await page.goto(server.url + '/no/such/page');
    await page.getByText('页面不存在').waitFor();
  });
});
