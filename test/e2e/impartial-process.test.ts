// Issue 7, an impartial process through the browser: the main leader approved the original
// enforcement case, so he must stand aside (回避) and the case page tells him why; the designated
// deputy (分管负责人) appoints the team, recorded as acting for him; a member of the decision body
// who sat on the original case's collective deliberation is recused at every meeting (listed as
// 回避 with the reason) and the other three each confirm their own opinion; the decision departs
// from the recommended range and is refused until it gives a written reason, and then appears in
// the departures report; execution of 暂扣执法证 (FL-6(3)) and 调离执法岗位 (FL-6(4)) changes the
// certificate register and the person's post and unit (post history).
// Basis of recusal: FL-5(1) 实事求是、客观公正; by analogy 《行政处罚法》第四十三条.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeOriginalCase, makePerson, makeUnit, type OriginalCaseFixture } from '../factories/registers';
import { addDecisionBodyMember } from '../../src/services/meetings/meeting-service';
import { setDeputy } from '../../src/services/impartiality/service';
import { chinaDate } from '../../src/lib/clock';
import { browserAvailable, launchBrowser, screenshot, skipReason, startServer, type E2EBrowser, type E2EServer } from './harness';
import { caseFlow, ctxOf, screenshotOnFailure } from './case-flow';
import { caseVersion, choose, fieldId, fill, openStep, submitStep, waitForState, waitForVersion } from './ui';

if (!browserAvailable) console.warn(skipReason);

/** 周书记 chairs; 吴委员 and 郑委员 attend; 孙委员 sat on the original case's deliberation and is recused. */
const DECIDERS = [
  { username: 'decider', name: '周书记' },
  { username: 'decider2', name: '吴委员' },
  { username: 'decider3', name: '郑委员' },
] as const;
const RECUSED = { username: 'decider4', name: '孙委员' } as const;
const DEPARTURE_REASON = '当事人拒不整改且造成恶劣社会影响，建议范围不足以惩戒，经委党委会研究从重处理。';
const NEW_POST = '综合科科员';

