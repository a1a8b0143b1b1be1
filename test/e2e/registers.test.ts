// The registers through the browser: Excel import with a per-row report (nothing imported while
// a row is invalid, unless the user imports the valid rows), a person's certificates, the
// original case drawn as its approval chain and deliberation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOriginalCase, makeUnit } from '../factories/registers';
import { workbookOf } from '../factories/excel';
import { browserAvailable, launchBrowser, screenshot, signIn, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

if (!browserAvailable) console.warn(skipReason);

describe.skipIf(!browserAvailable)('registers (browser)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let xlsx = '';
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await makeUnit(server.deps, { name: '建筑管理科', shortCode: 'JZK' });
    await makeOriginalCase(server.deps);
    await server.addUser('clerk', '王法制', ['clerk']);
    const buf = await workbookOf(
      ['姓名*', '单位简码*', '工号', '执法证号', '发证机关', '有效期起', '有效期止'],
      [
        { '姓名*': '赵执法', '单位简码*': 'JZK', 工号: 'E900', 执法证号: '渝执500900', 发证机关: '重庆市人民政府', 有效期起: '2024-01-01', 有效期止: '2028-12-31' },
        { '姓名*': '钱错误', '单位简码*': 'NOPE', 工号: 'E901' },
      ],
    );
    xlsx = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-xlsx-')), '人员导入.xlsx');
    fs.writeFileSync(xlsx, buf);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an Excel file with an invalid row imports nothing and shows the row report; "import valid rows" then imports the rest', async () => {
    const { page } = browser;
    await signIn(page, server.url, 'clerk');
    await page.goto(server.url + '/registers/people');
    await page.getByTestId('excel-import-people').click();
    await page.locator('.ant-modal input[type=file]').setInputFiles(xlsx);
    await page.getByTestId('excel-summary').filter({ hasText: '有误 1 行' }).waitFor();
    expect(await page.getByTestId('excel-summary').innerText()).toContain('未导入任何数据');
    expect(await page.getByTestId('excel-report').innerText()).toContain('NOPE');
    expect(await page.getByTestId('excel-import-all').isDisabled()).toBe(true);
    await screenshot(page, '30-excel-report', { fullPage: false });
    await page.getByTestId('excel-import-valid').click();
    await page.getByTestId('excel-summary').filter({ hasText: '已导入 1 行' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-table-row').filter({ hasText: 'E900' }).first().click();
    await page.getByTestId('certificate').filter({ hasText: '渝执500900' }).waitFor();
    expect(await page.getByTestId('certificate').innerText()).toContain('有效');
    await screenshot(page, '31-person-certificates', { fullPage: false });
  });

  it('the original case shows its approval chain and the collective deliberation with each opinion', async () => {
    const { page } = browser;
    await page.goto(server.url + '/registers/original-cases');
    await page.locator('.ant-table-row').first().click();
    await page.getByTestId('approval-chain').waitFor();
    expect(await page.getByTestId('original-case').innerText()).toContain('坚持错误意见');
    await screenshot(page, '32-original-case', { fullPage: false });
  });

  it('the units tree lists the units', async () => {
    const { page } = browser;
    await page.goto(server.url + '/registers/units');
    await page.getByTestId('unit-tree').getByText('建筑管理科').waitFor();
    await screenshot(page, '33-units');
  });
});
