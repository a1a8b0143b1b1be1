// Issue 12: the bell in the header shows a step that now waits on me; opening it goes to the case
// and clears the count; the notification centre keeps the list and my delivery preferences.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, driveCaseTo } from '../../src/services/cases';
import { chinaDate } from '../../src/lib/clock';
import { setupDriveActors } from './case-flow';
import { browserAvailable, launchBrowser, screenshot, signIn, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

if (!browserAvailable) console.warn(skipReason);

describe.skipIf(!browserAvailable)('notification centre (browser)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let caseNumber = '';
  let caseId = '';
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const { fx, actors } = await setupDriveActors(server);
    const on = chinaDate(new Date(Date.now() - 3 * 86_400_000));
    const c = await createCase(actors.clerk, {
      source: 'report',
      tracks: ['FL'],
      receivedOn: on,
      summary: '举报：执法人员未出示执法证件即实施检查。',
      channel: 'visit',
      reporter: { anonymous: false, name: '张举报', phone: '13800000000' },
      originalCaseId: fx.originalCase.id,
      subjectPersonIds: [fx.handler.id],
    });
    caseNumber = c.number;
    caseId = c.caseId;
    // the leader appoints the team: the case now waits on the investigator (开始调查)
    await driveCaseTo(actors, c.caseId, 'team_appointed', { on });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the bell shows a new step waiting on me; opening it goes to the case and clears the count', async () => {
    const { page } = browser;
    await signIn(page, server.url, 'investigator');
    const count = page.getByTestId('notification-count');
    await count.locator('.ant-badge-count').waitFor();
    expect(await count.innerText()).toContain('1');
    await page.getByTestId('notification-bell').click();
    const item = page.getByTestId('notification-item').first();
    await item.waitFor();
    const text = await item.innerText();
    expect(text).toContain(caseNumber);
    expect(text).toContain('开始调查');
    expect(text).not.toContain('张举报');
    await screenshot(page, '40-notification-bell');
    await item.click();
    await page.waitForURL(`**/cases/${caseId}`);
    await count.locator('.ant-badge-count').waitFor({ state: 'detached' });
  });

  it('the notification centre lists it as read and saves my e-mail preference', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/notifications`);
    await page.getByTestId('ntf-row').first().waitFor();
    expect(await page.getByTestId('ntf-row').first().innerText()).toContain(caseNumber);
    await page.getByRole('tab', { name: '通知方式' }).click();
    const form = page.getByTestId('ntf-prefs-form');
    await form.waitFor();
    await form.locator('input[type=email]').fill('liu@wenze.test');
    await form.getByRole('switch').first().click();
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').first().waitFor();
    const saved = await server.deps.db.kysely.selectFrom('notification_prefs').selectAll().executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ email: 'liu@wenze.test', email_enabled: 1 });
    await screenshot(page, '41-notification-preferences');
  });
});
