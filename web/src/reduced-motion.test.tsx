// WCAG 2.3.3 (animation from interactions): when the user's system asks for reduced motion, the
// app turns antd's motion off (drawers, dialogs, menus and tabs change at once) and follows the
// setting while the page is open.
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { themeFor, usePrefersReducedMotion } from './app';

type Listener = (e: MediaQueryListEvent) => void;
function mockMatchMedia(initial: boolean) {
  const listeners = new Set<Listener>();
  const mql = {
    matches: initial,
    media: '(prefers-reduced-motion: reduce)',
    addEventListener: (_: string, l: Listener) => listeners.add(l),
    removeEventListener: (_: string, l: Listener) => listeners.delete(l),
  };
  vi.stubGlobal('matchMedia', vi.fn((q: string) => ({ ...mql, media: q, matches: q === mql.media && mql.matches })));
  return {
    set(v: boolean) {
      mql.matches = v;
      for (const l of listeners) l({ matches: v } as MediaQueryListEvent);
    },
    listeners,
  };
}

function Probe() {
  return <span data-testid="probe">{usePrefersReducedMotion() ? 'reduced' : 'full'}</span>;
}

describe('reduced motion (WCAG 2.3.3)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('Reduced motion: the theme turns antd motion off only when asked, in both languages, keeping the font stack', () => {
    expect(themeFor('zh', true).token.motion).toBe(false);
    expect(themeFor('en', true).token.motion).toBe(false);
    expect(themeFor('zh').token.motion).toBeUndefined();
    expect(themeFor('en', true).token.fontFamily).toBe(themeFor('en').token.fontFamily);
    expect(themeFor('zh', true).token.colorPrimary).toBe(themeFor('zh').token.colorPrimary);
  });

  it('Reduced motion: the app reads the system setting and follows a change while open, and stops listening when gone', () => {
    const media = mockMatchMedia(true);
    const { unmount } = render(<Probe />);
    expect(screen.getByTestId('probe').textContent).toBe('reduced');
    act(() => media.set(false));
    expect(screen.getByTestId('probe').textContent).toBe('full');
    act(() => media.set(true));
    expect(screen.getByTestId('probe').textContent).toBe('reduced');
    unmount();
    expect(media.listeners.size).toBe(0);
  });
});
