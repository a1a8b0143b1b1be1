// 督办 escalation threshold (issue 12; red-team walk of 2026-12-07): the notification settings
// form offers the threshold only where the organisation sets it (a supervising organisation, for
// those below it); at a watched commission it shows the value in force, read-only, with the
// supervising organisation that sets it, and saving does not send it.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';

let data: Record<string, unknown> = {};
const put = vi.fn(async (..._a: unknown[]) => ({}));
/** the body of the next PUT, once the form has sent it (no polling deadline: the test's own timeout) */
const nextPut = (): Promise<Record<string, unknown>> =>
  new Promise((resolve) => {
    put.mockImplementationOnce(async (...a: unknown[]) => {
      resolve(a[1] as Record<string, unknown>);
      return {};
    });
  });
vi.mock('../lib/api', async (orig) => ({ ...(await orig<Record<string, unknown>>()), put: (...a: unknown[]) => put(...a) }));
vi.mock('../lib/use-api', () => ({ useApi: () => ({ data, error: null, loading: false, reload: () => undefined, replace: () => undefined }) }));
vi.mock('../session/session', () => ({ useSession: () => ({ can: () => true }) }));

const settings = (escalation: { editable: boolean; setBy: { id: string; name: string } | null }) => ({
  internalTargetDays: { accept: 3, report_to_leader: 3, appoint_team: 3, start_investigation: 3, notify: 5 },
  escalateToSupervisorAfterWorkingDays: 2,
  orgWebhookUrl: null,
  orgWebhookKinds: ['escalation'],
  appUrl: null,
  outbox: {},
  orgId: 'o1',
  inherited: false,
  escalation,
});

async function show() {
  const { SettingsForm } = await import('./notifications-page');
  return render(
    <I18nProvider initial="zh">
      <App>
        <MemoryRouter>
          <SettingsForm />
        </MemoryRouter>
      </App>
    </I18nProvider>,
  );
}

describe('notification settings: the escalation threshold (督办)', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await import('./notifications-page');
  }, 120_000);
  beforeEach(() => put.mockClear());

  it('督办 (issue 12): at a watched commission the threshold is read-only, names the supervising organisation that sets it, and is not sent on save', async () => {
    data = settings({ editable: false, setBy: { id: 'd', name: '巴南区司法局' } });
    await show();
    const item = screen.getByTestId('ntf-escalate-readonly');
    expect(item.textContent).toContain('由上级监督机关设定（巴南区司法局）');
    expect((within(item).getByRole('spinbutton') as HTMLInputElement).disabled).toBe(true);
    const sent = nextPut();
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    const body = await sent;
    expect(body).not.toHaveProperty('escalateToSupervisorAfterWorkingDays');
    expect(body).toMatchObject({ internalTargetDays: { accept: 3 } });
  });

  it('督办 (issue 12): the supervising organisation edits the threshold it sets for those below it, and saving sends it', async () => {
    data = settings({ editable: true, setBy: { id: 'd', name: '巴南区司法局' } });
    await show();
    expect(screen.queryByTestId('ntf-escalate-readonly')).toBeNull();
    const sent = nextPut();
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await sent).toMatchObject({ escalateToSupervisorAfterWorkingDays: 2 });
  });
});
