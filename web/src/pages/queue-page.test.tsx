import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';
import type { Queue } from '../case/types';
import QueuePage from './queue-page';

vi.mock('../session/session', () => ({
  useSession: () => ({ me: { user: { id: 'u1', username: 'fazhike', displayName: '法制科', roles: ['clerk'], personId: null }, roleLabels: {}, permissions: [] }, can: () => false }),
}));

// issue 14 point 5: the server stops counting at 999 — waiting is above it, overdue is exactly at it
const QUEUE: Queue = {
  userId: 'u1',
  page: 1,
  pageSize: 20,
  counts: { waiting: 999, dueSoon: 0, overdue: 999 },
  countsCapped: { waiting: true, dueSoon: false, overdue: false },
  countCap: 999,
  waiting: [{ caseId: 'c13', number: '巴住建问〔2026〕13号', state: 'registered', stateLabelZh: '已立案', actions: [{ action: 'report', labelZh: '报主要负责人', labelEn: 'Report to the main leader', citation: 'WC-9(2)' }] }],
  dueSoon: [],
  overdue: [],
  signals: [{ originalCaseId: 'o7', originalCaseNumber: '巴住建罚〔2025〕7号', title: '重庆南泉置业有限公司未取得施工许可证擅自开工案', outcomeId: 'w1', source: 'WC-5(3)', referenceNo: '巴南府复〔2025〕20号', referenceDate: '2025-03-11', issuer: '重庆市巴南区人民政府' }],
};

vi.mock('../lib/use-api', () => ({
  useApi: () => ({ data: QUEUE, error: null, loading: false, reload: () => undefined }),
}));

function show(lang: 'zh' | 'en') {
  render(
    <I18nProvider initial={lang}>
      <App>
        <MemoryRouter>
          <QueuePage />
        </MemoryRouter>
      </App>
    </I18nProvider>,
  );
}

describe('queue page counts (issue 14 point 5)', { timeout: 60_000 }, () => {
  it('a count above the cap reads "999+" and is named "超过 999 项"; one at the cap stays exact', () => {
    show('zh');
    expect(screen.getByTestId('count-waiting-value').textContent).toBe('999+');
    expect(screen.getByLabelText('超过 999 项')).toBe(screen.getByTestId('count-waiting-value'));
    expect(screen.getByTestId('count-overdue-value').textContent).toBe('999');
    expect(screen.getByTestId('count-due-value').textContent).toBe('0');
  });

  it('in English the capped count is named "More than 999"', () => {
    show('en');
    expect(screen.getByTestId('count-waiting-value').getAttribute('aria-label')).toBe('More than 999');
  });
});

// Walking the clerk's queue at 1366×768: the WC-5 signals gave their dates as 2025-03-11 where
// every other date of the page reads 2025年3月11日, and the Chinese label ended in an ASCII colon
// (可办理的步骤:).
describe('queue page wording', { timeout: 60_000 }, () => {
  it('Queue (WC-5 signals): the decision date reads 2025年3月11日 in Chinese, never 2025-03-11', () => {
    show('zh');
    const zh = screen.getByTestId('queue-signal').textContent ?? '';
    expect(zh).toContain('2025年3月11日');
    expect(zh).not.toContain('2025-03-11');
  });

  it('Queue (waiting on me): the Chinese label ends in a full-width colon (可办理的步骤：), the English one in a colon', () => {
    show('zh');
    expect(screen.getByTestId('queue-waiting-item').textContent).toContain('可办理的步骤：');
    expect(screen.getByTestId('queue-waiting-item').textContent).not.toContain('可办理的步骤:');
  });

  it('Queue (English): the signal date is 11 Mar 2025 and the label reads "Steps you can take:"', () => {
    show('en');
    expect(screen.getByTestId('queue-signal').textContent).toContain('11 Mar 2025');
    expect(screen.getByTestId('queue-waiting-item').textContent).toContain('Steps you can take:');
  });
});
