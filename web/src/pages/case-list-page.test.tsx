// The case list's pager and filters: the page-size control changes what is asked of the server
// (it used to be shown and do nothing: the list always asked for 20), and an account that may not
// read the registers (the subject) is not offered the unit and person pickers that read them.
// At 1366×768 the columns the clerk works from (number, summary, state, deadlines) fit the card
// without a horizontal scroll (the deadlines used to sit behind one).
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
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

/** The window's width as antd's breakpoints (matchMedia) see it. */
let screenWidth = 1366;
const realMatchMedia = window.matchMedia;
function emulateWidth(width: number): void {
  screenWidth = width;
  window.matchMedia = ((query: string) => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    const max = /max-width:\s*(\d+)px/.exec(query);
    const matches = (!min || screenWidth >= Number(min[1])) && (!max || screenWidth <= Number(max[1]));
    return { matches, media: query, onchange: null, addListener: () => {}, removeListener: () => {}, addEventListener: () => {}, removeEventListener: () => {}, dispatchEvent: () => false };
  }) as typeof window.matchMedia;
}
/**
 * What the table has inside its card at 1366 px: the window less the sider (216), the page's
 * padding (2 × 20), the card's padding and border (2 × 25) and the page's vertical scrollbar (15).
 */
const ROOM_AT_1366 = 1366 - 216 - 40 - 50 - 15;

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

describe('case list at 1366×768', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await import('./case-list-page');
  }, 120_000);
  beforeEach(() => {
    perms = ['registers.read'];
  });
  afterEach(() => {
    window.matchMedia = realMatchMedia;
  });

  const headers = () => Array.from(document.querySelectorAll('.ant-table-thead th')).map((th) => th.textContent ?? '');
  /** the width the table asks for: its scroll width when it has one, else the sum of its fixed columns */
  const tableWidth = () => {
    const table = document.querySelector('.ant-table table') as HTMLTableElement;
    const declared = parseFloat(table.style.width || table.style.minWidth || '0') || 0;
    const cols = Array.from(table.querySelectorAll('colgroup col')).reduce((n, c) => n + (parseFloat((c as HTMLElement).style.width) || 0), 0);
    return Math.max(declared, cols);
  };

  it('Case list (1366×768): number, summary, state and deadlines are all shown and the table asks for no more width than the card has', async () => {
    emulateWidth(1366);
    await show('/cases');
    await waitFor(() => expect(headers()).toEqual(expect.arrayContaining(['案件编号', '线索内容', '状态', '期限'])));
    expect(tableWidth()).toBeGreaterThan(0);
    expect(tableWidth()).toBeLessThanOrEqual(ROOM_AT_1366);
  });

  it('Case list (1920 px): the tracks, source and date received come back as columns', async () => {
    emulateWidth(1920);
    await show('/cases');
    await waitFor(() => expect(headers()).toEqual(expect.arrayContaining(['案件编号', '状态', '适用办法', '来源', '收到日期', '被调查人', '线索内容', '期限'])));
  });
});
