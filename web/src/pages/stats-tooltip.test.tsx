// Statistics charts: a chart's tooltip (shown while the pointer rests on a bar or a slice) stayed on
// screen when the page scrolled under a still pointer, over whatever the scroll brought there.
// Every chart hides its tooltip as soon as the page (or any scrolling container) scrolls.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';

interface FakeChart {
  setOption: ReturnType<typeof vi.fn>;
  dispatchAction: ReturnType<typeof vi.fn>;
  on: ReturnType<typeof vi.fn>;
  el: HTMLElement;
}
const charts: FakeChart[] = [];
vi.mock('../stats/echarts', () => ({
  echarts: {
    init: (el: HTMLElement) => {
      const c = { el, setOption: vi.fn(), dispatchAction: vi.fn(), on: vi.fn(), resize: vi.fn(), dispose: vi.fn(), getDataURL: vi.fn() };
      charts.push(c);
      return c;
    },
  },
}));

const STATS = {
  year: 2026,
  asOf: '2026-12-06',
  totals: { cases: 3, open: 2, closed: 1, overdueNow: 0, medianDaysToClose: null, backdatedSteps: 0, importedDecisions: 0, campaignFiles: 0, alerts: 0 },
  tables: [
    { id: 'byState', zh: '案件状态', en: 'Case state', rows: [{ key: 'investigating', zh: '调查中', en: 'Under investigation', count: 2 }, { key: 'closed', zh: '已结案', en: 'Closed', count: 1 }] },
    { id: 'bySource', zh: '线索来源', en: 'Source', rows: [{ key: 'report', zh: '举报', en: 'Report', count: 3 }] },
  ],
};
vi.mock('../lib/use-api', () => ({
  useApi: (path: string | null) => ({ data: path === '/api/v1/stats' ? STATS : undefined, error: null, loading: false, reload: () => {}, replace: () => {} }),
}));
vi.mock('../session/session', () => ({ useSession: () => ({ me: { user: { roles: [] }, org: { scopeSize: 1 } }, can: () => false }) }));

async function show(lang: 'zh' | 'en' = 'zh') {
  const { default: StatsPage } = await import('./stats-page');
  return render(
    <I18nProvider initial={lang}>
      <MemoryRouter>
        <StatsPage />
      </MemoryRouter>
    </I18nProvider>,
  );
}

const hides = (c: FakeChart) => c.dispatchAction.mock.calls.filter(([a]) => (a as { type?: string })?.type === 'hideTip').length;

describe('statistics chart tooltips', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await import('./stats-page');
  }, 120_000);

  it('Statistics: a chart tooltip hides when the page scrolls, and when a scrolling container inside it scrolls', async () => {
    charts.length = 0;
    const { unmount } = await show();
    await waitFor(() => expect(charts).toHaveLength(2));
    expect(charts.map(hides)).toEqual([0, 0]);
    fireEvent.scroll(window);
    expect(charts.map(hides)).toEqual([1, 1]);
    // a scroll inside the page (a scrolling card or drawer) does not bubble: it is caught on the way down
    const inner = document.body.appendChild(document.createElement('div'));
    fireEvent.scroll(inner);
    expect(charts.map(hides)).toEqual([2, 2]);
    // once the charts are gone, a scroll asks nothing of them
    unmount();
    fireEvent.scroll(window);
    expect(charts.map(hides)).toEqual([2, 2]);
  });

  it('Statistics: a bar chart label cut to fit shows whole on hover and drills down like its bar', async () => {
    charts.length = 0;
    const { unmount } = await show();
    await waitFor(() => expect(charts).toHaveLength(2));
    const bar = charts[0]!; // byState: a bar chart
    expect(bar.setOption.mock.calls[0]![0].yAxis).toMatchObject({ triggerEvent: true, axisLabel: { overflow: 'truncate' } });
    const handler = (name: string) => bar.on.mock.calls.find(([n]) => n === name)![1] as (e: Record<string, unknown>) => void;
    handler('mouseover')({ componentType: 'yAxis', value: '调查中' });
    expect(bar.el.title).toBe('调查中');
    handler('mouseout')({ componentType: 'yAxis', value: '调查中' });
    expect(bar.el.hasAttribute('title')).toBe(false);
    // the pie's legend names show whole in a tooltip too
    expect(charts[1]!.setOption.mock.calls[0]![0].legend).toMatchObject({ tooltip: { show: true } });
    unmount();
  });

  it('Statistics (English): the totals line reads "Alerts: 16" with a colon and a space, not a full-width colon', async () => {
    STATS.totals.alerts = 16;
    try {
      const { container, unmount } = await show('en');
      await waitFor(() => expect(container.textContent).toContain('Alerts: 16'));
      expect(container.textContent).not.toContain('：');
      unmount();
      const zh = await show('zh');
      await waitFor(() => expect(zh.container.textContent).toContain('预警数：16'));
      zh.unmount();
    } finally {
      STATS.totals.alerts = 0;
    }
  });
});
