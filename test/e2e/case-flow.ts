// The parts of a browser walk through one case that several e2e files share: switching the
// signed-in role, opening the case page, a failure screenshot per test, and a meeting of the
// decision body held on the case page (FL-15, WC-9(3)): the chair convenes and marks the others
// present, each member records and so confirms their own opinion (会签) with their own account,
// the chair closes.
import { beforeEach, expect } from 'vitest';
import type { Cookie, Locator, Page } from 'playwright-core';
import type { Ctx } from '../../src/services/context';
import type { DriveActors } from '../../src/services/cases';
import type { Role } from '../../src/policies/roles';
import { makeOriginalCase, makePerson, type OriginalCaseFixture } from '../factories/registers';
import { E2E_PASSWORD, screenshot, signIn, type E2EServer } from './harness';
import { choose } from './ui';

export interface Member {
  username: string;
  name: string;
}

/** What the flow reads when it runs (set in the test file's beforeAll and first steps). */
export interface FlowState {
  page: Page;
  server: E2EServer;
  caseUrl: string;
}

/** A service context for the user `username` of this server (registers the flow relies on but has no screen for). */
export function ctxOf(server: E2EServer, users: Record<string, string>, username: string, roles: Role[]): Ctx {
  return { ...server.deps, actor: { userId: users[username]!, username, displayName: username, roles, personId: server.personIds[username] ?? null } };
}

/**
 * The registers' original case and the people who drive a case through the services on this
 * server: 王法制 (clerk), 周书记 with 吴委员 and 郑委员 (the decision body, FL-15), 陈主任 (leader)
 * and 刘调查 (investigator, with a register person).
 */
export async function setupDriveActors(server: E2EServer): Promise<{ fx: OriginalCaseFixture; actors: DriveActors }> {
  const fx = await makeOriginalCase(server.deps);
  const inv = await makePerson(server.deps, { name: '刘调查' });
  const ctx = async (username: string, name: string, roles: Role[], personId: string | null = null): Promise<Ctx> => {
    const userId = await server.addUser(username, name, roles, personId);
    return { ...server.deps, actor: { userId, username, displayName: name, roles, personId: server.personIds[username] ?? null } };
  };
  const clerk = await ctx('clerk', '王法制', ['clerk']);
  const decider = await ctx('decider', '周书记', ['decider']);
  const deciders = [decider, await ctx('decider2', '吴委员', ['decider']), await ctx('decider3', '郑委员', ['decider'])];
  const actors = { clerk, leader: await ctx('leader', '陈主任', ['leader']), decider, deciders, investigator: await ctx('investigator', '刘调查', ['investigator'], inv.id) };
  return { fx, actors };
}

/** A failing test leaves a picture of the page as it was (test-results/screenshots/failed-*.png). */
export function screenshotOnFailure(page: () => Page | undefined): void {
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const p = page();
      if (!p) return;
      await p
        .screenshot({ path: `test-results/screenshots/failed-${task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}.png`, fullPage: true })
        .catch((e: unknown) => console.warn(`[e2e] failure screenshot not taken: ${String(e)}`));
    });
  });
}

export interface HoldMeetingOptions {
  /** checks on the convened meeting before attendance is marked (e.g. a recused member's row) */
  beforeAttendance?: (meeting: Locator, memberRow: (name: string) => Locator) => Promise<void>;
  /** also take `<shot>-confirmed` once every opinion is in, before the chair closes */
  shotConfirmed?: boolean;
}

