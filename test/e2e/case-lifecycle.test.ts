// A case from intake to closure entirely through the browser, each step taken by the role that
// owns it: clerk (intake, acceptance, report to the leader, service, sending the appeal out,
// execution, closure), main leader (team), decision body (registration, FL-15, and decision,
// WC-9(3), each carried out from a closed meeting held on the case page: the chair convenes and
// records attendance, each of the three members records and so confirms their own opinion with
// their own account, the chair closes), investigator (investigation, evidence, findings), subject
// (appeal, WC-11), the outside supervisory body (decides the appeal, WC-11). The subject never
// sees the reporter's identity (FL-7(7), FL-10(3)).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeOriginalCase, makePerson, type OriginalCaseFixture } from '../factories/registers';
import { addDecisionBodyMember } from '../../src/services/meetings/meeting-service';
import { setSupervisorBody } from '../../src/services/supervision/service';
import { chinaDate } from '../../src/lib/clock';
import { browserAvailable, launchBrowser, screenshot, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';
import { caseFlow, ctxOf, screenshotOnFailure } from './case-flow';
import { caseVersion, choose, fieldId, fill, openStep, submitStep, waitForState, waitForVersion } from './ui';

if (!browserAvailable) console.warn(skipReason);

const REPORTER = { name: '张举报', phone: '13800000000', idNumber: '500113199001011234' };
/** The decision body (委党委会): 周书记 chairs; three members, so no one account makes a meeting. */
const DECIDERS = [
  { username: 'decider', name: '周书记' },
  { username: 'decider2', name: '吴委员' },
  { username: 'decider3', name: '郑委员' },
] as const;

describe.skipIf(!browserAvailable)('a case from intake to closure through the UI (browser)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let page: Page;
  let fx: OriginalCaseFixture;
  let caseUrl = '';
  const users: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    // with the app's animations on, as most users see it (the other browser tests read it at rest)
    browser = await launchBrowser({ reducedMotion: false });
    page = browser.page;
    fx = await makeOriginalCase(server.deps);
    const investigatorPerson = await makePerson(server.deps, { name: '刘调查', post: '法制员' });
    users.clerk = await server.addUser('clerk', '王法制', ['clerk']);
    users.leader = await server.addUser('leader', '陈主任', ['leader']);
    for (const d of DECIDERS) users[d.username] = await server.addUser(d.username, d.name, ['decider']);
    users.supervisor = await server.addUser('supervisor', '区司法局执法监督科', ['supervisor']);
    users.sysadmin = await server.addUser('sysadmin', '系统管理员', ['sysadmin']);
    users.secadmin = await server.addUser('secadmin', '安全管理员', ['secadmin']);
    users.investigator = await server.addUser('investigator', '刘调查', ['investigator'], investigatorPerson.id);
    users.subject = await server.addUser('subject', fx.handler.name, ['subject'], fx.handler.id);
    // The registers this flow relies on (not the flow itself): the members of the decision body,
    // and the supervisor account's body (WC-11 行政执法监督部门).
    for (const d of DECIDERS) await addDecisionBodyMember(ctxOf(server, users, 'clerk', ['clerk']), { userId: users[d.username]! });
    await setSupervisorBody(ctxOf(server, users, 'sysadmin', ['sysadmin']), users.supervisor!, { body: 'supervision', bodyName: '重庆市巴南区司法局（行政执法监督）' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  screenshotOnFailure(() => page);
  const { as, openCase, holdMeeting } = caseFlow(() => ({ page, server, caseUrl }), DECIDERS);

  it('the clerk records a named report received by letter; the receipt code is shown once', async () => {
    await as('clerk');
    await page.getByTestId('queue-page').waitFor();
    await screenshot(page, '10-queue-clerk-empty');
    await page.goto(server.url + '/intake/report');
    const f = 'intake-report';
    await choose(page, fieldId(f, 'channel'), '来信');
    await fill(page, fieldId(f, 'reporter', 'name'), REPORTER.name);
    await fill(page, fieldId(f, 'reporter', 'phone'), REPORTER.phone);
    await fill(page, fieldId(f, 'reporter', 'idNumber'), REPORTER.idNumber);
    await fill(page, fieldId(f, 'summary'), '举报：某执法支队对某建筑公司的行政处罚认定事实不清，罚款明显不当，要求追究执法人员责任。');
    await choose(page, fieldId(f, 'originalCaseId'), fx.originalCase.number, { search: '巴住建罚' });
    await choose(page, fieldId(f, 'subjectPersonIds'), fx.handler.name, { multiple: true, search: fx.handler.name });
    await screenshot(page, '11-intake-report', { fullPage: false });
    await page.getByTestId('intake-submit').click();
    const code = await page.getByTestId('receipt-code').innerText();
    expect(code.length).toBeGreaterThan(6);
    await screenshot(page, '12-intake-done');
    await page.getByTestId('open-created-case').click();
    await page.getByTestId('case-page').waitFor();
    caseUrl = page.url();
    await waitForState(page, 'intake');
  });

  it('the clerk accepts and replies (WC-9(1)); the transfer deadline is not started for a matter within competence', async () => {
    await openCase();
    await screenshot(page, '13-case-intake');
    await openStep(page, 'accept');
    await fill(page, fieldId('action-accept', 'reply'), '您的举报已受理，我委将依法调查处理。');
    await submitStep(page);
    await waitForState(page, 'accepted');
  });

  it('FL-7(7) 身份保管: the clerk asks with a reason, the security administrator approves, the clerk then sees the identity with a timer, and the read is on the timeline', async () => {
    expect(await page.getByTestId('reporter-show').count()).toBe(0);
    await page.getByTestId('reporter-request').click();
    await page.getByTestId('reporter-request-reason').fill('需电话回访举报人，核实举报细节。');
    await page.locator('.ant-modal').getByRole('button', { name: /提\s*交/ }).click();
    await page.getByTestId('reporter-request-pending').waitFor();
    await as('secadmin');
    await page.goto(server.url + '/identity-requests');
    await page.getByTestId('identity-request').filter({ hasText: '需电话回访举报人' }).waitFor();
    await screenshot(page, '13a-identity-requests');
    await page.getByTestId('identity-approve').first().click();
    await page.getByText('没有待审批的申请').waitFor();
    await as('clerk');
    await openCase();
    await page.getByTestId('reporter-timer').waitFor();
    await page.getByTestId('reporter-show').click();
    await page.getByTestId('reporter-identity').filter({ hasText: REPORTER.name }).waitFor();
    await page.getByRole('tab', { name: '办理过程' }).click();
    await page.getByTestId('timeline').getByText('查阅举报人信息').waitFor();
  });

  it('FL-15: the decision body holds a meeting (three members, each confirming their own opinion) and registers the case from it', async () => {
    await holdMeeting('13b-meeting-registration', async () => {
      /* the registration opinion defaults to 立案 */
    });
    await openStep(page, 'register');
    await choose(page, fieldId('action-register', 'meetingId'), DECIDERS[0].name);
    await fill(page, fieldId('action-register', 'note'), '委党委会会议研究决定立案。');
    await submitStep(page);
    await waitForState(page, 'registered');
  });

  it('the clerk reports to the main leader (WC-9(2))', async () => {
    await as('clerk');
    await openCase();
    await openStep(page, 'report_to_leader');
    await submitStep(page);
    await waitForState(page, 'reported');
  });

  it('the main leader appoints the investigation team (WC-9(2)); the queue shows the step waiting on them', async () => {
    await as('leader');
    await page.getByTestId('queue-page').waitFor();
    await page.getByTestId('queue-waiting-item').first().waitFor();
    expect(await page.getByTestId('count-waiting').innerText()).toContain('1');
    await screenshot(page, '14-queue-leader');
    await openCase();
    await openStep(page, 'appoint_team');
    await page.getByTestId('team-members').waitFor();
    await screenshot(page, '15-appoint-team', { fullPage: false });
    await choose(page, 'action-appoint_team_members', '刘调查', { multiple: true });
    await submitStep(page);
    await waitForState(page, 'team_appointed');
  });

  it('the investigator starts the investigation (the FL-16 60-day clock starts), records evidence with a file and a finding', async () => {
    await as('investigator');
    await openCase();
    await openStep(page, 'start_investigation');
    await submitStep(page);
    await waitForState(page, 'investigating');
    await page.getByTestId('deadline-handling').waitFor();
    // The working-day calendar is one click from the deadline, the due date marked on it.
    const calendarLink = page.getByTestId('deadline-handling').getByTestId('deadline-calendar');
    await calendarLink.click();
    await page.getByTestId('month-calendar').locator('[data-date]').first().waitFor();
    await screenshot(page, '15b-deadline-calendar', { fullPage: false });
    await calendarLink.click();
    await page.getByTestId('month-calendar').waitFor({ state: 'hidden' });

    await openStep(page, 'record_evidence');
    const ef = 'action-record_evidence';
    await choose(page, fieldId(ef, 'kind'), '询问笔录');
    await fill(page, fieldId(ef, 'title'), '对承办人的询问笔录');
    await fill(page, fieldId(ef, 'source'), '调查组询问');
    await fill(page, fieldId(ef, 'textContent'), '问：处罚决定作出前是否核实了现场情况？答：没有到现场核实。');
    await page.locator('.ant-drawer-open input[type=file]').setInputFiles({ name: '询问笔录.txt', mimeType: 'text/plain', buffer: Buffer.from('询问笔录全文：没有到现场核实。') });
    await submitStep(page);
    await page.getByRole('tab', { name: /证据/ }).click();
    // the checksum is kept behind a detail (校验值) the officer opens when needed
    await page.locator('details:has([data-testid="evidence-hash"]) summary').first().click();
    await page.getByTestId('evidence-hash').first().waitFor();
    await screenshot(page, '16-case-evidence');

    await openStep(page, 'record_finding');
    const ff = 'action-record_finding';
    await choose(page, fieldId(ff, 'subjectPersonId'), fx.handler.name);
    await choose(page, fieldId(ff, 'faults'), 'FL-7(3)', { multiple: true });
    await choose(page, fieldId(ff, 'culpability'), /^过失$/);
    await choose(page, fieldId(ff, 'roleInOriginalCase'), '承办人');
    await choose(page, fieldId(ff, 'circumstances'), 'FL-9(2)', { multiple: true });
    await fill(page, fieldId(ff, 'narrative'), '承办人未到现场核实即认定违法事实，导致处罚决定认定事实不清。');
    await screenshot(page, '17-finding-form', { fullPage: false });
    await submitStep(page);
    await page.getByRole('tab', { name: '调查认定' }).click();
    await page.getByTestId('finding').first().waitFor();

    await openStep(page, 'submit_findings');
    await fill(page, fieldId('action-submit_findings', 'summary'), '经调查，承办人未核实现场情况，处罚认定事实不清，建议依法追究过错责任。');
    await submitStep(page);
    await waitForState(page, 'findings_submitted');
  });

  it('WC-9(3): the decision body reads the recommendation with its citations, decides at a meeting, and the decision carries out the meeting’s majority', async () => {
    await as('decider');
    await openCase();
    await page.getByRole('tab', { name: '处理建议' }).click();
    await page.getByTestId('rec-evaluate').click();
    await page.getByTestId('recommendation-panel').waitFor();
    await page.getByTestId('responsibility').first().waitFor();
    await screenshot(page, '18-recommendation');

    await holdMeeting('18b-meeting-decision', () => choose(page, 'items_0_forms', 'FL-6(2)', { multiple: true }));
    await openStep(page, 'decide');
    await choose(page, fieldId('decide', 'meetingId'), DECIDERS[0].name);
    // the meeting's majority fills the forms (the server requires the decision to match it)
    await page.locator('.ant-select:has([id="decide_items_0_forms"])').filter({ hasText: 'FL-6(2)' }).waitFor();
    // FL-5(4): the decision sets the scope and channel of publication
    await choose(page, fieldId('decide', 'publicationScope'), '委内通报');
    await fill(page, fieldId('decide', 'publicationChannel'), '委内会议通报');
    await screenshot(page, '19-decision-form', { fullPage: false });
    await submitStep(page);
    await waitForState(page, 'decided');
  });

  it('the clerk serves the decision stating the rights of defence and appeal (WC-11)', async () => {
    await as('clerk');
    await openCase();
    await openStep(page, 'notify');
    await choose(page, fieldId('action-notify', 'subjectPersonId'), fx.handler.name);
    await submitStep(page);
    await waitForState(page, 'notified');
  });

  /**
   * WC-11: the subject's card lists the evidence disclosed to them a page at a time. Twenty-two
   * more disclosed items (written straight to the table: the read path is what is walked), two
   * that are not disclosed and an undisclosed correction of a disclosed one: the card shows the
   * newest page and the count, 「加载更多」 brings the rest, the undisclosed never appear, and the
   * corrected item is not marked corrected for the subject (the correction is not theirs to see).
   */
  async function subjectPagesThroughDisclosedEvidence(): Promise<void> {
    const caseId = caseUrl.split('/').pop()!;
    const card = page.getByTestId('subject-rights');
    const before = await card.getByTestId('subject-evidence').count();
    expect(before).toBeLessThan(20); // the flow's own evidence fits the first page
    const row = (i: number, disclosable: boolean, title: string, supersedes: string | null = null) => ({
      id: `e2e-ev-${i}`, case_id: caseId, kind: 'document', title, source: '调查组', collected_on: chinaDate(new Date()), description: null, text_content: null,
      file_sha256: null, file_name: null, file_size: null, mime_type: null, supersedes_id: supersedes, correction_reason: supersedes ? '原记录笔误' : null,
      recorded_by: users.investigator!, recorded_at: new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString(), disclosable: disclosable ? 1 : 0, source_person_id: null,
    });
    const rows = [
      ...Array.from({ length: 22 }, (_, i) => row(i, true, `公开材料${i + 1}`)),
      row(22, false, '内部材料甲'),
      row(23, false, '内部材料乙'),
      row(24, false, '内部更正', 'e2e-ev-0'),
    ];
    await server.deps.db.kysely.insertInto('case_evidence').values(rows).execute();
    await page.reload();
    await card.waitFor();
    const total = before + 22;
    await expect.poll(() => card.getByTestId('subject-evidence').count()).toBe(20);
    await card.getByTestId('evidence-shown').filter({ hasText: `已显示 20 条，共 ${total} 条` }).waitFor();
    await card.getByTestId('evidence-load-more').scrollIntoViewIfNeeded();
    await screenshot(page, '20a-subject-evidence-first-page', { fullPage: false });
    await card.getByTestId('evidence-load-more').click();
    // all shown: the card drops the count line and the button
    await expect.poll(() => card.getByTestId('subject-evidence').count()).toBe(total);
    expect(await card.getByTestId('evidence-shown').count()).toBe(0);
    expect(await card.getByTestId('evidence-load-more').count()).toBe(0);
    const text = await card.innerText();
    for (let i = 1; i <= 22; i++) expect(text).toContain(`公开材料${i}`);
    for (const hidden of ['内部材料甲', '内部材料乙', '内部更正']) expect(text).not.toContain(hidden);
    await card.getByText('公开材料1', { exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, '20a-subject-evidence-all-pages', { fullPage: false });
    // the evidence list the card reads: the corrected item names no correction to the subject
    const listed = await page.evaluate(async (id) => (await (await fetch(`/api/v1/cases/${id}/evidence?limit=100`)).json()) as { items: { id: string; supersededById: string | null }[] }, caseId);
    expect(listed.items.find((e) => e.id === 'e2e-ev-0')).toMatchObject({ supersededById: null });
  }

  it('the subject sees their own case, never the reporter, and files an appeal (WC-11)', async () => {
    await as('subject');
    await page.getByTestId('queue-page').waitFor();
    await openCase();
    await screenshot(page, '20-case-subject');
    for (const tab of ['概况', '办理过程', '调查认定', '处理决定']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForLoadState('networkidle');
      const text = await page.locator('body').innerText();
      expect(text).not.toContain(REPORTER.name);
      expect(text).not.toContain(REPORTER.phone);
      expect(text).not.toContain(REPORTER.idNumber);
    }
    expect(await page.getByTestId('reporter-show').count()).toBe(0);
    await subjectPagesThroughDisclosedEvidence();
    await openStep(page, 'file_defence');
    const df = 'action-file_defence';
    await choose(page, fieldId(df, 'subjectPersonId'), fx.handler.name);
    await choose(page, fieldId(df, 'kind'), '申诉');
    await choose(page, fieldId(df, 'appealBody'), '行政执法监督部门');
    await fill(page, fieldId(df, 'statement'), '本人对处理决定认定的事实有异议，现场核实系因当日暴雨无法进行。');
    await submitStep(page);
    await page.getByRole('tab', { name: /申辩/ }).click();
    await page.getByText('待处理').waitFor();
  });

  it('WC-11: the appeal goes outside — the clerk sends it, the supervision department upholds the decision, the clerk executes its decision', async () => {
    await as('clerk');
    await openCase();
    // the commission does not decide an appeal addressed to the supervision department itself
    expect(await page.getByTestId('action-decide_appeal').count()).toBe(0);
    await openStep(page, 'refer_appeal');
    const rf = 'action-refer_appeal';
    await choose(page, fieldId(rf, 'appealId'), fx.handler.name);
    await fill(page, fieldId(rf, 'letterNo'), '巴住建问移〔2026〕1号');
    await submitStep(page);

    await as('supervisor');
    await page.getByTestId('supervision-page').waitFor();
    const row = page.locator('.ant-table-row').filter({ hasText: fx.handler.name }).first();
    await row.waitFor();
    await row.locator('[data-testid^="referral-open-"]').first().click();
    const drawer = page.getByTestId('referral-drawer');
    await drawer.getByText('本人对处理决定认定的事实有异议').waitFor();
    // the snapshot sent out never carries the reporter
    const snapshot = await drawer.innerText();
    expect(snapshot).not.toContain(REPORTER.name);
    expect(snapshot).not.toContain(REPORTER.phone);
    await choose(page, 'supervision-decision_outcome', '维持');
    await fill(page, 'supervision-decision_reason', '暴雨不影响事后核实，申诉理由不能成立。');
    await page.getByTestId('supervision-submit').click();
    await drawer.locator('.ant-alert-success').filter({ hasText: '维持' }).waitFor();
    await screenshot(page, '20b-supervision-decided', { fullPage: false });

    await as('clerk');
    await openCase();
    await openStep(page, 'execute_supervision_decision');
    await choose(page, fieldId('action-execute_supervision_decision', 'appealId'), fx.handler.name);
    await submitStep(page);
  });

  it('the clerk executes the decision item by item and closes the case', async () => {
    await as('clerk');
    await openCase();
    await openStep(page, 'start_execution');
    await submitStep(page);
    await waitForState(page, 'executing');
    // One execution item at a time until the server offers closure (every item done).
    const version = () => caseVersion(page);
    for (let i = 0; i < 10; i++) {
      const step = page.getByTestId('action-complete_execution_item');
      if (!(await step.count()) || (await step.isDisabled())) break;
      const before = await version();
      await openStep(page, 'complete_execution_item');
      await choose(page, fieldId('action-complete_execution_item', 'itemId'), fx.handler.name);
      // typed execution: a written self-examination (FL-6(2)) records the day it was received …
      const received = page.locator(`[id="${fieldId('action-complete_execution_item', 'receivedOn')}"]`);
      if (await received.count()) {
        const [y, m, d] = chinaDate(new Date()).split('-').map(Number);
        await received.click();
        await received.fill(`${y}年${m}月${d}日`);
        await received.press('Enter');
        // … and where the original is kept (the server requires the link)
        await fill(page, fieldId('action-complete_execution_item', 'attachmentRef'), '巴住建问档〔2026〕1号');
      }
      await fill(page, fieldId('action-complete_execution_item', 'note'), '已执行。');
      await submitStep(page);
      await waitForVersion(page, before + 1);
    }
    await page.getByRole('tab', { name: /执行/ }).click();
    await screenshot(page, '21-execution');
    await openStep(page, 'close');
    await fill(page, fieldId('action-close', 'summary'), '处理决定已执行完毕，结案归档。');
    await submitStep(page);
    await waitForState(page, 'closed');
    await page.getByRole('tab', { name: '办理过程' }).click();
    await page.getByTestId('timeline-item').filter({ hasText: '结案归档' }).waitFor();
    await screenshot(page, '22-case-closed-timeline');
  });

  it('WC-11: after closure the subject is offered 申诉 where the defence was (a 陈述申辩 no longer), files it, and the case stays closed', async () => {
    await as('subject');
    await openCase();
    expect(await page.getByTestId('action-file_defence').count()).toBe(0);
    expect(await page.getByTestId('action-file_appeal').innerText()).toContain('申诉');
    await openStep(page, 'file_appeal');
    const af = 'action-file_appeal';
    await choose(page, fieldId(af, 'appealBody'), '行政执法监督部门');
    await fill(page, fieldId(af, 'statement'), '结案后本人仍不服处理决定，提出申诉。');
    await submitStep(page);
    await page.getByRole('tab', { name: /申辩/ }).click();
    await page.getByText('结案后本人仍不服处理决定').waitFor();
    await waitForState(page, 'closed');
    // the walk goes on as the clerk (the case list, the statistics)
    await as('clerk');
  });

  it('the case list finds the case by Chinese text (its evidence: the report text is sealed and not indexed, issue 9 §3) and by state', async () => {
    await page.goto(server.url + '/cases?q=' + encodeURIComponent('现场核实'));
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(1);
    await page.goto(server.url + '/cases?state=closed');
    await page.locator('.ant-table-row').first().waitFor();
    await screenshot(page, '23-case-list');
  });

  it('the statistics show the year’s case as charts; a chart downloads as PNG under the CSP', async () => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(server.url + '/stats');
    await page.getByTestId('stats-bySource').locator('canvas').waitFor();
    await page.getByTestId('stats-byFault').locator('canvas').waitFor();
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png-bySource').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    expect(violations).toEqual([]);
    await screenshot(page, '25-stats');
    await page.goto(server.url + '/calendar');
    await page.getByTestId('month-calendar').locator('[data-date]').first().waitFor();
    await screenshot(page, '26-calendar');
  });

  it('in English the case page keeps the Chinese legal terms', async () => {
    await openCase();
    await page.getByTestId('lang-switch').click();
    // the switch took effect: the action bar's label is in English now (a real wait: it fails if not)
    await page.getByText('Next steps').waitFor();
    await page.getByRole('tab', { name: 'Decisions' }).click();
    await screenshot(page, '24-case-en');
    await page.getByTestId('lang-switch').click();
  });
});
