// Issue 12 point 6 (drill-down): 问责方式 counts people decided (人次) — FL-6(1) reads 5 in the
// demo while the case list it links to lists 3 cases (two cases with several subjects). The
// drawer says so next to the link, so the two numbers do not look contradictory; a figure that
// counts cases (案件状态) carries no such note. The drawer pages through the server's list.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';

const asked: Record<string, unknown>[] = [];
vi.mock('../lib/use-api', () => ({
  useApi: (path: string | null, query?: Record<string, unknown>) => {
    if (query) asked.push(query);
    const page = Number(query?.page ?? 1);
    const pageSize = Number(query?.pageSize ?? 100);
    // FL-5(1): a figure of 47, two of its items in a case the reader stands aside from (byUnit in the mock)
    const withheld = query?.table === 'byUnit' ? 2 : 0;
    const count = 45;
    const items = Array.from({ length: Math.max(0, Math.min(pageSize, count - (page - 1) * pageSize)) }, (_, i) => {
      const n = (page - 1) * pageSize + i + 1;
      return { caseId: `c${n}`, decisionId: null, number: `巴住建问〔2026〕${n}号`, year: 2026, state: 'decided', subjectName: `人员${n}`, imported: false, kind: 'case', originalCaseId: null, campaignId: null, alertId: null, title: null };
    });
    return { data: path ? { year: 2026, table: query?.table, key: query?.key, zh: 'FL-6(1) 批评教育', en: 'FL-6(1) criticism', count, withheld, page, pageSize, items } : undefined, error: null, loading: false, reload: () => {}, replace: () => {} };
  },
}));

async function show(table: string, key: string) {
  const { DrillDrawer } = await import('./stats-page');
  return render(
    <I18nProvider initial="zh">
      <MemoryRouter>
        <DrillDrawer year={2026} target={{ table, key }} onClose={() => {}} />
      </MemoryRouter>
    </I18nProvider>,
  );
}

describe('statistics drill-down drawer', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await import('./stats-page');
  }, 120_000);

  it('Statistics drill-down (问责方式): the note says the figure counts people while the case list counts cases', async () => {
    await show('byForm', 'FL-6(1)');
    expect(await screen.findByTestId('stats-drill-list-link')).toHaveAttribute('href', '/cases?year=2026&form=FL-6(1)');
    expect(screen.getByTestId('stats-drill-per-person').textContent).toMatch(/人次/);
  });

  it('Statistics drill-down (案件状态): a figure of cases has the link and no note', async () => {
    await show('byState', 'decided');
    expect(await screen.findByTestId('stats-drill-list-link')).toBeInTheDocument();
    expect(screen.queryByTestId('stats-drill-per-person')).toBeNull();
  });

  it('Statistics drill-down: the pager asks the server for the next page of the list and shows its rows', async () => {
    asked.length = 0;
    await show('byState', 'decided');
    expect(asked.at(-1)).toMatchObject({ page: 1, pageSize: 20 });
    fireEvent.click(await screen.findByTitle('3'));
    await waitFor(() => expect(asked.at(-1)).toMatchObject({ page: 3, pageSize: 20 }));
    expect(screen.getByText('巴住建问〔2026〕41号')).toBeInTheDocument();
    expect(screen.getByText('巴住建问〔2026〕45号')).toBeInTheDocument();
  });

  it('FL-5(1)/FL-7(7) statistics drill-down: items withheld from the reader are counted in the figure shown and named nowhere; with none withheld there is no note', async () => {
    const { unmount } = await show('byUnit', 'u1');
    const note = await screen.findByTestId('stats-drill-withheld');
    expect(note.textContent).toContain('另有 2 项涉及您应当回避的案件');
    // the title gives the figure (the list's 45 and the 2 withheld), the pager the list
    expect(document.querySelector('.ant-drawer-title')?.textContent).toContain('（47）');
    unmount();
    await show('byState', 'decided');
    await screen.findByTestId('stats-drill');
    expect(screen.queryByTestId('stats-drill-withheld')).toBeNull();
    expect(document.querySelector('.ant-drawer-title')?.textContent).toContain('（45）');
  });
});
