// FL-15, the 委党委会 roster page: the legal-affairs clerk adds a member the server offers and
// takes one off — with a reason when the server says a case waits for the body, the server's own
// refusal shown on the form in Chinese — and never changes his own membership; everyone else who
// reads the registers sees the same roster read-only.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';
import { ApiError } from '../lib/api';

const ME = 'u-clerk';
const ROSTER = [
  { id: 'm1', orgId: 'o1', userId: 'u1', displayName: '何志强（委党委会）', person: { name: '何志强', unitName: '委领导', post: '副主任' }, title: '委党委委员、副主任', sortOrder: 1, onRoster: true, active: true, hasDeciderRole: true, addedAt: '2023-09-01T02:00:00.000Z', deactivatedAt: null, deactivatedByName: null, deactivationReason: null },
  { id: 'm2', orgId: 'o1', userId: ME, displayName: '刘法制（法制科）', person: { name: '刘法制', unitName: '法制科', post: '科长' }, title: null, sortOrder: 2, onRoster: true, active: true, hasDeciderRole: true, addedAt: '2024-01-02T02:00:00.000Z', deactivatedAt: null, deactivatedByName: null, deactivationReason: null },
  { id: 'm3', orgId: 'o1', userId: 'u3', displayName: '周敏（委党委会）', person: { name: '周敏', unitName: '委领导', post: '纪检组长' }, title: null, sortOrder: 3, onRoster: false, active: false, hasDeciderRole: true, addedAt: '2023-09-01T02:00:00.000Z', deactivatedAt: '2025-03-04T06:30:00.000Z', deactivatedByName: '刘法制（法制科）', deactivationReason: '调任区交通委' },
];
const CANDIDATES = [
  { userId: 'u3', displayName: '周敏（委党委会）', person: { name: '周敏', unitName: '委领导', post: '纪检组长' }, formerMember: true },
  { userId: 'u4', displayName: '陈卫东（委党委会）', person: { name: '陈卫东', unitName: '办公室', post: '主任' }, formerMember: false },
];
let awaiting = { reasonRequired: true, caseNumbers: ['巴住建问〔2025〕3号'], more: false };
let clerk = true;
const asked: string[] = [];
vi.mock('../lib/use-api', () => ({
  useApi: (url: string | null) => {
    if (url) asked.push(url);
    return {
      data: url === '/api/v1/decision-body' ? { items: ROSTER } : url === '/api/v1/decision-body/candidates' ? { items: CANDIDATES } : url === '/api/v1/decision-body/awaiting' ? awaiting : undefined,
      error: null,
      loading: false,
      reload: () => undefined,
      replace: () => undefined,
    };
  },
}));
const post = vi.fn(async (..._a: unknown[]) => ({ id: 'm9' }));
const patch = vi.fn(async (..._a: unknown[]): Promise<unknown> => ({ id: 'm1' }));
vi.mock('../lib/api', async (orig) => ({ ...(await orig<Record<string, unknown>>()), post: (...a: unknown[]) => post(...a), patch: (...a: unknown[]) => patch(...a) }));
vi.mock('../session/session', () => ({
  useSession: () => ({
    me: { user: { id: ME, username: 'fazhike', displayName: '刘法制', roles: clerk ? ['clerk', 'decider'] : ['leader'], personId: 'p' }, roleLabels: {}, permissions: [], org: { id: 'o1', name: '区住建委', shortName: '区住建委', scopeSize: 1 } },
    can: (p: string) => p === 'registers.read' || (clerk && p === 'decisionBody.manage'),
  }),
}));

async function show() {
  const { default: DecisionBodyPage } = await import('./decision-body-page');
  return render(
    <I18nProvider initial="zh">
      <App>
        <MemoryRouter>
          <DecisionBodyPage />
        </MemoryRouter>
      </App>
    </I18nProvider>,
  );
}

const dialog = async () => within(await screen.findByRole('dialog'));

