// The office screen, 1366×768, in Chromium on the demo commission: what the clerk, the leader and
// the investigator read on their main pages is on screen, not behind a scroll or under a stale
// overlay, and in the right type.
//   - the case list shows number, summary, state and deadlines without a horizontal scroll;
//   - the statistics page never scrolls sideways (its multi-year chooser stays in its card);
//   - a page the role may not open says so without a permission key;
//   - no English menu entry is cut off;
//   - a chart's tooltip on the statistics page hides when the page scrolls;
//   - curly quotes are narrow in English text and full-width in Chinese text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/ops/demo/index';
import { browserAvailable, launchBrowser, screenshot, signIn, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

if (!browserAvailable) console.warn(skipReason);

/** The width of each curly quote in `scope`'s text as drawn, against the font size it is drawn at. */
async function quoteWidths(scope: Locator): Promise<{ ch: string; em: number; context: string }[]> {
  return scope.evaluate((root) => {
    const out: { ch: string; em: number; context: string }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const s = n.textContent ?? '';
      for (let i = 0; i < s.length; i++) {
        if (!'“”‘’'.includes(s[i]!)) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        const size = parseFloat(getComputedStyle(n.parentElement!).fontSize);
        out.push({ ch: s[i]!, em: r.getBoundingClientRect().width / size, context: s.slice(Math.max(0, i - 8), i + 8) });
      }
    }
    return out;
  });
}

