// WC-11, the outside supervisory body's page: dates read as everywhere else (1 Oct 2026 /
// 2026年10月1日, not 2026-10-01) and, in English, the decision line has no Chinese brackets or
// a Chinese-only 不予追究.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';

const referral = { id: 'r1', caseNumber: '巴住建问〔2026〕1号', appellantName: '陈立新', bodyName: '区司法局', letterNo: '巴住建问移〔2026〕3号', sentOn: '2026-10-01', outcome: 'changed', outcomeOn: '2026-10-02', executedOn: '2026-10-03', letter: null };
const snapshot = {
  asOf: '2026-10-01',
  case: { number: referral.caseNumber, tracks: ['FL'], receivedOn: '2026-08-01', decidedOn: '2026-09-25', wc5: null },
  appellant: { name: '陈立新', unitName: '执法一大队', post: '执法队员' },
  findings: [],
  evidence: [{ id: 'e1', kind: 'document', title: '现场核查记录', collectedOn: '2026-09-10', fromAppellant: false }],
  decisions: [
    { seq: 1, status: 'superseded', decidedOn: '2026-09-25', forms: [], reason: null, noAccountability: true, basis: [] },
  ],
  appeal: { filedOn: '2026-09-28', statement: '请求变更' },
};
vi.mock('../lib/use-api', () => ({
  useApi: (path: string | null) => ({
    data: path === '/api/v1/supervision/referrals' ? { body: 'b', bodyName: '区司法局', items: [referral] } : path ? { ...referral, snapshot, outcomeReason: '理由', outcomeForms: null } : undefined,
    error: null,
    loading: false,
    reload: () => {},
    replace: () => {},
  }),
}));
vi.mock('../lib/legal', () => ({ useLegal: () => ({ forms: {}, formIds: [] }) }));

async function show(lang: 'zh' | 'en') {
  const { default: SupervisionPage } = await import('./supervision-page');
  return render(
    <I18nProvider initial={lang}>
      <App>
        <MemoryRouter>
          <SupervisionPage />
        </MemoryRouter>
      </App>
    </I18nProvider>,
  );
}

describe('supervision page', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await import('./supervision-page');
  }, 120_000);

  it('WC-11 (English): the list and the appeal file show dates as "1 Oct 2026" and the decision line in English', async () => {
    await show('en');
    expect(screen.getByText('1 Oct 2026')).toBeInTheDocument();
    expect(screen.getByText('3 Oct 2026')).toBeInTheDocument();
    expect(screen.queryByText('2026-10-01')).toBeNull();
    fireEvent.click(screen.getByTestId('referral-open-r1'));
    const line = await screen.findByText(/^#1 25 Sep 2026/);
    expect(line.textContent).not.toMatch(/[（）：]/);
    expect(line.textContent).toContain('No accountability');
    expect(screen.getByText(/现场核查记录 · 10 Sep 2026/)).toBeInTheDocument();
  });

  it('WC-11 (Chinese): dates read 2026年10月1日', async () => {
    await show('zh');
    expect(screen.getByText('2026年10月1日')).toBeInTheDocument();
  });
});
