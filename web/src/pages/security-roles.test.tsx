// FL-5(1): the security administrator grants roles; a casework role goes only to an account linked
// to its register person. The roles list says which accounts have none: an account without a
// role (a casework grant would be refused) plainly, one already holding a casework role (made
// before the rule: it acts on no case) in red. Administrators and outside bodies need none.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';

const users = [
  { id: 'u1', username: 'fresh', displayName: '新账号', roles: [], personId: null, disabled: false, totpEnabled: false },
  { id: 'u2', username: 'legacy', displayName: '旧账号', roles: ['investigator'], personId: null, disabled: false, totpEnabled: true },
  { id: 'u3', username: 'linked', displayName: '已关联', roles: ['decider'], personId: 'p3', disabled: false, totpEnabled: true },
  { id: 'u4', username: 'outside', displayName: '监督机关', roles: ['supervisor'], personId: null, disabled: false, totpEnabled: true },
  { id: 'u5', username: 'sys', displayName: '系统管理员', roles: ['sysadmin'], personId: null, disabled: false, totpEnabled: true },
];
vi.mock('../lib/use-api', () => ({
  useApi: (url: string) => ({ data: url === '/api/v1/users' ? { items: users } : { items: [] }, error: null, loading: false, reload: () => undefined, replace: () => undefined }),
}));
vi.mock('../session/session', () => ({ useSession: () => ({ me: { user: { id: 'sec' }, roleLabels: {} }, can: () => true }) }));

describe('security page, roles: accounts without a register person (FL-5(1))', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await import('./security-page');
  }, 120_000);

  it('FL-5(1): the security administrator sees which accounts may not take a casework role, and which hold one they cannot use', async () => {
    const { default: SecurityPage } = await import('./security-page');
    render(
      <I18nProvider initial="zh">
        <App>
          <MemoryRouter>
            <SecurityPage />
          </MemoryRouter>
        </App>
      </I18nProvider>,
    );
    expect((await screen.findByTestId('no-person-fresh')).textContent).toBe('未关联人员台账');
    expect(screen.getByTestId('no-person-legacy').textContent).toBe('未关联人员台账：不能办案');
    for (const u of ['linked', 'outside', 'sys']) expect(screen.queryByTestId(`no-person-${u}`), u).toBeNull();
  });
});
