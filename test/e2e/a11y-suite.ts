// Issue 13 (8), accessibility: axe-core (WCAG 2 A and AA rules) runs inside the browser on the
// pages of the demo commission: every page in every role's menu and the first case each role sees
// with every tab, in Chinese, and each of those pages once more in English; the drawers and dialogs
// opened on them, the restricted and setup pages, and the public pages.
// Every page state has no critical or serious violation and exactly one level-one heading.
// Then the keyboard: the skip link leads to the main content, and focus returns to the button
// that opened a drawer when the drawer closes.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/ops/demo/index';
import { browserAvailable, E2E_PASSWORD, launchBrowser, screenshot, signIn, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

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

/** Two animation frames, then until no finite CSS animation or transition is running (at most 3 s). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), null, { timeout: 3_000, polling: 50 })
    .catch(() => console.warn(`[e2e] ${page.url()}: animations still running after 3 s`));
}

/** Wait for the page to finish loading its data, then run axe-core and count the h1 elements. */
async function audit(page: Page): Promise<{ blocking: AxeViolation[]; h1: string[]; waitMs: number; axeMs: number }> {
  const t0 = Date.now();
  await page.waitForLoadState('networkidle');
  // the app has replaced the boot placeholder (index.html) with its own page
  await page.waitForFunction(() => !document.getElementById('boot'), null, { timeout: 15_000 });
  await page
    .waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'), null, { timeout: 15_000 })
    .catch(() => console.warn(`[e2e] ${page.url()}: loading spinners still showing after 15 s`));
  // Let antd's enter transitions finish so colours are measured at rest: two frames (a transition
  // the app started this frame is then running), then until no finite animation runs (spinners and
  // status dots loop forever and are left out).
  await settle(page);
  const t1 = Date.now();
  const violations = await page.evaluate(async () => {
    // resultTypes: only the violations are read, so axe-core does not gather and describe every
    // passing node as well (the same rules run; the same violations are found)
    const r = await (window as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } }).axe.run({ runOnly: ['wcag2a', 'wcag2aa'], resultTypes: ['violations'] });
    return r.violations as AxeViolation[];
  });
  const h1 = await page.locator('h1').allInnerTexts();
  return { blocking: violations.filter((v) => v.impact === 'critical' || v.impact === 'serious'), h1, waitMs: t1 - t0, axeMs: Date.now() - t1 };
}

