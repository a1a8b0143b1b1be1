import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent } from '@testing-library/react';
import { I18nProvider } from '../i18n/i18n';
import { DeadlineDisplay, type DeadlineView } from './deadline-display';

const transfer = (over: Partial<DeadlineView>): DeadlineView => ({
  kind: 'transfer',
  citation: 'WC-9(1)',
  dueDate: '2025-10-10',
  provisional: false,
  dayKind: 'working',
  state: 'ok',
  daysLeft: 10,
  workingDaysLeft: 2,
  daysLate: 0,
  labelZh: '转送有权部门',
  labelEn: 'Transfer to the competent body',
  textZh: '不属于本单位受理的案件，应在受理后2日内转送有权部门处理。',
  ...over,
});

const handling = (over: Partial<DeadlineView>): DeadlineView => ({
  kind: 'handling',
  citation: 'FL-16',
  dueDate: '2025-10-04',
  provisional: false,
  dayKind: 'calendar',
  state: 'ok',
  daysLeft: 12,
  workingDaysLeft: null,
  daysLate: 0,
  ...over,
});

const renderZh = (d: DeadlineView, lang: 'zh' | 'en' = 'zh') =>
  render(
    <I18nProvider initial={lang}>
      <DeadlineDisplay d={d} />
    </I18nProvider>,
  );

describe('deadline display', () => {
  it('WC-9(1): a working-day deadline counts down in working days and shows the due date in Chinese form', () => {
    renderZh(transfer({}));
    expect(screen.getByTestId('deadline-due')).toHaveTextContent('2025年10月10日');
    expect(screen.getByTestId('deadline-countdown')).toHaveTextContent('剩余 2 个工作日');
    expect(screen.queryByTestId('deadline-provisional')).toBeNull();
  });

  it('FL-16: the 60-day handling deadline counts calendar days', () => {
    renderZh(handling({ state: 'warning', daysLeft: 7 }));
    const c = screen.getByTestId('deadline-countdown');
    expect(c).toHaveTextContent('剩余 7 天');
    expect(c).toHaveAttribute('data-state', 'warning');
  });

  it('an overdue deadline shows how many days late, not a countdown', () => {
    renderZh(handling({ state: 'overdue', daysLeft: 0, daysLate: 3 }));
    expect(screen.getByTestId('deadline-countdown')).toHaveTextContent('已逾期 3 天');
    expect(screen.getByTestId('deadline-countdown')).not.toHaveTextContent('剩余');
  });

  it('a deadline met late says by how many days; met on time says so', () => {
    const { unmount } = renderZh(transfer({ state: 'met', metOn: '2025-10-13', daysLate: 3, daysLeft: 0 }));
    expect(screen.getByTestId('deadline-countdown')).toHaveTextContent('逾期 3 天完成');
    unmount();
    renderZh(transfer({ state: 'met', metOn: '2025-10-09', daysLate: 0 }));
    expect(screen.getByTestId('deadline-countdown')).toHaveTextContent('已按期完成');
  });

  it('a due date computed without the year\'s holiday data is marked provisional, with the reason on hover', async () => {
    renderZh(transfer({ dueDate: '2027-01-05', provisional: true }));
    const mark = screen.getByTestId('deadline-provisional');
    expect(mark).toHaveTextContent('暂定');
    fireEvent.mouseEnter(mark);
    expect(await screen.findByText(/尚未载入/)).toBeInTheDocument();
  });

  it('in English the countdown is English and the provisional mark keeps 暂定', () => {
    renderZh(transfer({ state: 'due_today', daysLeft: 0, workingDaysLeft: 0, provisional: true }), 'en');
    expect(screen.getByTestId('deadline-countdown')).toHaveTextContent('Due today');
    expect(screen.getByTestId('deadline-provisional')).toHaveTextContent('Provisional (暂定)');
    expect(screen.getByTestId('deadline-due')).toHaveTextContent('10 Oct 2025');
  });
});