describe('委党委会 roster page (FL-15)', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await import('./decision-body-page');
  }, 120_000);
  beforeEach(() => {
    clerk = true;
    awaiting = { reasonRequired: true, caseNumbers: ['巴住建问〔2025〕3号'], more: false };
    asked.length = 0;
    post.mockClear();
    patch.mockReset();
    patch.mockImplementation(async () => ({ id: 'm1' }));
  });

  it('FL-15: the roster names each member’s register person and since when, and a member taken off with who, when and why', async () => {
    await show();
    const current = screen.getByTestId('roster-current');
    expect(within(current).getByText('何志强')).toBeInTheDocument();
    expect(within(current).getAllByText('委领导').length).toBeGreaterThan(0);
    expect(within(current).getByText('委党委委员、副主任')).toBeInTheDocument();
    expect(within(current).getByText('2023年9月1日')).toBeInTheDocument();
    expect(within(current).queryByText('周敏')).toBeNull();
    const former = screen.getByTestId('roster-former');
    expect(within(former).getByText('周敏')).toBeInTheDocument();
    expect(within(former).getByText('2025年3月4日 14:30')).toBeInTheDocument();
    expect(within(former).getByText('刘法制（法制科）')).toBeInTheDocument();
    expect(screen.getByTestId('former-reason-u3').textContent).toBe('调任区交通委');
  });

  it('FL-15: the clerk adds one of the people the server offers, with the title on the body', async () => {
    await show();
    fireEvent.click(screen.getByTestId('member-add'));
    const d = await dialog();
    fireEvent.mouseDown(d.getByRole('combobox', { name: '人员' }));
    // the options are the server's candidates, named by their register person
    expect(await screen.findByTitle('周敏 · 委领导 · 纪检组长')).toBeInTheDocument();
    expect([...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent)).toEqual(['周敏 · 委领导 · 纪检组长曾为成员', '陈卫东 · 办公室 · 主任']);
    fireEvent.click(screen.getByTitle('陈卫东 · 办公室 · 主任'));
    fireEvent.change(d.getByLabelText('党委会职务'), { target: { value: '委党委委员' } });
    fireEvent.click(screen.getByTestId('member-add-ok'));
    await waitFor(() => expect(post).toHaveBeenCalledWith('/api/v1/decision-body', { userId: 'u4', title: '委党委委员' }));
  });

  it('FL-15: while a case waits for the body the clerk must give a reason to take a member off; it is sent with the change', async () => {
    awaiting = { reasonRequired: true, caseNumbers: ['巴住建问〔2025〕3号'], more: true };
    await show();
    expect(screen.getByTestId('roster-awaiting').textContent).toContain('案件巴住建问〔2025〕3号等待委党委会审议');
    fireEvent.click(screen.getByTestId('member-remove-u1'));
    const d = await dialog();
    expect(d.getByTestId('remove-awaiting').textContent).toContain('巴住建问〔2025〕3号');
    fireEvent.click(screen.getByTestId('member-remove-ok'));
    expect(await d.findByText('请填写减少理由')).toBeInTheDocument();
    expect(patch).not.toHaveBeenCalled();
    fireEvent.change(d.getByTestId('member-remove-reason'), { target: { value: '调任区交通委，不再担任委党委会成员' } });
    fireEvent.click(screen.getByTestId('member-remove-ok'));
    await waitFor(() => expect(patch).toHaveBeenCalledWith('/api/v1/decision-body/m1', { active: false, reason: '调任区交通委，不再担任委党委会成员' }));
  });

  it('FL-15: when a case came to wait since the page asked, the server’s coded refusal shows under the reason, in Chinese', async () => {
    awaiting = { reasonRequired: false, caseNumbers: [], more: false };
    patch.mockImplementation(async () => {
      throw new ApiError(400, 'VALIDATION_FAILED', '「理由」：本单位有案件待委党委会审议（巴住建问〔2025〕4号），减少成员须写明理由。', '"Reason": a case waits.', {
        fields: [{ path: 'reason', code: 'custom', zh: '「理由」：本单位有案件待委党委会审议（巴住建问〔2025〕4号），减少成员须写明理由。', en: '"Reason": a case waits.' }],
      });
    });
    await show();
    expect(screen.queryByTestId('roster-awaiting')).toBeNull();
    fireEvent.click(screen.getByTestId('member-remove-u1'));
    const d = await dialog();
    fireEvent.click(screen.getByTestId('member-remove-ok'));
    expect(await d.findByText('「减少理由」：本单位有案件待委党委会审议（巴住建问〔2025〕4号），减少成员须写明理由。')).toBeInTheDocument();
    // the box above says so in words; the code stays behind 技术详情
    expect(d.getByRole('alert').textContent).toContain('输入不符合要求：请按各项下方的提示修改（共 1 处）。');
  });

  it('FL-15: the clerk cannot take himself off — his own button is disabled and says why', async () => {
    await show();
    expect(screen.queryByTestId(`member-remove-${ME}`)).toBeNull();
    const own = screen.getByTestId(`member-remove-own-${ME}`);
    expect(within(own).getByRole('button')).toBeDisabled();
    fireEvent.mouseEnter(own);
    expect(await screen.findByText('不得变更本人的委党委会成员身份，须由其他法制科人员办理（FL-15）')).toBeInTheDocument();
  });

  it('FL-15: a role that only reads the registers sees the same roster with no way to change it, and asks nothing the clerk asks', async () => {
    clerk = false;
    await show();
    expect(screen.getByTestId('roster-read-only').textContent).toBe('只读：名册由委法制科维护');
    expect(within(screen.getByTestId('roster-current')).getByText('何志强')).toBeInTheDocument();
    expect(screen.getByTestId('former-reason-u3').textContent).toBe('调任区交通委');
    expect(screen.queryByTestId('member-add')).toBeNull();
    expect(screen.queryByTestId('member-remove-u1')).toBeNull();
    expect(screen.queryByText('操作')).toBeNull();
    expect(asked.filter((u) => u !== '/api/v1/decision-body')).toEqual([]);
  });
});
