// A page the role may not open (403): the notice says so in the user's words. The server's
// sentence names the permission by its key (缺少权限 stats.read), which a user must not read
// unless they open 技术详情 (issue 13 point 6: no code or key shown unless asked).
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { I18nProvider } from '../i18n/i18n';
import { ApiError } from '../lib/api';
import { LoadError } from './page-errors';

const forbidden = new ApiError(403, 'FORBIDDEN', '无权执行此操作：缺少权限 stats.read', 'Not allowed: missing permission stats.read');

function visibleText(root: HTMLElement): string {
  const copy = root.cloneNode(true) as HTMLElement;
  // what a closed <details> hides: everything but its summary
  for (const d of Array.from(copy.querySelectorAll('details:not([open])'))) for (const c of Array.from(d.children)) if (c.tagName !== 'SUMMARY') c.remove();
  return copy.textContent ?? '';
}

describe('page load errors', () => {
  it('Access (403): the notice reads 您无权访问此页面 with no permission key; the key and code wait behind 技术详情', () => {
    const { container } = render(
      <I18nProvider initial="zh">
        <LoadError error={forbidden} />
      </I18nProvider>,
    );
    const shown = visibleText(container);
    expect(shown).toContain('您无权访问此页面');
    expect(shown).not.toMatch(/stats\.read|FORBIDDEN/);
    expect(screen.getByTestId('forbidden-details')).toHaveTextContent('缺少权限 stats.read');
    expect(screen.getByTestId('error-code')).toHaveTextContent('FORBIDDEN');
  });

  it('Access (403), English: the notice reads "You may not open this page" with no permission key shown', () => {
    const { container } = render(
      <I18nProvider initial="en">
        <LoadError error={forbidden} />
      </I18nProvider>,
    );
    const shown = visibleText(container);
    expect(shown).toContain('You may not open this page');
    expect(shown).not.toMatch(/stats\.read|FORBIDDEN/);
  });
});
