import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { I18nProvider } from '../i18n/i18n';
import { CappedCount } from './capped-count';

const show = (count: number, capped: boolean, lang: 'zh' | 'en' = 'zh') =>
  render(
    <I18nProvider initial={lang}>
      <CappedCount count={count} capped={capped} testId="n" />
    </I18nProvider>,
  );

describe('CappedCount (issue 14 point 5: queue counts capped at 999)', () => {
  it('shows an exact count as it is, without "more than"', () => {
    show(999, false);
    expect(screen.getByTestId('n').textContent).toBe('999');
    expect(screen.getByTestId('n').getAttribute('aria-label')).toBeNull();
  });

  it('shows a capped count as "999+", named "超过 999 项" in Chinese', () => {
    show(999, true);
    const el = screen.getByTestId('n');
    expect(el.textContent).toBe('999+');
    expect(el.getAttribute('aria-label')).toBe('超过 999 项');
    expect(screen.getByLabelText('超过 999 项')).toBe(el);
  });

  it('names a capped count "More than 999" in English', () => {
    show(999, true, 'en');
    expect(screen.getByTestId('n').getAttribute('aria-label')).toBe('More than 999');
  });
});
