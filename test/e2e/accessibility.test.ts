// Issue 13 (8), accessibility: axe-core (WCAG 2 A and AA rules) runs inside the browser on the
// main pages of the demo commission, as the clerk and as other roles, and on the public pages.
// Every page state has no critical or serious violation and exactly one level-one heading.
// Then the keyboard: the skip link leads to the main content, and focus returns to the button
// that opened a drawer when the drawer closes.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/ops/demo/index';
import { browserAvailable, launchBrowser, screenshot, signIn, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

if (!browserAvailable) console.warn(skipReason);

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core');

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** Wait for the page to finish loading its data, then run axe-core and count the h1 elements. */
async function audit(page: Page): Promise<{ blocking: AxeViolation[]; h1: string[] }> {
  await page.waitForLoadState('networkidle');
  await page
    .waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'), null, { timeout: 15_000 })
    .catch(() => console.warn(`[e2e] ${page.url()}: loading spinners still showing after 15 s`));
  // Let antd's enter transitions finish so colours are measured at rest.
  await page.waitForTimeout(400);
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } }).axe.run({ runOnly: ['wcag2a', 'wcag2aa'] });
    return r.violations as AxeViolation[];
  });
  const h1 = await page.locator('h1').allInnerTexts();
  return { blocking: violations.filter((v) => v.impact === 'critical' || v.impact === 'serious'), h1 };
}

function describeViolations(vs: AxeViolation[]): string {
  return vs.map((v) => `${v.impact} ${v.id} (${v.nodes.length}×): ${v.help}\n    e.g. ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)}`).join('\n    e.g. ')}`).join('\n');
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  const { blocking, h1 } = await audit(page);
  expect(blocking, `${name}: axe-core critical/serious violations at ${page.url()}\n${describeViolations(blocking)}`).toEqual([]);
  expect(h1, `${name}: exactly one h1`).toHaveLength(1);
}

describe.skipIf(!browserAvailable)('accessibility (browser, axe-core)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let signedInAs: string | null = null;
  let caseId = '';

  async function as(username: string): Promise<Page> {
    const { page, context } = browser;
    if (signedInAs === username) return page;
    await context.clearCookies();
    const totp = ['fazhike', 'sysadmin', 'secadmin', 'auditor'].includes(username);
    await signIn(page, server.url, username, DEMO_PASSWORD, totp ? DEMO_TOTP_SECRET : undefined);
    signedInAs = username;
    return page;
  }
  async function anonymous(): Promise<Page> {
    await browser.context.clearCookies();
    signedInAs = null;
    return browser.page;
  }

  beforeAll(async () => {
    server = await startServer({ demo: true });
    browser = await launchBrowser();
    // The app's Content-Security-Policy (script-src 'self') refuses an injected <script>, as it
    // should: axe-core is given to every page as an init script (DevTools protocol) instead.
    await browser.context.addInitScript({ path: AXE });
    const c = await server.deps.db.kysely.selectFrom('cases').select('id').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    caseId = c.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const publicPages: [string, string][] = [
    ['the sign-in page', '/login'],
    ['the public reporting page', '/report'],
    ['the public document verification page', '/verify'],
    ['the public notices page', '/notices'],
  ];
  for (const [name, path] of publicPages) {
    it(`Accessibility: ${name} has no critical or serious axe-core violation and one h1`, async () => {
      const page = await anonymous();
      await page.goto(server.url + path);
      await expectAccessible(page, name);
    });
  }

  const clerkPages: [string, string][] = [
    ['the queue', '/queue'],
    ['the case list', '/cases'],
    ['the case page', '/cases/:case'],
    ['the report intake form', '/intake/report'],
    ['the signal intake form', '/intake/signal'],
    ['the units register', '/registers/units'],
    ['the people register', '/registers/people'],
    ['the original cases register', '/registers/original-cases'],
    ['the calendar', '/calendar'],
    ['the statistics page', '/stats'],
    ['the notifications page', '/notifications'],
    ['the account page', '/account'],
    ['the campaigns page', '/campaigns'],
    ['the reviews page', '/reviews'],
    ['the alerts page', '/alerts'],
  ];
  for (const [name, path] of clerkPages) {
    it(`Accessibility: ${name} (clerk) has no critical or serious axe-core violation and one h1`, async () => {
      const page = await as('fazhike');
      await page.goto(server.url + path.replace(':case', caseId));
      if (path === '/cases/:case') await page.getByTestId('case-page').waitFor();
      await expectAccessible(page, name);
      if (path === '/stats' || path === '/cases/:case') await screenshot(page, `a11y-${path === '/stats' ? 'stats' : 'case'}-clerk`);
    });
  }

  const otherPages: [string, string, string][] = [
    ['leader', 'the queue', '/queue'],
    ['leader', 'the case page', '/cases/:case'],
    ['sysadmin', 'the users page', '/users'],
    ['sysadmin', 'the units register', '/registers/units'],
    ['auditor', 'the audit trail', '/audit'],
  ];
  for (const [user, name, path] of otherPages) {
    it(`Accessibility: ${name} (${user}) has no critical or serious axe-core violation and one h1`, async () => {
      const page = await as(user);
      await page.goto(server.url + path.replace(':case', caseId));
      await expectAccessible(page, name);
    });
  }

  it('Accessibility: the skip link is the first stop of the keyboard and moves focus to the main content', async () => {
    const page = await as('fazhike');
    await page.goto(`${server.url}/cases`);
    await page.waitForLoadState('networkidle');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ text: document.activeElement?.textContent ?? '', href: document.activeElement?.getAttribute('href') }));
    expect(first.href).toBe('#main-content');
    expect(first.text).toMatch(/跳到主要内容|Skip to main content/);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
  });

  it('Accessibility: keyboard focus returns to the button that opened a drawer when the drawer closes (new campaign)', async () => {
    const page = await as('fazhike');
    await page.goto(`${server.url}/campaigns`);
    const opener = page.getByTestId('campaign-new-open');
    await opener.focus();
    await page.keyboard.press('Enter');
    const drawer = page.locator('.ant-drawer-open');
    await drawer.waitFor();
    await expectAccessible(page, 'the new campaign drawer');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('campaign-new-open');
  });

  it('Accessibility: keyboard focus returns to the figure that opened the statistics drill-down when it closes', async () => {
    const page = await as('fazhike');
    await page.goto(`${server.url}/stats`);
    await page.waitForLoadState('networkidle');
    const figure = page.getByTestId('stats-years').locator('td button').first();
    await figure.focus();
    await page.keyboard.press('Enter');
    const drawer = page.locator('.ant-drawer-open');
    await drawer.waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    // antd gives focus back when its closing animation ends (after the open class is gone).
    await expect.poll(() => figure.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