describe.skipIf(!browserAvailable)('the 1366×768 office screen (browser, demo commission)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let signedInAs: string | null = null;

  async function as(username: string, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
    const { page, context } = browser;
    if (signedInAs !== username) {
      await context.clearCookies();
      await signIn(page, server.url, username, DEMO_PASSWORD, DEMO_TOTP_SECRET);
      signedInAs = username;
    }
    await page.evaluate((l) => localStorage.setItem('wenze.lang', l), lang);
    return page;
  }
  async function open(page: Page, path: string): Promise<void> {
    await page.goto(server.url + path);
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'), null, { timeout: 15_000 });
  }

  beforeAll(async () => {
    server = await startServer({ demo: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('Case list (1366×768): the clerk reads number, summary, state and deadlines of every row without a horizontal scroll', async () => {
    const page = await as('fazhike');
    expect(page.viewportSize()).toEqual({ width: 1366, height: 768 });
    for (const lang of ['zh', 'en'] as const) {
      await page.evaluate((l) => localStorage.setItem('wenze.lang', l), lang);
      await open(page, '/cases');
      await page.locator('.ant-table-row').first().waitFor();
      const layout = await page.evaluate(() => {
        const wrap = document.querySelector('.ant-table-content, .ant-table-body') as HTMLElement;
        const box = wrap.getBoundingClientRect();
        const headers = Array.from(document.querySelectorAll('.ant-table-thead th')).map((th) => {
          const r = th.getBoundingClientRect();
          return { text: (th.textContent ?? '').trim(), left: r.left, right: r.right };
        });
        return { scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth, right: box.right, left: box.left, headers, pageScroll: document.documentElement.scrollWidth - document.documentElement.clientWidth, deadlineCells: document.querySelectorAll('.ant-table-row [data-testid^="deadline-"]').length };
      });
      expect(layout.scrollWidth, `${lang}: the table scrolls sideways`).toBeLessThanOrEqual(layout.clientWidth + 1);
      expect(layout.pageScroll, `${lang}: the page scrolls sideways`).toBeLessThanOrEqual(0);
      const want = lang === 'zh' ? ['案件编号', '线索内容', '状态', '期限'] : ['Case no.', 'Summary', 'State', 'Deadlines'];
      for (const w of want) {
        const h = layout.headers.find((x) => x.text === w);
        expect(h, `${lang}: column ${w}`).toBeTruthy();
        expect(h!.right, `${lang}: column ${w} inside the card`).toBeLessThanOrEqual(layout.right + 1);
        expect(h!.right, `${lang}: column ${w} on screen`).toBeLessThanOrEqual(1366);
      }
      // the demo has open cases with running deadlines: they are shown in the rows
      expect(layout.deadlineCells).toBeGreaterThan(0);
      await screenshot(page, `ui14-case-list-1366-${lang}`, { fullPage: false });
    }
    await page.evaluate(() => localStorage.setItem('wenze.lang', 'zh'));
  });

  it('Statistics (1366×768): the page never scrolls sideways — the multi-year table chooser stays inside its card, in Chinese and English', async () => {
    const page = await as('fazhike');
    for (const lang of ['zh', 'en'] as const) {
      await page.evaluate((l) => localStorage.setItem('wenze.lang', l), lang);
      await open(page, '/stats');
      await page.getByTestId('stats-years-table').waitFor();
      const { scrollWidth, clientWidth, card } = await page.evaluate(() => {
        const years = document.querySelector('[data-testid="stats-years"]')!.getBoundingClientRect();
        return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, card: years.right };
      });
      expect(scrollWidth, `${lang}: the statistics page is ${scrollWidth} px wide`).toBeLessThanOrEqual(clientWidth);
      expect(card).toBeLessThanOrEqual(1366);
      await screenshot(page, `ui14-stats-years-${lang}`, { fullPage: true });
    }
    await page.evaluate(() => localStorage.setItem('wenze.lang', 'zh'));
  });

  it('Access (403): a page the role may not open says so in words, never with a permission key (stats.read)', async () => {
    const page = await as('investigator1');
    await open(page, '/stats');
    const notice = page.getByTestId('notice-forbidden');
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain('您无权访问此页面');
    expect(text).not.toMatch(/\b[a-z]+\.[a-z.]+\b/);
  });

  it('Menu (English, 1366×768): no menu entry is cut off', async () => {
    const page = await as('fazhike', 'en');
    await open(page, '/queue');
    const cut = await page.locator('[data-testid="app-sider"] :is(.ant-menu-item, .ant-menu-submenu-title, .ant-menu-title-content)').evaluateAll((els) =>
      els.filter((e) => (e as HTMLElement).scrollWidth > (e as HTMLElement).clientWidth + 1).map((e) => e.textContent),
    );
    expect(cut).toEqual([]);
    await page.evaluate(() => localStorage.setItem('wenze.lang', 'zh'));
  });

  it('Menu (1366×768): with every submenu open, each entry of the clerk\'s long menu scrolls clear of the collapse trigger and takes a click', async () => {
    const page = await as('fazhike');
    await open(page, '/queue');
    for (const sub of await page.locator('[data-testid="app-sider"] .ant-menu-submenu:not(.ant-menu-submenu-open) > .ant-menu-submenu-title').all()) await sub.click();
    const hrefs = await page.locator('[data-testid="app-sider"] a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const under: string[] = [];
    for (const href of hrefs) {
      const link = page.locator(`[data-testid="app-sider"] a[href="${href}"]`).first();
      // as far up as the sider scrolls (a user's wheel to the end of the menu)
      await link.evaluate((a) => a.scrollIntoView({ block: 'center' }));
      const box = (await link.boundingBox())!;
      // what a click at the link's middle lands on: the link, or the trigger fixed over the sider's foot
      const onLink = await link.evaluate((a, p) => a.contains(document.elementFromPoint(p.x, p.y)), { x: box.x + box.width / 2, y: box.y + box.height / 2 });
      if (!onLink) under.push(href);
    }
    expect(hrefs.length).toBeGreaterThan(8);
    expect(under, 'menu entries a click cannot reach').toEqual([]);
  });

  it('Statistics: a chart tooltip hides when the page scrolls under a still pointer', async () => {
    const page = await as('fazhike');
    await open(page, '/stats');
    const card = page.getByTestId('stats-byState');
    const canvas = card.locator('canvas').first();
    await canvas.waitFor();
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    // ECharts' tooltip: a div inside the chart (none until first shown)
    const tooltips = card.locator('div[style*="z-index: 9999999"]');
    const shown = async () =>
      tooltips.evaluateAll((els) =>
        els.some((el) => {
          const s = getComputedStyle(el);
          return s.display !== 'none' && s.visibility !== 'hidden' && Number(s.opacity) > 0 && (el.textContent ?? '').trim().length > 0;
        }),
      );
    // the pointer rests over the first bars: the axis tooltip shows
    await page.mouse.move(box.x + box.width * 0.5, box.y + 30);
    await expect.poll(shown, { timeout: 5_000 }).toBe(true);
    await page.evaluate(() => window.scrollBy(0, 120));
    await expect.poll(shown, { timeout: 2_000 }).toBe(false);
  });

  it('Typography: curly quotes are narrow in English text (Please fill in “Username”) and full-width in Chinese text (标注“历史导入”)', async () => {
    const page = await as('fazhike');
    // Chinese: the history import hint of the clerk's statistics page
    await open(page, '/stats');
    const zh = (await quoteWidths(page.getByTestId('stats-history-import'))).filter((q) => q.ch === '“');
    expect(zh.length, 'the hint quotes 历史导入').toBeGreaterThan(0);
    for (const q of zh) expect(q.em, `Chinese ${q.ch} in …${q.context}…`).toBeGreaterThan(0.85);
    // English: the sign-in form's message for an empty field
    await browser.context.clearCookies();
    signedInAs = null;
    await page.goto(`${server.url}/login`);
    await page.evaluate(() => localStorage.setItem('wenze.lang', 'en'));
    await page.reload();
    await page.getByTestId('login-submit').click();
    const message = page.locator('.ant-form-item-explain-error').first();
    await message.waitFor();
    expect(await message.innerText()).toContain('“Username”');
    const en = await quoteWidths(message);
    expect(en.length).toBe(2);
    for (const q of en) expect(q.em, `English ${q.ch} in …${q.context}…`).toBeLessThan(0.6);
    await screenshot(page, 'ui14-login-en-quotes', { fullPage: false });
    await page.evaluate(() => localStorage.setItem('wenze.lang', 'zh'));
  });
});
