// 等保2.0 安全审计 / 入侵防范 in the browser: the web app runs under the Content-Security-Policy
// with no violation, and the 安全审计员 sees a clerk's case view in the audit viewer with its
// source address, then verifies the chain from the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../../src/services/cases';
import { PERMISSIONS, ROLES, type Role } from '../../src/policies/roles';
import { makeOriginalCase } from '../factories/registers';
import { chinaDate } from '../../src/lib/clock';
import { browserAvailable, launchBrowser, screenshot, signIn, signOut, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';

if (!browserAvailable) console.warn(skipReason);

const AUDITOR_ROLE = ROLES.find((r) => (PERMISSIONS['audit.read'] as readonly Role[]).includes(r))!;

describe.skipIf(!browserAvailable)('audit viewer under the CSP (browser)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let caseId: string;
  const violations: string[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const fx = await makeOriginalCase(server.deps);
    const clerkId = await server.addUser('clerk', '王法制', ['clerk']);
    await server.addUser('auditor', '赵审计', [AUDITOR_ROLE]);
    const clerk = { ...server.deps, actor: { userId: clerkId, username: 'clerk', displayName: '王法制', roles: ['clerk'] as Role[], personId: server.personIds.clerk ?? null } };
    caseId = (
      await createCase(clerk, {
        source: 'report',
        tracks: ['FL'],
        // honest dates (FL-5(1)): received today, so no back-dating reason is needed
        receivedOn: chinaDate(new Date()),
        summary: '举报：执法人员未出示执法证件即实施检查。',
        channel: 'visit',
        reporter: { anonymous: true },
        originalCaseId: fx.originalCase.id,
        subjectPersonIds: [fx.handler.id],
      })
    ).caseId;
    browser.page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('入侵防范: the app renders the case page under the CSP with no violation reported', async () => {
    const { page } = browser;
    const csp = (await page.request.get(server.url + '/')).headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    await signIn(page, server.url, 'clerk');
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('case-number').waitFor();
    await page.getByTestId('lifecycle').waitFor();
    expect(violations).toEqual([]);
  });

  it('安全审计: the auditor finds the clerk’s case view with its source address and verifies the chain from the page', async () => {
    const { page } = browser;
    await signOut(page);
    await signIn(page, server.url, 'auditor');
    await page.goto(`${server.url}/audit`);
    await page.locator('#audit-filters_caseId').fill(caseId);
    await page.locator('#audit-filters_action').fill('case.read');
    await page.getByRole('button', { name: /搜\s*索|Search/ }).click();
    const row = page.locator('.ant-table-row').filter({ hasText: 'case.read' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('王法制');
    expect(await row.innerText()).toContain('127.0.0.1');
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verify-result').filter({ hasText: '审计链完整' }).waitFor();
    await screenshot(page, '40-audit-viewer');
    expect(violations).toEqual([]);
  });
});