export function caseFlow(state: () => FlowState, deciders: readonly Member[]) {
  const page = () => state().page;

  /**
   * Switches the browser to `username`, on a freshly loaded home page (a drawer left open by a
   * failed step must not block the next role). The first time, through the sign-in page; after
   * that, by giving the browser back that user's session cookie, as a second browser of theirs
   * would hold it (their session stays open on the server: the switch never signs anyone out).
   */
  const sessions = new Map<string, Cookie[]>();
  const as = async (username: string) => {
    const { server } = state();
    const context = page().context();
    await context.clearCookies();
    const saved = sessions.get(username);
    if (saved) {
      await context.addCookies(saved);
      await page().goto(server.url + '/');
      await page().getByTestId('user-menu').waitFor();
      await page().waitForLoadState('networkidle');
      return;
    }
    await signIn(page(), server.url, username, E2E_PASSWORD);
    sessions.set(username, await context.cookies(server.url));
  };
  const openCase = async () => {
    await page().goto(state().caseUrl);
    await page().getByTestId('case-page').waitFor();
    await page().waitForLoadState('networkidle');
  };
  const openMeetingsTab = async () => {
    await page().getByRole('tab', { name: '委党委会会议' }).click();
    await page().waitForLoadState('networkidle');
  };
  /** the newest meeting of the case (the list shows the newest first) */
  const newestMeeting = () => page().locator('.ant-card[data-testid^="meeting-"]').first();
  const memberRow = (name: string) => newestMeeting().locator('.ant-table-row').filter({ hasText: name });
  /** The signed-in member records their own opinion (which is their confirmation, 会签). */
  const recordOwnOpinion = async (name: string, fillOpinion: () => Promise<void>) => {
    await memberRow(name).getByRole('button', { name: '记录意见' }).click();
    const modal = page().locator('.ant-modal').filter({ hasText: name });
    await modal.waitFor();
    // let the dialog finish opening so the clicks land on its controls, not on a moving dialog
    await page().waitForTimeout(400);
    await fillOpinion();
    await modal.getByRole('button', { name: /提\s*交/ }).click();
    await modal.waitFor({ state: 'hidden' });
    await memberRow(name).filter({ hasText: '本人已确认' }).waitFor();
  };
  /**
   * The chair marks a member 出席. On a loaded machine a click can land on the list while it is
   * still opening and be lost (the list then stays open): the pick is made again, with the
   * keyboard, until the row shows it, at most three times.
   */
  const markPresent = async (name: string) => {
    const select = memberRow(name).locator('.ant-select');
    const open = page().locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    const shown = () => select.filter({ hasText: '出席' }).waitFor({ timeout: 3_000 }).then(() => true, () => false);
    for (let attempt = 1; ; attempt++) {
      if (attempt === 1) {
        await select.click();
        await page().waitForTimeout(150);
        await open
          .locator('.ant-select-item-option')
          .filter({ hasText: '出席' })
          .click({ timeout: 5_000 })
          .then(
            () => true,
            (e: unknown) => console.warn(`[e2e] marking ${name} 出席: the option was not clicked (${String(e).split('\n')[0]})`),
          );
      } else {
        // the keyboard: focus the control, open its list, move to 出席 and choose it
        if (await open.count()) await page().keyboard.press('Escape');
        await select.locator('input').focus();
        await page().keyboard.press('ArrowDown');
        const option = open.locator('.ant-select-item-option').filter({ hasText: '出席' }).first();
        await option.waitFor({ timeout: 5_000 });
        for (let i = 0; i < 10 && !(await option.evaluate((o) => o.classList.contains('ant-select-item-option-active'))); i++) await page().keyboard.press('ArrowDown');
        await page().keyboard.press('Enter');
      }
      if (await shown()) break;
      if (attempt === 3) throw new Error(`${name} could not be marked 出席 after three attempts`);
      console.warn(`[e2e] marking ${name} 出席: the pick did not take (attempt ${attempt})`);
    }
    // the list closes before the next row's opens (two open lists would make the next pick ambiguous)
    if (await open.count()) await page().keyboard.press('Escape');
    await open.waitFor({ state: 'detached' });
  };
  /**
   * Holds a meeting for the case's current stage: the chair (the first decider) convenes it and
   * marks the others present; each member signs in and records their own opinion; the chair
   * closes it. Ends signed in as the chair, on the case page.
   */
  const holdMeeting = async (shot: string, fillOpinion: () => Promise<void>, opts: HoldMeetingOptions = {}) => {
    const [chair, ...others] = deciders;
    if (!chair) throw new Error('a meeting needs a chair');
    await as(chair.username);
    await openCase();
    await openMeetingsTab();
    await choose(page(), 'chairUserId', chair.name);
    await page().getByTestId('meeting-convene').click();
    await newestMeeting().filter({ hasText: '进行中' }).waitFor();
    if (opts.beforeAttendance) await opts.beforeAttendance(newestMeeting(), memberRow);
    for (const m of others) await markPresent(m.name);
    await recordOwnOpinion(chair.name, fillOpinion);
    for (const m of others) {
      await as(m.username);
      await openCase();
      await openMeetingsTab();
      // a member sees the record button on their own row only (not the recorder)
      expect(await memberRow(chair.name).getByRole('button', { name: '记录意见' }).count()).toBe(0);
      await recordOwnOpinion(m.name, fillOpinion);
    }
    await as(chair.username);
    await openCase();
    await openMeetingsTab();
    if (opts.shotConfirmed) await screenshot(page(), `${shot}-confirmed`);
    await newestMeeting().getByTestId('meeting-close').click();
    await newestMeeting().filter({ hasText: '已闭会（生效）' }).waitFor();
    await screenshot(page(), shot);
  };

  return { as, openCase, openMeetingsTab, newestMeeting, memberRow, recordOwnOpinion, holdMeeting };
}
