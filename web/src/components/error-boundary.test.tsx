import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { I18nProvider } from '../i18n/i18n';
import { ErrorBoundary } from './error-boundary';
import { ErrorAlert } from './error-alert';
import { ApiError } from '../lib/api';

function Broken(): never {
  throw new Error('render failed');
}

describe('never a blank page', () => {
  it('a page that fails to render shows a message with the way back', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('页面显示出错');
    expect(screen.getByText('返回首页')).toBeInTheDocument();
    spy.mockRestore();
  });

  it('a server error shows its code and both languages, the user’s first', () => {
    render(
      <I18nProvider initial="zh">
        <ErrorAlert error={new ApiError(409, 'CONFLICT_STALE', '该记录已被他人修改，请刷新后重试', 'This record was changed by someone else; reload and try again')} />
      </I18nProvider>,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('该记录已被他人修改');
    expect(alert).toHaveTextContent('This record was changed by someone else');
    expect(screen.getByTestId('error-code')).toHaveTextContent('CONFLICT_STALE');
  });
});
