// The registers through the browser: Excel import with a per-row report (nothing imported while
// a row is invalid, unless the user imports the valid rows), a person's certificates, the
// original case drawn as its approval chain and deliberation; editing a person (a stale version
// shows the conflict and reloads the form; a second record of the same officer is refused in a
// sentence, a namesake with his own number is asked the reason they are two people, FL-5(1)); updating by employee no. with a preview of the
// changes; every register and the case list export to .xlsx.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOriginalCase, makePerson, makeUnit } from '../factories/registers';
import { updatePerson } from '../../src/services/registers';
import { workbookOf } from '../factories/excel';
import { fieldId } from './ui';
import { browserAvailable, launchBrowser, screenshot, signIn, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

if (!browserAvailable) console.warn(skipReason);

describe.skipIf(!browserAvailable)('registers (browser)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let xlsx = '';
  let update = '';
  let clerkId = '';
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await makeUnit(server.deps, { name: '建筑管理科', shortCode: 'JZK' });
    await makeOriginalCase(server.deps);
    clerkId = await server.addUser('clerk', '王法制', ['clerk']);
    const buf = await workbookOf(
      ['姓名*', '单位简码*', '工号', '执法证号', '发证机关', '有效期起', '有效期止'],
      [
        { '姓名*': '赵执法', '单位简码*': 'JZK', 工号: 'E900', 执法证号: '渝执500900', 发证机关: '重庆市人民政府', 有效期起: '2024-01-01', 有效期止: '2028-12-31' },
        { '姓名*': '钱错误', '单位简码*': 'NOPE', 工号: 'E901' },
      ],
    );
    xlsx = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-xlsx-')), '人员导入.xlsx');
    fs.writeFileSync(xlsx, buf);
    update = path.join(path.dirname(xlsx), '人员更新.xlsx');
    fs.writeFileSync(
      update,
      await workbookOf(
        ['姓名*', '单位简码*', '工号', '职务'],
        [
          { '姓名*': '赵执法', '单位简码*': 'JZK', 工号: 'E900', 职务: '大队长' },
          { '姓名*': '孙新人', '单位简码*': 'JZK', 工号: 'E902' },
        ],
      ),
    );
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

  it('Registers: editing a unit in the UI renames it in the tree', async () => {
    const { page } = browser;
    await page.goto(server.url + '/registers/units');
    await page.getByTestId('unit-tree').getByText('建筑管理科').click();
    await page.getByTestId('unit-edit').click();
    const name = page.locator(`[id="${fieldId('unit-edit', 'name')}"]`);
    await expect.poll(() => name.inputValue()).toBe('建筑管理科');
    await name.fill('建筑市场管理科');
    await page.getByTestId('unit-edit-save').click();
    await page.getByTestId('unit-tree').getByText('建筑市场管理科').waitFor();
    const unit = await server.deps.db.kysely.selectFrom('units').selectAll().where('short_code', '=', 'JZK').executeTakeFirstOrThrow();
    expect(unit).toMatchObject({ name: '建筑市场管理科' });
    expect(Number(unit.version)).toBe(2);
  });

  it('Registers: editing a person in the UI saves with the version; a stale version shows the conflict and reloads the form', async () => {
    const { page } = browser;
    await page.goto(server.url + '/registers/people');
    await page.locator('.ant-table-row').filter({ hasText: 'E900' }).first().click();
    await page.getByTestId('person-edit').click();
    const post = page.locator(`[id="${fieldId('person-edit', 'post')}"]`);
    await post.waitFor();
    expect(await page.locator(`[id="${fieldId('person-edit', 'name')}"]`).inputValue()).toBe('赵执法');
    // someone else saves first
    const row = await server.deps.db.kysely.selectFrom('people').selectAll().where('employee_no', '=', 'E900').executeTakeFirstOrThrow();
    await updatePerson({ ...server.deps, actor: { userId: clerkId, username: 'clerk', displayName: '王法制', roles: ['clerk'], personId: null } }, row.id, { phone: '023-66668888' });
    await post.fill('副科长');
    await page.getByTestId('person-edit-save').click();
    await page.locator('.ant-drawer-open [role=alert]').filter({ hasText: '已被' }).first().waitFor();
    // the form now holds what is stored (the other user's phone); saving again succeeds
    await expect.poll(() => page.locator(`[id="${fieldId('person-edit', 'phone')}"]`).inputValue()).toBe('023-66668888');
    await screenshot(page, '34-person-edit-stale', { fullPage: false });
    await post.fill('副科长');
    await page.getByTestId('person-edit-save').click();
    await page.locator('.ant-table-row').filter({ hasText: '副科长' }).first().waitFor();
    const saved = await server.deps.db.kysely.selectFrom('people').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ post: '副科长', phone: '023-66668888' });
    expect(Number(saved.version)).toBe(3);
    await screenshot(page, '35-person-edited', { fullPage: false });
    await page.keyboard.press('Escape');
  });

  it('FL-5(1): renaming a person onto another record of the same officer in his unit is refused on the form with a Chinese sentence naming that record; nothing is saved', async () => {
    const { page } = browser;
    const unitId = (await server.deps.db.kysely.selectFrom('units').select('id').where('short_code', '=', 'JZK').executeTakeFirstOrThrow()).id;
    await makePerson(server.deps, { name: '周同名', unitId, employeeNo: null });
    const other = await makePerson(server.deps, { name: '周同铭', unitId, employeeNo: 'E950' });
    await page.goto(server.url + '/registers/people');
    await page.locator('.ant-table-row').filter({ hasText: 'E950' }).first().click();
    await page.getByTestId('person-edit').click();
    const name = page.locator(`[id="${fieldId('person-edit', 'name')}"]`);
    await expect.poll(() => name.inputValue()).toBe('周同铭');
    await name.fill('周 同名');
    await page.getByTestId('person-edit-save').click();
    const alert = page.locator('.ant-drawer-open .ant-alert-error').first();
    await alert.filter({ hasText: '同一人不得重复登记' }).waitFor();
    const text = (await alert.locator('.ant-alert-title, .ant-alert-message').first().innerText()).replace(/\s+/g, '');
    expect(text).toMatch(/^本单位已登记同名人员，同一人不得重复登记：“周同名”（建筑[^，]*科，无工号）。确是同名的另一人，两人均须填写各自的工号/);
    // the code only behind 技术详情; no field key or schema words
    expect(await alert.getByTestId('error-code').isVisible()).toBe(false);
    expect(await alert.innerText()).not.toMatch(/PERSON_DUPLICATE|VALIDATION|employeeNo|unitId/);
    await screenshot(page, '35b-person-same-officer', { fullPage: false });
    const stored = await server.deps.db.kysely.selectFrom('people').select(['name', 'version']).where('id', '=', other.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: '周同铭' });
    expect(Number(stored.version)).toBe(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });

  it('FL-5(1): a namesake in his unit with his own employee number is saved only with the reason they are different people, asked under its field in Chinese; the person page shows it', async () => {
    const { page } = browser;
    const unitId = (await server.deps.db.kysely.selectFrom('units').select('id').where('short_code', '=', 'JZK').executeTakeFirstOrThrow()).id;
    await makePerson(server.deps, { name: '郑同名', unitId, employeeNo: 'E960' });
    const other = await makePerson(server.deps, { name: '郑同茗', unitId, employeeNo: 'E961' });
    await page.goto(server.url + '/registers/people');
    await page.locator('.ant-table-row').filter({ hasText: 'E961' }).first().click();
    await page.getByTestId('person-edit').click();
    const name = page.locator(`[id="${fieldId('person-edit', 'name')}"]`);
    await expect.poll(() => name.inputValue()).toBe('郑同茗');
    await name.fill('郑同名');
    await page.getByTestId('person-edit-save').click();
    const asked = page.locator('.ant-drawer-open .ant-form-item-explain-error').filter({ hasText: '确认为不同人员的理由' }).first();
    await asked.waitFor();
    expect((await asked.innerText()).replace(/\s+/g, '')).toMatch(/^「确认为不同人员的理由」：本单位已登记同名人员“郑同名”（建筑[^，]*科，工号E960）：确为同名的另一人的，须填写确认为不同人员的理由/);
    expect(Number((await server.deps.db.kysely.selectFrom('people').select('version').where('id', '=', other.id).executeTakeFirstOrThrow()).version)).toBe(1);
    await page.locator(`[id="${fieldId('person-edit', 'sameNameReason')}"]`).fill('二人系不同人员，人事科核实身份证号不同');
    await page.getByTestId('person-edit-save').click();
    await page.locator('.ant-drawer-open .ant-descriptions').filter({ hasText: '二人系不同人员，人事科核实身份证号不同' }).first().waitFor();
    await screenshot(page, '35c-person-same-name-reason', { fullPage: false });
    expect(await server.deps.db.kysely.selectFrom('people').select(['name', 'same_name_reason']).where('id', '=', other.id).executeTakeFirstOrThrow()).toEqual({ name: '郑同名', same_name_reason: '二人系不同人员，人事科核实身份证号不同' });
    await page.keyboard.press('Escape');
  });

  it('Registers: importing by employee number previews old → new, then updates the person', async () => {
    const { page } = browser;
    await page.goto(server.url + '/registers/people');
    await page.getByTestId('excel-import-people').click();
    await page.getByTestId('excel-update').click();
    await page.locator('.ant-modal input[type=file]').setInputFiles(update);
    await page.getByTestId('excel-summary').filter({ hasText: '预览' }).waitFor();
    expect(await page.getByTestId('excel-summary').innerText()).toContain('新增 1，修改 1');
    const report = await page.getByTestId('excel-report').innerText();
    expect(report).toContain('修改');
    expect(report).toMatch(/职务\s*副科长\s*→\s*大队长/);
    await screenshot(page, '36-excel-update-preview', { fullPage: false });
    await page.getByTestId('excel-import-all').click();
    await page.getByTestId('excel-summary').filter({ hasText: '已导入 2 行' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-table-row').filter({ hasText: '大队长' }).first().waitFor();
  });

  it('Registers: each register and the case list download as .xlsx', async () => {
    const { page } = browser;
    for (const [url, id] of [
      ['/registers/people', 'excel-export-people'],
      ['/registers/units', 'excel-export-units'],
      ['/registers/original-cases', 'excel-export-original-cases'],
      ['/cases', 'case-list-export'],
    ] as const) {
      await page.goto(server.url + url);
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
      expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
      const saved = await file.path();
      expect(fs.readFileSync(saved).subarray(0, 2).toString()).toBe('PK');
    }
  });

  it('Registers: correcting an original case in the UI keeps its participants and shows the new title', async () => {
    const { page } = browser;
    await page.goto(server.url + '/registers/original-cases');
    await page.locator('.ant-table-row').first().click();
    await page.getByTestId('approval-chain').waitFor();
    await page.getByTestId('original-case-edit').click();
    const title = page.locator(`[id="${fieldId('original-case', 'title')}"]`);
    await expect.poll(() => title.inputValue()).not.toBe('');
    await title.fill('更正：未取得施工许可证擅自施工');
    await page.getByTestId('original-case-save').click();
    await page.locator('.ant-table-row').filter({ hasText: '更正：未取得施工许可证擅自施工' }).first().waitFor();
    const row = await server.deps.db.kysely.selectFrom('original_cases').selectAll().where('title', '=', '更正：未取得施工许可证擅自施工').executeTakeFirstOrThrow();
    expect(Number(row.version)).toBe(2);
    const participants = await server.deps.db.kysely.selectFrom('original_case_participants').select('role').where('case_id', '=', row.id).execute();
    expect(participants.length).toBeGreaterThan(3);
    await screenshot(page, '37-original-case-corrected', { fullPage: false });
  });
});
