// issue 11: the header's organisation switcher — shown only to an account of several
// organisations, with the one the session acts in selected; choosing another posts the switch.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';

type Org = { id: string; name: string; shortName: string; roles: string[]; current: boolean };
let orgs: Org[] = [];
const refresh = vi.fn(async () => undefined);
const post = vi.fn(async () => ({ orgId: 'o2' }));
vi.mock('../session/session', () => ({
  useSession: () => ({ me: { user: { id: 'u', username: 'u', displayName: 'u', roles: ['clerk'], personId: null }, roleLabels: {}, permissions: [], org: orgs.find((o) => o.current) ?? null, orgs }, can: () => false, refresh }),
}));
vi.mock('../lib/api', () => ({ post: (...a: unknown[]) => post(...(a as [])) }));

async function show() {
  const { OrgSwitcher } = await import('./app-layout');
  return render(
    <I18nProvider initial="zh">
      <App>
        <MemoryRouter>
          <OrgSwitcher />
        </MemoryRouter>
      </App>
    </I18nProvider>,
  );
}

describe('organisation switcher', () => {
  // the layout module is large: loaded once before the tests (slow on a busy machine)
  beforeAll(async () => {
    await import('./app-layout');
  }, 120_000);

  it('Organisations: an account of one organisation sees no switcher', async () => {
    orgs = [{ id: 'o1', name: '住建委', shortName: '区住建委', roles: ['clerk'], current: true }];
    await show();
    expect(screen.queryByTestId('org-switcher')).toBeNull();
  });

  it('Organisations: an account of several sees the current one and switches to another', async () => {
    orgs = [
      { id: 'o1', name: '住建委', shortName: '区住建委', roles: ['clerk'], current: true },
      { id: 'o2', name: '交通委', shortName: '区交通委', roles: ['investigator'], current: false },
    ];
    await show();
    const sw = screen.getByTestId('org-switcher');
    expect(sw.textContent).toContain('区住建委');
    fireEvent.mouseDown(sw.querySelector('.ant-select-selector') ?? sw);
    fireEvent.click(await screen.findByText('区交通委', { selector: '.ant-select-item-option-content' }));
    await waitFor(() => expect(post).toHaveBeenCalledWith('/api/v1/auth/org', { orgId: 'o2' }));
    await waitFor(() => expect(refresh).toHaveBeenCalled());
  });
});
