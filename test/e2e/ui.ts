// Small helpers to drive antd controls the way a user does: open a select and click the
// option, fill a field by its form id, open a case step and submit it.
import type { Page } from 'playwright-core';

/** antd form field ids are `<form name>_<field path joined by _>`. */
export const fieldId = (form: string, ...path: (string | number)[]): string => `${form}_${path.join('_')}`;

const css = (id: string): string => `[id="${id}"]`;

export async function fill(page: Page, id: string, value: string): Promise<void> {
  await page.locator(css(id)).fill(value);
}

/**
 * Close an open select list without closing the drawer it is in: Escape on a list that has already
 * closed by itself reaches the drawer, which closes, and the rest of the form is gone. Inside a
 * drawer the list is closed by a click on the drawer's title (a click outside the list); elsewhere
 * by Escape, and only while a list is open.
 */
async function closeList(page: Page): Promise<void> {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  if (!(await open.count())) return;
  const title = page.locator('.ant-drawer-open .ant-drawer-title').first();
  if (await title.count()) await title.click();
  else await page.keyboard.press('Escape');
  await open.first().waitFor({ state: 'hidden', timeout: 5_000 }).catch((e: unknown) => console.warn(`[e2e] a select list stayed open: ${String(e)}`));
}

/** With the list of this select open and its input focused: ArrowDown until the active option is the one wanted, then Enter. */
async function pickByKeyboard(page: Page, id: string, text: string | RegExp): Promise<boolean> {
  const input = page.locator(css(id));
  const active = page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden):has(${css(`${id}_list`)}) .ant-select-item-option-active`).first();
  const wanted = (t: string) => (typeof text === 'string' ? t.includes(text) : text.test(t.trim()));
  for (let i = 0; i < 60; i++) {
    const now = (await active.count()) ? await active.innerText() : '';
    if (wanted(now)) {
      await input.press('Enter');
      return true;
    }
    await input.press('ArrowDown');
  }
  return false;
}

/** Open the select with this input id and click the option containing `text`. */
export async function choose(page: Page, id: string, text: string | RegExp, opts: { multiple?: boolean; search?: string } = {}): Promise<void> {
  const input = page.locator(css(id));
  const shown = page.locator(`.ant-select:has(${css(id)})`).filter({ hasText: text }).first();
  // On the loaded machine a click can land while the list is still moving and be lost: the
  // choice must show in the control before the test moves on, else the pick is tried again
  // (only when it did not take, so a multiple select is never toggled off), at most three times.
  // The option is looked for in this select's own list (antd gives it the id `<input id>_list`):
  // another list still closing on a loaded machine could hold an option with the same text.
  const list = page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden):has(${css(`${id}_list`)})`).first();
  for (let attempt = 1; ; attempt++) {
    // a click on the control of a list left open by the last attempt would close it
    if (attempt === 1 || !(await list.isVisible())) await input.click();
    else await input.focus();
    if (opts.search) await input.fill(opts.search);
    const option = list.locator('.ant-select-item-option').filter({ hasText: text }).first();
    await option.waitFor();
    if (attempt > 1) {
      // A pick the mouse lost is made again with the keyboard, as a keyboard user does: the
      // arrow keys move the list's active option to it, Enter chooses it.
      if (await pickByKeyboard(page, id, text)) {
        if (opts.multiple) await closeList(page);
        if (await shown.waitFor({ timeout: 3_000 }).then(() => true, () => false)) return;
      }
      console.warn(`[e2e] choose ${id}: "${String(text)}" was not chosen with the keyboard either (attempt ${attempt})`);
    }
    // Let the dropdown finish opening so the click lands on the option, not on a moving list.
    await page.waitForTimeout(150);
    // A list that closed before the click (focus moved, an animation ended) is opened again on
    // the next attempt rather than waited on for the whole click timeout.
    const clicked = await option.click({ timeout: 5_000 }).then(
      () => true,
      (e: unknown) => {
        if (attempt >= 3) throw e;
        console.warn(`[e2e] choose ${id}: the option "${String(text)}" could not be clicked (attempt ${attempt}); opening the list again: ${String(e).split('\n').slice(0, 12).join(' | ')}`);
        return false;
      },
    );
    if (!clicked) {
      await closeList(page);
      continue;
    }
    if (opts.multiple) await closeList(page);
    const took = await shown.waitFor({ timeout: 3_000 }).then(
      () => true,
      async (e: unknown) => {
        // what the control shows instead tells a lost click from a value reset by the form
        const showing = await page.locator(`.ant-select:has(${css(id)})`).first().innerText({ timeout: 1_000 }).catch((err: unknown) => `(unreadable: ${String(err)})`);
        console.warn(`[e2e] choose ${id}: "${String(text)}" did not show after the click (attempt ${attempt}); the control shows "${showing}"`);
        if (attempt >= 3) throw e;
        return false;
      },
    );
    if (took) return;
  }
}

/** Open a step from the case page's action bar (only present when the server allows it). */
export async function openStep(page: Page, action: string): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  await page.locator('.ant-drawer-open').waitFor();
}

/** Submit the open step and wait until the drawer closes (the step was accepted). */
export async function submitStep(page: Page): Promise<void> {
  await page.getByTestId('action-submit').click();
  const drawer = page.locator('.ant-drawer-open');
  // a refusal is an error box or a field error; other alerts in a drawer (a document the step
  // needs, a departure warning) are information and must not be read as a refusal
  const refused = drawer.locator('.ant-alert-error, .ant-form-item-explain-error').first();
  const outcome = await Promise.race([
    drawer.waitFor({ state: 'detached', timeout: 15_000 }).then(() => 'done' as const),
    refused.waitFor({ timeout: 15_000 }).then(() => 'refused' as const),
  ]);
  if (outcome === 'refused') {
    await page.waitForTimeout(300);
    const body = await drawer.locator('.ant-drawer-body').innerText().catch((e: unknown) => `(drawer text unreadable: ${String(e)})`);
    throw new Error(`the step was refused: ${body.slice(0, 1500)}`);
  }
  await page.waitForLoadState('networkidle');
}

export async function stateOf(page: Page): Promise<string | null> {
  return page.getByTestId('case-page').getByTestId('state-tag').first().getAttribute('data-state');
}

export async function waitForState(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="case-page"] [data-testid="state-tag"][data-state="${state}"]`).first().waitFor({ timeout: 15_000 });
}

/** The case's version, as the page holds it (the refresh button carries it; it is not shown). */
export async function caseVersion(page: Page): Promise<number> {
  return Number(await page.getByTestId('case-page').locator('[data-version]').first().getAttribute('data-version'));
}

/** Waits until the case page holds version `n` (a step was taken and the page reloaded the case). */
export async function waitForVersion(page: Page, n: number): Promise<void> {
  await page.getByTestId('case-page').locator(`[data-version="${n}"]`).first().waitFor({ state: 'attached' });
}
