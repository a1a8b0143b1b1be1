// WC-5(1) 例行或专项执法监督 through the browser: the clerk creates a file-review campaign and
// draws it (双随机, seed shown and replayed), the drawn reviewer scores the file against the
// checklist with a 否决项 and judges it wrong, and the clerk opens the WC-5(1) signal with one
// click — which then waits in the clerk's queue as a wrong-case signal, and shows on the
// handler's profile.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeOriginalCase, makePerson, makeUnit } from '../factories/registers';
import { pendingWc5Signals } from '../../src/services/cases/wc5-signals';
import { browserAvailable, launchBrowser, screenshot, signIn, signOut, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';
import { choose, fieldId, fill } from './ui';

if (!browserAvailable) console.warn(skipReason);

describe.skipIf(!browserAvailable)('supervision campaign (browser)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let page: Page;
  let originalCaseNumber = '';
  let handlerName = '';
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = browser.page;
    const fx = await makeOriginalCase(server.deps);
    originalCaseNumber = fx.originalCase.number;
    handlerName = fx.handler.name;
    const fzk = await makeUnit(server.deps, { name: '法制科', shortCode: 'FZK' });
    const reviewerPerson = await makePerson(server.deps, { name: '李评查', unitId: fzk.id });
    await server.addUser('clerk', '王法制', ['clerk']);
    await server.addUser('reviewer', '李评查', ['reviewer'], reviewerPerson.id);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await page.screenshot({ path: `test-results/screenshots/failed-${task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}.png`, fullPage: true }).catch((e: unknown) => console.warn(`[e2e] failure screenshot not taken: ${String(e)}`));
    });
  });

  const as = async (username: string) => {
    await page.goto(server.url + '/account');
    await page.waitForLoadState('networkidle');
    // signed-in shell or login page: known only after the app's session check
    await page.locator('[data-testid="user-menu"], [data-testid="login-submit"]').first().waitFor();
    if (await page.getByTestId('user-menu').isVisible()) await signOut(page);
    await signIn(page, server.url, username);
  };

  it('WC-5(1): a campaign from creation and 双随机 draw to scoring and a WC-5(1) signal in the clerk’s queue', async () => {
    await as('clerk');
    await page.goto(server.url + '/campaigns');
    await page.getByTestId('campaign-new-open').click();
    await fill(page, fieldId('campaign', 'name'), '2026年度行政处罚案卷评查');
    await choose(page, fieldId('campaign', 'reviewerUserIds'), '李评查', { multiple: true });
    await page.getByTestId('campaign-create').click();
    await page.getByTestId('campaign-draw').click();
    await page.getByTestId('campaign-seed').waitFor();
    await page.getByTestId('campaign-verify').click();
    await page.getByText('已复现：抽取结果与记录一致').waitFor();
    const campaignUrl = page.url();
    expect(await page.getByTestId('campaign-files').innerText()).toContain(originalCaseNumber);
    await screenshot(page, '60-campaign-drawn', { fullPage: false });

    await as('reviewer');
    await page.goto(server.url + '/reviews');
    await page.locator('.ant-table-row').filter({ hasText: originalCaseNumber }).first().click();
    await page.getByTestId('veto-F2').check();
    await page.getByTestId('deduct-F2').fill('10');
    await page.getByTestId('running-score').filter({ hasText: '不合格' }).waitFor();
    await page.getByTestId('judged-wrong').click();
    await page.getByTestId('conclusion').fill('认定违法事实的主要证据不足，属错案');
    await page.getByTestId('review-submit').click();
    await page.locator('.ant-message').filter({ hasText: '已提交' }).waitFor();
    await screenshot(page, '61-campaign-review', { fullPage: true });

    await as('clerk');
    await page.goto(campaignUrl);
    await page.getByTestId('open-signal').click();
    await page.getByTestId('campaign-files').filter({ hasText: '已启动错案信号' }).waitFor();
    const signals = await pendingWc5Signals(server.deps.db.kysely);
    expect(signals.find((s) => s.originalCaseNumber === originalCaseNumber)).toMatchObject({ source: 'WC-5(1)' });
    await page.goto(server.url + '/queue');
    await page.getByTestId('queue-signal').filter({ hasText: originalCaseNumber }).waitFor();
    await screenshot(page, '62-campaign-signal-in-queue', { fullPage: false });

    // the handler's profile, opened from the people register, shows the file with its WC-5(1) outcome
    await page.goto(server.url + '/registers/people');
    await page.locator('.ant-table-row').filter({ hasText: handlerName }).first().click();
    await page.getByTestId('open-profile').click();
    await page.getByTestId('profile-page').filter({ hasText: 'WC-5(1)' }).waitFor();
    expect(await page.getByTestId('profile-page').innerText()).toContain(originalCaseNumber);
    await screenshot(page, '63-officer-profile', { fullPage: true });
  });
});
