// The reporter channel in a browser (issue 9): a signed-out visitor on a 390-wide phone screen
// reports with two files, keeps the receipt code, later answers the clerk's question and adds a
// file; the clerk sees both on the case; at closure the clerk sends the outcome message and the
// reporter reads it with the code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveCaseTo, performAction } from '../../src/services/cases';
import type { DriveActors } from '../../src/services/cases';
import { setupDriveActors } from './case-flow';
import { samplePdf, samplePng } from '../factories/reporter';
import { browserAvailable, launchBrowser, screenshot, signIn, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

if (!browserAvailable) console.warn(skipReason);

describe.skipIf(!browserAvailable)('the reporter channel (browser)', () => {
  let server: E2EServer;
  let visitor: E2EBrowser;
  let clerkBrowser: E2EBrowser;
  let actors: DriveActors;
  let handlerId: string;
  let originalCaseId: string;
  let receiptCode = '';
  let caseId = '';

  beforeAll(async () => {
    server = await startServer();
    visitor = await launchBrowser();
    await visitor.page.setViewportSize({ width: 390, height: 844 });
    clerkBrowser = await launchBrowser();
    const made = await setupDriveActors(server);
    actors = made.actors;
    handlerId = made.fx.handler.id;
    originalCaseId = made.fx.originalCase.id;
  });
  afterAll(async () => {
    await visitor?.close();
    await clerkBrowser?.close();
    await server?.close();
  });

  const followUp = async () => {
    const { page } = visitor;
    await page.goto(`${server.url}/report/follow-up`);
    await page.getByTestId('follow-code').fill(receiptCode.toLowerCase());
    await page.getByTestId('follow-open').click();
    await page.getByTestId('follow-status').waitFor();
  };

  const openThread = async () => {
    const { page } = clerkBrowser;
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('tab-reporter').click();
    await page.getByTestId('reporter-thread').waitFor();
  };

  it('FL-4: a signed-out visitor on a phone reports with two files and is shown the receipt code once', async () => {
    const { page } = visitor;
    await page.goto(`${server.url}/report`);
    // no login page: the public page, Chinese first
    await page.getByText('可以举报什么').waitFor();
    expect(page.url()).not.toContain('/login');
    await page.getByTestId('report-what').fill('某执法队员在工地检查时索要好处费，不给就开罚单。');
    await page.getByTestId('report-who').fill('执法支队某中队队员');
    await page.getByTestId('report-when').fill('2025年8月中旬');
    await page.getByTestId('report-where').fill('鱼洞街道某工地');
    await page.locator('[data-testid=report-files] input[type=file]').setInputFiles([
      { name: '现场照片.png', mimeType: 'image/png', buffer: samplePng(40_000) },
      { name: '罚单.pdf', mimeType: 'application/pdf', buffer: samplePdf(20_000) },
    ]);
    await page.getByText('罚单.pdf').waitFor();
    // nothing wider than the phone's screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'reporter-01-form-phone');
    await page.getByTestId('report-submit').click();
    const code = page.getByTestId('receipt-code');
    await code.waitFor({ timeout: 60_000 });
    receiptCode = (await code.innerText()).trim();
    expect(receiptCode).toMatch(/^([0-9A-Z]{5}-){3}[0-9A-Z]{5}$/);
    await page.getByText('它只显示这一次').waitFor();
    await screenshot(page, 'reporter-02-receipt-phone');
    const c = await server.deps.db.kysely.selectFrom('cases').select(['id', 'channel']).executeTakeFirstOrThrow();
    expect(c.channel).toBe('online');
    caseId = c.id;
  });

  it('WC-9(1): the clerk sees the report and its two files on the case and asks the reporter a question', async () => {
    const { page } = clerkBrowser;
    await signIn(page, server.url, 'clerk');
    await openThread();
    await expect.poll(() => page.getByTestId('reporter-attachment').count()).toBe(2);
    expect(await page.getByTestId('reporter-thread').innerText()).toContain('鱼洞街道某工地');
    await page.getByTestId('reporter-compose').fill('请问罚单上的编号是多少？能否提供当时的聊天记录？');
    await page.getByTestId('reporter-compose-send').click();
    await page.getByTestId('reporter-message-commission').filter({ hasText: '罚单上的编号' }).waitFor();
    await screenshot(page, 'reporter-03-clerk-thread');
  });

  it('WC-9(1): the reporter answers the question with the code and adds a file; the clerk sees both', async () => {
    const { page } = visitor;
    await followUp();
    await page.getByTestId('follow-messages').getByText('罚单上的编号').waitFor();
    expect(await page.getByTestId('follow-status').innerText()).toContain('已收到');
    await page.getByTestId('answer-body').fill('罚单编号 BN-2025-0815，聊天记录截图见附件。');
    await page.locator('[data-testid=answer-files] input[type=file]').setInputFiles([{ name: '聊天记录.png', mimeType: 'image/png', buffer: samplePng(30_000) }]);
    await page.getByTestId('answer-send').click();
    await page.getByTestId('answer-sent').waitFor();
    await page.getByTestId('follow-messages').getByText('BN-2025-0815').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'reporter-04-answer-phone');
    // the code is nowhere in the address bar
    expect(page.url()).not.toContain(receiptCode.replace(/-/g, '').slice(0, 8));

    await openThread();
    const answer = clerkBrowser.page.getByTestId('reporter-message-reporter').filter({ hasText: 'BN-2025-0815' });
    await answer.waitFor();
    expect(await answer.innerText()).toContain('聊天记录.png');
    await expect.poll(() => clerkBrowser.page.getByTestId('reporter-attachment').count()).toBe(3);
  });

  it('FL-5(4): at closure the clerk sends the drafted outcome message and the reporter reads it with the code', async () => {
    // move the case along quickly through the real services
    // The visitor named no register person and no original enforcement case: the clerk links the
    // original case (link_original_case) and, once registered, adds the subject (add_subject).
    const first = await server.deps.db.kysely.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow();
    await performAction(actors.clerk, caseId, 'link_original_case', { expectedVersion: first.version, originalCaseId });
    await driveCaseTo(actors, caseId, 'registered');
    const row = await server.deps.db.kysely.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow();
    await performAction(actors.clerk, caseId, 'add_subject', { expectedVersion: row.version, personId: handlerId });
    await driveCaseTo(actors, caseId, 'closed');

    await openThread();
    const draft = clerkBrowser.page.getByTestId('reporter-draft-close');
    await draft.waitFor();
    expect(await draft.locator('textarea').inputValue()).toContain('已办结');
    await draft.getByTestId('reporter-draft-send').click();
    await draft.waitFor({ state: 'detached' });
    await screenshot(clerkBrowser.page, 'reporter-05-clerk-outcome-sent');

    await followUp();
    const { page } = visitor;
    expect(await page.getByTestId('follow-status').innerText()).toContain('已办结');
    await page.getByTestId('follow-messages').getByText('办理结果告知').waitFor();
    expect(await page.getByTestId('follow-messages').innerText()).toContain('您举报的事项已办结');
    await screenshot(page, 'reporter-06-outcome-phone');
  });
});