const dateInput = (iso: string): string => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
const plusDays = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable)('FL-5(1) an impartial process through the UI: deputy, recused member, departure, execution reaching the registers (browser)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let page: Page;
  let fx: OriginalCaseFixture;
  let newUnitName = '';
  let caseUrl = '';
  const users: Record<string, string> = {};
  const today = chinaDate(new Date());

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = browser.page;
    fx = await makeOriginalCase(server.deps);
    newUnitName = (await makeUnit(server.deps, { name: '综合科（非执法岗位）' })).name;
    const investigatorPerson = await makePerson(server.deps, { name: '刘调查', post: '法制员' });
    users.clerk = await server.addUser('clerk', '王法制', ['clerk']);
    // The main leader is the original case's final approver: a participant in an FL-8 role.
    users.leader = await server.addUser('leader', fx.finalApprover.name, ['leader'], fx.finalApprover.id);
    users.deputy = await server.addUser('deputy', '李副主任', ['decider']);
    for (const d of DECIDERS) users[d.username] = await server.addUser(d.username, d.name, ['decider']);
    // The fourth member sat on the original case's collective deliberation.
    users[RECUSED.username] = await server.addUser(RECUSED.username, RECUSED.name, ['decider'], fx.agreedMember.id);
    users.sysadmin = await server.addUser('sysadmin', '系统管理员', ['sysadmin']);
    users.investigator = await server.addUser('investigator', '刘调查', ['investigator'], investigatorPerson.id);
    // Registers with no screen in this flow: the body's members and the designated deputy.
    for (const d of [...DECIDERS, RECUSED]) await addDecisionBodyMember(ctxOf(server, users, 'clerk', ['clerk']), { userId: users[d.username]! });
    await setDeputy(ctxOf(server, users, 'sysadmin', ['sysadmin']), { userId: users.deputy });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  screenshotOnFailure(() => page);
  const { as, openCase, holdMeeting: holdMeetingOf } = caseFlow(() => ({ page, server, caseUrl }), DECIDERS);

  /**
   * Picks an option of a single select (the meeting a step is taken on, an execution item). Like
   * `choose`, but on the loaded machine the pick may show late: it waits longer for it, and opens
   * the list again only when it is closed (a second click on an open list closes it and leaves
   * the option unclickable).
   */
  const pickOption = async (id: string, text: string | RegExp) => {
    const shown = page.locator(`.ant-select:has([id="${id}"])`).filter({ hasText: text }).first();
    // this select's own list (`<id>_list`), never another one still closing with the same text
    const open = page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden):has([id="${id}_list"])`).first();
    for (let attempt = 1; ; attempt++) {
      if (!(await open.isVisible())) await page.locator(`[id="${id}"]`).click();
      const option = open.locator('.ant-select-item-option').filter({ hasText: text }).first();
      await option.waitFor();
      await page.waitForTimeout(300);
      await option.click();
      if (await shown.waitFor({ timeout: 10_000 }).then(() => true, () => false)) return;
      if (attempt >= 3) throw new Error(`"${String(text)}" was not picked in ${id} after three tries`);
      console.warn(`[e2e] ${id}: "${String(text)}" did not show after the click (attempt ${attempt}); trying again`);
    }
  };
  const chooseMeeting = (id: string) => pickOption(id, DECIDERS[0].name);
  /** Picks a unit in a UnitSelect (an antd TreeSelect with search): by its node, else by the keyboard. */
  const pickUnit = async (id: string, name: string) => {
    const input = page.locator(`[id="${id}"]`);
    const shown = page.locator(`.ant-select:has([id="${id}"])`).filter({ hasText: name }).first();
    // the tree's own list, never a select list still closing
    const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):has(.ant-select-tree)').first();
    const took = () => shown.waitFor({ timeout: 5_000 }).then(() => true, () => false);
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (!(await open.isVisible())) await input.click();
      await input.fill(name);
      const title = open.locator('.ant-select-tree-title').filter({ hasText: name }).first();
      await title.waitFor();
      await page.waitForTimeout(300);
      await title.click();
      if (await took()) return;
      if (!(await open.isVisible())) await input.click();
      await input.press('Enter');
      if (await took()) return;
      console.warn(`[e2e] ${id}: "${name}" did not show after the pick (attempt ${attempt}); trying again`);
    }
    throw new Error(`the unit ${name} was not picked in ${id}`);
  };
  /**
   * A meeting of four members: 孙委员 is recused automatically (listed as 回避 with the reason, no
   * attendance control), the chair marks the other two present, each of the three records and so
   * confirms their own opinion with their own account, the chair closes. Ends as the chair.
   */
  const holdMeeting = (shot: string, fillOpinion: () => Promise<void>) =>
    holdMeetingOf(shot, fillOpinion, {
      shotConfirmed: true,
      beforeAttendance: async (meeting, memberRow) => {
        // the recused member: 回避 with the reason and its basis; no way to mark him present
        const recused = memberRow(RECUSED.name);
        await recused.filter({ hasText: '回避' }).waitFor();
        // FL-7(7): every ground reads the same to others
        expect(await recused.innerText()).toContain('依法应当回避');
        expect(await recused.locator('.ant-select').count()).toBe(0);
        expect(await meeting.innerText()).toContain('回避 1 人不计');
      },
    });

  it('the clerk records a report about the original case and accepts it (WC-9(1))', async () => {
    await as('clerk');
    await page.goto(server.url + '/intake/report');
    const f = 'intake-report';
    await choose(page, fieldId(f, 'channel'), '来信');
    await fill(page, fieldId(f, 'reporter', 'name'), '张举报');
    await fill(page, fieldId(f, 'reporter', 'phone'), '13800000001');
    await fill(page, fieldId(f, 'summary'), '举报：某执法支队对某建筑公司的处罚未经现场核实，认定事实不清，要求追究执法人员责任。');
    await choose(page, fieldId(f, 'originalCaseId'), fx.originalCase.number, { search: '巴住建罚' });
    await choose(page, fieldId(f, 'subjectPersonIds'), fx.handler.name, { multiple: true, search: fx.handler.name });
    await page.getByTestId('intake-submit').click();
    await page.getByTestId('receipt-code').waitFor();
    await page.getByTestId('open-created-case').click();
    await page.getByTestId('case-page').waitFor();
    caseUrl = page.url();
    await waitForState(page, 'intake');
    await openStep(page, 'accept');
    await fill(page, fieldId('action-accept', 'reply'), '您的举报已受理，我委将依法调查处理。');
    await submitStep(page);
    await waitForState(page, 'accepted');
  });

  it('FL-15 with recusal: the member who sat on the original deliberation is 回避 at the registration meeting; three members confirm; the case is registered', async () => {
    await holdMeeting('40-meeting-registration-recused', async () => {
      /* the registration opinion defaults to 立案 */
    });
    await openStep(page, 'register');
    await chooseMeeting(fieldId('action-register', 'meetingId'));
    await fill(page, fieldId('action-register', 'note'), '委党委会会议研究决定立案（孙委员回避）。');
    await submitStep(page);
    await waitForState(page, 'registered');
    await as('clerk');
    await openCase();
    await openStep(page, 'report_to_leader');
    await submitStep(page);
    await waitForState(page, 'reported');
  });

  it('FL-5(1): the main leader, who approved the original case, is not offered 指派调查组 and sees why', async () => {
    await as('leader');
    await openCase();
    const appoint = page.getByTestId('action-appoint_team');
    expect((await appoint.count()) === 0 || (await appoint.isDisabled())).toBe(true);
    const blocked = page.getByTestId('recusal-blocked');
    await blocked.waitFor();
    const why = await blocked.innerText();
    expect(why).toContain('指派调查组');
    expect(why).toContain('批准人');
    expect(why).toContain('FL-5(1)');
    await screenshot(page, '41-leader-recusal-blocked');
  });

  it('FL-5(1) deputy: the designated 分管负责人 appoints the team; the case page and the timeline record that he acts for the conflicted leader, with the reason', async () => {
    await as('deputy');
    await openCase();
    const acting = page.getByTestId('acting-for');
    await acting.waitFor();
    expect(await acting.innerText()).toContain(fx.finalApprover.name);
    await openStep(page, 'appoint_team');
    await choose(page, 'action-appoint_team_members', '刘调查', { multiple: true });
    await submitStep(page);
    await waitForState(page, 'team_appointed');
    await page.getByRole('tab', { name: '办理过程' }).click();
    const mark = page.getByTestId('timeline').getByTestId('timeline-mark-acting_for').first();
    await mark.waitFor();
    const text = await mark.innerText();
    expect(text).toContain('李副主任');
    expect(text).toContain(fx.finalApprover.name);
    expect(text).toContain('依法应当回避'); // FL-7(7): the ground reads the same to others
    expect(text).toContain('应当回避');
    await screenshot(page, '42-deputy-acting-for-timeline');
  });

  it('the investigator investigates and records a finding on the handler (FL-7(3))', async () => {
    await as('investigator');
    await openCase();
    await openStep(page, 'start_investigation');
    await submitStep(page);
    await waitForState(page, 'investigating');
    await openStep(page, 'record_finding');
    const ff = 'action-record_finding';
    await choose(page, fieldId(ff, 'subjectPersonId'), fx.handler.name);
    await choose(page, fieldId(ff, 'faults'), 'FL-7(3)', { multiple: true });
    await choose(page, fieldId(ff, 'culpability'), /^过失$/);
    await choose(page, fieldId(ff, 'roleInOriginalCase'), '承办人');
    await choose(page, fieldId(ff, 'circumstances'), 'FL-9(2)', { multiple: true });
    await fill(page, fieldId(ff, 'narrative'), '承办人未到现场核实即认定违法事实，导致处罚决定认定事实不清。');
    await submitStep(page);
    await openStep(page, 'submit_findings');
    await fill(page, fieldId('action-submit_findings', 'summary'), '经调查，承办人未核实现场情况，处罚认定事实不清，建议依法追究过错责任。');
    await submitStep(page);
    await waitForState(page, 'findings_submitted');
  });

  it('WC-9(3) departure: the meeting (one member recused) decides 暂扣执法证 and 调离执法岗位 outside the recommended range; the decision is refused without a written reason, accepted with it, and listed in the departures report', async () => {
    await as('decider');
    await openCase();
    await page.getByRole('tab', { name: '处理建议' }).click();
    await page.getByTestId('rec-evaluate').click();
    await page.getByTestId('recommendation-panel').waitFor();

    await holdMeeting('43-meeting-decision-recused', async () => {
      await choose(page, 'items_0_forms', 'FL-6(3)', { multiple: true });
      await choose(page, 'items_0_forms', 'FL-6(4)', { multiple: true });
    });
    await openStep(page, 'decide');
    await chooseMeeting(fieldId('decide', 'meetingId'));
    await choose(page, fieldId('decide', 'publicationScope'), '系统内通报');
    await fill(page, fieldId('decide', 'publicationChannel'), '系统内网');
    const forms = page.locator('.ant-select:has([id="decide_items_0_forms"])');
    await forms.filter({ hasText: 'FL-6(3)' }).filter({ hasText: 'FL-6(4)' }).waitFor();
    await page.getByTestId('departure-0').waitFor();
    // without a reason: refused, with the message in Chinese, and the case stays where it was
    await page.getByTestId('action-submit').click();
    const drawer = page.locator('.ant-drawer-open');
    await drawer.locator('.ant-form-item-explain-error').filter({ hasText: '处理方式超出建议范围，必须书面说明理由' }).waitFor();
    await screenshot(page, '44-decision-departure-refused', { fullPage: false });
    await waitForState(page, 'findings_submitted');
    await page.getByTestId('departure-reason-0').fill(DEPARTURE_REASON);
    // the refusal clears once the reason is given (else submitStep would read the old message as a new refusal)
    await drawer.locator('.ant-form-item-explain-error').waitFor({ state: 'detached' });
    // not submitStep: the departure warning stays in the drawer as an alert, which it would read as a refusal
    await page.getByTestId('action-submit').click();
    await drawer.waitFor({ state: 'detached', timeout: 30_000 });
    await waitForState(page, 'decided');

    const report = await page.request.get(`${server.url}/api/v1/reports/departures`);
    expect(report.status()).toBe(200);
    const items = ((await report.json()) as { items: { caseNumber: string; subjectName: string; departedForms: string[]; reason: string }[] }).items;
    const mine = items.filter((i) => i.subjectName === fx.handler.name);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.reason).toBe(DEPARTURE_REASON);
    expect(mine[0]!.departedForms).toEqual(expect.arrayContaining(['FL-6(3)', 'FL-6(4)']));
  });

  it('FL-6(3), FL-6(4): the clerk serves the decision and executes it; the certificate is suspended for the period and the handler moves to a non-enforcement post and unit', async () => {
    await as('clerk');
    await openCase();
    await openStep(page, 'notify');
    await choose(page, fieldId('action-notify', 'subjectPersonId'), fx.handler.name);
    // WC-11: execution follows at once only on a written waiver of the defence
    await page.locator(`[id="${fieldId('action-notify', 'defenceWaived')}"]`).click();
    await fill(page, fieldId('action-notify', 'waiverNote'), '送达回证上本人签署放弃陈述申辩');
    await submitStep(page);
    await waitForState(page, 'notified');
    await openStep(page, 'start_execution');
    await submitStep(page);
    await waitForState(page, 'executing');

    const ef = 'action-complete_execution_item';
    const version = () => caseVersion(page);
    const setDate = async (id: string, iso: string) => {
      const input = page.locator(`[id="${fieldId(ef, id)}"]`);
      await input.click();
      await input.fill(dateInput(iso));
      await input.press('Enter');
    };
    // 暂扣执法证 for thirty days from today
    let before = await version();
    await openStep(page, 'complete_execution_item');
    await pickOption(fieldId(ef, 'itemId'), /FL-6\(3\)/);
    await setDate('suspendFrom', today);
    await setDate('suspendTo', plusDays(today, 30));
    await fill(page, fieldId(ef, 'note'), '已收回执法证，暂扣三十日。');
    await screenshot(page, '45-execution-suspension', { fullPage: false });
    await submitStep(page);
    await waitForVersion(page, before + 1);
    // 调离执法岗位 to a post and unit outside enforcement
    before = await version();
    await openStep(page, 'complete_execution_item');
    await pickOption(fieldId(ef, 'itemId'), /FL-6\(4\)/);
    await fill(page, fieldId(ef, 'newPost'), NEW_POST);
    // the unit is a tree select (searchable): search for the unit and pick its node
    await pickUnit(fieldId(ef, 'newUnitId'), newUnitName);
    await fill(page, fieldId(ef, 'note'), '已调离执法岗位。');
    await submitStep(page);
    await waitForVersion(page, before + 1);
    await page.getByRole('tab', { name: /执行/ }).click();
    await screenshot(page, '46-execution-done');

    // The registers: the person's certificate is 暂扣 and the post history shows the move.
    await page.goto(server.url + '/registers/people');
    await page.locator('.ant-table-row').filter({ hasText: fx.handler.name }).first().click();
    const cert = page.getByTestId('certificate').first();
    await cert.waitFor();
    expect(await cert.innerText()).toContain('暂扣');
    const history = page.getByTestId('post-history');
    await history.filter({ hasText: NEW_POST }).waitFor();
    const moved = await history.innerText();
    expect(moved).toContain(newUnitName);
    expect(moved).toContain('执法队员');
    const drawerTitle = await page.locator('.ant-drawer-open .ant-drawer-title').innerText();
    expect(drawerTitle).toContain(newUnitName);
    expect(await page.locator('.ant-drawer-open .ant-descriptions').innerText()).toContain(NEW_POST);
    await screenshot(page, '47-person-suspended-moved', { fullPage: false });
  });
});
