// FL-5(1) 回避 is judged by register person: the system administrator's account list tags an
// account that holds a casework role without its register person (one made before the rule): it
// acts on no case until linked. An outside-body or administrator account needs no person.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';

const items = [
  { id: 'u1', username: 'legacy', displayName: '旧账号', roles: ['decider'], personId: null, disabled: false },
  { id: 'u2', username: 'linked', displayName: '已关联', roles: ['decider'], personId: 'p2', person: { name: '秦德明', unitName: '办公室', employeeNo: 'BNZJ0006' }, disabled: false },
  { id: 'u3', username: 'outside', displayName: '监督机关', roles: ['supervisor'], personId: null, disabled: false },
  { id: 'u4', username: 'sys', displayName: '系统管理员', roles: ['sysadmin'], personId: null, disabled: false },
];
vi.mock('../lib/use-api', () => ({ useApi: () => ({ data: { items }, error: null, loading: false, reload: () => undefined, replace: () => undefined }) }));
vi.mock('../session/session', () => ({ useSession: () => ({ me: { roleLabels: {} }, can: () => true }) }));

async function show() {
  const { default: UsersPage } = await import('./users-page');
  return render(
    <I18nProvider initial="zh">
      <App>
        <MemoryRouter>
          <UsersPage />
        </MemoryRouter>
      </App>
    </I18nProvider>,
  );
}

describe('users page: casework accounts without a register person (FL-5(1))', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await import('./users-page');
  }, 120_000);

  it('FL-5(1): only a casework account without its register person is tagged, and the tag says it acts on no case', async () => {
    await show();
    expect(screen.getByTestId('person-missing-legacy').textContent).toBe('未关联人员台账：不能办案');
    for (const u of ['linked', 'outside', 'sys']) expect(screen.queryByTestId(`person-missing-${u}`), u).toBeNull();
  });

  it('FL-5(1): the list names whose register record each account is linked to (name, unit, employee no.), so a wrong link shows', async () => {
    await show();
    expect(screen.getByTestId('person-of-linked').textContent).toBe('秦德明 办公室 · BNZJ0006');
    expect(screen.queryByTestId('person-of-legacy')).toBeNull();
  });
});
