// Issue 12 point 5 through the browser: the legal-affairs clerk imports a decision made before
// go-live from Excel on the statistics page; the officer's new case then gets a recommendation
// that cites FL-10(6) (多次发生违法违规行为), derived from the imported history; the statistics count
// it (marked as imported), drill down to it, and list the officer among the repeat subjects.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOriginalCase, makePerson, type OriginalCaseFixture } from '../factories/registers';
import { workbookOf } from '../factories/excel';
import { createCase, driveCaseTo, performAction } from '../../src/services/cases';
import type { Role } from '../../src/policies/roles';
import type { Ctx } from '../../src/services/context';
import { chinaDate } from '../../src/lib/clock';
import { browserAvailable, launchBrowser, screenshot, signIn, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

if (!browserAvailable) console.warn(skipReason);

const daysAgo = (n: number): string => chinaDate(new Date(Date.now() - n * 86_400_000));

describe.skipIf(!browserAvailable)('historical import (browser)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let fx: OriginalCaseFixture;
  let xlsx = '';
  const users: Record<string, string> = {};
  let ctxOf: (username: string, roles: Role[], personId?: string | null) => Ctx;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    fx = await makeOriginalCase(server.deps);
    const investigatorPerson = await makePerson(server.deps, { name: '刘调查', post: '法制员' });
    users.clerk = await server.addUser('clerk', '王法制', ['clerk']);
    users.leader = await server.addUser('leader', '陈主任', ['leader']);
    users.decider = await server.addUser('decider', '李委员', ['decider']);
    // FL-15: the decision body meets (registering the case is decided at a meeting).
    users.decider2 = await server.addUser('decider2', '赵委员', ['decider']);
    users.decider3 = await server.addUser('decider3', '孙委员', ['decider']);
    users.investigator = await server.addUser('investigator', '刘调查', ['investigator'], investigatorPerson.id);
    ctxOf = (username, roles, personId = null) => ({ ...server.deps, actor: { userId: users[username]!, username, displayName: username, roles, personId: personId ?? server.personIds[username] ?? null } });
    // A past decision of the original case's handler: conduct 120 days ago, decided 60 days ago.
    const buf = await workbookOf(['问责案件案号*', '违法违规行为发生日期*', '处理决定日期*', '被问责人工号*', '问责方式'], [
      { '问责案件案号*': '巴住建问〔历史〕1号', '违法违规行为发生日期*': daysAgo(120), '处理决定日期*': daysAgo(60), '被问责人工号*': fx.handler.employeeNo, 问责方式: 'FL-6(1)' },
    ]);
    xlsx = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-xlsx-')), '历史处理决定.xlsx');
    fs.writeFileSync(xlsx, buf);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('FL-10(6): a past decision imported on the statistics page makes the officer’s new case recommendation cite FL-10(6)', async () => {
    const { page } = browser;
    await signIn(page, server.url, 'clerk');
    await page.goto(server.url + '/stats');
    await page.getByTestId('excel-import-decisions').click();
    await page.locator('.ant-modal input[type=file]').setInputFiles(xlsx);
    await page.getByTestId('excel-summary').filter({ hasText: '有效 1 行' }).waitFor();
    await page.getByTestId('excel-import-all').click();
    await page.getByTestId('excel-summary').filter({ hasText: '已导入 1 行' }).waitFor();
    await screenshot(page, '60-history-import', { fullPage: false });
    await page.keyboard.press('Escape');

    // A new case about the same officer, with a finding of new conduct with serious consequences.
    const clerk = ctxOf('clerk', ['clerk']);
    const today = daysAgo(0);
    const c = await createCase(clerk, {
      source: 'report',
      receivedOn: today,
      summary: '举报：某执法支队再次滥施处罚。',
      channel: 'letter',
      reporter: { anonymous: true },
      originalCaseId: fx.originalCase.id,
      subjectPersonIds: [fx.handler.id],
    });
    const deciders = ['decider', 'decider2', 'decider3'].map((d) => ctxOf(d, ['decider']));
    const actors = { clerk, leader: ctxOf('leader', ['leader']), decider: deciders[0]!, deciders, investigator: ctxOf('investigator', ['investigator']) };
    await driveCaseTo(actors, c.caseId, 'investigating', { on: today });
    const version = (await server.deps.db.kysely.selectFrom('cases').select('version').where('id', '=', c.caseId).executeTakeFirstOrThrow()).version;
    await performAction(actors.investigator, c.caseId, 'record_finding', {
      expectedVersion: version,
      subjectPersonId: fx.handler.id,
      faults: ['FL-7(2)'],
      culpability: 'intent',
      roleInOriginalCase: 'handler',
      circumstances: [],
      consequences: { harm: 'serious', influence: 'very_bad', crimeSuspected: false },
      conductDate: daysAgo(10),
      narrative: '再次滥施处罚，造成恶劣影响。',
    });
    await driveCaseTo(actors, c.caseId, 'findings_submitted', { on: today });

    await page.goto(`${server.url}/cases/${c.caseId}`);
    await page.getByRole('tab', { name: '处理建议' }).click();
    await page.getByTestId('rec-evaluate').click();
    await page.getByTestId('recommendation-panel').waitFor();
    const card = page.getByTestId(`rec-subject-${fx.handler.id}`);
    await card.getByTestId('treatment').waitFor();
    expect(await card.innerText()).toContain('FL-10(6)');
    await screenshot(page, '61-history-fl10-6', { fullPage: false });

    // the officer's profile shows the imported decision, marked as imported (issue 12 point 4)
    await page.goto(`${server.url}/registers/people/${fx.handler.id}/profile`);
    const imported = page.getByTestId('profile-imported');
    await imported.getByText('巴住建问〔历史〕1号').waitFor();
    expect(await imported.innerText()).toContain('历史导入');
    expect(await page.getByTestId('profile-cases').innerText()).toContain(c.number);
  });

  it('statistics: the imported decision is counted and marked; its figure drills down to it; the officer is a repeat subject', async () => {
    const { page } = browser;
    await page.goto(server.url + '/stats');
    const card = page.getByTestId('stats-importedByForm');
    await card.getByText('数据表').click();
    await card.getByTestId('stats-figure-importedByForm-FL-6(1)').click();
    const drill = page.getByTestId('stats-drill');
    await drill.getByText('巴住建问〔历史〕1号').waitFor();
    expect(await drill.innerText()).toContain('历史导入');
    await screenshot(page, '62-history-drill', { fullPage: false });
    await page.keyboard.press('Escape');
    const repeat = page.getByTestId('stats-repeat');
    await repeat.getByText(fx.handler.name).waitFor();
    expect(await repeat.innerText()).toContain('巴住建问〔历史〕1号');
  });
});
