// An error box's technical details: in Chinese the label of the code ends in a full-width colon
// (错误代码：CASE_STALE), as every Chinese label of the UI does; in English in ": ".
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { I18nProvider, type Lang } from '../i18n/i18n';
import { ApiError } from '../lib/api';
import { ErrorAlert } from './error-alert';

const error = new ApiError(409, 'CASE_STALE', '案件已被他人修改，请刷新后重试', 'The case was changed by someone else: reload and try again');

const show = (lang: Lang) =>
  render(
    <I18nProvider initial={lang}>
      <ErrorAlert error={error} />
    </I18nProvider>,
  );

describe('error box details', () => {
  it('Error box (zh): the details read 错误代码：CASE_STALE with a full-width colon', () => {
    show('zh');
    const details = screen.getByTestId('error-code').parentElement!.textContent ?? '';
    expect(details).toContain('错误代码：CASE_STALE');
    expect(details).not.toContain('错误代码:');
  });

  it('Error box (en): the details read "Error code: CASE_STALE"', () => {
    show('en');
    expect(screen.getByTestId('error-code').parentElement!.textContent).toContain('Error code: CASE_STALE');
  });
});
