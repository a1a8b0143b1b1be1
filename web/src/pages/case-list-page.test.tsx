// The case list's pager and filters: the page-size control changes what is asked of the server
// (it used to be shown and do nothing: the list always asked for 20), and an account that may not
// read the registers (the subject) is not offered the unit and person pickers that read them.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';

const calls: { path: string | null; query: Record<string, unknown> | undefined }[] = [];
let perms: string[] = [];
vi.mock('../lib/use-api', () => ({
  useApi: (path: string | null, query?: Record<string, unknown>) => {
    calls.push({ path, query });
    const pageSize = Number(query?.pageSize ?? 20);
    const page = Number(query?.page ?? 1);
    const items =
      path === '/api/v1/cases'
        ? Array.from({ length: pageSize }, (_, i) => ({ id: `c${i}`, number: `巴住建问〔2026〕${i + 1}号`, state: 'intake', stateLabelZh: '线索登记', stateLabelEn: 'Received', tracks: ['FL'], source: 'report', receivedOn: '2026-11-01', subjects: [], summary: null, deadlines: [], orgId: 'o1' }))
        : [];
    return { data: path === '/api/v1/cases' ? { items, total: 1000, totalCapped: true, page, pageSize } : undefined, error: null, loading: false, reload: () => {}, replace: () => {} };
  },
}));
vi.mock('../session/session', () => ({
  useSession: () => ({ me: { user: { roles: [] }, org: { scopeSize: 1 } }, can: (p: string) => perms.includes(p) }),
}));
vi.mock('../lib/legal', () => ({ useLegal: () => ({ formIds: [], forms: {} }) }));
vi.mock('../components/register-selects', () => ({
  UnitSelect: () => <span data-testid="unit-select" />,
  PersonSelect: () => <span data-testid="person-select" />,
}));

async function show(url: string) {
  const { default: CaseListPage } = await import('./case-list-page');
  return render(
    <I18nProvider initial="zh">
      <MemoryRouter initialEntries={[url]}>
        <CaseListPage />
      </MemoryRouter>
    </I18nProvider>,
  );
}
const lastListQuery = () => [...calls].reverse().find((c) => c.path === '/api/v1/cases')?.query;

describe('case list pager and filters', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await import('./case-list-page');
  }, 120_000);
  beforeEach(() => {
    calls.length = 0;
    perms = ['registers.read'];
  });

  it('Case list: choosing 50 a page asks the server for 50 from page 1, and the capped total still says "超过 1000 条"', async () => {
    await show('/cases?q=%E6%96%BD%E5%B7%A5&page=7');
    expect(lastListQuery()).toMatchObject({ q: '施工', page: '7', pageSize: 20 });
    expect(screen.getByText(/超过 1000 条/)).toBeInTheDocument();
    // the page-size changer of the pager
    const changer = document.querySelector('.ant-pagination-options .ant-select') as HTMLElement;
    expect(changer).not.toBeNull();
    fireEvent.mouseDown(changer.querySelector('input') ?? changer);
    // (the test has no antd locale provider: the option reads "50 / page"; the app's reads "50 条/页")
    fireEvent.click(await screen.findByText(/^50 (\/ page|条\/页)$/, { selector: '.ant-select-item-option-content' }));
    await waitFor(() => expect(lastListQuery()).toMatchObject({ q: '施工', page: '1', pageSize: 50 }));
    expect(document.querySelectorAll('.ant-table-row').length).toBe(50);
  });

  it('Case list: a page size in the address is used; one it does not offer falls back to 20', async () => {
    await show('/cases?pageSize=100');
    expect(lastListQuery()).toMatchObject({ pageSize: 100 });
    calls.length = 0;
    await show('/cases?pageSize=100000');
    expect(lastListQuery()).toMatchObject({ pageSize: 20 });
  });

  it('Case list: an account without registers.read (the subject) gets no unit or person picker; staff do', async () => {
    perms = [];
    const { unmount } = await show('/cases');
    expect(screen.queryByTestId('unit-select')).toBeNull();
    expect(screen.queryByTestId('person-select')).toBeNull();
    unmount();
    perms = ['registers.read'];
    await show('/cases');
    expect(screen.getByTestId('unit-select')).toBeInTheDocument();
    expect(screen.getByTestId('person-select')).toBeInTheDocument();
  });
});
