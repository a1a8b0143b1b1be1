// The queue as a landing page: a case whose FL-16 handling period has run out shows as overdue
// with its days late, for the clerk; the investigator sees the steps waiting on them. In English
// too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, driveCaseTo } from '../../src/services/cases';
import { chinaDate } from '../../src/lib/clock';
import { setupDriveActors } from './case-flow';
import { browserAvailable, launchBrowser, screenshot, signIn, signOut, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

if (!browserAvailable) console.warn(skipReason);

describe.skipIf(!browserAvailable)('my queue (browser)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // FL-15: registration (below) is carried out from a closed meeting of the decision body (three members, each confirming)
    const { fx, actors } = await setupDriveActors(server);
    // Investigation started 75 days ago: the 60-day handling period (FL-16) ran out 15 days ago.
    const started = chinaDate(new Date(Date.now() - 75 * 86_400_000));
    const c = await createCase(actors.clerk, {
      source: 'report',
      tracks: ['FL'],
      receivedOn: started,
      // honest dates (FL-5(1)): a case recorded 75 days after receipt says why
      backdateReason: '按纸质登记簿补录',
      summary: '举报：执法人员未出示执法证件即实施检查。',
      channel: 'visit',
      reporter: { anonymous: true },
      originalCaseId: fx.originalCase.id,
      subjectPersonIds: [fx.handler.id],
    });
    await driveCaseTo(actors, c.caseId, 'investigating', { on: started, backdateReason: '按纸质登记簿补录' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('FL-16: the clerk sees the overdue handling deadline with its days late', async () => {
    const { page } = browser;
    await signIn(page, server.url, 'clerk');
    await page.getByTestId('queue-page').waitFor();
    const row = page.getByTestId('queue-overdue').locator('.ant-table-row').first();
    await row.waitFor();
    expect(await row.innerText()).toContain('已逾期 15 天');
    expect(await page.getByTestId('count-overdue').innerText()).toContain('1');
    await screenshot(page, '05-queue-clerk-overdue');
  });

  it('the investigator finds the steps waiting on them; in English the queue is English', async () => {
    const { page } = browser;
    await signOut(page);
    await signIn(page, server.url, 'investigator');
    await page.getByTestId('queue-waiting-item').first().waitFor();
    expect(await page.getByTestId('queue-waiting-item').first().innerText()).toContain('登记证据');
    await page.getByTestId('lang-switch').click();
    await page.getByText('Waiting on me').first().waitFor();
    await screenshot(page, '06-queue-investigator-en');
    await page.getByTestId('lang-switch').click();
  });
});
