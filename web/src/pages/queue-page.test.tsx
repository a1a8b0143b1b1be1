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
  waiting: [],
  dueSoon: [],
  overdue: [],
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

describe('queue page counts (issue 14 point 5)', () => {
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