function describeViolations(vs: AxeViolation[]): string {
  return vs.map((v) => `${v.impact} ${v.id} (${v.nodes.length}×): ${v.help}\n    e.g. ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)}`).join('\n    e.g. ')}`).join('\n');
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  const { blocking, h1 } = await audit(page);
  expect(blocking, `${name}: axe-core critical/serious violations at ${page.url()}\n${describeViolations(blocking)}`).toEqual([]);
  expect(h1, `${name}: exactly one h1`).toHaveLength(1);
}

/**
 * The accessibility checks for `roles` (each role's menu, first case and drawers, in zh and en);
 * with `pages`, also the public, restricted and setup pages and the keyboard paths. Split over
 * several files so that the browser tests run side by side.
 */
export function accessibilitySuite(roles: readonly string[], opts: { pages: boolean }): void {
describe.skipIf(!browserAvailable)(`accessibility (browser, axe-core): ${roles.join(', ')}`, () => {
  /** a check of the pages that are not a role's (registered in the file that asks for them only) */
  const pagesIt = (name: string, fn: () => Promise<void>, timeout?: number): void => {
    if (opts.pages) it(name, fn, timeout);
  };
  let server: E2EServer;
  let browser: E2EBrowser;
  let signedInAs: string | null = null;

  async function as(username: string): Promise<Page> {
    const { page, context } = browser;
    if (signedInAs === username) return page;
    await context.clearCookies();
    // every demo account with a role signs in with the demo TOTP secret (policies/accounts.ts#requiresTotp)
    await signIn(page, server.url, username, DEMO_PASSWORD, DEMO_TOTP_SECRET);
    signedInAs = username;
    return page;
  }
  async function anonymous(): Promise<Page> {
    await browser.context.clearCookies();
    signedInAs = null;
    return browser.page;
  }

  /** Sign in as far as the password step allows: the app then shows only the restricted page. */
  async function signInRestricted(page: Page, username: string): Promise<void> {
    await page.goto(`${server.url}/login`);
    await page.locator('#login_username').fill(username);
    await page.locator('#login_password').fill(E2E_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForLoadState('networkidle');
    await page.locator('h1').first().waitFor();
  }

  beforeAll(async () => {
    server = await startServer({ demo: true });
    // the sweep reads pages at rest: the browser asks for reduced motion (the app's own setting
    // for it, WCAG 2.3.3), so drawers and menus change at once; settle() still waits for any motion
    browser = await launchBrowser({ reducedMotion: true });
    // The app's Content-Security-Policy (script-src 'self') refuses an injected <script>, as it
    // should: axe-core is given to every page as an init script (DevTools protocol) instead.
    await browser.context.addInitScript({ path: AXE });
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
    pagesIt(`Accessibility: ${name} has no critical or serious axe-core violation and one h1`, async () => {
      const page = await anonymous();
      await page.goto(server.url + path);
      await expectAccessible(page, name);
    });
  }

  /**
   * Every page a role reaches from its menu, in Chinese and in English: the menu is read from the
   * page itself (so a new page is swept without editing this list), then the first case the role
   * sees with each of its tabs, then the drawers and dialogs the role opens on those pages. All
   * findings of one role are gathered and reported together.
   */
  type Finding = string;

  async function check(page: Page, name: string, found: Finding[]): Promise<void> {
    const { blocking, h1, waitMs, axeMs } = await audit(page);
    console.log(`[a11y] ${name}: ${blocking.length} blocking, ${h1.length} h1 (settled in ${waitMs} ms, axe-core ${axeMs} ms)${blocking.length ? `\n${describeViolations(blocking)}` : ''}`);
    if (blocking.length) found.push(`${name} at ${page.url()}\n${describeViolations(blocking)}`);
    if (h1.length !== 1) found.push(`${name} at ${page.url()}: ${h1.length} h1 (${h1.join(' | ')})`);
  }

  /** Open an overlay with `open`, audit it, close it with Escape and check focus went back. */
  async function checkOverlay(page: Page, name: string, found: Finding[], open: () => Promise<void>): Promise<void> {
    const before = page.locator('.ant-drawer-open, .ant-modal-wrap:not([style*="display: none"])');
    const n0 = await before.count();
    await open();
    // the list under the opener may still re-render as its data lands, taking the focused opener
    // (and the key press) with it: the opener is found and pressed again, once
    const opened = () => expect.poll(() => before.count(), { timeout: 5_000 }).toBeGreaterThan(n0).then(() => true, () => false);
    if (!(await opened())) {
      console.warn(`[a11y] ${name}: the overlay did not open at the first press; pressing again`);
      await open();
    }
    await expect.poll(() => before.count(), { timeout: 10_000 }).toBeGreaterThan(n0);
    await check(page, `${name} (open)`, found);
    await page.keyboard.press('Escape');
    await expect.poll(() => before.count(), { timeout: 10_000 }).toBe(n0);
    // antd gives focus back when its closing animation ends: wait for that, then read where it is
    await settle(page);
    const focused = await page.evaluate(() => document.activeElement?.tagName ?? 'none');
    if (focused === 'BODY' || focused === 'none') found.push(`${name}: focus fell to the page body when it closed`);
  }

  /**
   * Open a page as its user does, from the menu (the app routes in the page, no reload), unless
   * the link is not on screen (a closed submenu): then by its address.
   */
  async function openFromMenu(page: Page, path: string): Promise<void> {
    const link = page.locator(`.ant-layout-sider a[href="${path}"]`).first();
    if (new URL(page.url()).pathname !== path && (await link.isVisible())) {
      await link.click();
      await page.waitForURL((u) => u.pathname === path, { timeout: 15_000 });
    } else {
      await page.goto(server.url + path);
    }
  }

  async function menuPaths(page: Page): Promise<string[]> {
    // open every submenu so its links are in the DOM
    for (const sub of await page.locator('.ant-layout-sider .ant-menu-submenu:not(.ant-menu-submenu-open) > .ant-menu-submenu-title').all()) await sub.click();
    const hrefs = await page.locator('.ant-layout-sider a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    return [...new Set(hrefs.filter((h) => h.startsWith('/')))];
  }

  /**
   * The English sweep repeats what the language changes (the labels, the lang attribute, the
   * lengths) and not what the role changes, which the Chinese sweep of every role has covered:
   * in English each page, and each tab of the case page, is checked once per file, by the first
   * role that reaches it. The case step drawer is the role's own form: checked for every role.
   */
  const sweptInEnglish = new Set<string>();
  const firstTimeInEnglish = (lang: 'zh' | 'en', key: string): boolean => {
    if (lang === 'zh') return true;
    if (sweptInEnglish.has(key)) return false;
    sweptInEnglish.add(key);
    return true;
  };

  async function sweep(user: string, lang: 'zh' | 'en'): Promise<Finding[]> {
    const found: Finding[] = [];
    const page = await as(user);
    await page.goto(`${server.url}/account`);
    await page.evaluate((l) => localStorage.setItem('wenze.lang', l), lang);
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    const paths = await menuPaths(page);
    expect(paths.length, `${user}: the menu lists pages`).toBeGreaterThan(0);
    for (const path of paths) {
      if (!firstTimeInEnglish(lang, path)) continue;
      await openFromMenu(page, path);
      await check(page, `${user}/${lang} ${path}`, found);
      const drawerOpeners: [string, string][] = [
        ['/campaigns', '[data-testid="campaign-new-open"]'],
        ['/registers/people', '.ant-table-row button.ant-btn-link'],
        ['/registers/original-cases', '.ant-table-row button.ant-btn-link'],
        ['/supervision', '.ant-table-row button.ant-btn-link'],
        ['/users', '.ant-card-extra button.ant-btn-primary'],
        ['/stats', '[data-testid="stats-years"] td button'],
      ];
      for (const [p, sel] of drawerOpeners) {
        if (p !== path) continue;
        const opener = page.locator(sel).first();
        if (!(await opener.count())) continue;
        await checkOverlay(page, `${user}/${lang} ${path} drawer`, found, async () => {
          await opener.focus();
          await page.keyboard.press('Enter');
        });
      }
    }
    if (paths.includes('/cases')) {
      await page.goto(`${server.url}/cases`);
      await page.waitForLoadState('networkidle');
      const link = page.locator('#main-content a[href^="/cases/"]').first();
      const listed = await link.waitFor({ timeout: 15_000 }).then(
        () => true,
        () => {
          console.warn(`[a11y] ${user}/${lang}: no case in the case list`);
          return false;
        },
      );
      if (listed) {
        await page.goto(server.url + (await link.getAttribute('href')));
        await page.getByTestId('case-page').waitFor();
        const tabs = await page.locator('[data-testid="case-page"] .ant-tabs-tab').count();
        for (let i = 0; i < tabs; i++) {
          const tab = page.locator('[data-testid="case-page"] .ant-tabs-tab').nth(i);
          const label = (await tab.innerText()).trim();
          if (!firstTimeInEnglish(lang, `case tab ${label}`)) continue;
          await tab.click();
          await check(page, `${user}/${lang} case tab ${label}`, found);
        }
        await screenshot(page, `a11y-case-${user}-${lang}`);
        const step = page.locator('[data-testid^="action-"]:not([disabled])').first();
        if (await step.count()) {
          await checkOverlay(page, `${user}/${lang} case step drawer`, found, async () => {
            await step.focus();
            await page.keyboard.press('Enter');
          });
        }
      }
    }
    return found;
  }

  for (const user of roles) {
    it(`Accessibility: every page of ${user}'s menu, the first case and its drawers in Chinese, and in English those no earlier role of the sweep showed: no critical or serious axe-core violation, one h1, focus returned`, async () => {
      const found = [...(await sweep(user, 'zh')), ...(await sweep(user, 'en'))];
      expect(found, found.join('\n\n')).toEqual([]);
    }, 600_000);
  }

  pagesIt('Accessibility: the restricted page (password change due) has no critical or serious violation and one h1, in both languages', async () => {
    await server.addUser('a11y_restricted', '受限用户', ['investigator']);
    await server.deps.db.kysely.updateTable('users').set({ must_change_password: 1 } as never).where('username', '=', 'a11y_restricted').execute();
    const page = await anonymous();
    await signInRestricted(page, 'a11y_restricted');
    for (const lang of ['zh', 'en']) {
      await page.evaluate((l) => localStorage.setItem('wenze.lang', l), lang);
      await page.reload();
      await expectAccessible(page, `the restricted page (${lang})`);
      await screenshot(page, `a11y-restricted-${lang}`);
    }
  });

  pagesIt('Accessibility: the first-run setup page has no critical or serious violation and one h1, in both languages', async () => {
    const fresh = await startServer();
    try {
      const page = await anonymous();
      for (const lang of ['zh', 'en']) {
        await page.goto(`${fresh.url}/setup`);
        await page.evaluate((l) => localStorage.setItem('wenze.lang', l), lang);
        await page.reload();
        await expectAccessible(page, `the setup page (${lang})`);
        await screenshot(page, `a11y-setup-${lang}`);
      }
    } finally {
      await fresh.close();
    }
  });

  pagesIt('Accessibility: the public pages in English', async () => {
    const page = await anonymous();
    await page.goto(`${server.url}/login`);
    await page.evaluate(() => localStorage.setItem('wenze.lang', 'en'));
    for (const [name, path] of publicPages) {
      await page.goto(server.url + path);
      await expectAccessible(page, `${name} (en)`);
    }
    await page.evaluate(() => localStorage.setItem('wenze.lang', 'zh'));
  });

  pagesIt('Accessibility: the skip link is the first stop of the keyboard and moves focus to the main content', async () => {
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

  pagesIt('Accessibility: keyboard focus returns to the button that opened a drawer when the drawer closes (new campaign)', async () => {
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

  pagesIt('Accessibility: keyboard focus returns to the figure that opened the statistics drill-down when it closes', async () => {
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
}
